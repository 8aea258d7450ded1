"""Moved from the scorecard app, rows and all (ADR 0017)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from pledge.core.moving import content_types_moved, tables_renamed

MOVED = ["comparatorimport", "comparatorvalue"]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("scorecard", "0006_target_unit_in_kpi_units"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Moved from the scorecard app with their rows: the tables are renamed, not copied.
        migrations.SeparateDatabaseAndState(
            database_operations=tables_renamed("scorecard", "comparators", MOVED),
            state_operations=[
                migrations.CreateModel(
                    name="ComparatorImport",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("filename", models.CharField(max_length=255)),
                        ("imported_at", models.DateTimeField()),
                        ("values", models.PositiveIntegerField(default=0)),
                        (
                            "imported_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["-imported_at"],
                    },
                ),
                migrations.CreateModel(
                    name="ComparatorValue",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("measure", models.CharField(max_length=300)),
                        ("geography_level", models.CharField(max_length=20)),
                        ("area_code", models.CharField(max_length=12)),
                        ("area_name", models.CharField(max_length=200)),
                        (
                            "old_la_code",
                            models.CharField(
                                blank=True, max_length=3, verbose_name="old LA number"
                            ),
                        ),
                        ("period", models.CharField(max_length=20)),
                        ("year_ending", models.DateField(blank=True, null=True)),
                        (
                            "value",
                            models.DecimalField(
                                blank=True, decimal_places=6, max_digits=20, null=True
                            ),
                        ),
                        ("symbol", models.CharField(blank=True, max_length=4)),
                        (
                            "source",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="comparators.comparatorimport",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["measure", "area_name", "period"],
                        "constraints": [
                            models.UniqueConstraint(
                                models.F("measure"),
                                models.F("area_code"),
                                models.F("period"),
                                name="one_comparator_value_per_period",
                            )
                        ],
                    },
                ),
            ],
        ),
        content_types_moved("scorecard", "comparators", MOVED),
    ]
