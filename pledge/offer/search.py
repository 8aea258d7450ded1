"""Finding what young people type in the Local Offer: word forms, misspellings and everyday words.

A search is words, not a phrase: each word is stemmed (Snowball's English stemmer: "bursaries"
and "bursary" are one word), matched against every entry's words, and scored by where it is
found (a title counts most). A word that is not in any entry is tried as a misspelling of one
that is (one letter wrong in words of five to seven letters, two in longer ones: "bursery" is
"bursary"), and an everyday word also finds the words services use for it ("money" finds
grants, bursaries and allowances; "flat" finds housing), though not the other way round. The
entries found are those matching the most words (all of them when any entry does), the higher
scores first. The Local Offer is tens of entries, so this runs in Python, the same on SQLite
and PostgreSQL.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

import snowballstemmer

from pledge.core.spelling import is_misspelling
from pledge.offer.models import LocalOfferEntry

WORD = re.compile(r"[a-z0-9£]+")
# Words that say nothing about what someone is looking for.
STOPWORDS = frozenset((
    "a", "an", "and", "are", "at", "be", "can", "do", "for", "from", "get", "give", "got",
    "how", "i", "if", "in", "is", "it", "me", "my", "need", "of", "on", "or", "some", "the",
    "to", "want", "what", "where", "who", "will", "with", "you", "your",
))  # fmt: skip
# Everyday words, and the words services use for the same things. An everyday word finds the
# others in its pair; a service's word finds only itself, so a young person who types "bursary"
# sees bursaries, and one who types "money" sees every kind of money. General English for a care
# leaver's needs, not any one council's entries.
EVERYDAY: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (frozenset(everyday.split()), frozenset(services.split()))
    for everyday, services in (
        (
            "money cash skint broke",
            "grant bursary allowance pay paid payment fund funding financial £ benefit",
        ),
        (
            "flat house home room bedsit move",
            "housing accommodation tenancy rent landlord homeless",
        ),
        ("job work", "employment apprenticeship career training traineeship volunteering"),
        ("college school uni", "university course study education tuition degree student"),
        ("doctor ill", "gp health dentist prescription wellbeing counselling therapy mental nurse"),
        ("bus train travel", "transport driving lessons fare"),
        ("phone mobile internet wifi laptop", "data broadband computer"),
        ("bills", "council tax energy gas electricity water"),
        ("food shopping", "groceries meals"),
        ("furniture fridge bed cooker", "furnish washing setting"),
        ("help support talk", "adviser advisor mentor worker advice"),
        ("gym swimming sport", "leisure activities hobbies"),
        ("passport id", "birth certificate identity documents"),
        ("baby pregnant", "parent childcare nursery"),
        ("lawyer", "legal solicitor court"),
    )
)
# Where a word is found, and what that is worth.
FIELDS = (("title", 3.0), ("what_you_get", 2.0), ("description", 1.5), ("eligibility", 1.0))
EXACT, MISSPELT, RELATED = 1.0, 0.8, 0.6


@functools.cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


@functools.cache
def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def words_of(text: str) -> list[str]:
    """`text`'s words, lower case and stemmed, without the words that say nothing."""
    return [stem(w) for w in WORD.findall(text.lower()) if w not in STOPWORDS]


@functools.cache
def _related() -> dict[str, frozenset[str]]:
    """Each everyday word's stem, with the stems of the words it finds."""
    related: dict[str, set[str]] = {}
    for everyday, services in EVERYDAY:
        stems = {stem(word) for word in everyday | services}
        for one in {stem(word) for word in everyday}:
            related.setdefault(one, set()).update(stems - {one})
    return {word: frozenset(others) for word, others in related.items()}


@dataclass(frozen=True)
class _Indexed:
    entry: LocalOfferEntry
    words: dict[str, float]  # each stem, and the most its place in the entry is worth


def _index(entry: LocalOfferEntry) -> _Indexed:
    words: dict[str, float] = {}
    places = [(getattr(entry, field), weight) for field, weight in FIELDS]
    places += [(entry.agency.name, 1.0)]
    places += [(term.name, 1.5) for term in entry.terms.all()]
    for text, weight in places:
        for word in words_of(text):
            words[word] = max(words.get(word, 0.0), weight)
    return _Indexed(entry, words)


def ranked(entries: Iterable[LocalOfferEntry], text: str) -> list[LocalOfferEntry]:
    """The entries that match the most of `text`'s words (all of them, if any entry does), best
    first, then by title. Every entry when `text` has no words."""
    wanted = list(dict.fromkeys(words_of(text)))
    every = [_index(entry) for entry in entries]
    if not wanted:
        return [indexed.entry for indexed in every]
    vocabulary = {word for indexed in every for word in indexed.words}
    meanings = {word: _meanings(word, vocabulary) for word in wanted}
    scored = []
    for indexed in every:
        found = [_best(indexed.words, meanings[word]) for word in wanted]
        matched = sum(score > 0 for score in found)
        if matched:
            scored.append((matched, sum(found), indexed.entry))
    most = max((matched for matched, _score, _entry in scored), default=0)
    best = [row for row in scored if row[0] == most]
    return [entry for _m, _s, entry in sorted(best, key=lambda row: (-row[1], row[2].title))]


def _meanings(word: str, vocabulary: set[str]) -> dict[str, float]:
    """The entry words a searched word stands for, and how much each counts."""
    meanings = {word: EXACT} if word in vocabulary else {}
    if not meanings:  # not in any entry: a misspelling of one that is?
        meanings = {known: MISSPELT for known in vocabulary if is_misspelling(word, known)}
    for spelt in list(meanings) or [word]:
        for other in _related().get(spelt, ()):
            meanings.setdefault(other, RELATED)
    return meanings


def _best(words: dict[str, float], meanings: dict[str, float]) -> float:
    return max((weight * words[w] for w, weight in meanings.items() if w in words), default=0.0)
