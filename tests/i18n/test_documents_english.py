"""Every printed document in English when the language is English (issue 20 item 2).

Each paper is written to PDF under the `english` fixture and read back with poppler's
`pdftotext`, as in tests/integration/test_documents.py: no line of it may still be French
(`french_in_text`), dates are English ("Monday 14 December 2020") and no non-breaking space
is put before `: ; ? !` (the French rule). The data (names, site, room) has no accent, so
that only what the code writes is judged. Skipped, with the reason, without poppler-utils.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.domain.competences import COMPETENCES
from app.services import documents as docs
from tests.helpers.i18n import french_in_text, looks_french

SESSION = docs.SessionInfo(
    296,
    date(2020, 12, 14),
    "12:00",
    "Anne Frank School",
    "Room 208",
    ("Paul Eluard", "Marie Curie"),
    "Anne Frank School",
)

PUPILS = [
    {"last_name": last, "first_name": first, "birthdate": "2010-05-04",
     "extra_time": 0.33 if i == 0 else 0.0}
    for i, (last, first) in enumerate(
        [("Lovelace", "Ada"), ("Turing", "Alan"), ("Hopper", "Grace")] * 10
    )
]

CERTIFICATE = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "birthdate": "2010-12-10",
    "birthplace": "75001 Paris",
    "centre": "Anne Frank School",
    "session_date": "2020-12-14",
    "certification_number": 487,
    "pix_score": 144,
    "verification_code": "P-C3YFQ8GC",
    "competences": [{"competence": c.code, "level": 3} for c in COMPETENCES[:6]],
    "issued_on": "2020-12-18",
}

Read = Callable[[docs.Sheet], tuple[str, str]]


@pytest.fixture
def read(qapp: QApplication, tmp_path: Path) -> Read:
    """The PDF's text (pdftotext -layout) and its title (pdfinfo)."""
    if not (shutil.which("pdftotext") and shutil.which("pdfinfo")):
        pytest.skip(
            "poppler-utils (pdftotext, pdfinfo) is not installed: apt-get install poppler-utils"
        )

    def run(sheet: docs.Sheet) -> tuple[str, str]:
        path = docs.write_pdf(sheet, tmp_path / "out.pdf")
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                              text=True, check=True).stdout
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                              check=True).stdout
        title = re.search(r"^Title:\s+(.*)$", info, re.MULTILINE)
        return text, title.group(1) if title else ""

    return run


def sheets() -> dict[str, Callable[[], docs.Sheet]]:
    """Every paper examroom prints, with its data (built when called: in the language set)."""
    return {
        "attendance": lambda: docs.attendance_sheet(SESSION, PUPILS),
        "attendance-empty": lambda: docs.attendance_sheet(SESSION, []),
        "incident": lambda: docs.incident_report(SESSION),
        "fraud": lambda: docs.fraud_report(SESSION),
        "kit": lambda: docs.invigilator_kit(SESSION, "BCRQ72", "C-b7K!3x", "482-915"),
        "kit-no-resume-code": lambda: docs.invigilator_kit(SESSION, "BCRQ72", "C-b7K!3x"),
        "notice": lambda: docs.candidate_notice(SESSION),
        "instructions": lambda: docs.candidate_instructions(SESSION),
        "checklist": lambda: docs.room_checklist(SESSION, 45),
        "certificate": lambda: docs.certificate(CERTIFICATE),
        "certificate-no-place-no-issue": lambda: docs.certificate(
            {**CERTIFICATE, "birthplace": "", "issued_on": None}),
    }


@pytest.mark.parametrize("name", list(sheets()))
def test_no_french_left_on_the_paper(name: str, english: None, read: Read) -> None:
    text, title = read(sheets()[name]())
    assert french_in_text(text) == []
    assert french_in_text(title) == [] and title
    assert "\u00a0" not in text, "a French non-breaking space in English"
    assert re.search(r"Page 1 of \d", text)


def test_dates_and_numbers_are_english(english: None, read: Read) -> None:
    text, _ = read(docs.attendance_sheet(SESSION, PUPILS))
    assert "Monday 14 December 2020" in text
    assert "04/05/2010" in text and "33%" in text and "Page 3 of 3" in text
    assert "Registered candidates: 30" in text
    text, _ = read(docs.certificate(CERTIFICATE))
    assert "Issued on 18 December 2020 — Certificate valid for 3 years" in text
    assert "Born on 10 December 2010" in text
    assert "Test taken on: Monday 14 December 2020" in text
    assert "Certified skills (levels out of 8)" in text


def test_the_checklist_counts_in_english(english: None, read: Read) -> None:
    text, _ = read(docs.room_checklist(SESSION, 45))
    assert "Spare computers to provide: 3 (1 per 20 candidates)." in text
    assert "Invigilators needed: at least 3 (1 per 20 pupils); planned: 2." in text


def test_long_date_and_spacing_follow_the_language(english: None) -> None:
    day = date(2020, 12, 14)
    assert docs.long_date(day) == "Monday 14 December 2020"
    assert docs.long_date(date(1988, 10, 5), weekday=False) == "5 October 1988"
    assert docs.spacing("Date: today?") == "Date: today?"
    assert docs.extra_time_text(0.33) == "33%" and docs.extra_time_text(0) == "—"


@pytest.mark.parametrize("day", [date(2020, 12, 14), date(2021, 8, 1), date(1988, 10, 5)])
def test_in_french_long_date_is_french_date(day: date) -> None:
    assert docs.long_date(day) == docs.french_date(day)
    assert docs.long_date(day, weekday=False) == docs.french_date(day, weekday=False)
    assert docs.spacing("Date : « oui » ?") == docs.french_spacing("Date : « oui » ?")
    assert docs.extra_time_text(0.33) == "33 %"


def test_a_long_value_in_the_header_shrinks_to_one_line(qapp: QApplication) -> None:
    """The header's boxes hold one line: a long date or many names get a smaller type."""
    width = 55.0
    assert docs.Sheet.fitting_size("12:00", width, 10.5, bold=True) == 10.5
    long = "Paul Eluard, Marie Curie, Ada Lovelace"
    size = docs.Sheet.fitting_size(long, width, 10.5, bold=True)
    assert size < 10.5
    one_line = docs.Sheet.measure("Ag", width, size, bold=True)
    assert docs.Sheet.measure(long, width, size, bold=True) <= one_line * 1.2


@pytest.mark.parametrize("text", ["Non-blocking technical incident", "C7 Non-blocking"])
def test_an_english_non_compound_is_not_taken_for_french(text: str) -> None:
    assert not looks_french(text)
    assert looks_french("Non, pas maintenant")


@pytest.mark.parametrize(("typed", "printed"), [
    ("75001 Paris", "Born on 10 December 2010 in Paris (75001)"),
    ("75056", "Born on 10 December 2010 in the municipality with INSEE code 75056"),
    ("99 Spain", "Born on 10 December 2010 abroad (Spain)"),
    ("99134", "Born on 10 December 2010 abroad (country with INSEE code 99134)"),
    ("Lyon", "Born on 10 December 2010 in Lyon"),
    ("", "Born on 10 December 2010\n"),
])
def test_the_birthplace_in_english(typed: str, printed: str, english: None,
                                   read: Read) -> None:
    text, _ = read(docs.certificate({**CERTIFICATE, "birthplace": typed}))
    assert printed in text and french_in_text(text) == []
