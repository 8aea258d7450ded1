from decimal import Decimal

import pytest

from pledge.offer.money import number_in_words, pounds, pounds_in_words


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "zero"),
        (7, "seven"),
        (19, "nineteen"),
        (40, "forty"),
        (57, "fifty-seven"),
        (100, "one hundred"),
        (105, "one hundred and five"),
        (1050, "one thousand and fifty"),
        (1250, "one thousand two hundred and fifty"),
        (3000, "three thousand"),
        (2_000_000, "two million"),
    ],
)
def test_numbers_in_british_english_words(number: int, words: str) -> None:
    assert number_in_words(number) == words


@pytest.mark.parametrize(
    ("amount", "figures", "words"),
    [
        ("2000", "£2,000", "two thousand pounds"),
        ("1", "£1", "one pound"),
        ("57.50", "£57.50", "fifty-seven pounds and fifty pence"),
        ("0.01", "£0.01", "zero pounds and one penny"),
    ],
)
def test_pounds_in_figures_and_words(amount: str, figures: str, words: str) -> None:
    assert pounds(Decimal(amount)) == figures
    assert pounds_in_words(Decimal(amount)) == words
