"""A candidate's test as the kiosk keeps it: questions and files, encrypted at rest.

Why a package: once the test is on the kiosk, the candidate needs no network until the end
(SPEC "Offline and power cuts"), so every question (and spare, for an alert validated
offline) and every image or attached file is downloaded at the start. It is sealed with a
key derived from the access code and a random per-candidate salt (ARCHITECTURE "Security
model"): after a power cut, the candidate's typing the access code again is what unlocks
it, offline. No solution is ever in it: the server sends `Challenge.public()` only.

Blobs in the local store (tagged with the candidate, so `delete_candidate_data` wipes them):
- `kiosk/current`: who is on this kiosk (session, candidate, names) in clear, so a
  restarted kiosk knows whose test to resume before anyone types a code. Its bearer token
  is in it only from the join until the test starts; from then it is sealed with the test
  (`TestPackage.token`) and `kiosk/current` holds none (issue 17): a restarted kiosk gets
  it back when the access code typed again opens the package. Just before the kiosk
  records the candidate's end it is back in clear (`token_in_clear_for_the_end`);
- `kiosk/salt/{session}/{candidate}` and `kiosk/package/{session}/{candidate}`.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.domain import event_signing
from app.domain.content import Challenge, public_challenge_from_dict
from app.services import vault
from app.services.exam_start import CURRENT_KEY as CURRENT_KEY  # read before the store
from app.services.store import LocalStore

DEVICE_KEY = "kiosk/device_key"
"""The kiosk's Ed25519 private key (raw 32 bytes), made at its first join and kept for the
device (not the candidate: a wipe keeps it). Kept in clear: no secret is known at join
time to seal it with (the access code comes later); it signs, it opens nothing, and a
copy lets one sign only under this PC's device id, which the binding already limits."""


def device_signing_key(store: LocalStore) -> Ed25519PrivateKey:
    """This kiosk's signing key, made and stored on first use; the store signs with it."""
    raw = store.get_blob(DEVICE_KEY)
    if raw is not None and len(raw) == 32:
        key = event_signing.load_private_key(raw)
    else:
        key = event_signing.new_private_key()
        store.put_blob(DEVICE_KEY, event_signing.private_bytes(key))
    store.signer = key
    return key
FILE_KINDS = ("image", "attachment")


def salt_key(session_id: int, candidate_id: int) -> str:
    return f"kiosk/salt/{session_id}/{candidate_id}"


def package_key(session_id: int, candidate_id: int) -> str:
    return f"kiosk/package/{session_id}/{candidate_id}"


def _associated(session_id: int, candidate_id: int) -> bytes:
    # Binds the sealed package to its candidate: another candidate's blob will not open.
    return f"examroom-package:{session_id}:{candidate_id}".encode()


@dataclass(frozen=True, slots=True)
class CurrentCandidate:
    """Who is taking a test on this kiosk; kept in clear (see module docstring).

    `token` is "" once the test started: the token is then sealed in the package."""

    session_id: int
    candidate_id: int
    token: str
    first_name: str
    last_name: str

    def to_json(self) -> bytes:
        return json.dumps(
            {
                "session_id": self.session_id,
                "candidate_id": self.candidate_id,
                **({"token": self.token} if self.token else {}),
                "first_name": self.first_name,
                "last_name": self.last_name,
            }
        ).encode()

    @classmethod
    def from_json(cls, data: bytes) -> CurrentCandidate:
        raw = json.loads(data)
        return cls(
            session_id=int(raw["session_id"]),
            candidate_id=int(raw["candidate_id"]),
            token=str(raw.get("token") or ""),
            first_name=str(raw["first_name"]),
            last_name=str(raw["last_name"]),
        )


@dataclass(frozen=True, slots=True)
class AttachedFile:
    name: str
    data: bytes


@dataclass(slots=True)
class TestPackage:
    """Everything needed to take the test offline (decrypted, in memory only)."""

    certification_number: int
    challenges: dict[str, Challenge]
    """Every question and spare of the test, by id."""
    extra_time: float
    accessibility: bool
    resume_verifier: str
    test_started_event: dict[str, Any]
    files: dict[tuple[str, str], AttachedFile] = field(default_factory=dict)
    resume_check: str = ""
    """Recognises the resume code offline (app.domain.resume_proof)."""
    token: str = ""
    """The kiosk's bearer token, sealed with the test (not kept in clear once it started)."""

    def file(self, challenge_id: str, kind: str) -> AttachedFile | None:
        return self.files.get((challenge_id, kind))

    def to_json(self) -> bytes:
        return json.dumps(
            {
                "certification_number": self.certification_number,
                "challenges": [_public(c) for c in self.challenges.values()],
                "extra_time": self.extra_time,
                "accessibility": self.accessibility,
                "resume_verifier": self.resume_verifier,
                "resume_check": self.resume_check,
                "token": self.token,
                "test_started_event": self.test_started_event,
                "files": [
                    {
                        "challenge_id": cid,
                        "kind": kind,
                        "name": f.name,
                        "data": base64.b64encode(f.data).decode("ascii"),
                    }
                    for (cid, kind), f in self.files.items()
                ],
            },
            ensure_ascii=False,
        ).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> TestPackage:
        raw = json.loads(data)
        return cls(
            certification_number=int(raw["certification_number"]),
            challenges={
                c.id: c for c in (public_challenge_from_dict(d) for d in raw["challenges"])
            },
            extra_time=float(raw["extra_time"]),
            accessibility=bool(raw["accessibility"]),
            resume_verifier=str(raw["resume_verifier"]),
            resume_check=str(raw.get("resume_check", "")),
            token=str(raw.get("token") or ""),
            test_started_event=dict(raw["test_started_event"]),
            files={
                (str(f["challenge_id"]), str(f["kind"])): AttachedFile(
                    str(f["name"]), base64.b64decode(f["data"])
                )
                for f in raw["files"]
            },
        )


def _public(challenge: Challenge) -> dict[str, Any]:
    return challenge.public()


def package_from_test(test: Mapping[str, Any], fetch: Callable[[str, str], bytes]) -> TestPackage:
    """Build the package from the server's TestOut, downloading every file with `fetch`.

    Blocking (network): run it in an executor. Raises what `fetch` raises.
    """
    challenges = {
        c.id: c
        for c in (
            public_challenge_from_dict(d) for d in [*test["challenges"], *test.get("spares", [])]
        )
    }
    files: dict[tuple[str, str], AttachedFile] = {}
    for challenge in challenges.values():
        for kind, path in (("image", challenge.image), ("attachment", challenge.attachment)):
            if path:
                files[(challenge.id, kind)] = AttachedFile(
                    path.rsplit("/", 1)[-1], fetch(challenge.id, kind)
                )
    return TestPackage(
        certification_number=int(test["certification_number"]),
        challenges=challenges,
        extra_time=float(test.get("extra_time", 0.0)),
        accessibility=bool(test.get("accessibility", False)),
        resume_verifier=str(test.get("resume_verifier", "")),
        resume_check=str(test.get("resume_check", "")),
        test_started_event=dict(test.get("test_started_event") or {}),
        files=files,
    )


def save_package(
    store: LocalStore,
    package: TestPackage,
    access_code: str,
    *,
    session_id: int,
    candidate_id: int,
) -> None:
    """Seal the package with a fresh salt and keep both durably (blocking: scrypt + fsync)."""
    salt = vault.new_salt()
    key = vault.derive_key(access_code, salt)
    sealed = vault.seal(package.to_json(), key, associated=_associated(session_id, candidate_id))
    tags = {"session_id": session_id, "candidate_id": candidate_id}
    store.put_blob(salt_key(session_id, candidate_id), salt, **tags)
    store.put_blob(package_key(session_id, candidate_id), sealed, **tags)
    raw = store.get_blob(CURRENT_KEY)
    if package.token and raw is not None:
        # The token is now sealed with the test: no longer kept in clear.
        current = CurrentCandidate.from_json(raw)
        if (current.session_id, current.candidate_id) == (session_id, candidate_id):
            cleared = CurrentCandidate(session_id, candidate_id, "", current.first_name,
                                       current.last_name)
            store.put_blob(CURRENT_KEY, cleared.to_json(), **tags)


def token_in_clear_for_the_end(store: LocalStore, current: CurrentCandidate, token: str) -> (
    CurrentCandidate
):
    """Keep the token in clear again, once the test is over here: before the kiosk records
    the candidate's own end, or when it shows an end it learnt (invigilator, time limit).

    Why: after the end nobody types the access code here again, so a kiosk restarted on
    the end screen (a power cut right after the last answer) could never open the package
    to get its token, and the last answer and the end would stay in its outbox for good
    (found by a CI run of the simulator). Once the test is over the token is worth little
    to a thief of the disk: the server refuses answers after the end.
    """
    kept = replace(current, token=token)
    store.put_blob(CURRENT_KEY, kept.to_json(), session_id=current.session_id,
                   candidate_id=current.candidate_id)
    return kept


def has_package(store: LocalStore, session_id: int, candidate_id: int) -> bool:
    return store.get_blob(package_key(session_id, candidate_id)) is not None


def open_package(
    store: LocalStore, access_code: str, *, session_id: int, candidate_id: int
) -> TestPackage:
    """Unseal the package with the access code; vault.WrongKey if the code is wrong.

    Blocking (scrypt, about 0.1 s): run it in an executor. LookupError if no package.
    """
    salt = store.get_blob(salt_key(session_id, candidate_id))
    sealed = store.get_blob(package_key(session_id, candidate_id))
    if salt is None or sealed is None:
        raise LookupError("no test package on this kiosk")
    key = vault.derive_key(access_code, salt)
    data = vault.unseal(sealed, key, associated=_associated(session_id, candidate_id))
    return TestPackage.from_json(data)
