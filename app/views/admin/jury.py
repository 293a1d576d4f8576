"""The jury's work list: finalised sessions of every centre, with their impactful reports
(C1, C6 and every E code) counted, oldest first."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from app.domain.incidents import IncidentCategory
from app.services.i18n import translate
from app.views.admin.base import Screen
from app.views.admin.common import (
    AdminContext,
    day_text,
    fill,
    selected_key,
    status_text,
    table,
)

if TYPE_CHECKING:
    from app.views.admin.window import AdminWindow


def impactful(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The reports the jury must review (SPEC: C1, C6, all E codes)."""
    reports = (result.get("result") or {}).get("incidents", [])
    return [r for r in reports if IncidentCategory(r["category"]).is_impactful]


class JurySessionsScreen(Screen):
    def __init__(self, ctx: AdminContext, nav: AdminWindow) -> None:
        super().__init__(ctx, nav)
        self.set_title(translate("Jury", "Jury : sessions finalisées"))
        self.table = table(
            translate("Jury", "Sessions à examiner"),
            (
                translate("Jury", "N° de session"),
                translate("Jury", "Date"),
                translate("Jury", "Nom du site"),
                translate("Jury", "Salle"),
                translate("Jury", "Statut"),
                translate("Jury", "Candidats"),
                translate("Jury", "Signalements à examiner"),
            ),
        )
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.body.addWidget(self.table, 1)
        self.add_button(translate("Jury", "Se déconnecter"), nav.show_login, left=True)
        self.add_button(translate("Jury", "Vérifier un certificat"), nav.show_verify, left=True)
        self.add_button(translate("Jury", "Examiner la session"), self.open_selected, primary=True)
        self.sessions: list[dict[str, Any]] = []
        self.run("load", self._load(), self._loaded)

    async def _load(self) -> list[tuple[dict[str, Any], int]]:
        sessions = await self.ctx.api.jury_sessions()
        results = await asyncio.gather(*(self.ctx.api.jury_results(int(s["id"])) for s in sessions))
        return [
            (s, sum(len(impactful(r)) for r in res))
            for s, res in zip(sessions, results, strict=True)
        ]

    def _loaded(self, rows: list[tuple[dict[str, Any], int]]) -> None:
        self.sessions = [s for s, _n in rows]
        fill(
            self.table,
            [
                (
                    str(s["session_number"]),
                    day_text(s["date"]),
                    s["site"],
                    s["room"],
                    status_text(s["status"]),
                    str(s["candidate_count"]),
                    str(n) if n else translate("Jury", "Aucun"),
                )
                for s, n in rows
            ],
            [s["id"] for s in self.sessions],
        )
        if rows:
            self.table.selectRow(0)
        self.loaded = True

    def open_selected(self) -> None:
        key = selected_key(self.table)
        session = next((s for s in self.sessions if s["id"] == key), None)
        if session is None:
            self.error(translate("Jury", "Sélectionnez d'abord une session dans la liste."))
            return
        self.nav.show_jury_session(session)
