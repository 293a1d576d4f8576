"""The mark lupdate reads on a constant to translate later (issue 20 item 2).

The domain speaks French, the reference language, and imports nothing of Qt: a label it
owns (a competence, an incident's kind) is marked here with its context, and translated
where it is shown, by `app.services.i18n.translate(context, label)`.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` for translation in `context` without translating it."""
    return text
