"""Render every printed document to PNG pages, in French or in English (issue 20 item 2).

    .venv/bin/python tools/render_documents.py [--language en] [--out docs/documents/en]

The papers of a session (attendance sheet, incident and fraud reports, invigilator kit,
guide for pupils, instructions to read aloud, room checklist) and a certificate are drawn
with sample data, written as PDF and turned into PNG pages with poppler's `pdftoppm`, so
that a person can look at them: text cut off, a box overflowing, a page too many. No server
is needed (tools/render_admin_screens.py renders the French pages with a live server's
verification code, along with the admin screens). The default folder is docs/documents/
for French and docs/documents/en/ for English.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QGuiApplication  # noqa: E402

from app.domain.resume_proof import format_resume_code, resume_code  # noqa: E402
from app.services import documents as docs  # noqa: E402
from app.services import i18n  # noqa: E402
from tools import i18n as catalogues  # noqa: E402

PUPILS = (
    ("Lovelace", "Ada"), ("Bernier", "Faye"), ("Turing", "Alan"), ("Hopper", "Grace"),
    ("Curie", "Marie"), ("Pouzin", "Louis"), ("Doe", "Jane"), ("Clounet", "Georges"),
    ("Cotillon", "Marion"), ("Marteau", "Sophie"), ("Jefferson", "Thomas"), ("Monroe", "James"),
    ("Tyler", "John"), ("Isaacson", "Andrew"), ("Babbage", "Charles"), ("Jackson", "Mary"),
    ("Santa", "Garance"), ("Latour", "Killian"),
)
"""The same pupils as tools/render_admin_screens.py's documents."""


def sample_sheets(verification_code: str = "P-C3YFQ8GC") -> dict[str, docs.Sheet]:
    """Every paper, named as in docs/documents/, drawn in the process's language."""
    info = docs.SessionInfo(
        296, date(2020, 12, 14), "12:00", "Collège Anne Frank", "Salle 208", ("Paul Eluard",),
        "Collège Anne Frank",
    )
    students = [
        {"last_name": last, "first_name": first, "birthdate": f"2010-0{1 + i % 9}-1{i % 10}",
         "extra_time": 0.33 if i == 0 else 0.0}
        for i, (last, first) in enumerate(PUPILS)
    ]
    cert = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "birthdate": "2010-12-10",
        "birthplace": "75001 Paris",
        "issued_on": "2020-12-18",
        "centre": "Collège Anne Frank",
        "session_date": "2020-12-14",
        "certification_number": 487,
        "pix_score": 144,
        "verification_code": verification_code,
        "competences": [
            {"competence": c, "level": 3} for c in ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3")
        ],
    }
    return {
        "feuille-emargement": docs.attendance_sheet(info, students),
        "pv-incident": docs.incident_report(info),
        "pv-fraude": docs.fraud_report(info),
        "kit-surveillant": docs.invigilator_kit(
            info, "BCRQ72", "C-b7K!3x",
            format_resume_code(resume_code("C-b7K!3x", info.session_number)),
        ),
        "notice-eleve": docs.candidate_notice(info),
        "consignes-eleves": docs.candidate_instructions(info),
        "check-list-salle": docs.room_checklist(info, len(students)),
        "certificat": docs.certificate(cert),
    }


def render(sheets: dict[str, docs.Sheet], folder: Path, tmp: Path) -> list[Path]:
    """Each sheet as `<name>-<page>.png` in `folder` (80 dpi), the old pages removed."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, sheet in sheets.items():
        pdf = docs.write_pdf(sheet, tmp / f"{name}.pdf")
        for old in folder.glob(f"{name}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(folder / name)], check=True)
        written += sorted(folder.glob(f"{name}-*.png"))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", choices=i18n.LANGUAGES, default=i18n.REFERENCE)
    parser.add_argument("--out", type=Path, help="default: docs/documents[/en]")
    ns = parser.parse_args(argv)
    if shutil.which("pdftoppm") is None:
        print("pdftoppm missing (apt-get install poppler-utils): documents not rendered")
        return 1
    out = ns.out or ROOT / "docs" / "documents" / ("" if ns.language == "fr" else ns.language)
    app = QGuiApplication.instance() or QGuiApplication([])
    catalogues.release()
    i18n.set_language(ns.language)
    if not i18n.install(app) and ns.language != i18n.REFERENCE:
        print(f"the {ns.language} catalogues could not be loaded")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        pages = render(sample_sheets(), out, Path(tmp))
    for path in pages:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
