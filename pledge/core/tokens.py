"""Links to choose a password: made only where they are sent, and short-lived.

A link is a secret: whoever holds it signs in as the person. So it is made in the worker, just
before the email goes (pledge/core/tasks.py), and never passed to a task as an argument, which
the task runner keeps in the database. How long one works depends on what it is for
(docs/adr/0015-no-secrets-at-rest.md): an invitation waits for someone who may be away for a
couple of days; a reset is asked for by someone at their screen now.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from pledge.core.models import Person

INVITATION_LIFETIME = datetime.timedelta(days=3)
RESET_LIFETIME = datetime.timedelta(hours=2)


def lifetime(person: Person) -> datetime.timedelta:
    """An account that has never had a password is answering an invitation."""
    return RESET_LIFETIME if person.has_usable_password() else INVITATION_LIFETIME


class PasswordLinkTokens(PasswordResetTokenGenerator):
    """Django's reset tokens (single use: the password's hash is in them), with a lifetime
    by kind. Django checks the longest (PASSWORD_RESET_TIMEOUT); this checks the kind's."""

    def check_token(self, user: object, token: str | None) -> bool:
        if not isinstance(user, Person) or not token or not super().check_token(user, token):
            return False
        made = base36_to_int(token.split("-")[0])  # the token's timestamp, as Django writes it
        return self._num_seconds(self._now()) - made <= lifetime(user).total_seconds()


tokens = PasswordLinkTokens()


def set_password_path(person: Person) -> str:
    return reverse(
        "password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": tokens.make_token(person),
        },
    )
