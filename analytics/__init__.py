"""Pledge's SSDA903 analytics engine.

The Django-free engine that reads the statutory children-in-care return and computes the
board's indicators (../shared/brief/INDICATORS.md; definitions in docs/indicators/). It never
imports Django or the `pledge` apps (import-linter enforces it), so it runs as a library, as the
`pledge-903` command for analysts (cli.py) and in benchmarks on its own.
"""

__all__: list[str] = []
