"""The kiosk's offline checks of what the invigilator types (blocking: run on an executor).

The session password (to leave the kiosk) against the argon2 hash the server gave; the
resume code (to authorise a resume with no network) against the server's check, and the
authorisation's proof the server and the relay verify (app.domain.resume_proof, issue 17).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.domain import resume_proof
from app.domain.clocks import outage_since_last_beat
from app.domain.codes import normalize_access_code, normalize_session_password
from app.domain.events import EventKind
from app.domain.kiosk_flow import Phase
from app.services import exam_package as pkg
from app.services import kiosk_texts as T
from app.services.http import ApiRefused, Unreachable
from app.services.vault import WrongKey

if TYPE_CHECKING:
    from app.services.exam import ExamRunner

log = logging.getLogger(__name__)
code_matches = resume_proof.code_matches

OFFLINE_CODE_ATTEMPTS = 5
"""Wrong access codes typed offline (resume) before the kiosk makes the candidate wait."""
OFFLINE_LOCK_S = 60


def verify_password(verifier: str, password: str) -> bool:
    """The session password against the argon2 hash the server gave (offline)."""
    if not verifier or not password.strip():
        return False
    try:
        return PasswordHasher().verify(verifier, normalize_session_password(password))
    except (VerificationError, InvalidHashError):
        return False


def authorisation_by_code(
    code: str, *, session_id: int, candidate_id: int, device_id: str, request_id: str
) -> dict[str, Any]:
    """The ResumeAuthorized payload for the resume code typed here, with its proof."""
    key = resume_proof.resume_key(code, session_id)
    mac = resume_proof.resume_mac(
        key, session_id=session_id, candidate_id=candidate_id, device_id=device_id,
        request_id=request_id,
    )
    return {"via": "session_password", "request_id": request_id, "mac": mac}


# -- the resume steps of ExamRunner (issue 17: a started test belongs to one PC) --------


async def resume(r: ExamRunner, access_code: str) -> None:
    current = r.current
    if current is None:
        return
    now = r.clock.monotonic_ms()
    if now < r._offline_locked_until_ms:
        wait = (r._offline_locked_until_ms - now) // 1000 + 1
        r.notice.emit("error", T.tr(T.RESUME_LOCKED).format(wait=T.wait_text(wait)))
        return
    code = normalize_access_code(access_code)
    try:
        package = await r._on_net(
            pkg.open_package,
            r.store,
            code,
            session_id=current.session_id,
            candidate_id=current.candidate_id,
        )
    except WrongKey:
        r._offline_failures += 1
        if r._offline_failures >= OFFLINE_CODE_ATTEMPTS:
            r._offline_failures = 0
            r._offline_locked_until_ms = now + OFFLINE_LOCK_S * 1000
        r.notice.emit("error", T.tr(T.WRONG_CODE_OFFLINE))
        return
    except LookupError:
        # Killed between the server's answer and the package's save: fetch it again.
        try:
            test = await r._on_net(r.api.start, code, r.device_id)
        except ApiRefused as exc:
            if exc.code != "resume_required":
                raise
            r._code_for_resume = code  # another PC's test: once authorised here
            await request_resume(r, outage_ms=0)
            return
        package = await keep_package(r, test, code)
    r._offline_failures = 0
    r.package = package
    if not current.token and package.token:
        # The token was sealed with the test: the kiosk can reach the server again.
        r.current = current = replace(current, token=package.token)
        r.api.token = package.token
        r._link.start(current.session_id)
    last = await r._in_store(r.store.last_heartbeat, current.session_id)
    outage_ms = 0
    if last is not None:
        r._screen.resume_at(last.challenge_id, last.countdown_elapsed_ms)
        outage = outage_since_last_beat(last.wall_time, r.clock.now())
        if outage is not None:
            outage_ms = int(outage.duration.total_seconds() * 1000)
    await request_resume(r, outage_ms=outage_ms)

async def keep_package(r: ExamRunner, test: dict[str, Any], code: str) -> pkg.TestPackage:
    """Download the test's files, then seal the package at rest with the access code."""
    current = r.current
    assert current is not None
    package = await r._on_net(pkg.package_from_test, test, r.api.file)
    package.token = r.api.token or current.token
    await r._in_store(
        pkg.save_package, r.store, package, code,
        session_id=current.session_id, candidate_id=current.candidate_id,
    )
    return package

async def request_resume(r: ExamRunner, *, outage_ms: int) -> None:
    async with r._lock:
        await r._append(EventKind.RESUME_REQUESTED, {"outage_ms": outage_ms})
        r._set_phase(Phase.RESUME_WAIT)
        await r._react_locked()

async def authorize(r: ExamRunner, code: str) -> None:
    """The invigilator typed the resume code here: record the authorisation with its
    proof (app.domain.resume_proof), which the server and the relay check."""
    package, current, cand = r.package, r.current, r.cand
    if r.phase is not Phase.RESUME_WAIT or current is None or cand is None:
        return
    if package is not None and not await r._on_net(
        code_matches, code, current.session_id, package.resume_check
    ):
        r.notice.emit("error", T.tr(T.WRONG_RESUME_CODE))
        return
    if not cand.resume_request_id:
        return
    payload = await r._on_net(
        authorisation_by_code, code, session_id=current.session_id,
        candidate_id=current.candidate_id, device_id=r.device_id,
        request_id=cand.resume_request_id,
    )
    async with r._lock:
        await r._append(EventKind.RESUME_AUTHORIZED, payload)
        await r._react_locked()

async def fetch_after_resume(r: ExamRunner) -> None:
    """On a PC the test did not start on: fetch it once the resume is authorised."""
    try:
        current, code = r.current, r._code_for_resume
        if current is None or code is None or r.package is not None:
            return
        try:
            test = await r._on_net(r.api.start, code, r.device_id)
        except (ApiRefused, Unreachable) as exc:
            log.info("test not yet available after the resume: %s", exc)
            await asyncio.sleep(2.0)
            r._refresh()
            return
        r.package = await keep_package(r, test, code)
        r._code_for_resume = None
    finally:
        r._fetching = False
    await r._react()
