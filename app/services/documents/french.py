"""French conventions for dates and text, on paper and on screen (SPEC "French conventions").

`french_date` and `extra_time_text` are also what the administration screens show, so a
date reads the same on the screen and on the printed sheet.
"""

from __future__ import annotations

from datetime import date

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


def extra_time_text(share: float) -> str:
    return f"{round(share * 100)} %" if share else "—"
