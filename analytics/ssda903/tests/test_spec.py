"""The spec per collection year: the base plus each year's changes (INDICATORS.md 2.3)."""

from __future__ import annotations

import pytest

from analytics.ssda903.spec import SpecError, available_years, spec_for


def test_every_year_from_2016_17_to_2026_27_has_a_spec() -> None:
    assert available_years() == list(range(2017, 2028))
    for year in available_years():
        assert spec_for(year).tables["episodes"].column_names >= {"CHILD", "DECOM", "DEC"}


@pytest.mark.parametrize(
    ("year", "code_list", "code"),
    [
        (2019, "REC", "E45"),
        (2019, "REASON_PLACE_CHANGE", "CUSTOD"),
        (2022, "ACTIV", "F4"),
        (2025, "SEX", "M"),
        (2025, "PLACE", "K3"),
        (2026, "PLACE", "Z12"),
    ],
)
def test_a_code_arrives_in_the_year_the_return_added_it(
    year: int, code_list: str, code: str
) -> None:
    assert code in spec_for(year).codes[code_list]
    assert code not in spec_for(year - 1).codes[code_list]


def test_codes_that_left_are_gone_after_and_only_after() -> None:
    assert "E43" in spec_for(2018).codes["REC"]
    assert "E43" not in spec_for(2019).codes["REC"]
    assert "F3" not in spec_for(2022).codes["ACTIV"]
    assert set(spec_for(2025).codes["SEX"]) == {"M", "F", "U"}
    assert "H5" in spec_for(2025).codes["PLACE"]  # the validator still accepts it


def test_tables_arrive_in_their_year() -> None:
    assert "sw_episodes" not in spec_for(2023).tables
    assert "sw_episodes" in spec_for(2024).tables
    assert "dolo" not in spec_for(2026).tables
    assert "dolo" in spec_for(2027).tables


def test_a_table_is_recognised_by_its_columns_in_any_order() -> None:
    spec = spec_for(2024)
    header = frozenset(["DOB", "CHILD", "SEX", "ETHNIC", "UPN", "MOTHER", "MC_DOB"])
    table = spec.table_with_columns(header)
    assert table is not None
    assert table.name == "Header"
    assert spec.table_with_columns(frozenset(["CHILD", "DOB"])) is None


def test_a_year_without_a_spec_is_a_clear_error() -> None:
    with pytest.raises(SpecError, match="no SSDA903 specification for 2014-15"):
        spec_for(2015)
    assert spec_for(2024).label == "2023-24"
