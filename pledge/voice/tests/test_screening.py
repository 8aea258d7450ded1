"""The safeguarding screen: every harmful message of ours flagged, idioms let through, the board's
own phrases, young people's spelling; and the `voice_screen` command."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from pledge.voice import screening
from pledge.voice.screening import ALONE, plain_spelling, screen

MESSAGES = Path(__file__).with_name("messages")
HARMFUL = [line for line in (MESSAGES / "harmful.txt").read_text().splitlines() if line]
HARMLESS = [line for line in (MESSAGES / "harmless.txt").read_text().splitlines() if line]
# Of our harmless messages, how many the screen may flag before we look again at what it
# flags: a false alarm costs a worker one review, so it errs this way (ADR 0024).
MOST_HARMLESS_FLAGGED = 40


def test_the_sets_are_big_enough() -> None:
    assert len(HARMFUL) >= 60
    assert len(HARMLESS) >= 40


@pytest.mark.parametrize("message", HARMFUL)
def test_every_harmful_message_is_flagged(message: str) -> None:
    assert screen(message).flagged, message


def test_harmless_messages_flagged_are_few() -> None:
    flagged = [message for message in HARMLESS if screen(message).flagged]
    assert len(flagged) <= MOST_HARMLESS_FLAGGED, flagged


def _example(phrase: str) -> str:
    """A sentence a phrase of the screen's list must find: its first choice of each word."""
    words = []
    for word in phrase.split():
        if word == "..." or (word.startswith("(") and word.endswith(")")):
            continue
        words.append(word.split("/")[0].replace("_", " ").rstrip("*"))
    return " ".join(words)


@pytest.mark.parametrize(
    ("area", "phrase"),
    [(area.key, phrase) for area, phrases in ALONE.items() for phrase in phrases],
)
def test_every_phrase_of_the_list_is_found(area: str, phrase: str) -> None:
    found = screen(f"i said {_example(phrase)} today")
    assert found.flagged, phrase
    assert area in {f.area.key for f in found.findings}, (phrase, found.why)


@pytest.mark.parametrize(
    "message",
    [
        "this exam is murdering me",
        "i could kill for a pizza rn",
        "im dying to see the new film",
        "i nearly died laughing",
        "we had a secret santa at school",
        "i was starving after football",
        "i'm scared of spiders",
    ],
)
def test_idioms_and_everyday_words_are_not_flagged(message: str) -> None:
    assert not screen(message).flagged, screen(message).why


def test_an_idiom_with_a_person_in_it_is_flagged() -> None:
    assert not screen("this homework is killing me").flagged
    assert screen("he is killing me").flagged


@pytest.mark.parametrize(
    ("written", "plain"),
    [
        ("im gonna unalive myself", "i am going to kill myself"),
        ("nobody wud miss me", "no one would miss me"),
        ("sooooo scared", "soo scared"),
        ("i have bruses", "i have bruises"),
        ("I’m NOT OK!!", "i am not ok"),  # noqa: RUF001 (a phone's apostrophe)
        ("sum1 hurts me 2nite", "someone hurts me tonight"),
    ],
)
def test_plain_spelling(written: str, plain: str) -> None:
    assert plain_spelling(written) == plain


def test_misspellings_of_the_screens_words_are_read_as_them() -> None:
    assert screen("i have brusies on my arms").flagged
    assert screen("she told me to keep it our secrit").flagged


def test_everyday_words_are_not_misread() -> None:
    """A word one letter from one the screen knows is not read as it when it is a word itself
    (the first letter and the last are where people rarely slip)."""
    assert plain_spelling("my brother showed me his drums") == "my brother showed me his drums"


def test_the_board_can_add_phrases() -> None:
    assert not screen("going to the gaff tonight").flagged
    found = screen("going to the gaff tonight", board_phrases=["the gaff"])
    assert [(f.area, f.words) for f in found.findings] == [(screening.BOARD_LIST, "the gaff")]


def test_the_screen_reads_every_sentence() -> None:
    found = screen("I love my placement. But he hits me when nobody's around!")
    assert screening.PHYSICAL in found.areas


def test_why_says_what_was_found() -> None:
    assert screen("i want to kill myself").why == "Suicide or not wanting to live ('kill myself')"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "😀😀😀",
        "مرحبا كيف حالك",
        "<script>alert(1)</script>",
        "a" * 5000,
        "\u0131\u0307\u1e9e\x00\u202e",
    ],
)
def test_any_text_is_screened_without_error(text: str) -> None:
    assert screen(text).text == text


def test_a_long_message_is_screened_in_good_time() -> None:
    """Not a timing: the screen reads each word once per phrase, so a message of 3,000
    characters (the form's most) is a few dozen sentences, not thousands of comparisons."""
    long = " ".join(HARMLESS)[:3000] + " and he hits me"
    assert screen(long).flagged


def test_the_command_prints_each_line(tmp_path: Path, db: None) -> None:
    file = tmp_path / "messages.txt"
    file.write_text("i love my carer\n\nwish i could just disappear\n", encoding="utf-8")
    out = io.StringIO()
    call_command("voice_screen", str(file), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "1: ok: i love my carer"
    assert lines[1] == "3: FLAGGED: wish i could just disappear"
    assert re.match(r"    Suicide or not wanting to live \('wish i could just disappear'", lines[2])
    assert lines[-1] == "1 of 2 lines flagged"


def test_the_command_prints_json(tmp_path: Path, db: None) -> None:
    file = tmp_path / "messages.txt"
    file.write_text("she said keep it our secret\n", encoding="utf-8")
    out = io.StringIO()
    call_command("voice_screen", str(file), "--format", "json", stdout=out)
    [record] = json.loads(out.getvalue())
    assert (record["line"], record["flagged"]) == (1, True)
    assert {"area": "secrecy", "label": "Being told to keep a secret", "words": "our secret"} in (
        record["why"]
    )


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("ابي يضربني كل يوم", True),  # another script: the screen cannot say it is safe
        ("Я хочу більше поїздок", True),
        ("😢😢😢", True),
        ("😀😀 more wifi pls 🙏", False),  # mostly words it reads
        ("café trip please", False),  # accents are letters it reads
    ],
)
def test_what_the_screen_cannot_read_is_flagged_to_be_read(text: str, flagged: bool) -> None:
    found = screen(text)
    assert found.flagged is flagged
    assert (screening.UNREAD in found.areas) is flagged


def test_emoji_for_what_the_screen_looks_for_are_read_as_words() -> None:
    assert screening.VIOLENCE in screen("i want to 🔪 myself").areas
    assert screening.CRIMINAL in screen("he gives me 💊 at parties").areas
