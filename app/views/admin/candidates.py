"""The session's candidates: filter by class, certifiability, extra time; add, edit,
remove one by one, import a CSV/ODS list (with a preview), download the template."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.services.documents import extra_time_text
from app.views.admin.base import Screen
from app.views.admin.common import AdminContext, combo, day_text, fill, selected_key, table
from app.views.widgets.basics import button, label

if TYPE_CHECKING:
    from app.views.admin.window import AdminWindow


def certifiable_text(candidate: dict[str, Any]) -> str:
    reached = sum(1 for e in candidate.get("profile", {}).values() if int(e["level"]) >= 1)
    if candidate["certifiable"]:
        return f"Oui ({reached} compétences)"
    return f"Non : {reached} compétence(s) au niveau 1, 5 requises"


class CandidatesScreen(Screen):
    title_text = "Candidats"

    def __init__(self, ctx: AdminContext, nav: AdminWindow, session: dict[str, Any]) -> None:
        super().__init__(ctx, nav)
        self.session = session
        self.set_title(f"Candidats de la session {session['session_number']}")
        self.locked = session["status"] != "created"
        if self.locked:
            self.body.addWidget(
                label(
                    "Un test a commencé ou la session est finalisée : la liste des candidats est "
                    "verrouillée.",
                    role="muted",
                )
            )
        self.classes = combo("Filtrer par classe", [("Toutes les classes", None)])
        top = label("Filtrer par classe")
        top.setBuddy(self.classes)
        self.body.addWidget(top)
        self.body.addWidget(self.classes)
        self.classes.currentIndexChanged.connect(self._apply_filter)
        self.table = table(
            "Liste des candidats",
            (
                "Nom de naissance",
                "Prénom",
                "Date de naissance",
                "Classe",
                "Temps majoré",
                "Certifiable",
                "Aménagement",
            ),
        )
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.body.addWidget(self.table, 1)
        self.summary = label("", role="muted")
        self.body.addWidget(self.summary)
        self.per_row = 2
        self.add_button(
            "Retour à la session", lambda: nav.show_session(int(session["id"])), left=True
        )
        self.template_button = self.add_button("Télécharger le modèle", self.template, left=True)
        self.edit_button = self.add_button("Modifier", self.edit, left=True)
        self.remove_button = self.add_button("Retirer", self.remove, left=True)
        self.import_button = button(
            "Importer (CSV ou ODS)", on_click=lambda: nav.show_import(session)
        )
        self.pupils_button = self.add_button(
            "Élèves de l'établissement", lambda: nav.show_pupils(session), left=True)
        n = self.secondary.count()
        self.secondary.addWidget(self.import_button, n // self.per_row, n % self.per_row)
        self.add_button_primary = self.add_button(
            "Ajouter un candidat", lambda: nav.show_candidate_form(session, None), primary=True
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
        self.classes.addItem("Toutes les classes", None)
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
                "Oui" if c["accessibility"] else "Non",
            )
            for c in self.shown
        ]
        fill(self.table, rows, [c["id"] for c in self.shown])
        not_cert = sum(1 for c in self.shown if not c["certifiable"])
        self.summary.setText(
            f"{len(self.shown)} candidat(s) affiché(s) sur {len(self.all)} ; "
            f"{not_cert} non certifiable(s) (moins de 5 compétences au niveau 1)."
        )

    def _selected(self) -> dict[str, Any] | None:
        key = selected_key(self.table)
        found = next((c for c in self.shown if c["id"] == key), None)
        if found is None:
            self.error("Sélectionnez d'abord un candidat dans la liste.")
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
            "Retirer le candidat",
            f"Retirer {name} de la session ?",
            "Retirer",
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

        self.ctx.files.save_file(self, "Enregistrer le modèle", "modele-candidats.csv", chosen)

    def _write(self, path: Path, content: bytes) -> None:
        try:
            path.write_bytes(content)
        except OSError:
            self.error("Le fichier n'a pas pu être enregistré : choisissez un autre dossier.")
            return
        self.info(f"Modèle enregistré : {path}")
