"""The invigilator kit (kit surveillant) from the station: the same full kit that
administration prints (app/services/documents/kit.py: the three codes in large type and
the day's steps), built from the station's session header and the password typed at
login (the station never stores it)."""

from __future__ import annotations

from pathlib import Path

from app.domain.resume_proof import format_resume_code, resume_code
from app.services import documents as docs
from app.services.invigilator_api import SessionHeader


def kit_file_name(header: SessionHeader) -> str:
    """As administration names it: kit-surveillant-session-N.pdf."""
    return f"kit-surveillant-session-{header.session_number}.pdf"


def session_info(header: SessionHeader) -> docs.SessionInfo:
    return docs.SessionInfo(
        session_number=header.session_number,
        day=header.date,
        start_time=header.start_time,
        site=header.site,
        room=header.room,
        invigilators=tuple(header.invigilators),
    )


def kit_password(typed: str) -> str:
    """The password as the kit prints it (`C-…`), whether typed with its prefix or not."""
    if not typed:
        return "C-……"
    return typed if typed.upper().startswith("C-") else f"C-{typed}"


def write_kit_pdf(path: Path, header: SessionHeader, session_password: str) -> Path:
    """Write the full kit; through a temporary file renamed at the end (STYLE 8)."""
    resume = (
        format_resume_code(resume_code(session_password, header.session_number))
        if session_password else ""
    )
    sheet = docs.invigilator_kit(session_info(header), header.access_code,
                                 kit_password(session_password), resume)
    tmp = path.with_name(path.name + ".part")
    docs.write_pdf(sheet, tmp)
    tmp.replace(path)
    return path
