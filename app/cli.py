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
from app.config import Config, ConfigError, data_dir_hint, default_data_dir, load_config
from app.exit_codes import EXIT_CONFIG, EXIT_USAGE
from app.logs import log_crashes, report_startup_error, setup_logging

log = logging.getLogger(__name__)

EXIT_NOT_BUILT = EXIT_USAGE

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
    "setup-pc": ("app.winsetup.setup:run",
                 "Windows, as an administrator (the installer runs it): kiosk account, "
                 "automatic log-on, policies, scheduled task, data folder rights"),
}

QT_COMMANDS = ("kiosk", "invigilator", "admin", "demo")
"""The modes that show screens or print documents: the language key applies to them."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="examroom",
        description="Runs a digital-skills certification day, offline and through power cuts.",
        epilog="commands: " + "; ".join(f"{n}: {h}" for n, (_, h) in COMMANDS.items()),
    )
    parser.add_argument("--version", action="version", version=f"examroom {__version__}")
    parser.add_argument("--config", type=Path, help="configuration file (TOML)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log at DEBUG level")
    parser.add_argument("command", choices=list(COMMANDS), metavar="COMMAND")
    return parser


def split_argv(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """Global options and the command go to examroom; everything after, to the mode.

    argparse's REMAINDER refuses a mode's own options that come first
    (`examroom server --port 8470`), so the split is done here.
    """
    head: list[str] = []
    args = list(argv)
    while args:
        token = args.pop(0)
        head.append(token)
        if token == "--config" and args:
            head.append(args.pop(0))
        elif not token.startswith("-"):
            break
    return head, args


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
    head, rest = split_argv(sys.argv[1:] if argv is None else argv)
    ns = parser.parse_args(head)
    # The kiosk's supervisor (app/supervisor.py) is `kiosk --supervise`: it logs apart and
    # keeps going with a broken configuration (the kiosk it starts says so, and IT may fix
    # the file from afar).
    supervise = ns.command == "kiosk" and "--supervise" in rest
    try:
        config = load_config(ns.config)
    except ConfigError as exc:
        report_startup_error(f"examroom: configuration error: {exc}",
                             [data_dir_hint(ns.config), default_data_dir()])
        if not supervise:
            return EXIT_CONFIG
        config = Config(data_dir=data_dir_hint(ns.config))
    setup_logging(config.log_dir, mode="supervisor" if supervise else ns.command,
                  verbose=ns.verbose)
    log_crashes(config.log_dir)
    if config.retired_keys:
        log.warning("configuration %s: key(s) %s are no longer used and are ignored",
                    config.source, ", ".join(config.retired_keys))
    if config.ignored_environment:
        log.warning("this PC's configuration %s says kiosk: ignored %s", config.source,
                    ", ".join(config.ignored_environment))
    if supervise:
        from app.supervisor import run as supervise_kiosk

        return supervise_kiosk(rest, config, global_args=head[:-1])
    target, _ = COMMANDS[ns.command]
    func = _resolve(target)
    if func is None:
        print(f"examroom {ns.command}: not built yet in this version.", file=sys.stderr)
        return EXIT_NOT_BUILT
    log.info("examroom %s %s starting (device %s, language %s)", __version__, ns.command,
             config.device_id, config.language)
    if ns.command in QT_COMMANDS:
        from app.services import i18n  # Qt: only the modes with screens or documents load it

        i18n.set_language(config.language)
    return func(rest, config)


if __name__ == "__main__":
    raise SystemExit(main())
