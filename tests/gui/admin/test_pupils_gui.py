"""The school's pupils on the real screens against a live server (issue 20, seed 000):
imported once, filtered by "Classe", added to sessions by class."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.gui.admin.conftest import Ui
from tests.gui.admin.cycle import students_csv
from tests.gui.admin.test_admin_cycle import create_session

pytestmark = [pytest.mark.slow, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_import_the_school_once_then_sessions_by_class(
    ui: Ui, loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    async def scenario() -> None:
        day = date.today() + timedelta(days=3)
        await create_session(ui, day)
        ui.click("Retour aux sessions")
        await ui.screen_loaded("SessionsScreen")
        ui.click("Élèves de l'établissement")
        await ui.screen_loaded("PupilsScreen")
        ui.click("Importer (CSV ou ODS)")
        await ui.screen_loaded("ImportScreen")
        school = tmp_path / "eleves-etablissement.csv"
        school.write_bytes(students_csv())
        ui.files.to_open.append(str(school))
        ui.click("Choisir un fichier")
        await ui.until(lambda: ui.find("Remplacer la liste").isEnabled())
        ui.click("Remplacer la liste")
        ui.confirm("Remplacer la liste")
        screen = await ui.screen_loaded("PupilsScreen")
        assert "4 élève(s) importé(s)" in screen.feedback.text()
        assert screen.table.rowCount() == 4
        # Two sessions, one class each, from the one list.
        for klass, names in (("3eA", {"Pouzin", "Turing"}), ("3eB", {"Bernier", "Lovelace"})):
            ui.click("Retour aux sessions")
            await ui.screen_loaded("SessionsScreen")
            ui.click("Créer une session")
            await ui.screen_loaded("SessionFormScreen")
            ui.type("Salle", f"Salle {klass}")
            ui.type("Surveillant(s), un par ligne", "Paul Eluard")
            ui.type("Date (JJ/MM/AAAA)", day.strftime("%d/%m/%Y"))
            ui.type("Heure de début (HH:MM)", "09:00")
            ui.click("Créer la session")
            await ui.screen_loaded("SessionDetailScreen")
            ui.click("Candidats (0)")
            await ui.screen_loaded("CandidatesScreen")
            ui.click("Élèves de l'établissement")
            screen = await ui.screen_loaded("PupilsScreen")
            classes = ui.find("Classe")
            classes.setCurrentIndex(classes.findData(klass))
            assert screen.table.rowCount() == 2
            ui.click("Ajouter les élèves affichés")
            await ui.until(lambda s=screen: "2 élève(s) ajouté(s)" in s.feedback.text())
            ui.click("Ajouter les élèves affichés")  # twice: nothing added twice
            await ui.until(lambda s=screen: "0 élève(s) ajouté(s)" in s.feedback.text())
            assert "2 y étai(en)t déjà" in screen.feedback.text()
            ui.click("Retour aux candidats")
            screen = await ui.screen_loaded("CandidatesScreen")
            assert {c["last_name"] for c in screen.all} == names
            assert {c["class_name"] for c in screen.all} == {klass}
            ui.click("Retour à la session")
            await ui.screen_loaded("SessionDetailScreen")

    loop.run_until_complete(scenario())
