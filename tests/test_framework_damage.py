"""Damaged frameworks, seeded: the loader either loads each or says what is wrong, never a traceback.

Each case copies one framework (the two real ones and the four test ones) to a folder of its own and
damages one value of one of its TOML files: a value of another type (string, list, table, integer,
boolean, float), a key dropped, a table or list emptied, an entry duplicated (so its id appears twice),
a reference to nothing, a very long or odd string. `load_framework` must then return a framework or
raise a FrameworkError whose every problem names a file of the copy and a key (`file:key: reason`);
any other exception is a defect of the loader. The cases are the same on every run (seeded).
"""

from __future__ import annotations

import copy
import os
import random
import shutil
import threading
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from casemark.framework import FrameworkError, load_framework
from casemark.framework import loader

REPO = Path(__file__).resolve().parent.parent
FRAMEWORKS = {
    "youth-2021": REPO / "framework" / "youth-2021",
    "youth-2018": REPO / "framework" / "youth-2018",
    **{p.name: p for p in sorted((REPO / "tests" / "fixtures").glob("*-fw"))},
}
REAL = ("youth-2021", "youth-2018")
CASES_PER_REAL = 25  # the real frameworks take ~40 ms a load (tomllib parsing their 250 kB): fewer cases
CASES_PER_TEST_FRAMEWORK = 75  # the test frameworks load in a few ms
SEED = 20261201

# values of every TOML type, to put where another type was
OTHER_VALUES: tuple[Any, ...] = ("text", ["a", "b"], {"value": "x"}, 7, True, 1.5, [], {}, [{"id": "x"}], -1)
# strings a user (or an accident) may write where an id, a reference or a text is expected
ODD_STRINGS = (
    "no-such-thing",
    "x" * 20000,
    "[bold red]not markup[/",
    "a\u0000b\u001bc",
    "../../etc/passwd",
    "\u202eévé 🎉",
    "",
    " ",
    "2.1.1",
    "yes_no",
)


def toml_files(folder: Path) -> list[str]:
    return ["framework.toml", "standards.toml"] + [f"questionnaires/{p.name}" for p in sorted((folder / "questionnaires").glob("*.toml"))]


ORIGINALS: dict[str, dict[str, bytes]] = {fid: {f: (folder / f).read_bytes() for f in toml_files(folder)} for fid, folder in FRAMEWORKS.items()}
PARSED: dict[tuple[str, str], dict] = {(fid, f): tomllib.loads(data.decode()) for fid, files in ORIGINALS.items() for f, data in files.items()}


def nodes(value: Any, path: tuple = ()) -> list[tuple]:
    """Every path to a value inside `value` (dict keys and list indexes), the root left out."""
    out = [path] if path else []
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        out += nodes(child, (*path, key))
    return out


def at(doc: Any, path: tuple) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def mutations(value: Any, parent: Any) -> list[str]:
    names = ["type", "drop"]
    if isinstance(value, (dict, list)) and value:
        names.append("empty")
    if isinstance(parent, list):
        names.append("duplicate")
    if isinstance(value, str):
        names.append("odd")
    if isinstance(value, int) and not isinstance(value, bool):
        names.append("number")
    return names


def damage(doc: dict, path: tuple, mutation: str, rng: random.Random) -> str:
    """Apply `mutation` to the value at `path` of `doc` (in place); what was done, for the case's id."""
    parent, key = at(doc, path[:-1]), path[-1]
    value = parent[key]
    if mutation == "type":
        choices = [v for v in OTHER_VALUES if type(v) is not type(value)]
        parent[key] = copy.deepcopy(rng.choice(choices))
    elif mutation == "drop":
        del parent[key]
    elif mutation == "empty":
        parent[key] = type(value)()
    elif mutation == "duplicate":
        parent.insert(key, copy.deepcopy(value))
    elif mutation == "odd":
        parent[key] = rng.choice(ODD_STRINGS)
    elif mutation == "number":
        parent[key] = rng.choice((0, -5, 10**15, value + 1000))
    return mutation


def make_cases() -> list[tuple[str, str, tuple, str, int]]:
    """(framework, file, path, mutation, seed) for every case, chosen by one seeded generator."""
    rng = random.Random(SEED)
    cases = []
    for fid in FRAMEWORKS:
        for _ in range(CASES_PER_REAL if fid in REAL else CASES_PER_TEST_FRAMEWORK):
            relative = rng.choice(toml_files(FRAMEWORKS[fid]))
            doc = PARSED[fid, relative]
            every = nodes(doc)
            by_depth: dict[int, list[tuple]] = {}
            for path in every:
                by_depth.setdefault(len(path), []).append(path)
            path = rng.choice(by_depth[rng.choice(sorted(by_depth))])  # shallow structure as often as deep leaves
            mutation = rng.choice(mutations(at(doc, path), at(doc, path[:-1])))
            cases.append((fid, relative, path, mutation, rng.randrange(2**32)))
    return cases


CASES = make_cases()


def case_id(case: tuple) -> str:
    fid, relative, path, mutation, _ = case
    return f"{fid}:{relative}:{'.'.join(map(str, path))[:60]}:{mutation}"


def damaged_copy(tmp_path: Path, fid: str, relative: str, path: tuple, mutation: str, seed: int) -> Path:
    folder = tmp_path / fid  # the folder's name is the framework's id, as the loader checks
    (folder / "questionnaires").mkdir(parents=True)
    for name, data in ORIGINALS[fid].items():
        (folder / name).write_bytes(data)
    if (FRAMEWORKS[fid] / "source").is_dir():
        (folder / "source").symlink_to(FRAMEWORKS[fid] / "source")
    for other in REAL:  # youth-2021 names a source text in ../youth-2018/source
        if other != fid:
            (tmp_path / other).symlink_to(FRAMEWORKS[other])
    doc = copy.deepcopy(PARSED[fid, relative])
    damage(doc, path, mutation, random.Random(seed))
    (folder / relative).write_bytes(tomli_w.dumps(doc).encode())
    return folder


WHOLE_FILE = ("not valid TOML", "file missing", "no questionnaires")


def test_the_cases_cover_every_framework_and_kind_of_damage() -> None:
    """The generator reaches what the brief asks: every framework, every file kind, every mutation."""
    assert 300 <= len(CASES) <= 600
    assert {c[0] for c in CASES} == set(FRAMEWORKS)
    assert {c[3] for c in CASES} == {"type", "drop", "empty", "duplicate", "odd", "number"}
    assert {c[1].split("/")[0] for c in CASES} == {"framework.toml", "standards.toml", "questionnaires"}


def fault(folder: Path, fid: str) -> str | None:
    """What is wrong with how the damaged copy at `folder` is loaded, or None if it loads or is refused well."""
    files = {str(folder / f) for f in ORIGINALS[fid]} | {str(folder / "questionnaires")}
    try:
        load_framework(folder)
    except FrameworkError as exc:
        if not exc.problems:
            return "a FrameworkError with no problem in it"
        for problem in exc.problems:
            if problem.file not in files:
                return f"{problem!r} names no file of the framework"
            if not (problem.key or problem.message.startswith(WHOLE_FILE)):
                return f"{problem!r} names no key"
            if any(ord(c) < 32 or ord(c) == 127 for c in problem):
                return f"{problem!r} is not one plain line (a control character from the file is in it)"
    except Exception as exc:  # noqa: BLE001 - what the test is for: any other exception is the defect
        return f"{type(exc).__name__}: {exc}"[:300]
    finally:
        loader._CACHE.pop(folder.resolve(), None)  # 400 loaded frameworks would stay in memory
    return None


GROUPS = sorted({(c[0], c[3]) for c in CASES})


@pytest.mark.parametrize(("fid", "mutation"), GROUPS, ids=[f"{f}-{m}" for f, m in GROUPS])
def test_a_damaged_framework_loads_or_names_file_and_key(tmp_path: Path, fid: str, mutation: str) -> None:
    """Each case of one framework and one kind of damage (one test each: a few ms a case, not a test's setup)."""
    cases = [(i, c) for i, c in enumerate(CASES) if c[0] == fid and c[3] == mutation]
    faults = []
    for i, case in cases:
        found = fault(damaged_copy(tmp_path / str(i), *case), fid)
        if found:
            faults.append(f"{case_id(case)}: {found}")
    assert not faults, f"{len(faults)} of {len(cases)} damaged copies raise other than a FrameworkError naming file and key:\n" + "\n".join(faults)


# -- end to end: the casemark command on a damaged framework folder -------------------------------


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    """Copies of the two real frameworks (youth-2021 takes a source text from youth-2018's folder),
    youth-2021 damaged twice: an option list that is a string, a questionnaire's standards a string."""
    root = tmp_path / "frameworks"
    for fid in REAL:
        folder = root / fid
        (folder / "questionnaires").mkdir(parents=True)
        for name, data in ORIGINALS[fid].items():
            (folder / name).write_bytes(data)
        shutil.copytree(FRAMEWORKS[fid] / "source", folder / "source")
    folder = root / "youth-2021"
    meta = copy.deepcopy(PARSED["youth-2021", "framework.toml"])
    meta["options"]["language"] = "english"
    (folder / "framework.toml").write_text(tomli_w.dumps(meta))
    court = copy.deepcopy(PARSED["youth-2021", "questionnaires/court.toml"])
    court["standards"] = "2.1"
    (folder / "questionnaires" / "court.toml").write_text(tomli_w.dumps(court))
    return folder.resolve()


def expected_problems(folder: Path) -> tuple[str, str]:
    return (
        f"{folder}/framework.toml:options.language: must be a table of options ([options.language] with values = [{{ value, label }}, ...]), not a string",
        f'{folder}/questionnaires/court.toml:standards: must be an array of strings such as ["a", "b"], not a string',
    )


def test_casemark_framework_lists_each_problem_of_a_damaged_folder_and_exits_1(casemark, damaged: Path) -> None:
    result = casemark("framework", str(damaged))
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    for line in expected_problems(damaged):
        assert line in lines
    assert all(line.startswith(f"{damaged}/") for line in lines), result.stderr  # each names its file, no traceback


def test_casemark_validate_names_the_damaged_framework_for_each_file_and_exits_1(casemark, damaged: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "demo-anytown" / "cases").mkdir(parents=True)
    demo = REPO / "saved" / "demo-anytown"
    files = ["inspection.toml", *(f"cases/{p.name}" for p in sorted((demo / "cases").glob("*.toml")))]
    for name in files:
        (data / "demo-anytown" / name).write_bytes((demo / name).read_bytes())
    result = casemark("validate", str(data), env={"CASEMARK_FRAMEWORKS": str(damaged.parent)})
    assert result.returncode == 1
    first = expected_problems(damaged)[0]
    lines = result.stdout.splitlines()
    assert lines == [
        f"{data / 'demo-anytown' / name}:framework: framework 'youth-2021' does not load: {first} (4 problems; run casemark framework youth-2021)"
        for name in files
    ], result.stdout
    assert result.stderr == f"{len(files)} problems in {data}\n"
    assert [p.read_bytes() for p in sorted((data / "demo-anytown").rglob("*.toml"))] == [
        (demo / p.relative_to(data / "demo-anytown")).read_bytes() for p in sorted((data / "demo-anytown").rglob("*.toml"))
    ]  # validate changed nothing


def test_the_framework_cache_does_not_hide_a_source_text_gone_since(tmp_path: Path, damaged: Path) -> None:
    """The cache's digest is of the TOML; a copy kept while a source text was there is not used once it is gone."""
    from casemark.engine.framework_cache import FrameworkCache

    folder = damaged.parent / "youth-2018"
    cache = FrameworkCache(tmp_path / "cache")
    framework = load_framework(folder)
    loader._CACHE.pop(folder, None)
    cache.put(folder, framework)
    assert cache.get(folder) == framework
    shutil.rmtree(folder / "source")  # the texts gone: the loader refuses the folder, and so must the cache
    assert cache.get(folder) is None
    with pytest.raises(FrameworkError) as info:
        load_framework(folder)
    loader._CACHE.pop(folder, None)
    assert all(p.key.startswith("sources[") and p.key.endswith("].file") for p in info.value.problems)


# -- a file damaged as bytes, or not a file at all ----------------------------------------------

NOT_TOML = {
    "not-utf8": (b'id = "mini-fw"\ntitle = "\xff\xfe"\n', "not valid TOML: not UTF-8 text at line 2 (save the file as UTF-8)"),
    "nested": (b"x = " + b"{ a = [" * 300 + b"1" + b"] }" * 300 + b"\n", "not valid TOML: arrays or tables nested too deeply to read (flatten them)"),
    "long-number": (b"x = " + b"9" * 5000 + b"\n", "not valid TOML: a number too long to read (shorten it)"),
    "cut": (b'id = "mini-fw"\ntitle = = "Mini"\n', None),  # tomllib's own message, with line and column
    "too-large": (b"# " + b"x" * (16 << 20) + b"\n", "more than the 16 MB casemark reads of a framework file (is it the right file?)"),
}


def release(fifo: Path) -> None:
    """Open `fifo` to write, without waiting: a reader blocked on it then reads an empty file."""
    try:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:
        pass  # no reader (the loader did not open it), or not a FIFO


@pytest.mark.parametrize("relative", ["framework.toml", "standards.toml", "questionnaires/court.toml"])
@pytest.mark.parametrize("kind", [*NOT_TOML, "folder", "fifo"])
def test_a_file_that_is_not_toml_is_the_one_problem_named(tmp_path: Path, kind: str, relative: str) -> None:
    folder = damaged_copy(tmp_path, "mini-fw", "framework.toml", ("title",), "odd", 0)
    target = folder / relative
    target.unlink()
    if kind == "folder":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)  # opened, it would wait for a writer for ever
    else:
        target.write_bytes(NOT_TOML[kind][0])
    unblock = threading.Timer(10, release, (target,))  # a loader that opened the FIFO fails, not hangs
    unblock.start()
    try:
        with pytest.raises(FrameworkError) as info:
            load_framework(folder)
    finally:
        unblock.cancel()
    message = {"folder": "not a plain file (put the TOML file here)", "fifo": "not a plain file (put the TOML file here)"}.get(kind) or NOT_TOML[kind][1]
    [problem] = info.value.problems
    assert problem.file == str(target) and problem.key == ""
    if message is None:
        assert problem.message.startswith("not valid TOML: ") and "(at line 2, column " in problem.message and problem.message.endswith("(fix the syntax there)")
    else:
        assert problem.message == message
