"""Who may do what with young people's voice. What young people wrote is read by the people who
answer it (board officers, participation workers) and, when flagged, by the safeguarding contact;
the answers and the pledge check's results by everyone signed in."""

from typing import Any

import rules

from pledge.core.rules import is_board_officer, is_participation_worker, is_signed_in
from pledge.core.selectors import authority_current


@rules.predicate
def is_safeguarding_contact(user: Any) -> bool:
    authority = authority_current()
    return bool(authority and user.is_active and authority.safeguarding_contact_id == user.pk)


is_voice_worker = is_board_officer | is_participation_worker

rules.add_perm("voice.view_said", is_signed_in)
rules.add_perm("voice.answer", is_voice_worker)
rules.add_perm("voice.review_flagged", is_voice_worker | is_safeguarding_contact)
