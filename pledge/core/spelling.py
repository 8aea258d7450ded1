"""Misspellings: how far one word is from another, for searches and screens that must find what
people meant, not only what they typed."""

from __future__ import annotations


def is_misspelling(word: str, known: str) -> bool:
    """Whether `word` is a misspelling of `known`: within one edit (a letter added, dropped,
    changed, or two swapped) for five to seven letters, two for longer words."""
    allowed = 0 if len(known) < 5 else 1 if len(known) < 8 else 2
    return allowed > 0 and abs(len(word) - len(known)) <= allowed and edits(word, known) <= allowed


def edits(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]
