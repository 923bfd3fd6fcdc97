"""The core (framework/, engine/) is UI-free: proven in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

UI_MODULES = ("textual", "rich")


def imported_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(sorted(m for m in sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=True)
    return set(out.stdout.split())


def test_core_imports_no_ui() -> None:
    modules = imported_after(
        "from casemark import framework, engine\nimport casemark.framework.loader, casemark.framework.export, casemark.engine.model\n"
        "import pkgutil, importlib\n"
        "for pkg in (framework, engine):\n"
        "    for info in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(f'{pkg.__name__}.{info.name}')\n"
        "framework.load_framework('tests/fixtures/mini-fw')"
    )
    assert "casemark.framework.loader" in modules and "casemark.engine.model" in modules
    leaked = sorted(m for m in modules if m.split(".")[0] in UI_MODULES)
    assert not leaked, f"framework/engine imported UI modules: {leaked[:5]}"


def test_probe_detects_ui_import() -> None:
    # the same probe sees textual when it is imported, so the test above can fail
    assert "textual" in imported_after("import textual")
