"""Northfield's Local Offer for care leavers: invented, but shaped like the offers English
councils publish (council tax exemption, setting-up-home allowance, the higher education bursary,
Staying Put, free prescriptions and so on). Loaded by `load_demo`, through the audited services.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from pledge.core.models import Agency, Authority, Person
from pledge.offer import services
from pledge.offer.models import LocalOfferEntry, Location, TaxonomyTerm

HUB = "Northfield Leaving Care Hub"
COLLEGE = "Northfield College Student Services"

LOCATIONS = [
    {
        "name": HUB,
        "description": "Drop in any weekday, 10am to 4pm, for advice, a hot drink and "
        "somewhere to use a computer. Your personal adviser is based here.",
        "address_1": "14 Market Street",
        "city": "Northfield",
        "county": "Northshire",
        "postcode": "NF1 2AB",
    },
    {
        "name": COLLEGE,
        "description": "On the ground floor of the main building, next to the library.",
        "address_1": "College Road",
        "city": "Northfield",
        "county": "Northshire",
        "postcode": "NF3 4CD",
    },
]

CHILDRENS = "Northfield Council Children's Services"
HOUSING = "Northfield Council Housing"
ICB = "Northfield and Vale Integrated Care Board"
LEAVING_CARE = {
    "email": "leaving.care@northfield.example",
    "phone": "01632 960 123",
    "contact_name": "Sam Okafor",
    "contact_title": "Leaving Care Team Manager",
}

# Each entry: its words, then type, areas, ages, provider and how to get it.
ENTRIES: list[dict[str, Any]] = [
    {
        "title": "Your personal adviser",
        "description": "You will have a personal adviser who helps you plan your future and "
        "stays in touch with you, until you are 25 if you want them to.",
        "type": "statutory",
        "areas": ["relationships"],
        "ages": (16, 24),
        "agency": CHILDRENS,
        "eligibility": "Care leavers: 13 weeks in care after your 14th birthday, including some "
        "time after your 16th birthday.",
        "how_to_get_it": "You get a personal adviser before you turn 18. Ask the Leaving Care "
        "Team if you are over 21 and want one again.",
        "locations": [HUB],
        "applies_outside_area": True,
        **LEAVING_CARE,
    },
    {
        "title": "Your pathway plan",
        "description": "Your pathway plan sets out what you want to do and the help you will "
        "get to do it. You write it with your personal adviser and it is reviewed at least "
        "every six months.",
        "type": "statutory",
        "areas": ["participation-in-society", "relationships"],
        "ages": (16, 24),
        "agency": CHILDRENS,
        "eligibility": "Care leavers who have a personal adviser.",
        "how_to_get_it": "Your personal adviser will start it with you. You can ask for a "
        "review at any time.",
        "applies_outside_area": True,
        **LEAVING_CARE,
    },
    {
        "title": "Setting up home allowance",
        "description": "Money to buy what you need for your first home: furniture, a bed, "
        "a cooker, pots and pans.",
        "type": "discretionary",
        "areas": ["accommodation", "financial-stability"],
        "ages": (16, 24),
        "agency": CHILDRENS,
        "what_you_get": "Up to",
        "amount": "3000",
        "funder": "Northfield Council",
        "eligibility": "Care leavers moving into their own home for the first time.",
        "how_to_get_it": "Plan it with your personal adviser, who orders the things you choose.",
        "applies_outside_area": True,
        **LEAVING_CARE,
    },
    {
        "title": "Council tax exemption",
        "description": "You do not pay council tax on your home in Northfield until your 25th "
        "birthday.",
        "type": "discretionary",
        "areas": ["financial-stability", "accommodation"],
        "ages": (18, 24),
        "agency": CHILDRENS,
        "funder": "Northfield Council",
        "eligibility": "Care leavers living in Northfield who are named on the council tax bill.",
        "how_to_get_it": "Your personal adviser tells the council tax team for you.",
        "url": "https://www.northfield.example/council-tax/care-leavers",
        **LEAVING_CARE,
    },
    {
        "title": "Higher education bursary",
        "description": "A bursary from the council if you go to university, as well as any "
        "student finance you get.",
        "type": "statutory",
        "areas": ["education-and-training", "financial-stability"],
        "ages": (18, 24),
        "agency": CHILDRENS,
        "what_you_get": "Paid in instalments over your course:",
        "amount": "2000",
        "funder": "Northfield Council",
        "eligibility": "Care leavers starting a course of higher education before their 25th "
        "birthday.",
        "how_to_get_it": "Tell your personal adviser when you accept a place.",
        "applies_outside_area": True,
        **LEAVING_CARE,
    },
    {
        "title": "Year-round university accommodation",
        "description": "If you go to university, we pay for somewhere to live in the holidays, "
        "so you always have a home.",
        "type": "statutory",
        "areas": ["accommodation", "education-and-training"],
        "ages": (18, 24),
        "agency": CHILDRENS,
        "funder": "Northfield Council",
        "eligibility": "Care leavers in full-time higher education.",
        "how_to_get_it": "Plan it with your personal adviser before your first summer.",
        "applies_outside_area": True,
        **LEAVING_CARE,
    },
    {
        "title": "16 to 19 bursary",
        "description": "Money to help with the costs of college or training, like travel, "
        "books and equipment.",
        "type": "statutory",
        "areas": ["education-and-training", "financial-stability"],
        "ages": (16, 18),
        "agency": "Northfield College",
        "what_you_get": "Paid through the year while you attend:",
        "amount": "1200",
        "funder": "Department for Education",
        "eligibility": "Young people in care and care leavers aged 16 to 18 in further "
        "education or training.",
        "how_to_get_it": "Ask Student Services at your college.",
        "locations": [COLLEGE],
        "email": "student.services@northfield-college.example",
    },
    {
        "title": "Help with college from the Virtual School",
        "description": "The Virtual School helps you choose a course, settle in and keep going, "
        "and can pay for things you need to learn, like a laptop.",
        "type": "discretionary",
        "areas": ["education-and-training"],
        "ages": (16, 18),
        "agency": "Northfield Virtual School",
        "eligibility": "Young people in care and care leavers in education or training.",
        "how_to_get_it": "Ask your personal adviser to refer you, or email the Virtual School.",
        "email": "virtual.school@northfield.example",
    },
    {
        "title": "Apprenticeship bursary",
        "description": "A one-off payment when you start an apprenticeship.",
        "type": "discretionary",
        "areas": ["employment", "financial-stability"],
        "ages": (16, 24),
        "agency": "Northfield College",
        "amount": "3000",
        "funder": "Department for Education",
        "eligibility": "Care leavers starting an apprenticeship before their 25th birthday.",
        "how_to_get_it": "Your training provider claims it for you. Tell them you are a care "
        "leaver.",
        "applies_outside_area": True,
    },
    {
        "title": "Guaranteed interview for council jobs and apprenticeships",
        "description": "If you apply for a job or apprenticeship with the council and meet the "
        "essential criteria, you will get an interview.",
        "type": "discretionary",
        "areas": ["employment"],
        "ages": (16, 24),
        "agency": CHILDRENS,
        "how_to_get_it": "Tick the care leaver box on the application form.",
        "url": "https://www.northfield.example/jobs",
        "applies_outside_area": True,
    },
    {
        "title": "Work coach at the Jobcentre",
        "description": "A work coach who knows about leaving care helps you find work or "
        "training, and makes sure you get the Universal Credit you are entitled to.",
        "type": "statutory",
        "areas": ["employment", "financial-stability"],
        "ages": (18, 24),
        "agency": "Jobcentre Plus Northfield",
        "eligibility": "Care leavers claiming Universal Credit.",
        "how_to_get_it": "Tell the Jobcentre you are a care leaver when you claim, so it is "
        "recorded on your claim.",
        "phone": "0800 328 5644",
    },
    {
        "title": "Free prescriptions",
        "description": "You do not pay for NHS prescriptions.",
        "type": "discretionary",
        "areas": ["health-and-wellbeing"],
        "ages": (18, 24),
        "agency": ICB,
        "funder": "Northfield and Vale Integrated Care Board",
        "eligibility": "Care leavers registered with a GP in Northfield.",
        "how_to_get_it": "Show your care leaver card at any pharmacy in Northfield.",
    },
    {
        "title": "Fast-track to mental health support",
        "description": "You can talk to someone quickly if you are struggling, without a long "
        "wait.",
        "type": "discretionary",
        "areas": ["health-and-wellbeing"],
        "ages": (16, 24),
        "agency": ICB,
        "how_to_get_it": "Ask your GP or personal adviser to refer you and say you are a care "
        "leaver. You can also refer yourself online.",
        "url": "https://www.northfield.example/talking-therapies",
    },
    {
        "title": "Your health history",
        "description": "A summary of your health history, including illnesses, vaccinations "
        "and family health, for you to keep.",
        "type": "statutory",
        "areas": ["health-and-wellbeing"],
        "ages": (16, 18),
        "agency": "Northfield Children's Trust",
        "how_to_get_it": "The looked-after children's nurse gives it to you before you leave "
        "care. Ask your personal adviser if you did not get one.",
    },
    {
        "title": "Free gym and swimming",
        "description": "Free use of the gyms and pools at Eastvale's leisure centres.",
        "type": "discretionary",
        "areas": ["health-and-wellbeing", "participation-in-society"],
        "ages": (16, 24),
        "agency": "Eastvale District Council",
        "you_pay_description": "Nothing: the card is free",
        "eligibility": "Care leavers living in Eastvale.",
        "how_to_get_it": "Ask your personal adviser for a leisure pass, then show it at reception.",
        "url": "https://www.eastvale.example/leisure",
    },
    {
        "title": "Free bus travel",
        "description": "A bus pass for free travel on buses in Northfield.",
        "type": "discretionary",
        "areas": ["participation-in-society"],
        "ages": (16, 21),
        "agency": CHILDRENS,
        "funder": "Northfield Council",
        "how_to_get_it": "Your personal adviser applies for it with you.",
        **LEAVING_CARE,
    },
    {
        "title": "Passport, birth certificate and driving licence",
        "description": "We pay for your birth certificate, your first passport and your "
        "provisional driving licence, so you have proof of who you are.",
        "type": "discretionary",
        "areas": ["participation-in-society"],
        "ages": (16, 24),
        "agency": CHILDRENS,
        "funder": "Northfield Council",
        "how_to_get_it": "Ask your personal adviser. You do not pay anything up front.",
        "applies_outside_area": True,
        **LEAVING_CARE,
    },
    {
        "title": "Driving lessons",
        "description": "Money towards driving lessons and your theory and practical tests.",
        "type": "discretionary",
        "areas": ["participation-in-society", "employment"],
        "ages": (17, 24),
        "agency": CHILDRENS,
        "what_you_get": "Up to",
        "amount": "500",
        "funder": "Northfield Council",
        "how_to_get_it": "Agree it in your pathway plan with your personal adviser.",
        "applies_outside_area": True,
        **LEAVING_CARE,
    },
    {
        "title": "Staying Put with your foster carers",
        "description": "You can stay living with your foster carers after you turn 18, until "
        "you are 21, if you and they want to.",
        "type": "statutory",
        "areas": ["accommodation", "relationships"],
        "ages": (18, 20),
        "agency": CHILDRENS,
        "eligibility": "Young people living with foster carers on their 18th birthday.",
        "how_to_get_it": "Talk to your social worker and foster carers before you turn 18.",
        "applies_outside_area": True,
        **LEAVING_CARE,
    },
    {
        "title": "Priority on the housing register",
        "description": "You go into the highest band on Northfield's housing register, so you "
        "are offered a council or housing association home sooner.",
        "type": "discretionary",
        "areas": ["accommodation"],
        "ages": (18, 24),
        "agency": HOUSING,
        "how_to_get_it": "Your personal adviser helps you apply and tells the housing team you "
        "are a care leaver.",
        "phone": "01632 960 456",
    },
    {
        "title": "Help if you are homeless",
        "description": "If you have nowhere to live, the council must help you find somewhere, "
        "and you are treated as a priority until you are 21.",
        "type": "statutory",
        "areas": ["accommodation"],
        "ages": (18, 24),
        "agency": HOUSING,
        "eligibility": "Care leavers aged 18 to 20 are in priority need; older care leavers "
        "may be too.",
        "how_to_get_it": "Call the housing options team at once, or your personal adviser out "
        "of hours.",
        "phone": "01632 960 456",
        "alert": "Over Christmas, call the emergency duty team on 01632 960 999.",
        "alert_days": 30,
    },
    {
        "title": "Rent deposit and first month's rent",
        "description": "We pay the deposit and first month's rent when you move into a private "
        "rented home.",
        "type": "discretionary",
        "areas": ["accommodation", "financial-stability"],
        "ages": (18, 24),
        "agency": HOUSING,
        "funder": "Northfield Council",
        "how_to_get_it": "Ask your personal adviser before you sign a tenancy.",
        **LEAVING_CARE,
    },
    {
        "title": "Care leavers' drop-in and forum",
        "description": "Meet other care leavers every Wednesday evening at the hub, with food, "
        "trips and a say in how the council supports you.",
        "type": "discretionary",
        "areas": ["relationships", "participation-in-society"],
        "ages": (16, 24),
        "agency": "Northfield Foster Carers Association",
        "how_to_get_it": "Just turn up, or ask your personal adviser to come with you the "
        "first time.",
        "locations": [HUB],
        "alert": "The hub is closed from 24 December to 2 January.",
        "alert_days": 45,
    },
    {
        "title": "Help to see your family",
        "description": "We pay your travel to see brothers, sisters and other people who "
        "matter to you.",
        "type": "discretionary",
        "areas": ["relationships"],
        "ages": (16, 24),
        "agency": CHILDRENS,
        "funder": "Northfield Council",
        "how_to_get_it": "Agree it in your pathway plan.",
        "applies_outside_area": True,
        **LEAVING_CARE,
    },
]

# Two entries left past their review date, as a real Local Offer would have.
OVERDUE = {"Driving lessons", "Free bus travel"}


def load_local_offer(
    *, authority: Authority, officer: Person, today: datetime.date, log: Callable[[str], None]
) -> None:
    """Create whatever of Northfield's Local Offer is missing."""
    places = {place.name: place for place in Location.objects.filter(authority=authority)}
    for place in LOCATIONS:
        if place["name"] not in places:
            places[place["name"]] = services.location_create(
                actor=officer, authority=authority, **place
            )
    existing = set(
        LocalOfferEntry.objects.filter(authority=authority).values_list("title", flat=True)
    )
    agencies = {agency.name: agency for agency in Agency.objects.filter(authority=authority)}
    terms = {term.slug: term for term in TaxonomyTerm.objects.all()}
    added = 0
    for number, spec in enumerate(ENTRIES):
        if spec["title"] in existing:
            continue
        data = dict(spec)
        low, high = data.pop("ages")
        alert_days = data.pop("alert_days", None)
        overdue = data["title"] in OVERDUE
        entry = services.entry_create(
            actor=officer,
            authority=authority,
            details=services.EntryDetails(
                **{
                    k: v
                    for k, v in data.items()
                    if k not in {"type", "areas", "agency", "locations", "amount"}
                },
                entitlement_type=terms[data["type"]],
                areas=[terms[slug] for slug in data["areas"]],
                agency=agencies[data["agency"]],
                locations=[places[name] for name in data.get("locations", [])],
                amount=Decimal(data["amount"]) if "amount" in data else None,
                minimum_age=low,
                maximum_age=high,
                alert_until=today + datetime.timedelta(days=alert_days) if alert_days else None,
                review_by=today - datetime.timedelta(days=10 + number),
                is_published=True,
            ),
        )
        if not overdue:
            services.entry_check(
                actor=officer,
                entry=entry,
                today=today,
                review_by=today + datetime.timedelta(days=90 + 4 * number),
            )
        added += 1
    if added:
        log(f"Added {added} Local Offer entries")
