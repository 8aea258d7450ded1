"""Where children looked after at D are placed: shares of LA(D) by placement group (4.2)."""

from __future__ import annotations

import datetime
from collections.abc import Collection

import polars as pl

from analytics.indicators.stock import looked_after_at

FOSTER = ("U1", "U2", "U3", "U4", "U5", "U6")
# DfE's "secure units, children's homes and semi-independent living"; K3 (registered supported
# accommodation, from 2024-25) takes over from H5, so it is in (INDICATORS.md 4.2).
RESIDENTIAL = ("K1", "K2", "H5", "K3")
CHILDRENS_HOMES = ("K1", "K2")


def share_placed_in(
    episodes: pl.DataFrame, as_at: datetime.date, places: Collection[str]
) -> pl.DataFrame:
    """Children looked after at D whose current placement is one of `places`, of all of them.
    A child in a temporary placement (T0-T4) at D is in no group but the denominator."""
    return (
        looked_after_at(episodes, as_at)
        .group_by("LA")
        .agg(
            pl.col("PLACE").is_in(list(places)).sum().alias("numerator"),
            pl.len().alias("denominator"),
        )
    )
