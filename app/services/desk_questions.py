"""The questions the station shows with an alert: fetched once, without their solutions.

An alert names the challenge the candidate was on; the invigilator decides with the
question before their eyes ("Vérifiez la question sur son poste"). The station has no
content of its own, so it asks the server (or the relay) for the public part of the
challenge once and keeps it for the session.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from app.domain.content import Challenge, public_challenge_from_dict
from app.domain.incidents import IncidentCategory, applicable_e_categories
from app.services.http import HttpFailure

log = logging.getLogger(__name__)

E_CODES = tuple(c for c in IncidentCategory if c.needs_question_number)
"""The categories that concern a question (E1...): offered when the question is unknown."""


class AlertQuestions:
    """Public challenges by id, fetched with `fetch` the first time they are asked for."""

    def __init__(self, fetch: Callable[[str], Awaitable[dict[str, Any]]]) -> None:
        self._fetch = fetch
        self._known: dict[str, dict[str, Any]] = {}

    async def question(self, challenge_id: str) -> Challenge | None:
        """The challenge as the kiosk shows it; None if unknown, unreachable or unreadable."""
        data = self._known.get(challenge_id)
        if data is None:
            try:
                data = await self._fetch(challenge_id)
            except HttpFailure as exc:
                log.info("challenge %s unavailable: %s", challenge_id, exc)
                return None
            self._known[challenge_id] = data
        try:
            return public_challenge_from_dict(data)
        except (KeyError, ValueError, TypeError) as exc:
            log.warning("challenge %s: unreadable public data: %s", challenge_id, exc)
            return None

    async def categories(self, challenge_id: str | None) -> tuple[IncidentCategory, ...]:
        """The E codes that apply to that question (all E codes if it is unknown)."""
        challenge = None if challenge_id is None else await self.question(challenge_id)
        if challenge is None:
            return E_CODES
        return applicable_e_categories(challenge) or E_CODES
