"""The jury reviews one session: each candidate's result and reports, neutralises a
question or cancels a certification with a comment, then publishes the results.

Every action goes to the server, which re-scores from the event log; this screen only
shows the new result, so what the jury sees is always what will be published.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QPlainTextEdit, QVBoxLayout

from app.domain.incidents import AbandonmentReason, IncidentCategory
from app.services.i18n import QT_TRANSLATE_NOOP, domain_text, translate
from app.views.admin.base import Screen
from app.views.admin.common import (
    AdminContext,
    add_row,
    combo,
    fill,
    result_text,
    selected_key,
    status_text,
    table,
)
from app.views.admin.jury import impactful
from app.views.widgets.basics import button, label

if TYPE_CHECKING:
    from app.views.admin.window import AdminWindow

ANSWER_LABELS = {
    "ok": QT_TRANSLATE_NOOP("Jury", "Correcte"),
    "ko": QT_TRANSLATE_NOOP("Jury", "Incorrecte"),
    "aband": QT_TRANSLATE_NOOP("Jury", "Passée"),
    "timedout": QT_TRANSLATE_NOOP("Jury", "Hors temps"),
    "focusedOut": QT_TRANSLATE_NOOP("Jury", "Sortie de la question"),
    "partially": QT_TRANSLATE_NOOP("Jury", "Partielle"),
    None: QT_TRANSLATE_NOOP("Jury", "Sans réponse"),
}


def answer_label(status: str | None) -> str:
    return translate("Jury", ANSWER_LABELS[status]) if status in ANSWER_LABELS else str(status)


def yes_no(value: object) -> str:
    return translate("Jury", "Oui") if value else translate("Jury", "Non")


class JuryReviewScreen(Screen):
    def __init__(self, ctx: AdminContext, nav: AdminWindow, session: dict[str, Any]) -> None:
        super().__init__(ctx, nav)
        self.session = session
        self.published = session["status"] == "published"
        self.set_title(translate("Jury", "Jury : session {number} — {status}").format(
            number=session["session_number"], status=status_text(session["status"])))
        self.table = table(
            translate("Jury", "Certifications de la session"),
            (
                translate("Jury", "Nom"),
                translate("Jury", "Prénom"),
                translate("Jury", "N° de certification"),
                translate("Jury", "Statut"),
                translate("Jury", "R (%)"),
                translate("Jury", "Fiable"),
                translate("Jury", "Total Pix"),
                translate("Jury", "Signalements à examiner"),
            ),
        )
        self.table.itemSelectionChanged.connect(self._show_detail)
        self.body.addWidget(self.table, 2)
        row = QHBoxLayout()
        left = QVBoxLayout()
        self.reports = label("")
        self.reports.setAccessibleName(translate("Jury", "Signalements du candidat"))
        left.addWidget(self.reports)
        self.questions = table(
            translate("Jury", "Questions du candidat"),
            (translate("Jury", "N°"), translate("Jury", "Compétence"),
             translate("Jury", "Réponse"), translate("Jury", "Neutralisée")),
        )
        left.addWidget(self.questions, 1)
        row.addLayout(left, 3)
        right = QVBoxLayout()
        form = QFormLayout()
        to_neutralise = translate("Jury", "Question à neutraliser")
        self.question = combo(to_neutralise, [])
        self.comment = QPlainTextEdit()
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(80)
        add_row(form, to_neutralise, self.question)
        add_row(form, translate("Jury", "Commentaire du jury"), self.comment)
        right.addLayout(form)
        self.neutralise_button = button(
            translate("Jury", "Neutraliser la question"), on_click=self.neutralise)
        self.cancel_button = button(
            translate("Jury", "Annuler la certification"), on_click=self.cancel)
        self.comment_button = button(
            translate("Jury", "Enregistrer le commentaire"), on_click=self.save_comment)
        for b in (self.neutralise_button, self.cancel_button, self.comment_button):
            right.addWidget(b)
            b.setEnabled(not self.published)
        right.addStretch(1)
        row.addLayout(right, 2)
        self.body.addLayout(row, 3)
        self.add_button(translate("Jury", "Retour aux sessions"), nav.show_jury, left=True)
        self.publish_button = self.add_button(
            translate("Jury", "Publier les résultats"), self.publish, primary=True)
        self.publish_button.setEnabled(not self.published)
        self.results: list[dict[str, Any]] = []
        self.refresh()

    def refresh(self, keep: int | None = None) -> None:
        self.run(
            "load",
            self.ctx.api.jury_results(int(self.session["id"])),
            lambda r: self._loaded(r, keep),
        )

    def _loaded(self, results: list[dict[str, Any]], keep: int | None) -> None:
        self.results = sorted(results, key=lambda r: (r["last_name"], r["first_name"]))
        rows = []
        for r in self.results:
            res = r["result"] or {}
            rows.append(
                (
                    r["last_name"],
                    r["first_name"],
                    str(r["certification_number"]),
                    result_text(res.get("status", "pending")),
                    str(res.get("r", "")),
                    yes_no(res.get("trustable")),
                    str(res.get("pix_score", "")),
                    str(len(impactful(r))) if impactful(r) else translate("Jury", "Aucun"),
                )
            )
        fill(self.table, rows, [r["candidate_id"] for r in self.results])
        index = next((i for i, r in enumerate(self.results) if r["candidate_id"] == keep), 0)
        if self.results:
            self.table.selectRow(index)
            self._show_detail()  # the same row stays selected: no selection signal
        self.loaded = True

    def selected(self) -> dict[str, Any] | None:
        key = selected_key(self.table)
        return next((r for r in self.results if r["candidate_id"] == key), None)

    def _show_detail(self) -> None:
        r = self.selected()
        if r is None:
            return
        res = r["result"] or {}
        lines = []
        for rep in res.get("incidents", []):
            cat = IncidentCategory(rep["category"])
            line = f"{cat.value} {domain_text(cat.label)}"
            if rep.get("question_number"):
                line = translate("Jury", "{report}, question {number}").format(
                    report=line, number=rep["question_number"])
            if rep.get("description"):
                line = translate("Jury", "{report} : {description}").format(
                    report=line, description=rep["description"])
            if cat.is_impactful:
                line = translate("Jury", "À examiner — {report}").format(report=line)
            lines.append(line)
        if res.get("abandonment"):
            reason = (
                AbandonmentReason.CANDIDATE if res["abandonment"] == "candidate"
                else AbandonmentReason.TECHNICAL
            )
            lines.append(translate("Jury", "Raison de l'abandon : {reason}").format(
                reason=domain_text(reason.label)))
        if r.get("jury_comment"):
            lines.append(translate("Jury", "Commentaire du jury : {comment}").format(
                comment=r["jury_comment"]))
        self.reports.setText(
            "\n".join(lines) or translate("Jury", "Aucun signalement pour ce candidat."))
        questions = res.get("questions", [])
        fill(
            self.questions,
            [
                (
                    str(i),
                    q["competence"],
                    answer_label(q["status"]),
                    yes_no(q["neutralised"]),
                )
                for i, q in enumerate(questions, start=1)
            ],
        )
        self.question.clear()
        for i, q in enumerate(questions, start=1):
            if not q["neutralised"]:
                self.question.addItem(
                    translate("Jury", "Question {number} ({competence})").format(
                        number=i, competence=q["competence"]),
                    q["challenge_id"],
                )

    # -- actions ---------------------------------------------------------------------------

    def _act(self, call: Any, done_text: str, cid: int) -> None:
        def done(_session: Any) -> None:
            self.comment.setPlainText("")
            self.info(done_text)
            self.refresh(keep=cid)

        self.run("act", call, done)

    def neutralise(self) -> None:
        r = self.selected()
        challenge = self.question.currentData()
        if r is None or challenge is None:
            self.error(translate("Jury", "Choisissez un candidat et la question à neutraliser."))
            return
        cid = int(r["candidate_id"])
        call = self.ctx.api.neutralise(
            int(self.session["id"]), cid, challenge, self.comment.toPlainText().strip()
        )
        done = translate("Jury", "{question} neutralisée ; résultat recalculé.").format(
            question=self.question.currentText())
        self._act(call, done, cid)

    def cancel(self) -> None:
        r = self.selected()
        if r is None:
            return
        comment = self.comment.toPlainText().strip()
        if not comment:
            self.error(translate("Jury", "Indiquez dans le commentaire la raison de l'annulation."))
            return
        name = f"{r['first_name']} {r['last_name']}"
        cid = int(r["candidate_id"])
        cancel = translate("Jury", "Annuler la certification")
        self.ctx.confirmer.ask(
            self,
            cancel,
            translate("Jury", "Annuler la certification de {name} ?").format(name=name),
            cancel,
            lambda: self._act(
                self.ctx.api.cancel_certification(int(self.session["id"]), cid, comment),
                translate("Jury", "Certification annulée."),
                cid,
            ),
        )

    def save_comment(self) -> None:
        r = self.selected()
        if r is None:
            return
        cid = int(r["candidate_id"])
        call = self.ctx.api.jury_comment(
            int(self.session["id"]), cid, self.comment.toPlainText().strip()
        )
        self._act(call, translate("Jury", "Commentaire enregistré."), cid)

    def publish(self) -> None:
        publish = translate("Jury", "Publier les résultats")
        self.ctx.confirmer.ask(
            self,
            publish,
            translate(
                "Jury",
                "Publier les résultats de la session {number} ? Les certificats deviendront "
                "vérifiables et le centre recevra les résultats.",
            ).format(number=self.session["session_number"]),
            publish,
            self._publish,
        )

    def _publish(self) -> None:
        self.publish_button.setEnabled(False)
        self.run(
            "publish",
            self.ctx.api.publish(int(self.session["id"])),
            lambda s: self.nav.show_jury_session(s).info(  # type: ignore[attr-defined]
                translate("Jury", "Résultats publiés : le centre peut imprimer les certificats.")
            ),
        )
