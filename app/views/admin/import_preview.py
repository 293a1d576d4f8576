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
from app.services.i18n import QT_TRANSLATE_NOOP, translate
from app.views.admin.base import Screen
from app.views.admin.candidates import yes_no
from app.views.admin.common import (
    BIRTHPLACE_FR,
    AdminContext,
    birthplace_text,
    day_text,
    fill,
    table,
)
from app.views.widgets.basics import label

if TYPE_CHECKING:
    from app.views.admin.window import AdminWindow

_PROBLEMS_FR = {
    "unreadable_file": QT_TRANSLATE_NOOP(
        "Admin", "fichier illisible : enregistrez-le en CSV (UTF-8) ou en ODS"),
    "not_ods": QT_TRANSLATE_NOOP("Admin", "ce fichier ODS est illisible"),
    "not_text": QT_TRANSLATE_NOOP("Admin", "ce n'est ni un fichier CSV ni un tableur ODS"),
    "empty_file": QT_TRANSLATE_NOOP(
        "Admin", "fichier vide : la première ligne doit être l'en-tête"),
    "too_many_lines": QT_TRANSLATE_NOOP("Admin", "trop de lignes : {n} ({max} au maximum)"),
    "unknown_columns": QT_TRANSLATE_NOOP("Admin", "colonne(s) inconnue(s) : {value}"),
    "missing_columns": QT_TRANSLATE_NOOP("Admin", "colonne(s) obligatoire(s) absente(s) : {value}"),
    "duplicate_columns": QT_TRANSLATE_NOOP("Admin", "colonne(s) en double : {value}"),
    "duplicate_candidate": QT_TRANSLATE_NOOP("Admin", "même candidat qu'à la ligne {value}"),
    "bad_date": QT_TRANSLATE_NOOP(
        "Admin", "{column} : « {value} » n'est pas une date JJ/MM/AAAA ou AAAA-MM-JJ"),
    "not_yes_no": QT_TRANSLATE_NOOP("Admin", "{column} : « {value} » au lieu de oui ou non"),
    "not_number": QT_TRANSLATE_NOOP("Admin", "{column} : « {value} » n'est pas un nombre"),
    "not_whole_number": QT_TRANSLATE_NOOP(
        "Admin", "{column} : « {value} » n'est pas un nombre entier"),
    "required": QT_TRANSLATE_NOOP("Admin", "{column} : obligatoire, vide ici"),
    "too_long": QT_TRANSLATE_NOOP("Admin", "{column} : trop long ({value} caractères au maximum)"),
    "bad_sex": QT_TRANSLATE_NOOP("Admin", "{column} : M ou F attendu"),
    "bad_extra_time": QT_TRANSLATE_NOOP(
        "Admin", "{column} : valeur non valide (exemples : 30 %, 30 ou 0,30)"),
    "too_big": QT_TRANSLATE_NOOP("Admin", "{column} : {value} au maximum"),
    "implausible_birthdate": QT_TRANSLATE_NOOP(
        "Admin", "{column} : date de naissance invraisemblable"),
    "bad_email": QT_TRANSLATE_NOOP("Admin", "{column} : adresse e-mail non valide"),
    "bad_format": QT_TRANSLATE_NOOP("Admin", "{column} : format non valide"),
}
"""The importer's problem codes (app/server/importer.py `Problem`) in French, marked for
translation: said in the screens' language by `french_problem`."""


def french_problem(problem: dict[str, str]) -> str:
    """One problem of a line, in the screens' language (French first), from its stable code."""
    code, column, value = problem["code"], problem.get("column", ""), problem.get("value", "")
    if code.startswith("birthplace_") and code[11:] in BIRTHPLACE_FR:
        return translate("Admin", "{column} : « {value} » : {reason}").format(
            column=column, value=value, reason=birthplace_text(code[11:]))
    if code in _PROBLEMS_FR:
        template = translate("Admin", _PROBLEMS_FR[code])
    elif column:
        template = translate("Admin", "{column} : valeur non valide")
    else:
        template = translate("Admin", "ligne non valide")
    n, _, most = value.partition("/")
    return template.format(column=column, value=value, n=n, max=most)


def french_line_error(line: dict[str, Any]) -> str:
    """Every problem of a bad line, in the screens' language (the server's English `error`
    if none is coded)."""
    problems = line.get("problems") or []
    if not problems:
        return str(line["error"])
    text = translate("Admin", " ; ").join(french_problem(p) for p in problems)
    return text[:1].upper() + text[1:]


class ImportScreen(Screen):
    def __init__(
        self, ctx: AdminContext, nav: AdminWindow, session: dict[str, Any] | None
    ) -> None:
        super().__init__(ctx, nav)
        self.session = session
        """None: the school's pupils (imported once, added to sessions by class)."""
        self.set_title(
            translate("Admin", "Importer les élèves de l'établissement") if session is None
            else translate("Admin", "Importer une liste de candidats — session {number}").format(
                number=session["session_number"]))
        self.body.addWidget(
            label(
                translate(
                    "Admin",
                    "Choisissez un fichier CSV ou ODS rempli selon le modèle. Toutes ses lignes "
                    "sont vérifiées et affichées ci-dessous ; l'import remplace la liste "
                    "actuelle, et rien n'est importé tant qu'une ligne est en erreur.",
                ),
                role="muted",
            )
        )
        self.file_label = label(translate("Admin", "Aucun fichier choisi."))
        self.file_label.setAccessibleName(translate("Admin", "Fichier choisi"))
        self.body.addWidget(self.file_label)
        self.table = table(
            translate("Admin", "Aperçu de l'import"),
            (
                translate("Admin", "Ligne"),
                translate("Admin", "Nom de naissance"),
                translate("Admin", "Prénom"),
                translate("Admin", "Date de naissance"),
                translate("Admin", "Classe"),
                translate("Admin", "Temps majoré"),
                translate("Admin", "Certifiable"),
                translate("Admin", "Erreur"),
            ),
        )
        self.body.addWidget(self.table, 1)
        self.summary = label("")
        self.summary.setAccessibleName(translate("Admin", "Résumé de l'import"))
        self.body.addWidget(self.summary)
        self.add_button(translate("Admin", "Annuler"), self._back, left=True)
        self.add_button(translate("Admin", "Choisir un fichier"), self.choose, left=True)
        self.import_button = self.add_button(
            translate("Admin", "Remplacer la liste"), self.confirm, primary=True)
        self.import_button.setEnabled(False)
        self.filename = ""
        self.data = b""
        self.preview: dict[str, Any] = {}
        self.loaded = True

    def choose(self) -> None:
        self.ctx.files.open_file(
            self,
            translate("Admin", "Choisir la liste des candidats"),
            translate("Admin", "Listes (*.csv *.ods);;Tous les fichiers (*)"),
            self.preview_file,
        )

    def preview_file(self, path: str) -> None:
        if not path:
            return
        try:
            self.data = Path(path).read_bytes()
        except OSError:
            self.error(translate(
                "Admin", "Le fichier n'a pas pu être lu : vérifiez qu'il existe et qu'il est fermé."
            ))
            return
        self.filename = Path(path).name
        self.file_label.setText(
            translate("Admin", "Fichier : {name}").format(name=self.filename))
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
                "" if line["error"] else yes_no(line["certifiable"]),
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
            self.summary.setText(translate(
                "Admin",
                "{bad} ligne(s) en erreur, {good} ligne(s) correcte(s) : corrigez le fichier "
                "puis choisissez-le à nouveau. Rien ne sera importé tant qu'une ligne est en "
                "erreur.",
            ).format(bad=bad, good=good))
        else:
            self.summary.setProperty("role", None)
            self.summary.setText(translate(
                "Admin",
                "{good} candidat(s) prêt(s) à importer, dont {not_certifiable} non "
                "certifiable(s) (moins de 5 compétences au niveau 1).",
            ).format(good=good, not_certifiable=not_cert))
        self.summary.style().unpolish(self.summary)
        self.summary.style().polish(self.summary)
        self.import_button.setEnabled(bad == 0 and good > 0)
        self.feedback.clear_message()
        self.loaded = True

    def confirm(self) -> None:
        if self.session is None:
            question = translate(
                "Admin",
                "La liste des élèves de l'établissement sera remplacée par celle du fichier ; "
                "les sessions déjà composées ne changent pas. Continuer ?",
            )
        else:
            question = translate(
                "Admin",
                "La liste actuelle ({count} candidat(s)) sera remplacée par celle du fichier. "
                "Continuer ?",
            ).format(count=self.session["candidate_count"])
        replace = translate("Admin", "Remplacer la liste")
        self.ctx.confirmer.ask(self, replace, question, replace, self._import)

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
            note = translate("Admin", " Non certifiable(s) : ligne(s) {lines}.").format(lines=lines)
        done = (translate("Admin", "{count} élève(s) importé(s).") if self.session is None
                else translate("Admin", "{count} candidat(s) importé(s)."))
        screen.info(done.format(count=out["imported"]) + note)
