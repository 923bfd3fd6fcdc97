"""What every `casemark` command shares: the exit codes, the one error path, the unreadable-files report.

Every command runs through `run_command` (called by `tui/__main__.py`'s `main`): whatever goes wrong
with a file becomes one line on stderr, `casemark: FILE[:KEY]: what is wrong (the fix)`, and exit
status 1; never a traceback. An error nobody foresaw still prints one line, and its trace goes to the
log file (tui/crash.py) for the developers, never to the terminal: a trace's local variables may
hold a child's case details. No Textual here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable, Iterable

from casemark.tui.crash import describe, write_log

EXIT_OK = 0  # done
EXIT_DATA = 1  # bad data: a file that cannot be read or used, a refused change, unreadable case files
EXIT_USAGE = 2  # bad usage: the arguments (argparse exits 2 itself)
PROG = "casemark"


def say(message: str) -> None:
    """One line on stderr, prefixed `casemark: `."""
    print(f"{PROG}: {message}", file=sys.stderr)


def fail(message: str) -> int:
    """Say `message` and return EXIT_DATA (for a command's own refusals)."""
    say(message)
    return EXIT_DATA


def add_command(sub: argparse._SubParsersAction, name: str, func: Callable[[argparse.Namespace], int], help: str, doc: str | None, raw: bool = False) -> argparse.ArgumentParser:
    """The subparser of command `name`, described by its module's docstring and running `func`."""
    extra = {"formatter_class": argparse.RawDescriptionHelpFormatter} if raw else {}
    p = sub.add_parser(name, help=help, description=doc, **extra)
    p.set_defaults(func=func)
    return p


def report_unreadable(unreadable: Iterable, what: str = "not counted") -> int:
    """Name each case file that could not be read on stderr (`unreadable, not counted: FILE: why`);
    EXIT_DATA if there was any, else EXIT_OK."""
    bad = list(unreadable)
    for item in bad:
        print(f"unreadable, {what}: {item.message}", file=sys.stderr)
    return EXIT_DATA if bad else EXIT_OK


def run_command(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run one command; every error becomes one line on stderr and an exit status, never a traceback."""
    try:
        return int(func(args) or 0)
    except BrokenPipeError:  # the reader went away (`| head`): main's quiet_on_broken_pipe ends quietly
        raise
    except KeyboardInterrupt:
        say("interrupted (nothing half-written: every save is atomic)")
        return 130
    except Exception as exc:  # noqa: BLE001 - the one place every error of a command ends up
        line = describe(exc)
        if line is not None:
            say(line)
            return EXIT_DATA
        if isinstance(exc, ValueError):  # bad data that reached code with no better message
            say(f"{exc} (casemark validate {getattr(args, 'dir', '') or ''} lists every problem in the files)".replace("  ", " "))
            return EXIT_DATA
        log = write_log(exc)
        where = f"the details are in {log}" if log else "no log could be written"
        say(f"internal error: {type(exc).__name__} ({where}; please report it with that file)")
        return EXIT_DATA
