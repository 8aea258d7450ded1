"""Malformed files thrown at the readers and validators: nothing crashes, every problem is
reported, and no check breaks (an `InternalFailure` would be a bug in Pledge)."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import hypothesis.strategies as st
from hypothesis import HealthCheck, given, settings

from analytics.ssda903.dataset import prepare, read_tables
from analytics.ssda903.read import discover
from analytics.ssda903.spec import spec_for
from analytics.ssda903.validation.validate import validate

SPEC = spec_for(2024)
TABLES = sorted(SPEC.tables)
# Values near the real ones, so that rules get past the field checks, and plain junk.
CELLS = st.one_of(
    st.sampled_from(["", " ", "1", "0", "S", "P", "X1", "C1", "V3", "U4", "K2", "PN0", "M", "A"]),
    st.sampled_from(["01/04/2023", "31/03/2024", "29/02/2024", "31/02/2024", "2024-01-01"]),
    st.sampled_from(["A", "B", "C"]),  # children
    st.text(max_size=12),
)


@st.composite
def table_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A file of one table: its real header (any order, any case), then ragged rows."""
    key = draw(st.sampled_from(TABLES))
    names = [column.name for column in SPEC.tables[key].columns]
    names = draw(st.permutations(names))
    header = [draw(st.sampled_from([n, n.lower(), f" {n} "])) for n in names]
    width = len(names)
    rows = draw(
        st.lists(st.lists(CELLS, min_size=max(0, width - 2), max_size=width + 2), max_size=12)
    )
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return f"{key}.csv", text.getvalue().encode()


JUNK_FILES = st.tuples(st.sampled_from(["junk.csv", "empty.csv"]), st.binary(max_size=200))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(st.one_of(table_files(), JUNK_FILES), min_size=1, max_size=6))
def test_malformed_files_never_crash_and_every_file_is_accounted_for(
    files: list[tuple[str, bytes]],
) -> None:
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "E06000001" / "2024"
        folder.mkdir(parents=True)
        for number, (name, content) in enumerate(files):
            (folder / f"{number}-{name}").write_bytes(content)
        found = discover([Path(work)])
        tables = read_tables(found)
        report = validate(found, tables)
        assert report.failures == ()
        recognised = {f.path for f in found.files} | {p.path for p in found.problems}
        assert recognised == set(folder.iterdir())
        # The indicators' preparation takes whatever validation let through.
        prepare(tables, unusable=report.unusable_rows())
