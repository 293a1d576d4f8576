"""The station's rows: a roster entry (app/domain/roster.py) plus what only the station
knows, and the list's search.

Why so little here: the rules of the list (attention and its order, the offline rule,
the flags, the counters) are the server's too, so they live once in the domain; the
station adds the actions it has recorded and not yet sent, and its search box.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from app.domain.fold import SessionState
from app.domain.roster import Person, RosterEntry, entry, fold_text
from app.services.i18n import QT_TRANSLATE_NOOP, domain_text, translate
from app.services.invigilator_api import EnrolledCandidate

UNSENT_FLAG = QT_TRANSLATE_NOOP("Station", "Action en attente d'envoi")


@dataclass(frozen=True, slots=True)
class CandidateRow(RosterEntry):
    """Everything the station shows of one candidate. Equal rows need no repaint."""

    unsent: int = 0
    """Own actions about this candidate not yet acknowledged by the server."""

    def flags_fr(self) -> list[str]:
        flags = RosterEntry.flags_fr(self)
        if self.unsent:
            flags.append(UNSENT_FLAG)
        return flags


def flag_text(flag: str) -> str:
    """A flag of `CandidateRow.flags_fr` (the domain's, or the station's own) as shown, in
    the process's language."""
    return translate("Station", flag) if flag == UNSENT_FLAG else domain_text(flag)


def person(enrolled: EnrolledCandidate) -> Person:
    return Person(
        candidate_id=enrolled.candidate_id,
        last_name=enrolled.last_name,
        first_name=enrolled.first_name,
        birthdate=enrolled.birthdate,
        extra_time=enrolled.extra_time,
        certifiable=enrolled.certifiable,
    )


def build_row(
    enrolled: EnrolledCandidate,
    session: SessionState,
    now: datetime,
    *,
    server_last_heard: datetime | None = None,
    unsent: int = 0,
) -> CandidateRow:
    """The row of one enrolled candidate at `now`.

    Last heard = the latest of what the station's fold saw (kiosk events) and what the
    server reports (kiosk events and heartbeats), in the enrolled list or since.
    """
    base = entry(person(enrolled), session, now,
                 heard=(server_last_heard, enrolled.last_heard))
    values = {f.name: getattr(base, f.name) for f in fields(RosterEntry)}
    return CandidateRow(**values, unsent=unsent)


def matches(row: RosterEntry, query: str) -> bool:
    """Search: every word of the query in the name, ignoring case and accents."""
    words = fold_text(query).split()
    haystack = fold_text(f"{row.last_name} {row.first_name}")
    return all(w in haystack for w in words)
