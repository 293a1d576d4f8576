"""The centre's results once published: per candidate, status and total Pix, the levels
per competence grouped by domain, the CSV export and each certificate to print."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QHBoxLayout, QTreeWidget, QTreeWidgetItem

from app.domain.competences import COMPETENCES, DOMAINS
from app.services import documents as docs
from app.services.i18n import domain_text, translate
from app.views.admin.base import Screen
from app.views.admin.common import AdminContext, fill, named, result_text, selected_key, table

if TYPE_CHECKING:
    from app.views.admin.window import AdminWindow


def not_saved_text() -> str:
    return translate(
        "Jury", "Le fichier n'a pas pu être enregistré : choisissez un autre dossier.")


class ResultsScreen(Screen):
    def __init__(self, ctx: AdminContext, nav: AdminWindow, session: dict[str, Any]) -> None:
        super().__init__(ctx, nav)
        self.session = session
        self.set_title(translate("Jury", "Résultats de la session {number}").format(
            number=session["session_number"]))
        row = QHBoxLayout()
        self.table = table(
            translate("Jury", "Résultats des candidats"),
            (translate("Jury", "Nom"), translate("Jury", "Prénom"),
             translate("Jury", "N° de certification"), translate("Jury", "Statut"),
             translate("Jury", "Total Pix"), translate("Jury", "Code de vérification")),
        )
        self.table.itemSelectionChanged.connect(self._show_levels)
        row.addWidget(self.table, 3)
        self.levels = QTreeWidget()
        named(self.levels, translate("Jury", "Niveaux par compétence"))
        self.levels.setHeaderLabels([translate("Jury", "Compétence"), translate("Jury", "Niveau")])
        self.levels.setColumnWidth(0, 330)
        row.addWidget(self.levels, 2)
        self.body.addLayout(row, 1)
        self.per_row = 2
        self.add_button(
            translate("Jury", "Retour à la session"),
            lambda: nav.show_session(int(session["id"])), left=True,
        )
        self.add_button(translate("Jury", "Exporter en CSV"), self.export_csv, left=True)
        self.save_button = self.add_button(
            translate("Jury", "Enregistrer le certificat en PDF"), self.save, left=True)
        self.print_button = self.add_button(
            translate("Jury", "Imprimer le certificat"), self.print_certificate, primary=True
        )
        self.results: list[dict[str, Any]] = []
        self.run("load", ctx.api.results(int(session["id"])), self._loaded)

    def _loaded(self, results: list[dict[str, Any]]) -> None:
        self.results = results
        fill(
            self.table,
            [
                (
                    r["last_name"],
                    r["first_name"],
                    str(r["certification_number"]),
                    result_text(r["status"]),
                    str(r["pix_score"]),
                    r["verification_code"] or "—",
                )
                for r in results
            ],
            [r["candidate_id"] for r in results],
        )
        if results:
            self.table.selectRow(0)
        self.loaded = True

    def selected(self) -> dict[str, Any] | None:
        key = selected_key(self.table)
        return next((r for r in self.results if r["candidate_id"] == key), None)

    def _show_levels(self) -> None:
        self.levels.clear()
        result = self.selected()
        if result is None:
            return
        levels = {c["competence"]: c["level"] for c in result["competences"]}
        for domain in DOMAINS:
            top = QTreeWidgetItem([f"{domain.code}. {domain_text(domain.name)}", ""])
            self.levels.addTopLevelItem(top)
            for comp in (c for c in COMPETENCES if c.domain == domain):
                level = levels.get(comp.code, 0)
                top.addChild(
                    QTreeWidgetItem(
                        [f"{comp.code} {domain_text(comp.name)}", str(level) if level else "—"])
                )
            top.setExpanded(True)
        validated = result["status"] == "validated"
        self.print_button.setEnabled(validated)
        self.save_button.setEnabled(validated)

    # -- exports -----------------------------------------------------------------------------

    def export_csv(self) -> None:
        def chosen(path: str) -> None:
            if path:
                self.run(
                    "csv",
                    self.ctx.api.results_csv(int(self.session["id"])),
                    lambda d: self._write(Path(path), d.content),
                )

        name = translate("Jury", "resultats-session-{number}.csv").format(
            number=self.session["session_number"])
        self.ctx.files.save_file(
            self, translate("Jury", "Exporter les résultats"), name, chosen)

    def _write(self, path: Path, content: bytes) -> None:
        try:
            path.write_bytes(content)
        except OSError:
            self.error(not_saved_text())
            return
        self.info(translate("Jury", "Résultats exportés : {path}").format(path=path))

    def _with_certificate(self, then: Any) -> None:
        result = self.selected()
        if result is None:
            self.error(translate("Jury", "Sélectionnez d'abord un candidat."))
            return
        if result["status"] != "validated":
            self.error(translate(
                "Jury", "Ce candidat n'a pas de certificat : sa certification n'est pas validée."))
            return
        call = self.ctx.api.certificate(int(self.session["id"]), int(result["candidate_id"]))
        self.run("certificate", call, lambda cert: then(docs.certificate(cert), cert))

    def print_certificate(self) -> None:
        self._with_certificate(lambda sheet, _c: self.ctx.printer.print_sheet(self, sheet))

    def save(self) -> None:
        def got(sheet: docs.Sheet, cert: dict[str, Any]) -> None:
            name = translate("Jury", "certificat-{last}-{first}.pdf").format(
                last=cert["last_name"], first=cert["first_name"]).lower()

            def chosen(path: str) -> None:
                if path:
                    try:
                        docs.write_pdf(sheet, Path(path))
                    except OSError:
                        self.error(not_saved_text())
                        return
                    self.info(translate("Jury", "Certificat enregistré : {path}").format(path=path))

            self.ctx.files.save_file(
                self, translate("Jury", "Enregistrer le certificat"), name, chosen)

        self._with_certificate(got)
