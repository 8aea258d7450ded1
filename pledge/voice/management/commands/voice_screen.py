"""`manage.py voice_screen FILE [--format json]`: screen each line of a text file for signs of
harm or danger, with the function that screens what young people send the board."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pledge.core.selectors import authority_current
from pledge.voice.screening import Screening
from pledge.voice.selectors import screened


class Command(BaseCommand):
    help = (
        "Screen each line of a UTF-8 text file as Pledge screens what young people write (with "
        "the board's own phrases), and print each line, whether it is flagged and why. It never "
        "replaces the authority's safeguarding procedures."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a text file, one message a line")
        parser.add_argument("--format", choices=("text", "json"), default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            lines = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        authority = authority_current()
        results = [
            (number, screened(line, authority=authority))
            for number, line in enumerate(lines, 1)
            if line.strip()
        ]
        if options["format"] == "json":
            self.stdout.write(json.dumps([_record(n, r) for n, r in results], ensure_ascii=False))
            return
        for number, result in results:
            self.stdout.write(f"{number}: {'FLAGGED' if result.flagged else 'ok'}: {result.text}")
            if result.flagged:
                self.stdout.write(f"    {result.why}")
        flagged = sum(result.flagged for _number, result in results)
        self.stdout.write(f"{flagged} of {len(results)} lines flagged")


def _record(number: int, result: Screening) -> dict[str, Any]:
    return {
        "line": number,
        "text": result.text,
        "flagged": result.flagged,
        "why": [
            {"area": f.area.key, "label": f.area.label, "words": f.words} for f in result.findings
        ],
    }
