"""Every printed document: key content read back from the PDF, and its page count.

Text is extracted with poppler's `pdftotext`, pages counted with `pdfinfo`: what a school
prints is what is checked. Skipped, with the reason, where poppler-utils is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QApplication

from app.domain.competences import COMPETENCES
from app.domain.incidents import IncidentCategory
from app.services import documents as docs

SESSION = docs.SessionInfo(
    296,
    date(2020, 12, 14),
    "12:00",
    "Collège Anne Frank",
    "Salle 208",
    ("Paul Eluard", "Marie Curie"),
    "Collège Anne Frank",
)


def candidates(n: int) -> list[dict[str, object]]:
    return [
        {
            "last_name": f"Élève{i:02d}",
            "first_name": "Prénom",
            "birthdate": "2010-05-04",
            "extra_time": 0.33 if i == 0 else 0.0,
        }
        for i in range(n)
    ]


@pytest.fixture
def pdf(qapp: QApplication, tmp_path: Path) -> object:
    if not (shutil.which("pdftotext") and shutil.which("pdfinfo")):
        pytest.skip(
            "poppler-utils (pdftotext, pdfinfo) is not installed: apt-get install poppler-utils"
        )

    def render(sheet: docs.Sheet) -> tuple[str, int]:
        path = docs.write_pdf(sheet, tmp_path / "out.pdf")
        text = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        info = subprocess.run(
            ["pdfinfo", str(path)], capture_output=True, text=True, check=True
        ).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
        assert "(A4)" in info
        return " ".join(text.replace("\u00a0", " ").split()), pages

    return render


def header_ok(text: str) -> None:
    for part in (
        "296",
        "lundi 14 décembre 2020",
        "12:00",
        "Collège Anne Frank",
        "Salle 208",
        "Paul Eluard, Marie Curie",
    ):
        assert part in text, part


def test_attendance_sheet(pdf) -> None:  # type: ignore[no-untyped-def]
    text, pages = pdf(docs.attendance_sheet(SESSION, candidates(30)))
    header_ok(text)
    assert pages == 3 and "Page 3 / 3" in text
    assert "Feuille d'émargement" in text and "Signature" in text
    assert "Écran de fin de test vu" in text
    assert "ÉLÈVE00" in text and "ÉLÈVE29" in text and "04/05/2010" in text and "33 %" in text
    assert "Candidats inscrits : 30" in text


def test_incident_report_lists_the_categories(pdf) -> None:  # type: ignore[no-untyped-def]
    text, pages = pdf(docs.incident_report(SESSION))
    header_ok(text)
    assert pages == 2 and "PV d'incident" in text and "Description précise de l'incident" in text
    for category in IncidentCategory:
        assert f"{category.value} {category.label}" in text, category


def test_fraud_report(pdf) -> None:  # type: ignore[no-untyped-def]
    text, pages = pdf(docs.fraud_report(SESSION))
    header_ok(text)
    assert pages == 1 and "PV de fraude" in text
    for part in (
        "Description précise des faits constatés",
        "Signature du candidat",
        "Date et heure des faits",
    ):
        assert part in text


def test_invigilator_kit(pdf) -> None:  # type: ignore[no-untyped-def]
    text, pages = pdf(docs.invigilator_kit(SESSION, "BCRQ72", "C-b7K!3x"))
    header_ok(text)
    assert pages == 1 and "Kit surveillant" in text
    assert "BCRQ72" in text and "C-b7K!3x" in text and "Mot de passe de session" in text


def test_candidate_notice_has_the_ten_steps(pdf) -> None:  # type: ignore[no-untyped-def]
    text, pages = pdf(docs.candidate_notice(SESSION))
    assert pages == 1 and "Notice pour l'élève" in text and "296" in text
    for n, step in enumerate(docs.NOTICE_STEPS, start=1):
        assert " ".join(docs.french_spacing(step).replace("\u00a0", " ").split()) in text, n
    assert "Page size:" not in text


def test_instructions_to_read_to_the_candidates(pdf) -> None:  # type: ignore[no-untyped-def]
    text, pages = pdf(docs.candidate_instructions(SESSION))
    header_ok(text)
    assert pages == 1 and "Consignes à lire aux élèves" in text
    flat = " ".join(text.replace("\u00a0", " ").split())
    for rule in docs.INSTRUCTIONS:
        assert " ".join(docs.french_spacing(rule).replace("\u00a0", " ").split()) in flat, rule


def test_room_checklist(pdf) -> None:  # type: ignore[no-untyped-def]
    text, pages = pdf(docs.room_checklist(SESSION, 45))
    header_ok(text)
    assert pages == 1 and "Check-list de préparation de la salle" in text
    assert "Postes additionnels à prévoir : 3" in text and "au moins 3" in text
    assert "Un espace individuel pour chaque candidat" in text


def test_certificate(pdf) -> None:  # type: ignore[no-untyped-def]
    cert = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "birthdate": "2010-12-10",
        "birthplace": "75001 Paris",
        "centre": "Collège Anne Frank",
        "session_date": "2020-12-14",
        "certification_number": 487,
        "pix_score": 144,
        "verification_code": "P-C3YFQ8GC",
        "competences": [{"competence": c.code, "level": 3} for c in COMPETENCES[:6]],
        "issued_on": "2020-12-18",
    }
    text, pages = pdf(docs.certificate(cert))
    assert pages == 1
    for part in (
        "Délivré le 18 décembre 2020",
        "Certificat valable 3 ans",
        "Ada LOVELACE",
        "Né(e) le 10 décembre 2010 à Paris (75001)",
        "Centre de certification : Collège Anne Frank",
        "Date de passage : lundi 14 décembre 2020",
        "144 Pix",
        "P-C3YFQ8GC",
        "INFORMATION ET DONNÉES",
        "ENVIRONNEMENT NUMÉRIQUE",
        "2.3 Collaborer 3",
        "3.4 Programmer —",
    ):
        assert part in text, part
