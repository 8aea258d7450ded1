"""Sign-in limits: how many wrong passwords an address and an account may have, and for how long.

Three limits, each over the last SIGN_IN_LOCKOUT_MINUTES, counted from `SignInAttempt` rows in
the database (every web process shares them) and the same for an address that has an account and
one that has not (docs/adr/0013-sign-in-limits-and-csp.md):

- one client address and one account: SIGN_IN_FAILURE_LIMIT (5) wrong passwords, then that
  address may not try that account until the oldest ages out. Someone else's guesses from
  elsewhere do not stop the account's owner;
- one client address, any accounts: SIGN_IN_ADDRESS_LIMIT (30), so one address cannot work
  through the board's accounts, nor lock many;
- one account, any addresses: SIGN_IN_ACCOUNT_LIMIT (20), against guessing spread over many
  addresses. A browser that has signed in to the account before carries a signed cookie that
  exempts it from this one limit, so a stranger with many addresses cannot lock the owner out.

Every limit ends on its own: an attempt refused is not counted, so nobody can keep one going
by trying again. An administrator's unlock and a new password clear the account's count.
"""

from __future__ import annotations

import datetime
import ipaddress
import math
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac

from boardfiles.words import counted
from pledge.core.models import SignInAttempt

DEVICE_COOKIE = "pledge_known_device"
DEVICE_COOKIE_SALT = "pledge.sign-in.known-device"
DEVICE_COOKIE_DAYS = 365


def account_key(email: str) -> str:
    """A keyed hash of an email address as typed (case and spaces aside): what attempts count
    against, whether or not anyone has that address."""
    return salted_hmac("pledge.sign-in.account", email.strip().lower()).hexdigest()


def client_address(request: HttpRequest | None) -> str:
    """The address the request came from: REMOTE_ADDR, or with TRUSTED_PROXY_COUNT proxies in
    front, the address the outermost of them saw (that many entries from the right of
    X-Forwarded-For; the entries before are whatever the client chose to send). An IPv6 address
    counts as its /64, which one household or server is usually given whole."""
    if request is None:  # a form used outside a request: a script, a shell
        return "unknown"
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64] or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def is_known_device(request: HttpRequest | None, account: str) -> bool:
    """Whether this browser has signed in to the account before (the signed cookie says so)."""
    if request is None:
        return False
    value = request.get_signed_cookie(
        DEVICE_COOKIE,
        default=None,
        salt=DEVICE_COOKIE_SALT,
        max_age=datetime.timedelta(days=DEVICE_COOKIE_DAYS),
    )
    return value == account


def remember_device(response: HttpResponse, email: str) -> None:
    """Mark this browser as one the account's owner uses: set after a sign-in or a new password."""
    response.set_signed_cookie(
        DEVICE_COOKIE,
        account_key(email),
        salt=DEVICE_COOKIE_SALT,
        max_age=DEVICE_COOKIE_DAYS * 24 * 60 * 60,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def window_start(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(minutes=settings.SIGN_IN_LOCKOUT_MINUTES)


@dataclass(frozen=True)
class Limits:
    """What the limits say about one attempt (already counted among the rows)."""

    wait_until: datetime.datetime | None

    @property
    def refused(self) -> bool:
        return self.wait_until is not None

    def minutes(self, now: datetime.datetime) -> int:
        """Whole minutes to wait, rounded up: never "0 minutes"."""
        seconds = (self.wait_until - now).total_seconds() if self.wait_until else 0
        return max(1, math.ceil(seconds / 60))


def limits_for(*, attempt: SignInAttempt, known_device: bool, now: datetime.datetime) -> Limits:
    """Whether this attempt is over a limit and, if so, when the last limit it is over ends.

    The attempt's own row is counted: with parallel attempts each sees at least as many rows as
    were written before it, so no more than the limit are ever checked, however many race."""
    recent = SignInAttempt.objects.filter(occurred_at__gte=window_start(now))
    checks: list[tuple[QuerySet[SignInAttempt], int]] = [
        (
            recent.filter(address=attempt.address, account=attempt.account),
            settings.SIGN_IN_FAILURE_LIMIT,
        ),
        (recent.filter(address=attempt.address), settings.SIGN_IN_ADDRESS_LIMIT),
    ]
    if not known_device:
        checks.append((recent.filter(account=attempt.account), settings.SIGN_IN_ACCOUNT_LIMIT))
    ends: list[datetime.datetime] = []
    for rows, limit in checks:
        earlier = rows.exclude(pk=attempt.pk)
        count = earlier.count()
        if count >= limit:
            # Trying again is allowed once all but limit - 1 of these have aged out.
            oldest_to_go = earlier.order_by("occurred_at").values_list("occurred_at", flat=True)
            ends.append(oldest_to_go[count - limit] + (now - window_start(now)))
    return Limits(wait_until=max(ends) if ends else None)


def wrong_password_count(*, address: str, account: str, now: datetime.datetime) -> tuple[int, int]:
    """Wrong passwords in the window: for this account from this address, and from anywhere."""
    recent = SignInAttempt.objects.filter(occurred_at__gte=window_start(now), account=account)
    return recent.filter(address=address).count(), recent.count()


def spend_hashing_time(password: str) -> None:
    """Run the password hasher once, as a real check does, so a refused attempt takes as long as
    a wrong password and nobody can tell the two (or a real account) apart by the clock."""
    make_password(password)


def too_many_attempts_message(minutes: int) -> str:
    return f"Too many attempts to sign in. Wait {counted(minutes, 'minute')}, then try again."
