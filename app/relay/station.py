"""The room relay as the invigilator station runs it (`examroom invigilator --relay`).

Why a class of its own between the station and `app.relay`: the station must start the
relay from what the invigilator types (session number and password), online or not, and
must say in French why it cannot, never with a traceback. `StationRelay.start`:

1. if the relay already runs for this session, keeps it (a second login, after Quitter);
   one for another session is stopped first;
2. checks that the port is free (another program, another station window);
3. if the central server answers, downloads the session package afresh and seals it
   (new candidates, a new grant); if it does not answer (network error, 5xx, a captive
   portal's page), uses the package already on this PC — prepared online the day
   before. A refusal of the login (401/403/404) is final: wrong number or password;
4. starts the relay (HTTP on the LAN + upstream) in background threads.

Blocking: the station calls `start` and `status` in an executor (scrypt, HTTP, SQLite).
`status_line` renders a `RelayStatus` as the French line of the station's header.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import socket
import threading
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from app.relay.package import (
    PackageError,
    PackageFormatError,
    package_path,
    prepare,
    relay_public_key,
)
from app.relay.server import RelayServer
from app.services.http import ApiRefused, HttpClient, HttpFailure, Unreachable
from app.services.i18n import QT_TRANSLATE_NOOP, translate
from app.services.invigilator_api import BAD_CREDENTIALS_FR

log = logging.getLogger(__name__)

PREPARING_FR = QT_TRANSLATE_NOOP("Station", "Préparation du relais de la salle…")
RESTART_NOTICE_FR = QT_TRANSLATE_NOOP(
    "Station",
    "Saisissez le numéro et le mot de passe de session pour relancer le relais de la salle.",
)
FIRST_START_NOTICE_FR = QT_TRANSLATE_NOOP(
    "Station",
    "Ce poste sert de relais de la salle\u00a0: saisissez le numéro et le mot de passe de "
    "session pour le lancer.",
)
"""The login screen's notices in relay mode (French), translated where shown (`said`)."""


def said(text: str) -> str:
    """One of this module's constants, in the process's language."""
    return translate("Station", text)


class StationRelayError(Exception):
    """The relay cannot start; `message_fr` is what the login screen shows (in the
    process's language, despite its name)."""

    def __init__(self, message_fr: str, detail: str = "") -> None:
        super().__init__(detail or message_fr)
        self.message_fr = message_fr


def _offline_no_package_fr(session_id: int) -> str:
    return translate(
        "Station",
        "Le serveur central est injoignable et ce poste n'a pas encore le paquet de la "
        "session {session}\u00a0: connectez-le à internet une fois pour le préparer, "
        "avant la session.",
    ).format(session=session_id)


def _wrong_password_offline_fr(session_id: int) -> str:
    return said(BAD_CREDENTIALS_FR) + " " + translate(
        "Station",
        "Le paquet de la session {session} enregistré sur ce poste ne s'ouvre pas avec ce "
        "mot de passe.",
    ).format(session=session_id)


def _unreadable_package_fr(session_id: int) -> str:
    return translate(
        "Station",
        "Le paquet de la session {session} enregistré sur ce poste est illisible. "
        "Connectez le poste à internet et reconnectez-vous pour le préparer de nouveau.",
    ).format(session=session_id)


def _package_format_fr(session_id: int) -> str:
    return translate(
        "Station",
        "Le paquet de la session {session} vient d'une autre version d'examroom que "
        "celle de ce poste\u00a0: installez sur ce poste la même version que sur le serveur "
        "central, puis reconnectez-vous. Si cela persiste, prévenez le référent numérique.",
    ).format(session=session_id)


def _port_in_use_fr(port: int) -> str:
    return translate(
        "Station",
        "Le port {port} de ce poste est déjà utilisé par un autre programme\u00a0: le relais "
        "de la salle ne peut pas démarrer. Fermez l'autre programme (ou l'autre fenêtre "
        "d'examroom), ou changez relay_port dans la configuration.",
    ).format(port=port)


def _refused_fr(session_id: int, status: int) -> str:
    if status == 409:
        return translate(
            "Station",
            "Le serveur central refuse de préparer le relais\u00a0: la session {session} "
            "est finalisée.",
        ).format(session=session_id)
    return translate(
        "Station",
        "Le serveur central a refusé de préparer le relais de la session {session} "
        "(erreur {status}). Réessayez\u00a0; si cela persiste, prévenez le référent.",
    ).format(session=session_id, status=status)


def key_not_registered_fr(public_key: str) -> str:
    return translate(
        "Station",
        "Le serveur central refuse de préparer le relais\u00a0: la clé de ce poste n'est "
        "pas enregistrée. Le référent numérique doit l'enregistrer dans l'administration "
        "du centre avant la session. Clé du relais\u00a0: {key}",
    ).format(key=public_key)


DISK_FR = QT_TRANSLATE_NOOP(
    "Station",
    "Le paquet de la session n'a pas pu être enregistré sur ce poste (disque plein ou "
    "protégé en écriture\u00a0?). Prévenez le référent numérique.",
)
FAILED_FR = QT_TRANSLATE_NOOP(
    "Station",
    "Le relais de la salle n'a pas pu démarrer. Réessayez\u00a0; si cela persiste, "
    "prévenez le référent numérique (le détail est dans le journal du poste).",
)


@dataclass(frozen=True, slots=True)
class RelayStatus:
    """What the station's header says about the relay (see `status_line`)."""

    running: bool
    central_reachable: bool | None
    """None: no attempt yet since the relay started."""
    last_contact: datetime | None
    pending_upstream: int
    refused_upstream: int
    lan_addresses: tuple[str, ...]
    port: int
    started_at: datetime | None = None


def lan_addresses() -> tuple[str, ...]:
    """This PC's IPv4 addresses that kiosks can reach (loopback excluded), best first.

    The route a packet would take to a documentation address (no packet is sent) gives
    the main interface; the host name's addresses add the others.
    """
    found: list[str] = []
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("192.0.2.1", 9))
        found.append(str(s.getsockname()[0]))
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(str(info[4][0]))
    return tuple(dict.fromkeys(a for a in found if not a.startswith("127.") and a != "0.0.0.0"))


def _port_free(host: str, port: int) -> bool:
    """Whether the relay could listen on (host, port), as uvicorn binds (SO_REUSEADDR)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def status_line(status: RelayStatus | None) -> str:
    """The header's line, e.g. « Relais de la salle : actif (192.168.1.20:8471) · serveur
    central joignable · tout est transmis », in the process's language. Times in local
    time; a warning starts with ⚠ (not by colour alone)."""
    if status is None:
        text = translate("Station", "Relais de la salle\u00a0: arrêté")
    elif not status.running:
        text = translate("Station", "Relais de la salle\u00a0: ne répond plus (port {port})"
                         ).format(port=status.port)
    else:
        if status.lan_addresses:
            where = ", ".join(f"{a}:{status.port}" for a in status.lan_addresses[:2])
        else:
            where = translate("Station", "port {port}, aucune adresse réseau").format(
                port=status.port)
        parts = [translate("Station", "Relais de la salle\u00a0: actif ({where})").format(
            where=where)]
        if status.central_reachable is None:
            parts.append(translate("Station", "connexion au serveur central…"))
        elif status.central_reachable:
            parts.append(translate("Station", "serveur central joignable"))
        elif (since := status.last_contact or status.started_at) is not None:
            parts.append(translate("Station", "serveur central injoignable depuis {time}"
                                   ).format(time=f"{since.astimezone():%H:%M}"))
        else:
            parts.append(translate("Station", "serveur central injoignable"))
        # Singular and plural are two sources: pyside6-lupdate marks no Python message as
        # numerus, and a %n message without its numerus forms is not found for n > 1.
        if (n := status.pending_upstream) == 1:
            parts.append(translate("Station", "1 événement en attente d'envoi"))
        elif n:
            parts.append(translate("Station", "{count} événements en attente d'envoi").format(
                count=n))
        if (n := status.refused_upstream) == 1:
            parts.append(translate("Station", "1 événement refusé par le serveur central"))
        elif n:
            parts.append(translate("Station", "{count} événements refusés par le serveur "
                                   "central").format(count=n))
        if not status.pending_upstream and not status.refused_upstream:
            parts.append(translate("Station", "tout est transmis"))
        text = " · ".join(parts)
    return f"⚠ {text}" if needs_attention(status) else text


def needs_attention(status: RelayStatus | None) -> bool:
    """Shown as a warning: relay down, central unreachable, or events refused upstream."""
    return (
        status is None
        or not status.running
        or status.central_reachable is False
        or status.refused_upstream > 0
    )


class StationRelay:
    """The station's room relay: prepare or reuse the package, run it, report, stop."""

    def __init__(
        self,
        central_url: str | None,
        data_dir: Path,
        port: int,
        host: str = "0.0.0.0",
        *,
        timeout_s: float = 15.0,
        stop_wait_s: float = 5.0,
    ) -> None:
        self.central_url = central_url.rstrip("/") if central_url else None
        self.data_dir = data_dir
        self.port = port
        self.host = host
        self.timeout_s = timeout_s
        self.stop_wait_s = stop_wait_s
        self._lock = threading.Lock()
        self._relay: RelayServer | None = None
        self._session_id: int | None = None
        self._started_at: datetime | None = None
        self._prepared_at: datetime | None = None
        self._addresses: tuple[str, ...] = ()
        self._last: RelayStatus | None = None

    @property
    def url(self) -> str:
        """The relay as the station itself reaches it."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def session_id(self) -> int | None:
        return self._session_id

    def has_package(self, session_id: int | None = None) -> bool:
        """A package on disk (for this session, or any): the station was prepared."""
        if session_id is not None:
            return package_path(self.data_dir, session_id).exists()
        return any(self.data_dir.glob("relay-package-*.bin"))

    # -- start -----------------------------------------------------------------------------

    def start(self, session_id: int, password: str) -> str:
        """Start (or keep) the relay of this session; return its local URL.

        Raises StationRelayError (French `message_fr`) for everything the invigilator or
        IT can act on; never a PackageError or an HTTP error.
        """
        with self._lock:
            if self._relay is not None and self._session_id == session_id and self._alive():
                return self.url
            stopped = self._stop_locked()
            self._prepared_at = None
            if not self._wait_port_free(2.0 if stopped else 0.0):
                raise StationRelayError(_port_in_use_fr(self.port), f"port {self.port} in use")
            try:
                self._prepare(session_id, password)
            except Unreachable as exc:
                log.info("central server unreachable (%s): using the stored package", exc)
                if not package_path(self.data_dir, session_id).exists():
                    raise StationRelayError(
                        _offline_no_package_fr(session_id), f"no package for {session_id}"
                    ) from None
            relay = self._open(session_id, password)
            try:
                relay.start()
            except Exception as exc:
                self._stop_relay(relay)
                log.exception("the relay did not start on port %s", self.port)
                in_use = not self._port_free_quiet()
                message = _port_in_use_fr(self.port) if in_use else said(FAILED_FR)
                raise StationRelayError(message, str(exc)) from None
            self._relay = relay
            self._session_id = session_id
            self._started_at = datetime.now(UTC)
            self._last = None
            if self.host in ("0.0.0.0", "::", ""):
                self._addresses = lan_addresses()
            else:
                self._addresses = (self.host,)
            log.info("relay of session %s on port %s (%s)", session_id, self.port,
                     ", ".join(self._addresses) or "no LAN address")
            return self.url

    def _alive(self) -> bool:
        http = HttpClient(self.url, timeout_s=2)
        try:
            http.request("GET", "/api/health", auth=False)
        except HttpFailure:
            return False
        finally:
            http.close()
        return True

    def _port_free_quiet(self) -> bool:
        try:
            return _port_free(self.host, self.port)
        except OSError:
            return False

    def _wait_port_free(self, wait_s: float) -> bool:
        """The port is free; a relay we just stopped may take a moment to close it."""
        deadline = time.monotonic() + wait_s
        while not self._port_free_quiet():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)
        return True

    def _prepare(self, session_id: int, password: str) -> None:
        """Download and seal the package afresh; Unreachable if central is not there."""
        if self.central_url is None:
            raise Unreachable("no central server configured")
        try:
            prepare(self.central_url, session_id, password, self.data_dir,
                    timeout_s=self.timeout_s)
        except PackageFormatError as exc:
            log.error("relay package of session %s not usable: %s", session_id, exc)
            raise StationRelayError(_package_format_fr(session_id), str(exc)) from None
        except ApiRefused as exc:
            if exc.code == "relay_key_not_registered":
                raise StationRelayError(
                    key_not_registered_fr(relay_public_key(self.data_dir)), str(exc)
                ) from None
            if exc.status in (401, 403, 404):
                raise StationRelayError(said(BAD_CREDENTIALS_FR), str(exc)) from None
            raise StationRelayError(_refused_fr(session_id, exc.status), str(exc)) from None
        except OSError as exc:
            log.error("cannot write the relay package in %s: %s", self.data_dir, exc)
            raise StationRelayError(said(DISK_FR), str(exc)) from None
        self._prepared_at = datetime.now(UTC)
        log.info("relay package of session %s prepared", session_id)

    def _open(self, session_id: int, password: str) -> RelayServer:
        """The relay on the package (not started yet); French errors for a bad package."""
        path = package_path(self.data_dir, session_id)
        try:
            return RelayServer(
                data_dir=self.data_dir,
                session_id=session_id,
                session_password=password,
                central_url=self.central_url,
                host=self.host,
                port=self.port,
            )
        except PackageError as exc:
            log.info("relay package %s not opened: %s", path, exc)
            if not path.exists():
                raise StationRelayError(_offline_no_package_fr(session_id), str(exc)) from None
            if isinstance(exc, PackageFormatError):
                raise StationRelayError(_package_format_fr(session_id), str(exc)) from None
            if "wrong session password" in str(exc):
                raise StationRelayError(
                    _wrong_password_offline_fr(session_id), str(exc)
                ) from None
            raise StationRelayError(_unreadable_package_fr(session_id), str(exc)) from None
        except (ValueError, KeyError, TypeError) as exc:  # a package we cannot load
            log.exception("relay package %s not loaded", path)
            raise StationRelayError(_unreadable_package_fr(session_id), str(exc)) from None
        except Exception as exc:  # the relay's database cannot be opened or migrated
            log.exception("relay of session %s not built", session_id)
            raise StationRelayError(said(FAILED_FR), str(exc)) from None

    # -- status and stop ---------------------------------------------------------------------

    def status(self) -> RelayStatus | None:
        """The relay's state for the header (blocking: SQLite and a local health check)."""
        relay = self._relay
        if relay is None:
            return None
        alive = self._alive()
        try:
            raw = relay.status()
        except Exception as exc:  # a locked or closing database: keep the last figures
            log.debug("relay status not read: %s", exc)
            last = self._last
            if last is None:
                return None
            return replace(last, running=alive)
        contact = raw.get("last_contact")
        last_contact = datetime.fromisoformat(contact) if contact else self._prepared_at
        status = RelayStatus(
            running=alive,
            central_reachable=raw.get("central_reachable"),
            last_contact=last_contact,
            pending_upstream=int(raw.get("pending_upstream") or 0),
            refused_upstream=int(raw.get("refused_upstream") or 0),
            lan_addresses=self._addresses,
            port=self.port,
            started_at=self._started_at,
        )
        self._last = status
        return status

    def stop(self) -> None:
        """Stop the relay (at most `stop_wait_s`: kiosks' long-polls are not waited for)."""
        with self._lock:
            self._stop_locked()

    def _stop_locked(self) -> bool:
        relay, self._relay = self._relay, None
        self._session_id = None
        self._last = None
        if relay is None:
            return False
        self._stop_relay(relay)
        return True

    def _stop_relay(self, relay: RelayServer) -> None:
        # The relay's HTTP server waits for open requests (a kiosk's long-poll: up to 30 s)
        # before it ends; it stops listening at once. Its log is durable (each commit), so
        # the station need not wait longer than this.
        stopper = threading.Thread(target=relay.stop, name="relay-stop", daemon=True)
        stopper.start()
        stopper.join(self.stop_wait_s)
        if stopper.is_alive():
            log.info("relay still finishing its open requests; not waiting for it")
