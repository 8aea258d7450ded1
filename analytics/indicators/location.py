"""Where children are placed: in or outside their authority, and how far from home
(INDICATORS.md 4.3, 4.4). DfE derives PL_DISTANCE, PL_LA and PL_LOCATION from the postcodes;
the engine derives them the same way from the optional postcode lookup (postcodes.py).

Each share returns (LA, numerator, denominator, not_known, note). A placement that cannot be
located stays in the denominator, counted in `not_known` and said in `note`. When a reading
cannot be made at all (no lookup; an authority code that is not an ONS code) its row has a
null numerator and denominator and `note` gives the reason: the catalogue reports it
`not_available` with that note.
"""

from __future__ import annotations

import datetime

import polars as pl

from analytics.indicators.stock import looked_after_at
from analytics.ssda903.dataset import Return903

CHILD = ["LA", "CHILD"]
METRES_PER_MILE = 1000 * 1.6093  # the validator's figure, from DfE's guidance
FAR = 20  # miles: "more than 20 miles from home"
COUNTRIES = {"W": "WAL", "S": "SCO", "N": "NIR"}
ONS_CODE = r"^E\d{8}$"  # an English authority's ONS (GSS) code, like E08000028
NEEDS_LOOKUP = "Needs a postcode lookup (--postcodes FILE): the ONS Postcode Directory"


def _postcode(column: str) -> pl.Expr:
    """A postcode as the lookup holds it: upper case, no spaces; blank as null."""
    return pl.col(column).str.replace_all(r"\s", "").str.to_uppercase().replace("", None)


def with_locations(
    episodes: pl.DataFrame, postcodes: pl.DataFrame, *, uasc: pl.DataFrame
) -> pl.DataFrame:
    """`episodes` with DfE's derived placement fields (4.4):

    - PL_DISTANCE: miles from HOME_POST to PL_POST, sqrt(dE² + dN²) / 1000 / 1.6093, rounded to
      1 decimal place as DfE and the validator do; null unless both postcodes have a grid
      reference in the lookup.
    - PL_LA: the upper tier authority of PL_POST (`WAL`, `SCO`, `NIR` for Wales, Scotland and
      Northern Ireland); null when PL_POST is blank or not in the lookup.
    - PL_LOCATION: `IN` when PL_LA is the responsible authority (`LA`), else `OUT`; null when
      PL_LA is, or `LA` is not an ONS code (E08000028...) to compare it with.

    All three are null for children who are or were unaccompanied asylum-seeking children (in
    any year's UASC table): DfE leaves their postcodes out (rules 392b, 406). `postcodes` has
    one row per POSTCODE (read_postcode_lookup's shape)."""
    episodes = episodes.with_columns(_HOME=_postcode("HOME_POST"), _PLACED=_postcode("PL_POST"))
    # The children at one date use a few thousand of the directory's 2.7 million postcodes:
    # picking them out first is some 30 times quicker than joining the whole directory twice.
    used = pl.concat([episodes["_HOME"], episodes["_PLACED"]]).drop_nulls().unique()
    postcodes = postcodes.filter(pl.col("POSTCODE").is_in(used.implode()))
    home = postcodes.select(
        pl.col("POSTCODE").alias("_HOME"),
        pl.col("EASTING").alias("_HOME_E"),
        pl.col("NORTHING").alias("_HOME_N"),
    )
    placed = postcodes.select(
        pl.col("POSTCODE").alias("_PLACED"),
        pl.col("EASTING").alias("_PLACED_E"),
        pl.col("NORTHING").alias("_PLACED_N"),
        pl.col("LA").alias("_PLACED_LA"),
    )
    was_uasc = uasc.select(CHILD).unique().with_columns(_UASC=pl.lit(value=True))
    metres = (
        (pl.col("_HOME_E") - pl.col("_PLACED_E")).pow(2)
        + (pl.col("_HOME_N") - pl.col("_PLACED_N")).pow(2)
    ).sqrt()
    country = pl.col("_PLACED_LA").str.slice(0, 1).replace_strict(COUNTRIES, default=None)
    known = pl.col("_UASC").is_null()
    comparable = pl.col("PL_LA").is_not_null() & pl.col("LA").str.contains(ONS_CODE)
    return (
        episodes.join(home, on="_HOME", how="left")
        .join(placed, on="_PLACED", how="left")
        .join(was_uasc, on=CHILD, how="left")
        .with_columns(
            PL_DISTANCE=pl.when(known).then((metres / METRES_PER_MILE).round(1)),
            PL_LA=pl.when(known).then(pl.coalesce(country, "_PLACED_LA")),
        )
        .with_columns(
            PL_LOCATION=pl.when(comparable & (pl.col("PL_LA") == pl.col("LA")))
            .then(pl.lit("IN"))
            .when(comparable)
            .then(pl.lit("OUT"))
        )
        .drop(
            "_HOME",
            "_PLACED",
            "_HOME_E",
            "_HOME_N",
            "_PLACED_E",
            "_PLACED_N",
            "_PLACED_LA",
            "_UASC",
        )
    )


def placement_outside_la_share(data: Return903, as_at: datetime.date) -> pl.DataFrame:
    """placement_outside_la_share: of the children looked after at D, those placed outside
    their authority (PL_LOCATION `OUT` for the episode open at D). Not known: PL_LOCATION null.
    (LA, numerator, denominator, not_known, note)"""
    return _share(
        data,
        as_at,
        counted=pl.col("PL_LOCATION") == "OUT",
        unknown=pl.col("PL_LOCATION").is_null(),
        needs_ons_code=True,
    )


def placement_outside_la_20plus_miles_share(data: Return903, as_at: datetime.date) -> pl.DataFrame:
    """placement_outside_la_20plus_miles_share: of the children looked after at D, those
    placed outside their authority and more than 20 miles (PL_DISTANCE > 20) from home. Not
    known: whether the placement is outside is not known, or it is and the distance is not; a
    child placed inside with no distance is known not to count. (LA, numerator, denominator,
    not_known, note)"""
    outside, far = pl.col("PL_LOCATION") == "OUT", pl.col("PL_DISTANCE") > FAR
    return _share(
        data,
        as_at,
        counted=outside & far,
        unknown=pl.col("PL_LOCATION").is_null() | (outside & pl.col("PL_DISTANCE").is_null()),
        needs_ons_code=True,
    )


def placement_20plus_miles_share(data: Return903, as_at: datetime.date) -> pl.DataFrame:
    """placement_20plus_miles_share: of the children looked after at D, those placed more than
    20 miles from home (PL_DISTANCE > 20). Not known: PL_DISTANCE null. (LA, numerator,
    denominator, not_known, note)"""
    return _share(
        data,
        as_at,
        counted=pl.col("PL_DISTANCE") > FAR,
        unknown=pl.col("PL_DISTANCE").is_null(),
        needs_ons_code=False,
    )


def _share(
    data: Return903,
    as_at: datetime.date,
    *,
    counted: pl.Expr,
    unknown: pl.Expr,
    needs_ons_code: bool,
) -> pl.DataFrame:
    if data.postcodes is None:
        return _not_available(data.episodes.select("LA").unique(), pl.lit(NEEDS_LOOKUP))
    current = with_locations(looked_after_at(data.episodes, as_at), data.postcodes, uasc=data.uasc)
    shares = (
        current.group_by("LA")
        .agg(
            counted.fill_null(value=False).sum().alias("numerator"),
            pl.len().alias("denominator"),
            unknown.sum().alias("not_known"),
        )
        .with_columns(
            note=pl.when(pl.col("not_known") > 0).then(
                pl.format(
                    "{} of {} children's placements could not be located",
                    pl.col("not_known"),
                    pl.col("denominator"),
                )
            )
        )
    )
    if not needs_ons_code:
        return shares
    no_code = ~pl.col("LA").str.contains(ONS_CODE)
    reason = pl.format(
        "{} is not an ONS code like E08000028, so placements in and outside it cannot be told "
        "apart: give the authority's ONS code as its folder name or LA column",
        pl.col("LA"),
    )
    unavailable = _not_available(shares.filter(no_code), reason)
    return pl.concat([shares.filter(~no_code), unavailable], how="vertical_relaxed")


def _not_available(authorities: pl.DataFrame, reason: pl.Expr) -> pl.DataFrame:
    """One row per authority with no reading, and why (the module docstring's contract)."""
    return authorities.select(
        "LA",
        pl.lit(None, dtype=pl.UInt32).alias("numerator"),
        pl.lit(None, dtype=pl.UInt32).alias("denominator"),
        pl.lit(None, dtype=pl.UInt32).alias("not_known"),
        reason.alias("note"),
    )
