"""Ready-made KPIs for the headline measures that do not come from the 903 return.

Seed 000's "Headline Data" puts these beside the 903's figures: visits and return home
interviews from the case management system, health assessments from health partners, and the
Virtual School's attainment and education plans. A board adds the ones it reports (the
Scorecard's "Ready-made measures" page), then fills one spreadsheet a period (`figures_template`)
and loads it like any figures file. Each says what to count, so two councils' figures mean the
same. Where DfE publishes a national figure for the measure, England's is shown beside it.

Key stage 1 attainment and progress from key stage 1 to 2, also in seed 000, are left out: key
stage 1 assessments stopped being statutory in 2023/24, so there is nothing to report from 2025.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass

import openpyxl
from openpyxl.styles import Font

from boardfiles.periods import latest_period_end
from boardfiles.units import Frequency, Polarity, Unit
from pledge.scorecard.models import HeadlineSection, Kpi


@dataclass(frozen=True)
class ReadyMade:
    reference: str
    name: str
    section: HeadlineSection
    unit: Unit
    polarity: Polarity
    frequency: Frequency
    count: str  # what to count: the numerator and denominator, in words

    def fields(self) -> dict[str, object]:
        """A new KPI's fields (`scorecard.services.kpi_create`)."""
        return {
            "reference": self.reference,
            "name": self.name,
            "description": self.count,
            "headline_section": self.section,
            "unit": self.unit,
            "polarity": self.polarity,
            "frequency": self.frequency,
            "source": "csv",
        }


SOCIAL_CARE, HEALTH = HeadlineSection.REVIEWS, HeadlineSection.HEALTH
EDUCATION, LEAVERS = HeadlineSection.EDUCATION, HeadlineSection.CARE_LEAVERS
PERCENT, SCORE = Unit.PERCENTAGE, Unit.SCORE
HIGHER, LOWER = Polarity.HIGHER, Polarity.LOWER

READY_MADE: tuple[ReadyMade, ...] = (
    ReadyMade(
        "HD1",
        "Children in care visited within statutory timescales",
        SOCIAL_CARE,
        PERCENT,
        HIGHER,
        Frequency.MONTHLY,
        "Of the children in care at the month's end, how many had every statutory visit in the "
        "month within the timescale their plan sets (Care Planning Regulations 2010, reg. 28).",
    ),
    ReadyMade(
        "HD2",
        "Missing episodes followed by a return home interview",
        SOCIAL_CARE,
        PERCENT,
        HIGHER,
        Frequency.MONTHLY,
        "Of the episodes of a child in care going missing that ended in the month, how many "
        "were followed by a return home interview offered within 72 hours and held.",
    ),
    ReadyMade(
        "HD3",
        "Initial health assessments held within 20 working days of coming into care",
        HEALTH,
        PERCENT,
        HIGHER,
        Frequency.QUARTERLY,
        "Of the children who came into care in the quarter, how many had their initial health "
        "assessment within 20 working days (statutory guidance, Promoting the health and "
        "wellbeing of looked-after children).",
    ),
    ReadyMade(
        "HD4",
        "Care leavers aged 16 to 24 in education, employment or training",
        LEAVERS,
        PERCENT,
        HIGHER,
        Frequency.QUARTERLY,
        "Of the care leavers aged 16 to 24 the leaving care service is in touch with at the "
        "quarter's end, how many are in education, employment or training. (The 903 return "
        "counts 17 to 21 year olds at their birthday; this counts every care leaver supported.)",
    ),
    ReadyMade(
        "HD5",
        "Care leavers aged 16 to 24 in suitable accommodation",
        LEAVERS,
        PERCENT,
        HIGHER,
        Frequency.QUARTERLY,
        "Of the care leavers aged 16 to 24 the service is in touch with at the quarter's end, "
        "how many are in accommodation their personal adviser judges suitable.",
    ),
    ReadyMade(
        "HD6",
        "Young people in care aged 16 and 17 in education, employment or training",
        EDUCATION,
        PERCENT,
        HIGHER,
        Frequency.QUARTERLY,
        "Of the children in care in years 12 and 13 at the quarter's end, how many are in "
        "education, employment or training (the Virtual School's post-16 count).",
    ),
    ReadyMade(
        "HD7",
        "Children in care with an up-to-date personal education plan",
        EDUCATION,
        PERCENT,
        HIGHER,
        Frequency.QUARTERLY,
        "Of the children in care of school age at the quarter's end, how many have a personal "
        "education plan reviewed this term.",
    ),
    ReadyMade(
        "HD8",
        "Children in care who are persistently absent from school",
        EDUCATION,
        PERCENT,
        LOWER,
        Frequency.ANNUAL,
        "Of the children in care of school age for the school year, how many missed 10% or more "
        "of their sessions (DfE's definition of persistent absence).",
    ),
    ReadyMade(
        "HD9",
        "Children in care reaching a good level of development at the end of reception",
        EDUCATION,
        PERCENT,
        HIGHER,
        Frequency.ANNUAL,
        "Of the children in care assessed at the end of the early years foundation stage, how "
        "many reached a good level of development.",
    ),
    ReadyMade(
        "HD10",
        "Children in care meeting the expected standard in reading, writing and maths at key "
        "stage 2",
        EDUCATION,
        PERCENT,
        HIGHER,
        Frequency.ANNUAL,
        "Of the children in care for 12 months or more at the end of key stage 2, how many met "
        "the expected standard in all three (DfE's RWM measure).",
    ),
    ReadyMade(
        "HD11",
        "Average Attainment 8 score of children in care at key stage 4",
        EDUCATION,
        SCORE,
        HIGHER,
        Frequency.ANNUAL,
        "The mean Attainment 8 score of the children in care for 12 months or more who finished "
        "key stage 4 in the school year.",
    ),
    ReadyMade(
        "HD12",
        "Average Progress 8 score of children in care at key stage 4",
        EDUCATION,
        SCORE,
        HIGHER,
        Frequency.ANNUAL,
        "The mean Progress 8 score of the same children: 0 is the national average for all "
        "pupils, so a negative score is less progress than pupils like them made.",
    ),
)

TEMPLATE_HEADINGS = (
    "KPI",
    "What is measured",
    "Period",
    "Value",
    "Numerator",
    "Denominator",
    "Commentary",
    "What to count",
)
WIDTHS = (8, 50, 12, 10, 12, 13, 40, 90)


def figures_template(kpis: Iterable[Kpi], on: datetime.date) -> bytes:
    """One spreadsheet to fill for `kpis`: a row each for the latest period ended by `on`, in
    the figures file's layout (KPI, Period, Value, and optionally Numerator, Denominator,
    Commentary; the columns it does not read say what each is), loaded as any figures file is.
    A row left empty is left out."""
    book = openpyxl.Workbook()
    sheet = book.worksheets[0]
    sheet.title = "Figures"
    sheet.append(TEMPLATE_HEADINGS)
    chosen = list(kpis)
    for kpi in chosen:
        end = latest_period_end(kpi.frequency, on)
        sheet.append(
            (kpi.reference or kpi.name, kpi.name, end, None, None, None, None, kpi.description)
        )
        sheet.cell(sheet.max_row, 3).number_format = "DD/MM/YYYY"
    for column, width in zip("ABCDEFGH", WIDTHS, strict=True):
        sheet.column_dimensions[column].width = width
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "D2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
