"""Due rules: the "By when" of an action, read from the words people write, kept with them.

Boards write deadlines as a day ("31/03/2016"), a month ("April 2016", meaning its last day),
a quarter or season ("Q1 2016/17", "Spring 2016", "summer term 2016"), a financial year
("2016/17"), a recurring rule ("Every June and November from June 2016", "twice yearly",
"monthly"), "with immediate effect", "ongoing", or "from March 2016". `parse_due` turns each into
a `DueRule` that keeps the original words; anything read by assumption (a typo like "March 216",
a month with no year) is flagged for a person to confirm rather than guessed silently. The
decisions behind each reading are in docs/adr/0007-due-rules.md.

Pure Python: no Django, no wall clock. Every date question takes the reference date `on`.
"""

from __future__ import annotations

import calendar
import datetime
import difflib
import re
from dataclasses import dataclass, field
from enum import StrEnum

from boardfiles.periods import month_end

DUE_SOON_DAYS = 28


class DueKind(StrEnum):
    DATE = "date"  # one deadline: a day, or the last day of a month, quarter, season or year
    RECURRING = "recurring"  # deadlines on given months every year, from a start
    IMMEDIATE = "immediate"  # "with immediate effect": due from the start of the plan
    ONGOING = "ongoing"  # no deadline
    FROM = "from"  # starts on a date and then continues: no deadline after that
    UNKNOWN = "unknown"  # words we could not read: a person must say what they mean


@dataclass(frozen=True)
class DueRule:
    """A structured "By when", with the words it was read from."""

    text: str
    kind: DueKind
    due: datetime.date | None = None  # DATE: the deadline
    start: datetime.date | None = None  # FROM and RECURRING: when it begins
    months: tuple[int, ...] = ()  # RECURRING: the months of the year it falls due, at month end
    needs_confirmation: bool = False
    note: str = ""  # why it needs confirming, in words for the person confirming it
    assumptions: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        """JSON-friendly form for exports and the import command's --format json."""
        return {
            "text": self.text,
            "kind": str(self.kind),
            "due": self.due.isoformat() if self.due else None,
            "start": self.start.isoformat() if self.start else None,
            "months": list(self.months),
            "needs_confirmation": self.needs_confirmation,
            "note": self.note,
        }

    def occurrences(self, until: datetime.date) -> list[datetime.date]:
        """RECURRING: every deadline from the start up to and including `until`."""
        if self.kind != DueKind.RECURRING or self.start is None:
            return []
        found = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (until.year, until.month):
            if month in self.months:
                day = month_end(year, month)
                if self.start <= day <= until:
                    found.append(day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found

    def next_due(self, on: datetime.date) -> datetime.date | None:
        """The next deadline on or after `on`, or None when there is none."""
        if self.kind == DueKind.DATE:
            return self.due if self.due and self.due >= on else None
        if self.kind == DueKind.RECURRING and self.start is not None:
            horizon = datetime.date(max(on.year, self.start.year) + 1, 12, 31)
            return next((d for d in self.occurrences(horizon) if d >= on), None)
        return None

    def last_due(self, on: datetime.date) -> datetime.date | None:
        """The latest deadline before `on`, or None when none has passed."""
        if self.kind == DueKind.DATE:
            return self.due if self.due and self.due < on else None
        if self.kind == DueKind.RECURRING:
            passed = [d for d in self.occurrences(on) if d < on]
            return passed[-1] if passed else None
        return None

    def is_overdue(
        self, on: datetime.date, *, done: bool = False, last_update: datetime.date | None = None
    ) -> bool:
        """Past a deadline without being done. A recurring action is overdue when its latest
        deadline has passed with no update in the run-up to it (since the deadline before)."""
        if done:
            return False
        passed = self.last_due(on)
        if passed is None:
            return False
        if self.kind == DueKind.RECURRING and self.start is not None:
            earlier = [d for d in self.occurrences(passed) if d < passed]
            window_opens = earlier[-1] if earlier else self.start - datetime.timedelta(days=1)
            return last_update is None or last_update <= window_opens
        return True

    def is_due_soon(self, on: datetime.date, *, days: int = DUE_SOON_DAYS) -> bool:
        upcoming = self.next_due(on)
        return upcoming is not None and (upcoming - on).days <= days


MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
MONTHS |= {"sept": 9}
# Seasons end with their last month (Met Office seasons); school terms with the term's last month.
SEASONS = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11, "winter": 2}
TERMS = {"spring": 3, "summer": 7, "autumn": 12}
# "monthly", "twice yearly" and the like: the months they fall due in, counted from a start.
INTERVALS = {
    "monthly": 1,
    "every month": 1,
    "bi-monthly": 2,
    "bimonthly": 2,
    "every two months": 2,
    "every 2 months": 2,
    "quarterly": 3,
    "every quarter": 3,
    "twice yearly": 6,
    "twice a year": 6,
    "six monthly": 6,
    "six-monthly": 6,
    "bi-annually": 6,
    "biannually": 6,
    "half yearly": 6,
    "annually": 12,
    "yearly": 12,
    "every year": 12,
    "each year": 12,
}
IMMEDIATE = (
    "immediate",
    "immediately",
    "with immediate effect",
    "now",
    "asap",
    "as soon as possible",
)
ONGOING = ("ongoing", "on-going", "on going", "continuous", "continuing", "throughout", "rolling")

_YEAR = r"(\d{2,4})"
_MONTH_WORD = r"([a-z]{3,9})"


def parse_due(text: object, *, plan_start: datetime.date | None = None) -> DueRule:
    """Read a "By when" cell. Never raises: what cannot be read comes back as UNKNOWN, flagged.

    `text` may be a string, a date or a datetime (spreadsheets store typed dates). `plan_start`
    places words without a year ("April", "monthly") in the plan's time.
    """
    if isinstance(text, datetime.datetime):
        text = text.date()
    if isinstance(text, datetime.date):
        return DueRule(text=text.isoformat(), kind=DueKind.DATE, due=text)
    original = "" if text is None else str(text).strip()
    words = _normalise(original)
    if not words:
        return DueRule(
            text=original,
            kind=DueKind.UNKNOWN,
            needs_confirmation=True,
            note="No date given. Enter when this is due, or say it is ongoing.",
        )
    try:
        rule = _read(original, words, plan_start)
    except (ValueError, OverflowError):  # a date no calendar has, like 29 February 2027
        rule = None
    in_range = rule is not None and all(
        d is None or EARLIEST_YEAR <= d.year <= LATEST_YEAR for d in (rule.due, rule.start)
    )
    if rule is not None and in_range:
        return rule
    return DueRule(
        text=original,
        kind=DueKind.UNKNOWN,
        needs_confirmation=True,
        note=f'We could not read "{original}" as a date. Enter a day, a month like '
        '"April 2026", or a rule like "every June and November".',
    )


def _read(original: str, words: str, plan_start: datetime.date | None) -> DueRule | None:
    for reader in (
        _immediate_or_ongoing,
        _recurring,
        _from,
        _exact_date,
        _month,
        _quarter,
        _season,
        _financial_year,
    ):
        rule = reader(original, words, plan_start)
        if rule is not None:
            return rule
    return None


def _normalise(text: str) -> str:
    words = text.lower().replace("\u2013", "-").replace("\u2014", "-")
    words = re.sub(r"^(by|before|due|deadline:?|target:?|end of|the end of|until)\s+", "", words)
    words = re.sub(r"^(the\s+)?end\s+of\s+", "", words)
    words = re.sub(r"[.;,]+$", "", words.strip())
    return re.sub(r"\s+", " ", words).strip()


EARLIEST_YEAR, LATEST_YEAR = 1990, 2200  # outside these, a "year" is a typo, not a plan


def _year(token: str) -> tuple[int, str] | None:
    """A year from 2 to 4 digits, with a note when it had to be read by assumption."""
    if len(token) == 4:
        year = int(token)
        return (year, "") if EARLIEST_YEAR <= year <= LATEST_YEAR else None
    if len(token) == 2:
        return 2000 + int(token), ""
    if len(token) == 3 and token.startswith("2"):
        # "216" is almost certainly 2016 with a digit dropped: read it so, but ask.
        return int(token[0] + "0" + token[1:]), f'"{token}" read as {token[0]}0{token[1:]}'
    return None


def _month_number(word: str) -> tuple[int, str] | None:
    if word in MONTHS:
        return MONTHS[word], ""
    close = difflib.get_close_matches(word, list(MONTHS), n=1, cutoff=0.8)
    if close:
        return MONTHS[close[0]], f'"{word}" read as {calendar.month_name[MONTHS[close[0]]]}'
    return None


def _flagged(original: str, kind: DueKind, notes: list[str], **values: object) -> DueRule:
    notes = [n for n in notes if n]
    return DueRule(
        text=original,
        kind=kind,
        needs_confirmation=bool(notes),
        note=("Check this date: " + "; ".join(notes) + ".") if notes else "",
        assumptions=tuple(notes),
        **values,  # type: ignore[arg-type]
    )


def _immediate_or_ongoing(
    original: str, words: str, plan_start: datetime.date | None
) -> DueRule | None:
    if words in IMMEDIATE or words.startswith("with immediate effect"):
        return DueRule(text=original, kind=DueKind.IMMEDIATE, due=plan_start)
    if words in ONGOING or words.startswith(("ongoing", "on-going")):
        return DueRule(text=original, kind=DueKind.ONGOING)
    return None


def _recurring(original: str, words: str, plan_start: datetime.date | None) -> DueRule | None:
    start: datetime.date | None = None
    notes: list[str] = []
    body = words
    starting = re.search(
        rf"(?:,?\s*(?:from|starting|beginning|commencing)\s+){_MONTH_WORD}\s+{_YEAR}$", body
    )
    if starting:
        month, year = _month_number(starting.group(1)), _year(starting.group(2))
        if month and year:
            start = datetime.date(year[0], month[0], 1)
            notes += [month[1], year[1]]
            body = body[: starting.start()].strip()
    listed = re.fullmatch(r"(?:every|each)\s+([a-z ,&]+?)(?:\s+each year|\s+every year)?", body)
    if listed:
        names = [n for n in re.split(r"\s*(?:,|&|\band\b)\s*", listed.group(1)) if n]
        numbers = [_month_number(n) for n in names]
        if names and all(numbers):
            months = tuple(sorted({m[0] for m in numbers if m}))
            notes += [m[1] for m in numbers if m]
            return _recurring_rule(original, months, start, plan_start, notes)
    if body in ("termly", "each term", "every term"):  # at the end of each school term
        return _recurring_rule(original, tuple(sorted(TERMS.values())), start, plan_start, notes)
    interval = INTERVALS.get(body)
    if interval:
        first = start or plan_start
        if first is None:
            return _flagged(
                original,
                DueKind.RECURRING,
                ["no start date: set when it begins"],
                months=_every(interval, 1),
            )
        return _recurring_rule(original, _every(interval, first.month), first, plan_start, notes)
    return None


def _every(interval: int, first_month: int) -> tuple[int, ...]:
    """The months of the year, every `interval` months, counting from `first_month`."""
    return tuple(sorted({(first_month - 1 + step) % 12 + 1 for step in range(0, 12, interval)}))


def _recurring_rule(
    original: str,
    months: tuple[int, ...],
    start: datetime.date | None,
    plan_start: datetime.date | None,
    notes: list[str],
) -> DueRule:
    if start is None and plan_start is not None:
        start = plan_start
    elif start is None:
        notes = [*notes, "no start date: set when it begins"]
    return _flagged(original, DueKind.RECURRING, notes, start=start, months=months)


def _from(original: str, words: str, plan_start: datetime.date | None) -> DueRule | None:
    found = re.fullmatch(r"(?:from|starting|beginning|commencing)\s+(.+?)(?:\s+onwards?)?", words)
    found = found or re.fullmatch(r"(.+?)\s+onwards?", words)
    if not found:
        return None
    inner = parse_due(found.group(1), plan_start=plan_start)
    if inner.kind != DueKind.DATE or inner.due is None:
        return None
    month_only = not re.search(r"\d{1,2}[/ .-]", found.group(1))
    start = inner.due.replace(day=1) if month_only else inner.due
    return _flagged(original, DueKind.FROM, list(inner.assumptions), start=start)


def _exact_date(original: str, words: str, plan_start: datetime.date | None) -> DueRule | None:
    numeric = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})", words)
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", words)
    named = re.fullmatch(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_WORD}\s+{_YEAR}", words)
    notes: list[str] = []
    try:
        if iso:
            day = datetime.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        elif numeric:
            year = _year(numeric.group(3))
            if year is None:
                return None
            notes.append(year[1])
            day = datetime.date(year[0], int(numeric.group(2)), int(numeric.group(1)))
        elif named:
            month, year = _month_number(named.group(2)), _year(named.group(3))
            if month is None or year is None:
                return None
            notes += [month[1], year[1]]
            day = datetime.date(year[0], month[0], int(named.group(1)))
        else:
            return None
    except ValueError:
        return DueRule(
            text=original,
            kind=DueKind.UNKNOWN,
            needs_confirmation=True,
            note=f'"{original}" is not a real date. Check the day and month.',
        )
    return _flagged(original, DueKind.DATE, notes, due=day)


def _month(original: str, words: str, plan_start: datetime.date | None) -> DueRule | None:
    found = re.fullmatch(rf"{_MONTH_WORD}\s+{_YEAR}", words)
    if found:
        month, year = _month_number(found.group(1)), _year(found.group(2))
        if month is None or year is None:
            return None
        return _flagged(
            original, DueKind.DATE, [month[1], year[1]], due=month_end(year[0], month[0])
        )
    alone = re.fullmatch(_MONTH_WORD, words)
    if alone and (month := _month_number(alone.group(1))):
        if plan_start is None:
            return _flagged(original, DueKind.DATE, [month[1], "no year given"])
        due_year = plan_start.year + (1 if month[0] < plan_start.month else 0)
        return _flagged(original, DueKind.DATE, [month[1]], due=month_end(due_year, month[0]))
    return None


def _quarter(original: str, words: str, plan_start: datetime.date | None) -> DueRule | None:
    # Financial-year quarters, as councils count them: Q1 is April to June.
    found = re.fullmatch(r"(?:q|quarter\s*)([1-4])\s+(\d{4})\s*/\s*(\d{2,4})", words)
    if not found:
        return None
    quarter, first_year = int(found.group(1)), int(found.group(2))
    end_month = {1: 6, 2: 9, 3: 12, 4: 3}[quarter]
    return DueRule(
        text=original,
        kind=DueKind.DATE,
        due=month_end(first_year + (1 if quarter == 4 else 0), end_month),
    )


def _season(original: str, words: str, plan_start: datetime.date | None) -> DueRule | None:
    found = re.fullmatch(rf"(spring|summer|autumn|fall|winter)(\s+term)?\s+{_YEAR}", words)
    if not found:
        return None
    year = _year(found.group(3))
    if year is None:
        return None
    if found.group(2):
        return _flagged(
            original,
            DueKind.DATE,
            [year[1]],
            due=month_end(year[0], TERMS.get(found.group(1), 12)),  # "winter term": December
        )
    month = SEASONS[found.group(1)]
    # Winter 2016 runs December 2016 to February 2017.
    due_year = year[0] + 1 if found.group(1) == "winter" else year[0]
    return _flagged(original, DueKind.DATE, [year[1]], due=month_end(due_year, month))


def _financial_year(original: str, words: str, plan_start: datetime.date | None) -> DueRule | None:
    found = re.fullmatch(r"(?:fy\s*)?(\d{4})\s*[/-]\s*(\d{2}|\d{4})", words)
    if not found:
        return None
    first = int(found.group(1))
    second = int(found.group(2)) % 100
    if second != (first + 1) % 100:
        return None
    return DueRule(text=original, kind=DueKind.DATE, due=datetime.date(first + 1, 3, 31))
