"""Render every admin and jury screen, and every printed document, to PNG.

    .venv/bin/python tools/render_admin_screens.py [--out docs/screens/admin]
                                                   [--documents docs/documents]
                                                   [--language en] [--only 01-,02-]

Starts a live server on a random port, prepares three sessions through the API (one run
but not finalised, one finalised, one published), then opens each screen on the real
widgets, offscreen, at 1024x768 and 800x600. Documents are written as PDF and turned into
PNG pages with poppler's `pdftoppm` (skipped, with a message, when it is missing).

`--language en` shows the screens in English (the catalogues of app/translations, built
first) and writes them, and the documents, to an `en/` folder under `--out` and
`--documents`; `--only` keeps the screens whose file name starts with one of the given
prefixes (the others are still opened, not written).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.services import i18n  # noqa: E402
from app.views.admin.main import build  # noqa: E402
from app.views.runtime import qt_app  # noqa: E402
from app.views.style import Appearance  # noqa: E402
from tests.gui.admin.cycle import DayRunner, bad_csv, students_csv  # noqa: E402
from tests.helpers.live_server import JURY_EMAIL, PASSWORD, Driver, LiveServer  # noqa: E402
from tools import render_documents as paper  # noqa: E402

SIZES = ((1024, 768), (800, 600))


def prepare(url: str) -> dict[str, Any]:
    """Three sessions: started, finalised, published; answers their ids and a code."""
    d = Driver(url)
    admin = d.login_admin()
    jury = str(
        d.call("POST", "/api/auth/login", json={"email": JURY_EMAIL, "password": PASSWORD})["token"]
    )
    ids = {}
    for name, room in (
        ("started", "Salle 208"),
        ("finalised", "Salle 112"),
        ("published", "Salle 305"),
    ):
        sid = d.create_session(admin, room=room, date=date.today().isoformat())["id"]
        d.call(
            "POST",
            f"/api/admin/sessions/{sid}/candidates/import",
            admin,
            files={"file": ("eleves.csv", students_csv())},
        )
        cands = DayRunner(url).run(sid)
        ids[name] = sid
        if name == "started":
            # A finalisation begun and saved (seed 003), shown resumed on 09-finalisation.
            d.call("PUT", f"/api/admin/sessions/{sid}/finalisation/saved", admin, json={
                "candidates": [{"candidate_id": cands["Faye"], "incidents": [{
                    "category": "E1", "question_number": 1,
                    "description": "L'image ne s'affiche pas."}]},
                    {"candidate_id": cands["Alan"], "abandonment": "candidate"}],
                "comment": "Coupure de courant de 12 minutes.",
            })
            continue
        d.call(
            "POST",
            f"/api/admin/sessions/{sid}/finalise",
            admin,
            json={
                "candidates": [
                    {"candidate_id": cands["Ada"], "end_screen_seen": True},
                    {
                        "candidate_id": cands["Faye"],
                        "end_screen_seen": True,
                        "incidents": [
                            {
                                "category": "E1",
                                "question_number": 1,
                                "description": "L'image ne s'affiche pas.",
                            }
                        ],
                    },
                    {"candidate_id": cands["Alan"], "abandonment": "candidate"},
                ],
                "comment": "Coupure de courant de 12 minutes.",
            },
        )
        if name == "published":
            d.call("POST", f"/api/jury/sessions/{sid}/publish", jury)
    d.call("POST", "/api/admin/pupils/import", admin,
           files={"file": ("eleves-etablissement.csv", students_csv())})
    future = d.create_session(
        admin,
        room="Salle 12",
        site="Collège Anne Frank",
        date=(date.today() + timedelta(days=14)).isoformat(),
    )
    ids["future"] = future["id"]
    results = d.call("GET", f"/api/admin/sessions/{ids['published']}/results", admin)
    ids["code"] = next(r["verification_code"] for r in results if r["verification_code"])
    return ids


async def until(predicate: Callable[[], object], timeout_s: float = 30) -> None:
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise RuntimeError("screen did not load in time")
        await asyncio.sleep(0.02)


async def shoot(
    app: QApplication, server: LiveServer, ids: dict[str, Any], out: Path, tmp: Path,
    only: tuple[str, ...] = (),
) -> list[Path]:
    ctx, window = build(server.url)
    window.appearance = Appearance(app)
    files: list[str] = []

    class Files:
        def open_file(self, parent: Any, title: str, filters: str, done: Any) -> None:
            done(files.pop(0))

        def save_file(self, parent: Any, title: str, suggested: str, done: Any) -> None:
            done("")

    ctx.files = Files()
    window.show()
    written: list[Path] = []

    async def grab(name: str, prepare_screen: Callable[[], Any] | None = None) -> None:
        await until(lambda: getattr(window.current, "loaded", False))
        if prepare_screen:
            window.current.loaded = False  # type: ignore[union-attr]
            prepare_screen()
            await until(lambda: getattr(window.current, "loaded", False))
        if only and not name.startswith(only):
            return
        for width, height in SIZES:
            window.resize(width, height)
            for _ in range(5):
                app.processEvents()
                await asyncio.sleep(0.02)
            path = out / f"{name}-{width}x{height}.png"
            window.grab().save(str(path))
            written.append(path)

    async def sign_in(email: str) -> None:
        window.show_login()
        screen: Any = window.current
        screen.email.setText(email)
        screen.password.setText(PASSWORD)
        screen.submit()
        await until(
            lambda: (
                type(window.current).__name__ != "LoginScreen"
                and getattr(window.current, "loaded", False)
            )
        )

    window.show_login()
    login: Any = window.current
    login.email.setText("ref@college.fr")
    await grab("01-connexion")
    await sign_in("ref@college.fr")
    await grab("02-sessions")
    window.show_session_form(None, "create")
    await grab("03-creer-session")
    window.show_session(ids["future"])
    await grab("04-session")
    session = dict(window.current.session)  # type: ignore[union-attr]
    window.show_session(ids["started"])
    await until(lambda: getattr(window.current, "loaded", False))
    started = dict(window.current.session)  # type: ignore[union-attr]
    window.show_candidates(started)
    await grab("05-candidats")
    window.show_candidate_form(session, None)
    await grab("06-ajouter-candidat")
    bad = tmp / "eleves-avec-erreurs.csv"
    bad.write_bytes(bad_csv())
    files.append(str(bad))
    window.show_import(session)

    def choose() -> None:
        window.current.choose()  # type: ignore[union-attr]

    await grab("07-import-apercu-erreurs", choose)
    window.show_session(ids["started"])
    await grab("08-session-apres-epreuve")
    window.show_finalisation(started)
    await grab("09-finalisation")
    window.show_session(ids["finalised"])
    await until(lambda: getattr(window.current, "loaded", False))
    finalised = dict(window.current.session)  # type: ignore[union-attr]
    window.show_finalisation(finalised)
    await grab("10-finalisation-lecture-seule")

    def to_step_3() -> None:
        from PySide6.QtWidgets import QScrollArea

        for area in window.current.findChildren(QScrollArea):  # type: ignore[union-attr]
            area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
        window.current.loaded = True  # type: ignore[union-attr]

    await grab("10b-finalisation-lecture-seule-etape-3", to_step_3)
    window.show_session(ids["published"])
    await until(lambda: getattr(window.current, "loaded", False))
    published = dict(window.current.session)  # type: ignore[union-attr]
    window.show_results(published)
    await grab("11-resultats")
    window.show_verify()
    verify: Any = window.current
    verify.code.setText(ids["code"])
    await grab("12-verifier-certificat", verify.check)
    await sign_in(JURY_EMAIL)
    await grab("13-jury-sessions")
    window.show_jury_session(finalised)
    await grab("14-jury-examen")
    await sign_in("ref@college.fr")
    window.show_pupils(None)
    await grab("15-eleves-etablissement")
    window.show_pupils(session)

    def third_b() -> None:
        classes = window.current.classes  # type: ignore[union-attr]
        classes.setCurrentIndex(classes.findData("3eB"))
        window.current.loaded = True  # type: ignore[union-attr]

    await grab("16-eleves-ajout-session", third_b)
    ctx.tasks.cancel_all()
    window.close()
    return written


def render_documents(folder: Path, tmp: Path, code: str) -> list[Path]:
    """The papers, drawn as tools/render_documents.py draws them, with the verification
    code of the certificate this run published."""
    if shutil.which("pdftoppm") is None:
        print("pdftoppm missing (apt-get install poppler-utils): documents not rendered")
        return []
    return paper.render(paper.sample_sheets(code), folder, tmp)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs/screens/admin")
    parser.add_argument("--documents", type=Path, default=ROOT / "docs/documents")
    parser.add_argument("--language", choices=i18n.LANGUAGES, default=i18n.REFERENCE)
    parser.add_argument("--only", default="", help="comma-separated screen name prefixes")
    args = parser.parse_args()
    if args.language != i18n.REFERENCE:
        from tools import i18n as catalogues

        catalogues.release()
        args.out, args.documents = args.out / args.language, args.documents / args.language
    i18n.set_language(args.language)
    only = tuple(prefix for prefix in args.only.split(",") if prefix)
    args.out.mkdir(parents=True, exist_ok=True)
    args.documents.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        server = LiveServer(tmp / "server")
        server.data_dir.mkdir()
        server.create_accounts()
        server.start()
        try:
            ids = prepare(server.url)
            app = qt_app()
            import qasync

            loop = qasync.QEventLoop(app)
            asyncio.set_event_loop(loop)
            with loop:
                shots = loop.run_until_complete(shoot(app, server, ids, args.out, tmp, only))
            pages = render_documents(args.documents, tmp, ids["code"])
        finally:
            server.stop()
    for path in [*shots, *pages]:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
