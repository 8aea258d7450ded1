"""Reading DfE's comparator files: the published samples, the shapes councils re-save them in,
and the files people upload by mistake."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from boardfiles import comparators as comparators_reader
from boardfiles.comparators import (
    ComparatorFile,
    read_comparators,
    read_statistical_neighbours,
    symbol_meaning,
    year_ending,
)
from boardfiles.problems import FileError
from tests.shared import COMPARATORS as SAMPLES

WIDE = "ees_cla_la_indicators_sample.csv"
LONG = "ees_cla_number_and_rate_per_10k_children_extract.csv"
POPULATION = "ons_population_0_17_ees_sample.csv"
POPULATION_PLAIN = "population_0_17_simple_sample.csv"
ON_31_MARCH = "Children looked after on 31 March each year"

ENGLAND, WEST_MIDLANDS = "E92000001", "E12000005"
SANDWELL, CITY_OF_LONDON, SCILLY = "E08000028", "E09000001", "E06000053"
CUMBRIA, NORTHFIELD = "E10000006", "E06000999"

HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,new_la_code,old_la_code,la_name"
)
SANDWELL_2025 = (
    "2025,Reporting year,Local authority,E92000001,England,E12000005,West Midlands,E08000028,"
    "333,Sandwell"
)


def _sample(name: str) -> ComparatorFile:
    return read_comparators(name, (SAMPLES / name).read_bytes())


def _file(*lines: str, line_end: str = "\n") -> bytes:
    return line_end.join(lines).encode()


def _one(cell: str) -> ComparatorFile:
    """A one-row wide file whose only figure column holds `cell`."""
    return read_comparators("test.csv", _file(f"{HEADER},count", f"{SANDWELL_2025},{cell}"))


def _value(file: ComparatorFile, measure: str, area: str, period: str) -> Decimal | str | None:
    found = file.get(measure, area, period)
    assert found is not None, (measure, area, period)
    return found.value if found.symbol is None else found.symbol


# The published samples


@pytest.mark.shared
def test_england_2025_children_looked_after_and_rate() -> None:
    wide = _sample(WIDE)
    england = wide.get("cla_31_march_count", ENGLAND, "2025")
    assert england is not None
    assert england.value == 81770
    assert (england.geography_level, england.area_name, england.old_la_code) == (
        "national",
        "England",
        None,
    )
    assert england.year_ending == datetime.date(2025, 3, 31)
    assert _value(wide, "cla_31_march_rate_per_10000", ENGLAND, "2025") == 67
    assert _value(wide, "cla_started_count", ENGLAND, "2025") == 32270
    assert _value(wide, "cla_ceased_count", ENGLAND, "2025") == 34450
    assert _value(wide, "population_estimate", ENGLAND, "2025") == 12183016


@pytest.mark.shared
def test_england_2024_as_revised_in_the_2025_release() -> None:
    wide = _sample(WIDE)
    assert _value(wide, "cla_31_march_count", ENGLAND, "2024") == 83530
    assert _value(wide, "cla_31_march_rate_per_10000", ENGLAND, "2024") == 69


@pytest.mark.shared
def test_wide_file_has_each_indicator_column_as_a_measure() -> None:
    wide = _sample(WIDE)
    assert wide.measures[:3] == [
        "population_estimate",
        "cla_31_march_count",
        "cla_31_march_rate_per_10000",
    ]
    assert len(wide.measures) == 12
    assert wide.periods == ["2024", "2025"]
    assert len(wide.areas) == 9
    assert len(wide.values) == 18 * 12
    assert wide.problems == []


@pytest.mark.shared
def test_regions_and_councils_have_their_codes() -> None:
    wide = _sample(WIDE)
    areas = {area.area_code: area for area in wide.areas}
    assert areas[WEST_MIDLANDS].geography_level == "regional"
    assert areas[WEST_MIDLANDS].area_name == "West Midlands"
    assert areas[SANDWELL].geography_level == "local_authority"
    assert (areas[SANDWELL].area_name, areas[SANDWELL].old_la_code) == ("Sandwell", "333")


@pytest.mark.shared
def test_northfield_symbols_where_the_readme_puts_them() -> None:
    wide = _sample(WIDE)
    assert (
        _value(wide, "care_leavers_19_to_21_information_not_known_percent", NORTHFIELD, "2025")
        == "k"
    )
    assert _value(wide, "same_carer_2_years_percent", NORTHFIELD, "2024") == "x"
    assert _value(wide, "three_or_more_placements_percent", NORTHFIELD, "2024") == "u"
    assert _value(wide, "care_leavers_19_to_21_eet_percent", NORTHFIELD, "2024") == "c"
    assert (
        _value(wide, "care_leavers_19_to_21_suitable_accommodation_percent", NORTHFIELD, "2024")
        == "c"
    )
    low = wide.get("care_leavers_19_to_21_information_not_known_percent", NORTHFIELD, "2024")
    assert low is not None
    assert (low.value, low.symbol, low.symbol_meaning) == (None, "low", "rounds to 0 but is not 0")
    assert _value(wide, "cla_31_march_count", NORTHFIELD, "2025") == 612


@pytest.mark.shared
def test_city_of_london_suppressed_and_not_applicable() -> None:
    wide = _sample(WIDE)
    count = wide.get("cla_31_march_count", CITY_OF_LONDON, "2025")
    assert count is not None
    assert (count.value, count.symbol) == (None, "c")
    assert count.symbol_meaning == "confidential: suppressed to protect individuals"
    assert _value(wide, "cla_31_march_rate_per_10000", CITY_OF_LONDON, "2025") == "c"
    assert _value(wide, "same_carer_2_years_percent", CITY_OF_LONDON, "2025") == "z"
    assert _value(wide, "same_carer_2_years_percent", CITY_OF_LONDON, "2024") == "c"
    assert _value(wide, "three_or_more_placements_percent", CITY_OF_LONDON, "2024") == "c"
    assert _value(wide, "cla_31_march_count", CITY_OF_LONDON, "2024") == 7


@pytest.mark.shared
def test_isles_of_scilly_is_not_applicable_throughout() -> None:
    wide = _sample(WIDE)
    scilly = [v for v in wide.values if v.area_code == SCILLY]
    assert {v.symbol for v in scilly if v.measure != "population_estimate"} == {"z"}
    assert _value(wide, "population_estimate", SCILLY, "2025") == 319


@pytest.mark.shared
def test_long_file_names_each_filter_and_value_column() -> None:
    long = _sample(LONG)
    assert long.measures == [
        f"{population_type}: {column}"
        for population_type in (
            "Children ceasing to be looked after each year",
            ON_31_MARCH,
            "Children starting to be looked after each year",
        )
        for column in ("population_estimate", "children_count", "rate_per_10000")
    ]
    assert _value(long, f"{ON_31_MARCH}: children_count", ENGLAND, "2025") == 81770
    assert _value(long, f"{ON_31_MARCH}: rate_per_10000", ENGLAND, "2025") == 67
    assert len(long.values) == 84 * 3
    assert long.problems == []


@pytest.mark.shared
def test_long_file_geography_columns_are_matched_by_name() -> None:
    sandwell = _sample(LONG).get(f"{ON_31_MARCH}: children_count", SANDWELL, "2025")
    assert sandwell is not None
    assert (sandwell.area_name, sandwell.old_la_code, sandwell.value) == (
        "Sandwell",
        "333",
        Decimal(816),
    )


@pytest.mark.shared
def test_long_file_symbols_for_cumbria_and_city_of_london() -> None:
    long = _sample(LONG)
    for period in ("2024", "2025"):
        assert _value(long, f"{ON_31_MARCH}: population_estimate", CUMBRIA, period) == "x"
        assert _value(long, f"{ON_31_MARCH}: children_count", CUMBRIA, period) == "z"
    assert _value(long, f"{ON_31_MARCH}: children_count", CITY_OF_LONDON, "2025") == "c"


@pytest.mark.shared
def test_long_and_wide_files_agree_where_they_overlap() -> None:
    wide, long = _sample(WIDE), _sample(LONG)
    pairs = {
        "cla_31_march_count": f"{ON_31_MARCH}: children_count",
        "cla_started_rate_per_10000": "Children starting to be looked after each year: "
        "rate_per_10000",
    }
    compared = 0
    for wide_measure, long_measure in pairs.items():
        for value in long.values:
            if value.measure == long_measure:
                other = wide.get(wide_measure, value.area_code, value.period)
                if other is not None:
                    assert (other.value, other.symbol) == (value.value, value.symbol)
                    compared += 1
    assert compared == 32  # England, the West Midlands and 6 councils, 2 years, 2 measures


@pytest.mark.shared
def test_both_population_files_give_the_same_figures() -> None:
    ees, plain = _sample(POPULATION), _sample(POPULATION_PLAIN)
    assert ees.measures == ["Children aged 0 to 17 years: population_estimate"]
    assert plain.measures == ["population_0_17"]

    def figures(file: ComparatorFile) -> set[tuple[str, str, str, Decimal | None]]:
        return {(v.geography_level, v.area_code, v.period, v.value) for v in file.values}

    assert figures(ees) == figures(plain)
    assert len(plain.values) == 21
    assert _value(plain, "population_0_17", ENGLAND, "2024") == 12183016
    assert _value(plain, "population_0_17", NORTHFIELD, "2024") == 60810


@pytest.mark.shared
def test_population_file_geography_columns_in_another_order() -> None:
    dudley = _sample(POPULATION).get(
        "Children aged 0 to 17 years: population_estimate", "E08000027", "2023"
    )
    assert dudley is not None
    assert (dudley.area_name, dudley.old_la_code, dudley.value) == ("Dudley", "332", Decimal(70105))


@pytest.mark.shared
def test_plain_file_does_not_say_when_its_year_ends() -> None:
    plain = _sample(POPULATION_PLAIN)
    assert {v.year_ending for v in plain.values} == {None}
    assert {a.area_code: a.geography_level for a in plain.areas}[WEST_MIDLANDS] == "regional"


# Symbols and periods


@pytest.mark.parametrize(
    ("symbol", "meaning"),
    [
        ("c", "confidential: suppressed to protect individuals"),
        ("z", "not applicable"),
        ("x", "not available"),
        ("k", "rounds to 0 but is not 0"),
        ("low", "rounds to 0 but is not 0"),
        ("u", "low reliability"),
        (":", "not available (an older symbol, now x)"),
        ("~", "rounds to 0 but is not 0 (an older symbol, now low)"),
    ],
)
def test_every_symbol_is_read_with_its_meaning(symbol: str, meaning: str) -> None:
    (value,) = _one(symbol).values
    assert (value.value, value.symbol, value.symbol_meaning) == (None, symbol, meaning)
    assert symbol_meaning(symbol) == meaning


def test_symbols_in_capitals_are_read() -> None:
    (value,) = _one("C").values
    assert value.symbol == "c"


@pytest.mark.parametrize(
    ("period", "identifier", "ends"),
    [
        ("2025", "Reporting year", datetime.date(2025, 3, 31)),
        ("202425", "Financial year", datetime.date(2025, 3, 31)),
        ("202425", "Academic year", datetime.date(2025, 8, 31)),
        ("202425", "Tax year", datetime.date(2025, 4, 5)),
        ("2025", "Calendar year", datetime.date(2025, 12, 31)),
        ("199900", "Financial year", datetime.date(2000, 3, 31)),
        ("2025", None, None),
        ("202425", "Spring term", None),
        ("2025", "January", None),
        ("2024/25", "Financial year", None),
    ],
)
def test_year_ending(period: str, identifier: str | None, ends: datetime.date | None) -> None:
    assert year_ending(period, identifier) == ends


def test_financial_year_period_in_a_file() -> None:
    row = SANDWELL_2025.replace("2025,Reporting year", "202425,Financial year")
    (value,) = read_comparators("spend.csv", _file(f"{HEADER},spend", f"{row},1200")).values
    assert (value.period, value.year_ending) == ("202425", datetime.date(2025, 3, 31))


def test_unreadable_period_skips_its_row() -> None:
    data = _file(
        f"{HEADER},count",
        f"{SANDWELL_2025},816",
        SANDWELL_2025.replace("2025,", "2024/25,", 1) + ",808",
    )
    file = read_comparators("test.csv", data)
    assert len(file.values) == 1
    (problem,) = file.problems
    assert (problem.where, problem.column, problem.value) == ("row 3", "time_period", "2024/25")
    assert "202425 for 2024-25" in problem.message


# Numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("816", Decimal(816)),
        ('"12,183,016"', Decimal(12183016)),
        ("12.5", Decimal("12.5")),
        ("-3", Decimal(-3)),
        ("0.25", Decimal("0.25")),
        ("54%", Decimal(54)),
        ('" 7 "', Decimal(7)),
    ],
)
def test_numbers_as_councils_resave_them(text: str, expected: Decimal) -> None:
    (value,) = _one(text).values
    assert (value.value, value.symbol) == (expected, None)


@given(
    st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False),
    st.booleans(),
)
def test_any_number_is_read_back_exactly(number: Decimal, separators: bool) -> None:
    text = f'"{number:,}"' if separators else str(number)
    (value,) = _one(text).values
    assert value.value == number


def test_garbled_cell_is_a_problem_and_the_rest_is_kept() -> None:
    data = _file(
        f"{HEADER},count,rate",
        f'{SANDWELL_2025},"12,3x",92',
        SANDWELL_2025.replace("2025", "2024", 1) + ",808,93",
    )
    file = read_comparators("test.csv", data)
    assert [(v.measure, v.period, v.value) for v in file.values] == [
        ("rate", "2025", Decimal(92)),
        ("count", "2024", Decimal(808)),
        ("rate", "2024", Decimal(93)),
    ]
    (problem,) = file.problems
    assert (problem.where, problem.column, problem.value, problem.severity) == (
        "row 2",
        "count",
        "12,3x",
        "error",
    )
    assert problem.message == (
        "12,3x is not a number or an EES symbol (c, x, z, k, low or u), so it was not read. "
        "Correct it to a number such as 12.5 or 12,300, or a symbol, and upload the file again."
    )


@pytest.mark.parametrize("text", ["12u", "12 183", "1.2.3", '"12,3"', "NaN", "(12)", "c*"])
def test_cells_that_are_not_a_number_or_a_symbol(text: str) -> None:
    data = _file(
        f"{HEADER},count",
        f"{SANDWELL_2025},{text}",
        SANDWELL_2025.replace("2025", "2024", 1) + ",808",
    )
    file = read_comparators("test.csv", data)
    assert [v.value for v in file.values] == [Decimal(808)]
    (problem,) = file.problems
    assert (problem.where, problem.value) == ("row 2", text.strip('"'))


def test_scientific_notation_says_excel_lost_digits() -> None:
    data = _file(
        f"{HEADER},population,count",
        f"{SANDWELL_2025},1.22E+07,816",
        SANDWELL_2025.replace("2025", "2024", 1) + ",87056,808",
    )
    file = read_comparators("test.csv", data)
    (problem,) = file.problems
    assert (problem.where, problem.column) == ("row 2", "population")
    assert "scientific notation" in problem.message
    assert len(file.values) == 3


def test_blank_cell_is_a_warning_not_a_failure() -> None:
    data = _file(
        f"{HEADER},count,rate",
        f"{SANDWELL_2025},,92",
        SANDWELL_2025.replace("2025", "2024", 1) + ",808,93",
    )
    file = read_comparators("test.csv", data)
    assert [v.measure for v in file.values] == ["rate", "count", "rate"]
    (problem,) = file.problems
    assert (problem.where, problem.column, problem.severity) == ("row 2", "count", "warning")
    assert "EES files never leave a cell blank; use x for not available" in problem.message


# Tolerance of re-saved files


@pytest.mark.shared
def test_columns_in_any_order_give_the_same_values() -> None:
    lines = (SAMPLES / WIDE).read_text().splitlines()
    reversed_file = "\n".join(",".join(reversed(line.split(","))) for line in lines)
    shuffled = read_comparators(WIDE, reversed_file.encode())
    original = _sample(WIDE)
    assert {(v.measure, v.area_code, v.period, v.value, v.symbol) for v in shuffled.values} == {
        (v.measure, v.area_code, v.period, v.value, v.symbol) for v in original.values
    }


def test_bom_crlf_and_quoted_fields() -> None:
    data = b"\xef\xbb\xbf" + _file(
        f'"time_period",{HEADER.split(",", 1)[1]},"count"',
        SANDWELL_2025.replace("Sandwell", '"Sandwell, Metropolitan Borough"') + ',"816"',
        line_end="\r\n",
    )
    (value,) = read_comparators("test.csv", data).values
    assert (value.area_name, value.value) == ("Sandwell, Metropolitan Borough", Decimal(816))


def test_semicolons_and_windows_1252() -> None:
    row = SANDWELL_2025.replace("Sandwell", "Sandwell é")
    data = f"{HEADER};count\n{row};816".replace(",", ";").encode("cp1252")
    (value,) = read_comparators("test.csv", data).values
    assert (value.area_name, value.value) == ("Sandwell é", Decimal(816))


def test_excel_unicode_text_is_read() -> None:
    data = f"{HEADER},count\n{SANDWELL_2025},816".replace(",", "\t").encode("utf-16")
    (value,) = read_comparators("test.txt", data).values
    assert value.value == 816


def test_row_whose_cells_have_shifted_is_not_read() -> None:
    data = _file(
        f"{HEADER},count",
        SANDWELL_2025.replace("Sandwell", "Bristol, City of") + ",816",
        SANDWELL_2025.replace("333", "335").replace("E08000028", "E08000030") + ",578",
    )
    file = read_comparators("test.csv", data)
    assert [v.area_code for v in file.values] == ["E08000030"]
    (problem,) = file.problems
    assert problem.where == "row 2"
    assert "comma inside a name" in problem.message


def test_rows_at_other_geographic_levels_are_one_warning() -> None:
    ward = "2025,Reporting year,Ward,E92000001,England,,,,,"
    data = _file(f"{HEADER},count", f"{SANDWELL_2025},816", f"{ward},5", f"{ward},6")
    file = read_comparators("test.csv", data)
    assert len(file.values) == 1
    (problem,) = file.problems
    assert (problem.where, problem.value, problem.severity) == ("row 3", "Ward", "warning")
    assert problem.message.startswith("2 rows at the Ward level (the first is row 3)")


def test_repeated_row_is_a_problem_and_the_first_is_kept() -> None:
    data = _file(f"{HEADER},count", f"{SANDWELL_2025},816", f"{SANDWELL_2025},817")
    file = read_comparators("test.csv", data)
    assert [v.value for v in file.values] == [816]
    (problem,) = file.problems
    assert problem.message.startswith("Row 2 already gives count for Sandwell in 2025")


def test_council_row_without_its_code_is_a_problem() -> None:
    row = SANDWELL_2025.replace("E08000028", "")
    (problem,) = read_comparators("test.csv", _file(f"{HEADER},count", f"{row},816")).problems
    assert (problem.column, problem.where) == ("new_la_code", "row 2")


def test_plain_file_with_old_la_numbers_says_so() -> None:
    data = _file("la_code,la_name,year,population_0_17", "333,Sandwell,2024,88593")
    file = read_comparators("population.csv", data)
    assert file.values == []
    (problem,) = file.problems
    assert (problem.column, problem.value) == ("la_code", "333")
    assert problem.message.endswith("That looks like an old LA number.")


def test_problems_stop_at_a_summary() -> None:
    rows = [f"{SANDWELL_2025.replace('2025', str(1000 + n), 1)},,1" for n in range(600)]
    file = read_comparators(
        "test.csv", _file(f"{HEADER},count,rate", f"{SANDWELL_2025},7,1", *rows)
    )
    assert len(file.problems) == comparators_reader.MAX_PROBLEMS + 1
    assert file.problems[-1].message.startswith("There are 100 more problems like these.")


# Files that are not comparator files


def test_empty_file() -> None:
    with pytest.raises(FileError) as error:
        read_comparators("cla.csv", b"  \r\n")
    assert str(error.value) == (
        "cla.csv is empty. Download the CSV from Explore Education Statistics "
        "('Download data' → CSV) and upload it unchanged."
    )


def test_pdf() -> None:
    with pytest.raises(FileError, match=r"^cla\.pdf is a PDF\. .*upload it unchanged"):
        read_comparators("cla.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n")


def test_csv_without_time_period() -> None:
    with pytest.raises(FileError) as error:
        read_comparators("cla.csv", _file("area,count", "Sandwell,816"))
    assert str(error.value).startswith(
        "cla.csv has no time_period column. Download the CSV from Explore Education Statistics "
        "('Download data' → CSV) and upload it unchanged."
    )


def test_csv_without_geographic_level() -> None:
    with pytest.raises(FileError, match="has no geographic_level column"):
        read_comparators("cla.csv", _file("time_period,la_name,count", "2025,Sandwell,816"))


def test_metadata_file_instead_of_the_data() -> None:
    with pytest.raises(FileError, match="is the metadata file"):
        read_comparators("cla.meta.csv", _file("col_name,col_type,label", "count,Indicator,N"))


def test_header_without_figures() -> None:
    with pytest.raises(FileError, match="has a header row but no figures"):
        read_comparators("cla.csv", _file(f"{HEADER},count", ""))


def test_column_with_nothing_in_it_is_one_warning() -> None:
    file = read_comparators("test.csv", _file(f"{HEADER},count,rate", f"{SANDWELL_2025},,92"))
    assert [v.measure for v in file.values] == ["rate"]
    (problem,) = file.problems
    assert (problem.where, problem.column, problem.severity) == ("row 1", "count", "warning")
    assert problem.message.startswith("The count column is empty")


def test_file_with_no_figure_columns() -> None:
    with pytest.raises(FileError, match="has no columns of figures"):
        read_comparators("cla.csv", _file(f"{HEADER},note", f"{SANDWELL_2025},Fine"))


def test_excel_workbook() -> None:
    book = openpyxl.Workbook()
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(FileError, match=r"is an Excel workbook\. Download the CSV"):
        read_comparators("cla.xlsx", out.getvalue())


def test_binary_file() -> None:
    with pytest.raises(FileError, match="is not a text file we can read"):
        read_comparators("cla.csv", b"time_period\x00\x01\x02,count\n")


def test_file_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(comparators_reader, "MAX_BYTES", 100)
    with pytest.raises(FileError, match="is larger than 0 MB"):
        read_comparators("cla.csv", _file(f"{HEADER},count", f"{SANDWELL_2025},816"))


def test_too_many_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(comparators_reader, "MAX_ROWS", 2)
    data = _file(f"{HEADER},count", *[f"{SANDWELL_2025},816"] * 3)
    with pytest.raises(FileError, match="has more than 2 rows"):
        read_comparators("cla.csv", data)


# Statistical neighbours


def _neighbours(name: str) -> dict[str, comparators_reader.StatisticalNeighbours]:
    return read_statistical_neighbours(name, (SAMPLES / name).read_bytes())


@pytest.mark.shared
def test_neighbours_csv_and_workbook_agree() -> None:
    from_csv = _neighbours("lait_statistical_neighbours_sample.csv")
    from_xlsx = _neighbours("lait_statistical_neighbours_sample.xlsx")
    assert from_csv == from_xlsx
    assert len(from_csv) == 11


@pytest.mark.shared
def test_neighbours_in_order_closest_first() -> None:
    sandwell = _neighbours("lait_statistical_neighbours_sample.xlsx")["333"]
    assert sandwell.la_name == "Sandwell"
    assert sandwell.neighbours == (
        "336", "810", "861", "335", "354", "380", "806", "331", "353", "821",
    )  # fmt: skip
    assert _neighbours("lait_statistical_neighbours_sample.csv")["999"].neighbours[:2] == (
        "336",
        "333",
    )


def test_neighbours_file_without_sn_columns() -> None:
    with pytest.raises(FileError, match="is not a statistical neighbour list"):
        read_statistical_neighbours("sn.csv", _file("LA num,LA Name", "333,Sandwell"))


@pytest.mark.shared
def test_neighbours_row_with_a_missing_neighbour() -> None:
    lines = (SAMPLES / "lait_statistical_neighbours_sample.csv").read_text("utf-8-sig")
    broken = lines.replace("333,Sandwell,333,8,West Midlands,336,", "333,Sandwell,333,8,X,,")
    with pytest.raises(FileError, match=r"Row 8 .*\(Sandwell\) has 9 neighbours"):
        read_statistical_neighbours("sn.csv", broken.encode())


def test_neighbours_workbook_of_something_else() -> None:
    book = openpyxl.Workbook()
    book.active.append(["Action", "Owner"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(FileError, match="is not a statistical neighbour list"):
        read_statistical_neighbours("plan.xlsx", out.getvalue())


def test_two_columns_with_one_name() -> None:
    with pytest.raises(FileError, match="has two columns called Count"):
        read_comparators("cla.csv", _file(f"{HEADER},count,Count", f"{SANDWELL_2025},1,2"))


def test_neighbours_pdf_and_empty() -> None:
    with pytest.raises(FileError, match="is a PDF"):
        read_statistical_neighbours("sn.pdf", b"%PDF-1.4\n")
    with pytest.raises(FileError, match="is empty"):
        read_statistical_neighbours("sn.csv", b"")
