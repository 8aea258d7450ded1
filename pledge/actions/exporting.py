"""Export a plan to CSV, XLSX or DOCX in the shape boards keep and Pledge imports.

One row per action, with the headings the importer recognises, so importing an export gives back
the same plan (tests/test_export.py proves it for every format). Actions under a KPI carry the
KPI's words in the KPI column; the importer rebuilds the KPI from them.
"""

from __future__ import annotations

import csv
import io

from boardfiles.tables import FORMULA_STARTS
from pledge.actions.models import Action, ActionPlan
from pledge.actions.selectors import plan_actions

HEADINGS = [
    "Ref",
    "Priority",
    "KPI",
    "Action",
    "Lead agencies",
    "Named leads",
    "By when",
    "What will success look like?",
    "How will we measure success?",
    "Status",
    "RAG status on progress",
    "Progress report",
]

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def plan_rows(plan: ActionPlan) -> list[list[str]]:
    """The plan's actions as rows under HEADINGS; KPI nodes become the KPI column."""
    rows = []
    numbered_kpis: set[int] = set()
    for action in plan_actions(plan):
        if action.is_kpi:
            continue
        kpi = action.parent.text if action.parent and action.parent.is_kpi else ""
        reference = action.reference
        if kpi and action.parent_id not in numbered_kpis:
            numbered_kpis.add(action.parent_id or 0)
            if not reference and action.parent:
                # A KPI numbered on its first row only ("1.13"): the importer gives it back.
                reference = action.parent.reference
        rows.append(
            [
                reference,
                action.priority.title if action.priority else action.priority_text,
                kpi,
                action.text,
                _agencies(action),
                " / ".join(lead.name for lead in action.leads.all()),
                action.due_text,
                action.success,
                action.measure if not (kpi and action.measure == kpi) else "",
                action.get_status_display(),
                action.get_rag_display() if action.rag else "",
                action.rag_commentary,
            ]
        )
    return rows


def _agencies(action: Action) -> str:
    names = ["All Partner Agencies"] if action.all_partners else []
    return " / ".join(names + [agency.name for agency in action.agencies.all()])


def to_csv(plan: ActionPlan) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(HEADINGS)
    # A cell starting = + - or @ would run as a formula in Excel: an apostrophe stops that, and
    # the importer takes it off again.
    writer.writerows([[_escape(value) for value in row] for row in plan_rows(plan)])
    return out.getvalue().encode("utf-8-sig")  # with a byte-order mark, so Excel reads UTF-8


def _escape(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def to_xlsx(plan: ActionPlan) -> bytes:
    import openpyxl  # noqa: PLC0415 - only for this format
    from openpyxl.styles import Alignment, Font  # noqa: PLC0415

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Action plan"
    sheet.append([plan.title])
    sheet.append([f"{plan.starts_on:%-d %B %Y} to {plan.ends_on:%-d %B %Y}"])
    sheet.append([])
    sheet.append(HEADINGS)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in plan_rows(plan):
        sheet.append(row)
    for column in sheet.iter_cols(min_row=5):
        for cell in column:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.number_format = "@"  # text: "April 2016" stays words, "1.10" stays 1.10
            if isinstance(cell.value, str) and cell.value:
                cell.data_type = "s"  # text, never a formula, whatever it starts with
    sheet.freeze_panes = "A5"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_docx(plan: ActionPlan) -> bytes:
    import docx  # noqa: PLC0415 - only for this format
    from docx.enum.section import WD_ORIENT  # noqa: PLC0415

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_heading(plan.title, level=1)
    document.add_paragraph(f"{plan.starts_on:%-d %B %Y} to {plan.ends_on:%-d %B %Y}")
    rows = plan_rows(plan)
    table = document.add_table(rows=1, cols=len(HEADINGS))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, HEADINGS, strict=True):
        cell.text = heading
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


EXPORTERS = {"csv": to_csv, "xlsx": to_xlsx, "docx": to_docx}
