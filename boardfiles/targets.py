"""KPI targets: read the target phrases boards write into a rule, keeping the words.

Strategies give targets in words: "less than 10% (currently 12%)", "should be higher than 70%",
"from 87% to 100% by March 2017", "maintain 95-100%", "at or above the England average",
"no target". `parse_target` turns each into a `Target` that keeps the words it was read from,
so the scorecard can rate a reading against it (`boardfiles.rag.rate`) and still show the
board exactly what it wrote. It never raises: what it cannot read comes back as kind `none` with
`understood=False` and a note, and is kept as words.

How the forms that could reasonably be read another way are read:

- Single bounds keep their number in the bound they set: `less_than` and `at_most` in `high`
  (a ceiling), `more_than` and `at_least` in `low` (a floor).
- A bare number ("95%", "Target: 95%", "aiming for 30%" with no word saying which way, "10% or
  better") is a point target: kind `between` with `low == high`. Whether more is better is the
  KPI's polarity, not the target's, so `rate` reads it in the KPI's direction.
- "maintain 95%" is `maintain` with `low == high`, read the same way.
- A directional aim with a baseline and no number to hit ("An increase in the number of local
  foster carers (currently 149)") is `more_than` the baseline (`less_than` for "reduce",
  "fewer"): a board that writes "an increase on 149" expects 152 to be on target and 145 not. The
  note says the number came from the baseline. Without a baseline there is nothing to measure
  against: kind `none`, `understood=False`.
- A relative change ("10% Less cared for children offend compared with 2013/14", "reduce ... by
  10%") is `at_most` (or `at_least` for an increase) with `change=-10` (percent of the baseline)
  and no bound until the baseline figure is known: `Target.with_baseline(value)` sets the bound
  to 90% of it. "10% less" is read as 10% fewer, not 10 percentage points, and the note says so.
- "aiming for 30%" takes its direction from the first word of direction in the phrase
  ("increase" makes it `at_least`, "reduce" `at_most`).
- A comparison with words of measure after it ("waiting less than 18 months to be adopted",
  "3 or more placements in a year", "aged 16 or over") defines the measure and is not a target.
- A deadline ("by March 2017") is kept on any kind in `by`: a month means its last day, a year
  its last day, a financial year ("by 2016/17") 31 March; a month with no year gives no date and
  a note. Only a trajectory's rating depends on it.

Pure Python: no Django, no wall clock.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from boardfiles.units import Unit


class TargetKind(StrEnum):
    LESS_THAN = "less_than"  # high is the ceiling, not reached: "less than 10%"
    AT_MOST = "at_most"  # high is the ceiling, may be reached: "no more than 5"
    MORE_THAN = "more_than"  # low is the floor, not reached: "higher than 70%"
    AT_LEAST = "at_least"  # low is the floor, may be reached: "95% or above"
    BETWEEN = "between"  # low to high; a point target when low == high: "60-70%", "95%"
    TRAJECTORY = "trajectory"  # start to end by a date: "from 87% to 100% by March 2017"
    MAINTAIN = "maintain"  # keep within low to high: "maintain 95-100%"
    COMPARATOR = "comparator"  # against a published average: "at or above the England average"
    NONE = "none"  # no target: "no target", "contextual", blank, or words we could not read


class Comparator(StrEnum):
    ENGLAND = "england"
    REGION = "region"
    STATISTICAL_NEIGHBOURS = "statistical_neighbours"


class Comparison(StrEnum):
    """How a comparator target compares: the bound kinds, and three that depend on polarity."""

    LESS_THAN = "less_than"
    AT_MOST = "at_most"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    IN_LINE = "in_line"  # "in line with national": within the tolerance of it
    BETTER_THAN = "better_than"  # better in the KPI's direction
    NO_WORSE_THAN = "no_worse_than"  # as good or better in the KPI's direction


@dataclass(frozen=True)
class Target:
    """A KPI target read from the board's words, with the words."""

    words: str
    kind: TargetKind
    low: Decimal | None = None  # the floor: more_than, at_least, between, maintain
    high: Decimal | None = None  # the ceiling: less_than, at_most, between, maintain
    start: Decimal | None = None  # trajectory: where it starts
    end: Decimal | None = None  # trajectory: where it should be by `by`
    by: datetime.date | None = None  # the deadline, on any kind that gives one
    unit: Unit | None = None  # None: no number, or a number in days, a rate per 10,000, ...
    comparator: Comparator | None = None
    comparison: Comparison | None = None
    baseline: str | None = None  # the words: "currently 12%", "compared with 2013/14"
    baseline_value: Decimal | None = None
    change: Decimal | None = None  # a relative change in percent of the baseline: -10
    understood: bool = True  # False: non-blank words we could not read a target from
    note: str = ""  # what was assumed, or why nothing was read, for the person checking

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form. Numbers are strings, as Django's JSON encoder writes Decimals, so
        that 87.5 stays exactly 87.5 on the way back through `from_dict`."""
        return {
            "words": self.words,
            "kind": str(self.kind),
            "low": _text(self.low),
            "high": _text(self.high),
            "start": _text(self.start),
            "end": _text(self.end),
            "by": self.by.isoformat() if self.by else None,
            "unit": str(self.unit) if self.unit else None,
            "comparator": str(self.comparator) if self.comparator else None,
            "comparison": str(self.comparison) if self.comparison else None,
            "baseline": self.baseline,
            "baseline_value": _text(self.baseline_value),
            "change": _text(self.change),
            "understood": self.understood,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Target:
        """The reverse of `as_dict`, for a target stored as JSON."""

        def number(key: str) -> Decimal | None:
            value = data.get(key)
            return None if value is None else Decimal(str(value))

        def text(key: str) -> str | None:
            value = data.get(key)
            return None if value is None else str(value)

        by, unit, comparator, comparison = (
            text("by"),
            text("unit"),
            text("comparator"),
            text("comparison"),
        )
        return cls(
            words=str(data.get("words", "")),
            kind=TargetKind(str(data["kind"])),
            low=number("low"),
            high=number("high"),
            start=number("start"),
            end=number("end"),
            by=datetime.date.fromisoformat(by) if by else None,
            unit=Unit(unit) if unit else None,
            comparator=Comparator(comparator) if comparator else None,
            comparison=Comparison(comparison) if comparison else None,
            baseline=text("baseline"),
            baseline_value=number("baseline_value"),
            change=number("change"),
            understood=bool(data.get("understood", True)),
            note=str(data.get("note", "")),
        )

    def with_baseline(self, value: Decimal) -> Target:
        """The target once the baseline figure is known. A relative change ("10% less than
        2013/14") gets its bound from it; any other target just records it."""
        if self.change is None:
            return dataclasses.replace(self, baseline_value=value)
        bound = value * (100 + self.change) / 100
        if self.kind in (TargetKind.AT_MOST, TargetKind.LESS_THAN):
            return dataclasses.replace(self, baseline_value=value, high=bound)
        return dataclasses.replace(self, baseline_value=value, low=bound)


def _text(number: Decimal | None) -> str | None:
    return None if number is None else str(number)


# --- the pieces every pattern is built from ---------------------------------------------------

# A number as boards write it: "12", "87.5", "1,250".
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# "%", "per cent" or "percent", with or without a space before it ("87 %").
_PERCENT_SIGN = r"\s*(?:%|per\s?cent\b)"
_DASH = r"[-\u2010-\u2015]"


def _number(name: str) -> str:
    """A number in a named group, and its percent sign, if any, in `<name>_pct`."""
    return rf"(?<![\d.,])(?P<{name}>{_DIGITS})(?P<{name}_pct>{_PERCENT_SIGN})?"


_FLAGS = re.IGNORECASE | re.VERBOSE

_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): n for n, name in enumerate(calendar.month_abbr) if name}
_MONTHS |= {"sept": 9}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
EARLIEST_YEAR, LATEST_YEAR = 1990, 2200  # outside these, a "year" is a typo, not a plan

# --- patterns, in the order they are tried ------------------------------------------------------

# Where the authority is now, in brackets: "(currently 12%)", "(currently 53% in 2013)",
# "(baseline 2013/14: 45%)". A bracket with a number and a word saying it is the current figure.
_BASELINE_IN_BRACKETS = re.compile(
    r"""\((?P<baseline>(?=[^()]*\d)
        (?=[^()]*\b(?:currently|current|baseline|was|at\ present|presently|now|as\ at|as\ of)\b)
        [^()]*)\)""",
    _FLAGS,
)
# The same without brackets: "less than 10%, currently 12%".
_BASELINE_INLINE = re.compile(
    rf"""[,;]?\s*\b(?P<baseline>(?:currently|at\ present|baseline:?)\s+(?:at\s+|is\s+|of\s+)?
        {_number("b")}(?:\s+(?:in|at|for|as\ at)\s+(?:[a-z]+\s+)?\d{{4}}(?:/\d{{2,4}})?)?)""",
    _FLAGS,
)
# The baseline's figure: a percentage first, else any number that is not a year.
_PERCENTAGE = re.compile(rf"{_number('n')}(?(n_pct)|(?!))", _FLAGS)
_NOT_A_YEAR = re.compile(rf"(?<![\d.,])(?!(?:19|20)\d\d\b)(?P<n>{_DIGITS})(?!\s*/\s*\d)", _FLAGS)

# A deadline: "by March 2017", "by the end of 2018", "by 31 March 2017", "by 2016/17", "by March".
_BY_DATE = re.compile(
    rf"""\bby\s+(?:the\s+)?(?:end\s+of\s+)?
        (?:(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?)?(?P<month>{_MONTH_NAMES})\b\.?,?\s*)?
        (?:(?P<year>(?:19|20)\d{{2}})(?:\s*/\s*(?P<year_end>\d{{2}}(?:\d{{2}})?))?
        (?![\d%])(?!\.\d))?""",
    _FLAGS,
)

# The words that say there is no target, on their own or leading the phrase ("Contextual - no
# target set").
_NO_TARGET = re.compile(
    r"""^\W*(?:no\ target(?:\ set)?|none|nil|n\s*/\s*a|n\.?a\.?|not\ applicable|
        contextual(?:\ only)?|context(?:\ only)?|monitor(?:ing)?(?:\ only)?|
        (?:for\ )?information(?:\ only)?|not\ set|tbc|tbd|to\ be\ (?:confirmed|decided|set|agreed)|
        baseline\ year|[-\u2010-\u2015]+)(?:\W[^\d]*)?$""",
    _FLAGS | re.DOTALL,
)
_TO_BE_CONFIRMED = re.compile(r"\b(?:tbc|tbd|to\s+be\s+(?:confirmed|decided|set|agreed))\b", _FLAGS)

# From a start to an end: "from 87% to 100%", "from 87 % to 100%", "from a baseline of 12% down
# to 10%".
_TRAJECTORY = re.compile(
    rf"""\bfrom\s+(?:a\s+)?(?:baseline\s+(?:of\s+)?)?{_number("a")}\s*
        (?:{_DASH}|(?:up\s+|down\s+)?to(?:wards?)?)\s*{_number("b")}""",
    _FLAGS,
)
# Maintain a band or a level: "maintain 95-100%", "maintain 95% to 100%", "maintain at 95%".
_MAINTAIN = re.compile(
    rf"""\bmaintain(?:ed|ing|s)?\s+(?:at\s+)?(?:(?:a|the)\s+)?(?:(?:level|rate)\s+of\s+)?
        (?:between\s+)?{_number("a")}(?:\s*(?:{_DASH}|to|and)\s*{_number("b")})?""",
    _FLAGS,
)
# A band: "between 60% and 70%", "60-70%", "60 to 70%".
_BETWEEN = re.compile(
    rf"""(?P<between>\bbetween\s+)?{_number("a")}\s*(?:{_DASH}|to\b|(?(between)and\b|(?!)))\s*
        {_number("b")}""",
    _FLAGS,
)

# Published averages, by the words boards use for them.
_COMPARATOR_NAMES = {
    "england": Comparator.ENGLAND,
    "english": Comparator.ENGLAND,
    "national": Comparator.ENGLAND,
    "nationally": Comparator.ENGLAND,
    "regional": Comparator.REGION,
    "region": Comparator.REGION,
    "north west": Comparator.REGION,
    "north east": Comparator.REGION,
    "yorkshire and the humber": Comparator.REGION,
    "yorkshire and humber": Comparator.REGION,
    "east midlands": Comparator.REGION,
    "west midlands": Comparator.REGION,
    "east of england": Comparator.REGION,
    "london": Comparator.REGION,
    "south east": Comparator.REGION,
    "south west": Comparator.REGION,
    "statistical neighbour": Comparator.STATISTICAL_NEIGHBOURS,
    "statistical neighbours": Comparator.STATISTICAL_NEIGHBOURS,
    "stat neighbour": Comparator.STATISTICAL_NEIGHBOURS,
    "stat neighbours": Comparator.STATISTICAL_NEIGHBOURS,
    "sn": Comparator.STATISTICAL_NEIGHBOURS,
    "similar authorities": Comparator.STATISTICAL_NEIGHBOURS,
    "comparator authorities": Comparator.STATISTICAL_NEIGHBOURS,
}
_COMPARISON_WORDS = {
    "at or above": Comparison.AT_LEAST,
    "at least": Comparison.AT_LEAST,
    "no lower than": Comparison.AT_LEAST,
    "not below": Comparison.AT_LEAST,
    "equal to or above": Comparison.AT_LEAST,
    "at or below": Comparison.AT_MOST,
    "at most": Comparison.AT_MOST,
    "no higher than": Comparison.AT_MOST,
    "not above": Comparison.AT_MOST,
    "equal to or below": Comparison.AT_MOST,
    "above": Comparison.MORE_THAN,
    "higher than": Comparison.MORE_THAN,
    "more than": Comparison.MORE_THAN,
    "greater than": Comparison.MORE_THAN,
    "over": Comparison.MORE_THAN,
    "below": Comparison.LESS_THAN,
    "lower than": Comparison.LESS_THAN,
    "less than": Comparison.LESS_THAN,
    "fewer than": Comparison.LESS_THAN,
    "under": Comparison.LESS_THAN,
    "better than": Comparison.BETTER_THAN,
    "at or better than": Comparison.NO_WORSE_THAN,
    "no worse than": Comparison.NO_WORSE_THAN,
    "as good as": Comparison.NO_WORSE_THAN,
    "at least as good as": Comparison.NO_WORSE_THAN,
    "in line with": Comparison.IN_LINE,
    "in-line with": Comparison.IN_LINE,
    "the same as": Comparison.IN_LINE,
    "same as": Comparison.IN_LINE,
    "similar to": Comparison.IN_LINE,
    "equal to": Comparison.IN_LINE,
    "consistent with": Comparison.IN_LINE,
    "comparable to": Comparison.IN_LINE,
    "comparable with": Comparison.IN_LINE,
    "close to": Comparison.IN_LINE,
    "matching": Comparison.IN_LINE,
    "match": Comparison.IN_LINE,
    "at": Comparison.IN_LINE,
}
# "England average or better": the comparison after the name.
_COMPARISON_AFTER = {
    "better": Comparison.NO_WORSE_THAN,
    "above": Comparison.AT_LEAST,
    "higher": Comparison.AT_LEAST,
    "more": Comparison.AT_LEAST,
    "below": Comparison.AT_MOST,
    "lower": Comparison.AT_MOST,
    "less": Comparison.AT_MOST,
    "fewer": Comparison.AT_MOST,
}


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation of phrases, longest first so "at or above" wins over "above", with
    any run of spaces allowed between words."""
    phrases = sorted(words, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(p) for p in phrase.split()) for phrase in phrases)


_NAMES = _alternatives(_COMPARATOR_NAMES)
# "at or above the England average", "below the statistical neighbour average", "in line with
# national", "better than the regional average".
_COMPARATOR = re.compile(
    rf"""(?<![a-z])(?P<op>{_alternatives(_COMPARISON_WORDS)})\s+
        (?:that\s+of\s+|those\s+of\s+)?(?:the\s+|our\s+)?(?P<who>{_NAMES})\b""",
    _FLAGS,
)
_COMPARATOR_FIRST = re.compile(
    rf"""(?<![a-z])(?:the\s+)?(?P<who>{_NAMES})\s+(?:average\s+|rate\s+|figure\s+|level\s+)?
        or\s+(?P<op>{_alternatives(_COMPARISON_AFTER)})\b""",
    _FLAGS,
)

# A relative change: "10% less cared for children offend", "a 10% reduction in ...".
_RELATIVE_BEFORE = re.compile(
    rf"""{_number("n")}(?(n_pct)|(?!))\s+
        (?P<way>less|fewer|lower|reduction|decrease|drop|fall|cut|more|higher|increase|rise)\b""",
    _FLAGS,
)
# "Reduce the number of first-time entrants by 10%": the change as a share of the baseline, not
# percentage points (those are not read).
_RELATIVE_BY = re.compile(
    rf"""\b(?P<way>reduc|decreas|cut|lower|increas|rais|improv)[a-z]*\b[^.;()]{{0,200}}?
        \bby\s+{_number("n")}(?(n_pct)|(?!))""",
    _FLAGS,
)
# What the change is measured from: "compared with 2013/14", "on 2013/14 levels".
_RELATIVE_TO = re.compile(
    r"""\b(?P<ref>(?:compared\s+(?:with|to)|on|than|from|against)\s+(?:the\s+)?
        (?:(?:19|20)\d{2}(?:\s*/\s*\d{2,4})?|previous\s+year|last\s+year|baseline)
        (?:\s+(?:levels?|figures?|baseline))?)""",
    _FLAGS,
)

# A bound before its number: "less than 10%", "no more than 5", "at least 90%", ">= 95%".
_BOUND_WORDS = {
    "less than": TargetKind.LESS_THAN,
    "fewer than": TargetKind.LESS_THAN,
    "lower than": TargetKind.LESS_THAN,
    "below": TargetKind.LESS_THAN,
    "under": TargetKind.LESS_THAN,
    "<": TargetKind.LESS_THAN,
    "less than or equal to": TargetKind.AT_MOST,
    "equal to or less than": TargetKind.AT_MOST,
    "equal to or lower than": TargetKind.AT_MOST,
    "equal to or below": TargetKind.AT_MOST,
    "at or below": TargetKind.AT_MOST,
    "at most": TargetKind.AT_MOST,
    "no more than": TargetKind.AT_MOST,
    "not more than": TargetKind.AT_MOST,
    "no greater than": TargetKind.AT_MOST,
    "not greater than": TargetKind.AT_MOST,
    "no higher than": TargetKind.AT_MOST,
    "not higher than": TargetKind.AT_MOST,
    "not above": TargetKind.AT_MOST,
    "not exceed": TargetKind.AT_MOST,
    "not to exceed": TargetKind.AT_MOST,
    "not exceeding": TargetKind.AT_MOST,
    "a maximum of": TargetKind.AT_MOST,
    "maximum of": TargetKind.AT_MOST,
    "maximum": TargetKind.AT_MOST,
    "max": TargetKind.AT_MOST,
    "up to": TargetKind.AT_MOST,
    "<=": TargetKind.AT_MOST,
    "\u2264": TargetKind.AT_MOST,
    "more than": TargetKind.MORE_THAN,
    "greater than": TargetKind.MORE_THAN,
    "higher than": TargetKind.MORE_THAN,
    "above": TargetKind.MORE_THAN,
    "over": TargetKind.MORE_THAN,
    "exceed": TargetKind.MORE_THAN,
    "exceeds": TargetKind.MORE_THAN,
    "exceeding": TargetKind.MORE_THAN,
    ">": TargetKind.MORE_THAN,
    "at least": TargetKind.AT_LEAST,
    "no less than": TargetKind.AT_LEAST,
    "not less than": TargetKind.AT_LEAST,
    "no fewer than": TargetKind.AT_LEAST,
    "not fewer than": TargetKind.AT_LEAST,
    "no lower than": TargetKind.AT_LEAST,
    "not lower than": TargetKind.AT_LEAST,
    "not below": TargetKind.AT_LEAST,
    "a minimum of": TargetKind.AT_LEAST,
    "minimum of": TargetKind.AT_LEAST,
    "minimum": TargetKind.AT_LEAST,
    "min": TargetKind.AT_LEAST,
    "at or above": TargetKind.AT_LEAST,
    "greater than or equal to": TargetKind.AT_LEAST,
    "more than or equal to": TargetKind.AT_LEAST,
    "equal to or greater than": TargetKind.AT_LEAST,
    "equal to or more than": TargetKind.AT_LEAST,
    "equal to or above": TargetKind.AT_LEAST,
    ">=": TargetKind.AT_LEAST,
    "\u2265": TargetKind.AT_LEAST,
}
_BOUND_BEFORE = re.compile(
    rf"(?<![a-z<>=])(?P<op>{_alternatives(_BOUND_WORDS)})\s*:?\s*(?:of\s+)?{_number('n')}",
    _FLAGS,
)
# A bound after its number: "95% or above", "5 or fewer", "95%+", "10% or better" (a point).
_BOUND_AFTER_WORDS = {
    "more": TargetKind.AT_LEAST,
    "above": TargetKind.AT_LEAST,
    "higher": TargetKind.AT_LEAST,
    "over": TargetKind.AT_LEAST,
    "greater": TargetKind.AT_LEAST,
    "less": TargetKind.AT_MOST,
    "fewer": TargetKind.AT_MOST,
    "below": TargetKind.AT_MOST,
    "lower": TargetKind.AT_MOST,
    "under": TargetKind.AT_MOST,
    "better": TargetKind.BETWEEN,  # better depends on the KPI's polarity: a point target
}
_BOUND_AFTER = re.compile(
    rf"""{_number("n")}\s*(?:(?:or|and)\s+(?P<op>{_alternatives(_BOUND_AFTER_WORDS)})\b|
        (?(n_pct)\s*\+|(?!)))""",  # "18+" is an age; only "95%+" is a target
    _FLAGS,
)

# "aiming for 30%", "target of 95%", "Target: 95%".
_AIM = re.compile(
    rf"""\b(?:aim(?:ing|s|ed)?\s+(?:for|to\s+(?:reach|achieve|be|hit|get\s+to)|at)|
        target(?:\s+(?:of|is|=))?\s*:?|to\s+(?:reach|achieve))\s+(?:the\s+)?{_number("n")}""",
    _FLAGS,
)
# "Improve OC2 health checks to 95%": a number after "to", when the phrase says which way.
_TO_NUMBER = re.compile(rf"\bto\s+{_number('n')}", _FLAGS)
# The whole phrase is one number: "95%", "10".
_BARE_NUMBER = re.compile(rf"^\W*{_number('n')}\W*$", _FLAGS)

# Which way the board wants the measure to go. "less than 18 months" defines a measure, so a
# word of direction followed by "than" does not count.
_DIRECTION_WORD = re.compile(
    r"""\b(?:(?P<up>increas\w*|improv\w*|rais\w*|more|higher|grow\w*|rise|rising)|
        (?P<down>reduc\w*|decreas\w*|fewer|lower|less|declin\w*|fall\w*|cut|minimis\w*|minimiz\w*))
        \b(?!\s+than\b)""",
    _FLAGS,
)

# Words after a number that make it part of the measure's definition when the sentence goes on:
# "less than 18 months to be adopted", "3 or more placements in a year", "over 2.5 years who".
_DEFINING_UNIT = re.compile(
    r"""\s*(?:days?|weeks?|months?|years?|yrs?|hours?|hrs?|minutes?|mins?|miles?|km|
        kilometres?|placements?|moves?|schools?|times?|occasions?|episodes?|nights?)\b
        (?P<rest>[^.;:()]*)""",
    _FLAGS,
)
# A number that is an age: "aged 16 or over", "aged between 16 and 18".
_AGE_BEFORE = re.compile(r"\b(?:aged?|ages)\s+(?:of\s+)?(?:between\s+)?$", _FLAGS)
# A number with a unit that is neither a percentage nor a count: "426 days", "per 10,000".
_OTHER_UNIT = re.compile(
    r"""\s*(?:days?|weeks?|months?|years?|hours?|minutes?|miles?|km|kilometres?)\b|
        \s*per\s+(?:10,?000|1,?000|100,?000|thousand|hundred)""",
    _FLAGS,
)
_LETTER = re.compile(r"[a-z]", re.IGNORECASE)


# --- reading -------------------------------------------------------------------------------


def parse_target(text: str) -> Target:
    """Read a target phrase. Never raises: words that give no target come back as kind `none`,
    `understood=False`, with a note; they are still kept as words."""
    words = str(text).strip() if text is not None else ""
    if not words:
        return Target(words="", kind=TargetKind.NONE)
    try:
        return _read(words)
    except (ArithmeticError, ValueError, OverflowError):  # no known input: a last safety net
        return _not_read(words)


def _read(words: str) -> Target:
    if _NO_TARGET.match(words):
        confirm = _TO_BE_CONFIRMED.search(words)
        return Target(
            words=words,
            kind=TargetKind.NONE,
            note="The target is still to be confirmed." if confirm else "",
        )
    baseline, baseline_value, masked = _baseline(words)
    by, by_note, masked = _deadline(masked)
    common = _Common(words, baseline, baseline_value, by, by_note)
    readers: tuple[Callable[[str, _Common], Target | None], ...] = (
        _trajectory,
        _maintain,
        _between,
        _comparator,
        _relative,
        _bound,
        _aim,
        _bare_number,
        _aim_from_baseline,
    )
    for reader in readers:
        target = reader(masked, common)
        if target is not None:
            return target
    return _not_read(words, baseline, baseline_value, by)


@dataclass(frozen=True)
class _Common:
    """What every reading carries: the words, the baseline and the deadline."""

    words: str
    baseline: str | None
    baseline_value: Decimal | None
    by: datetime.date | None
    by_note: str

    def target(self, kind: TargetKind, note: str = "", **values: object) -> Target:
        notes = " ".join(n for n in (note, self.by_note) if n)
        return Target(
            words=self.words,
            kind=kind,
            by=self.by,
            baseline=self.baseline,
            baseline_value=self.baseline_value,
            note=notes,
            **values,  # type: ignore[arg-type]
        )


def _not_read(
    words: str,
    baseline: str | None = None,
    baseline_value: Decimal | None = None,
    by: datetime.date | None = None,
    note: str = "We could not read a target from this; it is kept as words.",
) -> Target:
    return Target(
        words=words,
        kind=TargetKind.NONE,
        by=by,
        baseline=baseline,
        baseline_value=baseline_value,
        understood=False,
        note=note,
    )


def _blank(text: str, start: int, end: int) -> str:
    """The text with a span replaced by spaces, so later patterns skip it but positions hold."""
    return text[:start] + " " * (end - start) + text[end:]


def _baseline(words: str) -> tuple[str | None, Decimal | None, str]:
    found = _BASELINE_IN_BRACKETS.search(words) or _BASELINE_INLINE.search(words)
    if found is None:
        return None, None, words
    baseline = " ".join(found.group("baseline").split())
    figure = _PERCENTAGE.search(baseline) or _NOT_A_YEAR.search(baseline)
    value = _decimal(figure.group("n")) if figure else None
    return baseline, value, _blank(words, found.start(), found.end())


def _deadline(text: str) -> tuple[datetime.date | None, str, str]:
    """The deadline, a note when it could not be dated, and the text with the deadline blanked."""
    for found in _BY_DATE.finditer(text):
        if found.group("month") or found.group("year"):
            by, note = _date_of(found)
            return by, note, _blank(text, found.start(), found.end())
    return None, "", text


def _date_of(found: re.Match[str]) -> tuple[datetime.date | None, str]:
    month_word, year, day = found.group("month"), found.group("year"), found.group("day")
    month = _MONTHS.get(month_word.lower()) if month_word else None
    unreadable = f'"{found.group(0).strip()}" is not a date we can read.'
    if year is None:
        name = calendar.month_name[month or 1]
        return None, f"No year is given with {name}: add one to date the target."
    first = int(year)
    if found.group("year_end"):
        # "by 2016/17": the end of the financial year, 31 March 2017.
        if int(found.group("year_end")) % 100 != (first + 1) % 100:
            return None, unreadable
        first, month, day = first + 1, 3, "31"
    if not EARLIEST_YEAR <= first <= LATEST_YEAR:
        return None, unreadable
    month = month or 12  # a year alone: its last day
    try:
        last = calendar.monthrange(first, month)[1]
        return datetime.date(first, month, int(day) if day else last), ""
    except ValueError:
        return None, unreadable


def _decimal(digits: str) -> Decimal:
    return Decimal(digits.replace(",", ""))


def _unit(found: re.Match[str], *names: str) -> Unit | None:
    """Percent when any of the numbers has a percent sign; otherwise a count, unless a unit like
    days or "per 10,000" follows."""
    if any(found.group(f"{name}_pct") for name in names):
        return Unit.PERCENTAGE
    if _OTHER_UNIT.match(found.string, found.end()):
        return None
    return Unit.COUNT


def _defines_the_measure(found: re.Match[str]) -> bool:
    """A comparison that is part of what is measured, not the target."""
    if _AGE_BEFORE.search(found.string, 0, found.start()):
        return True
    if re.match(r"\s*/\s*\d", found.string[found.end() :]):  # "less than 2013/14": a year
        return True
    unit = _DEFINING_UNIT.match(found.string, found.end())
    return bool(unit and _LETTER.search(unit.group("rest")))


def _last_target(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The last match that is not part of the measure's definition: boards name the measure
    first and the target after it."""
    matches = [m for m in pattern.finditer(text) if not _defines_the_measure(m)]
    return matches[-1] if matches else None


def _trajectory(text: str, common: _Common) -> Target | None:
    found = _last_target(_TRAJECTORY, text)
    if found is None:
        return None
    return common.target(
        TargetKind.TRAJECTORY,
        start=_decimal(found.group("a")),
        end=_decimal(found.group("b")),
        unit=_unit(found, "a", "b"),
    )


def _maintain(text: str, common: _Common) -> Target | None:
    found = _last_target(_MAINTAIN, text)
    if found is None:
        return None
    a = _decimal(found.group("a"))
    b = _decimal(found.group("b")) if found.group("b") else a
    return common.target(
        TargetKind.MAINTAIN, low=min(a, b), high=max(a, b), unit=_unit(found, "a", "b")
    )


def _between(text: str, common: _Common) -> Target | None:
    candidates = [
        m
        for m in _BETWEEN.finditer(text)
        if not _defines_the_measure(m)
        # "2013-14" is a year, not a band
        and not (re.fullmatch(r"(?:19|20)\d\d", m.group("a")) and not m.group("b_pct"))
        # "an annual health review (16-18)": a bare range in brackets names ages, not a band
        and not (_in_brackets(m) and not (m.group("a_pct") or m.group("b_pct")))
    ]
    if not candidates:
        return None
    found = candidates[-1]
    a, b = _decimal(found.group("a")), _decimal(found.group("b"))
    return common.target(
        TargetKind.BETWEEN, low=min(a, b), high=max(a, b), unit=_unit(found, "a", "b")
    )


def _in_brackets(found: re.Match[str]) -> bool:
    before, after = found.string[: found.start()], found.string[found.end() :]
    return before.rstrip().endswith("(") and after.lstrip().startswith(")")


def _comparator(text: str, common: _Common) -> Target | None:
    found = _COMPARATOR.search(text)
    if found is not None:
        comparison = _COMPARISON_WORDS[_phrase(found.group("op"))]
    else:
        found = _COMPARATOR_FIRST.search(text)
        if found is None:
            return None
        comparison = _COMPARISON_AFTER[_phrase(found.group("op"))]
    return common.target(
        TargetKind.COMPARATOR,
        comparator=_COMPARATOR_NAMES[_phrase(found.group("who"))],
        comparison=comparison,
    )


def _phrase(words: str) -> str:
    return " ".join(words.lower().split())


def _relative(text: str, common: _Common) -> Target | None:
    found = _RELATIVE_BEFORE.search(text) or _RELATIVE_BY.search(text)
    if found is None:
        return None
    way = found.group("way").lower()
    down = way.startswith(("less", "fewer", "lower", "reduc", "decreas", "drop", "fall", "cut"))
    size = _decimal(found.group("n"))
    reference = _RELATIVE_TO.search(text)
    baseline = common.baseline or (_phrase(reference.group("ref")) if reference else None)
    share = f"{size.normalize():f}%"
    note = (
        f"Read as {share} {'fewer' if down else 'more'} than the baseline (a relative change, "
        "not percentage points). Enter the baseline figure to set the number to rate against."
    )
    target = dataclasses.replace(
        common.target(
            TargetKind.AT_MOST if down else TargetKind.AT_LEAST,
            note=note,
            change=-size if down else size,
        ),
        baseline=baseline,
    )
    if common.baseline_value is not None:
        return target.with_baseline(common.baseline_value)
    return target


def _bound(text: str, common: _Common) -> Target | None:
    before = _last_target(_BOUND_BEFORE, text)
    after = _last_target(_BOUND_AFTER, text)
    if before is not None and (after is None or before.start() > after.start()):
        return _single(_BOUND_WORDS[_phrase(before.group("op"))], before, common)
    if after is None:
        return None
    op = after.group("op")
    return _single(_BOUND_AFTER_WORDS[_phrase(op)] if op else TargetKind.AT_LEAST, after, common)


def _single(kind: TargetKind, found: re.Match[str], common: _Common, note: str = "") -> Target:
    number = _decimal(found.group("n"))
    unit = _unit(found, "n")
    if kind in (TargetKind.LESS_THAN, TargetKind.AT_MOST):
        return common.target(kind, note, high=number, unit=unit)
    if kind in (TargetKind.MORE_THAN, TargetKind.AT_LEAST):
        return common.target(kind, note, low=number, unit=unit)
    return common.target(kind, note, low=number, high=number, unit=unit)


def _way(text: str) -> str | None:
    """ "up" or "down" from the first word of direction in the phrase, or None."""
    found = _DIRECTION_WORD.search(text)
    if found is None:
        return None
    return "up" if found.group("up") else "down"


def _aim(text: str, common: _Common) -> Target | None:
    way = _way(text)
    found = _last_target(_AIM, text) or (_last_target(_TO_NUMBER, text) if way else None)
    if found is None:
        return None
    if way is None:
        return _single(TargetKind.BETWEEN, found, common)
    return _single(TargetKind.AT_LEAST if way == "up" else TargetKind.AT_MOST, found, common)


def _bare_number(text: str, common: _Common) -> Target | None:
    found = _BARE_NUMBER.match(text)
    if found is None:
        return None
    return _single(TargetKind.BETWEEN, found, common)


def _aim_from_baseline(text: str, common: _Common) -> Target | None:
    """ "An increase in the number of local foster carers (currently 149)": better than now."""
    way = _way(text)
    if way is None:
        return None
    if common.baseline_value is None:
        return _not_read(
            common.words,
            common.baseline,
            None,
            common.by,
            note=f"This is an aim to {'increase' if way == 'up' else 'reduce'} with no number "
            "to measure against. Add a target or a current figure to rate it.",
        )
    unit = (
        Unit.PERCENTAGE
        if common.baseline and re.search(_PERCENT_SIGN, common.baseline, re.I)
        else Unit.COUNT
    )
    shown = f"{common.baseline_value.normalize():f}{'%' if unit == Unit.PERCENTAGE else ''}"
    if way == "up":
        note = f"Read as more than the current {shown}: an increase on the baseline."
        return common.target(TargetKind.MORE_THAN, note, low=common.baseline_value, unit=unit)
    note = f"Read as less than the current {shown}: a reduction on the baseline."
    return common.target(TargetKind.LESS_THAN, note, high=common.baseline_value, unit=unit)
