"""One session: its details, the room rules, its documents to print, and what comes next.

The documents are drawn by `app.services.documents` from what the server holds now
(session, kit, candidates), so what is printed is always the current list.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QListWidget, QVBoxLayout

from app.services import documents as docs
from app.services.i18n import QT_TRANSLATE_NOOP, translate
from app.views.admin.base import Screen
from app.views.admin.common import (
    AdminContext,
    finalisation_overdue,
    long_date,
    room_warnings,
    status_text,
)
from app.views.widgets.basics import button, label

if TYPE_CHECKING:
    from app.views.admin.window import AdminWindow

DOCUMENTS = (
    ("attendance", QT_TRANSLATE_NOOP("Admin", "Feuille d'émargement"),
     QT_TRANSLATE_NOOP("Admin", "feuille-emargement")),
    ("incident", QT_TRANSLATE_NOOP("Admin", "PV d'incident (vierge)"),
     QT_TRANSLATE_NOOP("Admin", "pv-incident")),
    ("fraud", QT_TRANSLATE_NOOP("Admin", "PV de fraude (modèle)"),
     QT_TRANSLATE_NOOP("Admin", "pv-fraude")),
    ("kit", QT_TRANSLATE_NOOP("Admin", "Kit surveillant"),
     QT_TRANSLATE_NOOP("Admin", "kit-surveillant")),
    ("instructions", QT_TRANSLATE_NOOP("Admin", "Consignes à lire aux élèves"),
     QT_TRANSLATE_NOOP("Admin", "consignes-eleves")),
    ("notice", QT_TRANSLATE_NOOP("Admin", "Notice pour l'élève"),
     QT_TRANSLATE_NOOP("Admin", "notice-eleve")),
    ("checklist", QT_TRANSLATE_NOOP("Admin", "Check-list de préparation de la salle"),
     QT_TRANSLATE_NOOP("Admin", "check-list-salle")),
)
"""(kind, name in the list, the suggested file's stem), marked; translated where shown."""


def build_sheet(
    kind: str,
    session: dict[str, Any],
    kit: dict[str, Any],
    candidates: list[dict[str, Any]],
    centre: str,
) -> docs.Sheet:
    info = docs.SessionInfo.from_json(session, centre)
    if kind == "attendance":
        return docs.attendance_sheet(info, candidates)
    if kind == "incident":
        return docs.incident_report(info)
    if kind == "fraud":
        return docs.fraud_report(info)
    if kind == "kit":
        return docs.invigilator_kit(
            info, kit["access_code"], kit["session_password"], kit.get("resume_code", "")
        )
    if kind == "notice":
        return docs.candidate_notice(info)
    if kind == "instructions":
        return docs.candidate_instructions(info)
    return docs.room_checklist(info, len(candidates))


class SessionDetailScreen(Screen):
    def __init__(self, ctx: AdminContext, nav: AdminWindow, session_id: int) -> None:
        super().__init__(ctx, nav)
        self.set_title(translate("Admin", "Session"))
        self.session_id = session_id
        self.session: dict[str, Any] = {}
        self.kit: dict[str, Any] = {}
        self.candidates: list[dict[str, Any]] = []
        self.details = QGridLayout()
        panel = QFrame()
        panel.setProperty("role", "panel")
        panel.setLayout(self.details)
        self.body.addWidget(panel)
        self.notes = label("")
        self.notes.setAccessibleName(translate("Admin", "Avertissements"))
        self.body.addWidget(self.notes)
        row = QHBoxLayout()
        docs_box = QVBoxLayout()
        to_print = translate("Admin", "Documents à imprimer")
        docs_box.addWidget(label(to_print, role="title"))
        self.documents = QListWidget()
        self.documents.setAccessibleName(to_print)
        for _kind, text, _file in DOCUMENTS:
            self.documents.addItem(translate("Admin", text))
        self.documents.setCurrentRow(0)
        docs_box.addWidget(self.documents)
        doc_buttons = QHBoxLayout()
        self.print_button = button(translate("Admin", "Imprimer"), on_click=self.print_document)
        self.save_button = button(
            translate("Admin", "Enregistrer en PDF"), on_click=self.save_document)
        doc_buttons.addWidget(self.print_button)
        doc_buttons.addWidget(self.save_button)
        docs_box.addLayout(doc_buttons)
        row.addLayout(docs_box, 1)
        actions = QVBoxLayout()
        actions.addWidget(label(translate("Admin", "Actions"), role="title"))
        self.candidates_button = button(
            translate("Admin", "Candidats"), on_click=lambda: nav.show_candidates(self.session)
        )
        self.edit_button = button(
            translate("Admin", "Modifier"),
            on_click=lambda: nav.show_session_form(self.session, "edit"),
        )
        self.postpone_button = button(
            translate("Admin", "Reporter"),
            on_click=lambda: nav.show_session_form(self.session, "postpone"),
        )
        self.delete_button = button(
            translate("Admin", "Supprimer la session"), on_click=self.delete)
        self.results_button = button(
            translate("Admin", "Résultats"), on_click=lambda: nav.show_results(self.session))
        for b in (
            self.candidates_button,
            self.edit_button,
            self.postpone_button,
            self.delete_button,
            self.results_button,
        ):
            actions.addWidget(b)
        actions.addStretch(1)
        row.addLayout(actions)
        self.body.addLayout(row, 1)
        self.add_button(translate("Admin", "Retour aux sessions"), nav.show_sessions, left=True)
        self.finalise_button = self.add_button(
            translate("Admin", "Finaliser la session"),
            lambda: nav.show_finalisation(self.session),
            primary=True,
        )
        self.refresh()

    def refresh(self) -> None:
        async def load() -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
            api = self.ctx.api
            return await asyncio.gather(
                api.session(self.session_id),
                api.kit(self.session_id),
                api.candidates(self.session_id),
            )

        self.run("load", load(), self._show)

    def _show(self, loaded: tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]) -> None:
        self.session, self.kit, self.candidates = loaded
        s = self.session
        self.set_title(translate("Admin", "Session {number}").format(number=s["session_number"]))
        while self.details.count():
            item = self.details.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        cells = (
            (translate("Admin", "N° de session"), str(s["session_number"])),
            (translate("Admin", "Date"), long_date(s["date"])),
            (translate("Admin", "Heure de début"), s["start_time"]),
            (translate("Admin", "Nom du site"), s["site"]),
            (translate("Admin", "Salle"), s["room"]),
            (translate("Admin", "Surveillant(s)"), ", ".join(s["invigilators"])),
            (translate("Admin", "Code d'accès"), self.kit.get("access_code", "")),
            (translate("Admin", "Statut"), status_text(s["status"])),
            (translate("Admin", "Candidats"), str(s["candidate_count"])),
        )
        for i, (name, value) in enumerate(cells):
            self.details.addWidget(label(name, role="muted"), (i // 3) * 2, i % 3)
            shown = label(value)
            shown.setAccessibleName(
                translate("Admin", "{name} : {value}").format(name=name, value=value))
            self.details.addWidget(shown, (i // 3) * 2 + 1, i % 3)
        if s.get("observations"):
            observations = translate("Admin", "Observations : {text}").format(
                text=s["observations"])
            self.details.addWidget(label(observations), 6, 0, 1, 3)
        notes = room_warnings(int(s["candidate_count"]), len(s["invigilators"]))
        status = s["status"]
        if status in ("created", "started"):
            notes.append(translate(
                "Admin",
                "Pour rappel, la finalisation de la session doit se faire dans les 48h "
                "suivant la fin de la session.",
            ))
            if finalisation_overdue(s, self.ctx.clock.now()):
                notes.append(translate(
                    "Admin",
                    "Attention : les 48 heures après la session sont dépassées ; "
                    "finalisez-la dès que possible.",
                ))
        self.notes.setText("\n".join(notes))
        editable = status == "created"
        candidates = translate("Admin", "Candidats ({count})").format(count=s["candidate_count"])
        self.candidates_button.setText(candidates)
        self.candidates_button.setAccessibleName(candidates)
        self.edit_button.setEnabled(status in ("created", "started"))
        self.postpone_button.setEnabled(editable)
        self.delete_button.setEnabled(editable)
        self.results_button.setEnabled(status == "published")
        finalised = status not in ("created", "started")
        self.finalise_button.setText(
            translate("Admin", "Voir la finalisation") if finalised
            else translate("Admin", "Finaliser la session")
        )
        self.finalise_button.setAccessibleName(self.finalise_button.text())
        self.finalise_button.setEnabled(status != "created")
        self.loaded = True

    # -- documents -----------------------------------------------------------------------

    def current_sheet(self) -> tuple[docs.Sheet, str] | None:
        if not self.session:
            self.error(
                translate("Admin", "La session n'est pas encore chargée : patientez un instant."))
            return None
        kind, _text, stem = DOCUMENTS[max(self.documents.currentRow(), 0)]
        sheet = build_sheet(kind, self.session, self.kit, self.candidates, self.ctx.centre)
        return sheet, translate("Admin", "{stem}-session-{number}.pdf").format(
            stem=translate("Admin", stem), number=self.session["session_number"])

    def print_document(self) -> None:
        current = self.current_sheet()
        if current:
            self.ctx.printer.print_sheet(self, current[0])

    def save_document(self) -> None:
        current = self.current_sheet()
        if current is None:
            return
        sheet, name = current

        def chosen(path: str) -> None:
            if not path:
                return
            target = Path(path if path.lower().endswith(".pdf") else f"{path}.pdf")
            try:
                docs.write_pdf(sheet, target)
            except OSError:
                self.error(translate(
                    "Admin", "Le fichier n'a pas pu être enregistré : choisissez un autre dossier."
                ))
                return
            self.info(translate("Admin", "Document enregistré : {path}").format(path=target))

        title = translate("Admin", "Enregistrer : {title}").format(title=sheet.title)
        self.ctx.files.save_file(self, title, name, chosen)

    # -- delete ----------------------------------------------------------------------------

    def delete(self) -> None:
        number = self.session.get("session_number")
        self.ctx.confirmer.ask(
            self,
            translate("Admin", "Supprimer la session"),
            translate(
                "Admin",
                "Supprimer la session {number} et sa liste de candidats ? Cette action est "
                "définitive.",
            ).format(number=number),
            translate("Admin", "Supprimer la session"),
            self._delete,
        )

    def _delete(self) -> None:
        self.run(
            "delete",
            self.ctx.api.delete_session(self.session_id),
            lambda _r: self.nav.show_sessions(),
        )
