"""Amounts of money in figures and in words, as the Local Offer guidance asks them written."""

from __future__ import annotations

from decimal import Decimal

# Split from sentences, which read more easily than lists of twenty quoted words.
_ONES = (  # noqa: SIM905
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "- - twenty thirty forty fifty sixty seventy eighty ninety".split()  # noqa: SIM905
_SCALES = ((1_000_000, "million"), (1000, "thousand"), (100, "hundred"))


def pounds(amount: Decimal) -> str:
    """£2,000 or £57.50: pence only when there are some."""
    if amount == amount.to_integral_value():
        return f"£{amount:,.0f}"
    return f"£{amount:,.2f}"


def pounds_in_words(amount: Decimal) -> str:
    """'two thousand pounds', 'fifty-seven pounds and fifty pence', 'one pound'."""
    whole = int(amount)
    pence = int((amount - whole) * 100)
    words = f"{number_in_words(whole)} {'pound' if whole == 1 else 'pounds'}"
    if pence:
        words += f" and {number_in_words(pence)} {'penny' if pence == 1 else 'pence'}"
    return words


def number_in_words(number: int) -> str:
    """British English words for a whole number: 'one thousand two hundred and fifty'."""
    if number < 0:
        return "minus " + number_in_words(-number)
    if number < 20:
        return _ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    for size, name in _SCALES:
        if number >= size:
            count, rest = divmod(number, size)
            words = f"{number_in_words(count)} {name}"
            if rest:
                words += (" and " if rest < 100 else " ") + number_in_words(rest)
            return words
    raise AssertionError(number)  # unreachable: every number >= 100 has a scale
