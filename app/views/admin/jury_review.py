"""The jury reviews one session: each candidate's result and reports, neutralises a
question or cancels a certification with a comment, then publishes the results.

Every action goes to the server, which re-scores from the event log; this screen only
shows the new result, so what the jury sees is always what will be published.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QPlainTextEdit, QVBoxLayout

from app.domain.incidents import IncidentCategory
from app.views.admin.base import Screen
from app.views.admin.common import (
    RESULT_LABELS,
    STATUS_LABELS,
    AdminContext,
    add_row,
    combo,
    fill,
    selected_key,
    table,
)
from app.views.admin.jury import impactful
from app.views.widgets.basics import button, label

if TYPE_CHECKING:
    from app.views.admin.window import AdminWindow

ANSWER_LABELS = {
    "ok": "Correcte",
    "ko": "Incorrecte",
    "aband": "Passée",
    "timedout": "Hors temps",
    "focusedOut": "Sortie de la question",
    "partially": "Partielle",
    None: "Sans réponse",
}


class JuryReviewScreen(Screen):
    def __init__(self, ctx: AdminContext, nav: AdminWindow, session: dict[str, Any]) -> None:
        super().__init__(ctx, nav)
        self.session = session
        self.published = session["status"] == "published"
        self.set_title(
            f"Jury : session {session['session_number']} — "
            f"{STATUS_LABELS.get(session['status'], session['status'])}"
        )
        self.table = table(
            "Certifications de la session",
            (
                "Nom",
                "Prénom",
                "N° de certification",
                "Statut",
                "R (%)",
                "Fiable",
                "Total Pix",
                "Signalements à examiner",
            ),
        )
        self.table.itemSelectionChanged.connect(self._show_detail)
        self.body.addWidget(self.table, 2)
        row = QHBoxLayout()
        left = QVBoxLayout()
        self.reports = label("")
        self.reports.setAccessibleName("Signalements du candidat")
        left.addWidget(self.reports)
        self.questions = table(
            "Questions du candidat", ("N°", "Compétence", "Réponse", "Neutralisée")
        )
        left.addWidget(self.questions, 1)
        row.addLayout(left, 3)
        right = QVBoxLayout()
        form = QFormLayout()
        self.question = combo("Question à neutraliser", [])
        self.comment = QPlainTextEdit()
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(80)
        add_row(form, "Question à neutraliser", self.question)
        add_row(form, "Commentaire du jury", self.comment)
        right.addLayout(form)
        self.neutralise_button = button("Neutraliser la question", on_click=self.neutralise)
        self.cancel_button = button("Annuler la certification", on_click=self.cancel)
        self.comment_button = button("Enregistrer le commentaire", on_click=self.save_comment)
        for b in (self.neutralise_button, self.cancel_button, self.comment_button):
            right.addWidget(b)
            b.setEnabled(not self.published)
        right.addStretch(1)
        row.addLayout(right, 2)
        self.body.addLayout(row, 3)
        self.add_button("Retour aux sessions", nav.show_jury, left=True)
        self.publish_button = self.add_button("Publier les résultats", self.publish, primary=True)
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
                    RESULT_LABELS.get(res.get("status", "pending"), res.get("status", "")),
                    str(res.get("r", "")),
                    "Oui" if res.get("trustable") else "Non",
                    str(res.get("pix_score", "")),
                    str(len(impactful(r))) if impactful(r) else "Aucun",
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
            where = f", question {rep['question_number']}" if rep.get("question_number") else ""
            flag = "À examiner — " if cat.is_impactful else ""
            desc = f" : {rep['description']}" if rep.get("description") else ""
            lines.append(f"{flag}{cat.value} {cat.label}{where}{desc}")
        if res.get("abandonment"):
            reason = (
                "Abandon du candidat" if res["abandonment"] == "candidate" else "Problème technique"
            )
            lines.append(f"Raison de l'abandon : {reason}")
        if r.get("jury_comment"):
            lines.append(f"Commentaire du jury : {r['jury_comment']}")
        self.reports.setText("\n".join(lines) or "Aucun signalement pour ce candidat.")
        questions = res.get("questions", [])
        fill(
            self.questions,
            [
                (
                    str(i),
                    q["competence"],
                    ANSWER_LABELS.get(q["status"], str(q["status"])),
                    "Oui" if q["neutralised"] else "Non",
                )
                for i, q in enumerate(questions, start=1)
            ],
        )
        self.question.clear()
        for i, q in enumerate(questions, start=1):
            if not q["neutralised"]:
                self.question.addItem(f"Question {i} ({q['competence']})", q["challenge_id"])

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
            self.error("Choisissez un candidat et la question à neutraliser.")
            return
        cid = int(r["candidate_id"])
        call = self.ctx.api.neutralise(
            int(self.session["id"]), cid, challenge, self.comment.toPlainText().strip()
        )
        self._act(call, f"{self.question.currentText()} neutralisée ; résultat recalculé.", cid)

    def cancel(self) -> None:
        r = self.selected()
        if r is None:
            return
        comment = self.comment.toPlainText().strip()
        if not comment:
            self.error("Indiquez dans le commentaire la raison de l'annulation.")
            return
        name = f"{r['first_name']} {r['last_name']}"
        cid = int(r["candidate_id"])
        self.ctx.confirmer.ask(
            self,
            "Annuler la certification",
            f"Annuler la certification de {name} ?",
            "Annuler la certification",
            lambda: self._act(
                self.ctx.api.cancel_certification(int(self.session["id"]), cid, comment),
                "Certification annulée.",
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
        self._act(call, "Commentaire enregistré.", cid)

    def publish(self) -> None:
        self.ctx.confirmer.ask(
            self,
            "Publier les résultats",
            f"Publier les résultats de la session {self.session['session_number']} ? Les "
            "certificats deviendront vérifiables et le centre recevra les résultats.",
            "Publier les résultats",
            self._publish,
        )

    def _publish(self) -> None:
        self.publish_button.setEnabled(False)
        self.run(
            "publish",
            self.ctx.api.publish(int(self.session["id"])),
            lambda s: self.nav.show_jury_session(s).info(  # type: ignore[attr-defined]
                "Résultats publiés : le centre peut imprimer les certificats."
            ),
        )
