"""Driving the plan import pages as a board officer does, for the tests of import and its limits."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from pledge.strategy.selectors import strategy_current


def upload_plan(client: Client, name: str, data: bytes) -> Any:
    """Send a plan file to the import page, under the current strategy, for 2016-17 (the seed
    plans' year)."""
    strategy = strategy_current()
    assert strategy is not None
    return client.post(
        reverse("actions:import"),
        {
            "file": SimpleUploadedFile(name, data),
            "strategy": strategy.pk,
            "title": "Derby plan",
            "starts_on": "1/4/2016",
            "ends_on": "31/3/2017",
        },
    )
