"""One way to bring a file in, for every kind (ADR 0017): upload, a preview that writes nothing,
confirm once under a lock, expire.

1. **Upload**: a readable file is kept as a `StagedUpload` (`staged_keep`); nothing else is saved.
2. **Preview**: the page reads the kept file again and shows what confirming would do.
3. **Confirm**: `staged_confirm` locks the upload, so two clicks or two people import it once,
   applies it and deletes it, in one transaction.
4. **Expire**: `staged_expire` deletes uploads left unconfirmed past the board's
   `uploads_kept_days` (the periodic job `pledge.core.services.uploads_expire`).

Each app's services call these from inside their own `@service`, so every step is audited. The
903 return goes the same four steps with its files on disk instead (pledge/returns/).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.apps import apps

from pledge.core.audit import audit_record, record_unchanged
from pledge.core.errors import UserError
from pledge.core.models import Person, StagedUpload

Upload = TypeVar("Upload", bound=StagedUpload)
Result = TypeVar("Result")


def staged_keep(
    model: type[Upload], *, actor: Person, filename: str, data: bytes, **fields: Any
) -> Upload:
    """Keep an uploaded file for its preview. Call from a `@service`, after checking that the
    file can be read (a file that cannot is refused before it is kept)."""
    upload = model._default_manager.create(
        uploaded_by=actor, filename=filename, data=data, **fields
    )
    audit_record(
        actor=actor,
        verb=f"{model.audit_name}.created",
        target=upload,
        changes={"filename": [None, filename], "bytes": [None, len(data)]},
    )
    return upload


def staged_confirm(
    upload: Upload,
    *,
    actor: Person,
    apply: Callable[[Upload], Result],
    done: Callable[[Result], dict[str, list[Any]]],
    already: str,
) -> Result:
    """Apply a kept upload once: the row is locked first, so a second click (or person) finds
    it gone and is told `already`; then it is deleted. `done` says what it did, for the audit."""
    if not type(upload)._default_manager.select_for_update().filter(pk=upload.pk).exists():
        raise UserError(already)
    result = apply(upload)
    audit_record(
        actor=actor, verb=f"{upload.audit_name}.confirmed", target=upload, changes=done(result)
    )
    upload.delete()
    return result


def staged_expire(uploads: Iterable[StagedUpload], *, now: datetime.datetime) -> int:
    """Delete the uploads left unconfirmed past their board's `uploads_kept_days`, each with an
    audit event (actor: the system); how many."""
    expired = [
        upload
        for upload in uploads
        if upload.uploaded_at < now - datetime.timedelta(days=upload.board.uploads_kept_days)
    ]
    for upload in expired:
        audit_record(actor=None, verb=f"{upload.audit_name}.expired", target=upload, changes={})
        upload.delete()
    if not expired:
        record_unchanged()
    return len(expired)


def staged_models() -> list[type[StagedUpload]]:
    """Every kind of upload kept for a preview, across the apps."""
    return [model for model in apps.get_models() if issubclass(model, StagedUpload)]
