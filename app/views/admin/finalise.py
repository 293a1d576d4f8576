"""Finaliser la session, in the seeds' three steps; read-only once finalised.

Step 1 (required): per candidate, the reports (signalements) and "Écran de fin du test
vu"; each unfinished test needs its abandonment reason. Step 2 (optional): documents
(fraud report, screenshots), uploaded at once. Step 3 (optional): "Aucun problème
particulier" or a comment on the whole session (500 characters), and whether candidates
had trouble joining. Then one confirmation, and the server scores the tests.

"Sauvegarder" keeps everything entered so far on the server ("Vous pouvez sauvegarder vos
changements à tout moment", seed 003), and "Retour à la session" saves before leaving: the
screen opens again where it was left. Once finalised, the screen shows what was sent,
step 3's comment included.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.incidents import AbandonmentReason
from app.services.i18n import QT_TRANSLATE_NOOP, domain_text, translate
from app.views.admin.base import Screen
from app.views.admin.common import (
    AdminContext,
    checkbox,
    combo,
    fill,
    finalisation_overdue,
    named,
    table,
)
from app.views.admin.incident_editor import IncidentEditor
from app.views.widgets.basics import button, label

if TYPE_CHECKING:
    from app.views.admin.window import AdminWindow

MAX_COMMENT = 500
NO_PROBLEM = QT_TRANSLATE_NOOP(
    "Jury", "Aucun problème particulier à signaler, dans l'ensemble tout s'est bien déroulé")
SOME_PROBLEM = QT_TRANSLATE_NOOP(
    "Jury",
    "Je souhaite signaler un ou plusieurs incident(s) ayant impacté la session dans son ensemble",
)
TROUBLE_JOINING = QT_TRANSLATE_NOOP(
    "Jury", "Des candidats ont rencontré des difficultés pour rejoindre la session")


def reports_text(reports: list[dict[str, Any]]) -> str:
    return (
        ", ".join(
            translate("Jury", "{code} (question {number})").format(
                code=r["category"], number=r["question_number"])
            if r.get("question_number") else r["category"]
            for r in reports
        )
        or translate("Jury", "Aucun")
    )


def too_long_text() -> str:
    return translate(
        "Jury", "Le commentaire dépasse {max} caractères : raccourcissez-le."
    ).format(max=MAX_COMMENT)


class FinaliseScreen(Screen):
    def __init__(self, ctx: AdminContext, nav: AdminWindow, session: dict[str, Any]) -> None:
        super().__init__(ctx, nav)
        self.session = session
        self.read_only = session["status"] not in ("created", "started")
        self.set_title(translate("Jury", "Finaliser la session {number}").format(
            number=session["session_number"]))
        intro = (
            translate("Jury", "Cette session est finalisée : elle est en lecture seule.")
            if self.read_only
            else translate(
                "Jury", "Pour finaliser la session, complétez les trois étapes puis validez.")
        )
        self.body.addWidget(label(intro))
        if not self.read_only:
            notice = translate(
                "Jury",
                "Pour rappel, la finalisation de la session doit se faire dans les 48h "
                "suivant la fin de la session.",
            )
            if finalisation_overdue(session, ctx.clock.now()):
                notice = translate(
                    "Jury",
                    "Attention : le délai de 48 heures après la session est dépassé. "
                    "Finalisez-la dès maintenant.",
                )
            self.deadline = label(notice, role="muted")
            self.deadline.setAccessibleName(notice)
            self.body.addWidget(self.deadline)
        content = QWidget()
        page = QVBoxLayout(content)
        page.addWidget(
            label(translate("Jury", "Étape 1 : Renseigner les informations de vos candidats"),
                  role="title")
        )
        self.unfinished_label = label(
            translate("Jury", "Ces candidats n'ont pas fini leur test de certification"))
        page.addWidget(self.unfinished_label)
        name, first, number, report = (
            translate("Jury", "Nom"), translate("Jury", "Prénom"),
            translate("Jury", "N° de certification"), translate("Jury", "Signalement"))
        self.unfinished = table(
            translate("Jury", "Tests non terminés"),
            (name, first, number, report, translate("Jury", "Raison de l'abandon")),
        )
        page.addWidget(self.unfinished)
        page.addWidget(label(translate("Jury", "Certification(s) terminée(s)")))
        self.all_seen = checkbox(translate("Jury", "Tous les écrans de fin du test ont été vus"))
        self.all_seen.toggled.connect(self._check_all)
        page.addWidget(self.all_seen)
        self.finished = table(
            translate("Jury", "Tests terminés"),
            (name, first, number, report, translate("Jury", "Écran de fin du test vu")),
        )
        page.addWidget(self.finished)
        self.absent = label("", role="muted")
        page.addWidget(self.absent)
        self.editor = IncidentEditor()
        self.editor.saved.connect(self._add_report)
        page.addWidget(self.editor)
        page.addWidget(label(translate("Jury", "Étape 2 : Transmettre des documents (facultatif)"),
                             role="title"))
        page.addWidget(
            label(
                translate(
                    "Jury",
                    "PV de fraude, photo d'une capture d'écran, PV d'incident scanné : "
                    "PDF, PNG ou JPEG.",
                ),
                role="muted",
            )
        )
        self.documents = QListWidget()
        named(self.documents, translate("Jury", "Documents transmis"))
        self.documents.setFixedHeight(90)
        page.addWidget(self.documents)
        self.upload_button = button(
            translate("Jury", "Ajouter un document"), on_click=self.choose_document)
        self.delete_document_button = button(
            translate("Jury", "Supprimer le document"), on_click=self.confirm_delete_document)
        self.delete_document_button.setEnabled(False)
        self.documents.currentRowChanged.connect(
            lambda row: self.delete_document_button.setEnabled(row >= 0 and not self.read_only))
        doc_buttons = QHBoxLayout()
        doc_buttons.addWidget(self.upload_button)
        doc_buttons.addWidget(self.delete_document_button)
        doc_buttons.addStretch(1)
        page.addLayout(doc_buttons)
        page.addWidget(label(translate("Jury", "Étape 3 : Commenter la session (facultatif)"),
                             role="title"))
        self.no_problem = QRadioButton(translate("Jury", NO_PROBLEM))
        self.some_problem = QRadioButton(translate("Jury", SOME_PROBLEM))
        self.problem_group = QButtonGroup(self)
        for radio in (self.no_problem, self.some_problem):
            named(radio, radio.text())
            self.problem_group.addButton(radio)
            page.addWidget(radio)
        self.comment = QPlainTextEdit()
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(90)
        named(self.comment, translate("Jury", "Commentaire sur la session"))
        self.comment.textChanged.connect(self._count)
        page.addWidget(self.comment)
        self.counter = label(f"0 / {MAX_COMMENT}", role="muted")
        page.addWidget(self.counter)
        self.trouble = checkbox(translate("Jury", TROUBLE_JOINING))
        page.addWidget(self.trouble)
        page.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        self.body.addWidget(scroll, 1)
        self.add_button(translate("Jury", "Retour à la session"), self.leave, left=True)
        self.save_button = self.add_button(translate("Jury", "Sauvegarder"), lambda: self.save())
        self.finalise_button = self.add_button(
            translate("Jury", "Finaliser"), self.confirm, primary=True)
        self.candidates: list[dict[str, Any]] = []
        self.reports: dict[int, list[dict[str, Any]]] = {}
        self.seen_boxes: dict[int, QCheckBox] = {}
        self.reasons: dict[int, QComboBox] = {}
        self.refresh()

    # -- loading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        sid = int(self.session["id"])

        async def load() -> tuple[list[dict[str, Any]], list[dict[str, Any]], Any]:
            return await asyncio.gather(
                self.ctx.api.finalisation_state(sid), self.ctx.api.documents(sid),
                self.ctx.api.saved_finalisation(sid),
            )

        self.run("load", load(), self._loaded)

    def _loaded(self, loaded: tuple[list[dict[str, Any]], list[dict[str, Any]], Any]) -> None:
        state, documents, saved = loaded
        self.candidates = [c for c in state if c["started"]]
        absent = len(state) - len(self.candidates)
        self.absent.setText(
            translate("Jury", "{count} candidat(s) inscrit(s) sans test commencé (absents).")
            .format(count=absent) if absent else ""
        )
        self.reports = {c["candidate_id"]: [] for c in self.candidates}
        entries = {e["candidate_id"]: e for e in (saved or {}).get("candidates", [])}
        if not self.read_only:  # once finalised, the reports are the recorded ones
            for cid in self.reports:
                self.reports[cid] = list(entries.get(cid, {}).get("incidents", []))
        self._fill_tables()
        self._restore(saved, entries)
        self.documents.clear()
        for doc in documents:
            self._add_document_item(doc)
        if self.read_only:
            for w in (
                self.upload_button,
                self.delete_document_button,
                self.no_problem,
                self.some_problem,
                self.comment,
                self.trouble,
                self.all_seen,
                self.save_button,
                self.finalise_button,
            ):
                w.setEnabled(False)
        self.loaded = True

    def _restore(self, saved: dict[str, Any] | None, entries: dict[int, Any]) -> None:
        """Put back what was saved (or sent): step 1's boxes and reasons, step 3."""
        if not saved:
            return
        for cid, entry in entries.items():
            box = self.seen_boxes.get(cid)
            if box is not None and box.isEnabled() and entry.get("end_screen_seen"):
                box.setChecked(True)
            reason = self.reasons.get(cid)
            if reason is not None and entry.get("abandonment") and reason.isEnabled():
                reason.setCurrentIndex(reason.findData(entry["abandonment"]))
        self.comment.setPlainText(str(saved.get("comment", "")))
        if saved.get("no_particular_problem"):
            self.no_problem.setChecked(True)
        elif saved.get("comment"):
            self.some_problem.setChecked(True)
        self.trouble.setChecked(bool(saved.get("candidates_had_trouble_joining")))

    def _fill_tables(self) -> None:
        unfinished = [c for c in self.candidates if not c["completed"]]
        finished = [c for c in self.candidates if c["completed"]]
        self.unfinished_label.setVisible(bool(unfinished))
        self.unfinished.setVisible(bool(unfinished))
        self.seen_boxes, self.reasons = {}, {}
        for view, rows in ((self.unfinished, unfinished), (self.finished, finished)):
            fill(
                view,
                [
                    (c["last_name"], c["first_name"], str(c["certification_number"] or ""), "", "")
                    for c in rows
                ],
                [c["candidate_id"] for c in rows],
            )
            for r, cand in enumerate(rows):
                view.setCellWidget(r, 3, self._report_button(cand))
                view.setCellWidget(r, 4, self._last_cell(view, cand))
            view.resizeColumnsToContents()
            view.setFixedHeight(44 + 46 * max(len(rows), 1))
            view.verticalHeader().setDefaultSectionSize(44)

    def _report_button(self, cand: dict[str, Any]) -> QWidget:
        cid = cand["candidate_id"]
        known = cand["incidents"] + self.reports.get(cid, [])
        text = (
            translate("Jury", "Ajouter ({count} signalement(s) : {reports})").format(
                count=len(known), reports=reports_text(known))
            if known else translate("Jury", "Ajouter")
        )
        b = button(text, on_click=lambda: self.editor.start(cand))
        b.setAccessibleName(translate("Jury", "Ajouter un signalement pour {name}").format(
            name=f"{cand['first_name']} {cand['last_name']}"))
        b.setEnabled(not self.read_only)
        return b

    def _last_cell(self, view: QTableWidget, cand: dict[str, Any]) -> QWidget:
        cid = cand["candidate_id"]
        name = f"{cand['first_name']} {cand['last_name']}"
        if view is self.unfinished:
            box = combo(
                translate("Jury", "Raison de l'abandon de {name}").format(name=name),
                [(translate("Jury", "-- Choisissez --"), None)]
                + [(domain_text(r.label), r.value) for r in AbandonmentReason],
            )
            if cand["abandonment"]:
                box.setCurrentIndex(box.findData(cand["abandonment"]))
            box.setEnabled(not self.read_only)
            self.reasons[cid] = box
            return box
        seen = checkbox(translate("Jury", "Écran de fin du test vu pour {name}").format(name=name))
        seen.setText(translate("Jury", "Vu"))
        seen.setChecked(bool(cand["end_screen_seen"]))
        seen.setEnabled(not self.read_only and not cand["end_screen_seen"])
        self.seen_boxes[cid] = seen
        return seen

    # -- step 1 ------------------------------------------------------------------------------

    def _add_report(self, candidate_id: int, report: dict[str, Any]) -> None:
        self.reports.setdefault(candidate_id, []).append(report)
        keep_seen = {cid: b.isChecked() for cid, b in self.seen_boxes.items()}
        keep_reason = {cid: b.currentIndex() for cid, b in self.reasons.items()}
        self._fill_tables()
        for cid, checked in keep_seen.items():
            self.seen_boxes[cid].setChecked(checked)
        for cid, index in keep_reason.items():
            self.reasons[cid].setCurrentIndex(index)
        self.info(translate(
            "Jury", "Signalement {code} ajouté ; il sera transmis à la finalisation."
        ).format(code=report["category"]))

    def _check_all(self, checked: bool) -> None:
        for box in self.seen_boxes.values():
            if box.isEnabled():
                box.setChecked(checked)

    # -- step 2 ------------------------------------------------------------------------------

    def choose_document(self) -> None:
        self.ctx.files.open_file(
            self, translate("Jury", "Choisir un document"),
            translate("Jury", "Documents (*.pdf *.png *.jpg *.jpeg)"), self.upload
        )

    def upload(self, path: str) -> None:
        if not path:
            return
        try:
            data = Path(path).read_bytes()
        except OSError:
            self.error(translate("Jury", "Le fichier n'a pas pu être lu : vérifiez qu'il existe."))
            return
        name = Path(path).name
        self.run(
            "upload",
            self.ctx.api.upload_document(int(self.session["id"]), name, data),
            lambda doc: self._uploaded(doc),
        )

    def _uploaded(self, doc: dict[str, Any]) -> None:
        self._add_document_item(doc)
        self.info(translate("Jury", "Document transmis : {name}").format(name=doc["filename"]))

    def _add_document_item(self, doc: dict[str, Any]) -> None:
        item = QListWidgetItem(translate("Jury", "{name} ({size} ko)").format(
            name=doc["filename"], size=doc["size"] // 1024 + 1))
        item.setData(Qt.ItemDataRole.UserRole, (int(doc["id"]), str(doc["filename"])))
        self.documents.addItem(item)

    def confirm_delete_document(self) -> None:
        item = self.documents.currentItem()
        if item is None:
            return
        doc_id, filename = item.data(Qt.ItemDataRole.UserRole)
        self.ctx.confirmer.ask(
            self, translate("Jury", "Supprimer le document"),
            translate("Jury", "Supprimer le document « {name} » ?").format(name=filename),
            translate("Jury", "Supprimer"), lambda: self._delete_document(doc_id, filename))

    def _delete_document(self, doc_id: int, filename: str) -> None:
        def deleted(_out: Any) -> None:
            for row in range(self.documents.count()):
                if self.documents.item(row).data(Qt.ItemDataRole.UserRole)[0] == doc_id:
                    self.documents.takeItem(row)
                    break
            self.info(translate("Jury", "Document supprimé : {name}").format(name=filename))

        self.run("delete-document",
                 self.ctx.api.delete_document(int(self.session["id"]), doc_id), deleted)

    # -- step 3 and finalisation -------------------------------------------------------------

    def _count(self) -> None:
        n = len(self.comment.toPlainText())
        self.counter.setText(f"{n} / {MAX_COMMENT}")
        self.counter.setProperty("role", "error" if n > MAX_COMMENT else "muted")
        self.counter.style().polish(self.counter)
        if n:
            self.some_problem.setChecked(True)

    def body_to_send(self) -> tuple[list[str], dict[str, Any]]:
        errors = []
        missing = [
            c
            for c in self.candidates
            if not c["completed"] and self.reasons[c["candidate_id"]].currentData() is None
        ]
        if missing:
            names = ", ".join(f"{c['first_name']} {c['last_name']}" for c in missing)
            errors.append(translate(
                "Jury", "Indiquez la raison de l'abandon pour : {names}.").format(names=names))
        comment = self.comment.toPlainText().strip()
        if len(comment) > MAX_COMMENT:
            errors.append(too_long_text())
        if self.some_problem.isChecked() and not comment:
            errors.append(translate(
                "Jury",
                "Décrivez les incidents ayant impacté la session, ou choisissez "
                "« Aucun problème particulier ».",
            ))
        entries = []
        for c in self.candidates:
            cid = c["candidate_id"]
            entry: dict[str, Any] = {"candidate_id": cid, "incidents": self.reports.get(cid, [])}
            if cid in self.seen_boxes:
                entry["end_screen_seen"] = self.seen_boxes[cid].isChecked()
            if cid in self.reasons and self.reasons[cid].isEnabled():
                entry["abandonment"] = self.reasons[cid].currentData()
            entries.append(entry)
        return errors, {
            "candidates": entries,
            "comment": comment,
            "no_particular_problem": self.no_problem.isChecked(),
            "candidates_had_trouble_joining": self.trouble.isChecked(),
        }

    def save(self, then: Callable[[], object] | None = None) -> None:
        """"Sauvegarder": keep what is entered, finalised or not; `then` runs once saved."""
        _errors, body = self.body_to_send()
        if len(body["comment"]) > MAX_COMMENT:
            self.error(too_long_text())
            return

        def saved(_out: Any) -> None:
            self.info(translate(
                "Jury", "Vos changements sont sauvegardés : vous pourrez reprendre plus tard."))
            if then is not None:
                then()

        self.run("save", self.ctx.api.save_finalisation(int(self.session["id"]), body), saved)

    def leave(self) -> None:
        """"Retour à la session": saves first, so that nothing entered is lost."""
        def back() -> None:
            self.nav.show_session(int(self.session["id"]))

        if self.read_only or not self.loaded:
            back()
            return
        self.save(then=back)

    def confirm(self) -> None:
        errors, _body = self.body_to_send()
        if errors:
            self.error(" ".join(errors))
            return
        unseen = sum(1 for b in self.seen_boxes.values() if not b.isChecked())
        question = translate(
            "Jury", "Finaliser la session {number} ? Elle ne pourra plus être modifiée."
        ).format(number=self.session["session_number"])
        if unseen:
            question += " " + translate(
                "Jury", "{count} écran(s) de fin de test ne sont pas cochés.").format(count=unseen)
        self.ctx.confirmer.ask(
            self,
            translate("Jury", "Finaliser la session"),
            question,
            translate("Jury", "Finaliser"),
            self.finalise,
        )

    def finalise(self) -> None:
        errors, body = self.body_to_send()
        if errors:
            self.error(" ".join(errors))
            return
        self.finalise_button.setEnabled(False)
        self.run("finalise", self.ctx.api.finalise(int(self.session["id"]), body), self._done)

    def _done(self, session: dict[str, Any]) -> None:
        screen = self.nav.show_finalisation(session)
        screen.info(translate(  # type: ignore[attr-defined]
            "Jury", "La session est finalisée. Merci ! Elle est transmise au jury."))

    def error(self, text: str) -> None:
        if not self.read_only:
            self.finalise_button.setEnabled(True)
        super().error(text)
