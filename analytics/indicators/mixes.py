"""Mixes: a cohort split into categories, every category a share of it (INDICATORS.md 4.3).

Each function returns one row per authority and category: `LA`, `category` (a short snake_case
id), `numerator` (children in the category) and `denominator` (the authority's cohort). Every
category of the mix's tuple below is present for every authority in the cohort, a category with
no child as 0, in the tuple's order, so the numerators of an authority add up to its
denominator. The catalogue reads each row as `<mix>:<category>`, value numerator/denominator.

A child whose category cannot be known from the return (no Header row, a blank or unlisted
code, a date of birth after the day the age is taken on) is counted, never dropped: in
`not_recorded`, or in `other` for legal status and placement groups, which take any code
outside their lists. So the denominators stay those of `cla_count`, `starts_in_year` and
`ceases_in_year` (`placement_foster_share`'s numerator for the foster provider mix).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

import polars as pl

from analytics.indicators.ages import age_at, age_on
from analytics.indicators.flows import last_endings
from analytics.indicators.periods import current_periods
from analytics.indicators.placement import FOSTER
from analytics.indicators.stock import looked_after_at

CHILD = ["LA", "CHILD"]
NOT_RECORDED = "not_recorded"

# Age bands: (lowest age in the band, category), youngest first; each band runs to the next.
# DfE's "Children looked after at 31 March by age group".
STOCK_AGES = ((0, "under_1"), (1, "1_4"), (5, "5_9"), (10, "10_15"), (16, "16_over"))
# Starts and ceases show 16, 17 and 18 apart (INDICATORS.md 4.3). A start at 18 or over breaks
# rule 352, but is shown as such rather than hidden in another band.
FLOW_AGES = (
    (0, "under_1"),
    (1, "1_4"),
    (5, "5_9"),
    (10, "10_15"),
    (16, "16"),
    (17, "17"),
    (18, "18_over"),
)
CLA_AGE_BANDS = (*(name for _, name in STOCK_AGES), NOT_RECORDED)
STARTS_AGE_BANDS = (*(name for _, name in FLOW_AGES), NOT_RECORDED)
CEASES_AGE_BANDS = STARTS_AGE_BANDS

# SEX: 1 and 2 to 2023-24, M, F and U from 2024-25 (INDICATORS.md 2.1).
SEX_GROUPS = {"1": "male", "M": "male", "2": "female", "F": "female", "U": "unknown"}
GENDERS = ("male", "female", "unknown", NOT_RECORDED)

# ETHNIC by the groups of INDICATORS.md 2.2. CHNE is placed by `chinese_as` (default "other").
ETHNIC_GROUPS = {
    "white": ("WBRI", "WIRI", "WIRT", "WROM", "WOTH"),
    "mixed": ("MWBC", "MWBA", "MWAS", "MOTH"),
    "asian": ("AIND", "APKN", "ABAN", "AOTH"),
    "black": ("BCRB", "BAFR", "BOTH"),
    "other": ("OOTH",),
    "refused_or_not_obtained": ("REFU", "NOBT"),
}
CHINESE = "CHNE"
ETHNICITIES = (*ETHNIC_GROUPS, NOT_RECORDED)

# LS of the episode open at D. `other` holds V3 and V4 when short breaks are kept in, and any
# code outside the list.
LEGAL_STATUS_GROUPS = {
    "care_order": ("C1", "C2"),
    "placement_order": ("E1", "D1"),
    "section_20": ("V2",),
    "protection": ("L1", "L2", "L3"),
    "youth_justice": ("J1", "J2", "J3"),
}
LEGAL_STATUSES = (*LEGAL_STATUS_GROUPS, "other")

# CIN: the category of need (N1 to N8) of the first episode of the current period of care.
NEED_GROUPS = {
    "abuse_or_neglect": ("N1",),
    "child_disability": ("N2",),
    "parental_illness_or_disability": ("N3",),
    "family_in_acute_stress": ("N4",),
    "family_dysfunction": ("N5",),
    "socially_unacceptable_behaviour": ("N6",),
    "low_income": ("N7",),
    "absent_parenting": ("N8",),
}
NEEDS = (*NEED_GROUPS, NOT_RECORDED)

# PLACE groups of INDICATORS.md 4.3; K3, Z11-Z14 and T0-T4 placed as there (unverified against
# DfE). `other` also takes any code outside the list.
PLACEMENT_GROUPS = {
    "foster_relative_friend": ("U1", "U2", "U3"),
    "foster_other": ("U4", "U5", "U6"),
    "adoption": ("A3", "A4", "A5", "A6"),
    "parents": ("P1",),
    "other_community": ("P2", "P3"),
    "secure_homes_semi_independent": ("K1", "K2", "H5", "K3"),
    "other_residential": ("R1", "R2", "R3", "R5"),
    "residential_school": ("S1",),
    "other": ("Z1", "Z11", "Z12", "Z13", "Z14", "T0", "T1", "T2", "T3", "T4"),
}
# Group-major: every age band of the first group, then of the next.
PLACEMENT_TYPES_BY_AGE = tuple(
    f"{group}:{age}" for group in PLACEMENT_GROUPS for age in CLA_AGE_BANDS
)

CONNECTED_FOSTER = ("U1", "U2", "U3")
OTHER_FOSTER = ("U4", "U5", "U6")
IN_HOUSE = ("PR1",)
AGENCY = ("PR4", "PR5")
FOSTER_PROVIDERS = ("connected", "in_house", "agency", "other_foster")

# Length of the current period of care at D, lower bound inclusive (docs/indicators/
# cla_duration_band_mix.md): weeks are 7 days; months and years are calendar ones, the same day
# of the month n months or years on, or the month's last day when it has no such day (so 31
# August plus 6 months is 28 or 29 February, 29 February plus a year is 28 February, as ages).
DURATION_STEPS = (
    ("0d", "under_2_weeks"),
    ("14d", "2_8_weeks"),
    ("56d", "8_weeks_6_months"),
    ("6mo", "6_12_months"),
    ("1y", "1_2_years"),
    ("2y", "2_3_years"),
    ("3y", "3_5_years"),
    ("5y", "5_10_years"),
    ("10y", "10_years_over"),
)
DURATION_BANDS = tuple(name for _, name in DURATION_STEPS)

# REC of the counted ending (the child's last in P), in DfE's order of reasons. `not_recorded`
# takes a code outside the list (liia-tools' E99 repair marker, for one).
CEASE_REASON_GROUPS = {
    "home": ("E4A", "E4B"),
    "adopted": ("E11", "E12"),
    "sgo": ("E43", "E44", "E45", "E46", "E47", "E48"),
    "child_arrangements": ("E41",),
    "independent_living": ("E5", "E6"),
    "adult_care": ("E7",),
    "custody": ("E9",),
    "remand_ended": ("E14",),
    "aged_18_assessed": ("E15",),
    "abroad": ("E16",),
    "staying_put": ("E17",),
    "other_la": ("E3",),
    "died": ("E2",),
    "others_without_pr": ("E13",),
    "other": ("E8",),
}
CEASE_REASONS = (*CEASE_REASON_GROUPS, NOT_RECORDED)


def cla_age_band_mix(
    episodes: pl.DataFrame, header: pl.DataFrame, as_at: datetime.date
) -> pl.DataFrame:
    """cla_age_band_mix: children looked after at D by age at D (CLA_AGE_BANDS). DfE: "Children
    looked after at 31 March by characteristics", age group (formerly table A1)."""
    cohort = _with_dob(looked_after_at(episodes, as_at), header)
    return _mix(cohort, _band(age_on(pl.col("DOB"), as_at), STOCK_AGES), CLA_AGE_BANDS)


def cla_gender_mix(
    episodes: pl.DataFrame, header: pl.DataFrame, as_at: datetime.date
) -> pl.DataFrame:
    """cla_gender_mix: children looked after at D by the Header's SEX (GENDERS): 1 or M male,
    2 or F female, U unknown; no Header row or no usable code is `not_recorded`. DfE: "Children
    looked after at 31 March by characteristics", gender (formerly table A1)."""
    cohort = looked_after_at(episodes, as_at).join(
        header.select(*CHILD, "SEX"), on=CHILD, how="left"
    )
    return _mix(cohort, _recoded("SEX", SEX_GROUPS, NOT_RECORDED), GENDERS)


def cla_ethnicity_mix(
    episodes: pl.DataFrame,
    header: pl.DataFrame,
    as_at: datetime.date,
    *,
    chinese_as: str = "other",
) -> pl.DataFrame:
    """cla_ethnicity_mix: children looked after at D by the Header's ETHNIC group
    (ETHNICITIES). Chinese (CHNE) is counted in `chinese_as`, Other by default (INDICATORS.md
    2.2, Choice; newer GSS groupings put it in Asian). DfE: "Children looked after at 31 March
    by characteristics", ethnicity (formerly table A1)."""
    if chinese_as not in ETHNIC_GROUPS:
        choices = ", ".join(ETHNIC_GROUPS)
        message = f"chinese_as must be one of {choices}, not {chinese_as!r}"
        raise ValueError(message)
    groups = {code: name for name, codes in ETHNIC_GROUPS.items() for code in codes}
    cohort = looked_after_at(episodes, as_at).join(
        header.select(*CHILD, "ETHNIC"), on=CHILD, how="left"
    )
    return _mix(
        cohort, _recoded("ETHNIC", groups | {CHINESE: chinese_as}, NOT_RECORDED), ETHNICITIES
    )


def cla_legal_status_mix(episodes: pl.DataFrame, as_at: datetime.date) -> pl.DataFrame:
    """cla_legal_status_mix: children looked after at D by the legal status (LS) of the episode
    open at D (LEGAL_STATUSES). DfE: "Children looked after at 31 March by characteristics", legal
    status (formerly table A2)."""
    cohort = looked_after_at(episodes, as_at)
    return _mix(cohort, _grouped("LS", LEGAL_STATUS_GROUPS, "other"), LEGAL_STATUSES)


def cla_need_mix(episodes: pl.DataFrame, as_at: datetime.date) -> pl.DataFrame:
    """cla_need_mix: children looked after at D by the category of need (CIN) recorded on the
    first episode of their current period of care (periods.py), not the open episode's: the
    need they came into care with (NEEDS). DfE: "Children looked after at 31 March by
    characteristics", category of need "at the time the child started to be looked after"."""
    cohort = current_periods(episodes, as_at, carry=("CIN",))
    return _mix(cohort, _grouped("PERIOD_CIN", NEED_GROUPS, NOT_RECORDED), NEEDS)


def placement_type_mix_by_age(
    episodes: pl.DataFrame, header: pl.DataFrame, as_at: datetime.date
) -> pl.DataFrame:
    """placement_type_mix_by_age: children looked after at D by the group of the placement open
    at D crossed with their age band at D, `<group>:<age band>` (PLACEMENT_TYPES_BY_AGE). DfE:
    "Children looked after at 31 March by characteristics", placement type and age group (the
    cross is Pledge's)."""
    cohort = _with_dob(looked_after_at(episodes, as_at), header)
    category = pl.concat_str(
        _grouped("PLACE", PLACEMENT_GROUPS, "other"),
        pl.lit(":"),
        _band(age_on(pl.col("DOB"), as_at), STOCK_AGES),
    )
    return _mix(cohort, category, PLACEMENT_TYPES_BY_AGE)


def placement_foster_provider_mix(episodes: pl.DataFrame, as_at: datetime.date) -> pl.DataFrame:
    """placement_foster_provider_mix: children in foster placements (U1-U6) at D by kind of
    carer (FOSTER_PROVIDERS): connected (relatives or friends, U1-U3), in-house (other carers of
    the authority itself, U4-U6 with PR1), agency (U4-U6 with a private or voluntary provider,
    PR4 or PR5), other foster (any other provider or none). An authority with children looked
    after but none fostered has every category at 0 of 0. DfE: children looked after at 31 March
    in foster placements by placement provider (table name unverified)."""
    cohort = looked_after_at(episodes, as_at)
    place, provider = pl.col("PLACE"), pl.col("PLACE_PROVIDER")
    category = (
        pl.when(place.is_in(CONNECTED_FOSTER))
        .then(pl.lit("connected"))
        .when(place.is_in(OTHER_FOSTER) & provider.is_in(IN_HOUSE))
        .then(pl.lit("in_house"))
        .when(place.is_in(OTHER_FOSTER) & provider.is_in(AGENCY))
        .then(pl.lit("agency"))
        .otherwise(pl.lit("other_foster"))
    )
    fostered = cohort.filter(pl.col("PLACE").is_in(FOSTER))
    return _mix(fostered, category, FOSTER_PROVIDERS, authorities=cohort.select("LA").unique())


def cla_duration_band_mix(episodes: pl.DataFrame, as_at: datetime.date) -> pl.DataFrame:
    """cla_duration_band_mix: children looked after at D by how long their current period of
    care has lasted at D, from its first DECOM (periods.py), lower bounds inclusive
    (DURATION_BANDS, DURATION_STEPS). The bands are the brief's (seed 000); DfE publishes the
    duration of the latest period of care for children ceasing, no LA table of it at 31 March
    was found (unverified)."""
    cohort = current_periods(episodes, as_at)
    started = pl.col("PERIOD_START")
    day = pl.lit(as_at, dtype=pl.Date)
    band = pl.lit(DURATION_BANDS[0])
    for step, name in DURATION_STEPS[1:]:
        band = pl.when(day >= started.dt.offset_by(step)).then(pl.lit(name)).otherwise(band)
    return _mix(cohort, band, DURATION_BANDS)


def counted_starts(
    episodes: pl.DataFrame, start: datetime.date, end: datetime.date
) -> pl.DataFrame:
    """Each child's first start of care (RNE S) in P: the occasion `flows.starts_in_year` counts
    (DfE counts the first), one row per child with that episode."""
    started = episodes.filter(
        (pl.col("RNE") == "S") & pl.col("DECOM").is_between(start, end, closed="both")
    )
    return started.sort("DECOM").unique(CHILD, keep="first")


def starts_age_band_mix(
    episodes: pl.DataFrame, header: pl.DataFrame, start: datetime.date, end: datetime.date
) -> pl.DataFrame:
    """starts_age_band_mix: children who started to be looked after in P by age on the DECOM of
    their counted (first) start (STARTS_AGE_BANDS; 16 and 17 apart). DfE: "Children who started
    to be looked after during the year by characteristics", age on starting (formerly C1, C2)."""
    cohort = _with_dob(counted_starts(episodes, start, end), header)
    age = age_at(pl.col("DOB"), pl.col("DECOM"))
    return _mix(cohort, _band(age, FLOW_AGES), STARTS_AGE_BANDS)


def ceases_age_band_mix(
    episodes: pl.DataFrame, header: pl.DataFrame, start: datetime.date, end: datetime.date
) -> pl.DataFrame:
    """ceases_age_band_mix: children who ceased to be looked after in P by age on the DEC of
    their counted (last) ending, `flows.last_endings` (CEASES_AGE_BANDS; 16, 17 and 18 apart).
    DfE: "Children who ceased to be looked after during the year by characteristics", age on
    ceasing (formerly D1-D3)."""
    cohort = _with_dob(last_endings(episodes, start, end), header)
    age = age_at(pl.col("DOB"), pl.col("DEC"))
    return _mix(cohort, _band(age, FLOW_AGES), CEASES_AGE_BANDS)


def ceases_reason_mix(
    episodes: pl.DataFrame, start: datetime.date, end: datetime.date
) -> pl.DataFrame:
    """ceases_reason_mix: children who ceased to be looked after in P by the reason (REC) of
    their counted (last) ending, grouped as CEASE_REASON_GROUPS (CEASE_REASONS). DfE: "Children
    who ceased to be looked after during the year by characteristics", reason episode ceased."""
    cohort = last_endings(episodes, start, end)
    return _mix(cohort, _grouped("REC", CEASE_REASON_GROUPS, NOT_RECORDED), CEASE_REASONS)


def _with_dob(cohort: pl.DataFrame, header: pl.DataFrame) -> pl.DataFrame:
    """The Header's DOB beside each child, null for a child with no Header row."""
    return cohort.join(header.select(*CHILD, "DOB"), on=CHILD, how="left")


def _band(age: pl.Expr, bands: Sequence[tuple[int, str]]) -> pl.Expr:
    """The band an age falls in (`bands` youngest first); `not_recorded` for no age or a negative
    one (a date of birth after the day)."""
    band = pl.lit(NOT_RECORDED)
    for lowest, name in bands:
        band = pl.when(age >= lowest).then(pl.lit(name)).otherwise(band)
    return band


def _grouped(column: str, groups: Mapping[str, Sequence[str]], otherwise: str) -> pl.Expr:
    """The group holding each row's code, `otherwise` for a blank or unlisted code."""
    return _recoded(
        column, {code: name for name, codes in groups.items() for code in codes}, otherwise
    )


def _recoded(column: str, mapping: Mapping[str, str], otherwise: str) -> pl.Expr:
    return pl.col(column).replace_strict(mapping, default=otherwise, return_dtype=pl.String)


def _mix(
    cohort: pl.DataFrame,
    category: pl.Expr,
    categories: Sequence[str],
    *,
    authorities: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The cohort counted by `category`: every category for every authority, in the given order,
    a category with no child as 0; the denominator is the authority's cohort. `authorities`
    (LA) adds authorities with an empty cohort, all at 0 of 0."""
    order = pl.DataFrame(
        {"category": list(categories), "_order": range(len(categories))},
        schema={"category": pl.String, "_order": pl.UInt32},
    )
    counts = cohort.group_by("LA", category.alias("category")).agg(pl.len().alias("numerator"))
    totals = cohort.group_by("LA").agg(pl.len().alias("denominator"))
    if authorities is not None:
        totals = authorities.join(totals, on="LA", how="left")
    return (
        totals.join(order, how="cross")
        .join(counts, on=["LA", "category"], how="left")
        .with_columns(pl.col("numerator", "denominator").fill_null(0).cast(pl.UInt32))
        .sort("LA", "_order")
        .select("LA", "category", "numerator", "denominator")
    )
