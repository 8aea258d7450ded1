"""Moved from the scorecard app, rows and all (ADR 0017)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from pledge.core.moving import content_types_moved, tables_renamed

MOVED = ["returnload", "indicatorvalue"]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("scorecard", "0006_target_unit_in_kpi_units"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0006_sign_in_attempts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Moved from the scorecard app with their rows: the tables are renamed, not copied.
        migrations.SeparateDatabaseAndState(
            database_operations=tables_renamed("scorecard", "returns", MOVED),
            state_operations=[
                migrations.CreateModel(
                    name="ReturnLoad",
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
                        ("started_at", models.DateTimeField()),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        ("filenames", models.JSONField(default=list)),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("checking", "Checking the files"),
                                    ("checked", "Checked: waiting for confirmation"),
                                    ("computing", "Working out the indicators"),
                                    ("stored", "Indicators stored"),
                                    ("refused", "Not stored: the files have errors"),
                                    ("discarded", "Discarded"),
                                    ("failed", "Failed"),
                                    ("expired", "Expired: the files were deleted unused"),
                                ],
                                default="checking",
                                max_length=10,
                            ),
                        ),
                        ("progress", models.CharField(blank=True, max_length=300)),
                        (
                            "heartbeat_at",
                            models.DateTimeField(
                                blank=True,
                                help_text="When the task working on it last said how far it had got",
                                null=True,
                            ),
                        ),
                        ("errors", models.PositiveIntegerField(default=0)),
                        ("warnings", models.PositiveIntegerField(default=0)),
                        (
                            "summary",
                            models.JSONField(
                                blank=True,
                                default=list,
                                help_text="Issues grouped by rule: code, message, count",
                            ),
                        ),
                        ("years", models.JSONField(blank=True, default=list)),
                        ("as_at_dates", models.PositiveIntegerField(default=0)),
                        ("values_stored", models.PositiveIntegerField(default=0)),
                        ("failure", models.TextField(blank=True)),
                        ("children", models.PositiveIntegerField(blank=True, null=True)),
                        ("episodes", models.PositiveIntegerField(blank=True, null=True)),
                        (
                            "authority",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="loads",
                                to="core.authority",
                            ),
                        ),
                        (
                            "loaded_by",
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
                        "ordering": ["-started_at"],
                    },
                ),
                migrations.CreateModel(
                    name="IndicatorValue",
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
                        ("code", models.CharField(max_length=120)),
                        ("la", models.CharField(max_length=9)),
                        ("as_at", models.DateField()),
                        ("period_start", models.DateField()),
                        ("period_end", models.DateField()),
                        (
                            "numerator",
                            models.DecimalField(decimal_places=6, max_digits=20, null=True),
                        ),
                        (
                            "denominator",
                            models.DecimalField(decimal_places=6, max_digits=20, null=True),
                        ),
                        ("value", models.DecimalField(decimal_places=12, max_digits=24, null=True)),
                        ("status", models.CharField(max_length=20)),
                        ("note", models.TextField(blank=True)),
                        (
                            "load",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="values",
                                to="returns.returnload",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["code", "as_at"],
                        "indexes": [
                            models.Index(
                                fields=["code", "la", "as_at"], name="scorecard_i_code_fc5848_idx"
                            )
                        ],
                    },
                ),
            ],
        ),
        content_types_moved("scorecard", "returns", MOVED),
        # The index keeps the name it had; give it the name Django gives it here.
        migrations.RenameIndex(
            model_name="indicatorvalue",
            new_name="returns_ind_code_635466_idx",
            old_name="scorecard_i_code_fc5848_idx",
        ),
    ]
