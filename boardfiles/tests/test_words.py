from __future__ import annotations

from boardfiles.words import counted


def test_counted_agrees_with_its_number() -> None:
    assert counted(1, "figure") == "1 figure"
    assert counted(0, "figure") == "0 figures"
    assert counted(1234, "KPI") == "1,234 KPIs"
    assert counted(2, "row", "rows of the file") == "2 rows of the file"
