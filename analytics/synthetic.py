"""A seeded generator of realistic, wholly invented SSDA903 returns, for tests, demos and
benchmarks: from one authority's year to national scale.

    python -m analytics.synthetic OUT [--authorities 1] [--years 1] [--last-year 2024]
                                      [--children 600] [--seed 1]

Writes OUT/<LA code>/<end year>/{header,episodes,reviews,missing,uasc,oc2,oc3,ad1,
placed_for_adoption}.csv, the shape an authority holds, and OUT/postcodes.csv: the postcodes
used, with grid references and authority, in the ONS Postcode Directory's columns.

`--children` is the number looked after at any one time in a typical authority (150
authorities of about 670 make England's 100,000). Everything is made up by a seeded random
generator: no real child is described, and the postcodes (areas `ZA` to `ZZ`) are not real.
The simulation is simple on purpose: care starts and ends at plausible ages, with plausible
placements, moves, legal statuses, reviews and reasons for leaving, so every indicator has
something to count.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

DAY = datetime.timedelta(days=1)
EPISODE_COLUMNS = [
    "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
    "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN",
]  # fmt: skip
HEADER_COLUMNS = ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]
ETHNIC = ["WBRI"] * 14 + ["WOTH", "MWBC", "MWBA", "MOTH", "AIND", "APKN", "BAFR", "BCRB", "OOTH"]
CIN = ["N1"] * 13 + ["N2", "N3", "N4", "N4", "N5", "N5", "N6", "N7", "N8"]
FOSTER = ["U1", "U3", "U4", "U4", "U4", "U6", "U6", "U6"]
OLDER = ["K2", "K2", "H5", "U4", "U6", "R1"]
LEAVING_HOME = ["E4A", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48", "E8"]
LEAVING_AT_18 = ["E17", "E5", "E6", "E8"]
MOVES = ["CARPL", "CREQB", "CREQO", "CHILD", "LAREQ", "ALLEG", "STAND", "OTHER"]
ACTIV = ["F1", "F2", "F2", "F4", "F5", "F5", "P2", "G4", "G5", "G6", "0"]
ACCOM = ["B1", "D1", "E1", "K1", "T1", "U1", "U1", "U1", "Z1", "S2", "W2"]
REVIEW_CODES = ["PN1"] * 6 + ["PN2", "PN3", "PN4", "PN5", "PN6", "PN6", "PN7"]


def ddmmyyyy(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


@dataclass
class Episode:
    decom: datetime.date
    rne: str
    ls: str
    place: str
    provider: str
    dec: datetime.date | None = None
    rec: str = ""
    reason: str = ""
    postcode: str = ""
    urn: str = ""


@dataclass
class Adoption:
    decided: datetime.date  # the decision that the child should be placed for adoption
    matched: datetime.date
    by_foster_carer: bool


@dataclass
class Child:
    id: str
    sex: str
    dob: datetime.date
    ethnic: str
    cin: str
    uasc: bool
    home: str  # postcode, blank for an unaccompanied asylum-seeking child
    episodes: list[Episode] = field(default_factory=list)
    missing: list[tuple[str, datetime.date, datetime.date | None]] = field(default_factory=list)
    reviews: list[tuple[datetime.date, str]] = field(default_factory=list)
    adoption: Adoption | None = None

    def age(self, on: datetime.date) -> int:
        years = on.year - self.dob.year
        return years - ((on.month, on.day) < (self.dob.month, self.dob.day))


class Postcodes:
    """Invented postcodes, 40 per authority in its own area (`ZA1 0AA`...), each with a grid
    reference in metres near the authority's centre: what the ONS Postcode Directory gives for
    real ones. Authorities sit 40 km apart on a grid, so a placement in another authority is
    usually more than 20 miles away."""

    PER_AUTHORITY = 40

    def __init__(self) -> None:
        self.places: dict[str, tuple[int, int, str]] = {}

    def area(self, number: int, code: str, rng: random.Random) -> list[str]:
        outward = f"Z{chr(65 + number % 26)}{number // 26 + 1}"
        centre = (100_000 + number % 12 * 40_000, 100_000 + number // 12 * 40_000)
        codes = []
        for index in range(self.PER_AUTHORITY):
            postcode = f"{outward} {index % 10}{chr(65 + index // 10)}{chr(65 + index * 7 % 26)}"
            east = centre[0] + rng.randint(-8_000, 8_000)
            north = centre[1] + rng.randint(-8_000, 8_000)
            self.places[postcode] = (east, north, code)
            codes.append(postcode)
        return codes

    def write(self, path: Path) -> None:
        with path.open("w", newline="") as file:
            out = csv.writer(file)
            out.writerow(["pcd", "oseast1m", "osnrth1m", "laua"])
            for postcode, (east, north, code) in sorted(self.places.items()):
                out.writerow([postcode, east, north, code])


class Authority:
    """One invented authority's children over the years, simulated day by day of entry."""

    def __init__(
        self,
        code: str,
        children: int,
        first: datetime.date,
        last: datetime.date,
        rng: random.Random,
        *,
        postcodes: list[str],
        elsewhere: list[str],
    ):
        self.code, self.rng = code, rng
        self.postcodes, self.elsewhere = postcodes, elsewhere
        self.children: list[Child] = []
        # Enough starts a year, of care lasting about two years on average, to hold `children`.
        starts_per_year = children * 0.45
        # Begin four years early so the first year opens with children already in care.
        begin = first - datetime.timedelta(days=4 * 365)
        elapsed = rng.expovariate(starts_per_year / 365)  # days, so several can start a day
        while (day := begin + datetime.timedelta(days=int(elapsed))) <= last:
            self.children.append(self._child(day, last))
            elapsed += rng.expovariate(starts_per_year / 365)

    def _child(self, start: datetime.date, last: datetime.date) -> Child:
        rng = self.rng
        age = rng.choice(
            [0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 14, 15, 15, 16, 16, 17]
        )
        dob = start - datetime.timedelta(days=age * 365 + rng.randrange(365))
        uasc = age >= 14 and rng.random() < 0.25
        child = Child(
            id=f"{self.code}{len(self.children):07d}",
            sex=rng.choice("12"),
            dob=dob,
            ethnic="OOTH" if uasc else rng.choice(ETHNIC),
            cin="N8" if uasc else rng.choice(CIN),
            uasc=uasc,
            home="" if uasc else rng.choice(self.postcodes),
        )
        if not uasc and rng.random() < 0.03:
            self._short_breaks(child, start, last)
            return child
        if age < 5 and rng.random() < 0.3:
            self._adoption(child, start, last)
        else:
            self._period(child, start, last)
        self._places(child)
        self._reviews(child, last)
        return child

    def _places(self, child: Child) -> None:
        """Placement postcodes and Ofsted URNs: a new one for each new carer; the same after a
        change of legal status, and on return from a temporary placement; never the child's
        home postcode (rule 392d)."""
        rng = self.rng
        settled: Episode | None = None
        previous: Episode | None = None
        for episode in child.episodes:
            returning = previous is not None and previous.place.startswith("T")
            if previous is None or (episode.rne in ("P", "B") and not returning):
                local = rng.random() < 0.8
                choices = [
                    p for p in (self.postcodes if local else self.elsewhere) if p != child.home
                ]
                episode.postcode = rng.choice(choices)
                episode.urn = (
                    f"SC{rng.randrange(10**6):06d}" if episode.place in ("K2", "H5") else "XXXXXXX"
                )
            else:
                source = settled if returning and settled is not None else previous
                episode.postcode, episode.urn = source.postcode, source.urn
            if not episode.place.startswith("T"):
                settled = episode
            previous = episode

    def _reviews(self, child: Child, last: datetime.date) -> None:
        """Reviews of the period of care: the first within 20 working days, the second within 3
        months, then every 6 months; about one in ten late."""
        rng, start = self.rng, child.episodes[0].decom
        ended = child.episodes[-1].dec or last
        due = start + datetime.timedelta(days=28)
        for gap in [91] + [182] * 40:
            held = due + datetime.timedelta(
                days=rng.randint(1, 25) if rng.random() < 0.1 else -rng.randint(0, 10)
            )
            if held >= ended:
                break
            held = max(held, start + DAY)
            code = "PN0" if child.age(held) < 4 else rng.choice(REVIEW_CODES)
            child.reviews.append((held, code))
            due = held + datetime.timedelta(days=gap)

    def _adoption(self, child: Child, start: datetime.date, last: datetime.date) -> None:
        """Care order, then a placement order and adoptive placement, then the adoption."""
        rng = self.rng
        order = start + datetime.timedelta(days=rng.randint(60, 200))
        placed = order + datetime.timedelta(days=rng.randint(120, 400))
        adopted = placed + datetime.timedelta(days=rng.randint(120, 300))
        child.adoption = Adoption(
            decided=order - datetime.timedelta(days=rng.randint(0, 30)),
            matched=placed - datetime.timedelta(days=rng.randint(7, 60)),
            by_foster_carer=False,
        )
        steps = [
            Episode(start, "S", "C1", rng.choice(["U4", "U6", "U3"]), "PR1"),
            Episode(order, "L", "E1", "", "PR1"),
            Episode(placed, "P", "E1", rng.choice(["A5", "A6"]), "PR1"),
        ]
        steps[1].place = steps[0].place
        child.adoption.by_foster_carer = steps[2].place == "A5"
        for episode, following in zip(steps, [*steps[1:], None], strict=True):
            if episode.decom > last:
                break
            child.episodes.append(episode)
            end = following.decom if following else adopted
            if end <= last:
                episode.dec, episode.rec = end, ("X1" if following else rng.choice(["E11", "E12"]))

    def _short_breaks(self, child: Child, start: datetime.date, last: datetime.date) -> None:
        day = start
        while day <= last and child.age(day) < 18:
            length = self.rng.randint(1, 4)
            end = day + datetime.timedelta(days=length)
            child.episodes.append(
                Episode(
                    day,
                    "S",
                    "V3",
                    "U6",
                    "PR1",
                    end if end <= last else None,
                    "E4A" if end <= last else "",
                )
            )
            day = end + datetime.timedelta(days=self.rng.randint(20, 60))

    def _period(self, child: Child, start: datetime.date, last: datetime.date) -> None:
        """A period of care: moves, a legal status change, the odd temporary placement, then a
        return home, a special guardianship order or leaving at 18."""
        rng = self.rng
        eighteenth = _birthday(child.dob, 18)
        ends = min(start + datetime.timedelta(days=int(rng.lognormvariate(6.3, 1.0))), eighteenth)
        ls = "V2" if child.uasc or rng.random() < 0.5 else "C1"
        place = rng.choice(OLDER if child.age(start) >= 16 else FOSTER)
        episode = Episode(start, "S", ls, place, rng.choice(["PR1", "PR1", "PR4", "PR5"]))
        child.episodes.append(episode)
        day = start + datetime.timedelta(days=max(7, int(rng.expovariate(1 / 280))))
        while day < ends and day <= last:
            new = self._next_episode(child, episode, day)
            episode.dec, episode.rec = new.decom, "X1"
            child.episodes.append(new)
            episode = new
            pause = rng.randint(1, 6) if new.place.startswith("T") else rng.expovariate(1 / 280)
            day += datetime.timedelta(days=max(1 if new.place.startswith("T") else 7, int(pause)))
        if ends <= last:
            episode.dec, episode.reason = ends, ""
            episode.rec = rng.choice(LEAVING_AT_18 if ends == eighteenth else LEAVING_HOME)
        if child.age(start) >= 11:
            self._missing(child, start, min(ends, last), last)

    def _next_episode(self, child: Child, previous: Episode, day: datetime.date) -> Episode:
        rng = self.rng
        if previous.place.startswith("T"):  # back to where they were before
            settled = next(e for e in reversed(child.episodes) if not e.place.startswith("T"))
            return Episode(day, "P", previous.ls, settled.place, settled.provider)
        kind = rng.random()
        if kind < 0.25 and previous.ls == "C1":
            return Episode(day, "L", "C2", previous.place, previous.provider)
        if kind < 0.30:
            return Episode(day, "P", previous.ls, rng.choice(["T1", "T2", "T4"]), "")
        previous.reason = rng.choice(MOVES)
        places = OLDER if child.age(day) >= 16 else FOSTER
        # A full care order and a new carer at once (B) now and then; usually just a move (P).
        rne, ls = ("B", "C2") if kind < 0.35 and previous.ls == "C1" else ("P", previous.ls)
        return Episode(day, rne, ls, rng.choice(places), rng.choice(["PR1", "PR4", "PR5"]))

    def _missing(
        self, child: Child, start: datetime.date, end: datetime.date, last: datetime.date
    ) -> None:
        rng = self.rng
        days = max(1, (end - start).days)
        times = sorted(rng.sample(range(days), min(days, rng.choice([0, 0, 0, 0, 1, 2, 5]))))
        back: datetime.date | None = None
        for offset in times:
            gone = start + datetime.timedelta(days=offset)
            if back is None or gone > back:  # one at a time: a period ends before the next
                back = gone + datetime.timedelta(days=rng.randint(0, 4))
                child.missing.append((rng.choice("MMMA"), gone, back if back <= last else None))


def _birthday(dob: datetime.date, age: int) -> datetime.date:
    """The day a child born on `dob` turns `age` (29 February: 1 March in common years)."""
    try:
        return dob.replace(year=dob.year + age)
    except ValueError:
        return datetime.date(dob.year + age, 3, 1)


def _adoption_rows(
    child: Child,
    episodes: list[Episode],
    first: datetime.date,
    last: datetime.date,
    rng: random.Random,
) -> Iterator[tuple[str, list[str]]]:
    """The decision to place for adoption, in every year after it; the adoption (AD1) in the
    year it happened."""
    adoption = child.adoption
    if adoption is None or adoption.decided > last:
        return
    dob = ddmmyyyy(child.dob)
    yield "placed_for_adoption", [child.id, dob, ddmmyyyy(adoption.decided), "", ""]
    adopted = episodes[-1].dec
    if episodes[-1].rec in ("E11", "E12") and adopted and first <= adopted <= last:
        couple = rng.random() < 0.8
        yield "ad1", [
            child.id, dob, ddmmyyyy(adoption.decided), ddmmyyyy(adoption.matched),
            "1" if adoption.by_foster_carer else "0", "2" if couple else "1",
            rng.choice(["MF", "MF", "MF", "MM", "FF"] if couple else ["F1", "M1"]),
            rng.choice(["L11", "L11", "L3", "L2"]) if couple else "L0",
        ]  # fmt: skip


def _year_rows(authority: Authority, year: int) -> Iterator[tuple[str, list[str]]]:
    """Every row of the collection year ending 31 March `year`, as (table, cells)."""
    first, last = datetime.date(year - 1, 4, 1), datetime.date(year, 3, 31)
    rng = random.Random(f"{authority.code}{year}")
    for child in authority.children:
        episodes = [
            e for e in child.episodes if e.decom <= last and (e.dec is None or e.dec >= first)
        ]
        outcomes = _oc3_row(child, year, rng)
        if episodes or outcomes is not None:
            yield from _child_rows(child, episodes, outcomes, Year(year, first, last), rng)


@dataclass(frozen=True)
class Year:
    """A collection year: the year it ends, its first and last days."""

    ends: int
    first: datetime.date
    last: datetime.date


def _child_rows(
    child: Child,
    episodes: list[Episode],
    outcomes: list[str] | None,
    year: Year,
    rng: random.Random,
) -> Iterator[tuple[str, list[str]]]:
    """One child's rows in every table of the year's return, in the order DfE's tables go."""
    first, last = year.first, year.last
    sex = child.sex if year.ends < 2025 else "MF"[int(child.sex) - 1]
    dob = ddmmyyyy(child.dob)
    mother = "0" if child.sex == "2" and child.age(last) >= 12 else ""
    yield "header", [child.id, sex, dob, child.ethnic, "UN2", mother, ""]
    if outcomes is not None:
        yield "oc3", outcomes
    for e in episodes:
        yield "episodes", _episode_row(child, e, last)
    for held, code in child.reviews:
        if first <= held <= last:
            yield "reviews", [child.id, dob, ddmmyyyy(held), code]
    yield from _adoption_rows(child, episodes, first, last, rng)
    for kind, gone, back in child.missing:
        if first <= gone <= last:
            found = ddmmyyyy(back if back and back <= last else None)
            yield "missing", [child.id, dob, kind, ddmmyyyy(gone), found]
    if child.uasc:
        yield "uasc", [child.id, sex, dob, ""]
    if _all_year(episodes, first, last):
        yield "oc2", _oc2_row(child, first, last, rng)


def _episode_row(child: Child, e: Episode, last: datetime.date) -> list[str]:
    ended = e.dec is not None and e.dec <= last
    respite = e.ls in ("V3", "V4")
    return [
        child.id, ddmmyyyy(e.decom), e.rne, e.ls, child.cin, e.place,
        "" if e.place.startswith("T") else e.provider,
        ddmmyyyy(e.dec) if ended else "", e.rec if ended else "",
        e.reason if ended and e.rec == "X1" else "",
        "" if respite else child.home, "" if respite else e.postcode, e.urn,
    ]  # fmt: skip


def _all_year(episodes: list[Episode], first: datetime.date, last: datetime.date) -> bool:
    """Looked after every day of the year, with no short break (CLA12, INDICATORS.md 5.4)."""
    if not episodes or any(e.ls in ("V3", "V4") for e in episodes):
        return False
    linked = all(e.rec == "X1" for e in episodes[:-1])
    return episodes[0].decom <= first and linked and (episodes[-1].dec or last) >= last


def _oc2_row(
    child: Child, first: datetime.date, last: datetime.date, rng: random.Random
) -> list[str]:
    """Health and outcomes of a child looked after all year, with the ages the rules ask."""
    scored = child.age(first) >= 4 and child.age(last) <= 16
    score = str(rng.randint(0, 30)) if scored and rng.random() < 0.8 else ""
    reason = "" if score or not scored else rng.choice(["SDQ2", "SDQ3", "SDQ4", "SDQ5"])
    misuse = "1" if child.age(last) >= 10 and rng.random() < 0.04 else "0"
    return [
        child.id, ddmmyyyy(child.dob), score, reason,
        ("1" if rng.random() < 0.03 else "0") if child.age(last) >= 10 else "",
        ("1" if rng.random() < 0.9 else "0") if child.age(last) < 5 else "",
        "1" if rng.random() < 0.85 else "0", "1" if rng.random() < 0.8 else "0",
        "1" if rng.random() < 0.9 else "0", misuse,
        ("1" if rng.random() < 0.7 else "0") if misuse == "1" else "",
        ("1" if rng.random() < 0.2 else "0") if misuse == "1" else "",
    ]  # fmt: skip


def _oc3_row(child: Child, year: int, rng: random.Random) -> list[str] | None:
    """A care leaver's activity and accommodation in the year of their 17th to 21st birthday,
    if they left care at 16 or over, not adopted and not an asylum seeker."""
    left = child.episodes[-1]
    if child.uasc or left.ls == "V3" or left.dec is None or child.age(left.dec) < 16:
        return None
    if left.rec in ("E11", "E12"):
        return None
    birthday_age = child.age(datetime.date(year, 3, 31))
    if not 17 <= birthday_age <= 21 or left.dec >= datetime.date(year, 3, 31):
        return None
    activity = rng.choice(ACTIV)
    return [
        child.id,
        ddmmyyyy(child.dob),
        "YES" if activity != "0" else rng.choice(["NO", "REFU"]),
        activity if year >= 2022 else activity.replace("4", "3").replace("5", "3"),
        rng.choice(ACCOM) if activity != "0" else "0",
    ]


COLUMNS = {
    "header": HEADER_COLUMNS,
    "episodes": EPISODE_COLUMNS,
    "reviews": ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
    "missing": ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
    "uasc": ["CHILD", "SEX", "DOB", "DUC"],
    "oc2": [
        "CHILD",
        "DOB",
        "SDQ_SCORE",
        "SDQ_REASON",
        "CONVICTED",
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ],
    "oc3": ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
    "ad1": [
        "CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR",
        "LS_ADOPTR",
    ],
    "placed_for_adoption": [
        "CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED",
    ],
}  # fmt: skip


def generate(
    out: Path,
    *,
    authorities: int = 1,
    years: int = 1,
    last_year: int = 2024,
    children: int = 600,
    seed: int = 1,
) -> list[Path]:
    """Write the returns and the postcodes they use; the folders written, one per authority."""
    rng = random.Random(seed)
    folders = []
    first = datetime.date(last_year - years, 4, 1)
    codes = [f"E0{8 if number % 2 else 6}{number + 1:06d}" for number in range(authorities)]
    postcodes = Postcodes()
    # A neighbouring authority that sends no return, so that even a lone authority places
    # some children outside its area.
    areas = [postcodes.area(n, code, rng) for n, code in enumerate([*codes, "E10000099"])]
    out.mkdir(parents=True, exist_ok=True)
    postcodes.write(out / "postcodes.csv")
    for number, code in enumerate(codes):
        size = max(20, int(children * rng.lognormvariate(0, 0.45)))
        elsewhere = [p for n, area in enumerate(areas) if n != number for p in area]
        authority = Authority(
            code,
            size,
            first,
            datetime.date(last_year, 3, 31),
            random.Random(rng.random()),
            postcodes=areas[number],
            elsewhere=elsewhere,
        )
        for year in range(last_year - years + 1, last_year + 1):
            folder = out / code / str(year)
            folder.mkdir(parents=True, exist_ok=True)
            files = {t: (folder / f"{t}.csv").open("w", newline="") for t in COLUMNS}
            writers = {t: csv.writer(f) for t, f in files.items()}
            for table, columns in COLUMNS.items():
                writers[table].writerow(columns)
            for table, row in _year_rows(authority, year):
                writers[table].writerow(row)
            for file in files.values():
                file.close()
        folders.append(out / code)
    return folders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--authorities", type=int, default=1)
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--last-year", type=int, default=2024)
    parser.add_argument("--children", type=int, default=600)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(
        args.out,
        authorities=args.authorities,
        years=args.years,
        last_year=args.last_year,
        children=args.children,
        seed=args.seed,
    )


if __name__ == "__main__":
    main()
