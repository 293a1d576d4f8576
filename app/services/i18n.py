"""The language of the screens and of the printed documents (issue 20 item 2).

French is the reference: every user-facing string is written in French in the code, in the
seeds' wording, and marked for Qt's translation system so that `pyside6-lupdate` finds it:

    translate("Kiosk", "Valider")                 # at the place it is shown
    translate("Station", "{n} candidats").format(n=n)  # values after the translation
    LABEL = QT_TRANSLATE_NOOP("Kiosk", "Suivant")  # a constant: marked here,
    translate("Kiosk", LABEL)                      # translated where it is shown

No `%n` plural argument: pyside6-lupdate marks a Python message plural only when the
number is a literal, so a real count would never be translated; the singular and the
plural are two texts, chosen in the code. And nothing computed in the call's arguments
(lupdate skips such a call): `tools/i18n.py check` refuses both.

The first argument is the *context* (one per area: "Kiosk", "Station", "Admin",
"Documents", "Common", "Domain"); the second is the French text, a literal (never an
f-string: lupdate reads the source, so `{name}` placeholders are filled with `.format`
after the translation). `tools/i18n.py` keeps the `.ts` sources of `app/translations/` in
step with the code (`update`), compiles them to `.qm` (`release`, done by `./dev` and the
installer's build) and fails on a string without an English translation (`check`, run by
the tests).

The language is chosen once per process, before the first window (`set_language`, from
the `language` key of the configuration, `/LANG` on Windows); `install` then loads the
catalogues into the Qt application. With French nothing is loaded but Qt's own French for
its standard dialogs; with English our catalogues are loaded and Qt's dialogs stay in their
own English.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.domain.marks import QT_TRANSLATE_NOOP, Phrase

__all__ = ["LANGUAGES", "QT_TRANSLATE_NOOP", "domain_text", "install", "language",
           "set_language", "translate"]

log = logging.getLogger(__name__)

LANGUAGES = ("fr", "en")
"""The reference language first; the same list as `app.config.LANGUAGES`."""

REFERENCE = "fr"
CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "translations"
"""`app/translations/`: `<area>_en.ts` (kept in the repository) and `<area>_en.qm` (built)."""

QT_CATALOGUES = ("qtbase",)
"""Qt's own catalogues for its standard dialogs ("Regarder dans", "Annuler"...); the
PySide6 wheel ships `qtbase_fr.qm`."""

_language = REFERENCE
_installed: list[QTranslator] = []
"""Kept for the life of the process: a translator Qt holds must not be collected."""


def translate(context: str, text: str, disambiguation: str | None = None) -> str:
    """`text` (French, the reference) in the process's language. Before any Qt
    application exists (a terminal line of the demo) the catalogues are asked directly."""
    if _language != REFERENCE and QCoreApplication.instance() is None:
        for translator in _standalone():
            found = translator.translate(context, text, disambiguation)
            if found:
                return found
        return text
    return QCoreApplication.translate(context, text, disambiguation)


_loaded: dict[str, list[QTranslator]] = {}


def _standalone() -> list[QTranslator]:
    """The language's catalogues loaded once without an application (not installed)."""
    if _language not in _loaded:
        found = []
        for path in sorted(CATALOGUE_DIR.glob(f"*_{_language}.qm")):
            translator = QTranslator()
            if translator.load(path.stem, str(path.parent)):
                found.append(translator)
        _loaded[_language] = found
    return _loaded[_language]


def domain_text(value: str) -> str:
    """A text that comes from `app.domain` (a label, or a `Phrase` with its values), in the
    process's language; its values are themselves translated when they are domain texts."""
    if isinstance(value, Phrase):
        values = {k: domain_text(v) if isinstance(v, str) else v for k, v in value.values.items()}
        return translate("Domain", value.template).format(**values)
    return translate("Domain", value)


def set_language(language: str) -> None:
    """Choose the process's language; call it before `install` (the first window)."""
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    _language = language


def language() -> str:
    return _language


def locale() -> QLocale:
    """The locale for numbers and dates in the chosen language."""
    if _language == "en":
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    return QLocale(QLocale.Language.French, QLocale.Country.France)


def install(app: QCoreApplication) -> bool:
    """Load the chosen language's catalogues into `app`, once (again after `set_language`
    changed it: the earlier ones are removed first). False when a catalogue is missing:
    logged, and the screens stay in French, which is better than no screen at all."""
    QLocale.setDefault(locale())
    uninstall(app)
    loaded = True
    if _language == "fr":
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for catalogue in QT_CATALOGUES:
            loaded &= _load(app, f"{catalogue}_fr", folder)
        return loaded
    catalogues = sorted(CATALOGUE_DIR.glob(f"*_{_language}.qm"))
    if not catalogues:
        log.warning("no %s catalogue in %s: the screens stay in French (build them with "
                    "tools/i18n.py release)", _language, CATALOGUE_DIR)
        return False
    for path in catalogues:
        loaded &= _load(app, path.stem, str(path.parent))
    return loaded


def uninstall(app: QCoreApplication) -> None:
    """Remove the catalogues `install` loaded (the tests switch languages with it)."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()


def installed() -> int:
    """How many catalogues are loaded now."""
    return len(_installed)


def _load(app: QCoreApplication, name: str, folder: str) -> bool:
    translator = QTranslator(app)
    if not translator.load(name, folder):
        log.warning("Qt translation %s not found in %s", name, folder)
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True
