"""`examroom` command line: one entry point, one subcommand per mode.

Each mode builds its own object graph (its composition root) in its own module; this file
only parses the command line, reads the configuration and sets up logging.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from app import __version__
from app.config import Config, ConfigError, load_config
from app.logs import setup_logging

log = logging.getLogger(__name__)

EXIT_NOT_BUILT = 2

# subcommand -> (module:function taking (argv, config) -> int, help). A module that does
# not exist yet means the mode is not built yet: said clearly, exit 2.
COMMANDS: dict[str, tuple[str, str]] = {
    "kiosk": ("app.views.kiosk.main:run", "candidate kiosk (lab PC, full screen)"),
    "invigilator": ("app.views.invigilator.main:run", "invigilator station"),
    "admin": ("app.views.admin.main:run", "centre administration and jury"),
    "server": ("app.server.cli:run", "central server (HTTP API)"),
    "demo": ("app.demo:run", "server + invigilator + kiosks on one machine, demo data"),
    "content": ("app.content_cli:run", "check content packs and print their coverage"),
    "simulate": ("app.simulate:run", "simulated exam room under faults, with figures"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="examroom",
        description="Runs the day of a digital-skills certification, offline and through power cuts.",
    )
    parser.add_argument("--version", action="version", version=f"examroom {__version__}")
    parser.add_argument("--config", type=Path, help="configuration file (TOML)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log at DEBUG level")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (_, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, add_help=False)
        p.add_argument("args", nargs=argparse.REMAINDER)
    return parser


def _resolve(target: str) -> Callable[[list[str], Config], int] | None:
    module_name, func_name = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return None
        raise
    func: Callable[[list[str], Config], int] = getattr(module, func_name)
    return func


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    ns = parser.parse_args(argv)
    try:
        config = load_config(ns.config)
    except ConfigError as exc:
        print(f"examroom: configuration error: {exc}", file=sys.stderr)
        return 78  # EX_CONFIG
    setup_logging(config.log_dir, mode=ns.command, verbose=ns.verbose)
    target, _ = COMMANDS[ns.command]
    func = _resolve(target)
    if func is None:
        print(f"examroom {ns.command}: not built yet in this version.", file=sys.stderr)
        return EXIT_NOT_BUILT
    log.info("examroom %s %s starting (device %s)", __version__, ns.command, config.device_id)
    return func(list(ns.args), config)


if __name__ == "__main__":
    raise SystemExit(main())
