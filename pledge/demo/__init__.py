"""The Northfield demo board: a fictional authority (E06000999) with partners, people in every
role, a strategy drawn from the structure of the seed strategies, and a pledge.

`load_demo` is idempotent: it creates what is missing, through the audited services, and leaves
anything that is already there alone. Everything here is invented; no real child is described.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from pledge.comparators import services as comparator_services
from pledge.core import services as core_services
from pledge.core.models import Agency, AgencyKind, Authority, Person, Role
from pledge.demo.local_offer import load_local_offer
from pledge.demo.plan import load_last_years_plan, load_plan
from pledge.demo.scorecard import load_scorecard
from pledge.demo.voice import load_voice
from pledge.demo.young import load_young_peoples_words
from pledge.strategy import services as strategy_services
from pledge.strategy.models import PledgePromise, Principle, Strategy, StrategyItem

# Documented in the README; demo data only, and load_demo refuses to run in production.
DEMO_PASSWORD = "northfield-demo"  # noqa: S105

AUTHORITY: dict[str, Any] = {
    "name": "Northfield Council",
    "code": "E06000999",
    "board_name": "Northfield Corporate Parenting Board",
    # Where Northfield sits among others, for DfE's comparators: its invented old LA number, the
    # West Midlands, and the real councils DfE's statistical neighbour sample gives it
    # (shared/data/comparators/lait_statistical_neighbours_sample.csv), closest first.
    "old_la_code": "999",
    "region_code": "E12000005",
    "statistical_neighbours": [
        "336",  # Wolverhampton
        "333",  # Sandwell
        "335",  # Walsall
        "861",  # Stoke-on-Trent
        "894",  # Telford and Wrekin
        "332",  # Dudley
        "331",  # Coventry
        "354",  # Rochdale
        "831",  # Derby
        "371",  # Doncaster
    ],
}

AGENCIES = [
    ("Northfield Council Children's Services", "NC Children's", AgencyKind.COUNCIL_DIRECTORATE),
    ("Northfield Council Housing", "NC Housing", AgencyKind.COUNCIL_DIRECTORATE),
    ("Northfield Council Public Health", "NC Public Health", AgencyKind.COUNCIL_DIRECTORATE),
    ("Northfield Virtual School", "Virtual School", AgencyKind.COUNCIL_DIRECTORATE),
    ("Northfield Children's Trust", "NCT", AgencyKind.CHILDRENS_TRUST),
    ("Northfield and Vale Integrated Care Board", "NHS ICB", AgencyKind.NHS),
    ("Jobcentre Plus Northfield", "DWP", AgencyKind.DWP),
    ("Northfield College", "College", AgencyKind.COLLEGE),
    ("Eastvale District Council", "Eastvale DC", AgencyKind.DISTRICT_COUNCIL),
    ("Northfield Foster Carers Association", "NFCA", AgencyKind.VOLUNTARY),
]

# email, name, job title, employer, roles, agencies they lead for
PEOPLE = [
    (
        "officer@northfield.example",
        "Priya Shah",
        "Corporate Parenting Officer",
        "Northfield Council Children's Services",
        [Role.BOARD_OFFICER],
        [],
    ),
    (
        "lead.health@northfield.example",
        "Tom Okafor",
        "Designated Nurse for Children in Care",
        "Northfield and Vale Integrated Care Board",
        [Role.AGENCY_LEAD],
        ["Northfield and Vale Integrated Care Board"],
    ),
    (
        "lead.trust@northfield.example",
        "Grace Mensah",
        "Head of Children in Care",
        "Northfield Children's Trust",
        [Role.AGENCY_LEAD],
        ["Northfield Children's Trust", "Northfield Council Children's Services"],
    ),
    (
        "analyst@northfield.example",
        "Sam Whitaker",
        "Performance Analyst",
        "Northfield Council Children's Services",
        [Role.PERFORMANCE_ANALYST],
        [],
    ),
    (
        "member@northfield.example",
        "Helen Price",
        "Lead Member for Children (co-chair)",
        None,
        [Role.BOARD_MEMBER],
        [],
    ),
    (
        "cochair@northfield.example",
        "Jordan Reid",
        "Chair of the Care Leavers Forum (co-chair)",
        None,
        [Role.BOARD_MEMBER],
        [],
    ),
    (
        "participation@northfield.example",
        "Aisha Begum",
        "Participation Worker",
        "Northfield Children's Trust",
        [Role.PARTICIPATION_WORKER],
        [],
    ),
    (
        "admin@northfield.example",
        "Chris Doyle",
        "Systems Administrator",
        "Northfield Council Children's Services",
        [Role.ADMINISTRATOR],
        [],
    ),
]

# The 10 messages from the National Care Experienced Conference 2019, as Sandwell's pledge
# adopts them (seed 000), with plain words beside each.
PROMISES = [
    (
        "1",
        "We need more love in the care system, including displays of positive physical affection.",
        "We will make sure you are cared for with warmth and affection.",
    ),
    (
        "2",
        "We want to be seen as individuals worthy of respect much more than we are.",
        "We will treat you as the individual you are, with respect.",
    ),
    (
        "3",
        "Relationships are critically important to us.",
        "We will help you keep the relationships that matter to you.",
    ),
    (
        "4",
        "Instability and loss of continuity in our lives is made worse through no fault of "
        "ours by pressure in the care system.",
        "We will keep changes of home, school and worker to a minimum.",
    ),
    (
        "5",
        "Mental health and well being are our biggest worries and the most important and "
        "urgent things that have to improve.",
        "We will make help with your mental health quick and easy to get.",
    ),
    (
        "6",
        "The impacts of the care experience do not end at 18, or 21, or even 25.",
        "We will keep supporting you after you leave care, for as long as you need.",
    ),
    (
        "7",
        "Our sense of who we are is important, our family heritage and history are uniquely "
        "ours and must be protected.",
        "We will protect your story, your family history and your heritage.",
    ),
    ("8", "Having our say is essential.", "We will ask what you think and act on it."),
    (
        "9",
        "We have legal rights and entitlements and we are not always being told what they are.",
        "We will tell you clearly what you are entitled to.",
    ),
    (
        "10",
        "Nobody knows more about what it means to be in care than we do.",
        "We will involve you in every decision about the services you use.",
    ),
]

STRATEGY: dict[str, Any] = {
    "title": "Northfield Corporate Parenting Strategy 2025 to 2028",
    "starts_on": datetime.date(2025, 4, 1),
    "ends_on": datetime.date(2028, 3, 31),
    "vision": "All partners share a commitment to create opportunities that help the children "
    "in our care and our care experienced young people reach their full potential.",
    "plain_vision": "We want you to have the same chances as any other young person, and "
    "we will work together to make that happen.",
}

# reference, parent reference, kind, title, formal text, plain text, principles, promises
ITEMS = [
    (
        "1",
        None,
        "priority",
        "Health and wellbeing",
        "Improve the physical and emotional health of children in care and care leavers.",
        "Keep me healthy: we will look after your body and your mind.",
        [1],
        ["5"],
    ),
    (
        "1.1",
        "1",
        "outcome",
        "Quicker help with emotional health",
        "Reduce waiting times for CAMHS assessment for children in care.",
        "If you need help with how you feel, you will get it quickly.",
        [1],
        ["5"],
    ),
    (
        "1.2",
        "1",
        "outcome",
        "Health assessments on time",
        "Every child in care has an annual health assessment and dental check on time.",
        "You will have your health check and see a dentist every year.",
        [1],
        [],
    ),
    (
        "2",
        None,
        "priority",
        "Child's voice",
        "Children in care and care leavers influence and shape the services provided for them.",
        "Involve me: we will listen to you and change things because of what you say.",
        [2, 3],
        ["8", "10"],
    ),
    (
        "2.1",
        "2",
        "workstream",
        "Young people co-chair the board",
        "Engagement sessions of the board are facilitated by young people.",
        "Young people run half of the board's meetings.",
        [2, 3],
        ["8"],
    ),
    (
        "2.2",
        "2",
        "workstream",
        "You Said, We Did",
        "Publish what young people told the board and what was done about it.",
        "You will see what we did with what you told us.",
        [3],
        ["8"],
    ),
    (
        "3",
        None,
        "priority",
        "Safeguarding and stability",
        "Children in care live in safe, stable homes close to their communities.",
        "Provide me with a good, safe home.",
        [6],
        ["3", "4"],
    ),
    (
        "3a",
        "3",
        "outcome",
        "More local foster carers",
        "Increase the number of local foster carers so children can stay near home.",
        "More of you will live with a foster family near your school and friends.",
        [6],
        ["4"],
    ),
    (
        "3b",
        "3",
        "outcome",
        "Fewer moves of home",
        "Reduce the proportion of children with three or more placements in a year.",
        "You will not have to move home unless it is right for you.",
        [6],
        ["4"],
    ),
    (
        "4",
        None,
        "priority",
        "Educational achievement and attainment",
        "Close the gap in attainment between children in care and their peers.",
        "Help me to achieve: we will back you at school and college.",
        [5],
        [],
    ),
    (
        "4.1",
        "4",
        "outcome",
        "Personal Education Plans that make a difference",
        "Every Personal Education Plan has clear targets and is reviewed each term.",
        "Your education plan will say what help you get, and we will check it works.",
        [5],
        [],
    ),
    (
        "5",
        None,
        "priority",
        "Preparation for adulthood",
        "Care leavers are ready for adult life, with a home, and in education, employment or "
        "training.",
        "Support me to move to adult life.",
        [7, 5],
        ["6", "9"],
    ),
    (
        "5.1",
        "5",
        "outcome",
        "In education, employment or training",
        "Increase the proportion of care leavers aged 19 to 21 in education, employment or "
        "training.",
        "We will help you find a course, training or a job.",
        [7],
        ["6"],
    ),
    (
        "5.2",
        "5",
        "outcome",
        "A suitable home",
        "Every care leaver lives in suitable accommodation.",
        "You will have a safe home that suits you when you leave care.",
        [7, 6],
        ["6"],
    ),
    (
        "6",
        None,
        "priority",
        "Access to services",
        "Children in care and care leavers know about and use the services partners provide.",
        "We will make it easy for you to find and use what is on offer.",
        [],
        [],
    ),
]


def load_demo(
    *, log: Callable[[str], None] = print, scorecard: bool = True, plan: bool = True
) -> Authority:
    """Create whatever of the Northfield demo board is missing; return the authority. The
    scorecard (which works out an invented 903 return, a few seconds) and the year's action
    plan can be left out by tests that do not need them (importing a plan into an empty board)."""
    authority = _load_authority(log)
    _load_people(_load_agencies(authority, log), log)
    strategy = Strategy.objects.filter(authority=authority, title=STRATEGY["title"]).first()
    if strategy is None:
        strategy = strategy_services.strategy_create(actor=None, authority=authority, **STRATEGY)
        log(f"Created {strategy}")
    _load_items(strategy, _load_promises(authority))
    officer = Person.objects.get(email="officer@northfield.example")
    today = timezone.localdate()
    load_local_offer(authority=authority, officer=officer, today=today, log=log)
    actions, plans = None, []
    if plan:
        actions = load_plan(strategy=strategy, officer=officer, today=today, log=log)
        last_year = load_last_years_plan(strategy=strategy, officer=officer, today=today, log=log)
        plans = [actions] + ([last_year] if last_year else [])
    load_young_peoples_words(strategy=strategy, plans=plans, officer=officer, log=log)
    load_voice(authority=authority, plans=plans, officer=officer, log=log)
    if scorecard:
        load_scorecard(authority=authority, officer=officer, today=today, log=log, plan=actions)
    return authority


def _load_authority(log: Callable[[str], None]) -> Authority:
    authority = Authority.objects.filter(code=AUTHORITY["code"]).first()
    if authority is None:
        authority = core_services.authority_create(
            actor=None,
            name=AUTHORITY["name"],
            code=AUTHORITY["code"],
            board_name=AUTHORITY["board_name"],
        )
        log(f"Created {authority}")
    if not authority.old_la_code:
        comparator_services.authority_comparators_set(
            actor=None,
            authority=authority,
            **{name: AUTHORITY[name] for name in comparator_services.COMPARATOR_FIELDS},
        )
    return authority


def _load_agencies(authority: Authority, log: Callable[[str], None]) -> dict[str, Agency]:
    agencies = {a.name: a for a in Agency.objects.filter(authority=authority)}
    for name, short_name, kind in AGENCIES:
        if name not in agencies:
            agencies[name] = core_services.agency_create(
                actor=None, authority=authority, name=name, short_name=short_name, kind=kind
            )
            log(f"Created agency {name}")
    return agencies


def _load_people(agencies: dict[str, Agency], log: Callable[[str], None]) -> None:
    for email, full_name, job_title, employer, roles, leads in PEOPLE:
        if Person.objects.filter(email=email).exists():
            continue
        person = core_services.person_create(
            actor=None,
            email=email,
            full_name=full_name,
            job_title=job_title,
            agency=agencies[employer] if employer else None,
            roles=roles,
            lead_agencies=[agencies[name] for name in leads],
            password=DEMO_PASSWORD,
        )
        log(f"Created {email} ({', '.join(person.role_labels())})")


def _load_promises(authority: Authority) -> dict[str, PledgePromise]:
    promises = {p.reference: p for p in PledgePromise.objects.filter(authority=authority)}
    for reference, text, plain_text in PROMISES:
        if reference not in promises:
            promises[reference] = strategy_services.promise_create(
                actor=None,
                authority=authority,
                reference=reference,
                text=text,
                plain_text=plain_text,
            )
    return promises


def _load_items(strategy: Strategy, promises: dict[str, PledgePromise]) -> None:
    officer = Person.objects.get(email="officer@northfield.example")
    principles = {p.number: p for p in Principle.objects.all()}
    items = {i.reference: i for i in StrategyItem.objects.filter(strategy=strategy)}
    for reference, parent, kind, title, formal, plain, principle_numbers, promise_refs in ITEMS:
        if reference in items:
            continue
        item = strategy_services.strategy_item_create(
            actor=officer,
            strategy=strategy,
            parent=items[parent] if parent else None,
            kind=kind,
            reference=reference,
            title=title,
            formal_text=formal,
            plain_text=plain,
        )
        items[reference] = item
        if principle_numbers or promise_refs:
            strategy_services.strategy_item_map(
                actor=officer,
                item=item,
                principles=[principles[n] for n in principle_numbers],
                promises=[promises[r] for r in promise_refs],
                reviewed=reference != "5.2",  # one left unreviewed, as a real board would have
            )
