"""Tables of the central server (ARCHITECTURE "Sync", "Security model", "Scale").

The event log (`events`) is the single source of truth for what happened in a room; the
other tables hold what exists before a session (centres, accounts, sessions, candidates)
and what the server alone computes or keeps (certifications with their generated test and
result, documents, access-code attempts, tokens).

Constraint names follow one naming convention so Alembic can alter them later, including
in SQLite batch mode (STYLE item 9).

Secrets:
- account passwords, the session password and the access code are stored argon2-hashed
  (`*_hash`), and verification only ever uses the hashes;
- the invigilator kit must show the session password and the access code again, so they
  are also kept in `session_secrets`, a separate table that only the kit endpoint of the
  centre's administrator reads. Encrypting them with a server key would not protect them
  better: whoever reads this database also holds every solution, and a key would have to
  be shared by every server process anyway (docs: ARCHITECTURE "Scale").
- API tokens are 256-bit random values stored as SHA-256 digests: brute force is out of
  reach, so a slow hash would only slow every request.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
"""64-bit ids on PostgreSQL; INTEGER on SQLite so the column is the rowid."""

Json = sa.JSON().with_variant(JSONB(), "postgresql")


class UtcDateTime(sa.TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both databases.

    SQLite keeps no offset and gives naive values back; they are stored as UTC and read
    back as UTC, so the API always answers RFC 3339 date-times with an offset.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class ServerBase(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class Centre(ServerBase):
    __tablename__ = "centres"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Account(ServerBase):
    """A centre administrator (`admin`, with a centre) or a jury member (`jury`, central)."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[str] = mapped_column(sa.String(16))
    centre_id: Mapped[int | None] = mapped_column(sa.ForeignKey("centres.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())

    __table_args__ = (sa.CheckConstraint("role in ('admin', 'jury')", name="role"),)


class ExamSession(ServerBase):
    """A certification session; its id is the session number shown to everyone."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    centre_id: Mapped[int] = mapped_column(sa.ForeignKey("centres.id"), index=True)
    site: Mapped[str] = mapped_column(sa.String(200))
    room: Mapped[str] = mapped_column(sa.String(200))
    invigilators: Mapped[list[str]] = mapped_column(Json)
    date: Mapped[date] = mapped_column(sa.Date, index=True)
    start_time: Mapped[str] = mapped_column(sa.String(5))
    observations: Mapped[str] = mapped_column(sa.Text, default="")
    password_hash: Mapped[str] = mapped_column(sa.String(200))
    access_code_hash: Mapped[str] = mapped_column(sa.String(200))
    last_seq: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    """Highest server_seq of this session; its row is the per-session push lock."""
    started: Mapped[bool] = mapped_column(default=False)
    joined: Mapped[bool] = mapped_column(default=False)
    finalised_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    finalisation: Mapped[dict[str, Any] | None] = mapped_column(Json)
    scored_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    """First jury action: the session is then "in process"."""
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class SessionSecret(ServerBase):
    """Plain session password and access code, for the invigilator kit only (see module doc)."""

    __tablename__ = "session_secrets"

    session_id: Mapped[int] = mapped_column(
        BigId, sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    session_password: Mapped[str] = mapped_column(sa.String(16))
    access_code: Mapped[str] = mapped_column(sa.String(16))
    resume_key: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")
    """On a room relay only (it never holds the session password): base64 of the key
    that checks a kiosk's offline resume proof (app.domain.resume_proof)."""


class Candidate(ServerBase):
    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        BigId, sa.ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    last_name: Mapped[str] = mapped_column(sa.String(200))
    first_name: Mapped[str] = mapped_column(sa.String(200))
    birthdate: Mapped[date] = mapped_column(sa.Date)
    birthplace: Mapped[str] = mapped_column(sa.String(200), default="")
    sex: Mapped[str] = mapped_column(sa.String(1), default="")
    class_name: Mapped[str] = mapped_column(sa.String(100), default="")
    external_id: Mapped[str] = mapped_column(sa.String(100), default="")
    extra_time: Mapped[float] = mapped_column(default=0.0)
    accessibility: Mapped[bool] = mapped_column(default=False)
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    profile: Mapped[dict[str, Any]] = mapped_column(Json)
    """{competence code: {"level": 0-8, "pix": score}}."""
    certifiable: Mapped[bool] = mapped_column(default=False)
    match_key: Mapped[str] = mapped_column(sa.String(500), index=True)
    """Normalised "first|last|YYYY-MM-DD": how a joining candidate is found."""
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    """Last heartbeat of the candidate's kiosk: the station's "last heard from"."""
    last_seen_device: Mapped[str | None] = mapped_column(sa.String(64), default=None)


class Certification(ServerBase):
    """A candidate's generated test; its id is the certification number."""

    __tablename__ = "certifications"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        BigId, sa.ForeignKey("candidates.id", ondelete="CASCADE"), unique=True
    )
    session_id: Mapped[int] = mapped_column(
        BigId, sa.ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    person_key: Mapped[str] = mapped_column(sa.String(500), index=True)
    """Same as the candidate's match_key: finds a person's earlier certifications."""
    challenge_ids: Mapped[list[str]] = mapped_column(Json)
    competence_of: Mapped[dict[str, str]] = mapped_column(Json)
    spares: Mapped[list[str]] = mapped_column(Json)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    result: Mapped[dict[str, Any] | None] = mapped_column(Json)
    jury_comment: Mapped[str] = mapped_column(sa.Text, default="")
    verification_code: Mapped[str | None] = mapped_column(sa.String(16), unique=True)

    __table_args__ = ({"sqlite_autoincrement": True},)
    """AUTOINCREMENT on SQLite, so a number reserved for a prepared test (PreparedTest)
    is never handed out again by a test generated at the start (decision 0004)."""


class Event(ServerBase):
    """The server's copy of the event log; `server_seq` orders everything."""

    __tablename__ = "events"

    server_seq: Mapped[int] = mapped_column(
        BigId, sa.Identity(always=False), primary_key=True, autoincrement=True
    )
    id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    session_id: Mapped[int] = mapped_column(BigId, sa.ForeignKey("sessions.id", ondelete="CASCADE"))
    candidate_id: Mapped[int | None] = mapped_column(BigId)
    kind: Mapped[str] = mapped_column(sa.String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(Json)
    device_id: Mapped[str] = mapped_column(sa.String(64))
    device_seq: Mapped[int] = mapped_column(sa.BigInteger)
    monotonic_ms: Mapped[int] = mapped_column(sa.BigInteger)
    wall_time: Mapped[datetime] = mapped_column(UtcDateTime())
    seen_seq: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())
    role: Mapped[str] = mapped_column(sa.String(16))

    __table_args__ = (
        sa.Index("ix_events_session_seq", "session_id", "server_seq"),
        {"sqlite_autoincrement": True},
    )


class AccessAttempt(ServerBase):
    """A wrong access code, counted in the database so every server process shares it."""

    __tablename__ = "access_attempts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    candidate_id: Mapped[int] = mapped_column(BigId, index=True)
    device_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    failed_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class Document(ServerBase):
    """A file uploaded at finalisation (fraud report, screenshot), kept in the database."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        BigId, sa.ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(50))
    size: Mapped[int] = mapped_column()
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ApiToken(ServerBase):
    """A bearer token: its kind is the role, its scope an account, a session or a candidate."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    account_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("sessions.id", ondelete="CASCADE")
    )
    candidate_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("candidates.id", ondelete="CASCADE")
    )
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    device_id: Mapped[str | None] = mapped_column(sa.String(64), default=None)
    """A candidate token: the PC it was issued to (a started test belongs to one PC)."""


class PreparedTest(ServerBase):
    """A test generated before the session for the room relay (decision 0004).

    Generated when the invigilator station downloads the session package, with its
    certification number reserved, so that the candidate gets this same test whether
    they start on the relay (no internet) or on the central server, and central can check
    that a TestStarted forwarded by the relay is the one it prepared.
    """

    __tablename__ = "prepared_tests"

    candidate_id: Mapped[int] = mapped_column(
        BigId, sa.ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True
    )
    session_id: Mapped[int] = mapped_column(
        BigId, sa.ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    certification_number: Mapped[int] = mapped_column(sa.BigInteger, unique=True)
    challenge_ids: Mapped[list[str]] = mapped_column(Json)
    competence_of: Mapped[dict[str, str]] = mapped_column(Json)
    spares: Mapped[list[str]] = mapped_column(Json)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class SigningKey(ServerBase):
    """The central server's Ed25519 key that signs relay grants (decision 0004).

    In the database rather than a file of one machine: every server process behind the
    load balancer must sign with the same key (ARCHITECTURE "Scale").
    """

    __tablename__ = "signing_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    private_key: Mapped[bytes] = mapped_column(sa.LargeBinary)
    public_key: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class RelayLink(ServerBase):
    """Relay mode only: where each event of the relay's log stands with the central server.

    `relay_seq` is the event's server_seq in the relay's own log, `central_seq` its
    server_seq on the central server once acknowledged there (or pulled from there). The
    pair translates `seen_seq` between the two numberings (decision 0004). An event of
    the relay's log with no row here has not been pushed upstream yet.
    """

    __tablename__ = "relay_links"

    event_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    session_id: Mapped[int] = mapped_column(BigId, index=True)
    relay_seq: Mapped[int | None] = mapped_column(sa.BigInteger, index=True)
    central_seq: Mapped[int | None] = mapped_column(sa.BigInteger, index=True)
    state: Mapped[str] = mapped_column(sa.String(16))
    """acked (central has it), refused (central refused it), rejected_here (the relay's
    fold refused an event pulled from central)."""
    reason: Mapped[str] = mapped_column(sa.Text, default="")


class Pupil(ServerBase):
    """A pupil of the school, imported once for every session (seed 000: "vous retrouvez
    tous les élèves importés", filtered by class when adding them to a session).

    A session's candidate is a copy made when the pupil is added, so that a later import
    never changes a session that has run.
    """

    __tablename__ = "pupils"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    centre_id: Mapped[int] = mapped_column(sa.ForeignKey("centres.id"), index=True)
    last_name: Mapped[str] = mapped_column(sa.String(200))
    first_name: Mapped[str] = mapped_column(sa.String(200))
    birthdate: Mapped[date] = mapped_column(sa.Date)
    class_name: Mapped[str] = mapped_column(sa.String(100), default="")
    certifiable: Mapped[bool] = mapped_column(default=False)
    data: Mapped[dict[str, Any]] = mapped_column(Json)
    """Everything a candidate is made of (CandidateCreate as JSON)."""
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class RelayKey(ServerBase):
    """A room relay's public key, registered beforehand by the centre's administrator.

    Only a registered key gets a relay package and its token
    (`GET /api/invigilator/package`, issue 17): the session password alone, typed on
    kiosks for the room, no longer makes a relay.
    """

    __tablename__ = "relay_keys"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    centre_id: Mapped[int] = mapped_column(sa.ForeignKey("centres.id"), index=True)
    public_key: Mapped[str] = mapped_column(sa.String(64))
    """base64 of the raw Ed25519 public key, as the station shows it."""
    label: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())

    __table_args__ = (
        sa.UniqueConstraint("centre_id", "public_key", name="uq_relay_keys_centre_key"),
    )
