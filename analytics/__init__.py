"""Pledge's SSDA903 analytics engine.

Reserved for the Django-free engine that reads the statutory children-in-care return, validates
it and computes the board's indicators (see ../shared/brief/INDICATORS.md and docs/indicators/).
It must never import Django or the `pledge` apps: `make imports` enforces that with import-linter,
so the engine can run as a library and a command for analysts, and be benchmarked on its own.
"""

__all__: list[str] = []
