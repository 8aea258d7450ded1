"""The catalogue: every indicator documented, every code once."""

from __future__ import annotations

from pathlib import Path

from analytics.indicators.catalogue import CATALOGUE, CORE

DOCS = Path(__file__).resolve().parents[3] / "docs" / "indicators"


def test_every_indicator_has_its_page_and_is_listed() -> None:
    listed = (DOCS / "README.md").read_text()
    for indicator in CATALOGUE:
        assert (DOCS / f"{indicator.code}.md").exists(), indicator.code
        assert f"| {indicator.code} |" in listed, indicator.code


def test_codes_are_unique_and_the_core_comes_first() -> None:
    codes = [indicator.code for indicator in CATALOGUE]
    assert len(codes) == len(set(codes))
    assert CATALOGUE[: len(CORE)] == CORE
