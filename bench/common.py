"""What the benchmarks share: the repository on the path, the machine they ran on, medians.

Imported first by a bench script (`from common import REPO, ...`): it puts the checkout and its
`tests/` folder (the data factories) ahead on `sys.path`, so the bench measures this checkout. It
imports nothing more at module level (`bench_app.py`'s bare child process imports it at start-up).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for _path in (str(REPO / "tests"), str(REPO)):
    if _path not in sys.path:
        sys.path.insert(0, _path)


def load() -> float:
    """The 1-minute load average (0.0 where the system does not say)."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return 0.0


def machine() -> str:
    """'CPython 3.11.7, Linux x86_64, 2 CPUs, load 0.7': where the figures came from."""
    import platform

    return f"CPython {platform.python_version()}, {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, load {load():.1f}"


def median(values: list[float]) -> float:
    import statistics

    return statistics.median(values) if values else float("nan")
