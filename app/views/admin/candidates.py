"""The session's candidates: filter by class, certifiability, extra time; add, edit,
remove one by one, import a CSV/ODS list (with a preview), download the template."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.services.documents import extra_time_text
from app.services.i18n import translate
from app.views.admin.base import Screen
from app.views.admin.common import AdminContext, combo, day_text, fill, selected_key, table
from app.views.widgets.basics import button, label

if TYPE_CHECKING:
    from app.views.admin.window import AdminWindow


def certifiable_text(candidate: dict[str, Any]) -> str:
    reached = sum(1 for e in candidate.get("profile", {}).values() if int(e["level"]) >= 1)
    if candidate["certifiable"]:
        return translate("Admin", "Oui ({reached} compétences)").format(reached=reached)
    return translate("Admin", "Non : {reached} compétence(s) au niveau 1, 5 requises").format(
        reached=reached)


def yes_no(value: object) -> str:
    return translate("Admin", "Oui") if value else translate("Admin", "Non")


class CandidatesScreen(Screen):
    def __init__(self, ctx: AdminContext, nav: AdminWindow, session: dict[str, Any]) -> None:
        super().__init__(ctx, nav)
        self.session = session
        self.set_title(translate("Admin", "Candidats de la session {number}").format(
            number=session["session_number"]))
        self.locked = session["status"] != "created"
        if self.locked:
            self.body.addWidget(
                label(
                    translate(
                        "Admin",
                        "Un test a commencé ou la session est finalisée : la liste des "
                        "candidats est verrouillée.",
                    ),
                    role="muted",
                )
            )
        by_class = translate("Admin", "Filtrer par classe")
        self.classes = combo(by_class, [(translate("Admin", "Toutes les classes"), None)])
        top = label(by_class)
        top.setBuddy(self.classes)
        self.body.addWidget(top)
        self.body.addWidget(self.classes)
        self.classes.currentIndexChanged.connect(self._apply_filter)
        self.table = table(
            translate("Admin", "Liste des candidats"),
            (
                translate("Admin", "Nom de naissance"),
                translate("Admin", "Prénom"),
                translate("Admin", "Date de naissance"),
                translate("Admin", "Classe"),
                translate("Admin", "Temps majoré"),
                translate("Admin", "Certifiable"),
                translate("Admin", "Aménagement"),
            ),
        )
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.body.addWidget(self.table, 1)
        self.summary = label("", role="muted")
        self.body.addWidget(self.summary)
        self.per_row = 2
        self.add_button(
            translate("Admin", "Retour à la session"),
            lambda: nav.show_session(int(session["id"])),
            left=True,
        )
        self.template_button = self.add_button(
            translate("Admin", "Télécharger le modèle"), self.template, left=True)
        self.edit_button = self.add_button(translate("Admin", "Modifier"), self.edit, left=True)
        self.remove_button = self.add_button(
            translate("Admin", "Retirer"), self.remove, left=True)
        self.import_button = button(
            translate("Admin", "Importer (CSV ou ODS)"), on_click=lambda: nav.show_import(session)
        )
        self.pupils_button = self.add_button(
            translate("Admin", "Élèves de l'établissement"), lambda: nav.show_pupils(session),
            left=True)
        n = self.secondary.count()
        self.secondary.addWidget(self.import_button, n // self.per_row, n % self.per_row)
        self.add_button_primary = self.add_button(
            translate("Admin", "Ajouter un candidat"),
            lambda: nav.show_candidate_form(session, None),
            primary=True,
        )
        for b in (
            self.edit_button,
            self.remove_button,
            self.import_button,
            self.pupils_button,
            self.add_button_primary,
        ):
            b.setEnabled(not self.locked)
        self.all: list[dict[str, Any]] = []
        self.shown: list[dict[str, Any]] = []
        self.refresh()

    def refresh(self) -> None:
        self.run("list", self.ctx.api.candidates(int(self.session["id"])), self._loaded)

    def _loaded(self, candidates: list[dict[str, Any]]) -> None:
        self.all = candidates
        current = self.classes.currentData()
        names = sorted({c["class_name"] for c in candidates if c["class_name"]})
        self.classes.blockSignals(True)
        self.classes.clear()
        self.classes.addItem(translate("Admin", "Toutes les classes"), None)
        for name in names:
            self.classes.addItem(name, name)
        index = self.classes.findData(current)
        self.classes.setCurrentIndex(max(index, 0))
        self.classes.blockSignals(False)
        self._apply_filter()
        self.loaded = True

    def _apply_filter(self) -> None:
        wanted = self.classes.currentData()
        self.shown = [c for c in self.all if wanted is None or c["class_name"] == wanted]
        rows = [
            (
                c["last_name"],
                c["first_name"],
                day_text(c["birthdate"]),
                c["class_name"],
                extra_time_text(float(c["extra_time"])),
                certifiable_text(c),
                yes_no(c["accessibility"]),
            )
            for c in self.shown
        ]
        fill(self.table, rows, [c["id"] for c in self.shown])
        not_cert = sum(1 for c in self.shown if not c["certifiable"])
        self.summary.setText(translate(
            "Admin",
            "{shown} candidat(s) affiché(s) sur {total} ; {not_certifiable} non certifiable(s) "
            "(moins de 5 compétences au niveau 1).",
        ).format(shown=len(self.shown), total=len(self.all), not_certifiable=not_cert))

    def _selected(self) -> dict[str, Any] | None:
        key = selected_key(self.table)
        found = next((c for c in self.shown if c["id"] == key), None)
        if found is None:
            self.error(translate("Admin", "Sélectionnez d'abord un candidat dans la liste."))
        return found

    def edit(self) -> None:
        if self.locked:
            return
        cand = self._selected()
        if cand:
            self.nav.show_candidate_form(self.session, cand)

    def remove(self) -> None:
        cand = self._selected()
        if cand is None:
            return
        name = f"{cand['first_name']} {cand['last_name']}"
        self.ctx.confirmer.ask(
            self,
            translate("Admin", "Retirer le candidat"),
            translate("Admin", "Retirer {name} de la session ?").format(name=name),
            translate("Admin", "Retirer"),
            lambda: self.run(
                "remove",
                self.ctx.api.delete_candidate(int(self.session["id"]), int(cand["id"])),
                lambda _r: self.refresh(),
            ),
        )

    def template(self) -> None:
        def chosen(path: str) -> None:
            if path:
                self.run(
                    "template",
                    self.ctx.api.import_template(),
                    lambda d: self._write(Path(path), d.content),
                )

        self.ctx.files.save_file(
            self,
            translate("Admin", "Enregistrer le modèle"),
            translate("Admin", "modele-candidats.csv"),
            chosen,
        )

    def _write(self, path: Path, content: bytes) -> None:
        try:
            path.write_bytes(content)
        except OSError:
            self.error(translate(
                "Admin", "Le fichier n'a pas pu être enregistré : choisissez un autre dossier."))
            return
        self.info(translate("Admin", "Modèle enregistré : {path}").format(path=path))
