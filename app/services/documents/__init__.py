"""The paper of a certification day, drawn with Qt's own PDF writer (no extra dependency).

Attendance sheet, blank incident report, fraud report template, invigilator kit, candidate
notice, room preparation checklist and certificate (SPEC "Documents to print", "Jury").
Each is built as a `Sheet`: drawing operations recorded page by page in millimetres, then
replayed on any `QPagedPaintDevice`. Recording first is what lets every page say
"Page 2 / 3", and lets the same drawing go to a PDF file (`write_pdf`) or to the printer
the administrator picked in the print dialog (`print_sheet`). No widget is imported:
only QtGui, so tests and the server side could render them headless.

Wording comes from the seeds (Pix Certif guide and certification kit): the ten steps of
the candidate notice, the room checklist, the incident categories of `app.domain`. Every
text is French, marked for translation with the context "Documents" and translated when
the sheet is drawn, so a paper is in the language of the process (`app.services.i18n`);
labels of `app.domain` go through `i18n.domain_text`.

One module per paper, plus what they share; import the public names from here:

- `sheet`: `Sheet` (recording, measuring, rendering), `write_pdf`, `print_sheet`.
- `french`: dates and spacing the French way (`french_date`, `short_date`, ...), and the
  same following the process's language (`long_date`, `spacing`; issue 20 item 2).
- `parts`: `SessionInfo`, the session header, tables and footers every paper shares.
- `attendance`, `incident`, `fraud`, `kit`, `instructions` (consignes à lire aux élèves),
  `notice`, `checklist`, `certificates`: one
  paper each.
"""

from app.services.documents.attendance import attendance_sheet
from app.services.documents.certificates import certificate
from app.services.documents.checklist import CHECKLIST, room_checklist
from app.services.documents.fraud import fraud_report
from app.services.documents.french import (
    extra_time_text,
    french_date,
    french_spacing,
    long_date,
    short_date,
    spacing,
)
from app.services.documents.incident import incident_report
from app.services.documents.instructions import INSTRUCTIONS, candidate_instructions
from app.services.documents.kit import invigilator_kit
from app.services.documents.notice import NOTICE_STEPS, candidate_notice
from app.services.documents.parts import SessionInfo
from app.services.documents.sheet import Sheet, print_sheet, write_pdf

__all__ = [
    "CHECKLIST",
    "INSTRUCTIONS",
    "NOTICE_STEPS",
    "SessionInfo",
    "Sheet",
    "attendance_sheet",
    "candidate_instructions",
    "candidate_notice",
    "certificate",
    "extra_time_text",
    "fraud_report",
    "french_date",
    "french_spacing",
    "incident_report",
    "invigilator_kit",
    "long_date",
    "print_sheet",
    "room_checklist",
    "short_date",
    "spacing",
    "write_pdf",
]
