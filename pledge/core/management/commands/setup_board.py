"""python manage.py setup_board: set up a new deployment's authority and first administrator."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from pledge.core.models import Role
from pledge.core.selectors import authority_current
from pledge.core.services import authority_create, person_invite


class Command(BaseCommand):
    help = (
        "Create the authority this deployment serves and invite its first administrator "
        "(who is also a board officer). Run once, on an empty database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--authority", required=True, help="e.g. Northfield Council")
        parser.add_argument("--code", required=True, help="ONS code, e.g. E08000028")
        parser.add_argument("--board", required=True, help="the board's name, in every header")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-name", required=True)
        parser.add_argument(
            "--site-url", required=True, help="where people will open Pledge, for the email link"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if authority_current() is not None:
            raise CommandError("This deployment already has an authority; use the People pages")
        try:
            with transaction.atomic():  # both or neither, so a failed invitation can be re-run
                authority = authority_create(
                    actor=None,
                    name=options["authority"],
                    code=options["code"],
                    board_name=options["board"],
                )
                person = person_invite(
                    actor=None,
                    email=options["admin_email"],
                    full_name=options["admin_name"],
                    roles=[Role.ADMINISTRATOR, Role.BOARD_OFFICER],
                    base_url=options["site_url"],
                )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(f"{authority.board_name} is set up; invitation sent to {person}")
        )
