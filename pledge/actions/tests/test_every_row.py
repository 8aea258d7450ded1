"""Every row of the seed plans, checked by hand against the seed text (seeds 000, 002, 004), in
each of the three formats the files come in."""

from __future__ import annotations

import datetime

import pytest

from boardfiles.plans import ParsedPlan
from pledge.actions.services import plan_import
from pledge.actions.tests.seeds import parse_seed
from pledge.core.models import Agency, AgencyKind, Authority
from pledge.core.selectors import AgencyMatcher
from pledge.strategy.models import Strategy

FORMATS = ("docx", "xlsx", "csv")
D = datetime.date

PM = "Principal Manager Cared For Children and Care Leavers"
GM_PTC = "Group Manager \u2013 Permanence & Through Care"  # written with an en dash
GM_PTC_HYPHEN = "Group Manager - Permanence & Through Care"  # and with a hyphen (5d to 5f)
HVS = "Head of the Virtual School"
CHESHIRE_EAST = [  # seed 002, "Activities to Support Strategy Implementation"
    ("1a", ["All Group Managers"]),
    ("1b", ["Group Manager transforming Practice"]),
    ("2a", ["Corporate Commissioning Manager"]),
    ("2b", ["Corporate Commissioning Manager"]),
    ("2c", ["Group Manager - Fostering"]),
    ("2d", ["Head of Safeguarding"]),
    ("2e", [PM]),
    ("2f", [PM]),
    ("3a", [PM]),
    ("3b", ["Group Manager - Fostering"]),
    ("3c", ["Cared For Nurse"]),
    ("3d", [PM]),
    ("3e", [PM]),
    ("3f", ["All Group Managers"]),
    ("3g", ["Cared For Nurse"]),
    ("3h", ["Cared For Nurse"]),
    ("4a", [HVS]),
    ("4b", [HVS]),
    ("4c", [HVS]),
    ("4d", [HVS]),
    ("5a", [GM_PTC, HVS, "Youth Support Area Delivery Manager South"]),
    ("5b", [GM_PTC, HVS, "Youth Support Area Delivery Manager South"]),
    ("5c", [GM_PTC, HVS, "Youth Support Area Delivery Manager South"]),
    ("5d", [GM_PTC_HYPHEN, HVS]),
    ("5e", [GM_PTC_HYPHEN, HVS]),
    ("5f", [GM_PTC_HYPHEN, HVS]),
    ("5g", [GM_PTC]),
    ("5h", [PM, "Corporate Commissioning Manager"]),
    ("5i", [GM_PTC, "Workforce Development Manager"]),
    ("5j", [PM, "Corporate Commissioning Manager"]),
    ("5j", [GM_PTC, "Workforce Development Manager"]),
]

DERBY = [  # seed 004, Appendix 2: reference, leads, by when as written, and its reading
    ("1", ["A Kaiser", "A Mains", "D Cartledge"], "April 2016", D(2016, 4, 30)),
    (
        "1",
        ["A Kaiser", "J Russ", "A Mains", "D Cartledge", "J Centro", "K Salt", "E Brown"],
        "March 2016",
        D(2016, 3, 31),
    ),
    ("2", ["A Mains", "A Kaiser", "D Cartledge"], "April 2016", D(2016, 4, 30)),
    (
        "3",
        ["A Mains", "E Brown", "K Salt", "D Cartledge", "A Kaiser"],
        "April 2016",
        D(2016, 4, 30),
    ),
    ("4", ["C Morley", "J Centro", "A Mains", "CiC Team Managers"], "April 2016", D(2016, 4, 30)),
    (
        "5",
        ["C Morley", "J Centro", "N Turner", "Residential Children's Homes Managers"],
        "Every June and November from June 2016",
        None,
    ),
    ("6", ["C Morley", "J Centro"], "April 2016.", D(2016, 4, 30)),
    ("7", ["D Cartledge", "CIC Team Managers"], "June 2016.", D(2016, 6, 30)),
    ("8", ["J Centro", "C Morley"], "With immediate effect.", D(2016, 4, 1)),
    ("9", ["A Kaiser", "J Centro", "C Morley"], "From March 2016", None),
    ("10", ["C Morley", "N Turner", "J Centro"], "October 2016", D(2016, 10, 31)),
    ("11", ["D Cartledge", "CiC Social Workers and Team Managers"], "March 2016", D(2016, 3, 31)),
    ("12", ["J Centro", "C Morley", "A Mains", "D Cartledge"], "March 216", D(2016, 3, 31)),
    ("13", ["M Darbon", "D Cartledge"], "September 2016", D(2016, 9, 30)),
]

# Sandwell's partners as its board would set them up before importing: names and short names.
SANDWELL_AGENCIES = [
    ("NHS", ""),
    ("SMBC Public Health", ""),
    ("Sandwell Children's Trust", "SCT"),
    ("SMBC Children's Services", ""),
    ("SCT Participation Team", ""),
    ("Sandwell Leisure Trust", ""),
    ("SMBC Education", "Education"),
    ("SMBC Neighbourhoods", ""),
    ("SMBC Regeneration and Growth", ""),
    ("SMBC Virtual School", ""),
    ("SMBC Resources", "Resources"),
    ("SMBC Housing", ""),
    ("SMBC Education, Skills and Employment", ""),
    ("SMBC Connexions", ""),
]
CS, SCT, PH, LT = (
    "SMBC Children's Services",
    "Sandwell Children's Trust",
    "SMBC Public Health",
    "Sandwell Leisure Trust",
)
ALL = "all partner agencies"
ESE = "SMBC Education, Skills and Employment"
SANDWELL = [  # seed 000, Appendix 1, row by row: who will be responsible
    ["NHS"],
    [PH],
    [CS, SCT],
    ["NHS", CS],
    ["SCT Participation Team"],
    ALL,
    [CS, SCT],
    [CS, SCT],
    [CS, SCT],
    ALL,
    ALL,
    ALL,
    [PH, LT],
    ALL,
    [PH, LT],
    [CS],
    [CS],
    [CS, "SMBC Education", SCT],
    ["SMBC Neighbourhoods"],
    [PH, LT],
    ["SMBC Regeneration and Growth"],
    ["SMBC Virtual School"],
    ["SMBC Education"],
    ["SMBC Education", "SMBC Resources"],
    ["SMBC Virtual School"],
    ALL,
    [SCT],
    [SCT],
    ["SMBC Education", "SMBC Resources"],
    ["SMBC Resources"],
    ["SMBC Housing"],
    [CS, "SMBC Resources"],
    ALL,
    [ESE],
    [ESE],
    [ESE],
    ["SMBC Connexions"],
]


def _parse(stem: str, extension: str, known_agencies: list[str] | None = None) -> ParsedPlan:
    return parse_seed(f"{stem}.{extension}", known_agencies=known_agencies or [])


@pytest.mark.shared
@pytest.mark.parametrize("extension", FORMATS)
def test_every_cheshire_east_action_and_its_leads(extension: str) -> None:
    plan = _parse("cheshire_east_action_plan_2015-17", extension)
    assert [(a.reference, a.leads) for a in plan.actions] == CHESHIRE_EAST


@pytest.mark.shared
@pytest.mark.parametrize("extension", FORMATS)
def test_every_derby_action_its_leads_and_when(extension: str) -> None:
    plan = _parse("derby_cic_care_leavers_eet_action_plan_2016-17", extension)
    expected = [(r, leads, when, due) for r, leads, when, due in DERBY]
    if extension == "csv":  # a CSV cannot say the second "1." was a merged cell
        expected[1] = ("", *expected[1][1:])
    assert [(a.reference, a.leads, a.due.text, a.due.due) for a in plan.actions] == expected


@pytest.mark.shared
@pytest.mark.django_db
@pytest.mark.parametrize("extension", FORMATS)
def test_every_sandwell_action_goes_to_the_right_agencies(extension: str) -> None:
    authority = Authority.objects.create(name="Sandwell", code="E08000028", board_name="Board")
    for name, short_name in SANDWELL_AGENCIES:
        Agency.objects.create(
            authority=authority, name=name, short_name=short_name, kind=AgencyKind.OTHER
        )
    strategy = Strategy.objects.create(
        authority=authority, title="Strategy", starts_on=D(2020, 3, 1), ends_on=D(2023, 3, 31)
    )
    parsed = _parse(
        "sandwell_corporate_parenting_action_plan_2020-21",
        extension,
        known_agencies=AgencyMatcher(authority.pk).names(),
    )
    plan = plan_import(
        actor=None,
        strategy=strategy,
        title="Plan",
        parsed=parsed,
        starts_on=D(2020, 3, 1),
        ends_on=D(2021, 3, 31),
    )
    saved = [
        ALL if a.all_partners else sorted(x.name for x in a.agencies.all())
        for a in plan.actions.order_by("position")
    ]
    assert saved == [w if w == ALL else sorted(w) for w in SANDWELL]
    assert Agency.objects.filter(authority=authority).count() == len(SANDWELL_AGENCIES)


LANCASHIRE_KPIS = [  # seed 003's KPI framework: each KPI with more than one action, and how many
    ("1.1", 4),
    ("1.3", 2),
    ("1.4", 2),
    ("1.5", 2),
    ("1.9", 2),
    ("1.12", 3),
    ("1.13", 3),
    ("2.1.1", 3),
    ("2.1.2", 2),
    ("2.1.6", 2),
    ("2.2.3", 5),
    ("3.1.1", 5),
    ("3.2.2", 3),
    ("3.4.2", 2),
    ("3.4.4", 2),
    ("3.4.5", 2),
    ("4.1", 3),
    ("4.3", 3),
    ("4.4.1", 5),
    ("5.1", 4),
    ("5.2", 2),
    ("5.3", 2),
]


@pytest.mark.shared
@pytest.mark.parametrize("extension", FORMATS)
def test_every_lancashire_kpi_has_its_actions_under_it(extension: str) -> None:
    plan = _parse("lancashire_eet_kpi_framework", extension)
    kpis = [
        (k.reference, sum(a.parent_key == k.key for a in plan.actions))
        for k in plan.actions
        if k.is_kpi
    ]
    assert kpis == LANCASHIRE_KPIS
    assert sum(not a.is_kpi for a in plan.actions) == 83


LANCASHIRE_LEADS = {  # every "KPI lead agency" cell in seed 003, and the agencies it names
    "ART & FARY (depending on agency or in-house provisions)": ["ART", "FARY"],
    "Virtual School": ["Virtual School"],
    "Virtual School/inclusion for children with EHCP": [
        "Virtual School",
        "inclusion for children with EHCP",
    ],
    "Virtual School and FARY": ["Virtual School", "FARY"],
    "Virtual School/School improvement service": ["Virtual School", "School improvement service"],
    "Virtual School, FARY and CSC/ school improvement and Inclusion": [
        "Virtual School",
        "FARY",
        "CSC",
        "school improvement and Inclusion",
    ],
    "Virtual School/School improvement": ["Virtual School", "School improvement"],
    "Virtual School/EST": ["Virtual School", "EST"],
    "CPB": ["CPB"],
    "EST": ["EST"],
    "LC": ["LC"],
    "Health": ["Health"],
    "DWP": ["DWP"],
    "CIOC/LC": ["CIOC", "LC"],
    "CSC": ["CSC"],
    "Children's Social Care": ["Children's Social Care"],
    "Children's Social Care/Q&R": ["Children's Social Care", "Q&R"],
    "Business Intelligence": ["Business Intelligence"],
}


@pytest.mark.shared
@pytest.mark.parametrize("extension", FORMATS)
def test_every_lancashire_row_names_its_lead_agencies(extension: str) -> None:
    plan = _parse("lancashire_eet_kpi_framework", extension)
    assert [a.agencies for a in plan.actions] == [
        LANCASHIRE_LEADS[a.responsible] for a in plan.actions
    ]
