"""The simulated invigilator: the station reduced to what a room needs from it."""

from __future__ import annotations

import threading
import uuid
from collections import Counter

from app.simulate.processes import Http, HttpRefused


class Invigilator(threading.Thread):
    """The station, reduced to what a room needs from it: presence and resumes.

    Watches the session through the invigilator API (through the proxy, so it suffers the
    same faults) and records presence for every joined candidate and a resume for every
    kiosk that asks. It does not mark end screens seen: the kiosk would then wipe the
    candidate's data, which the verdict needs.
    """

    def __init__(self, base: str, session_id: int, password: str, stop: threading.Event,
                 poll_s: float = 1.0) -> None:
        super().__init__(name=f"invigilator-{session_id}", daemon=True)
        self.http = Http(base, timeout_s=5)
        self.session_id = session_id
        self.password = password
        self.stop_event = stop
        self.poll_s = poll_s
        self.token: str | None = None
        self.actions: Counter[str] = Counter()
        self.failures = 0

    def _login(self) -> str:
        body = {"session_number": self.session_id, "password": self.password}
        return str(self.http.call("POST", "/api/invigilator/login", json=body)["token"])

    def _act(self, kind: str, candidate_id: int) -> None:
        """One action; a failure skips only this candidate until the next look (an
        invigilator who could not click for one PC goes on with the others)."""
        body = {"kind": kind, "candidate_id": candidate_id, "payload": {},
                "device_id": f"station-{self.session_id}", "id": str(uuid.uuid4())}
        try:
            self.http.call("POST", "/api/invigilator/actions", self.token, attempts=3,
                           json=body)
            self.actions[kind] += 1
        except HttpRefused as exc:  # e.g. 409: the state moved on meanwhile
            if exc.status in (401, 403):
                raise
        except RuntimeError:  # unreachable or busy (503) three times: next look
            self.failures += 1

    def run(self) -> None:
        while not self.stop_event.wait(self.poll_s):
            try:
                if self.token is None:
                    self.token = self._login()
                rows = self.http.call("GET", "/api/invigilator/candidates", self.token,
                                      attempts=3)
                for row in rows:
                    cid = int(row["candidate_id"])
                    if row["joined"] and not row["presence_valid"] and row["status"] in (
                        "joined", "present"
                    ):
                        self._act("PresenceConfirmed", cid)
                    if row["resume_pending"]:
                        self._act("ResumeAuthorized", cid)
            except HttpRefused as exc:
                if exc.status in (401, 403):
                    self.token = None
                self.failures += 1
            except Exception:
                self.failures += 1
