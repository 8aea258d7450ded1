"""How easy a text is to read: its reading age, and what makes it harder than it needs to be.

The reading age is the Flesch-Kincaid grade plus five (a US grade is a year of school that
starts at six; a child finishing grade 1 is about six or seven). Flesch-Kincaid is the measure
Word, Hemingway and most plain-language guides report, so an officer checking a text elsewhere
sees about the same figure. Syllables are counted by a rule of thumb, right for the everyday
words plain writing uses; ADR 0022 says why not a dictionary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*|\d+(?:[.,:]\d+)*")
# A sentence ends at . ! ? (not inside a number like 1.5) or at a line break: a list item or
# a heading is read as one.
SENTENCE_END = re.compile(r"(?<!\d)[.!?]+(?=\s|$)|[.!?]+(?=\s)|\n+")
VOWEL_GROUP = re.compile(r"[aeiouy]+")
# A silent e before an ending: placement, safely, homeless, useful.
SILENT_E = re.compile(r"(?<=[^aeiouy])e(?=(?:ments?|ly|less|ness|ful)$)")
LONG_SENTENCE_WORDS = 15  # a plain-English guide's longest sentence
HARD_WORD_SYLLABLES = 4
YOUNGEST_AGE = 5


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    syllables: int
    longest_sentence: int
    hard_words: tuple[str, ...]

    @property
    def reading_age(self) -> int | None:
        """The age at which most children can read the text; None for a text with no words."""
        if not self.words:
            return None
        grade = 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59
        return max(YOUNGEST_AGE, round(grade + 5))

    @property
    def has_long_sentence(self) -> bool:
        return self.longest_sentence > LONG_SENTENCE_WORDS

    def meets(self, target: int) -> bool:
        return self.reading_age is not None and self.reading_age <= target


def readability(text: str) -> Readability:
    sentences = [WORD.findall(part) for part in SENTENCE_END.split(text)]
    sentences = [words for words in sentences if words]
    words = [word for sentence in sentences for word in sentence]
    counts = {word.lower(): syllables(word) for word in words}
    hard = [word for word in counts if counts[word] >= HARD_WORD_SYLLABLES]
    return Readability(
        words=len(words),
        sentences=len(sentences),
        syllables=sum(counts[word.lower()] for word in words),
        longest_sentence=max((len(s) for s in sentences), default=0),
        hard_words=tuple(hard),
    )


def syllables(word: str) -> int:
    """Roughly how many syllables `word` has when read aloud. A number counts one for each digit,
    up to three ("20" is twenty, "2026" about as long as "two thousand")."""
    if word[0].isdigit():
        return min(3, sum(character.isdigit() for character in word))
    word = word.lower().replace("\u2019", "'").split("'")[0]
    if len(word) <= 3:
        return 1
    if word.endswith("es") and word[-3] not in "sxzcg" and not word.endswith(("ches", "shes")):
        word = word[:-2]  # makes, tables, studies; but houses, changes, matches
    elif word.endswith("ed") and word[-3] not in "td":
        word = word[:-2]  # cared, used; but wanted, needed
    elif word.endswith("e") and not word.endswith("ee") and not _consonant_le(word):
        word = word[:-1]  # make, home, while; but people, free
    count = len(VOWEL_GROUP.findall(SILENT_E.sub("", word).removeprefix("y")))
    if re.search(r"[aeiouy]ing$", word):
        count += 1  # being, saying, going
    return max(1, count)


def _consonant_le(word: str) -> bool:
    return word.endswith("le") and word[-3] not in "aeiouy"
