"""python manage.py load_demo: load the fictional Northfield board. Safe to run again."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from pledge.demo import load_demo


class Command(BaseCommand):
    help = "Load the Northfield demo board (fictional; idempotent). Refused in production."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load even with DEBUG off, for a smoke test of the production shape",
        )

    def handle(self, *args: Any, allow_production: bool = False, **options: Any) -> None:
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "The demo board has published demo passwords. Refusing to load it with DEBUG "
                "off; pass --allow-production if this really is a throwaway deployment."
            )
        authority = load_demo(log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Demo board ready: {authority.board_name}"))
