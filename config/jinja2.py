"""The Jinja2 environment for every page: GOV.UK Frontend macros plus Django's helpers."""

import calendar
from base64 import b64encode
from typing import Any

from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader

from boardfiles.words import and_join
from pledge.core.audit import audit_value_text, clock
from pledge.core.govuk import field_params, form_error_list, problem_list
from pledge.core.readability import readability
from pledge.scorecard.figures import figure


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def datetime_format(value: Any) -> str:
    """GOV.UK style: 4 June 2026 at 3:15pm (or at 3pm), in the board's time zone."""
    if value is None:
        return ""
    value = timezone.localtime(value)
    return f"{date_format(value, 'j F Y')} at {clock(value.time())}"


def environment(**options: Any) -> Environment:
    options["loader"] = ChoiceLoader(
        [
            options["loader"],
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    options.setdefault("autoescape", True)
    env = Environment(**options)  # noqa: S701 - autoescape is set just above
    env.globals.update(
        static=static,
        url=url,
        get_messages=get_messages,
        field_params=field_params,
        form_error_list=form_error_list,
        problem_list=problem_list,
        reading_age_of=readability,
    )
    env.filters["audit_value"] = audit_value_text
    env.filters["month_name"] = lambda number: calendar.month_name[number]
    env.filters["and_join"] = and_join
    env.filters["datetime"] = datetime_format
    env.filters["clock"] = clock
    env.filters["figure"] = figure
    # A chart drawn on the server, as an <img> source (so it carries alternative text).
    env.filters["svg_uri"] = lambda svg: (
        "data:image/svg+xml;base64," + b64encode(svg.encode()).decode("ascii")
    )
    # "Target from 1 April 2026", where capitalize would lower-case the month.
    env.filters["first_upper"] = lambda text: text[:1].upper() + text[1:]
    return env
