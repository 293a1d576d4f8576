"""`examroom content check PATH` and `examroom content stats PATH`.

Both also show where the right answers of QCU and QCM sit (app.services.content_bias):
`check` warns on a position bias without failing (the pack is valid; the author should
rebalance it), `stats` adds the table to the coverage report.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from app.config import Config
from app.services.content import (
    ContentBank,
    ContentPackError,
    check_packs,
    coverage_report,
    load_bank,
    replace_stats_block,
)
from app.services.content_bias import position_report


def stats_report(bank: ContentBank) -> str:
    """What `examroom content stats` prints and writes into docs/content.md."""
    return f"{coverage_report(bank)}\n\n{position_report(bank)}"


def run(argv: list[str], config: Config) -> int:
    parser = argparse.ArgumentParser(prog="examroom content")
    sub = parser.add_subparsers(dest="action", required=True)
    check = sub.add_parser("check", help="check content packs; name each error precisely")
    check.add_argument("path", type=Path)
    stats = sub.add_parser("stats", help="print the coverage report of a bank")
    stats.add_argument("path", type=Path)
    stats.add_argument(
        "--doc",
        type=Path,
        help="also write the report into this Markdown file, between its stats markers",
    )
    ns = parser.parse_args(argv)

    if not ns.path.exists():
        print(f"examroom content: {ns.path}: no such file or directory", file=sys.stderr)
        return 1
    if ns.action == "check":
        errors = check_packs(ns.path)
        for error in errors:
            print(error)
        if errors:
            print(f"{len(errors)} error(s) in {ns.path}", file=sys.stderr)
            return 1
        bank = load_bank(ns.path)
        _utf8_or_replace()
        print(f"{ns.path}: {len(bank)} challenges, no errors\n\n{position_report(bank)}")
        return 0
    try:
        bank = load_bank(ns.path)
    except ContentPackError as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        return 1
    report = stats_report(bank)
    _utf8_or_replace()
    print(report)
    if ns.doc is not None:
        try:
            document = ns.doc.read_text(encoding="utf-8")
            ns.doc.write_text(replace_stats_block(document, report), encoding="utf-8", newline="\n")
        except (OSError, ValueError) as exc:
            print(f"examroom content: {ns.doc}: {exc}", file=sys.stderr)
            return 1
    return 0


def _utf8_or_replace() -> None:
    if isinstance(sys.stdout, io.TextIOWrapper):
        # A Windows console redirected to a file is cp1252: no ✓ there, '?' is better than
        # a traceback. The --doc file is always written in UTF-8.
        sys.stdout.reconfigure(errors="replace")
