"""Reads for young people's voice: screening with the board's phrases, the queues, and the
public "You said, we did"."""

from __future__ import annotations

from pledge.core.models import Authority
from pledge.voice.models import ScreenPhrase
from pledge.voice.screening import Screening, screen


def screened(text: str, *, authority: Authority | None) -> Screening:
    """`text` screened with the screen's phrases and the board's own (the form, the pledge
    check's comments, survey imports and `manage.py voice_screen` all screen through here)."""
    phrases = (
        ScreenPhrase.objects.live().filter(authority=authority).values_list("phrase", flat=True)
        if authority
        else []
    )
    return screen(text, board_phrases=phrases)
