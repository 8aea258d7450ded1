"""Django fields become the right GOV.UK components, with errors linked from the summary."""

from __future__ import annotations

from django import forms

from pledge.core.govuk import field_params, form_error_list


class ExampleForm(forms.Form):
    name = forms.CharField(error_messages={"required": "Enter a name"})
    colours = forms.MultipleChoiceField(
        choices=[("r", "Red"), ("g", "Green")], widget=forms.CheckboxSelectMultiple
    )
    size = forms.ChoiceField(choices=[("s", "Small"), ("l", "Large")], widget=forms.RadioSelect)
    notes = forms.CharField(required=False, widget=forms.Textarea)
    agree = forms.BooleanField(required=False)


def test_each_widget_gets_its_govuk_component() -> None:
    form = ExampleForm()
    assert field_params(form["name"])["macro"] == "input"
    assert field_params(form["colours"])["macro"] == "checkboxes"
    assert field_params(form["size"])["macro"] == "radios"
    assert field_params(form["notes"])["macro"] == "textarea"
    assert field_params(form["agree"])["macro"] == "checkboxes"


def test_optional_fields_say_so_in_their_label() -> None:
    params = field_params(ExampleForm()["notes"])["params"]
    assert params["label"]["text"] == "Notes (optional)"


def test_errors_reach_the_field_and_the_summary() -> None:
    form = ExampleForm(data={"colours": ["r"]})
    assert not form.is_valid()
    params = field_params(form["name"])["params"]
    assert params["errorMessage"] == {"text": "Enter a name"}
    summary = form_error_list(form)
    assert {"text": "Enter a name", "href": "#id_name"} in summary
    assert all(error["href"] != "#id_colours" for error in summary)


def test_checked_choices_stay_checked_after_an_error() -> None:
    form = ExampleForm(data={"colours": ["g"]})
    form.is_valid()
    items = field_params(form["colours"])["params"]["items"]
    assert [item["checked"] for item in items] == [False, True]
