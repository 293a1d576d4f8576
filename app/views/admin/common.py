"""Pieces every administration screen shares: the context, tasks, messages, form helpers.

Why here and not in `views/widgets/`: these encode the admin screens' own conventions
(the sentences for the server's codes, session statuses, room rules, all marked for
translation with the context "Admin" and said in the screens' language); widgets
shared by every mode stay in `views/widgets/`.

`AdminContext` is built once in `main.py` (the composition root) and passed to every
screen: the API client, the task runner, the clock, and the three things a test must be
able to replace because they would open native windows: file choosers, the print dialog
and confirmations (never `exec()` inside a coroutine: they use `open()` and a callback).
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.domain.clocks import SystemClock
from app.services.admin_api import AdminApi
from app.services.documents import Sheet, short_date
from app.services.documents import long_date as documents_long_date
from app.services.http import ApiRefused, Unreachable
from app.services.i18n import QT_TRANSLATE_NOOP, translate
from app.services.tasks import Dropped
from app.services.tasks import Tasks as BackgroundTasks
from app.views.widgets.basics import label
from app.views.widgets.files import default_folder, suggested_path

log = logging.getLogger(__name__)

STATUS_LABELS = {
    "created": QT_TRANSLATE_NOOP("Admin", "Créée"),
    "started": QT_TRANSLATE_NOOP("Admin", "En cours"),
    "finalised": QT_TRANSLATE_NOOP("Admin", "Finalisée"),
    "in_process": QT_TRANSLATE_NOOP("Admin", "En cours de traitement"),
    "published": QT_TRANSLATE_NOOP("Admin", "Résultats transmis"),
}
RESULT_LABELS = {
    "validated": QT_TRANSLATE_NOOP("Admin", "Validée"),
    "rejected": QT_TRANSLATE_NOOP("Admin", "Rejetée"),
    "cancelled": QT_TRANSLATE_NOOP("Admin", "Annulée"),
    "pending": QT_TRANSLATE_NOOP("Admin", "En attente"),
}
SESSION_LENGTH = timedelta(minutes=105)
FINALISE_WITHIN = timedelta(hours=48)

MESSAGES = {
    "unreachable": QT_TRANSLATE_NOOP(
        "Admin", "Le serveur ne répond pas. Vérifiez la connexion au réseau puis réessayez."),
    "bad_credentials": QT_TRANSLATE_NOOP(
        "Admin", "L'adresse e-mail ou le mot de passe est incorrect."),
    "invalid_token": QT_TRANSLATE_NOOP("Admin", "Votre connexion a expiré. Reconnectez-vous."),
    "not_authenticated": QT_TRANSLATE_NOOP("Admin", "Votre connexion a expiré. Reconnectez-vous."),
    "forbidden": QT_TRANSLATE_NOOP("Admin", "Ce compte n'a pas accès à cette page."),
    "not_found": QT_TRANSLATE_NOOP(
        "Admin", "Élément introuvable : il a peut-être été supprimé. Actualisez la liste."),
    "date_in_past": QT_TRANSLATE_NOOP(
        "Admin", "La date de la session ne peut pas être dans le passé."),
    "session_read_only": QT_TRANSLATE_NOOP(
        "Admin", "La session est finalisée : elle ne peut plus être modifiée."),
    "candidates_joined": QT_TRANSLATE_NOOP(
        "Admin",
        "Un candidat a déjà rejoint la session : elle ne peut plus être supprimée et sa "
        "liste ne peut plus être remplacée."),
    "list_locked": QT_TRANSLATE_NOOP(
        "Admin", "Un test a commencé : la liste des candidats est verrouillée."),
    "candidate_joined": QT_TRANSLATE_NOOP(
        "Admin", "Ce candidat a déjà rejoint la session : il ne peut pas être retiré."),
    "duplicate_candidate": QT_TRANSLATE_NOOP(
        "Admin",
        "Un candidat avec les mêmes nom, prénom et date de naissance est déjà inscrit à "
        "cette session."),
    "import_rejected": QT_TRANSLATE_NOOP(
        "Admin", "Rien n'a été importé : corrigez les lignes signalées puis réessayez."),
    "too_large": QT_TRANSLATE_NOOP("Admin", "Le fichier est trop volumineux."),
    "unsupported_type": QT_TRANSLATE_NOOP(
        "Admin", "Seuls les fichiers PDF, PNG et JPEG sont acceptés."),
    "already_finalised": QT_TRANSLATE_NOOP("Admin", "La session est déjà finalisée."),
    "no_test_started": QT_TRANSLATE_NOOP(
        "Admin", "Aucun test n'a commencé : la session ne peut pas être finalisée."),
    "abandonment_missing": QT_TRANSLATE_NOOP(
        "Admin", "Indiquez la raison de l'abandon de chaque test non terminé."),
    "abandonment_not_applicable": QT_TRANSLATE_NOOP(
        "Admin", "Une raison d'abandon ne s'applique qu'à un test non terminé."),
    "not_finalised": QT_TRANSLATE_NOOP("Admin", "La session n'est pas encore finalisée."),
    "not_published": QT_TRANSLATE_NOOP("Admin", "Les résultats ne sont pas encore publiés."),
    "already_published": QT_TRANSLATE_NOOP("Admin", "Les résultats sont déjà publiés."),
    "invalid_request": QT_TRANSLATE_NOOP(
        "Admin", "Certaines informations ne sont pas valides : vérifiez le formulaire."),
}


def error_text(exc: BaseException) -> str:
    """One or two short sentences in the screens' language: what happened and what to do
    (SPEC "Screens"). Said from the server's stable code, never from its English message."""
    if isinstance(exc, Unreachable):
        return translate("Admin", MESSAGES["unreachable"])
    if isinstance(exc, ApiRefused):
        if exc.status == 429 and exc.code == "too_many_attempts":
            return translate("Admin", "Trop d'essais. Réessayez dans {seconds}\u00a0s.").format(
                seconds=max(1, exc.retry_after_s or 60))
        if exc.code in MESSAGES:
            return translate("Admin", MESSAGES[exc.code])
        return translate(
            "Admin", "Le serveur a refusé l'opération ({code}). Réessayez ou contactez le support."
        ).format(code=exc.code)
    return translate(
        "Admin",
        "Une erreur inattendue s'est produite. Réessayez ; si elle persiste, contactez le support.",
    )


def status_text(status: str) -> str:
    """A session's status (`STATUS_LABELS`) in the screens' language; an unknown one as is."""
    return translate("Admin", STATUS_LABELS[status]) if status in STATUS_LABELS else status


def result_text(status: str) -> str:
    """A certification's result (`RESULT_LABELS`) in the screens' language."""
    return translate("Admin", RESULT_LABELS[status]) if status in RESULT_LABELS else status


def session_start(session: dict[str, Any]) -> datetime:
    """The session's local start as a naive datetime (the school's own clock)."""
    hours, minutes = (int(x) for x in str(session["start_time"]).split(":"))
    return datetime.combine(date.fromisoformat(str(session["date"])), time(hours, minutes))


def finalisation_overdue(session: dict[str, Any], now: datetime) -> bool:
    """True once 48 h have passed since the session's end (start + 1 h 45)."""
    local_now = now.astimezone().replace(tzinfo=None) if now.tzinfo else now
    return local_now > session_start(session) + SESSION_LENGTH + FINALISE_WITHIN


def room_warnings(candidate_count: int, invigilator_count: int) -> list[str]:
    """The room rules (Pix) as warnings: 1 invigilator and 1 spare PC per 20 candidates."""
    if not candidate_count:
        return []
    needed = math.ceil(candidate_count / 20)
    out = []
    if invigilator_count < needed:
        out.append(translate(
            "Admin",
            "Attention : {candidates} candidats demandent au moins {needed} surveillant(s) "
            "(1 pour 20 élèves) ; {planned} prévu(s).",
        ).format(candidates=candidate_count, needed=needed, planned=invigilator_count))
    out.append(translate(
        "Admin",
        "Prévoyez {needed} poste(s) informatique(s) additionnel(s) pour {candidates} "
        "candidats (1 pour 20).",
    ).format(needed=needed, candidates=candidate_count))
    return out


def long_date(value: str | date) -> str:
    """`lundi 14 décembre 2020` in French, `Monday 14 December 2020` in English: the
    documents' own date (app/services/documents/french.py), so screen and paper agree."""
    return documents_long_date(value if isinstance(value, date) else date.fromisoformat(value))


def day_text(value: str | date) -> str:
    """`14/12/2020`: the day first in both languages (British English writes it so)."""
    return short_date(value if isinstance(value, date) else date.fromisoformat(value))


# -- tasks ---------------------------------------------------------------------------------


class Tasks:
    """Background coroutines of the screens, one per name (app/services/tasks.py).

    The server's refusals and an unreachable server are part of the job: the screen says
    them in its language (`error_text`), the log keeps one line; anything else is a bug, logged
    with its traceback, and the screen says so calmly.
    """

    def __init__(self) -> None:
        self._tasks = BackgroundTasks("admin", logger=log)

    def run(
        self,
        name: str,
        coro: Coroutine[Any, Any, Any],
        on_done: Callable[[Any], object],
        on_error: Callable[[str], None],
    ) -> asyncio.Task[Any] | Dropped:
        return self._tasks.start(
            name, coro, on_done=on_done, on_error=lambda exc: on_error(error_text(exc)),
            expected=(Unreachable, ApiRefused),
        )

    @property
    def busy(self) -> bool:
        return self._tasks.busy

    def cancel_all(self) -> None:
        self._tasks.cancel_all()


# -- what tests replace -----------------------------------------------------------------


class FileChooser(Protocol):
    def open_file(
        self, parent: QWidget, title: str, filters: str, done: Callable[[str], None]
    ) -> None: ...

    def save_file(
        self, parent: QWidget, title: str, suggested: str, done: Callable[[str], None]
    ) -> None: ...


class QtFileChooser:
    """QFileDialog opened with open() (never exec), answering through `done`."""

    def __init__(self) -> None:
        self._dialogs: list[QFileDialog] = []

    def _open(self, dialog: QFileDialog, done: Callable[[str], None]) -> None:
        self._dialogs.append(dialog)
        dialog.fileSelected.connect(done)
        dialog.finished.connect(lambda _r: self._dialogs.remove(dialog))
        dialog.open()

    def open_file(
        self, parent: QWidget, title: str, filters: str, done: Callable[[str], None]
    ) -> None:
        dialog = QFileDialog(parent, title, str(default_folder()), filters)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        self._open(dialog, done)

    def save_file(
        self, parent: QWidget, title: str, suggested: str, done: Callable[[str], None]
    ) -> None:
        dialog = QFileDialog(parent, title, suggested_path(suggested))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        self._open(dialog, done)


class Printer(Protocol):
    def print_sheet(self, parent: QWidget, sheet: Sheet) -> None: ...


class QtPrinter:
    """The system print dialog, opened with open(); prints when the user accepts."""

    def __init__(self) -> None:
        self._pending: list[QObject] = []

    def print_sheet(self, parent: QWidget, sheet: Sheet) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(sheet.title)
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(translate("Admin", "Imprimer : {title}").format(title=sheet.title))
        self._pending.append(dialog)
        dialog.accepted.connect(lambda: sheet.render(printer))
        dialog.finished.connect(lambda _r: self._pending.remove(dialog))
        QDialog.open(dialog)  # QPrintDialog.open() wants a slot; the base needs none


class Confirmer:
    """Asks before an irreversible action with a non-modal-loop QMessageBox (open())."""

    def __init__(self) -> None:
        self.last: QMessageBox | None = None

    def ask(
        self, parent: QWidget, title: str, text: str, yes: str, on_yes: Callable[[], None]
    ) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        ok = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        ok.setAccessibleName(yes)
        no = translate("Admin", "Annuler")
        cancel = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
        cancel.setAccessibleName(no)
        box.setDefaultButton(cancel)
        box.buttonClicked.connect(lambda b: on_yes() if b is ok else None)
        self.last = box
        box.open()


@dataclass
class AdminContext:
    api: AdminApi
    tasks: Tasks = field(default_factory=Tasks)
    clock: Any = field(default_factory=SystemClock)
    files: FileChooser = field(default_factory=QtFileChooser)
    printer: Printer = field(default_factory=QtPrinter)
    confirmer: Confirmer = field(default_factory=Confirmer)
    centre: str = ""


# -- form and table helpers ------------------------------------------------------------


def named(widget: QWidget, name: str) -> QWidget:
    widget.setAccessibleName(name.replace("&", "").rstrip(" :\u00a0"))
    return widget


def add_row(form: QFormLayout, text: str, widget: QWidget) -> QWidget:
    """A labelled field: the label is the field's buddy and its accessible name."""
    lab = label(text)
    lab.setBuddy(widget)
    named(widget, text)
    form.addRow(lab, widget)
    return widget


def checkbox(text: str) -> QCheckBox:
    box = QCheckBox(text)
    box.setAccessibleName(text)
    return box


def combo(text: str, items: Sequence[tuple[str, Any]]) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(text)
    for shown, data in items:
        box.addItem(shown, data)
    return box


def table(name: str, headers: Sequence[str]) -> QTableWidget:
    view = QTableWidget(0, len(headers))
    view.setAccessibleName(name)
    view.setHorizontalHeaderLabels(list(headers))
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return view


def fill(view: QTableWidget, rows: Sequence[Sequence[str]], keys: Sequence[Any] = ()) -> None:
    """Replace the table's rows; `keys[i]` is stored on row i's first cell (UserRole)."""
    view.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if c == 0 and r < len(keys):
                item.setData(Qt.ItemDataRole.UserRole, keys[r])
            view.setItem(r, c, item)


def selected_key(view: QTableWidget) -> Any:
    rows = view.selectionModel().selectedRows()
    if not rows:
        return None
    item = view.item(rows[0].row(), 0)
    return item.data(Qt.ItemDataRole.UserRole) if item else None


class Feedback(QLabel):
    """The screen's one message line: errors in the error colour, with words that say so."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setAccessibleName(translate("Admin", "Message"))
        self.hide()

    def error(self, text: str) -> None:
        self.setProperty("role", "error")
        self._show(text)

    def info(self, text: str) -> None:
        self.setProperty("role", None)
        self._show(text)

    def _show(self, text: str) -> None:
        self.setText(text)
        self.setAccessibleDescription(text)
        self.style().unpolish(self)
        self.style().polish(self)
        self.show()

    def clear_message(self) -> None:
        self.setText("")
        self.hide()


BIRTHPLACE_FR = {
    "not_a_place": QT_TRANSLATE_NOOP(
        "Admin", "indiquez un code INSEE, un code postal et la ville, ou 99 et le pays "
        "(né(e) à l'étranger)"),
    "bad_insee": QT_TRANSLATE_NOOP("Admin", "ce n'est pas un code INSEE de commune"),
    "bad_postal": QT_TRANSLATE_NOOP("Admin", "ce n'est pas un code postal français"),
    "city_missing": QT_TRANSLATE_NOOP("Admin", "la ville manque après le code postal"),
    "bad_city": QT_TRANSLATE_NOOP("Admin", "le nom de la ville n'est pas valide"),
    "country_missing": QT_TRANSLATE_NOOP("Admin", "le pays manque après 99"),
    "bad_country": QT_TRANSLATE_NOOP("Admin", "le nom du pays n'est pas valide"),
}
"""The birthplace's refusals (app/domain/birthplace.py codes), in French; shown with
`birthplace_text`."""


def birthplace_text(code: str) -> str:
    """A birthplace refusal (a `BadBirthplace` code) in the screens' language."""
    return translate("Admin", BIRTHPLACE_FR[code])
