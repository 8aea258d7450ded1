"""Fixtures for the project-wide guards."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pledge.actions.models import Action, ActionPlan, Evidence, PlanUpload, ProgressUpdate
from pledge.comparators.models import ComparatorUpload
from pledge.core.models import Agency, Authority, Person, Role
from pledge.meetings.models import AgendaItem, Attendee, Meeting, Paper
from pledge.offer.tests.helpers import make_entry, make_place
from pledge.reports.models import BoardPack, PackPeriod, PackState, Period
from pledge.reports.pack import pack_contents
from pledge.returns.files import REPORT, work_folder
from pledge.returns.models import ReturnLoad
from pledge.scorecard.models import FiguresUpload, KpiUpload
from pledge.scorecard.tests.factories import KpiFactory
from pledge.strategy.tests.factories import (
    PledgePromiseFactory,
    StrategyFactory,
    StrategyItemFactory,
)
from pledge.voice.models import (
    Channel,
    CheckRound,
    Message,
    Review,
    ScreenPhrase,
    SurveyUpload,
    VoiceGroup,
    YouSaid,
    YouSaidState,
)


@pytest.fixture
def records(agency: Agency, make_person: Callable[..., Person]) -> dict[str, int]:
    """One of each kind of record a page can be about, by the name the URL tables use."""
    strategy = StrategyFactory.create(authority=agency.authority)
    plan = ActionPlan.objects.create(
        strategy=strategy, title="Plan", starts_on=strategy.starts_on, ends_on=strategy.ends_on
    )
    action = Action.objects.create(plan=plan, text="Do it", due_kind="ongoing")
    action.agencies.set([agency])  # so the matrix's agency lead leads it
    update = ProgressUpdate.objects.create(
        action=action,
        author=make_person(Role.AGENCY_LEAD),
        posted_at=timezone.now(),
        as_at=strategy.starts_on,
        status="in_progress",
        commentary="Started",
    )
    evidence = Evidence.objects.create(
        update=update, file=ContentFile(b"minutes", name="minutes.txt"), description="Minutes"
    )
    upload = PlanUpload.objects.create(
        uploaded_by=make_person(Role.BOARD_OFFICER),
        filename="plan.csv",
        data=b"Ref,Action,Who,By when\n1,Do it,A Smith,April 2026\n",
        strategy=strategy,
        title="Plan",
        starts_on=strategy.starts_on,
        ends_on=strategy.ends_on,
    )
    kpi = KpiFactory.create(
        authority=agency.authority,
        lead_agency=agency,  # so the matrix's agency lead enters its figures
    )
    kpi_upload = KpiUpload.objects.create(
        authority=agency.authority,
        uploaded_by=make_person(Role.BOARD_OFFICER),
        filename="kpis.csv",
        data=b"Outcome,Measure\nHome,Fewer than 10% move three times\n",
        targets_from=strategy.starts_on,
    )
    figures_upload = FiguresUpload.objects.create(
        authority=agency.authority,
        uploaded_by=make_person(Role.PERFORMANCE_ANALYST),
        filename="figures.csv",
        data=f"KPI,Period,Value\n{kpi.name},31/03/2026,12\n".encode(),
    )
    comparator_upload = ComparatorUpload.objects.create(
        authority=agency.authority,
        uploaded_by=make_person(Role.PERFORMANCE_ANALYST),
        filename="ees.csv",
        data=b"time_period,time_identifier,geographic_level,country_code,country_name,rate\n"
        b"2025,Reporting year,National,E92000001,England,70\n",
    )
    meeting = Meeting.objects.create(authority=agency.authority, held_on=strategy.starts_on)
    attendee = Attendee.objects.create(meeting=meeting, name="Sam", role="co_chair")
    agenda_item = AgendaItem.objects.create(meeting=meeting, title="Scorecard")
    AgendaItem.objects.create(meeting=meeting, title="Plan", position=1)
    paper = Paper.objects.create(
        item=agenda_item,
        title="Scorecard",
        file=SimpleUploadedFile("scorecard.pdf", b"%PDF-1.7"),
        uploaded_by=make_person(Role.BOARD_OFFICER),
    )
    load = ReturnLoad.objects.create(
        authority=agency.authority, started_at=timezone.now(), state=ReturnLoad.State.CHECKED
    )
    work_folder(load).mkdir(parents=True)
    (work_folder(load) / REPORT).write_text("code,row\n101,2\n")
    return {
        "pack": _pack(agency.authority, strategy.starts_on).pk,
        "kpi": kpi.pk,
        "load": load.pk,
        "plan": plan.pk,
        "action": action.pk,
        "upload": upload.pk,
        "kpi_upload": kpi_upload.pk,
        "meeting": meeting.pk,
        "attendee": attendee.pk,
        "agenda_item": agenda_item.pk,
        "paper": paper.pk,
        "figures_upload": figures_upload.pk,
        "comparator_upload": comparator_upload.pk,
        "evidence": evidence.pk,
        "agency": agency.pk,
        "person": make_person(Role.BOARD_MEMBER).pk,
        "strategy": strategy.pk,
        "item": StrategyItemFactory.create(strategy=strategy).pk,
        "promise": PledgePromiseFactory.create(authority=agency.authority).pk,
        "entry": make_entry(agency).pk,
        "location": make_place(agency.authority).pk,
        **_voice(agency.authority, strategy.starts_on, make_person(Role.PARTICIPATION_WORKER)),
    }


def _voice(authority: Authority, day: datetime.date, worker: Person) -> dict[str, int]:
    """A message, a flagged one, a "You said" item, a group, a board phrase, a check round."""
    now = timezone.now()
    message = Message.objects.create(authority=authority, text="More trips", received_at=now)
    flagged = Message.objects.create(
        authority=authority, text="Help", received_at=now, flagged=True, review=Review.WAITING
    )
    group = VoiceGroup.objects.create(authority=authority, name="Forum", worker=worker)
    said = YouSaid.objects.create(  # published: everyone signed in may read it
        authority=authority,
        said="More trips",
        heard_on=day,
        channel=Channel.FORM,
        group=group,
        state=YouSaidState.PUBLISHED,
    )
    phrase = ScreenPhrase.objects.create(
        authority=authority, phrase="the gaff", added_by=worker, added_at=now
    )
    check_round = CheckRound.objects.create(
        authority=authority, title="Spring", opens_on=day, closes_on=day
    )
    survey = SurveyUpload.objects.create(
        authority=authority,
        uploaded_by=worker,
        filename="survey.csv",
        data=b"Age,Anything else you want to tell us?\n14,More trips to the cinema please\n",
    )
    return {
        "message": message.pk,
        "flagged_message": flagged.pk,
        "group": group.pk,
        "you_said": said.pk,
        "phrase": phrase.pk,
        "check_round": check_round.pk,
        "survey_upload": survey.pk,
    }


def _pack(authority: Authority, day: datetime.date) -> BoardPack:
    """A made pack of the month holding `day`, with its four files."""
    period = Period.ending(PackPeriod.BIMONTHLY, day)
    pack = BoardPack.objects.create(
        authority=authority,
        period=period.kind,
        period_start=period.start,
        period_end=period.end,
        version=1,
        requested_at=timezone.now(),
        made_at=timezone.now(),
        state=PackState.READY,
        contents=pack_contents(authority, period, version=1, made_at=timezone.now()),
    )
    for field in ("pdf", "docx", "public_pdf", "public_docx"):
        getattr(pack, field).save(f"pack.{field.rsplit('_', 1)[-1]}", ContentFile(b"%PDF-1.7"))
    return pack
