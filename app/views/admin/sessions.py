"""The centre's sessions: sort and filter by date, status and room (ours: asked for in the
seeds' FAQ), then open, create or verify a certificate."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QGridLayout, QLineEdit

from app.services.i18n import QT_TRANSLATE_NOOP, translate
from app.views.admin.base import Screen
from app.views.admin.common import (
    STATUS_LABELS,
    AdminContext,
    combo,
    day_text,
    fill,
    named,
    selected_key,
    status_text,
    table,
)
from app.views.widgets.basics import label

if TYPE_CHECKING:
    from app.views.admin.window import AdminWindow

SORTS = (
    (QT_TRANSLATE_NOOP("Admin", "Date (la plus proche d'abord)"), "date"),
    (QT_TRANSLATE_NOOP("Admin", "Date (la plus lointaine d'abord)"), "-date"),
    (QT_TRANSLATE_NOOP("Admin", "Salle"), "room"),
    (QT_TRANSLATE_NOOP("Admin", "Nom du site"), "site"),
    (QT_TRANSLATE_NOOP("Admin", "N° de session"), "id"),
    (QT_TRANSLATE_NOOP("Admin", "Création (la plus récente d'abord)"), "-created"),
)


def parse_day(text: str) -> date | None:
    """`14/12/2020` or `2020-12-14`; empty means no date; ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


class SessionsScreen(Screen):
    def __init__(self, ctx: AdminContext, nav: AdminWindow) -> None:
        super().__init__(ctx, nav)
        self.set_title(
            translate("Admin", "Sessions de certification — {centre}").format(centre=ctx.centre)
            if ctx.centre else translate("Admin", "Sessions de certification"))
        grid = QGridLayout()
        self.date_from = QLineEdit()
        self.date_to = QLineEdit()
        for edit in (self.date_from, self.date_to):
            edit.setPlaceholderText(translate("Admin", "JJ/MM/AAAA"))
        status_name, sort_name = translate("Admin", "Statut"), translate("Admin", "Trier par")
        self.status = combo(
            status_name,
            [(translate("Admin", "Tous les statuts"), None)]
            + [(status_text(code), code) for code in STATUS_LABELS],
        )
        self.room = QLineEdit()
        self.sort = combo(sort_name, [(translate("Admin", text), key) for text, key in SORTS])
        fields = (
            (translate("Admin", "Du"), self.date_from),
            (translate("Admin", "Au"), self.date_to),
            (translate("Admin", "Salle"), self.room),
            (status_name, self.status),
            (sort_name, self.sort),
        )
        for index, (text, widget) in enumerate(fields):
            lab = label(text)
            lab.setBuddy(widget)
            named(widget, text)
            row, col = divmod(index, 3)
            grid.addWidget(lab, row * 2, col)
            grid.addWidget(widget, row * 2 + 1, col)
        self.body.addLayout(grid)
        self.status.currentIndexChanged.connect(self.refresh)
        self.sort.currentIndexChanged.connect(self.refresh)
        for edit in (self.date_from, self.date_to, self.room):
            edit.returnPressed.connect(self.refresh)
        self.table = table(
            translate("Admin", "Liste des sessions"),
            (
                translate("Admin", "N° de session"),
                translate("Admin", "Date"),
                translate("Admin", "Heure"),
                translate("Admin", "Nom du site"),
                translate("Admin", "Salle"),
                translate("Admin", "Surveillant(s)"),
                translate("Admin", "Candidats"),
                translate("Admin", "Statut"),
            ),
        )
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.body.addWidget(self.table, 1)
        self.count = label("", role="muted")
        self.body.addWidget(self.count)
        self.per_row = 2  # five buttons fit 800 px wide on three rows
        self.add_button(translate("Admin", "Se déconnecter"), nav.show_login, left=True)
        self.add_button(translate("Admin", "Vérifier un certificat"), nav.show_verify, left=True)
        self.add_button(
            translate("Admin", "Élèves de l'établissement"), lambda: nav.show_pupils(None),
            left=True)
        self.add_button(translate("Admin", "Filtrer"), self.refresh, left=True)
        self.add_button(translate("Admin", "Ouvrir la session"), self.open_selected, left=True)
        self.add_button(
            translate("Admin", "Créer une session"),
            lambda: nav.show_session_form(None, "create"),
            primary=True,
        )
        self.sessions: list[dict[str, Any]] = []
        self.refresh()

    def refresh(self) -> None:
        try:
            start, end = parse_day(self.date_from.text()), parse_day(self.date_to.text())
        except ValueError as exc:
            self.error(translate(
                "Admin", "La date « {text} » n'est pas valide : écrivez-la JJ/MM/AAAA."
            ).format(text=exc))
            return
        self.feedback.clear_message()
        call = self.ctx.api.sessions(
            date_from=start,
            date_to=end,
            status=self.status.currentData(),
            room=self.room.text().strip() or None,
            sort=self.sort.currentData(),
        )
        self.run("list", call, self._show)

    def _show(self, sessions: list[dict[str, Any]]) -> None:
        self.sessions = sessions
        rows = [
            (
                str(s["session_number"]),
                day_text(s["date"]),
                s["start_time"],
                s["site"],
                s["room"],
                ", ".join(s["invigilators"]),
                str(s["candidate_count"]),
                status_text(s["status"]),
            )
            for s in sessions
        ]
        fill(self.table, rows, [s["id"] for s in sessions])
        self.count.setText(translate("Admin", "{count} session(s)").format(count=len(sessions)))
        if sessions:
            self.table.selectRow(0)
        self.loaded = True

    def open_selected(self) -> None:
        key = selected_key(self.table)
        if key is None:
            self.error(translate("Admin", "Sélectionnez d'abord une session dans la liste."))
            return
        self.nav.show_session(int(key))
