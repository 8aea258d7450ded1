"""A target's unit is one of the KPI units now (boardfiles/units.py): "percent" becomes
"percentage"; "count" is unchanged."""

from django.db import migrations

RENAMED = {"percent": "percentage"}


def _rename(apps, schema_editor, renamed):
    KpiTarget = apps.get_model("scorecard", "KpiTarget")
    for target in KpiTarget.objects.filter(rule__unit__in=list(renamed)):
        target.rule["unit"] = renamed[target.rule["unit"]]
        target.save(update_fields=["rule"])


def forwards(apps, schema_editor):
    _rename(apps, schema_editor, RENAMED)


def backwards(apps, schema_editor):
    _rename(apps, schema_editor, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [("scorecard", "0005_kpi_version")]
    operations = [migrations.RunPython(forwards, backwards)]
