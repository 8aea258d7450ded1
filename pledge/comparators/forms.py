"""The comparators page's two forms: DfE's published figures, and the statistical neighbours
list with the council's LA number to find in it."""

from __future__ import annotations

from typing import Any

from django import forms

from pledge.core.forms import FileForm


class PublishedFiguresForm(FileForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "Published figures file"
        self.fields["file"].help_text = "A CSV from Explore Education Statistics, unchanged"


class NeighboursForm(FileForm):
    """DfE's statistical neighbour list, and the council's LA number to find it in the list."""

    old_la_code = forms.RegexField(
        label="Your council's LA number",
        regex=r"^\d{3}$",
        help_text="DfE's three-digit number for the council, like 333 for Sandwell",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your council's LA number: DfE's three-digit number, like 333 "
            "for Sandwell",
            "invalid": "Enter the LA number as three digits, like 333",
        },
    )

    field_order = ("old_la_code", "file")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        file = self.fields["file"]
        file.label = "Statistical neighbour list"
        file.help_text = "LAIT's workbook (sheet 'LA SN Groups') or DfE's CSV, unchanged"
