"""Import a CSV or ODS list with a preview: every line, good or bad, is shown with its
reason before anything is replaced (SPEC: an import replaces the list, all or nothing).

The server parses the file twice: once as a dry run for this preview, once for real when
the administrator confirms. Its reasons are in English for API users, each with a stable
code; `french_line_error` says them in French here, from the codes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QBrush, QColor

from app.services.documents import extra_time_text
from app.views.admin.base import Screen
from app.views.admin.common import BIRTHPLACE_FR, AdminContext, day_text, fill, table
from app.views.widgets.basics import label

if TYPE_CHECKING:
    from app.views.admin.window import AdminWindow

_PROBLEMS_FR = {
    "unreadable_file": "fichier illisible : enregistrez-le en CSV (UTF-8) ou en ODS",
    "not_ods": "ce fichier ODS est illisible",
    "not_text": "ce n'est ni un fichier CSV ni un tableur ODS",
    "empty_file": "fichier vide : la première ligne doit être l'en-tête",
    "too_many_lines": "trop de lignes : {n} ({max} au maximum)",
    "unknown_columns": "colonne(s) inconnue(s) : {value}",
    "missing_columns": "colonne(s) obligatoire(s) absente(s) : {value}",
    "duplicate_columns": "colonne(s) en double : {value}",
    "duplicate_candidate": "même candidat qu'à la ligne {value}",
    "bad_date": "{column} : « {value} » n'est pas une date JJ/MM/AAAA ou AAAA-MM-JJ",
    "not_yes_no": "{column} : « {value} » au lieu de oui ou non",
    "not_number": "{column} : « {value} » n'est pas un nombre",
    "not_whole_number": "{column} : « {value} » n'est pas un nombre entier",
    "required": "{column} : obligatoire, vide ici",
    "too_long": "{column} : trop long ({value} caractères au maximum)",
    "bad_sex": "{column} : M ou F attendu",
    "bad_extra_time": "{column} : valeur non valide (exemples : 30 %, 30 ou 0,30)",
    "too_big": "{column} : {value} au maximum",
    "implausible_birthdate": "{column} : date de naissance invraisemblable",
    "bad_email": "{column} : adresse e-mail non valide",
    "bad_format": "{column} : format non valide",
}
"""The importer's problem codes (app/server/importer.py `Problem`) in French."""


def french_problem(problem: dict[str, str]) -> str:
    """One problem of a line, in French, from its stable code."""
    code, column, value = problem["code"], problem.get("column", ""), problem.get("value", "")
    if code.startswith("birthplace_") and code[11:] in BIRTHPLACE_FR:
        return f"{column} : « {value} » : {BIRTHPLACE_FR[code[11:]]}"
    template = _PROBLEMS_FR.get(code, "{column} : valeur non valide" if column
                                else "ligne non valide")
    n, _, most = value.partition("/")
    return template.format(column=column, value=value, n=n, max=most)


def french_line_error(line: dict[str, Any]) -> str:
    """Every problem of a bad line, in French (the English `error` if none is coded)."""
    problems = line.get("problems") or []
    if not problems:
        return str(line["error"])
    text = " ; ".join(french_problem(p) for p in problems)
    return text[:1].upper() + text[1:]


class ImportScreen(Screen):
    title_text = "Importer une liste de candidats"

    def __init__(
        self, ctx: AdminContext, nav: AdminWindow, session: dict[str, Any] | None
    ) -> None:
        super().__init__(ctx, nav)
        self.session = session
        """None: the school's pupils (imported once, added to sessions by class)."""
        self.set_title(
            "Importer les élèves de l'établissement" if session is None
            else f"Importer une liste de candidats — session {session['session_number']}")
        self.body.addWidget(
            label(
                "Choisissez un fichier CSV ou ODS rempli selon le modèle. Toutes ses lignes sont "
                "vérifiées et affichées ci-dessous ; l'import remplace la liste actuelle, et rien "
                "n'est importé tant qu'une ligne est en erreur.",
                role="muted",
            )
        )
        self.file_label = label("Aucun fichier choisi.")
        self.file_label.setAccessibleName("Fichier choisi")
        self.body.addWidget(self.file_label)
        self.table = table(
            "Aperçu de l'import",
            (
                "Ligne",
                "Nom de naissance",
                "Prénom",
                "Date de naissance",
                "Classe",
                "Temps majoré",
                "Certifiable",
                "Erreur",
            ),
        )
        self.body.addWidget(self.table, 1)
        self.summary = label("")
        self.summary.setAccessibleName("Résumé de l'import")
        self.body.addWidget(self.summary)
        self.add_button("Annuler", self._back, left=True)
        self.add_button("Choisir un fichier", self.choose, left=True)
        self.import_button = self.add_button("Remplacer la liste", self.confirm, primary=True)
        self.import_button.setEnabled(False)
        self.filename = ""
        self.data = b""
        self.preview: dict[str, Any] = {}
        self.loaded = True

    def choose(self) -> None:
        self.ctx.files.open_file(
            self,
            "Choisir la liste des candidats",
            "Listes (*.csv *.ods);;Tous les fichiers (*)",
            self.preview_file,
        )

    def preview_file(self, path: str) -> None:
        if not path:
            return
        try:
            self.data = Path(path).read_bytes()
        except OSError:
            self.error("Le fichier n'a pas pu être lu : vérifiez qu'il existe et qu'il est fermé.")
            return
        self.filename = Path(path).name
        self.file_label.setText(f"Fichier : {self.filename}")
        self.import_button.setEnabled(False)
        self.loaded = False
        preview = (
            self.ctx.api.preview_pupils_import(self.filename, self.data) if self.session is None
            else self.ctx.api.preview_import(int(self.session["id"]), self.filename, self.data))
        self.run("preview", preview, self._show)

    def _back(self) -> Any:
        if self.session is None:
            return self.nav.show_pupils(None)
        return self.nav.show_candidates(self.session)

    def _show(self, preview: dict[str, Any]) -> None:
        self.preview = preview
        lines = preview["lines"]
        rows = [
            (
                str(line["line"]),
                line["last_name"],
                line["first_name"],
                day_text(line["birthdate"]) if line["birthdate"] else "",
                line["class_name"],
                extra_time_text(float(line["extra_time"])) if not line["error"] else "",
                "" if line["error"] else ("Oui" if line["certifiable"] else "Non"),
                french_line_error(line) if line["error"] else "",
            )
            for line in lines
        ]
        fill(self.table, rows)
        self.table.clearSpans()
        for r, line in enumerate(lines):
            if line["error"]:
                # The reason is the only content of a bad line: give it the row's width.
                first = self.table.item(r, 1)
                if first is not None:
                    first.setText(rows[r][-1])
                self.table.setSpan(r, 1, 1, self.table.columnCount() - 1)
                for c in range(self.table.columnCount()):
                    item = self.table.item(r, c)
                    if item:
                        item.setBackground(QBrush(QColor("#fde7e5")))
        bad = len(preview["errors"])
        good = sum(1 for line in lines if not line["error"])
        not_cert = sum(1 for line in lines if not line["error"] and not line["certifiable"])
        if bad:
            self.summary.setProperty("role", "error")
            self.summary.setText(
                f"{bad} ligne(s) en erreur, {good} ligne(s) correcte(s) : corrigez le fichier "
                "puis choisissez-le à nouveau. Rien ne sera importé tant qu'une ligne est en "
                "erreur."
            )
        else:
            self.summary.setProperty("role", None)
            self.summary.setText(
                f"{good} candidat(s) prêt(s) à importer, dont {not_cert} non certifiable(s) "
                "(moins de 5 compétences au niveau 1)."
            )
        self.summary.style().unpolish(self.summary)
        self.summary.style().polish(self.summary)
        self.import_button.setEnabled(bad == 0 and good > 0)
        self.feedback.clear_message()
        self.loaded = True

    def confirm(self) -> None:
        current = (
            "La liste des élèves de l'établissement" if self.session is None
            else f"La liste actuelle ({self.session['candidate_count']} candidat(s))")
        self.ctx.confirmer.ask(
            self,
            "Remplacer la liste",
            f"{current} sera remplacée par celle du fichier ; les sessions déjà "
            "composées ne changent pas. Continuer ?" if self.session is None else
            f"{current} sera remplacée par celle du fichier. Continuer ?",
            "Remplacer la liste",
            self._import,
        )

    def _import(self) -> None:
        self.import_button.setEnabled(False)
        work = (
            self.ctx.api.import_pupils(self.filename, self.data) if self.session is None
            else self.ctx.api.import_candidates(int(self.session["id"]), self.filename, self.data))
        self.run("import", work, self._done)

    def _done(self, out: dict[str, Any]) -> None:
        screen = self._back()
        note = ""
        if out["not_certifiable"]:
            lines = ", ".join(str(n) for n in out["not_certifiable"])
            note = f" Non certifiable(s) : ligne(s) {lines}."
        who = "élève(s)" if self.session is None else "candidat(s)"
        screen.info(f"{out['imported']} {who} importé(s).{note}")
