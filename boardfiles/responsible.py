"""Split a "Who" cell into agencies and named leads.

Plans name several responsible parties in one cell: "A Kaiser A Mains D Cartledge",
"C Morley/J Centro CiC Team Managers", "NHS and SMBC Children's Services", "Group Manager -
Permanence & Through Care, Head of the Virtual School". Names the board already knows (its
agencies, its people) are matched first and never split; the rest is split where a new name
clearly starts. What cannot be told apart stays whole, for the officer to fix in the preview.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

ALL_PARTNERS = re.compile(r"^all (relevant )?partner(s| agencies)$", re.IGNORECASE)
PERSON = re.compile(r"(?<![\w'])([A-Z])\.? ([A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*)(?![\w'])")
# Words that start a new job title or organisation, so "X and Head of Y" is two parties.
STARTS_PARTY = re.compile(
    r"^(?:[A-Z]{2,}\b|Head\b|Group Manager\b|Principal\b|Corporate\b|Workforce\b|Youth\b|"
    r"Director\b|Assistant\b|Sandwell\b|Derby\b|Lancashire\b|Cheshire\b|Virtual School\b|"
    r"Children's\b|Cared For Nurse\b)"
)
ORGANISATION = re.compile(
    r"\b(SMBC|NHS|DWP|SCT|CSC|Trust|Council|Services?|School|College|Agency|Agencies|"
    r"Connexions|Jobcentre|Board|Partnership|Health|Housing|Education|Resources|Neighbourhoods|"
    r"Regeneration|Intelligence|CPB|FARY|ART|EST|LC|CIOC|Q&R)\b"
)


@dataclass
class Responsible:
    agencies: list[str] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)
    all_partners: bool = False


def split_responsible(
    text: str,
    *,
    agencies_column: bool,
    known_agencies: Iterable[str] = (),
    known_people: Iterable[str] = (),
) -> Responsible:
    """Agencies and leads named in `text`.

    `agencies_column` says what the column holds when a piece could be either ("Who will be
    responsible?" and "KPI lead agency" list agencies; "By whom" and "Who" list people).
    """
    found = Responsible()
    # Parenthetical notes ("(depending on agency or in-house provisions)") are not names; the
    # action keeps the whole original text anyway.
    rest = re.sub(r"\s*\([^)]*\)", "", text)
    rest = re.sub(r"\s+", " ", rest).strip().rstrip(".").strip()
    if not rest:
        return found
    if ALL_PARTNERS.match(rest):
        found.all_partners = True
        return found
    for name in sorted(set(known_agencies), key=len, reverse=True):
        rest, hit = _take(rest, name)
        if hit:
            found.agencies.append(name)
    for name in sorted(set(known_people), key=len, reverse=True):
        rest, hit = _take(rest, name)
        if hit:
            found.leads.append(name)
    for match in PERSON.finditer(rest):
        found.leads.append(f"{match.group(1)} {match.group(2)}")
    rest = PERSON.sub(" / ", rest)
    for piece in _pieces(rest):
        if agencies_column or (ORGANISATION.search(piece) and not _is_role(piece)):
            found.agencies.append(piece)
        else:
            found.leads.append(piece)
    found.agencies = _unique(found.agencies)
    found.leads = _unique(found.leads)
    return found


def _take(text: str, name: str) -> tuple[str, bool]:
    pattern = re.compile(rf"(?<![\w]){re.escape(name)}(?![\w])", re.IGNORECASE)
    if not pattern.search(text):
        return text, False
    return pattern.sub(" / ", text), True


def _pieces(text: str) -> list[str]:
    pieces: list[str] = []
    for part in re.split(r"\s*[/;,]\s*", text):
        pieces += _split_joined(part)
    return [p for p in (_tidy(p) for p in pieces) if p]


def _split_joined(part: str) -> list[str]:
    """Split on "and", "&" or "via" only where what follows starts a new party."""
    words = re.split(r"\s+(and|&|via)\s+", part)
    out = [words[0]]
    for joiner, following in zip(words[1::2], words[2::2], strict=True):
        if STARTS_PARTY.match(following) or joiner == "via":
            out.append(following)
        else:
            out[-1] = f"{out[-1]} {joiner} {following}"
    return out


def _tidy(piece: str) -> str:
    piece = piece.strip(" .-\u2013&").strip()
    return "" if piece.lower() in {"", "and", "&", "via"} else piece


def _is_role(piece: str) -> bool:
    return bool(re.search(r"\b(Manager|Managers|Workers?|Head|Officer|Nurse|Lead|Team)\b", piece))


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    return [i for i in items if not (i.lower() in seen or seen.add(i.lower()))]  # type: ignore[func-returns-value]
