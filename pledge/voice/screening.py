"""Screening what young people write for signs of harm or danger (ADR 0024).

Every free text a young person sends (the "tell us" form, a pledge-check comment, a survey
import) passes through `screen` when it arrives, and so does `manage.py voice_screen`.

It screens meaning, not single words. The text is first put into plain spelling: text-speak
written out ("wud", "sum1", "kms"), letters typed three times cut to two, and a word one or two
letters from a word the screen knows read as that word. Then each sentence is read for
*concepts* (someone hurting "me", fear, a secret, hunger that lasts, money owed, an older
person giving things, a bag to carry, nowhere to sleep...). Some concepts are enough on their
own ("unalive", "nowhere to sleep", "keep it our secret"); others only together in one sentence
(fear with a person or home: "scared of my uncle", but not "scared of spiders"; hunger with
how long: "hungry all the time", but not "starving after football"). Idioms ("this exam is
murdering me", "I could kill for a pizza", "dying to see it") are taken out first, unless a
person is in the sentence.

It errs towards flagging. A miss is the serious error: a young person's message about harm goes
unread. A false alarm costs a worker one review. Nothing here replaces the authority's
safeguarding procedures: a flagged message goes to a person, who decides.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pledge.core.spelling import edits

# Text-speak and short forms, written out (apostrophes are dropped before this: "i'm" is "im").
SPELLED_OUT = {
    "u": "you", "ur": "your", "r": "are", "im": "i am", "ive": "i have", "id": "i would",
    "ill": "i will", "wanna": "want to", "gonna": "going to", "gotta": "got to", "gna": "going to",
    "kms": "kill myself", "kys": "kill yourself", "ppl": "people", "bf": "boyfriend",
    "gf": "girlfriend", "bc": "because", "cos": "because", "coz": "because", "cuz": "because",
    "bcos": "because", "n": "and", "nd": "and", "2": "to", "4": "for", "rn": "right now",
    "wiv": "with", "wid": "with", "ma": "my", "pls": "please", "plz": "please", "sum1": "someone",
    "some1": "someone", "sumone": "someone", "no1": "no one", "any1": "anyone",
    "every1": "everyone", "evry1": "everyone", "aint": "am not", "dunno": "do not know",
    "wot": "what", "whats": "what is", "wats": "what is", "wat": "what", "hes": "he is",
    "shes": "she is", "theyre": "they are", "theyll": "they will", "hell": "he will",
    "shell": "she will", "hed": "he would", "shed": "she would", "theyd": "they would",
    "didnt": "did not", "doesnt": "does not", "wasnt": "was not", "isnt": "is not",
    "wont": "will not", "cant": "can not", "dont": "do not", "dnt": "do not", "cnt": "can not",
    "havent": "have not", "havnt": "have not", "hvnt": "have not", "hadnt": "had not",
    "wouldnt": "would not", "nobody": "no one", "noone": "no one", "nobdy": "no one",
    "wud": "would", "wld": "would", "cud": "could", "cld": "could", "shud": "should",
    "nite": "night", "2nite": "tonight", "tonite": "tonight", "2day": "today", "b4": "before",
    "bk": "back", "hme": "home", "wen": "when", "ther": "there", "thier": "their",
    "meself": "myself", "mesel": "myself", "hav": "have", "av": "have", "agen": "again",
    "agin": "again", "bout": "about", "abt": "about", "ova": "over", "sed": "said", "sez": "says",
    "fella": "man", "fosta": "foster", "mam": "mum", "mom": "mum", "sw": "social worker",
    "yr": "year", "unalive": "kill", "unaliving": "killing", "unalived": "killed",
    "sewerslide": "suicide", "sui": "suicide", "shank": "stab", "shanked": "stabbed",
    "merk": "stab", "merked": "stabbed", "ded": "dead", "wana": "want to", "stayin": "staying",
    "sleepin": "sleeping", "nuffin": "nothing", "nothin": "nothing", "somethin": "something",
    "evryone": "everyone",
}  # fmt: skip

# Everyday words a letter away from a word the screen knows, never read as that word.
NOT_MISSPELT = frozenset({
    "beating", "burning", "burnt", "cheating", "cutting", "driving", "drums", "eating", "giving",
    "gunning", "heating", "hugged", "hunter", "hunting", "hurting", "kicking", "licked", "living",
    "locker", "looked", "lucked", "lunch", "meeting", "painted", "painting", "parties", "picked",
    "picking", "pictures", "puts", "running", "sacred", "scares", "scarred", "scary", "scored",
    "secrets", "setting", "shooting", "shouting", "showed", "sinking", "sitting", "sleeping",
    "stabbing", "starring", "started", "starting", "stubbing", "stunning", "sweeping", "tablet",
    "thinking", "touched", "weeping",
})  # fmt: skip

# Who: a person the young person can be hurt by, scared of or kept quiet by.
PERSON = (
    "he", "she", "they", "him", "her", "them", "someone", "somebody", "people", "man", "men",
    "guy*", "lad", "lads", "boy", "boys", "girl*", "woman", "women", "adult*", "older",
    "stranger*", "mum*", "dad*", "step*", "carer*", "foster*", "boyfriend*", "girlfriend*",
    "partner*", "uncle*", "aunt*", "auntie*", "cousin*", "nan*", "grandad*", "grandma*",
    "grandpa*", "brother*", "sister*", "teacher*", "worker*", "staff", "landlord*", "friend*",
    "mate*", "coach", "parent*", "family", "gang", "neighbour*",
)  # fmt: skip

# Idioms taken out of a sentence that has no person in it.
IDIOMS = (
    "is/are/was/were killing/murdering/destroying me",
    "kill/killed/die/died for a/an/some",
    "to die for",
    "dying to/for",
    "died/dying/die laughing",
    "dead funny/good/tired/nice/easy/bored",
    "killed it",
    "killing it",
    "kill time",
    "secret santa",
)  # fmt: skip


@dataclass(frozen=True)
class Area:
    """An area of concern: what a worker is told a flag is about."""

    key: str
    label: str


SUICIDE = Area("suicide", "Suicide or not wanting to live")
SELF_HARM = Area("self_harm", "Self-harm")
PHYSICAL = Area("physical_abuse", "Being hurt by someone")
EMOTIONAL = Area("emotional_abuse", "Being put down, controlled or kept from people")
SEXUAL = Area("sexual_abuse", "Sexual abuse or sexual exploitation")
CRIMINAL = Area("criminal_exploitation", "Criminal exploitation (drugs, money owed, carrying)")
VIOLENCE = Area("violence", "Violence, weapons or threats")
NEGLECT = Area("neglect", "Neglect (food, a bed, being left alone, caring for others)")
MISSING = Area("missing", "Going missing or running away")
HOMELESS = Area("homeless", "Homelessness or nowhere safe to sleep")
DANGER = Area("danger", "Fear, danger or asking for help")
SECRECY = Area("secrecy", "Being told to keep a secret")
SOMEONE = Area("someone", "Someone doing something to the young person: read it to be sure")
BOARD_LIST = Area("board_list", "A phrase on the board's own list")
UNREAD = Area("unread", "Written in a script or symbols the screen cannot read: read it to be sure")

AREAS = (
    SUICIDE, SELF_HARM, PHYSICAL, EMOTIONAL, SEXUAL, CRIMINAL, VIOLENCE, NEGLECT, MISSING,
    HOMELESS, DANGER, SECRECY, SOMEONE, BOARD_LIST, UNREAD,
)  # fmt: skip

# Phrases enough on their own, by area: phrases.txt, one a line (its header says how they are
# written). Concepts below are written the same way.
PHRASES_FILE = Path(__file__).with_name("phrases.txt")


def _read_phrases(path: Path) -> dict[Area, tuple[str, ...]]:
    by_key = {area.key: area for area in AREAS}
    phrases: dict[Area, list[str]] = {}
    area = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            area = by_key[line[1:-1]]
            phrases[area] = []
        elif area is None:
            raise ValueError(f"{path.name}: a phrase before any [area]: {line!r}")
        else:
            phrases[area].append(line)
    return {area: tuple(lines) for area, lines in phrases.items()}


ALONE = _read_phrases(PHRASES_FILE)

# Concepts that flag only together in one sentence.
FEAR = ("scared", "afraid", "frightened", "petrified", "fear", "frighten*", "scare", "worried")
WHERE_FEARED = ("home", "house", "going back", "placement", "tonight", "night", "there")
HUNGER = ("hungry", "starv*", "food", "eat", "eaten", "meal*")
LASTING = (
    "all the time", "always", "never", "days", "every day", "weekend", "since", "weeks",
    "nothing", "no", "again", "most", "every night",
)  # fmt: skip
OLDER = ("older", "man", "men", "guy*", "lad", "lads", "stranger*", "boyfriend*", "these", "adult*")
GIFTS = (
    "gives/give/gave/giving/buy/buys/bought/gets/get me", "money", "presents", "pick me up",
    "car", "parties", "party", "stuff", "free",
)  # fmt: skip
ONLINE = ("online", "snap*", "insta*", "tiktok", "message*", "dm*", "texts", "chat*", "app")
SHOUTING = ("shout*", "scream*", "smash*", "yell*", "swear* at")
OFTEN = ("every", "always", "all the time", "each", "scared", "night")
ALONE_TIME = ("alone", "on my own", "by myself", "home alone")
HOW_LONG = ("weekend", "days", "night*", "week*", "all day", "hours")
BODY = (
    "arm", "arms", "wrist*", "leg", "legs", "thigh*", "skin", "body", "face", "neck", "back",
    "stomach", "chest", "hands", "head",
)  # fmt: skip
MARKS = ("marks", "cuts", "scratches", "bruis*", "burns", "scars", "lines", "covered", "bleeding")
FEELING = ("i feel", "i am feeling", "feels", "i am so", "i am really", "makes me feel", "i felt")
BAD_FEELINGS = (
    "worse", "worst", "hell", "horrible", "awful", "terrible", "miserable", "hopeless",
    "helpless", "alone", "lonely", "trapped", "stuck", "broken", "empty", "numb", "ruined",
    "crying", "cry", "tears", "dirty", "ashamed", "disgusting", "sick", "scared", "unwanted",
    "unloved", "invisible", "worthless", "nothing", "like a ghost", "a mess", "low", "down",
    "depressed", "suicidal", "unsafe", "afraid", "frightened", "anxious", "panic*", "hate",
)  # fmt: skip

TOGETHER: tuple[tuple[Area, tuple[tuple[str, ...], ...]], ...] = (
    (DANGER, (FEAR, PERSON)),
    (DANGER, (FEAR, WHERE_FEARED)),
    (NEGLECT, (HUNGER, LASTING)),
    (NEGLECT, (ALONE_TIME, HOW_LONG)),
    (SEXUAL, (OLDER, GIFTS)),
    (SEXUAL, (ONLINE, OLDER)),
    (SEXUAL, (ONLINE, ("do not know", "where i live", "meet", "age", "address"))),
    (EMOTIONAL, (SHOUTING, OFTEN)),
    (CRIMINAL, (("train", "car", "bus"), ("bag", "package*", "parcel*", "for them", "for him"))),
    (MISSING, (("stay*", "stopping", "been at", "staying at"), ("days", "weeks", "nights"))),
    (SELF_HARM, (BODY, MARKS)),
    (
        PHYSICAL,
        (("fighting", "arguing", "shouting", "screaming", "smashing", "fights"), WHERE_FEARED),
    ),
    (NEGLECT, (("not", "never", "no", "only"), ("food", "eat", "eaten", "dinner", "tea", "meal*"))),
    (DANGER, (FEELING, BAD_FEELINGS)),
    (DANGER, (("home", "house", "placement", "my life", "family"), BAD_FEELINGS)),
)


@dataclass(frozen=True)
class Finding:
    """Why a text was flagged: the area, and the words that showed it."""

    area: Area
    words: str


@dataclass(frozen=True)
class Screening:
    text: str
    findings: tuple[Finding, ...]

    @property
    def flagged(self) -> bool:
        return bool(self.findings)

    @property
    def areas(self) -> tuple[Area, ...]:
        return tuple(dict.fromkeys(finding.area for finding in self.findings))

    @property
    def why(self) -> str:
        """The reasons in words, for a worker: "Self-harm ("cutting myself")"."""
        return "; ".join(
            f"{area.label} ({', '.join(repr(f.words) for f in self.findings if f.area == area)})"
            for area in self.areas
        )


def screen(text: str, *, board_phrases: Iterable[str] = ()) -> Screening:
    """Screen a young person's text. `board_phrases` are the board's own additions."""
    findings: list[Finding] = []
    board = tuple(phrase for phrase in board_phrases if plain_spelling(phrase))
    for sentence in sentences(text):
        findings.extend(_sentence_findings(sentence, board))
    if not findings and _mostly_unread(text):
        findings.append(Finding(UNREAD, text.strip()[:40]))
    return Screening(text, tuple(dict.fromkeys(findings)))


def _mostly_unread(text: str) -> bool:
    """Whether most of what was written is in letters or symbols the screen cannot read (another
    script, emoji): it cannot say that such a message is safe."""
    written = [c for c in text if c.isalpha() or unicodedata.category(c) == "So"]
    read = re.findall(r"[a-z]", _folded(text.lower()))
    return len(written) >= 3 and len(read) < len(written) / 2


def _folded(text: str) -> str:
    """Letters with their accents taken off ("café" -> "cafe"); what has no Latin letter goes."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


# Symbols young people use for words the screen looks for.
EMOJI = {
    "🔪": "knife", "🗡": "knife", "🔫": "gun", "💊": "pills", "🩸": "blood", "💉": "needle",
    "⚰": "dead", "🪦": "dead", "💀": "dead", "🍆": "sex", "🍑": "sex", "💦": "sex",
}  # fmt: skip


# Words that show a sentence about someone and "me" is a good one ("my carer helped me").
GOOD = (
    "love*", "nice", "kind", "great", "best", "fun", "brilliant", "lovely", "proud", "happy",
    "thank*", "lol", "haha", "favourite", "amazing", "cool", "enjoy*",
)  # fmt: skip
# What someone does for "me" that is everyday care ("my carer took me to", "gave me a lift").
# Harm these words can carry ("took me to his flat", "gave me pills") has phrases of its own.
KIND = (
    "help*", "taught", "teach*", "gave/give/gives a", "gave/give/gives me a",
    "took/take/takes me to/fishing/out/shopping", "picked/picks/picking me up", "show*", "bought",
    "buy*",
    "come/comes/came to see", "told/tells me about", "let/lets me", "says i can", "watched",
    "and me", "about my", "in my class", "is at home with",
)  # fmt: skip


def _sentence_findings(sentence: str, board: tuple[str, ...]) -> list[Finding]:
    findings = [
        Finding(BOARD_LIST, found.group().strip())
        for phrase in board
        if (found := _pattern(plain_spelling(phrase)).search(sentence))
    ]
    if not _any(PERSON).search(sentence):
        for idiom in IDIOMS:
            sentence = _pattern(idiom).sub(" ", sentence)
    findings.extend(
        Finding(area, found.group().strip())
        for area, phrases in ALONE.items()
        for phrase in phrases
        if (found := _pattern(phrase).search(sentence))
    )
    for area, concepts in TOGETHER:
        matches = [_any(concept).search(sentence) for concept in concepts]
        if all(matches):
            findings.append(Finding(area, " ... ".join(m.group().strip() for m in matches if m)))
    if not findings and (words := _someone_to_me(sentence)):
        findings.append(Finding(SOMEONE, words))
    return findings


def _someone_to_me(sentence: str) -> str:
    """The words of a sentence in which someone does something to "me" (or mine), unless the
    sentence says it was good: the last net, for what no phrase above foresaw."""
    if _any(GOOD).search(sentence):
        return ""
    for person in _any(PERSON).finditer(sentence):
        to_me = re.match(r"(?:\S+ ){0,6}?(?:me|my|us|our) ", sentence[person.end() :])
        if to_me and not _any(KIND).search(sentence[person.start() :]):
            return (person.group() + to_me.group()).strip()
    return ""


def sentences(text: str) -> list[str]:
    """The text's sentences, each in plain spelling and ending in a space."""
    parts = re.split(r"[.!?;\n]+|\s-\s", text)
    return [plain + " " for part in parts if (plain := plain_spelling(part))]


def plain_spelling(text: str) -> str:
    """Lower case, letters only, text-speak written out, misspellings of known words fixed."""
    for symbol, word in EMOJI.items():
        text = text.replace(symbol, f" {word} ")
    text = _folded(text)
    text = re.sub(r"['`]", "", text.lower())  # curly quotes went with the accents
    text = re.sub(r"(\w)\1{2,}", r"\1\1", text)  # "sooooo" -> "soo"
    words = []
    for token in re.findall(r"[a-z0-9@$&*-]+", text):
        if not (bare := token.strip("-*")):
            continue
        word = re.sub(r"(?<=[a-z])[0@](?=[a-z])", "o", SPELLED_OUT.get(bare, bare))  # "sh0t"
        words.append(_known(word) if " " not in word else word)
    return " ".join(words)


@cache
def _known(word: str) -> str:
    """The word, or the screen's word it misspells ("bruses" -> "bruises")."""
    if len(word) < 5 or word in NOT_MISSPELT or word in _vocabulary():
        return word
    stems = _stems()
    if word.startswith(stems):
        return word
    for known in _vocabulary_by_letter().get(word[0], ()):
        # One edit, not at the first letter nor only at the end ("showed" is not "shower",
        # "picks" is not "pick").
        if (
            abs(len(word) - len(known)) <= 1
            and word[:-1] != known[:-1]
            and not word.startswith(known)
            and not known.startswith(word)
            and edits(word, known) == 1
        ):
            return known
    for stem in stems:
        if len(word) > len(stem) and word[0] == stem[0] and edits(word[: len(stem)], stem) == 1:
            return stem + word[len(stem) :]
    return word


@cache
def _vocabulary() -> frozenset[str]:
    words: set[str] = set()
    for phrase in _all_phrases():
        words.update(w for w in re.split(r"[\s/()]+", phrase) if w and not w.endswith("*"))
    return frozenset(w for w in words if w.isalpha())


@cache
def _vocabulary_by_letter() -> dict[str, tuple[str, ...]]:
    by_letter: dict[str, list[str]] = {}
    for word in sorted(_vocabulary()):
        by_letter.setdefault(word[0], []).append(word)
    return {letter: tuple(words) for letter, words in by_letter.items()}


@cache
def _stems() -> tuple[str, ...]:
    stems: set[str] = set()
    for phrase in _all_phrases():
        stems.update(w[:-1] for w in re.split(r"[\s/()]+", phrase) if w.endswith("*"))
    return tuple(sorted(s for s in stems if len(s) >= 5))


def _all_phrases() -> Iterable[str]:
    for phrases in ALONE.values():
        yield from phrases
    for _area, concepts in TOGETHER:
        for concept in concepts:
            yield from concept
    yield from PERSON


@cache
def _pattern(phrase: str) -> re.Pattern[str]:
    """A phrase as a regular expression over plain spelling (see `ALONE`), each word with the
    space after it: search `sentence + " "`."""
    parts = []
    for word in phrase.split():
        if word == "...":
            parts.append(r"(?:\S+ ){0,3}")
            continue
        optional = word.startswith("(") and word.endswith(")")
        choices = word.strip("()").split("/")
        alternatives = "|".join(
            re.escape(choice[:-1].replace("_", " ")) + r"\w*"
            if choice.endswith("*")
            else re.escape(choice.replace("_", " "))
            for choice in choices
        )
        parts.append(f"(?:(?:{alternatives}) )" + ("?" if optional else ""))
    return re.compile(r"(?<!\S)" + "".join(parts))


@cache
def _any(concept: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{_pattern(phrase).pattern})" for phrase in concept))
