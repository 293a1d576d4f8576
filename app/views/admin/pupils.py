"""The school's pupils, imported once (seed 000: "vous retrouvez tous les élèves
importés"), filtered by class, and added to a session from here ("filtrer les élèves par
classe lors de l'ajout des élèves à une session").

Opened from the sessions list (the school's list, to import it) or from a session's
candidates (to add pupils to that session).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from app.services.documents import extra_time_text
from app.services.i18n import translate
from app.views.admin.base import Screen
from app.views.admin.candidates import yes_no
from app.views.admin.common import AdminContext, combo, day_text, fill, table
from app.views.widgets.basics import label

if TYPE_CHECKING:
    from app.views.admin.window import AdminWindow


class PupilsScreen(Screen):
    def __init__(
        self, ctx: AdminContext, nav: AdminWindow, session: dict[str, Any] | None
    ) -> None:
        super().__init__(ctx, nav)
        self.session = session
        school = translate("Admin", "Élèves de l'établissement")
        self.set_title(school if session is None else translate(
            "Admin", "Élèves de l'établissement — ajouter à la session {number}"
        ).format(number=session["session_number"]))
        self.body.addWidget(label(translate(
            "Admin",
            "Importez une fois la liste de tous les élèves de l'établissement ; ajoutez-les "
            "ensuite aux sessions, classe par classe.",
        ), role="muted"))
        klass = translate("Admin", "Classe")
        self.classes = combo(klass, [(translate("Admin", "Toutes les classes"), None)])
        caption = label(klass)
        caption.setBuddy(self.classes)
        self.body.addWidget(caption)
        self.body.addWidget(self.classes)
        self.classes.currentIndexChanged.connect(self._apply_filter)
        self.table = table(school, (
            translate("Admin", "Nom de naissance"), translate("Admin", "Prénom"),
            translate("Admin", "Date de naissance"), klass, translate("Admin", "Temps majoré"),
            translate("Admin", "Certifiable")))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.body.addWidget(self.table, 1)
        self.summary = label("", role="muted")
        self.body.addWidget(self.summary)
        self.per_row = 2
        if session is None:
            self.add_button(translate("Admin", "Retour aux sessions"), nav.show_sessions,
                            left=True)
        else:
            self.add_button(translate("Admin", "Retour aux candidats"),
                            lambda: nav.show_candidates(session), left=True)
        self.add_button(translate("Admin", "Importer (CSV ou ODS)"),
                        lambda: nav.show_import(None), left=True)
        if session is not None:
            self.add_button(translate("Admin", "Ajouter la sélection"), self.add_selected,
                            left=True)
            self.add_shown_button = self.add_button(
                translate("Admin", "Ajouter les élèves affichés"), self.add_shown, primary=True)
        self.all: list[dict[str, Any]] = []
        self.shown: list[dict[str, Any]] = []
        self.refresh()

    def refresh(self) -> None:
        self.run("list", self.ctx.api.pupils(), self._loaded)

    def _loaded(self, pupils: list[dict[str, Any]]) -> None:
        self.all = pupils
        current = self.classes.currentData()
        self.classes.blockSignals(True)
        self.classes.clear()
        self.classes.addItem(translate("Admin", "Toutes les classes"), None)
        for name in sorted({p["class_name"] for p in pupils if p["class_name"]}):
            self.classes.addItem(name, name)
        self.classes.setCurrentIndex(max(self.classes.findData(current), 0))
        self.classes.blockSignals(False)
        self._apply_filter()
        self.loaded = True

    def _apply_filter(self) -> None:
        wanted = self.classes.currentData()
        self.shown = [p for p in self.all if wanted is None or p["class_name"] == wanted]
        fill(self.table, [
            (p["last_name"], p["first_name"], day_text(p["birthdate"]), p["class_name"],
             extra_time_text(float(p["extra_time"])), yes_no(p["certifiable"]))
            for p in self.shown
        ], [p["id"] for p in self.shown])
        if not self.all:
            self.summary.setText(translate(
                "Admin", "Aucun élève importé : importez la liste de l'établissement."))
            return
        not_cert = sum(1 for p in self.shown if not p["certifiable"])
        self.summary.setText(translate(
            "Admin",
            "{shown} élève(s) affiché(s) sur {total} ; {not_certifiable} non certifiable(s) "
            "(moins de 5 compétences au niveau 1).",
        ).format(shown=len(self.shown), total=len(self.all), not_certifiable=not_cert))

    def add_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        items = [self.table.item(r, 0) for r in rows]
        ids = [int(i.data(Qt.ItemDataRole.UserRole)) for i in items if i is not None]
        if not ids:
            self.error(translate(
                "Admin", "Sélectionnez d'abord un ou plusieurs élèves dans la liste."))
            return
        self._add(ids)

    def add_shown(self) -> None:
        if not self.shown:
            self.error(translate(
                "Admin", "Aucun élève affiché : choisissez une autre classe ou importez la liste."))
            return
        self._add([p["id"] for p in self.shown])

    def _add(self, ids: list[int]) -> None:
        assert self.session is not None
        session = self.session

        def done(out: dict[str, Any]) -> None:
            text = translate("Admin", "{added} élève(s) ajouté(s) à la session {number}.").format(
                added=out["added"], number=session["session_number"])
            if out["already"]:
                text += translate("Admin", " {count} y étai(en)t déjà.").format(
                    count=out["already"])
            if out["not_certifiable"]:
                text += translate("Admin", " Non certifiable(s) : {names}.").format(
                    names=", ".join(out["not_certifiable"]))
            self.info(text)

        self.run("add", self.ctx.api.add_pupils(int(session["id"]), ids), done)
