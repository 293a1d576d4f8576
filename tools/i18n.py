"""The translation catalogues of app/translations (issue 20 item 2; app/services/i18n.py).

    python tools/i18n.py update    # the .ts sources follow the code (pyside6-lupdate)
    python tools/i18n.py release   # .ts -> .qm (pyside6-lrelease); ./dev and the build run it
    python tools/i18n.py check     # exit 1, with the list, when a marked string has no
                                   # English or a translate() call is given no literal
    python tools/i18n.py todo AREA > todo.json     # what AREA still lacks, as JSON
    python tools/i18n.py apply AREA todo.json      # fill those translations in

One catalogue per area, so that the people working on the kiosk and on the station do not
edit the same file; a source file belongs to the first area whose prefix it starts with.
French is the source language; each catalogue holds the English.
"""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"
CATALOGUES = APP / "translations"
TARGETS = ("en",)

AREAS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("kiosk", ("app/views/kiosk/", "app/services/kiosk_texts.py", "app/services/exam",
               "app/services/candidate_api.py", "app/services/room_link.py",
               "app/services/failover.py")),
    ("station", ("app/views/invigilator/", "app/services/desk", "app/services/invigilator_api.py",
                 "app/relay/")),
    ("jury", ("app/views/admin/finalise.py", "app/views/admin/incident_editor.py",
              "app/views/admin/jury", "app/views/admin/results.py", "app/views/admin/verify.py")),
    ("admin", ("app/views/admin/", "app/services/admin_api.py")),
    ("documents", ("app/services/documents/",)),
    ("domain", ("app/domain/",)),
    ("common", ("app/",)),
)
"""(area, path prefixes), the first match wins; "common" takes the rest (widgets, runtime,
the command line, the demo)."""

MARKERS = {"translate", "QT_TRANSLATE_NOOP"}
"""The calls lupdate reads (app/services/i18n.py); their text must be a literal."""


@dataclass(frozen=True)
class Missing:
    catalogue: str
    context: str
    source: str
    where: str

    def __str__(self) -> str:
        return (f"{self.where}: [{self.context}] {self.source!r} has no translation "
                f"({self.catalogue})")


def area_of(path: Path) -> str:
    rel = path.relative_to(ROOT).as_posix()
    for area, prefixes in AREAS:
        if rel.startswith(prefixes):
            return area
    raise ValueError(rel)


def sources() -> dict[str, list[Path]]:
    """The Python files of each area that mark at least one string."""
    out: dict[str, list[Path]] = {area: [] for area, _ in AREAS}
    for path in sorted(APP.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if "translate(" in text or "QT_TRANSLATE_NOOP(" in text:
            out[area_of(path)].append(path)
    return out


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease, next to this Python (the venv) or on PATH."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"i18n: {name} not found (it comes with PySide6)")
    return found


def catalogue(area: str, target: str, folder: Path = CATALOGUES) -> Path:
    return folder / f"{area}_{target}.ts"


def update(folder: Path = CATALOGUES, *, quiet: bool = False,
           only: str | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for area, files in sources().items():
        if only is not None and area != only:
            continue
        for target in TARGETS:
            ts = catalogue(area, target, folder)
            if not files and not ts.exists():
                continue
            args = [tool("pyside6-lupdate"), "-source-language", "fr", "-target-language",
                    target, "-no-obsolete", "-locations", "absolute",
                    *(str(f) for f in files), "-ts", str(ts)]
            subprocess.run(args, check=True, cwd=ROOT,
                           stdout=subprocess.DEVNULL if quiet else None)


def release(*, quiet: bool = True) -> list[Path]:
    """Compile every .ts that is newer than its .qm; return the .qm files."""
    built = []
    for ts in sorted(CATALOGUES.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
                           check=True, stdout=subprocess.DEVNULL if quiet else None)
        built.append(qm)
    return built


def unfinished(ts: Path) -> list[Missing]:
    """The messages of `ts` without a finished translation."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = [] if translation is None else list(translation.iter("numerusform"))
            texts = [f.text for f in forms] if forms else [
                None if translation is None else translation.text]
            done = translation is not None and translation.get("type") not in (
                "unfinished", "vanished", "obsolete")
            if not done or not all(t and t.strip() for t in texts):
                location = message.find("location")
                where = "?" if location is None else (
                    f"{location.get('filename')}:{location.get('line')}")
                out.append(Missing(ts.name, name, message.findtext("source") or "", where))
    return out


def todo(area: str, target: str = "en") -> dict[str, dict[str, str | list[str]]]:
    """{context: {French source: ""}} for every message of AREA without a translation
    ("" or, for a %n message, ["singular", "plural"] to fill)."""
    out: dict[str, dict[str, str | list[str]]] = {}
    for context in ET.parse(catalogue(area, target)).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") is None:
                continue
            empty: str | list[str] = ["", ""] if message.get("numerus") == "yes" else ""
            out.setdefault(name, {})[message.findtext("source") or ""] = empty
    return out


def apply(area: str, translations: dict[str, dict[str, str | list[str]]],
          target: str = "en") -> int:
    """Write `translations` ({context: {source: English}}) into AREA's catalogue; return
    how many messages were filled. An empty English is left unfinished."""
    ts = catalogue(area, target)
    tree = ET.parse(ts)
    filled = 0
    for context in tree.getroot().iter("context"):
        given = translations.get(context.findtext("name") or "", {})
        for message in context.iter("message"):
            english = given.get(message.findtext("source") or "")
            if not english:
                continue
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            translation.attrib.pop("type", None)
            for child in list(translation):
                translation.remove(child)
            if isinstance(english, list):
                translation.text = None
                for form in english:
                    ET.SubElement(translation, "numerusform").text = form
            else:
                translation.text = english
            filled += 1
    ET.indent(tree, space="    ")
    with ts.open("wb") as out:
        out.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(out, encoding="utf-8", xml_declaration=False)
        out.write(b"\n")
    update(only=area, quiet=True)  # back in lupdate's own layout, so diffs stay small
    return filled


def _marked_elsewhere_or_literal(node: ast.expr) -> bool:
    """A literal, or a name of a QT_TRANSLATE_NOOP constant (either of two by a condition)."""
    if isinstance(node, ast.IfExp):
        return _marked_elsewhere_or_literal(node.body) and _marked_elsewhere_or_literal(
            node.orelse)
    return isinstance(node, ast.Constant | ast.Name | ast.Attribute | ast.Subscript)


def non_literal_calls() -> list[str]:
    """translate()/QT_TRANSLATE_NOOP() calls whose context or text is not a plain string
    literal (an f-string or a variable of unknown content would be missed by lupdate);
    translate(CONTEXT, CONSTANT) of a QT_TRANSLATE_NOOP constant is allowed."""
    problems = []
    for path in sorted(APP.rglob("*.py")):
        if path in (APP / "services" / "i18n.py", APP / "domain" / "marks.py"):  # definitions
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else (
                func.attr if isinstance(func, ast.Attribute) else "")
            if name not in MARKERS or len(node.args) < 2:
                continue
            context, text = node.args[0], node.args[1]
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if not (isinstance(context, ast.Constant) and isinstance(context.value, str)):
                problems.append(f"{where}: the context must be a string literal")
            if isinstance(text, ast.JoinedStr):
                problems.append(f"{where}: an f-string cannot be translated; use "
                                "translate(...).format(...)")
            elif name == "QT_TRANSLATE_NOOP" and not (
                    isinstance(text, ast.Constant) and isinstance(text.value, str)):
                problems.append(f"{where}: QT_TRANSLATE_NOOP needs a string literal")
            elif not _marked_elsewhere_or_literal(text):
                problems.append(f"{where}: the text must be a literal or a QT_TRANSLATE_NOOP "
                                "constant (lupdate skips a computed text)")
            extra = [*node.args[2:], *(k.value for k in node.keywords)]
            if len(extra) > 1:
                problems.append(f"{where}: no plural argument: pyside6-lupdate marks a "
                                "Python message plural only for a literal number, so a "
                                "variable n is never translated; write the singular and "
                                "the plural as two texts")
            elif extra and not (isinstance(extra[0], ast.Constant)
                                and (extra[0].value is None or isinstance(extra[0].value, str))):
                problems.append(f"{where}: the disambiguation must be a string literal "
                                "(lupdate skips a call with a computed argument)")
    return problems


def check() -> list[str]:
    """Everything that keeps a visible string from being translated, as lines to print."""
    problems = non_literal_calls()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for ts in CATALOGUES.glob("*.ts"):
            shutil.copy(ts, folder / ts.name)
        update(folder, quiet=True)  # the strings in the code now, against what is translated
        for ts in sorted(folder.glob("*.ts")):
            problems += [str(m) for m in unfinished(ts)]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("update", "release", "check", "todo", "apply"))
    parser.add_argument("area", nargs="?", choices=[a for a, _ in AREAS])
    parser.add_argument("file", nargs="?", type=Path)
    ns = parser.parse_args(argv)
    if ns.command in ("todo", "apply") and not ns.area:
        parser.error(f"{ns.command} needs an AREA")
    if ns.command == "todo":
        print(json.dumps(todo(ns.area), ensure_ascii=False, indent=1))
    elif ns.command == "apply":
        if not ns.file:
            parser.error("apply needs a JSON file")
        count = apply(ns.area, json.loads(ns.file.read_text(encoding="utf-8")))
        print(f"i18n: {count} translation(s) written into {catalogue(ns.area, 'en').name}")
    elif ns.command == "update":
        update()
    elif ns.command == "release":
        release()
    else:
        problems = check()
        for line in problems:
            print(line)
        print(f"i18n: {len(problems)} problem(s)" if problems else "i18n: every string translated")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
