"""The marks lupdate reads on a text to translate later (issue 20 item 2).

The domain speaks French, the reference language, and imports nothing of Qt. A label it
owns (a competence, an incident's kind, a status) is marked here with the context
"Domain" and translated where it is shown (`app.services.i18n.domain_text`):

    LABEL = QT_TRANSLATE_NOOP("Domain", "Suspicion de fraude")

A sentence with values in it is a `Phrase`: a `str` (the French, so that the domain and
its tests read as before) that keeps its template and its values, so that the screen can
translate the template and fill the values in again:

    Phrase.of(QT_TRANSLATE_NOOP("Domain", "Question {number} sur {count}"), number=3, count=32)
"""

from __future__ import annotations

from typing import Any


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` for translation in `context` without translating it."""
    return text


class Phrase(str):
    """French text made from a marked template and its values."""

    template: str
    values: dict[str, Any]

    def __new__(cls, text: str, template: str, values: dict[str, Any]) -> Phrase:
        made = super().__new__(cls, text)
        made.template = template
        made.values = values
        return made

    @classmethod
    def of(cls, template: str, **values: Any) -> Phrase:
        return cls(template.format(**values), template, values)
