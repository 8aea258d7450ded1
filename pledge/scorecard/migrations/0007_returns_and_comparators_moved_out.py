"""The 903 loads and DfE's comparators now live in their own apps (returns, comparators),
whose first migrations took the tables and their rows: here the scorecard forgets them."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("scorecard", "0006_target_unit_in_kpi_units"),
        ("returns", "0001_initial"),
        ("comparators", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="comparatorvalue",
                    name="source",
                ),
                migrations.RemoveField(
                    model_name="indicatorvalue",
                    name="load",
                ),
                migrations.RemoveField(
                    model_name="returnload",
                    name="authority",
                ),
                migrations.RemoveField(
                    model_name="returnload",
                    name="loaded_by",
                ),
                migrations.DeleteModel(
                    name="ComparatorImport",
                ),
                migrations.DeleteModel(
                    name="ComparatorValue",
                ),
                migrations.DeleteModel(
                    name="IndicatorValue",
                ),
                migrations.DeleteModel(
                    name="ReturnLoad",
                ),
            ],
        ),
    ]
