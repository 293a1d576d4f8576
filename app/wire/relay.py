"""The session package: everything a room relay needs to run one session on the LAN.

Built by the central server (`app.server.relay_prepare.build_package`, `GET
/api/invigilator/package`), sealed on the station, validated by the relay when it loads
it (`relay/package.py`). One model for both ends, so a field added on one side is a
field the other side reads, and a package the relay cannot understand is refused whole
with a clear reason instead of failing on a missing key halfway through loading.

Versioned: `format` is `PACKAGE_FORMAT`. A change an older relay could misread (a field
removed or given another meaning) takes the next number; `RelayPackage.parse` refuses
any other number first, with `UnsupportedPackageFormat`, before reading anything else.

No solution is in it: challenges are `Challenge.public()`. It holds the access-code and
session-password hashes (what a kiosk already receives as `resume_verifier`) and the
plain access code for the station's header; the station keeps it encrypted at rest.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from app.wire.candidate import PublicChallenge
from app.wire.common import IsoDatetime, StrictIn

PACKAGE_FORMAT = 1


class UnsupportedPackageFormat(ValueError):
    """The package's `format` is not one this version reads (`found`: what it says)."""

    def __init__(self, found: object) -> None:
        super().__init__(
            f"relay package format {found!r} is not supported (this version reads format "
            f"{PACKAGE_FORMAT}): prepare the package again with the same examroom version "
            f"on the station and the central server"
        )
        self.found = found


class PackageSession(BaseModel):
    id: int
    centre_id: int
    centre_name: str
    site: str
    room: str
    invigilators: list[str]
    date: dt.date
    start_time: str
    observations: str
    password_hash: str
    access_code_hash: str
    access_code: str
    resume_key: str = ""
    """Base64 of the key that checks a kiosk's offline resume proof (the relay never
    holds the session password: app.domain.resume_proof)."""
    presence_validity_minutes: int = Field(default=15, ge=1, le=24 * 60)
    """Central's `presence_validity_minutes`: the relay starts tests by the same rule (a
    package from an older central has none: 15, the rule before the setting)."""


class PackageCandidate(BaseModel):
    """A candidate as the relay needs them to match a join (no e-mail, no profile)."""

    id: int
    last_name: str
    first_name: str
    birthdate: dt.date
    birthplace: str
    sex: str
    class_name: str
    external_id: str
    extra_time: float
    accessibility: bool
    certifiable: bool
    match_key: str


class PackageCertification(BaseModel):
    """A test already started on the central server (a candidate who began online)."""

    id: int
    candidate_id: int
    person_key: str
    challenge_ids: list[str]
    competence_of: dict[str, str]
    spares: list[str]
    started_at: IsoDatetime


class PackagePreparedTest(BaseModel):
    """A test generated in advance for a candidate, so the relay can start it offline."""

    candidate_id: int
    certification_number: int
    challenge_ids: list[str]
    competence_of: dict[str, str]
    spares: list[str]


class PackageChallenge(BaseModel):
    public: PublicChallenge
    image_b64: str | None
    attachment_b64: str | None


class PackageGrant(BaseModel):
    """`app.domain.relay_trust.Grant` as the central server signed it."""

    session_id: int
    relay_public_key: str
    expires: IsoDatetime


class RelayPackage(BaseModel):
    format: Literal[1]
    prepared_at: IsoDatetime
    session: PackageSession
    candidates: list[PackageCandidate]
    certifications: list[PackageCertification]
    prepared_tests: list[PackagePreparedTest]
    challenges: list[PackageChallenge]
    events: list[dict[str, Any]]
    """The session's events so far, as `Event.to_wire()`, in server order."""
    grant: PackageGrant
    grant_signature: str
    central_public_key: str
    relay_token: str

    @property
    def session_id(self) -> int:
        return self.session.id

    @classmethod
    def parse(cls, data: object) -> RelayPackage:
        """Validate a package read from the network or the disk.

        Raises UnsupportedPackageFormat for another `format` (checked first, so a newer
        package is never half-read), pydantic's ValidationError for a malformed one.
        """
        found = data.get("format") if isinstance(data, dict) else None
        if found != PACKAGE_FORMAT or isinstance(found, bool):
            raise UnsupportedPackageFormat(found)
        return cls.model_validate(data)


class RelayKeyIn(StrictIn):
    """A room relay's key, as the station shows it ("Clé du relais")."""

    public_key: str = Field(min_length=40, max_length=64)
    label: str = Field(default="", max_length=200, description="e.g. the room or the PC")


class RelayKeyOut(BaseModel):
    id: int
    public_key: str
    label: str
    created_at: IsoDatetime
