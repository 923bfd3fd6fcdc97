"""The installed package, as a user gets it: a wheel built from this checkout, installed (not
editable) into a plain venv that sees nothing of this machine's site-packages, and run from another
folder, with a stand-in `tui` package and an `engine.py` beside it that must not shadow casemark's.

No network: casemark's wheel is built here, and its dependencies are packed into wheels from the
distributions this test run itself uses (pure-Python ones: textual, rich, ...), so pip installs with
--no-index from that one folder. The stand-ins are written where `pip install tui` would put PyPI's.
"""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import sys
import venv
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow  # about 30 s: a wheel build, a venv and an install


def _dependencies(requirements: list[str]) -> list[metadata.Distribution]:
    """The installed distributions that `requirements` need, transitively (markers and extras honoured)."""
    found: dict[str, metadata.Distribution] = {}
    todo = [(Requirement(r), "") for r in requirements]
    while todo:
        req, extra = todo.pop()
        if req.marker and not req.marker.evaluate({"extra": extra}):
            continue
        dist = metadata.distribution(req.name)
        key = dist.metadata["Name"].lower()
        for wanted in [""] + sorted(req.extras):
            if (key, wanted) in found:
                continue
            found[(key, wanted)] = dist
            todo += [(Requirement(r), wanted) for r in dist.requires or []]
    return list({d.metadata["Name"].lower(): d for d in found.values()}.values())


def _repack(dist: metadata.Distribution, into: Path) -> Path:
    """A wheel of an installed pure-Python distribution, from the files its RECORD lists."""
    name = dist.metadata["Name"].replace("-", "_")
    wheel = into / f"{name}-{dist.version}-py3-none-any.whl"
    root = Path(dist.locate_file(""))
    info = next(p for p in dist.files if p.parts[0].endswith(".dist-info")).parts[0]
    record = []
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as zf:
        for file in dist.files:
            rel = file.as_posix()
            if rel.startswith("..") or "__pycache__" in rel or rel.endswith(".pyc") or rel == f"{info}/RECORD":
                continue
            if rel.rsplit("/", 1)[-1] in ("INSTALLER", "REQUESTED", "direct_url.json"):
                continue
            data = (root / file).read_bytes()
            zf.writestr(rel, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append(f"{rel},sha256={digest},{len(data)}")
        record.append(f"{info}/RECORD,,")
        zf.writestr(f"{info}/RECORD", "\n".join(record) + "\n")
    return wheel


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """A plain venv with casemark installed from its wheel; returns its bin folder and a run()."""
    base = tmp_path_factory.mktemp("install")
    house = base / "wheels"
    house.mkdir()
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(house), str(REPO)],
        capture_output=True, text=True, timeout=300,
    )
    if build.returncode != 0:  # hatchling is not installed here: build it in pip's isolated environment
        build = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(house), str(REPO)],
            capture_output=True, text=True, timeout=300,
        )
    assert build.returncode == 0, build.stderr
    [wheel] = house.glob("casemark-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        meta = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        requirements = [line.split(":", 1)[1].strip() for line in zf.read(meta).decode().splitlines()
                        if line.startswith("Requires-Dist:") and "extra ==" not in line]
    for dist in _dependencies(requirements):
        _repack(dist, house)

    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "CASEMARK", "PIP_", "VIRTUAL_ENV"))}
    clean |= {"PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "NO_COLOR": "1",
              "PATH": f"{bin_dir}{os.pathsep}{clean.get('PATH', '')}", "XDG_DATA_HOME": str(base / "xdg")}
    pip = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-index", "--find-links", str(house), str(wheel)],
        capture_output=True, text=True, env=clean, timeout=300,
    )
    assert pip.returncode == 0, pip.stderr

    work = base / "elsewhere"
    work.mkdir()

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*map(str, args)], capture_output=True, text=True, cwd=work, env=clean, timeout=120)

    return {"bin": bin_dir, "python": python, "work": work, "run": run, "base": base}


def test_the_installed_command_runs_from_another_folder(installed) -> None:
    run, bin_dir, python, work = installed["run"], installed["bin"], installed["python"], installed["work"]
    import casemark

    where = run(python, "-c", "import casemark, casemark.engine.store as s; print(casemark.__file__); print(s.__file__)")
    assert where.returncode == 0, where.stderr
    for line in where.stdout.split():
        assert "site-packages" in line and not line.startswith(str(REPO)), line  # the installed copy, not the checkout
    version = run(bin_dir / "casemark", "--version")
    assert version.returncode == 0 and version.stdout.strip() == f"casemark {casemark.__version__}"
    helped = run(python, "-m", "casemark", "--help")
    assert helped.returncode == 0 and "demo" in helped.stdout and "framework" in helped.stdout
    demo = run(bin_dir / "casemark", "demo", work / "data")
    assert demo.returncode == 0, demo.stderr
    ratings = run(bin_dir / "casemark", "ratings", work / "data" / "demo-anytown", "--csv")
    assert ratings.returncode == 0, ratings.stderr
    assert ratings.stdout.startswith("inspection,framework,standard,") and "demo-anytown,youth-2021,2.1," in ratings.stdout
    source = run(bin_dir / "casemark", "framework", "youth-2021", "--source")
    files = [line.split(":", 1)[1].strip() for line in source.stdout.splitlines() if line.strip().startswith("file:")]
    assert len(files) == 2 and all("site-packages" in f and Path(f).is_file() for f in files)


def test_a_tui_package_and_an_engine_py_beside_it_do_not_shadow_casemark(installed) -> None:
    run, bin_dir, python, work = installed["run"], installed["bin"], installed["python"], installed["work"]
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    (site / "tui").mkdir(exist_ok=True)  # where `pip install tui` puts PyPI's unrelated package
    (site / "tui" / "__init__.py").write_text("raise ImportError('the stand-in tui package was imported')\n")
    (site / "engine").mkdir(exist_ok=True)
    (site / "engine" / "__init__.py").write_text("raise ImportError('the stand-in engine package was imported')\n")
    (work / "engine.py").write_text("raise ImportError('the engine.py in the working folder was imported')\n")
    (work / "framework.py").write_text("raise ImportError('the framework.py in the working folder was imported')\n")
    assert "stand-in tui" in run(python, "-c", "import tui").stderr  # the stand-ins are really there
    assert "working folder" in run(python, "-c", "import engine").stderr

    for n, command in enumerate(([bin_dir / "casemark"], [python, "-m", "casemark"])):
        version = run(*command, "--version")
        assert version.returncode == 0 and version.stdout.startswith("casemark "), version.stderr
        demo = run(*command, "demo", work / f"copy{n}")
        assert demo.returncode == 0, demo.stderr
        ratings = run(*command, "ratings", work / f"copy{n}" / "demo-anytown")
        assert ratings.returncode == 0 and "Ratings of demo-anytown" in ratings.stdout, ratings.stderr
        listed = run(*command, "framework")
        assert listed.returncode == 0 and "youth-2021" in listed.stdout and "youth-2018" in listed.stdout
