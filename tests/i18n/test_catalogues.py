"""The translation catalogues follow the code, and the language key switches them (issue 20
item 2; app/services/i18n.py, tools/i18n.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app import config
from app.services import i18n
from app.views.widgets.files import saved_text
from tests.helpers.i18n import french_in_text, looks_french
from tools import i18n as catalogues


def test_every_marked_string_has_its_english() -> None:
    """lupdate is run on the code now: a string marked and not translated, or a
    translate() given an f-string, fails here with its file and line."""
    assert catalogues.check() == []


def test_every_catalogue_compiles() -> None:
    built = catalogues.release()
    assert built and all(qm.stat().st_size > 0 for qm in built)


def test_the_language_key_and_the_catalogues_know_the_same_languages() -> None:
    assert config.LANGUAGES == i18n.LANGUAGES


def test_english_then_french_again(qapp: QApplication, english: None) -> None:
    assert saved_text(Path("/x")) == "Saved: /x"
    i18n.set_language("fr")
    i18n.install(qapp)
    assert saved_text(Path("/x")) == "Enregistré\u00a0: /x"


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="fr, en"):
        i18n.set_language("de")


@pytest.mark.parametrize("text", ["Valider", "Aucun candidat", "Séance 12", "« Oui »",
                                  "Vous avez terminé"])
def test_french_is_seen(text: str) -> None:
    assert looks_french(text)


@pytest.mark.parametrize("text", ["Submit", "No candidate", "Session 12", "Question 3 of 32",
                                  "Saved: /home/x/kit.pdf", "12:30", ""])
def test_english_is_not_taken_for_french(text: str) -> None:
    assert not looks_french(text)


def test_a_document_line_in_french_is_found() -> None:
    assert french_in_text("Certificate\nDélivré le 5 décembre 2026\n") == [
        "Délivré le 5 décembre 2026"]


def test_a_domain_label_and_a_domain_sentence_in_english(english: None) -> None:
    from app.domain.birthplace import parse_birthplace
    from app.domain.competences import COMPETENCES
    from app.domain.incidents import IncidentCategory, validate_incident

    assert i18n.domain_text(COMPETENCES[0].domain.name) == "Information and data"
    place = parse_birthplace("75001 Paris")
    assert place is not None
    assert place.french() == "à Paris (75001)"  # the domain still speaks French
    assert i18n.domain_text(place.french()) == "in Paris (75001)"
    errors = validate_incident(IncidentCategory.E1, 40, "x", question_count=32)
    assert errors == ["Le numéro de la question doit être compris entre 1 et 32."]
    assert [i18n.domain_text(e) for e in errors] == [
        "The question number must be between 1 and 32."]
    assert i18n.domain_text("Dupont") == "Dupont"  # not a marked text: as it is


def test_a_terminal_line_before_any_qt_application_is_translated() -> None:
    """The demo prints its session and how to stop it before the station's window (and in
    --headless, with no Qt application at all): the catalogues are asked directly."""
    import subprocess
    import sys

    catalogues.release()
    code = (
        "from PySide6.QtCore import QCoreApplication\n"
        "from app import demo\n"
        "from app.services import i18n\n"
        "assert QCoreApplication.instance() is None\n"
        "i18n.set_language('en')\n"
        "print(i18n.translate('Common', demo.STOP_HELP))\n"
        "i18n.set_language('fr')\n"
        "print(i18n.translate('Common', demo.STOP_HELP))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True, cwd=catalogues.ROOT)
    english, french = done.stdout.split("  stop the demo", 1)[1], done.stdout
    assert "power cut            kill a kiosk" in english
    assert "arrêter la démo" in french
