"""What a room relay writes in its own database, as server code (decision 0004).

Why here and not in the relay deployment's package: the relay is the central server's
app in relay mode (`relay/server.py`), and its database has the server's tables. Every
write to them goes through server code, as on the central server, so a rule added to
those tables (issue 17's signed events, device binding, tokens) is added in one package;
the relay deployment keeps the sealed package on the station, the LAN server and the
upstream loop (`relay/upstream.py`), and calls this module. The server never imports the
relay deployment.

Two jobs, both on the relay's database:

- `load_package`: the session, candidates, tests of the package into an empty database,
  or only the candidates added since (a late registration) into one that already ran;
- `RelayLog`: the relay's log as seen from the central server, through `relay_links`.

`RelayLog` and the numbering. The relay's log holds events of many devices, numbered by
the relay (`relay_seq`); the central server numbers them again (`central_seq`).
`relay_links` records both numbers for each event, which gives:

- exactly once: an event with a link is never pushed again; a push whose answer was lost
  is pushed again and acknowledged as a repeat (same id); an event that a kiosk also
  sent to the central server directly is acknowledged, not duplicated;
- order: events go up in relay order, so the central server applies them in the order
  the relay applied them, and reaches the same verdicts;
- `seen_seq` across numberings: an event's seen_seq counts in the numbering of the end it
  was recorded against. Going up, it becomes the highest central_seq of the events the
  relay had *pulled* from the central server among those the device had seen: the relay
  had every central event up to that number, so the device cannot have known more.
  Coming down, it becomes the highest relay_seq below which every relay event was
  already on the central server with a central_seq the device had seen. Both are
  conservative: a too-small seen_seq keeps an answer as `concurrent_with_end` for the
  invigilator to judge; a too-large one would refuse an answer given in good faith.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain.clocks import Clock
from app.domain.events import Event, Role
from app.models.server import (
    Candidate,
    Centre,
    Certification,
    ExamSession,
    PreparedTest,
    RelayLink,
    SessionSecret,
)
from app.models.server import Event as EventRow
from app.server.context import ServerContext
from app.server.eventlog import row_to_event
from app.wire.relay import PackageCandidate, PackagePreparedTest, RelayPackage

log = logging.getLogger(__name__)

PUSHED = "pushed"
PULLED = "pulled"
REFUSED = "refused"
REJECTED_HERE = "rejected_here"


# -- the package into the relay's database ------------------------------------------------


def _candidate(c: PackageCandidate, session_id: int, now: datetime) -> Candidate:
    return Candidate(
        id=c.id, session_id=session_id, last_name=c.last_name,
        first_name=c.first_name, birthdate=c.birthdate,
        birthplace=c.birthplace, sex=c.sex, class_name=c.class_name,
        external_id=c.external_id, extra_time=c.extra_time,
        accessibility=c.accessibility, email="", profile={},
        certifiable=c.certifiable, match_key=c.match_key, created_at=now,
    )


def _prepared(p: PackagePreparedTest, session_id: int, now: datetime) -> PreparedTest:
    return PreparedTest(
        candidate_id=p.candidate_id, session_id=session_id,
        certification_number=p.certification_number, challenge_ids=list(p.challenge_ids),
        competence_of=dict(p.competence_of), spares=list(p.spares), created_at=now,
    )


def load_package(ctx: ServerContext, package: RelayPackage, now: datetime) -> bool:
    """Create the session, candidates, tests of the package in an empty relay database.

    Returns False when the session is already there: a relay that restarts keeps its own
    log, which is newer than the package. Only candidates the relay does not know yet
    (added on central after an earlier package: a late registration) are added, with
    their prepared tests, so downloading the package again brings them in.
    """
    s = package.session
    with ctx.sessions() as db:
        if db.get(ExamSession, s.id) is not None:
            _add_late_candidates(db, package, now)
            return False
        db.add(Centre(id=s.centre_id, name=s.centre_name or f"centre {s.centre_id}",
                      created_at=now))
        db.flush()
        db.add(
            ExamSession(
                id=s.id, centre_id=s.centre_id, site=s.site, room=s.room,
                invigilators=list(s.invigilators), date=s.date,
                start_time=s.start_time, observations=s.observations,
                password_hash=s.password_hash, access_code_hash=s.access_code_hash,
                last_seq=0, created_at=now,
            )
        )
        db.flush()
        # No access code in clear at rest: the relay checks codes with the hash, and the
        # station's header gets it from memory (settings.relay_access_code).
        db.add(SessionSecret(session_id=s.id, session_password="", access_code="",
                             resume_key=s.resume_key))
        for c in package.candidates:
            db.add(_candidate(c, s.id, now))
        db.flush()
        for cert in package.certifications:
            db.add(
                Certification(
                    id=cert.id, candidate_id=cert.candidate_id, session_id=s.id,
                    person_key=cert.person_key, challenge_ids=list(cert.challenge_ids),
                    competence_of=dict(cert.competence_of), spares=list(cert.spares),
                    started_at=cert.started_at, jury_comment="",
                )
            )
        for p in package.prepared_tests:
            db.add(_prepared(p, s.id, now))
        db.commit()
    return True


def _add_late_candidates(db: Session, package: RelayPackage, now: datetime) -> int:
    sid = package.session.id
    known = set(db.scalars(sa.select(Candidate.id).where(Candidate.session_id == sid)))
    late = [c for c in package.candidates if c.id not in known]
    if not late:
        return 0
    for c in late:
        db.add(_candidate(c, sid, now))
    db.flush()
    ids = {c.id for c in late}
    for p in package.prepared_tests:
        if p.candidate_id in ids:
            db.add(_prepared(p, sid, now))
    db.commit()
    log.info("relay: %d candidate(s) added to session %s from a newer package", len(late), sid)
    return len(late)


# -- the relay's log against the central server ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A batch to push: the events (relay numbering) and their wire form for central."""

    events: list[Event]
    wire: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class LinkCounts:
    pending: int
    """Events of the relay's log the central server has not acknowledged yet."""
    refused: int
    """Events the central server refused."""


class RelayLog:
    """The relay's log for one session, with where each event stands on the central server.

    Blocking; every method opens its own database session. The caller (the relay's
    `Upstream`) serialises `absorb` and `record_push` with its own lock.
    """

    def __init__(self, ctx: ServerContext, session_id: int, clock: Clock) -> None:
        self.ctx = ctx
        self.session_id = session_id
        self.clock = clock

    @contextmanager
    def _db(self) -> Iterator[Session]:
        with self.ctx.sessions() as db:
            try:
                yield db
            except BaseException:
                db.rollback()
                raise

    def _link(
        self, event_id: str, relay_seq: int | None, central_seq: int | None, state: str,
        reason: str = "",
    ) -> RelayLink:
        return RelayLink(
            event_id=event_id, session_id=self.session_id, relay_seq=relay_seq,
            central_seq=central_seq, state=state, reason=reason,
        )

    # -- reading ---------------------------------------------------------------------------

    def pending(self, db: Session, limit: int) -> list[Event]:
        rows = db.scalars(
            sa.select(EventRow)
            .outerjoin(RelayLink, RelayLink.event_id == EventRow.id)
            .where(EventRow.session_id == self.session_id, RelayLink.event_id.is_(None))
            .order_by(EventRow.server_seq)
            .limit(limit)
        )
        return [row_to_event(r) for r in rows]

    def to_central(self, db: Session, seen_relay: int) -> int:
        if seen_relay <= 0:
            return 0
        top = db.scalar(
            sa.select(sa.func.max(RelayLink.central_seq)).where(
                RelayLink.session_id == self.session_id,
                RelayLink.state == PULLED,
                RelayLink.relay_seq <= seen_relay,
            )
        )
        return int(top or 0)

    def to_relay(self, db: Session, seen_central: int) -> int:
        if seen_central <= 0:
            return 0
        first_unknown = db.scalar(
            sa.select(sa.func.min(EventRow.server_seq))
            .outerjoin(RelayLink, RelayLink.event_id == EventRow.id)
            .where(
                EventRow.session_id == self.session_id,
                sa.or_(
                    RelayLink.event_id.is_(None),
                    RelayLink.central_seq.is_(None),
                    RelayLink.central_seq > seen_central,
                ),
            )
        )
        if first_unknown is not None:
            return int(first_unknown) - 1
        top = db.scalar(
            sa.select(sa.func.max(EventRow.server_seq)).where(
                EventRow.session_id == self.session_id
            )
        )
        return int(top or 0)

    def counts(self) -> LinkCounts:
        with self._db() as db:
            pending = db.scalar(
                sa.select(sa.func.count())
                .select_from(EventRow)
                .outerjoin(RelayLink, RelayLink.event_id == EventRow.id)
                .where(EventRow.session_id == self.session_id, RelayLink.event_id.is_(None))
            )
            refused = db.scalar(
                sa.select(sa.func.count()).select_from(RelayLink).where(
                    RelayLink.session_id == self.session_id, RelayLink.state == REFUSED
                )
            )
        return LinkCounts(int(pending or 0), int(refused or 0))

    # -- going up --------------------------------------------------------------------------

    def outgoing(self, limit: int) -> Outgoing:
        """The next events central has not acknowledged, in relay order, with their
        seen_seq translated to central's numbering and the relay's reception time."""
        with self._db() as db:
            events = self.pending(db, limit)
            wire = []
            for event in events:
                data = event.to_wire()
                data["seen_seq"] = self.to_central(db, event.seen_seq)
                data["server_seq"] = None
                data["received_at"] = (event.received_at or self.clock.now()).isoformat()
                wire.append(data)
            db.commit()
        return Outgoing(events, wire)

    def record_push(
        self, events: Sequence[Event], acked: Mapping[str, int], refused: Mapping[str, str]
    ) -> int:
        """Link the pushed events to central's answer; return how many it refused."""
        count = 0
        with self._db() as db:
            for event in events:
                if db.get(RelayLink, event.id) is not None:
                    continue  # a pull recorded it meanwhile
                if event.id in acked:
                    db.add(self._link(event.id, event.server_seq, acked[event.id], PUSHED))
                    continue
                reason = refused.get(event.id, "no_answer: the server answered nothing for it")
                log.warning("central server refused relay event %s: %s", event.id, reason)
                db.add(self._link(event.id, event.server_seq, None, REFUSED, reason))
                count += 1
            db.commit()
        return count

    # -- coming down -----------------------------------------------------------------------

    def absorb(self, events: Sequence[Event]) -> int:
        """Record central events in the relay's log, in central order; return how many new.

        Events already here (the relay's own, coming back; or sent by a kiosk to both)
        only get their central_seq. The rest are applied by the relay's fold with their
        seen_seq translated; one the fold refuses is remembered as rejected_here.
        """
        new = 0
        with self._db() as db:
            for event in events:
                assert event.server_seq is not None
                link = db.get(RelayLink, event.id)
                if link is not None:
                    if link.central_seq is None:
                        link.central_seq = event.server_seq
                        if link.state == REFUSED:
                            link.state = PUSHED
                    db.commit()
                    continue
                here = db.scalar(sa.select(EventRow.server_seq).where(EventRow.id == event.id))
                if here is not None:
                    db.add(self._link(event.id, here, event.server_seq, PUSHED))
                    db.commit()
                    continue
                local = event.model_copy(
                    update={
                        "seen_seq": self.to_relay(db, event.seen_seq),
                        "server_seq": None,
                        "received_at": None,
                    }
                )
                when = min(event.received_at or self.clock.now(), self.clock.now())
                db.commit()  # end the read transaction before the append's write lock
                result = self.ctx.eventlog.append(db, [local], Role.SERVER, now=when)
                if result.acked:
                    db.add(self._link(event.id, result.acked[0].server_seq, event.server_seq,
                                      PULLED))
                    new += 1
                else:
                    reason = result.refused[0].reason if result.refused else "unknown"
                    log.warning("central event %s not applied here: %s", event.id, reason)
                    db.add(self._link(event.id, None, event.server_seq, REJECTED_HERE, reason))
                db.commit()
        return new
