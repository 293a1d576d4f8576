"""French conventions for dates and text, on paper and on screen (SPEC "French conventions"),
and their counterparts that follow the process's language (issue 20 item 2).

`french_date` and `extra_time_text` are also what the administration screens show, so a
date reads the same on the screen and on the printed sheet. `long_date` and `spacing` are
`french_date` and `french_spacing` in French (byte for byte) and the English conventions
in English ("Monday 14 December 2020", no space added before `: ; ? !`); the documents use
them.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from app.services import i18n

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def french_date(day: date, *, weekday: bool = True) -> str:
    """`lundi 14 décembre 2020`, or `5 octobre 1988` for a birth date (SPEC "Screens")."""
    text = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return f"{DAYS[day.weekday()]} {text}" if weekday else text


def short_date(day: date) -> str:
    """`14/12/2020`."""
    return day.strftime("%d/%m/%Y")


def french_spacing(text: str) -> str:
    """Non-breaking spaces before `: ; ? !` and inside « » (SPEC "French conventions")."""
    for mark in (":", ";", "?", "!", "»"):
        text = text.replace(f" {mark}", f"\u00a0{mark}")
    return text.replace("« ", "«\u00a0")


def long_date(day: date, *, weekday: bool = True) -> str:
    """`french_date` in French; in English `Monday 14 December 2020`, or `5 October 1988`."""
    if i18n.language() == "fr":
        return french_date(day, weekday=weekday)
    pattern = "dddd d MMMM yyyy" if weekday else "d MMMM yyyy"
    return i18n.locale().toString(QDate(day.year, day.month, day.day), pattern)


def spacing(text: str) -> str:
    """`french_spacing` in French; English text is left as it is written."""
    return french_spacing(text) if i18n.language() == "fr" else text


def extra_time_text(share: float) -> str:
    """`33 %` in French, `33%` in English; a dash without extra time."""
    if not share:
        return "—"
    percent = round(share * 100)
    return f"{percent} %" if i18n.language() == "fr" else f"{percent}%"
