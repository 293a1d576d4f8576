"""The server's object graph, built once by create_app (STYLE item 2: one composition root)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from app.domain.clocks import Clock
from app.server.auth import KnownTokens, SharedSecrets
from app.server.eventlog import EventLog
from app.server.limits import Limiter
from app.server.notify import Notifier
from app.server.quotas import Quotas
from app.server.settings import ServerSettings
from app.services.content import ContentBank, load_bank


@dataclass
class ServerContext:
    settings: ServerSettings
    engine: sa.Engine
    sessions: sessionmaker[Session]
    eventlog: EventLog
    notifier: Notifier
    clock: Clock
    bank_override: ContentBank | None = None
    access_codes: SharedSecrets = field(default_factory=SharedSecrets)
    tokens: KnownTokens = field(default_factory=KnownTokens)
    """Tokens resolved lately (auth.KnownTokens): most requests skip the token query."""
    """Access codes already verified (auth.SharedSecrets): one argon2 check per room."""
    limits: Limiter = field(init=False)
    """Failed password and code checks of this process (limits.Limiter)."""
    quotas: Quotas = field(init=False)
    """What each candidate's kiosk may push (quotas.Quotas)."""

    def __post_init__(self) -> None:
        self.tokens.keep = timedelta(seconds=self.settings.token_cache_s)
        self.limits = Limiter(self.clock)
        self.quotas = Quotas(self.clock)

    @cached_property
    def bank(self) -> ContentBank:
        """The question bank with solutions; loaded on first use so start-up stays fast."""
        if self.bank_override is not None:
            return self.bank_override
        return load_bank(self.settings.content_path)

    @property
    def token_ttl(self) -> timedelta:
        return timedelta(hours=self.settings.token_ttl_hours)
