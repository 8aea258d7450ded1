"""The rules across rows, tables and years (INDICATORS.md section 3), each a columnar query.

A rule finds the rows that break it and says, in words a performance analyst can act on, what
is wrong and how to fix it. Codes are DfE's as csc-validator-be-903 numbers them; its integrity
checks are `INTnn` (INT01 to INT09, INT14, INT34 and INT35 checked against its code; the other
INT numbers follow the same table order and are unverified).

Every rule runs on one authority's collection year at a time (keys LA, YEAR, CHILD), on the
typed tables `Context` builds once; cross-year rules compare a year with the year before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import polars as pl

from analytics.indicators.ages import age_at
from analytics.ssda903.dataset import DATES, Tables
from analytics.ssda903.episodes import SHORT_BREAKS, parse_dates
from analytics.ssda903.validation.issues import Severity, Stage

KEY = ["LA", "YEAR", "CHILD"]
# One child's rows in one authority's year share `_K`, a 64-bit hash of KEY made once per run:
# joining and grouping on one integer is several times quicker than on three columns.
# `_K_AFTER` is the key the same child has in the next year's return.
HASHED_KEY = pl.struct(KEY).hash()
KEY_AFTER = pl.struct(pl.col("LA"), pl.col("YEAR") + 1, pl.col("CHILD")).hash()
YEAR_START = pl.date(pl.col("YEAR") - 1, 4, 1)
YEAR_END = pl.date(pl.col("YEAR"), 3, 31)
ADOPTED = ("E11", "E12")
CONTINUING = ("P", "L", "T", "U", "B")


@dataclass(frozen=True)
class Context:
    """The tables typed once for every rule: dates parsed; episodes in order with their
    neighbours (`prev_*`, `next_*`), the child's DOB and whether they are (or were) UASC."""

    tables: dict[str, pl.DataFrame]
    episodes: pl.DataFrame
    cla12: pl.DataFrame  # `_K` of the children looked after all year (rules 190, 191)

    def __getitem__(self, key: str) -> pl.DataFrame:
        return self.tables[key]

    @classmethod
    def build(cls, raw: Tables) -> Context:
        tables = {key: parse_dates(raw[key], *DATES[key]) for key in DATES}
        tables["episodes"] = parse_dates(raw["episodes"], "DECOM", "DEC")
        tables = {key: frame.with_columns(_K=HASHED_KEY) for key, frame in tables.items()}
        for key in ("header", "episodes"):
            tables[key] = tables[key].with_columns(_K_AFTER=KEY_AFTER)
        dob = tables["header"].select("_K", "DOB").unique("_K", keep="first")
        uasc = tables["uasc"].select("_K").unique().with_columns(UASC=pl.lit(value=True))
        episodes = (
            tables["episodes"]
            .sort(*KEY, "DECOM", "_ROW")
            .join(dob, on="_K", how="left")
            .join(uasc, on="_K", how="left")
            .with_columns(pl.col("UASC").fill_null(value=False))
        )
        same_before = pl.col("_K").eq_missing(pl.col("_K").shift(1))
        same_after = pl.col("_K").eq_missing(pl.col("_K").shift(-1))
        neighbours = ["DECOM", "DEC", "RNE", "LS", "PLACE", "REC", "PL_POST", "URN"]
        episodes = episodes.with_columns(
            *(pl.when(same_before).then(pl.col(c).shift(1)).alias(f"prev_{c}") for c in neighbours),
            *(pl.when(same_after).then(pl.col(c).shift(-1)).alias(f"next_{c}") for c in neighbours),
            pl.when(same_before)
            .then(pl.col("PLACE_PROVIDER").shift(1))
            .alias("prev_PLACE_PROVIDER"),
            first=~same_before.fill_null(value=False),
            last=~same_after.fill_null(value=False),
        )
        return cls(tables, episodes, _looked_after_all_year(episodes))


# A rule's rows may come back lazy: the report then reads only the columns it shows.
Found = pl.DataFrame | pl.LazyFrame
Find = Callable[[Context], Found]


@dataclass(frozen=True)
class Rule:
    code: str
    table: str  # the key of the table whose rows are reported
    column: str  # the column whose value is reported
    message: str
    find: Find
    severity: Severity = "error"
    stage: Stage = "table"
    excludes: bool = False


RULES: list[Rule] = []


def rule(
    code: str,
    table: str,
    column: str,
    message: str,
    *,
    severity: Severity = "error",
    stage: Stage = "table",
    excludes: bool = False,
) -> Callable[[Find], Find]:
    def register(find: Find) -> Find:
        RULES.append(Rule(code, table, column, message, find, severity, stage, excludes))
        return find

    return register


def _episodes(context: Context, condition: pl.Expr) -> pl.LazyFrame:
    return context.episodes.lazy().filter(condition)


def _not_in(context: Context, table: str, other: str) -> pl.DataFrame:
    return context[table].join(context[other].select("_K").unique(), on="_K", how="anti")


def _repeated(context: Context, table: str) -> pl.DataFrame:
    """Every row after the first of a child who appears more than once in `table`."""
    rows = context[table].sort("_FILE", "_ROW")
    return rows.filter(~pl.col("_K").is_first_distinct())


def _dob_differs(context: Context, table: str) -> pl.DataFrame:
    header = context["header"].select("_K", pl.col("DOB").alias("header_DOB"))
    rows = context[table].join(header.unique("_K", keep="first"), on="_K", how="inner")
    return rows.filter(pl.col("DOB").ne_missing(pl.col("header_DOB")))


# Integrity: every child in Header, once where once is the rule, with the same date of birth.

for _code, _table, _name in (
    ("INT01", "ad1", "AD1"),
    ("INT02", "placed_for_adoption", "PlacedAdoption"),
    ("INT03", "episodes", "Episodes"),
    ("INT04", "missing", "Missing"),
    ("INT05", "oc2", "OC2"),
    ("INT06", "oc3", "OC3"),
    ("INT07", "previous_permanence", "PrevPerm"),
    ("INT08", "reviews", "Reviews"),
    ("INT09", "uasc", "UASC"),
):
    rule(
        _code,
        _table,
        "CHILD",
        f"This child is in {_name} but not in Header. Every child in the return needs a Header "
        "row: add it, or check the child's ID is the same in both files.",
        stage="cross-table",
    )(partial(_not_in, table=_table, other="header"))

for _code, _table, _name in (
    ("INT11", "ad1", "AD1"),
    ("INT12", "placed_for_adoption", "PlacedAdoption"),
    ("INT13", "missing", "Missing"),
    ("INT14", "oc2", "OC2"),
    ("INT15", "oc3", "OC3"),
    ("INT16", "previous_permanence", "PrevPerm"),
    ("INT17", "reviews", "Reviews"),
    ("INT18", "uasc", "UASC"),
):
    rule(
        _code,
        _table,
        "DOB",
        f"The date of birth in {_name} is not the one in Header. Correct whichever is wrong.",
        stage="cross-table",
    )(partial(_dob_differs, table=_table))


@rule(
    "INT21",
    "uasc",
    "SEX",
    "The sex in UASC is not the one in Header. Correct whichever is wrong.",
    stage="cross-table",
)
def _uasc_sex(context: Context) -> Found:
    header = context["header"].select("_K", pl.col("SEX").alias("header_SEX"))
    rows = context["uasc"].join(header.unique("_K", keep="first"), on="_K", how="inner")
    return rows.filter(pl.col("SEX").ne_missing(pl.col("header_SEX")))


for _code, _table, _name in (
    ("INT31", "header", "Header"),
    ("INT32", "ad1", "AD1"),
    ("INT33", "oc2", "OC2"),
    ("INT34", "oc3", "OC3"),
    ("INT35", "previous_permanence", "PrevPerm"),
    ("INT36", "uasc", "UASC"),
):
    rule(
        _code,
        _table,
        "CHILD",
        f"This child has more than one {_name} row. Keep one row per child and remove the others.",
        excludes=_table == "header",
    )(partial(_repeated, table=_table))


# Episodes: each one on its own.


@rule(
    "148",
    "episodes",
    "DEC",
    "DEC and REC go together: give both when the episode has ended, and neither while it is "
    "still open.",
)
def _dec_and_rec(context: Context) -> Found:
    return _episodes(context, pl.col("DEC").is_null() != pl.col("REC").is_null())


@rule(
    "356",
    "episodes",
    "DEC",
    "The episode ends (DEC) before it starts (DECOM). Correct whichever date is wrong.",
    excludes=True,
)
def _ends_before_start(context: Context) -> Found:
    return _episodes(context, pl.col("DEC") < pl.col("DECOM"))


@rule(
    "355",
    "episodes",
    "DEC",
    "The episode starts and ends on the same day, so it lasted less than 24 hours. Check the "
    "dates: an episode of under 24 hours is not normally recorded.",
    severity="warning",
)
def _under_a_day(context: Context) -> Found:
    return _episodes(context, pl.col("DEC") == pl.col("DECOM"))


@rule(
    "354",
    "episodes",
    "DECOM",
    "The episode starts after the end of the collection year (31 March). Move it to next "
    "year's return, or correct the date.",
    excludes=True,
)
def _starts_after_year(context: Context) -> Found:
    return _episodes(context, pl.col("DECOM") > YEAR_END)


@rule(
    "385",
    "episodes",
    "DEC",
    "The episode ends after the end of the collection year (31 March). Leave DEC and REC blank "
    "for an episode still open on 31 March.",
    excludes=True,
)
def _ends_after_year(context: Context) -> Found:
    return _episodes(context, pl.col("DEC") > YEAR_END)


@rule(
    "302",
    "episodes",
    "DECOM",
    "The episode starts before the child's date of birth in Header. Correct the start date or "
    "the date of birth.",
    stage="cross-table",
    excludes=True,
)
def _before_birth(context: Context) -> Found:
    return _episodes(context, pl.col("DECOM") < pl.col("DOB"))


@rule(
    "352",
    "episodes",
    "RNE",
    "The child started to be looked after (RNE S) at 18 or over. Check the start date and the "
    "date of birth: a young person of 18 cannot start to be looked after.",
    stage="cross-table",
)
def _starts_at_eighteen(context: Context) -> Found:
    return _episodes(
        context, (pl.col("RNE") == "S") & (age_at(pl.col("DOB"), pl.col("DECOM")) >= 18)
    )


@rule(
    "365",
    "episodes",
    "DEC",
    "A short break (V3) lasts more than 17 days. Check the dates, or whether the child was "
    "looked after under another legal status.",
    severity="warning",
)
def _long_short_break(context: Context) -> Found:
    days = (pl.col("DEC") - pl.col("DECOM")).dt.total_days()
    return _episodes(context, (pl.col("LS") == "V3") & (days > 17))


@rule(
    "367",
    "episodes",
    "LS",
    "The child had more than 75 days of short breaks (V3) in the year. Check the dates, or "
    "whether the child was looked after under another legal status.",
    severity="warning",
)
def _many_short_breaks(context: Context) -> Found:
    breaks = context.episodes.filter(pl.col("LS") == "V3")
    end = pl.min_horizontal(pl.col("DEC").fill_null(YEAR_END), YEAR_END)
    start = pl.max_horizontal(pl.col("DECOM"), YEAR_START)
    days = breaks.with_columns(days=(end - start).dt.total_days().clip(lower_bound=0))
    return days.filter((pl.col("days").sum().over("_K") > 75) & pl.col("_K").is_last_distinct())


# Episodes: each against the one before or after it.


@rule(
    "501",
    "episodes",
    "DECOM",
    "This episode starts before the previous one ends, so they overlap. Correct the dates so "
    "each episode starts on or after the day the previous one ends.",
)
def _overlap(context: Context) -> Found:
    return _episodes(context, pl.col("DECOM") < pl.col("prev_DEC"))


@rule(
    "142",
    "episodes",
    "DEC",
    "This episode is open (no DEC) but the child has a later episode. Only the latest episode "
    "can be open: give this one its end date and reason.",
)
def _open_before_another(context: Context) -> Found:
    return _episodes(context, pl.col("DEC").is_null() & ~pl.col("last"))


@rule(
    "388",
    "episodes",
    "REC",
    "REC X1 says a new episode starts the same day, but there is no later episode. Add the "
    "next episode, or give the real reason the child stopped being looked after.",
)
def _x1_without_next(context: Context) -> Found:
    return _episodes(context, (pl.col("REC") == "X1") & pl.col("last"))


@rule(
    "433",
    "episodes",
    "DECOM",
    "The reason for this episode (RNE) says care carried on from the previous episode, so it "
    "must start on the day the previous one ended (DEC).",
)
def _continues_on_another_day(context: Context) -> Found:
    return _episodes(
        context,
        pl.col("RNE").is_in(CONTINUING) & pl.col("DECOM").ne(pl.col("prev_DEC")),
    )


@rule(
    "432",
    "episodes",
    "RNE",
    "The previous episode ended care (its REC is not X1), so this episode starts a new period "
    "of care: its RNE must be S.",
)
def _new_period_not_s(context: Context) -> Found:
    previous_ended_care = pl.col("prev_REC").is_not_null() & (pl.col("prev_REC") != "X1")
    return _episodes(context, previous_ended_care & (pl.col("RNE") != "S"))


@rule(
    "431",
    "episodes",
    "RNE",
    "The child started to be looked after (RNE S) on the day the previous episode ended. If "
    "care carried on, use the RNE for what changed and REC X1 on the previous episode.",
)
def _s_on_the_same_day(context: Context) -> Found:
    return _episodes(context, (pl.col("RNE") == "S") & (pl.col("DECOM") == pl.col("prev_DEC")))


@rule(
    "357",
    "episodes",
    "RNE",
    "This is the child's first episode in the return and it starts during the year, so the "
    "child started to be looked after: its RNE must be S (or the earlier episodes are missing).",
)
def _first_not_s(context: Context) -> Found:
    return _episodes(
        context, pl.col("first") & (pl.col("DECOM") >= YEAR_START) & (pl.col("RNE") != "S")
    )


@rule(
    "434",
    "episodes",
    "RNE",
    "RNE L says only the legal status changed, but the placement (PLACE, postcode, URN or "
    "provider) changed too. Use B or U, or correct the placement.",
    severity="warning",
)
def _l_with_a_new_placement(context: Context) -> Found:
    changed = pl.any_horizontal(
        pl.col(c).ne_missing(pl.col(f"prev_{c}"))
        for c in ("PLACE", "PL_POST", "URN", "PLACE_PROVIDER")
    )
    return _episodes(context, (pl.col("RNE") == "L") & ~pl.col("first") & changed)


@rule(
    "435",
    "episodes",
    "RNE",
    "RNE P or T says the legal status stayed the same, but it changed. Use B or U.",
    severity="warning",
)
def _placement_change_with_new_status(context: Context) -> Found:
    return _episodes(
        context,
        pl.col("RNE").is_in(["P", "T"]) & ~pl.col("first") & pl.col("LS").ne(pl.col("prev_LS")),
    )


@rule(
    "436",
    "episodes",
    "RNE",
    "RNE B or U says the legal status changed, but it is the same as in the previous episode. "
    "Use P or T.",
    severity="warning",
)
def _status_change_without_one(context: Context) -> Found:
    return _episodes(
        context,
        pl.col("RNE").is_in(["B", "U"]) & ~pl.col("first") & pl.col("LS").eq(pl.col("prev_LS")),
    )


@rule(
    "437",
    "episodes",
    "DECOM",
    "The previous episode ended because the child died (REC E2), so there can be no later "
    "episode. Correct the reason or remove this episode.",
)
def _after_death(context: Context) -> Found:
    return _episodes(context, pl.col("prev_REC") == "E2")


# Postcodes.

SHORT_BREAK = pl.col("LS").is_in(SHORT_BREAKS)


@rule(
    "392b",
    "episodes",
    "HOME_POST",
    "HOME_POST is blank. Give the postcode of the child's home: only unaccompanied asylum-seeking "
    "children and short breaks (V3, V4) have none.",
    stage="cross-table",
)
def _home_postcode_missing(context: Context) -> Found:
    return _episodes(context, pl.col("HOME_POST").is_null() & ~pl.col("UASC") & ~SHORT_BREAK)


@rule(
    "392b",
    "episodes",
    "PL_POST",
    "PL_POST is blank. Give the postcode of the placement: only short breaks (V3, V4) have none.",
)
def _placement_postcode_missing(context: Context) -> Found:
    return _episodes(context, pl.col("PL_POST").is_null() & ~SHORT_BREAK)


@rule(
    "392d",
    "episodes",
    "PL_POST",
    "The placement's postcode is the child's home postcode, which is only right for a "
    "placement with parents (PLACE P1). Check the postcodes or the placement type.",
)
def _placed_at_home(context: Context) -> Found:
    same = pl.col("HOME_POST").str.replace_all(" ", "") == pl.col("PL_POST").str.replace_all(
        " ", ""
    )
    return _episodes(context, same & (pl.col("PLACE") != "P1"))


@rule(
    "398",
    "episodes",
    "LS",
    "Short breaks (V3, V4) have no postcodes. Leave HOME_POST and PL_POST blank.",
)
def _short_break_postcodes(context: Context) -> Found:
    given = pl.col("HOME_POST").is_not_null() | pl.col("PL_POST").is_not_null()
    return _episodes(context, SHORT_BREAK & given)


@rule(
    "406",
    "episodes",
    "HOME_POST",
    "The child is (or was) an unaccompanied asylum-seeking child, who has no home postcode in "
    "the return. Leave HOME_POST blank.",
    stage="cross-table",
)
def _uasc_home_postcode(context: Context) -> Found:
    return _episodes(context, pl.col("UASC") & pl.col("HOME_POST").is_not_null())


# Health and outcomes (OC2), reviews, missing and adoption.


def _looked_after_all_year(episodes: pl.DataFrame) -> pl.DataFrame:
    """CLA12 per collection year from that year's own episodes (5.4): covered every day from
    1 April to 31 March, short breaks aside, with no short break in the year."""
    in_year = (pl.col("DECOM") <= YEAR_END) & (
        pl.col("DEC").is_null() | (pl.col("DEC") >= YEAR_START)
    )
    had_breaks = episodes.filter(SHORT_BREAK & in_year).select("_K").unique()
    care = episodes.filter(~SHORT_BREAK & in_year).join(had_breaks, on="_K", how="anti")
    same_child = pl.col("_K").eq_missing(pl.col("_K").shift(1))
    gaps = care.with_columns(
        gap=(same_child & (pl.col("DECOM") > pl.col("DEC").shift(1))).fill_null(value=False)
    )
    return (
        gaps.group_by("_K")
        .agg(
            pl.col("DECOM").min().alias("from"),
            pl.col("DEC").last().alias("to"),
            pl.col("gap").any().alias("gap"),
            YEAR_START.first().alias("start"),
            YEAR_END.first().alias("end"),
        )
        .filter(
            (pl.col("from") <= pl.col("start"))
            & ~pl.col("gap")
            & (pl.col("to").is_null() | (pl.col("to") >= pl.col("end")))
        )
        .select("_K")
    )


@rule(
    "190",
    "oc2",
    "CHILD",
    "This child has an OC2 row but was not looked after continuously for the 12 months to 31 "
    "March (short breaks aside). Remove the row, or check the episodes.",
    stage="cross-table",
)
def _oc2_not_cla12(context: Context) -> Found:
    return context["oc2"].join(context.cla12, on="_K", how="anti")


@rule(
    "191",
    "episodes",
    "CHILD",
    "This child was looked after continuously for the 12 months to 31 March, so needs an OC2 "
    "row (health, SDQ, convictions). Add it.",
    stage="cross-table",
)
def _cla12_without_oc2(context: Context) -> Found:
    missing = context.cla12.join(context["oc2"], on="_K", how="anti")
    return context.episodes.filter(pl.col("last")).join(missing, on="_K", how="semi")


def _age_at_year_end() -> pl.Expr:
    return age_at(pl.col("DOB"), YEAR_END)


@rule(
    "545",
    "oc2",
    "HEALTH_CHECK",
    "HEALTH_CHECK (development checks) is only for children under 5 on 31 March. Leave it "
    "blank for this child.",
    stage="cross-table",
)
def _health_check_over_five(context: Context) -> Found:
    return context["oc2"].filter((_age_at_year_end() >= 5) & pl.col("HEALTH_CHECK").is_not_null())


@rule(
    "546",
    "oc2",
    "HEALTH_CHECK",
    "HEALTH_CHECK (development checks) is blank for a child under 5 on 31 March. Give 1 if "
    "their checks are up to date, or 0.",
    stage="cross-table",
)
def _health_check_missing(context: Context) -> Found:
    return context["oc2"].filter((_age_at_year_end() < 5) & pl.col("HEALTH_CHECK").is_null())


@rule(
    "543",
    "oc2",
    "CONVICTED",
    "CONVICTED is blank for a child aged 10 or over on 31 March. Give 1 if they were convicted "
    "or given a final warning or reprimand in the year, or 0.",
    stage="cross-table",
)
def _convicted_missing(context: Context) -> Found:
    return context["oc2"].filter((_age_at_year_end() >= 10) & pl.col("CONVICTED").is_null())


@rule(
    "542",
    "oc2",
    "CONVICTED",
    "CONVICTED is only for children aged 10 or over on 31 March. Leave it blank for this child.",
    stage="cross-table",
)
def _convicted_under_ten(context: Context) -> Found:
    return context["oc2"].filter((_age_at_year_end() < 10) & pl.col("CONVICTED").is_not_null())


@rule(
    "186",
    "oc2",
    "SDQ_SCORE",
    "A child aged 4 to 16 needs a strengths and difficulties score (SDQ_SCORE) or the reason "
    "there is none (SDQ_REASON).",
    stage="cross-table",
)
def _sdq_missing(context: Context) -> Found:
    aged = (age_at(pl.col("DOB"), YEAR_START) >= 4) & (_age_at_year_end() < 17)
    none = pl.col("SDQ_SCORE").is_null() & pl.col("SDQ_REASON").is_null()
    return context["oc2"].filter(aged & none)


@rule(
    "188",
    "oc2",
    "SDQ_SCORE",
    "A child under 4 at the start of the year has no strengths and difficulties score. Leave "
    "SDQ_SCORE blank.",
    stage="cross-table",
)
def _sdq_under_four(context: Context) -> Found:
    return context["oc2"].filter(
        (age_at(pl.col("DOB"), YEAR_START) < 4) & pl.col("SDQ_SCORE").is_not_null()
    )


@rule(
    "189",
    "oc2",
    "SDQ_SCORE",
    "A young person aged 17 or over at the end of the year has no strengths and difficulties "
    "score. Leave SDQ_SCORE blank.",
    stage="cross-table",
)
def _sdq_seventeen(context: Context) -> Found:
    return context["oc2"].filter((_age_at_year_end() >= 17) & pl.col("SDQ_SCORE").is_not_null())


@rule(
    "391",
    "oc3",
    "DOB",
    "OC3 is for care leavers whose 17th to 21st birthday falls in the year. Remove this row, or "
    "check the date of birth.",
    stage="cross-table",
)
def _oc3_wrong_age(context: Context) -> Found:
    birthday_age = pl.col("YEAR").cast(pl.Int32) - 1 - pl.col("DOB").dt.year()
    # The birthday in the year 1 April to 31 March: a January to March birthday is in YEAR.
    birthday_age = (
        pl.when(pl.col("DOB").dt.month() <= 3).then(birthday_age + 1).otherwise(birthday_age)
    )
    return context["oc3"].filter(~birthday_age.is_between(17, 21))


@rule(
    "440",
    "reviews",
    "REVIEW_CODE",
    "PN0 is for a child under 4 on the day of the review. Give the code for how this child "
    "took part (PN1 to PN7).",
    stage="cross-table",
)
def _pn0_over_four(context: Context) -> Found:
    reviews = context["reviews"]
    return reviews.filter(
        (pl.col("REVIEW_CODE") == "PN0") & (age_at(pl.col("DOB"), pl.col("REVIEW")) >= 4)
    )


@rule(
    "441",
    "reviews",
    "REVIEW_CODE",
    "The child was under 4 on the day of the review, so the code must be PN0.",
    stage="cross-table",
)
def _under_four_not_pn0(context: Context) -> Found:
    reviews = context["reviews"]
    return reviews.filter(
        (pl.col("REVIEW_CODE") != "PN0") & (age_at(pl.col("DOB"), pl.col("REVIEW")) < 4)
    )


@rule(
    "567",
    "missing",
    "MIS_END",
    "The missing or away period ends (MIS_END) before it starts (MIS_START). Correct the dates.",
    excludes=True,
)
def _missing_ends_first(context: Context) -> Found:
    return context["missing"].filter(pl.col("MIS_END") < pl.col("MIS_START"))


@rule(
    "574",
    "missing",
    "MIS_START",
    "This missing or away period starts before the child's previous one ended. Correct the "
    "dates so the periods do not overlap.",
)
def _missing_overlap(context: Context) -> Found:
    rows = context["missing"].sort("_K", "MIS_START")
    same = pl.col("_K").eq_missing(pl.col("_K").shift(1))
    return rows.filter(same & (pl.col("MIS_START") < pl.col("MIS_END").shift(1)))


@rule(
    "577",
    "missing",
    "MIS_END",
    "The missing or away period has no end date, but the child stopped being looked after "
    "during the year. Give the date they were found or returned.",
    stage="cross-table",
)
def _missing_open_after_care(context: Context) -> Found:
    left = context.episodes.filter(
        pl.col("last") & pl.col("DEC").is_not_null() & (pl.col("DEC") < YEAR_END)
    )
    return (
        context["missing"]
        .filter(pl.col("MIS_END").is_null())
        .join(left.select("_K"), on="_K", how="semi")
    )


@rule(
    "581",
    "missing",
    "MIS_START",
    "The child went missing or away on a day they were not looked after in this return. Check "
    "the date, or the child's episodes.",
    stage="cross-table",
)
def _missing_outside_care(context: Context) -> Found:
    missing = context["missing"].with_row_index("_missing")
    during = missing.join(
        context.episodes.select("_K", "DECOM", "DEC"), on="_K", how="inner"
    ).filter(
        (pl.col("MIS_START") >= pl.col("DECOM"))
        & (pl.col("DEC").is_null() | (pl.col("MIS_START") <= pl.col("DEC")))
    )
    return missing.join(during.select("_missing").unique(), on="_missing", how="anti").filter(
        pl.col("MIS_START").is_not_null()
    )


@rule(
    "601",
    "ad1",
    "CHILD",
    "This child has an AD1 (adoption) row but was not adopted in the year (no episode ending "
    "with REC E11 or E12). Remove the row, or check the episode's reason for ending.",
    stage="cross-table",
)
def _ad1_without_adoption(context: Context) -> Found:
    adopted = context.episodes.filter(pl.col("REC").is_in(ADOPTED)).select("_K").unique()
    return context["ad1"].join(adopted, on="_K", how="anti")


@rule(
    "602",
    "episodes",
    "REC",
    "The child was adopted (REC E11 or E12) but has no AD1 row. Add the adoption's details.",
    stage="cross-table",
)
def _adoption_without_ad1(context: Context) -> Found:
    adopted = context.episodes.filter(pl.col("REC").is_in(ADOPTED))
    return adopted.join(context["ad1"].select("_K").unique(), on="_K", how="anti")


# Across years: each year against the one before, for the same authority.


def _as_next_year(frame: pl.DataFrame) -> pl.DataFrame:
    """Last year's rows as they should appear in this year's return: same child, year after."""
    return frame.with_columns(pl.col("YEAR") + 1, _K=pl.col("_K_AFTER"))


@rule(
    "502",
    "episodes",
    "DECOM",
    "Last year's return had this child's episode open on 31 March, but it is not in this "
    "year's with the same start date (DECOM). Add it, or correct last year's return.",
    stage="cross-year",
)
def _open_episode_lost(context: Context) -> Found:
    episodes = context.episodes
    years = episodes.select("LA", "YEAR").unique()
    open_last_year = _as_next_year(episodes.filter(pl.col("DEC").is_null())).join(
        years, on=["LA", "YEAR"], how="semi"
    )
    return open_last_year.join(episodes, on=["_K", "DECOM"], how="anti")


@rule(
    "503",
    "episodes",
    "LS",
    "The episode open on 31 March last year has different details this year (legal status, "
    "placement, RNE or provider). Make both years agree.",
    stage="cross-year",
    severity="error",
)
def _open_episode_changed(context: Context) -> Found:
    columns = ["RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER"]
    before = _as_next_year(context.episodes.filter(pl.col("DEC").is_null())).select(
        "_K", "DECOM", *(pl.col(c).alias(f"before_{c}") for c in columns)
    )
    both = context.episodes.join(before, on=["_K", "DECOM"], how="inner")
    return both.filter(
        pl.any_horizontal(pl.col(c).ne_missing(pl.col(f"before_{c}")) for c in columns)
    )


def _changed_since_last_year(context: Context, column: str) -> pl.DataFrame:
    # Sex was 1 or 2 to 2023-24, M or F from 2024-25: compare in the new codes.
    value = pl.col(column).replace({"1": "M", "2": "F"}) if column == "SEX" else pl.col(column)
    header = context["header"].with_columns(_value=value)
    before = _as_next_year(header).select("_K", pl.col("_value").alias("_before"))
    both = header.join(before.unique("_K", keep="first"), on="_K", how="inner")
    return both.filter(pl.col("_value").ne_missing(pl.col("_before")))


for _code, _column, _what in (
    ("202", "SEX", "sex"),
    ("203", "DOB", "date of birth"),
    ("204", "ETHNIC", "ethnicity"),
):
    rule(
        _code,
        "header",
        _column,
        f"The child's {_what} is not the same as in last year's return. Check which is right.",
        severity="warning",
        stage="cross-year",
    )(partial(_changed_since_last_year, column=_column))
