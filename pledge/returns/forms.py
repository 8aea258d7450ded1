"""The 903 upload form: files checked by size before anything reads them."""

from __future__ import annotations

from django import forms

from pledge.core.forms import FileForm
from pledge.returns.files import MAX_UPLOAD_BYTES


class ReturnUploadForm(FileForm):
    # Streamed to disk, never held in memory (files.receive): the return's own budget.
    max_file_bytes = max_total_bytes = MAX_UPLOAD_BYTES

    year = forms.IntegerField(
        label="Collection year, by the year it ends",
        help_text="For example, 2025 for April 2024 to March 2025. Not needed for a ZIP of year "
        "folders",
        required=False,
        min_value=2014,
        max_value=2100,
        error_messages={
            "invalid": "Enter the collection year as the year it ends, like 2025",
            "min_value": "Pledge reads returns from 2013-14 (enter 2014) onwards",
            "max_value": "Enter the collection year as the year it ends, like 2025",
        },
    )


class PostcodeLookupForm(FileForm):
    """The ONS postcode directory, as ONS gives it (a ZIP of about 250 MB) or its CSV."""

    max_file_bytes = max_total_bytes = 1536 * 1024 * 1024
