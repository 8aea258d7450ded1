"""Northfield's action plan for the year: imported from a spreadsheet as a board officer would
(the plan importer, through its audited service), then brought up to date by the agency leads'
progress updates, so the plans, "My actions" and the scorecard's KPI framework have something
real to show. Every name and figure here is invented.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Sequence

from boardfiles.plans import parse_plan
from boardfiles.tables import read_tables
from pledge.actions import services
from pledge.actions.models import ActionPlan
from pledge.core.models import Agency, Person
from pledge.strategy.models import Strategy

HEADINGS = ("Ref", "Priority", "Action", "Who will be responsible", "By when")
ROWS = [
    (
        "1.1",
        "1 Health and wellbeing",
        "Hold every child's review on time and record their views in it",
        "NC Children's",
        "Ongoing",
    ),
    (
        "1.2",
        "1 Health and wellbeing",
        "Cut waits for emotional health assessment to 6 weeks",
        "NHS ICB",
        "March",
    ),
    (
        "3.1",
        "3 Safeguarding and stability",
        "Recruit 20 more foster carers who can take brothers and sisters together",
        "NCT",
        "March",
    ),
    (
        "3.2",
        "3 Safeguarding and stability",
        "Hold a stability meeting within 5 days of any placement at risk of ending",
        "NCT",
        "Ongoing",
    ),
    (
        "3.3",
        "3 Safeguarding and stability",
        "Match children with carers within 20 miles of home where it is safe",
        "NCT",
        "December",
    ),
    (
        "4.1",
        "4 Educational achievement and attainment",
        "Train designated teachers in writing personal education plans",
        "Virtual School",
        "January",
    ),
    (
        "5.1",
        "5 Preparation for adulthood",
        "Ring-fence 10 apprenticeships a year for care leavers across partners",
        "DWP",
        "March",
    ),
    (
        "5.2",
        "5 Preparation for adulthood",
        "Give every care leaver a named adviser at Jobcentre Plus",
        "DWP",
        "November",
    ),
]

# (action reference, status, delivery RAG, commentary), posted by the officer for the leads
UPDATES = [
    (
        "1.1",
        "ongoing",
        "amber",
        (
            "Reviews on time dipped over the summer: both reviewing officer posts are filled from "
            "January."
        ),
    ),
    ("1.2", "in_progress", "green", "Waits are down from 14 to 8 weeks; a new clinic opens soon."),
    (
        "3.1",
        "in_progress",
        "red",
        (
            "7 of 20 recruited. The autumn campaign drew few enquiries; a campaign with carers' "
            "own stories starts next."
        ),
    ),
    ("3.2", "ongoing", "green", "Stability meetings held within 5 days in 18 of 19 cases."),
    ("3.3", "in_progress", "amber", "Policy agreed; the commissioning framework is being re-let."),
    ("4.1", "in_progress", "green", "Three of four sessions held; 41 designated teachers trained."),
    (
        "5.1",
        "in_progress",
        "amber",
        (
            "6 apprenticeships ring-fenced by the council and the trust; the NHS and the college "
            "are still to confirm theirs."
        ),
    ),
    ("5.2", "complete", "", "Every care leaver on Universal Credit now has a named adviser."),
]

# Last year's plan: most of it done by the year's end, so the young person's version has a
# record of what was done.
LAST_YEAR_ROWS = [
    (
        "L1",
        "5 Preparation for adulthood",
        "Pay for birth certificates and passports for every care leaver",
        "NC Children's",
        "September",
    ),
    (
        "L2",
        "2 Child's voice",
        "Young people co-chair half of the board's meetings",
        "NC Children's",
        "Ongoing",
    ),
    (
        "L3",
        "5 Preparation for adulthood",
        "Remind care leavers by text before each pathway plan review",
        "NC Children's",
        "December",
    ),
    (
        "L4",
        "5 Preparation for adulthood",
        "Exempt care leavers from council tax until 25",
        "NC Children's",
        "April",
    ),
    (
        "L5",
        "1 Health and wellbeing",
        "Open a nurse-led drop-in for children in care and care leavers",
        "NHS ICB",
        "March",
    ),
    (
        "L6",
        "4 Educational achievement and attainment",
        "Fund a tutor for every child in care in Year 11",
        "Virtual School",
        "March",
    ),
]
LAST_YEAR_UPDATES = [
    ("L1", "complete", "", "Every care leaver who asked has both documents."),
    ("L2", "complete", "", "Young co-chairs chaired 3 of the year's 6 meetings."),
    ("L3", "complete", "", "Texts go out two weeks before every review."),
    ("L4", "complete", "", "The exemption started in April; 212 care leavers benefit."),
    ("L5", "complete", "", "The drop-in opened in March, twice a week."),
    ("L6", "rescheduled", "", "Funding agreed for next year: tutoring starts in September."),
]


def load_plan(
    *,
    strategy: Strategy,
    officer: Person,
    today: datetime.date,
    log: Callable[[str], None],
) -> ActionPlan:
    """This year's plan, its actions brought up to date today."""
    year = today.year if today.month > 3 else today.year - 1
    return _load(strategy, officer, year, ROWS, UPDATES, as_at=today, log=log)


def load_last_years_plan(
    *,
    strategy: Strategy,
    officer: Person,
    today: datetime.date,
    log: Callable[[str], None],
) -> ActionPlan | None:
    """Last year's plan, most of it done by the year's end; none before the strategy began."""
    year = (today.year if today.month > 3 else today.year - 1) - 1
    if datetime.date(year, 4, 1) < strategy.starts_on:
        return None
    as_at = datetime.date(year + 1, 3, 31)
    return _load(strategy, officer, year, LAST_YEAR_ROWS, LAST_YEAR_UPDATES, as_at=as_at, log=log)


def _load(
    strategy: Strategy,
    officer: Person,
    year: int,
    rows: Sequence[tuple[str, ...]],
    updates: Sequence[tuple[str, str, str, str]],
    *,
    as_at: datetime.date,
    log: Callable[[str], None],
) -> ActionPlan:
    title, filename = f"Action plan {year} to {year + 1}", f"action-plan-{year}-{year + 1}.csv"
    existing = ActionPlan.objects.filter(strategy=strategy, title=title).first()
    if existing is not None:
        return existing
    agencies = Agency.objects.filter(authority=strategy.authority).values_list("name", flat=True)
    parsed = parse_plan(
        read_tables(filename, _spreadsheet(rows)),
        plan_start=datetime.date(year, 4, 1),
        known_agencies=agencies,
    )
    plan = services.plan_import(
        actor=officer,
        strategy=strategy,
        title=title,
        starts_on=datetime.date(year, 4, 1),
        ends_on=datetime.date(year + 1, 3, 31),
        parsed=parsed,
        source_file=filename,
    )
    actions = {action.reference: action for action in plan.actions.all()}
    for reference, status, rag, commentary in updates:
        services.action_update_progress(
            actor=officer,
            action=actions[reference],
            status=status,
            rag=rag,
            commentary=commentary,
            as_at=as_at,
        )
    log(f"Imported {plan} with {len(actions)} actions and their progress")
    return plan


def _spreadsheet(rows: Sequence[tuple[str, ...]]) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows([HEADINGS, *rows])
    return text.getvalue().encode()
