"""The administrator's and the jury's day on the real screens against a live server.

create -> import (errors shown in the preview, then a good file) -> documents -> a session
run through the candidate and invigilator API -> finalise in three steps -> jury review and
publication -> results, CSV, certificate PDF -> "Vérifier un certificat".
"""

from __future__ import annotations

import asyncio
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.gui.admin.conftest import Ui, need_poppler
from tests.gui.admin.cycle import (
    ADMIN_EMAIL,
    JURY_EMAIL,
    PASSWORD,
    DayRunner,
    bad_csv,
    students_csv,
)
from tests.helpers.live_server import LiveServer

pytestmark = [pytest.mark.slow, pytest.mark.qt_log_ignore("propagateSizeHints")]


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


async def login(ui: Ui, email: str) -> None:
    await ui.screen_loaded("LoginScreen")
    ui.type("Adresse e-mail", email)
    ui.type("Mot de passe", PASSWORD)
    ui.click("Se connecter")


async def create_session(ui: Ui, day: date) -> dict[str, object]:
    await login(ui, ADMIN_EMAIL)
    await ui.screen_loaded("SessionsScreen")
    ui.click("Créer une session")
    await ui.screen_loaded("SessionFormScreen")
    ui.type("Salle", "")
    ui.type("Date (JJ/MM/AAAA)", "31/02/2020")
    ui.click("Créer la session")
    message = ui.screen.feedback.text()
    assert "Indiquez la salle." in message and "La date n'est pas valide" in message
    assert "Indiquez au moins un surveillant." in message
    ui.type("Salle", "Salle 208")
    ui.type("Surveillant(s), un par ligne", "Paul Eluard")
    ui.type("Date (JJ/MM/AAAA)", day.strftime("%d/%m/%Y"))
    ui.type("Heure de début (HH:MM)", "09:00")
    ui.click("Créer la session")
    screen = await ui.screen_loaded("SessionDetailScreen")
    assert screen.session["room"] == "Salle 208"
    return screen.session  # type: ignore[no-any-return]


def test_whole_cycle(
    ui: Ui, server: LiveServer, loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    need_poppler()

    async def scenario() -> None:
        session = await create_session(ui, date.today())
        sid = int(session["id"])
        # -- import: a bad file shows every bad line and replaces nothing ------------------
        ui.click("Candidats (0)")
        await ui.screen_loaded("CandidatesScreen")
        ui.click("Importer (CSV ou ODS)")
        await ui.screen_loaded("ImportScreen")
        bad, good = tmp_path / "eleves-faux.csv", tmp_path / "eleves.csv"
        bad.write_bytes(bad_csv())
        good.write_bytes(students_csv())
        ui.files.to_open += [str(bad), str(good)]
        ui.click("Choisir un fichier")
        await ui.screen_loaded("ImportScreen")
        preview = ui.find("Aperçu de l'import")
        errors = {
            preview.item(r, 0).text(): preview.item(r, 1).text()
            for r in range(preview.rowCount())
            if preview.columnSpan(r, 1) > 1
        }
        assert set(errors) == {"3", "4", "5"}, errors
        assert "n'est pas une date" in errors["3"]
        assert errors["4"].startswith("Temps_majore : valeur non valide")
        assert errors["5"] == "Même candidat qu'à la ligne 2"
        assert "3 ligne(s) en erreur" in ui.find("Résumé de l'import").text()
        assert not ui.find("Remplacer la liste").isEnabled()
        ui.click("Choisir un fichier")
        await ui.until(lambda: ui.find("Remplacer la liste").isEnabled())
        assert "dont 1 non certifiable" in ui.find("Résumé de l'import").text()
        ui.click("Remplacer la liste")
        ui.confirm("Remplacer la liste")
        screen = await ui.screen_loaded("CandidatesScreen")
        assert len(screen.all) == 4
        assert "1 non certifiable" in screen.summary.text()
        cert_column = [screen.table.item(r, 5).text() for r in range(4)]
        assert sum(t.startswith("Non") for t in cert_column) == 1
        ui.find("Filtrer par classe").setCurrentIndex(1)  # 3eA
        assert screen.table.rowCount() == 2
        ui.click("Télécharger le modèle")
        await ui.until(lambda: (tmp_path / "modele-candidats.csv").exists())
        assert "niveau_1.1" in (tmp_path / "modele-candidats.csv").read_text("utf-8-sig")
        # -- documents before the session ---------------------------------------------------
        ui.click("Retour à la session")
        screen = await ui.screen_loaded("SessionDetailScreen")
        assert screen.candidates_button.text() == "Candidats (4)"
        documents = ui.find("Documents à imprimer")
        for row in range(documents.count()):
            documents.setCurrentRow(row)
            ui.click("Enregistrer en PDF")
            ui.click("Imprimer")
        assert len(ui.printer.printed) == 7
        saved = {p.name.split("-session-")[0]: p for p in ui.files.saved if p.suffix == ".pdf"}
        assert "LOVELACE" in pdf_text(saved["feuille-emargement"])
        assert screen.kit["access_code"] in pdf_text(saved["kit-surveillant"])
        assert "Je passe" in pdf_text(saved["consignes-eleves"])
        # -- the session itself, through the API ----------------------------------------------
        ids = await asyncio.get_running_loop().run_in_executor(None, DayRunner(server.url).run, sid)
        ui.click("Retour aux sessions")
        await ui.screen_loaded("SessionsScreen")
        ui.window.show_session(sid)
        await ui.screen_loaded("SessionDetailScreen")
        assert ui.screen.session["status"] == "started"
        ui.click("Finaliser la session")
        # -- finalisation, three steps ---------------------------------------------------------
        screen = await ui.screen_loaded("FinaliseScreen")
        assert ui.find("Tests non terminés").rowCount() == 1
        assert ui.find("Tests terminés").rowCount() == 2
        ui.click("Finaliser")
        assert "Indiquez la raison de l'abandon pour : Alan Turing" in screen.feedback.text()
        reason = ui.find("Raison de l'abandon de Alan Turing")
        reason.setCurrentIndex(reason.findText("Abandon du candidat"))
        ui.click("Tous les écrans de fin du test ont été vus")
        ui.click("Ajouter un signalement pour Faye Bernier")
        category = ui.find("Catégorie du signalement")
        category.setCurrentIndex(category.findData("E1"))
        ui.click("Valider le signalement")
        assert "Indiquez le numéro de la question concernée." in screen.editor.problem.text()
        ui.find("Numéro de la question").setValue(1)
        ui.type("Description (500 caractères au maximum)", "L'image ne s'affiche pas.")
        ui.click("Valider le signalement")
        assert screen.reports[ids["Faye"]][0]["category"] == "E1"
        # -- half done: leaving saves; coming back resumes (seed 003) ------------------------
        ui.click("Retour à la session")
        await ui.screen_loaded("SessionDetailScreen")
        ui.click("Finaliser la session")
        screen = await ui.screen_loaded("FinaliseScreen")
        assert screen.reports[ids["Faye"]][0]["category"] == "E1"
        reason = ui.find("Raison de l'abandon de Alan Turing")
        assert reason.currentText() == "Abandon du candidat"
        assert ui.find("Écran de fin du test vu pour Ada Lovelace").isChecked()
        scan = tmp_path / "pv-incident-scanne.png"
        scan.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
        ui.files.to_open.append(str(scan))
        ui.click("Ajouter un document")
        await ui.until(lambda: ui.find("Documents transmis").count() == 1)
        wrong = tmp_path / "mauvais-fichier.png"
        wrong.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x01" * 100)
        ui.files.to_open.append(str(wrong))
        ui.click("Ajouter un document")
        await ui.until(lambda: ui.find("Documents transmis").count() == 2)
        ui.find("Documents transmis").setCurrentRow(1)
        ui.click("Supprimer le document")
        ui.confirm("Supprimer")
        await ui.until(lambda: ui.find("Documents transmis").count() == 1)
        assert "pv-incident-scanne" in ui.find("Documents transmis").item(0).text()
        ui.click(
            "Je souhaite signaler un ou plusieurs incident(s) ayant impacté la session dans son "
            "ensemble"
        )
        ui.type("Commentaire sur la session", "Coupure de courant de 12 minutes à 9 h 40.")
        assert screen.counter.text() == "42 / 500"
        ui.click("Sauvegarder")
        await ui.until(lambda: "sauvegardés" in screen.feedback.text())
        ui.click("Finaliser")
        ui.confirm("Finaliser")
        await ui.until(lambda: ui.screen is not screen)
        screen = await ui.screen_loaded("FinaliseScreen")
        assert screen.read_only and not screen.finalise_button.isEnabled()
        assert ui.find("Raison de l'abandon de Alan Turing").currentText() == "Abandon du candidat"
        assert "Coupure de courant" in ui.find("Commentaire sur la session").toPlainText()
        assert ui.find(
            "Je souhaite signaler un ou plusieurs incident(s) ayant impacté la session dans son "
            "ensemble").isChecked()
        # -- jury ------------------------------------------------------------------------------
        ui.window.show_login()
        await login(ui, JURY_EMAIL)
        screen = await ui.screen_loaded("JurySessionsScreen")
        row = next(
            r for r in range(screen.table.rowCount()) if screen.table.item(r, 0).text() == str(sid)
        )
        assert screen.table.item(row, 6).text() == "1"  # the E1 report
        screen.table.selectRow(row)
        ui.click("Examiner la session")
        screen = await ui.screen_loaded("JuryReviewScreen")
        faye = next(i for i, r in enumerate(screen.results) if r["first_name"] == "Faye")
        screen.table.selectRow(faye)
        assert "À examiner — E1" in ui.find("Signalements du candidat").text()
        ada = next(i for i, r in enumerate(screen.results) if r["first_name"] == "Ada")
        screen.table.selectRow(ada)
        before = ui.find("Question à neutraliser").count()
        ui.type("Commentaire du jury", "Question ambiguë, neutralisée.")
        ui.click("Neutraliser la question")
        await ui.until(lambda: "neutralisée ; résultat recalculé" in screen.feedback.text())
        await ui.until(lambda: ui.find("Question à neutraliser").count() == before - 1)
        ui.click("Publier les résultats")
        ui.confirm("Publier les résultats")
        await ui.until(
            lambda: (
                type(ui.screen).__name__ == "JuryReviewScreen"
                and ui.screen.published
                and ui.screen.loaded
            )
        )
        assert not ui.find("Neutraliser la question").isEnabled()
        # -- results, CSV, certificate, verification ------------------------------------------
        ui.window.show_login()
        await login(ui, ADMIN_EMAIL)
        await ui.screen_loaded("SessionsScreen")
        ui.window.show_session(sid)
        await ui.screen_loaded("SessionDetailScreen")
        ui.click("Résultats")
        screen = await ui.screen_loaded("ResultsScreen")
        ada_result = next(r for r in screen.results if r["first_name"] == "Ada")
        assert ada_result["status"] == "validated"
        code = ada_result["verification_code"]
        screen.table.selectRow(screen.results.index(ada_result))
        levels = ui.find("Niveaux par compétence")
        assert levels.topLevelItemCount() == 5
        ui.click("Exporter en CSV")
        csv_path = tmp_path / f"resultats-session-{sid}.csv"
        await ui.until(csv_path.exists)
        assert code in csv_path.read_text("utf-8-sig")
        assert "email_resultats" in csv_path.read_text("utf-8-sig").splitlines()[0]
        ui.click("Enregistrer le certificat en PDF")
        cert_path = tmp_path / "certificat-lovelace-ada.pdf"
        await ui.until(cert_path.exists)
        text = pdf_text(cert_path)
        assert code in text and "LOVELACE" in text and "Collège Anne Frank" in text
        assert "Délivré le" in text and "Certificat valable 3 ans" in text  # seed 003
        ui.click("Imprimer le certificat")
        await ui.until(lambda: ui.printer.printed[-1].title.startswith("Certificat"))
        ui.window.show_login()
        await ui.screen_loaded("LoginScreen")
        ui.click("Vérifier un certificat")
        await ui.screen_loaded("VerifyScreen")
        ui.type("Code de vérification", "P-BBBBBBBB")
        ui.click("Vérifier")
        await ui.until(lambda: "Aucun certificat publié" in ui.screen.feedback.text())
        ui.type("Code de vérification", code.lower())
        ui.click("Vérifier")
        await ui.until(
            lambda: "Certificat authentique" in ui.find("Résultat de la vérification").text()
        )
        assert "Ada LOVELACE" in ui.find("Résultat de la vérification").text()
        assert "Certificat valable 3 ans" in ui.find("Résultat de la vérification").text()

    loop.run_until_complete(scenario())


def test_sessions_filter_sort_postpone_delete(ui: Ui, loop: asyncio.AbstractEventLoop) -> None:
    async def scenario() -> None:
        later = date.today() + timedelta(days=30)
        session = await create_session(ui, later)
        ui.click("Reporter")
        await ui.screen_loaded("SessionFormScreen")
        assert not ui.find("Salle").isEnabled()
        ui.type("Date (JJ/MM/AAAA)", (later + timedelta(days=7)).strftime("%d/%m/%Y"))
        ui.click("Reporter la session")
        screen = await ui.screen_loaded("SessionDetailScreen")
        assert screen.session["date"] == (later + timedelta(days=7)).isoformat()
        ui.click("Retour aux sessions")
        screen = await ui.screen_loaded("SessionsScreen")
        ui.type("Du", (later + timedelta(days=1)).strftime("%d/%m/%Y"))
        ui.type("Salle", "208")
        screen.loaded = False
        ui.click("Filtrer")
        await ui.screen_loaded("SessionsScreen")
        assert [s["id"] for s in screen.sessions] == [session["id"]]
        ui.type("Du", "demain")
        ui.click("Filtrer")
        assert "n'est pas valide" in screen.feedback.text()
        ui.type("Du", "")
        ui.window.show_session(int(session["id"]))
        await ui.screen_loaded("SessionDetailScreen")
        ui.click("Supprimer la session")
        ui.confirm("Supprimer la session")
        screen = await ui.screen_loaded("SessionsScreen")
        assert session["id"] not in [s["id"] for s in screen.sessions]

    loop.run_until_complete(scenario())
