"""`examroom content check PATH` and `examroom content stats PATH`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.config import Config
from app.services.content import ContentPackError, check_packs, load_bank, stats_table


def run(argv: list[str], config: Config) -> int:
    parser = argparse.ArgumentParser(prog="examroom content")
    sub = parser.add_subparsers(dest="action", required=True)
    check = sub.add_parser("check", help="check content packs; name each error precisely")
    check.add_argument("path", type=Path)
    stats = sub.add_parser("stats", help="print the coverage table of a bank")
    stats.add_argument("path", type=Path)
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
        print(f"{ns.path}: {len(bank)} challenges, no errors")
        return 0
    try:
        bank = load_bank(ns.path)
    except ContentPackError as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        return 1
    print(stats_table(bank))
    return 0
