"""The rooms and their one-way arrows, proven in fresh interpreters: the core (framework/, engine/,
every module of them) imports no UI; the command line (tui/cli/, every module, and every command
run as a user runs it) imports no Textual."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import REPO

from casemark.tui.__main__ import COMMANDS

UI_MODULES = ("textual", "rich")
DEMO = str(REPO / "saved" / "demo-anytown")


def run_probe(code: str) -> dict:
    """Run `code` in a fresh interpreter; it sets `checked` (modules it imported on purpose)."""
    probe = (
        "import importlib, json, pkgutil, sys\n"
        f"{code}\n"
        "print(json.dumps({'checked': sorted(checked), 'loaded': sorted(sys.modules)}))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def every_module(*packages: str) -> str:
    """Code importing every module of `packages`, subpackages included, into `checked`."""
    return (
        "checked = []\n"
        f"for name in {list(packages)!r}:\n"
        "    pkg = importlib.import_module(name)\n"
        "    checked.append(name)\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, name + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "        checked.append(info.name)\n"
    )


def ui_in(loaded: list[str], ui: tuple[str, ...]) -> list[str]:
    return sorted(m for m in loaded if m.split(".")[0] in ui)


def test_every_core_module_imports_no_ui() -> None:
    found = run_probe(every_module("casemark.framework", "casemark.engine") + "import casemark.framework as f\nf.load_framework('tests/fixtures/mini-fw')\n")
    for module in ("casemark.engine.opening", "casemark.engine.reports.html", "casemark.engine.vocabulary", "casemark.framework.loader"):
        assert module in found["checked"]  # subpackages too (engine.reports)
    loader_parts = ("reader", "options", "standards", "questionnaires", "questions", "conditions", "rules", "problems", "sources")
    assert {f"casemark.framework.{part}" for part in loader_parts} <= set(found["checked"])  # the loader's parts too
    assert len(found["checked"]) >= 30
    leaked = ui_in(found["loaded"], UI_MODULES)
    assert not leaked, f"framework/engine imported UI modules: {leaked[:5]}"


def test_every_command_line_module_imports_no_textual() -> None:
    found = run_probe(every_module("casemark.tui.cli") + "import casemark.tui.__main__\n")
    assert {f"casemark.tui.cli.{m}" for m in COMMANDS.values()} <= set(found["checked"])
    assert "casemark.tui.cli.second_mark_cmd" in found["checked"]
    leaked = ui_in(found["loaded"], ("textual",))
    assert not leaked, f"the command line imported Textual: {leaked[:5]}"


RUNS = {  # each command as a user runs it (reading only); any other: its --help
    "framework": ["framework"],
    "validate": ["validate", DEMO],
    "new": ["new", "case", "no-such-inspection", "C-1", "--questionnaire", "court", "--data", "tests"],
    "ratings": ["ratings", DEMO, "--json"],
    "export": ["export", DEMO, "--format", "ratings-json"],
    "check": ["check", DEMO],
    "agreement": ["agreement", DEMO, "--json"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_command_runs_without_textual(command: str) -> None:
    argv = RUNS.get(command, [command, "--help"])
    found = run_probe(
        "import contextlib, io\n"
        "from casemark.tui.__main__ import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        "    try:\n"
        f"        rc = main({argv!r})\n"
        "    except SystemExit as exc:\n"
        "        rc = exc.code\n"
        f"checked = ['{command}']\n"
    )
    leaked = ui_in(found["loaded"], ("textual",))
    assert not leaked, f"casemark {' '.join(argv)} imported Textual: {leaked[:5]}"
    assert f"casemark.tui.cli.{COMMANDS[command]}" in found["loaded"]


def test_the_probe_sees_textual_when_it_is_imported() -> None:
    # the same probe sees textual when it is imported, so the tests above can fail
    assert "textual" in run_probe("import textual\nchecked = []\n")["loaded"]


def test_casemark_help_is_the_apps_one_parser_listing_every_command(casemark) -> None:
    out = casemark("--help")
    assert out.returncode == 0
    assert "--inspector" in out.stdout and "[path]" in out.stdout  # the app's own options
    for command in COMMANDS:
        assert f"\n  {command} " in out.stdout
    found = run_probe(
        "import contextlib, io\nfrom casemark.tui.__main__ import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    main(['--help'])\nchecked = []\n"
    )
    assert not ui_in(found["loaded"], ("textual",))
