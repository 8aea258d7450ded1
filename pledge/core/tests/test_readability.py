"""The reading age shown beside words written to young people."""

from __future__ import annotations

import pytest

from pledge.core.readability import readability, syllables


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("you", 1),
        ("help", 1),
        ("make", 1),  # a silent e
        ("cared", 1),  # a silent e before d
        ("wanted", 2),  # but not after t
        ("money", 2),
        ("people", 2),  # a consonant and le is a syllable
        ("while", 1),  # a vowel and le is not
        ("houses", 2),
        ("changes", 2),
        ("being", 2),
        ("placement", 2),
        ("safely", 2),
        ("bursary", 3),
        ("education", 4),
        ("opportunities", 5),
        ("don't", 1),
        ("you\u2019ll", 1),  # a curly apostrophe
        ("20", 2),
        ("2026", 3),
    ],
)
def test_syllables_are_counted_as_words_are_read_aloud(word: str, count: int) -> None:
    assert syllables(word) == count


def test_plain_words_read_younger_than_the_formal_text_they_explain() -> None:
    formal = (
        "Improve the physical and emotional health of children in care and care leavers, "
        "ensuring that appropriate interventions are commissioned and evaluated."
    )
    plain = "We will look after your body and your mind. If you need help, you will get it."
    assert readability(plain).reading_age == 6
    assert readability(formal).reading_age == 21


def test_a_text_with_no_words_has_no_reading_age() -> None:
    empty = readability("  \n ... ")
    assert (empty.words, empty.reading_age, empty.meets(9)) == (0, None, False)


def test_it_names_the_longest_sentence_and_the_long_words() -> None:
    text = (
        "We will help you.\n"
        "Your personal adviser will make sure that the accommodation you move into when you "
        "leave care is suitable for you and near the people who matter to you."
    )
    found = readability(text)
    assert (found.sentences, found.longest_sentence) == (2, 28)
    assert found.hard_words == ("accommodation",)


def test_a_line_break_ends_a_sentence_and_a_decimal_point_does_not() -> None:
    assert readability("Money\nHousing\nHealth").sentences == 3
    assert readability("Waits fell to 1.5 weeks. Good").sentences == 2


def test_meeting_the_board_aim_is_at_or_under_it() -> None:
    text = readability("We will ask what you think and act on it.")
    assert text.reading_age == 5
    assert text.meets(5)
    assert not text.meets(4)
