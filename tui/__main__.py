"""The `casemark` command: the app by default, or one of the subcommands (no Textual imported for those)."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import Callable

from casemark import __version__

# subcommand -> module under tui.cli exposing `register(subparsers)`; each sets `func`
COMMANDS = {
    "framework": "framework_cmd",
    "validate": "validate_cmd",
    "new": "new_cmd",
    "ratings": "ratings_cmd",
    "export": "export_cmd",
    "check": "check_cmd",
    "agreement": "agreement_cmd",
    "demo": "demo_cmd",
    "schema": "schema_cmd",
    "merge-driver": "merge_driver_cmd",
}


def _available(only: str | None = None) -> dict[str, object]:
    modules = {}
    for name, module in COMMANDS.items():
        if only and name != only:
            continue
        try:
            modules[name] = importlib.import_module(f"casemark.tui.cli.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"casemark.tui.cli.{module}":
                raise
    return modules


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of the commands, or of `only` one (so a script's command imports only its own
    module). `casemark [PATH]` itself, the app, has one parser: `launch.parser()`."""
    parser = argparse.ArgumentParser(prog="casemark")
    parser.add_argument("--version", action="version", version=f"casemark {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _available(only).values():
        module.register(sub)
    return parser


BROKEN_PIPE = 141  # 128 + SIGPIPE, the status a shell gives a command whose reader went away


def quiet_on_broken_pipe(run: Callable[[], int]) -> int:
    """Run a command; when its reader closes the pipe (`casemark framework --json | head`), stop
    quietly with status 141 instead of a BrokenPipeError traceback. Python's own flush of stdout at
    exit would raise again, so stdout is pointed at /dev/null first (as the Python docs advise)."""
    try:
        status = run()
        sys.stdout.flush()  # a pipe closed early shows here, inside the guard, not at exit
        return status
    except BrokenPipeError:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):  # stdout is not a real file (a test's capture): nothing to flush
            pass
        return BROKEN_PIPE


def commands_text() -> str:
    """The commands and what each does, for `casemark --help`."""
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    rows = [(a.dest, a.help or "") for a in sub._choices_actions]
    return "commands (casemark COMMAND --help for each):\n" + "\n".join(f"  {name:<11} {what}" for name, what in rows)


def main(argv: list[str] | None = None) -> int:
    return quiet_on_broken_pipe(lambda: _main(argv))


def _main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        from .cli.common import run_command

        args = build_parser(only=argv[0]).parse_args(argv)
        return run_command(args.func, args)  # one error path: a line on stderr, never a traceback
    if argv and argv[0] == "--version":
        print(f"casemark {__version__}")
        return 0
    if argv and argv[0] in ("-h", "--help"):
        from .launch import parser  # Textual is imported only when the app runs

        parser(commands_text()).print_help()
        return 0
    from .cli.common import run_command
    from .launch import run_app  # Textual only from here on

    return run_command(lambda _: run_app(argv), argparse.Namespace(dir=""))  # errors before the app starts: one line too


if __name__ == "__main__":
    sys.exit(main())
