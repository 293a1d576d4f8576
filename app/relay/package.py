"""The session package on the invigilator station: fetch it, keep it sealed, load it.

Why sealed: the package holds the candidates' names and birthdates, the access code and
the tests' questions. The station keeps it encrypted at rest (AES-GCM, vault.py) with a
key derived by scrypt from the session password, which only the invigilator knows and
types to start the relay; the relay's private key is sealed in the same file.

Why a separate file written atomically (STYLE item 8): the package is prepared online,
often the day before, and must survive until the session whatever happens to the PC.
"""

from __future__ import annotations

import base64
import json
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import requests
import sqlalchemy as sa
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.domain import relay_trust as trust
from app.domain.codes import normalize_session_password
from app.domain.content import Challenge, public_challenge_from_dict
from app.models.server import (
    Candidate,
    Centre,
    Certification,
    ExamSession,
    PreparedTest,
    SessionSecret,
)
from app.services import vault
from app.services.content import ContentBank
from app.services.files import write_atomically

log = logging.getLogger(__name__)

MAGIC = b"examroom-relay-package-v1\n"
SCRYPT_N = 2**15


class PackageError(Exception):
    """The package is missing, cannot be opened with this password, or is malformed."""


def package_path(data_dir: Path, session_id: int) -> Path:
    return data_dir / f"relay-package-{session_id}.bin"


def _key(session_password: str, salt: bytes) -> bytes:
    secret = normalize_session_password(session_password).encode("utf-8")
    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=8, p=1).derive(secret)


@dataclass(frozen=True, slots=True)
class StoredPackage:
    package: dict[str, Any]
    relay_private_key: bytes

    @property
    def session_id(self) -> int:
        return int(self.package["session"]["id"])


def save(data_dir: Path, stored: StoredPackage, session_password: str) -> Path:
    salt = vault.new_salt()
    body = json.dumps(
        {"package": stored.package, "relay_private_key": trust.b64(stored.relay_private_key)}
    ).encode()
    associated = f"session:{stored.session_id}".encode()
    blob = MAGIC + salt + vault.seal(body, _key(session_password, salt), associated=associated)
    path = package_path(data_dir, stored.session_id)
    write_atomically(path, blob)
    return path


def open_package(data_dir: Path, session_id: int, session_password: str) -> StoredPackage:
    path = package_path(data_dir, session_id)
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        raise PackageError(f"no package for session {session_id} in {data_dir}") from None
    if not blob.startswith(MAGIC):
        raise PackageError(f"{path} is not a relay package")
    salt = blob[len(MAGIC) : len(MAGIC) + vault.SALT_BYTES]
    sealed = blob[len(MAGIC) + vault.SALT_BYTES :]
    try:
        body = vault.unseal(
            sealed, _key(session_password, salt), associated=f"session:{session_id}".encode()
        )
    except vault.WrongKey:
        raise PackageError("wrong session password, or the package is damaged") from None
    data = json.loads(body)
    return StoredPackage(data["package"], trust.unb64(data["relay_private_key"]))


class CentralUnreachable(PackageError):
    """No usable answer from the central server (network, 5xx, a proxy's or captive
    portal's page): the package already on this PC is the one to use."""


class CentralRefused(PackageError):
    """The central server answered no; `status` 401/403/404: wrong number or password."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"HTTP {status} {detail[:200]}")
        self.status = status


def _answer(response: requests.Response) -> Any:
    if response.status_code >= 500 or response.status_code in (407, 408, 429):
        raise CentralUnreachable(f"HTTP {response.status_code}")
    if response.status_code != 200:
        raise CentralRefused(response.status_code, response.text)
    try:
        return response.json()
    except ValueError:
        raise CentralUnreachable("the answer is not examroom's (not JSON)") from None


def fetch(central_url: str, session_id: int, session_password: str, *,
          timeout_s: float = 30.0) -> StoredPackage:
    """Log in as the session's invigilator and download its package with a fresh relay key.

    Raises CentralUnreachable or CentralRefused, never a `requests` exception.
    """
    key = trust.new_private_key()
    base = central_url.rstrip("/")
    with requests.Session() as http:
        try:
            login = _answer(http.post(
                base + "/api/invigilator/login",
                json={"session_number": session_id, "password": session_password},
                timeout=timeout_s,
            ))
            package = _answer(http.get(
                base + "/api/invigilator/package",
                params={"relay_public_key": trust.b64(trust.public_bytes(key))},
                headers={"Authorization": f"Bearer {login['token']}"},
                timeout=timeout_s,
            ))
        except requests.RequestException as exc:
            raise CentralUnreachable(type(exc).__name__) from exc
    try:
        stored = StoredPackage(package, trust.private_bytes(key))
        if stored.session_id != session_id:
            raise ValueError(f"a package of session {stored.session_id}")
    except (ValueError, KeyError, TypeError) as exc:
        raise CentralUnreachable(f"the package answer is unusable: {exc}") from exc
    return stored


def prepare(
    central_url: str, session_id: int, session_password: str, data_dir: Path, *,
    timeout_s: float = 30.0,
) -> Path:
    """Online, before the session: download the package and seal it in `data_dir`.

    Raises CentralUnreachable, CentralRefused, or OSError when it cannot be written.
    """
    stored = fetch(central_url, session_id, session_password, timeout_s=timeout_s)
    return save(data_dir, stored, session_password)


# -- into the relay's database ------------------------------------------------------------


_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def _safe_relative(relative: str) -> Path:
    path = Path(relative)
    if path.is_absolute() or ".." in path.parts:
        raise PackageError(f"unsafe file path in the package: {relative!r}")
    return path


def write_bank(package: dict[str, Any], files_dir: Path) -> ContentBank:
    """The public challenges of the package as a bank, files written next to them.

    Each challenge gets its own directory, so two packs' identical relative paths never
    collide; the bank has no solution to give (`solution` is None throughout).
    """
    entries: list[tuple[Challenge, Path]] = []
    for item in package["challenges"]:
        challenge = public_challenge_from_dict(item["public"])
        root = files_dir / _SAFE.sub("_", challenge.id)
        for relative, data in (
            (challenge.image, item.get("image_b64")),
            (challenge.attachment, item.get("attachment_b64")),
        ):
            if relative is not None and data is not None:
                target = root / _safe_relative(relative)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(base64.b64decode(data))
        entries.append((challenge, root))
    return ContentBank(entries)


def _dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _candidate(c: dict[str, Any], session_id: int, now: datetime) -> Candidate:
    return Candidate(
        id=c["id"], session_id=session_id, last_name=c["last_name"],
        first_name=c["first_name"], birthdate=date.fromisoformat(c["birthdate"]),
        birthplace=c["birthplace"], sex=c["sex"], class_name=c["class_name"],
        external_id=c["external_id"], extra_time=c["extra_time"],
        accessibility=c["accessibility"], email="", profile={},
        certifiable=c["certifiable"], match_key=c["match_key"], created_at=now,
    )


def _prepared(p: dict[str, Any], session_id: int, now: datetime) -> PreparedTest:
    return PreparedTest(
        candidate_id=p["candidate_id"], session_id=session_id,
        certification_number=p["certification_number"], challenge_ids=p["challenge_ids"],
        competence_of=p["competence_of"], spares=p["spares"], created_at=now,
    )


def load_rows(db: Any, package: dict[str, Any], now: datetime) -> bool:
    """Create the session, candidates, tests of the package in an empty relay database.

    Returns False when the session is already there: a relay that restarts keeps its own
    log, which is newer than the package. Only candidates the relay does not know yet
    (added on central after an earlier package: a late registration) are added, with
    their prepared tests, so downloading the package again brings them in.
    """
    s = package["session"]
    if db.get(ExamSession, s["id"]) is not None:
        _add_late_candidates(db, package, now)
        return False
    db.add(Centre(id=s["centre_id"], name=s["centre_name"] or f"centre {s['centre_id']}",
                  created_at=now))
    db.flush()
    db.add(
        ExamSession(
            id=s["id"], centre_id=s["centre_id"], site=s["site"], room=s["room"],
            invigilators=s["invigilators"], date=date.fromisoformat(s["date"]),
            start_time=s["start_time"], observations=s["observations"],
            password_hash=s["password_hash"], access_code_hash=s["access_code_hash"],
            last_seq=0, created_at=now,
        )
    )
    db.flush()
    db.add(SessionSecret(session_id=s["id"], session_password="", access_code=s["access_code"]))
    for c in package["candidates"]:
        db.add(_candidate(c, s["id"], now))
    db.flush()
    for c in package["certifications"]:
        db.add(
            Certification(
                id=c["id"], candidate_id=c["candidate_id"], session_id=s["id"],
                person_key=c["person_key"], challenge_ids=c["challenge_ids"],
                competence_of=c["competence_of"], spares=c["spares"],
                started_at=_dt(c["started_at"]), jury_comment="",
            )
        )
    for p in package["prepared_tests"]:
        db.add(_prepared(p, s["id"], now))
    db.commit()
    return True


def _add_late_candidates(db: Any, package: dict[str, Any], now: datetime) -> int:
    sid = int(package["session"]["id"])
    known = set(db.scalars(sa.select(Candidate.id).where(Candidate.session_id == sid)))
    late = [c for c in package["candidates"] if c["id"] not in known]
    if not late:
        return 0
    for c in late:
        db.add(_candidate(c, sid, now))
    db.flush()
    ids = {c["id"] for c in late}
    for p in package["prepared_tests"]:
        if p["candidate_id"] in ids:
            db.add(_prepared(p, sid, now))
    db.commit()
    log.info("relay: %d candidate(s) added to session %s from a newer package", len(late), sid)
    return len(late)
