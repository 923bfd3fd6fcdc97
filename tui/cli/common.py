"""What every `casemark` command shares: the exit codes, the one error path, the unreadable-files report.

Every command runs through `run_command` (called by `tui/__main__.py`'s `main`): whatever goes wrong
with a file becomes one line on stderr, `casemark COMMAND: FILE[:KEY]: what is wrong (the fix)`, and
exit status 1; never a traceback. A command therefore opens its inspection with a bare
`open_inspection(args.dir)` and lets the StoreError rise; its own refusals it raises as `Refusal`
(with their exit status). An error nobody foresaw still prints one line, and its trace goes to the
log file (tui/crash.py) for the developers, never to the terminal: a trace's local variables may
hold a child's case details. No Textual here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable, Iterable

from casemark.framework.problems import FrameworkError
from casemark.tui.crash import describe, write_log

EXIT_OK = 0  # done
EXIT_DATA = 1  # bad data: a file that cannot be read or used, a refused change, unreadable case files
EXIT_USAGE = 2  # bad usage: the arguments (argparse exits 2 itself)
PROG = "casemark"


class Refusal(Exception):
    """A command's own refusal: said as one line `casemark COMMAND: message`, exit `status`."""

    def __init__(self, message: str, status: int = EXIT_DATA):
        super().__init__(message)
        self.status = status


def say(message: str, prog: str = PROG) -> None:
    """One line on stderr, prefixed `casemark COMMAND: ` (`prog`)."""
    print(f"{prog}: {message}", file=sys.stderr)


def add_command(sub: argparse._SubParsersAction, name: str, func: Callable[[argparse.Namespace], int] | None, help: str, doc: str | None, raw: bool = False) -> argparse.ArgumentParser:
    """The subparser of command `name` (or of `casemark new KIND`), described by `doc` and running
    `func` (None: its own subcommands run); its errors are said as `casemark name: ...` (its prog)."""
    extra = {"formatter_class": argparse.RawDescriptionHelpFormatter} if raw else {}
    p = sub.add_parser(name, help=help, description=doc, **extra)
    p.set_defaults(func=func, prog=p.prog)
    return p


def add_inspection(p: argparse.ArgumentParser, dest: str = "dir", metavar: str = "DIR") -> None:
    """The positional argument naming the one inspection a command works on (engine.opening.locate_inspection)."""
    p.add_argument(dest, metavar=metavar, help="an inspection folder (holding inspection.toml), or an inspection id in the data folder")


def add_data(p: argparse.ArgumentParser) -> None:
    """--data DIR: where an inspection id is looked for (engine.store.default_data_dir)."""
    p.add_argument("--data", type=Path, metavar="DIR", help="the data folder (default $CASEMARK_DATA, else ./saved if it exists, else the per-user data folder)")


def printed(show: Callable[..., object], *args: object) -> bool:
    """Call `show(*args)`, which writes to stdout, and flush; False when the reader went away
    (`casemark ratings DIR | head`): stderr is closed then, so the command ends quietly (status 0)."""
    try:
        show(*args)
        sys.stdout.flush()
    except BrokenPipeError:
        sys.stderr.close()
        return False
    return True


def report_unreadable(unreadable: Iterable, what: str = "not counted") -> int:
    """Name each case file that could not be read on stderr (`unreadable, not counted: FILE: why`);
    EXIT_DATA if there was any, else EXIT_OK."""
    bad = list(unreadable)
    for item in bad:
        print(f"unreadable, {what}: {item.message}", file=sys.stderr)
    return EXIT_DATA if bad else EXIT_OK


def run_command(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run one command; every error becomes one line on stderr and an exit status, never a traceback."""
    prog = getattr(args, "prog", PROG)
    try:
        return int(func(args) or 0)
    except BrokenPipeError:  # the reader went away (`| head`): main's quiet_on_broken_pipe ends quietly
        raise
    except KeyboardInterrupt:
        say("interrupted (nothing half-written: every save is atomic)", prog)
        return 130
    except Refusal as exc:
        say(str(exc), prog)
        return exc.status
    except FrameworkError as exc:  # a framework's files: one `file:key: reason` line each
        print("\n".join(exc.problems), file=sys.stderr)
        return EXIT_DATA
    except Exception as exc:  # noqa: BLE001 - the one place every error of a command ends up
        line = describe(exc)
        if line is not None:
            say(line, prog)
            return EXIT_DATA
        if isinstance(exc, ValueError):  # bad data that reached code with no better message
            say(f"{exc} (casemark validate {getattr(args, 'dir', '') or ''} lists every problem in the files)".replace("  ", " "), prog)
            return EXIT_DATA
        log = write_log(exc)
        where = f"the details are in {log}" if log else "no log could be written"
        say(f"internal error: {type(exc).__name__} ({where}; please report it with that file)", prog)
        return EXIT_DATA
