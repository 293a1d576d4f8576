"""The session screen: header, stale banner, search and counters, the candidate list and
the action panel. It turns clicks into desk calls and desk signals into repaints.

Async: each desk call runs as a task of the app's task helper (app/services/tasks.py): kept,
and if it fails past the desk's own handling, the panel says so in French (issue 19: such a
failure used to end as "Task exception was never retrieved" in the log, the invigilator
told nothing). Dialogs are opened with `open()` and answer by signals.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QVBoxLayout, QWidget

from app.services.desk import InvigilatorDesk
from app.services.desk_rows import CandidateRow
from app.services.desk_texts import TASK_FAILED_FR, UNLOCKED_FR, station_text
from app.services.i18n import translate
from app.services.tasks import Dropped, Tasks
from app.views.invigilator.actions import ActionPanel, primary_action
from app.views.invigilator.dialogs import AddTimeDialog, AlertDialog, ConfirmDialog, IncidentDialog
from app.views.invigilator.header import HeaderBar, StaleBanner
from app.views.invigilator.kit import kit_file_name, write_kit_pdf
from app.views.invigilator.projector import ProjectorView
from app.views.invigilator.table import CandidateModel, CandidateTable
from app.views.widgets.basics import button, label, line_edit
from app.views.widgets.files import saved_text, suggested_path, with_suffix

log = logging.getLogger(__name__)


class SessionView(QWidget):
    def __init__(self, desk: InvigilatorDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.session_password = ""
        """Typed at login, kept in memory only (for the kit); never written to disk."""
        self._tasks = Tasks("station", on_error=self._failed, logger=log)
        self._dialog: QDialog | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        self.header = HeaderBar()
        self.banner = StaleBanner()
        outer.addWidget(self.header)
        outer.addWidget(self.banner)

        tools = QHBoxLayout()
        tools.setContentsMargins(12, 0, 12, 0)
        search_label = label(translate("Station", "&Rechercher"), wrap=False)
        self.search = line_edit(translate("Station", "Rechercher un candidat"),
                                buddy_of=search_label)
        self.search.setPlaceholderText(translate("Station", "Nom ou prénom"))
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(260)
        self.counters = label("", wrap=False)
        self.counters.setAccessibleName(translate("Station", "Compteurs"))
        self.to_handle = button(translate("Station", "À traiter\u00a0: {count}").format(count=0),
                                on_click=self._next_attention)
        self.to_handle.setToolTip(translate(
            "Station", "Sélectionne le prochain candidat à traiter. La liste ne se "
            "réordonne pas tant que le pointeur est dessus."))
        self.close_entries = button(translate("Station", "Clore les entrées"),
                                    on_click=self._close_entries)
        self.time_all = button(translate("Station", "Ajouter du temps à tous"),
                               on_click=lambda: self._add_time(None))
        tools.addWidget(search_label)
        tools.addWidget(self.search)
        tools.addSpacing(8)
        tools.addWidget(self.to_handle)
        tools.addSpacing(8)
        tools.addWidget(self.counters, 1)
        tools.addWidget(self.close_entries)
        tools.addWidget(self.time_all)
        outer.addLayout(tools)

        body = QHBoxLayout()
        body.setContentsMargins(12, 0, 12, 8)
        self.model = CandidateModel(desk, self)
        self.table = CandidateTable(self.model)
        self.panel = ActionPanel()
        body.addWidget(self.table, 1)
        body.addWidget(self.panel)
        outer.addLayout(body, 1)

        self.search.textChanged.connect(self.table.proxy.set_query)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.model.presence_toggled.connect(self._presence_toggled)
        self.table.activated.connect(self._activated)
        self.panel.requested.connect(self._request)
        self.header.launch_requested.connect(self._launch)
        self.header.kit_requested.connect(self._kit)
        self.header.projector_requested.connect(self.show_projector)
        self.projector: ProjectorView | None = None
        desk.rows_changed.connect(self._rows_changed)
        desk.rows_reset.connect(self._refresh_all)
        desk.header_changed.connect(self._refresh_header)
        desk.connection_changed.connect(self._connection)
        desk.action_failed.connect(self.panel.show_message)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)

    # -- repaint from the desk -------------------------------------------------------------

    def _refresh_all(self) -> None:
        self._refresh_header()
        self._show_selected()

    def _refresh_header(self) -> None:
        self.header.set_header(self.desk.header, launched=self.desk.launched)
        closed = self.desk.entries_closed
        self.close_entries.setEnabled(not closed)
        text = translate("Station", "Entrées closes") if closed else translate(
            "Station", "Clore les entrées")
        self.close_entries.setText(text)
        self.close_entries.setAccessibleName(text)
        self._refresh_counters()

    def _refresh_counters(self) -> None:
        c = self.desk.counters()
        self.counters.setText(translate(
            "Station", "Présents\u00a0: {present} · En cours\u00a0: {started}\n"
            "Terminés\u00a0: {finished} · Total\u00a0: {total}").format(
                present=c.present, started=c.started, finished=c.finished, total=c.total))
        waiting = sum(1 for r in self.desk.rows() if r.needs_attention)
        text = translate("Station", "À traiter\u00a0: {count}").format(count=waiting)
        if waiting:
            text = f"⚠ {text}"
        if self.to_handle.text() != text:
            self.to_handle.setText(text)
            self.to_handle.setAccessibleName(text)
            self.to_handle.setEnabled(bool(waiting))

    def _rows_changed(self, ids: list[int]) -> None:
        self._refresh_counters()
        if any(r.candidate_id in ids for r in self.table.selected_rows()):
            self._show_selected()
        if self.desk.online is False:
            self.banner.set_status(False, self.desk.since, self.desk.unsent_total)

    def _connection(self, online: bool, since: datetime) -> None:
        self.banner.set_status(online, since, self.desk.unsent_total)

    def _show_selected(self) -> None:
        self.panel.show_rows(self.table.selected_rows(), self.desk.can_admit_late,
                             self.model.acknowledged)

    def close_projector(self) -> None:
        if self.projector is not None:
            self.projector.close()
            self.projector.deleteLater()
            self.projector = None

    def _next_attention(self) -> None:
        if self.table.next_attention() is not None:
            self.table.setFocus()

    def _presence_toggled(self, candidate_id: int, ticked: bool) -> None:
        if ticked:
            self.run(self.desk.confirm_presence(candidate_id))
        else:
            self.run(self.desk.cancel_presence(candidate_id))

    def show_projector(self) -> None:
        """"Afficher en grand": the session number and the access code, full screen."""
        header = self.desk.header
        if header is None:
            self.panel.show_message(translate(
                "Station", "Le numéro de session n'est pas disponible hors connexion."))
            return
        if self.projector is None:
            self.projector = ProjectorView()
        self.projector.show_session(header.session_number, header.access_code,
                                    code_shown=self.header.code_shown)

    # -- actions ---------------------------------------------------------------------------

    def run(
        self,
        coro: Coroutine[Any, Any, Any],
        on_error: Callable[[BaseException], object] | None = None,
    ) -> asyncio.Task[Any] | Dropped:
        """One action of the invigilator (two clicks are two actions: none replaces another)."""
        return self._tasks.start(None, coro, on_error=on_error)

    def _failed(self, exc: BaseException) -> None:
        self.panel.show_message(station_text(TASK_FAILED_FR))

    def _activated(self, index: QModelIndex) -> None:
        row: CandidateRow | None = self.table.selected_row()
        if row is None:
            return
        action = primary_action(row, self.desk.can_admit_late)
        if action is not None:
            self._request(action, row.candidate_id)

    def _request(self, action: str, candidate_id: int) -> None:
        row = self.desk.row(candidate_id)
        if row is None:
            return
        desk = self.desk
        match action:
            case "presence":
                self.run(desk.confirm_presence(candidate_id))
            case "cancel_presence":
                self.run(desk.cancel_presence(candidate_id))
            case "admit":
                self.run(desk.admit_late(candidate_id))
            case "resume":
                self.run(desk.authorize_resume(candidate_id))
            case "end_screen":
                self.run(desk.mark_end_screen_seen(candidate_id))
            case "unlock":
                self.run(self._unlock(candidate_id))
            case "time":
                self._add_time(candidate_id)
            case "alert":
                self.run(self._alert(row))
            case "incident":
                self._incident(row)
            case "seen":
                self.model.acknowledge(candidate_id)
                self._show_selected()
            case "end_test":
                end = translate("Station", "Terminer le test")
                dialog = ConfirmDialog(end, translate(
                    "Station", "Terminer le test de {name}\u00a0? Cette action est "
                    "irréversible\u00a0: le candidat ne pourra plus répondre.").format(
                        name=row.name), end, self)
                dialog.confirmed.connect(lambda: self.run(desk.end_test(candidate_id)))
                self._open(dialog)

    async def _unlock(self, candidate_id: int) -> None:
        if await self.desk.unlock(candidate_id):
            self.panel.show_message(station_text(UNLOCKED_FR))

    def _open(self, dialog: QDialog) -> None:
        self._dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self._dialog is dialog:
            self._dialog = None

    async def _alert(self, row: CandidateRow) -> None:
        question = await self.desk.alert_question(row.candidate_id)
        codes = await self.desk.alert_categories(row.candidate_id)
        dialog = AlertDialog(row, codes, self, question)
        dialog.decided.connect(lambda accepted, code: self.run(
            self.desk.resolve_alert(row.candidate_id, accepted=accepted, category=code)))
        self._open(dialog)

    def _add_time(self, candidate_id: int | None) -> None:
        row = self.desk.row(candidate_id) if candidate_id is not None else None
        who = row.name if row else translate("Station", "tous les candidats")
        dialog = AddTimeDialog(who, self.desk.suggested_minutes(candidate_id), self)
        dialog.chosen.connect(lambda minutes: self.run(self.desk.add_time(minutes, candidate_id)))
        self._open(dialog)

    def _incident(self, row: CandidateRow) -> None:
        dialog = IncidentDialog(row, self)

        async def submit(code: Any, number: Any, text: str) -> None:
            errors = await self.desk.report_incident(row.candidate_id, code, number, text)
            if errors:
                dialog.show_errors(errors)
            else:
                dialog.accept()

        dialog.submitted.connect(lambda code, number, text: self.run(
            submit(code, number, text),
            on_error=lambda _exc: dialog.show_errors([station_text(TASK_FAILED_FR)])))
        self._open(dialog)

    def _launch(self) -> None:
        launch = translate("Station", "Lancer le test")
        dialog = ConfirmDialog(launch, translate(
            "Station", "Lancer le test maintenant\u00a0? L'heure de lancement est enregistrée. "
            "Lisez ensuite le code d'accès aux candidats. Les entrées seront closes\u00a0: "
            "aucun retardataire ne pourra plus être admis."), launch, self)
        dialog.confirmed.connect(lambda: self.run(self.desk.launch_test()))
        self._open(dialog)

    def _close_entries(self) -> None:
        close = translate("Station", "Clore les entrées")
        dialog = ConfirmDialog(close, translate(
            "Station", "Clore les entrées\u00a0? Un candidat en retard devra être admis "
            "explicitement (« Admettre le retardataire »)."), close, self)
        dialog.confirmed.connect(lambda: self.run(self.desk.close_entries()))
        self._open(dialog)

    def _kit(self) -> None:
        """"Kit surveillant (PDF)": the full kit, saved where the invigilator chooses
        (Documents proposed, with its name), then "Enregistré : <path>" on the panel."""
        header = self.desk.header
        if header is None:
            self.panel.show_message(translate(
                "Station", "Le kit n'est pas disponible hors connexion."))
            return
        dialog = QFileDialog(self, translate("Station", "Enregistrer le kit surveillant"),
                             suggested_path(kit_file_name(header)), "PDF (*.pdf)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.fileSelected.connect(lambda path: self.save_kit(path))
        self._open(dialog)

    def save_kit(self, path: str) -> Path | None:
        header = self.desk.header
        if not path or header is None:
            return None
        target = with_suffix(path, ".pdf")
        try:
            write_kit_pdf(target, header, self.session_password)
        except OSError as exc:
            log.error("kit not written to %s: %s", target, exc)
            self.panel.show_message(translate(
                "Station", "Le kit n'a pas pu être enregistré à cet endroit\u00a0: "
                "choisissez un autre dossier."))
            return None
        except Exception:  # a bug: logged with its traceback, said in French
            log.exception("kit not written to %s", target)
            self.panel.show_message(station_text(TASK_FAILED_FR))
            return None
        self.panel.show_message(saved_text(target), error=False)
        return target
