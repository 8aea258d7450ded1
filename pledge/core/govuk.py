"""Turns Django form fields into the parameters of GOV.UK Frontend macros.

Templates call `field(form.name)` from core/forms.html, which asks `field_params` which macro to
use and with what, so every form gets GOV.UK labels, hints, error messages and an error summary
whose links land on the right input.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.forms.boundfield import BoundField

from boardfiles.problems import Problem


def _selected(bound: BoundField) -> set[str]:
    value = bound.value()
    if value is None:
        return set()
    if isinstance(value, list | tuple | set):
        return {str(v) for v in value}
    return {str(value)}


def _items(bound: BoundField, hints: dict[str, str] | None) -> list[dict[str, Any]]:
    selected = _selected(bound)
    items = []
    for value, label in bound.field.choices:  # type: ignore[attr-defined]
        key = str(getattr(value, "value", value))
        if key == "" and not isinstance(bound.field.widget, forms.RadioSelect | forms.Select):
            continue  # an empty choice is "none of these" only where one can be chosen
        item: dict[str, Any] = {"value": key, "text": str(label), "checked": key in selected}
        if hints and key in hints:
            item["hint"] = {"text": hints[key]}
        items.append(item)
    return items


def field_params(
    bound: BoundField,
    *,
    label_size: str = "s",
    is_page_heading: bool = False,
    classes: str = "",
    item_hints: dict[str, str] | None = None,
    mark_optional: bool = True,
    **extra: Any,
) -> dict[str, Any]:
    """{'macro': name of the govuk macro, 'params': its parameters} for one bound field.

    `mark_optional=False` drops "(optional)" from the label, for forms where every field is
    optional by nature, like a search.
    """
    widget = bound.field.widget
    # A single yes-or-no checkbox is optional by nature: saying so would only confuse.
    optional = (
        mark_optional
        and not bound.field.required
        and not isinstance(bound.field, forms.BooleanField)
    )
    label_text = str(bound.label) + (" (optional)" if optional else "")
    label_class = f"govuk-label--{label_size}" if label_size else ""
    common: dict[str, Any] = {
        "id": bound.auto_id,
        "name": bound.html_name,
    }
    if bound.help_text:
        common["hint"] = {"text": str(bound.help_text)}
    if bound.errors:
        common["errorMessage"] = {"text": " ".join(str(e) for e in bound.errors)}

    if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):  # includes checkbox lists
        choice = _choice_params(
            bound,
            common,
            label_text=label_text,
            legend_class=f"govuk-fieldset__legend--{label_size}" if label_size else "",
            is_page_heading=is_page_heading,
            classes=classes,
            item_hints=item_hints,
        )
        choice["params"] |= extra
        return choice

    common["label"] = {"text": label_text, "classes": label_class, "isPageHeading": is_page_heading}
    value = bound.value()
    if isinstance(widget, forms.Select):
        selected = _selected(bound)
        items = [
            {
                "value": str(getattr(v, "value", v)),
                "text": str(label),
                "selected": str(getattr(v, "value", v)) in selected,
            }
            for v, label in bound.field.choices  # type: ignore[attr-defined]
        ]
        return {"macro": "select", "params": common | {"items": items, "classes": classes} | extra}
    if isinstance(widget, forms.Textarea):
        return {
            "macro": "textarea",
            "params": common
            | {"value": value or "", "rows": widget.attrs.get("rows", 5), "classes": classes}
            | extra,
        }
    if isinstance(widget, forms.PasswordInput):
        return {
            "macro": "password",
            "params": common
            | {"autocomplete": widget.attrs.get("autocomplete", "current-password")}
            | extra,
        }
    if isinstance(widget, forms.FileInput):
        return {"macro": "file", "params": common | {"classes": classes} | extra}
    input_type = getattr(widget, "input_type", "text")
    params = common | {
        "type": input_type,
        "value": "" if value is None else str(value),
        "classes": classes,
        "spellcheck": False if input_type == "email" else None,
    }
    if "autocomplete" in widget.attrs:
        params["autocomplete"] = widget.attrs["autocomplete"]
    if input_type == "number":
        params["type"] = "text"
        params["inputmode"] = "numeric"
    return {"macro": "input", "params": params | extra}


def _choice_params(
    bound: BoundField,
    common: dict[str, Any],
    *,
    label_text: str,
    legend_class: str,
    is_page_heading: bool,
    classes: str,
    item_hints: dict[str, str] | None,
) -> dict[str, Any]:
    """Checkboxes or radios: a list of choices, or one checkbox for a yes-or-no field."""
    widget = bound.field.widget
    params: dict[str, Any] = {
        "idPrefix": bound.auto_id,
        "name": bound.html_name,
        "classes": classes,
    }
    params |= {key: common[key] for key in ("hint", "errorMessage") if key in common}
    if isinstance(widget, forms.CheckboxInput):
        params["items"] = [{"value": "on", "text": label_text, "checked": bool(bound.value())}]
        return {"macro": "checkboxes", "params": params}
    params["items"] = _items(bound, item_hints)
    params["fieldset"] = {
        "legend": {
            "text": label_text,
            "isPageHeading": is_page_heading,
            "classes": legend_class,
        }
    }
    # CheckboxSelectMultiple is a subclass of RadioSelect, so ask about it first.
    macro = "checkboxes" if isinstance(widget, forms.CheckboxSelectMultiple) else "radios"
    return {"macro": macro, "params": params}


def form_error_list(*forms_: forms.BaseForm | None) -> list[dict[str, str]]:
    """The error summary's list: each error links to its field, form-wide errors to the form."""
    errors: list[dict[str, str]] = []
    for form in forms_:
        if form is None or not form.errors:
            continue
        first = next((name for name in form.fields if not form[name].is_hidden), None)
        for message in form.non_field_errors():
            href = f"#{form[first].auto_id}" if first else "#main-content"
            errors.append({"text": str(message), "href": href})
        for name in form.fields:
            bound = form[name]
            for message in bound.errors:
                errors.append({"text": str(message), "href": f"#{bound.auto_id}"})
    return errors


def problem_list(problems: Iterable[Problem], href: str) -> list[dict[str, str]]:
    """A file's problems as an error summary's list, each linking to the table that lists them."""
    return [
        {"text": f"{_place(problem.where)}: {problem.message}", "href": href}
        for problem in problems
    ]


def _place(where: str) -> str:
    """ "Row 12" for "row 12"; "The file" for a problem with the file as a whole."""
    return where[:1].upper() + where[1:] if where else "The file"
