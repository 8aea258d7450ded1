"""Moving models from one app to another with their rows (ADR 0017): the table is renamed, not
copied, and the audit trail's content types follow, so every row, audit event and history entry
stays as it was."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def tables_renamed(old_app: str, new_app: str, models: list[str]) -> list[migrations.RunSQL]:
    """Rename each model's table from `old_app_model` to `new_app_model` (and back)."""

    def rename(old: str, new: str) -> str:
        return f'ALTER TABLE "{old}" RENAME TO "{new}"'

    return [
        migrations.RunSQL(
            rename(f"{old_app}_{model}", f"{new_app}_{model}"),
            reverse_sql=rename(f"{new_app}_{model}", f"{old_app}_{model}"),
        )
        for model in models
    ]


def content_types_moved(old_app: str, new_app: str, models: list[str]) -> migrations.RunPython:
    """Point the models' content types (which the audit trail refers to) at the new app."""

    def move(apps: Any, schema_editor: Any, source: str, target: str) -> None:
        content_type = apps.get_model("contenttypes", "ContentType")
        for model in models:
            if not content_type.objects.filter(app_label=target, model=model).exists():
                content_type.objects.filter(app_label=source, model=model).update(app_label=target)

    return migrations.RunPython(
        lambda apps, editor: move(apps, editor, old_app, new_app),
        lambda apps, editor: move(apps, editor, new_app, old_app),
    )
