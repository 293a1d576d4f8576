"""A certification session run through the candidate and invigilator API, over HTTP.

Shared by the GUI tests and `tools/render_admin_screens.py`: what happens on the day
(join, presence, launch, answers, end) is not the admin screens' business, so it is
driven here with `requests`, as the kiosks and the station would.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from typing import Any

from app.domain.answers import answers_from_solution
from app.domain.competences import COMPETENCE_CODES
from app.domain.events import EventKind, new_event
from app.server.settings import DEFAULT_CONTENT
from app.services.content import ContentBank, load_bank
from tests.helpers.live_server import ADMIN_EMAIL, JURY_EMAIL, PASSWORD, Driver

STUDENTS = (
    # last, first, birthdate, class, extra time, certifiable competences
    ("Lovelace", "Ada", "10/12/2010", "3eB", "33%", 6),
    ("Bernier", "Faye", "2010-03-02", "3eB", "", 6),
    ("Turing", "Alan", "2010-06-23", "3eA", "", 5),
    ("Pouzin", "Louis", "2010-09-01", "3eA", "", 4),
)


def students_csv() -> bytes:
    """The class list as the school exports it: `;`, French dates, one non-certifiable."""
    header = "nom;prenom;date_naissance;classe;temps_majore;" + ";".join(
        f"niveau_{c};pix_{c}" for c in COMPETENCE_CODES
    )
    lines = [header]
    for last, first, born, klass, extra, levels in STUDENTS:
        profile = [v for i in range(16) for v in (("3", "24") if i < levels else ("0", "0"))]
        lines.append(";".join([last, first, born, klass, extra, *profile]))
    return ("\n".join(lines) + "\n").encode("utf-8")


def bad_csv() -> bytes:
    """Three bad lines among good ones: a date, an extra time, a duplicate."""
    good = students_csv().decode().splitlines()
    header, ada, faye = good[0], good[1], good[2]
    broken_date = faye.replace("2010-03-02", "2010-13-45")
    broken_time = ada.replace("Lovelace;Ada", "Hopper;Grace").replace("33%", "abc")
    return "\n".join([header, ada, broken_date, broken_time, ada]).encode()


@functools.cache
def bank() -> ContentBank:
    return load_bank(DEFAULT_CONTENT)


def right_answer(challenge_id: str) -> Any:
    return answers_from_solution(bank().by_id(challenge_id))[0][1]


class DayRunner:
    """Plays the morning of a session: kiosks and the station, through the API."""

    def __init__(self, base_url: str) -> None:
        self.d = Driver(base_url)
        self.seq: dict[str, int] = {}

    def event(self, kind: EventKind, sid: int, cid: int | None, device: str, **payload: Any) -> Any:
        self.seq[device] = self.seq.get(device, 0) + 1
        n = self.seq[device]
        return new_event(
            kind,
            session_id=sid,
            candidate_id=cid,
            payload=payload,
            device_id=device,
            device_seq=n,
            monotonic_ms=n,
            wall_time=datetime.now(UTC),
        ).to_wire()

    def push(self, token: str, *events: Any) -> None:
        out = self.d.call("POST", "/api/sync/events", token, json={"events": list(events)})
        assert not out["refused"], out

    def run(self, sid: int, *, finish: int = 2, wrong_first: bool = True) -> dict[str, int]:
        """Students join; the first `finish` ones finish, the next answers 3 then leaves.

        Answers the candidate ids by first name.
        """
        admin = self.d.login_admin()
        kit = self.d.kit(admin, sid)
        inv = self.d.login_invigilator(sid, kit["session_password"])
        ids: dict[str, int] = {}
        tokens: dict[str, str] = {}
        for last, first, born, *_rest, levels in STUDENTS:
            if levels < 5:
                continue
            day = born if "-" in born else "-".join(reversed(born.split("/")))
            joined = self.d.call(
                "POST",
                "/api/candidate/join",
                json={
                    "session_number": sid,
                    "first_name": first,
                    "last_name": last,
                    "birthdate": day,
                    "device_id": f"pc-{first}",
                },
            )
            ids[first], tokens[first] = joined["candidate_id"], joined["token"]
            self.push(inv, self.event(EventKind.PRESENCE_CONFIRMED, sid, ids[first], "station"))
        self.push(inv, self.event(EventKind.TEST_LAUNCHED, sid, None, "station"))
        for n, first in enumerate(ids):
            device = f"pc-{first}"
            test = self.d.call(
                "POST",
                "/api/candidate/start",
                tokens[first],
                json={"access_code": kit["access_code"], "device_id": device},
            )
            challenges = test["challenges"] if n < finish else test["challenges"][:3]
            events = []
            for i, ch in enumerate(challenges):
                events.append(
                    self.event(
                        EventKind.CHALLENGE_SHOWN, sid, ids[first], device, challenge_id=ch["id"]
                    )
                )
                if wrong_first and i == 0 and first == "Faye":  # "Je passe" on question 1
                    events.append(
                        self.event(
                            EventKind.CHALLENGE_SKIPPED,
                            sid,
                            ids[first],
                            device,
                            challenge_id=ch["id"],
                        )
                    )
                    continue
                events.append(
                    self.event(
                        EventKind.ANSWER_SUBMITTED,
                        sid,
                        ids[first],
                        device,
                        challenge_id=ch["id"],
                        answer=right_answer(ch["id"]),
                    )
                )
            if n < finish:
                events.append(
                    self.event(EventKind.TEST_ENDED, sid, ids[first], device, by="candidate")
                )
            self.push(tokens[first], *events)
        return ids


__all__ = ["ADMIN_EMAIL", "JURY_EMAIL", "PASSWORD", "DayRunner", "bad_csv", "students_csv"]
