"""casemark: mark youth justice inspection cases in the terminal, with the ratings computed live.

Installed, casemark is this one top-level package: `casemark.framework` (question trees as data),
`casemark.engine` (the UI-free core), `casemark.tui` (the app and the command line). In a source
checkout those three folders sit beside this one, at the top of the repository, and this package
reaches them there; the wheel puts them inside it (pyproject.toml, `[tool.hatch.build.targets.wheel]`).
Generic names such as `tui` or `engine` are never installed, so another package or a user's own
`engine.py` cannot shadow casemark's (docs/design.md, "Installed names").
"""

from __future__ import annotations

import os as _os

__version__ = "0.2.0"

_here = _os.path.dirname(_os.path.abspath(__file__))
if not _os.path.isdir(_os.path.join(_here, "engine")):  # a source checkout: the layers sit beside this folder
    __path__.append(_os.path.dirname(_here))  # type: ignore[name-defined]  # noqa: F821
