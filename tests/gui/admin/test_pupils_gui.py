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


def test_the_birthplace_in_the_form_and_the_import_preview(
    ui: Ui, loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    """INSEE code, postal code + city, or 99 + country (SPEC): refused in French on the form
    and in the import's preview, stored canonical."""
    async def scenario() -> None:
        await create_session(ui, date.today() + timedelta(days=4))
        ui.click("Candidats (0)")
        await ui.screen_loaded("CandidatesScreen")
        ui.click("Ajouter un candidat")
        await ui.screen_loaded("CandidateFormScreen")
        ui.type("Nom de naissance", "Lovelace")
        ui.type("Prénom", "Ada")
        ui.type("Date de naissance (JJ/MM/AAAA)", "10/12/2010")
        ui.type("Lieu de naissance", "Paris")
        ui.click("Ajouter le candidat")
        assert "Lieu de naissance : indiquez un code INSEE" in ui.screen.feedback.text()
        ui.type("Lieu de naissance", "75001,  Paris")
        ui.click("Ajouter le candidat")
        screen = await ui.screen_loaded("CandidatesScreen")
        assert [c["birthplace"] for c in screen.all] == ["75001 Paris"]
        ui.click("Importer (CSV ou ODS)")
        await ui.screen_loaded("ImportScreen")
        bad = tmp_path / "lieux.csv"
        bad.write_text("nom;prenom;date_naissance;lieu_naissance\n"
                       "Turing;Alan;2010-06-23;96000 Nulle-Part\n"
                       "Hopper;Grace;2010-01-01;99 Espagne\n", encoding="utf-8")
        ui.files.to_open.append(str(bad))
        ui.click("Choisir un fichier")
        await ui.until(lambda: "1 ligne(s) en erreur" in ui.find("Résumé de l'import").text())
        preview = ui.find("Aperçu de l'import")
        assert preview.item(0, 1).text() == (
            "Lieu_naissance : « 96000 Nulle-Part » : ce n'est pas un code postal français")

    loop.run_until_complete(scenario())
