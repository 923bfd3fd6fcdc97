"""The `casemark` command: the app by default, or one of the subcommands (no Textual imported for those)."""

from __future__ import annotations

import argparse
import importlib
import sys

# subcommand -> module under tui.cli exposing `register(subparsers)`; each sets `func`
COMMANDS = {
    "framework": "framework_cmd",
    "validate": "validate_cmd",
    "new": "new_cmd",
    "ratings": "ratings_cmd",
    "export": "export_cmd",
    "check": "check_cmd",
    "agreement": "agreement_cmd",
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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _available(only).values():
        module.register(sub)
    return parser


def commands_text() -> str:
    """The commands and what each does, for `casemark --help`."""
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    rows = [(a.dest, a.help or "") for a in sub._choices_actions]
    return "commands (casemark COMMAND --help for each):\n" + "\n".join(f"  {name:<11} {what}" for name, what in rows)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        args = build_parser(only=argv[0]).parse_args(argv)
        return int(args.func(args) or 0)
    if argv and argv[0] in ("-h", "--help"):
        from .launch import parser  # Textual is imported only when the app runs

        parser(commands_text()).print_help()
        return 0
    from .launch import run_app  # Textual only from here on

    return run_app(argv)


if __name__ == "__main__":
    sys.exit(main())
