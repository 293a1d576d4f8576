"""The session package on the invigilator station: fetch it, keep it sealed, open it.

Why sealed: the package holds the candidates' names and birthdates, the access code and
the tests' questions. The station keeps it encrypted at rest (AES-GCM, vault.py) with a
key derived by scrypt from the session password, which only the invigilator knows and
types to start the relay; the relay's private key is sealed in the same file.

Why a separate file written atomically (STYLE item 8): the package is prepared online,
often the day before, and must survive until the session whatever happens to the PC.

Why validated on both paths in (the download and the sealed file): the package is the
wire model `app.wire.relay.RelayPackage`, which the central server built; a package this
version cannot read (another `format`, a missing field) is refused whole here, with the
reason in English (the station says it in French), rather than half-loaded. Loading it
into the relay's database is server code: `app.server.relay_local.load_package`.
"""

from __future__ import annotations

import base64
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from pydantic import ValidationError

from app.domain import relay_trust as trust
from app.domain.codes import normalize_session_password
from app.domain.content import Challenge, public_challenge_from_dict
from app.services import vault
from app.services.content import ContentBank
from app.services.files import private_dir, write_atomically, write_private
from app.services.http import HttpClient, Retry, Unreachable
from app.wire.auth import TokenOut
from app.wire.relay import RelayPackage, UnsupportedPackageFormat

log = logging.getLogger(__name__)

MAGIC = b"examroom-relay-package-v1\n"
SCRYPT_N = 2**15


class PackageError(Exception):
    """The package is missing, cannot be opened with this password, or is malformed."""


class PackageFormatError(PackageError):
    """The package is of a format this version does not read (central or station newer)."""


def package_path(data_dir: Path, session_id: int) -> Path:
    return data_dir / f"relay-package-{session_id}.bin"


def _key(session_password: str, salt: bytes) -> bytes:
    secret = normalize_session_password(session_password).encode("utf-8")
    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=8, p=1).derive(secret)


@dataclass(frozen=True, slots=True)
class StoredPackage:
    package: RelayPackage
    relay_private_key: bytes

    @property
    def session_id(self) -> int:
        return self.package.session_id


def parse_package(data: object, where: str) -> RelayPackage:
    """The package, validated; PackageFormatError or PackageError (English) if not usable."""
    try:
        return RelayPackage.parse(data)
    except UnsupportedPackageFormat as exc:
        raise PackageFormatError(f"{where}: {exc}") from None
    except ValidationError as exc:
        raise PackageError(
            f"{where}: not a usable relay package ({exc.error_count()} error(s), first: "
            f"{_first_error(exc)})"
        ) from None


def _first_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    return f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"


def save(data_dir: Path, stored: StoredPackage, session_password: str) -> Path:
    """Seal the package and the relay's private key in `data_dir`; return the file."""
    content = {
        "package": stored.package.model_dump(mode="json"),
        "relay_private_key": trust.b64(stored.relay_private_key),
    }
    return seal(data_dir, stored.session_id, content, session_password)


def seal(data_dir: Path, session_id: int, content: dict[str, Any], session_password: str) -> Path:
    """Write `content` (JSON) sealed with the session password, atomically: the file format
    `open_package` reads (magic, salt, AES-GCM bound to the session number)."""
    salt = vault.new_salt()
    body = json.dumps(content).encode()
    associated = f"session:{session_id}".encode()
    blob = MAGIC + salt + vault.seal(body, _key(session_password, salt), associated=associated)
    path = package_path(data_dir, session_id)
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
    try:
        data = json.loads(body)
        private_key = trust.unb64(data["relay_private_key"])
        raw = data["package"]
    except (ValueError, KeyError, TypeError) as exc:
        raise PackageError(f"{path}: the sealed package is malformed ({exc})") from None
    return StoredPackage(parse_package(raw, str(path)), private_key)


def fetch(
    central_url: str, session_id: int, session_password: str, *,
    timeout_s: float = 30.0, retry: Retry | None = None,
    key: Ed25519PrivateKey | None = None,
) -> StoredPackage:
    """Log in as the session's invigilator and download its package with a fresh relay key.

    Raises the HTTP core's `Unreachable` (network, 5xx, a proxy's or captive portal's
    page, an answer that is not a package: the package already on this PC is the one to
    use) or `ApiRefused` (401/403/404: wrong number or password; 409: finalised), or
    PackageFormatError (a package of a format this version does not read).
    """
    key = key or trust.new_private_key()
    http = HttpClient(central_url, timeout_s=timeout_s)
    try:
        login = http.model(
            TokenOut, "POST", "/api/invigilator/login", auth=False, retry=retry,
            json={"session_number": session_id, "password": session_password},
        )
        package = http.json(
            "GET", "/api/invigilator/package", retry=retry,
            params={"relay_public_key": trust.b64(trust.public_bytes(key))},
            headers={"Authorization": f"Bearer {login.token}"},
        )
    finally:
        http.close()
    try:
        stored = StoredPackage(parse_package(package, http.base_url), trust.private_bytes(key))
    except PackageFormatError:
        raise
    except PackageError as exc:
        raise Unreachable(f"the package answer is unusable: {exc}") from exc
    if stored.session_id != session_id:
        raise Unreachable(f"the package answer is of session {stored.session_id}")
    return stored


def prepare(
    central_url: str, session_id: int, session_password: str, data_dir: Path, *,
    timeout_s: float = 30.0, retry: Retry | None = None,
) -> Path:
    """Online, before the session: download the package and seal it in `data_dir`.

    Raises what `fetch` raises, or OSError when it cannot be written. `retry`: try again
    while central is unreachable (IT preparing the day before has time; a station whose
    invigilator waits at the login screen does not, and falls back on the stored package).
    """
    stored = fetch(central_url, session_id, session_password, timeout_s=timeout_s, retry=retry,
                   key=relay_key(data_dir))
    return save(data_dir, stored, session_password)


RELAY_KEY_FILE = "relay-key"


def relay_key(data_dir: Path) -> Ed25519PrivateKey:
    """This station's relay key pair, made once and kept (0600) in `data_dir`.

    The centre's administrator registers its public key (`relay_public_key`, shown by the
    station) before the session: central gives a package and a relay token only to a
    registered key (issue 17). Kept in clear, readable by its owner only: it is needed
    before any session password is typed, to show the key; it signs relay proofs, and a
    copy is of use only with the session password too.
    """
    path = data_dir / RELAY_KEY_FILE
    try:
        return trust.load_private(path.read_bytes())
    except (OSError, ValueError):
        pass
    private_dir(data_dir)
    key = trust.new_private_key()
    write_private(path, trust.private_bytes(key))
    return key


def relay_public_key(data_dir: Path) -> str:
    """The key to register, as the station shows it (base64 of the raw Ed25519 key)."""
    return trust.b64(trust.public_bytes(relay_key(data_dir)))


# -- the challenges' files on the relay ---------------------------------------------------


_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def _safe_relative(relative: str) -> Path:
    path = Path(relative)
    if path.is_absolute() or ".." in path.parts:
        raise PackageError(f"unsafe file path in the package: {relative!r}")
    return path


def write_bank(package: RelayPackage, files_dir: Path) -> ContentBank:
    """The public challenges of the package as a bank, files written next to them.

    Each challenge gets its own directory, so two packs' identical relative paths never
    collide; the bank has no solution to give (`solution` is None throughout).
    """
    entries: list[tuple[Challenge, Path]] = []
    private_dir(files_dir)
    for item in package.challenges:
        challenge = public_challenge_from_dict(item.public.model_dump())
        root = files_dir / _SAFE.sub("_", challenge.id)
        for relative, data in (
            (challenge.image, item.image_b64),
            (challenge.attachment, item.attachment_b64),
        ):
            if relative is not None and data is not None:
                target = root / _safe_relative(relative)
                private_dir(target.parent, up_to=files_dir)
                write_private(target, base64.b64decode(data))
        entries.append((challenge, root))
    return ContentBank(entries)
