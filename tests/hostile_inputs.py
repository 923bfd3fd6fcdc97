"""The hostile inputs of tests/test_hostile.py: each a name, the file it spoils and how, generated from tables.

`Hostile.apply(folder)` spoils a fresh copy of the demo inspection and returns the path that is bad
(the one every message must name). `flagged` says what `casemark validate` must make of it: "error"
(exit 1, the file named), "warning" (a warning line naming it, exit 0), "" (nothing to say: the
input is fine, or only an unprivileged user sees the problem, or only a command's argument is bad).
"""

from __future__ import annotations

import os
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

FIRST = "C01"  # a court case, complete
SECOND = "C03--2"  # a second marking of C03
SUBSET = ("C01", "C02", "C03", "C03--2", "O01")  # the demo's cases copied for the battery (kept small: it runs often)


@dataclass(frozen=True)
class Hostile:
    name: str
    spoil: Callable[[Path], Path]  # spoils the inspection folder, returns the bad path
    flagged: str = "error"  # what validate says: error | warning | ""
    args: dict | None = None  # replaces a command's arguments (e.g. the id given to new case)

    def apply(self, folder: Path) -> Path:
        return self.spoil(folder)


def case(folder: Path, cid: str = FIRST) -> Path:
    return folder / "cases" / f"{cid}.toml"


# -- ways to spoil a file ---------------------------------------------------------------------


def _replace_file(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()


def make_fifo(path: Path) -> None:
    _replace_file(path)
    os.mkfifo(path)


def make_dir(path: Path) -> None:
    _replace_file(path)
    path.mkdir()
    (path / "inside.toml").write_text("schema = 1\n")


def make_link(target: str) -> Callable[[Path], None]:
    def spoil(path: Path) -> None:
        _replace_file(path)
        os.symlink(target, path)
    return spoil


def make_loop(path: Path) -> None:
    _replace_file(path)
    other = path.with_name(path.name + ".loop")
    os.symlink(other, path)
    os.symlink(path, other)


def make_socket(path: Path) -> None:
    _replace_file(path)
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(path))
    s.close()


def make_bytes(data: bytes) -> Callable[[Path], None]:
    def spoil(path: Path) -> None:
        _replace_file(path)
        path.write_bytes(data)
    return spoil


def make_sparse(size: int) -> Callable[[Path], None]:
    def spoil(path: Path) -> None:
        _replace_file(path)
        with open(path, "wb") as fh:
            fh.truncate(size)
    return spoil


def chmod_none(path: Path) -> None:
    if not path.exists():
        path.write_text("schema = 1\n")
    path.chmod(0)


def transform(fn: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def spoil(path: Path) -> None:
        data = path.read_bytes() if path.is_file() else b'schema = 1\nframework = "youth-2021"\nquestionnaire = "court"\ncase_id = "X1"\n'
        path.write_bytes(fn(data))
    return spoil


DEEP_ARRAY = b"x = " + b"[" * 4000 + b"]" * 4000 + b"\n"
DEEP_TABLE = b"x = " + b"{a = " * 3000 + b"1" + b"}" * 3000 + b"\n"
FILE_KINDS: list[tuple[str, Callable[[Path], None], str]] = [  # (name, spoil, what validate says)
    ("fifo", make_fifo, "error"),
    ("folder", make_dir, "error"),
    ("symlink-loop", make_loop, "error"),
    ("link-to-dev-zero", make_link("/dev/zero"), "error"),
    ("link-to-dev-null", make_link("/dev/null"), "error"),
    ("dangling-link", make_link("/nonexistent/casemark-nowhere.toml"), "error"),
    ("socket", make_socket, "error"),
    ("empty", make_bytes(b""), "error"),
    ("over-20MB", make_sparse(25 * 1024 * 1024), "error"),
    ("not-utf8", make_bytes(b"schema = 1\nservice = \"\xff\xfe\"\n"), "error"),
    ("nul-bytes", make_bytes(b"schema = 1\x00\x00\n"), "error"),
    ("deep-array", make_bytes(DEEP_ARRAY), "error"),
    ("deep-inline-table", make_bytes(DEEP_TABLE), "error"),
    ("huge-integer", make_bytes(b"schema = " + b"9" * 5000 + b"\n"), "error"),
    ("truncated", transform(lambda d: d[: len(d) // 3]), "error"),
    ("bom", transform(lambda d: b"\xef\xbb\xbf" + d), "error"),
    ("crlf", transform(lambda d: d.replace(b"\n", b"\r\n")), ""),
    ("not-readable", chmod_none, ""),  # root reads it anyway; as nobody it is named (see the test)
    ("binary", make_bytes(bytes(range(256)) * 64), "error"),
    ("toml-array-of-tables", make_bytes(b"[[answers]]\nx = 1\n"), "error"),
]


# -- ways to spoil a key ----------------------------------------------------------------------


def set_top(key: str, value: str) -> Callable[[Path], None]:
    """Set a top-level key (before the first table) to the TOML `value` ('' removes it)."""
    def spoil(path: Path) -> None:
        text = path.read_text()
        head, sep, rest = text.partition("\n[")
        lines = [line for line in head.splitlines() if not re.match(rf'^"?{re.escape(key)}"?\s*=', line)]
        if value:
            lines.append(f"{key} = {value}")
        path.write_text("\n".join(lines) + "\n" + sep.lstrip("\n") + rest if sep else "\n".join(lines) + "\n")
    return spoil


def set_answer(qid: str, value: str, table: str = "answers") -> Callable[[Path], None]:
    """Set one single-line answer of [answers] (or another table) to the TOML `value`."""
    def spoil(path: Path) -> None:
        lines = [line for line in path.read_text().splitlines() if not line.startswith(f'"{qid}" = ')]
        at = lines.index(f"[{table}]") if f"[{table}]" in lines else None
        if at is None:
            lines += ["", f"[{table}]"]
            at = len(lines) - 1
        lines.insert(at + 1, f'"{qid}" = {value}')
        path.write_text("\n".join(lines) + "\n")
    return spoil


def append(text: str) -> Callable[[Path], None]:
    def spoil(path: Path) -> None:
        path.write_text(path.read_text() + text)
    return spoil


MARKUP = '"[/]"'
CASE_KEYS: list[tuple[str, Callable[[Path], None], str]] = [
    ("age-negative", set_answer("I2.6", "-5"), "error"),
    ("age-1e21", set_answer("I2.6", "1000000000000000000000"), "error"),
    ("age-string", set_answer("I2.6", '"16"'), "error"),
    ("age-float", set_answer("I2.6", "15.5"), "error"),
    ("age-bool", set_answer("I2.6", "true"), "error"),
    ("age-9", set_answer("I2.6", "9"), "error"),
    ("age-26", set_answer("I2.6", "26"), "error"),
    ("multi-empty", set_answer("I3.7", "[]"), "error"),
    ("multi-twice", set_answer("I3.7", '["manager", "manager"]'), "error"),
    ("multi-not-list", set_answer("I3.7", '"manager"'), "error"),
    ("multi-nested", set_answer("I3.7", '[["manager"]]'), "error"),
    ("judgement-list", set_answer("2.1.1", '["yes"]'), "error"),
    ("judgement-table", set_answer("2.1.1", '{ a = "yes" }'), "error"),
    ("judgement-int", set_answer("2.1.1", "1"), "error"),
    ("judgement-unknown", set_answer("2.1.1", '"maybe"'), "error"),
    ("judgement-date", set_answer("2.1.1", "2026-01-01"), "error"),
    ("reasons-markup", set_answer("2.1.1.reasons", '"[bold red]X[/ and [/] and [link=x]y"'), ""),
    ("reasons-html", set_answer("2.1.1.reasons", '"<script>alert(1)</script><img src=x onerror=alert(1)><iframe src=x>"'), ""),
    ("reasons-pipe", set_answer("2.1.1.reasons", '"a | b | c\\n| --- |"'), ""),
    ("reasons-5MB", set_answer("2.1.1.reasons", '"' + "long reasons " * 400_000 + '"'), ""),
    ("reasons-control-chars", set_answer("2.1.1.reasons", '"\\u001b[2J\\u0007 bell"'), ""),
    ("unknown-question", set_answer("Z9.9", '"kept"'), "error"),
    ("answers-string", set_top("answers", '"x"'), "error"),
    ("acknowledged-int", set_top("acknowledged", "1"), "error"),
    ("acknowledged-note-int", append('\n[acknowledged]\n"short-reasons:2.1.1.reasons" = 5\n'), "error"),
    ("acknowledged-markup", append('\n[acknowledged]\n"short-reasons:2.1.1.reasons" = "[/]"\n'), ""),
    ("second-mark-of-int", set_top("second_mark_of", "5"), "error"),
    ("second-mark-of-path", set_top("second_mark_of", '"../../etc/passwd"'), "error"),
    ("second-mark-of-self", set_top("second_mark_of", f'"{FIRST}"'), "error"),
    ("second-mark-of-nothing", set_top("second_mark_of", '"C99"'), "error"),
    ("second-mark-of-list", set_top("second_mark_of", '["C02"]'), "error"),
    ("second-mark-of-markup", set_top("second_mark_of", MARKUP), "error"),
    ("updated-no-zone", set_top("updated", "2026-10-13T13:05:00"), "error"),
    ("updated-string", set_top("updated", '"soon"'), "error"),
    ("created-date-only", set_top("created", "2026-10-13"), "error"),
    ("status-unknown", set_top("status", '"done"'), "error"),
    ("status-int", set_top("status", "3"), "error"),
    ("schema-string", set_top("schema", '"1"'), "error"),
    ("schema-2", set_top("schema", "2"), "error"),
    ("schema-missing", set_top("schema", ""), "error"),
    ("framework-path", set_top("framework", '"../../etc"'), "error"),
    ("framework-int", set_top("framework", "5"), "error"),
    ("framework-other", set_top("framework", '"youth-2018"'), "error"),
    ("questionnaire-unknown", set_top("questionnaire", '"prison"'), "error"),
    ("questionnaire-inspection", set_top("questionnaire", '"inspection"'), "error"),
    ("case-id-other", set_top("case_id", '"C02"'), "error"),
    ("case-id-list", set_top("case_id", '["C01"]'), "error"),
    ("inspector-markup", set_top("inspector", MARKUP), ""),
    ("inspector-markup-2", set_top("inspector", '"[bold red]X[/"'), ""),
    ("inspector-lead", set_top("inspector", '"Jo Bloggs [lead]"'), ""),
    ("inspector-list", set_top("inspector", '["Ada"]'), "error"),
    ("inspector-10k", set_top("inspector", '"' + "A" * 10_000 + '"'), ""),
    ("exclusion-reason-int", set_top("exclusion_reason", "4"), "error"),
    ("unknown-top-key", set_top("colour", '"teal"'), "warning"),
    ("unknown-table", append('\n[extra]\nx = 1\n'), "warning"),
    ("duplicate-key", append('\n[answers]\nx = 1\n'), "error"),
    ("key-with-newline", set_answer("bad\\nkey", '"x"'), "error"),
]

INSPECTION_KEYS: list[tuple[str, Callable[[Path], None], str]] = [
    ("dates-string", set_answer("start", '"soon"', table="dates"), "error"),
    ("dates-int", set_answer("end", "5", table="dates"), "error"),
    ("dates-not-table", set_top("dates", '"2026"'), "error"),
    ("inspectors-string", set_top("inspectors", '"Ada"'), "error"),
    ("inspectors-ints", set_top("inspectors", "[1, 2]"), "error"),
    ("inspectors-markup", set_top("inspectors", '["[/]", "Jo Bloggs [lead]"]'), ""),
    ("service-list", set_top("service", '["x"]'), "error"),
    ("service-markup", set_top("service", MARKUP), ""),
    ("framework-unknown", set_top("framework", '"youth-1999"'), "error"),
    ("framework-path", set_top("framework", '"../../../etc"'), "error"),
    ("ratings-string", set_top("ratings", '"good"'), "error"),
    ("rating-list", set_answer("1.1", '["good"]', table="ratings"), "error"),
    ("rating-unknown", set_answer("1.1", '"great"', table="ratings"), "error"),
    ("answers-list", set_top("answers", "[1]"), "error"),
    ("note-table", set_top("note", "{ a = 1 }"), "error"),
    ("schema-missing", set_top("schema", ""), "error"),
    ("unknown-key", set_top("colour", '"teal"'), "warning"),
]


# -- the folder itself --------------------------------------------------------------------------


def _cases(folder: Path) -> Path:
    return folder / "cases"


def cases_is_file(folder: Path) -> Path:
    import shutil

    shutil.rmtree(_cases(folder))
    _cases(folder).write_text("not a folder\n")
    return _cases(folder)


def cases_unreadable(folder: Path) -> Path:
    _cases(folder).chmod(0)
    return _cases(folder)


def cases_link_elsewhere(folder: Path) -> Path:
    elsewhere = folder.parent / "elsewhere"
    _cases(folder).rename(elsewhere)
    os.symlink(elsewhere, _cases(folder))
    return _cases(folder)


def cases_loop(folder: Path) -> Path:
    import shutil

    shutil.rmtree(_cases(folder))
    os.symlink(_cases(folder), _cases(folder))
    return _cases(folder)


def no_inspection_file(folder: Path) -> Path:
    (folder / "inspection.toml").unlink()
    return folder / "inspection.toml"


def planted(name: str, spoil: Callable[[Path], None] | None = None, text: str = "schema = 1\n") -> Callable[[Path], Path]:
    def do(folder: Path) -> Path:
        path = _cases(folder) / name
        if spoil:
            spoil(path)
        else:
            path.write_text(text)
        return path
    return do


def case_file_copy(name: str, of: str = FIRST) -> Callable[[Path], Path]:
    def do(folder: Path) -> Path:
        path = _cases(folder) / name
        text = case(folder, of).read_text().replace(f'case_id = "{of}"', f'case_id = "{path.stem}"')
        path.write_text(text)
        return path
    return do


LONG = "C" + "x" * 230
FOLDER_KINDS: list[tuple[str, Callable[[Path], Path], str]] = [
    ("cases-is-a-file", cases_is_file, "error"),
    ("cases-unreadable", cases_unreadable, ""),
    ("cases-link-elsewhere", cases_link_elsewhere, "warning"),
    ("cases-link-loop", cases_loop, "error"),
    ("no-inspection-toml", no_inspection_file, "error"),
    ("case-named-CON", case_file_copy("CON.toml"), "error"),
    ("case-named-com1", case_file_copy("com1.toml"), "error"),
    ("case-differs-in-case", case_file_copy("c01.toml"), "error"),
    ("case-id-230-chars", case_file_copy(f"{LONG}.toml"), "error"),
    ("case-name-with-space", case_file_copy("C 01.toml"), "error"),
    ("case-name-unicode", case_file_copy("Cé01.toml"), "error"),
    ("temp-file-left", planted(".C01.toml.4242.abcd.tmp", text="torn"), "warning"),
    ("take-file-left", planted(".C01.toml.lock.4242.take", text="torn"), "warning"),
    ("lock-link-to-passwd", planted("C01.toml.lock", make_link("/etc/passwd")), ""),
    ("lock-fifo", planted("C01.toml.lock", make_fifo), ""),
    ("lock-garbage", planted("C01.toml.lock", text="\x00\x01 not toml"), ""),
    ("conflict-copy-left", planted("C01.toml.conflict-20260101T000000-1", text="x"), "error"),
    ("not-a-case-file", planted("notes.txt", text="hello"), "error"),
]

# ids given to `casemark new case` (the command's argument is what is hostile)
NEW_IDS: list[tuple[str, str]] = [
    ("new-id-CON", "CON"),
    ("new-id-nul", "nul"),
    ("new-id-case-clash", "c01"),
    ("new-id-250", "N" + "x" * 249),
    ("new-id-path", "../../escape"),
    ("new-id-dot", "."),
    ("new-id-empty", ""),
    ("new-id-markup", "[/]"),
]


def _file_target(where: str, kind: Callable[[Path], None]) -> Callable[[Path], Path]:
    def do(folder: Path) -> Path:
        path = {"inspection": folder / "inspection.toml", "case": case(folder), "second": case(folder, SECOND), "new": case(folder, "X1")}[where]
        kind(path)
        return path
    return do


def _key_target(where: str, spoil: Callable[[Path], None]) -> Callable[[Path], Path]:
    def do(folder: Path) -> Path:
        path = {"inspection": folder / "inspection.toml", "case": case(folder), "second": case(folder, SECOND)}[where]
        spoil(path)
        return path
    return do


def _keep(folder: Path) -> Path:
    return folder / "inspection.toml"


def battery() -> list[Hostile]:
    out: list[Hostile] = []
    for where in ("inspection", "case", "second", "new"):
        for name, kind, flagged in FILE_KINDS:
            if where == "new" and name in ("truncated", "bom", "crlf"):
                continue  # nothing to spoil in a file that is not there
            out.append(Hostile(f"{where}:{name}", _file_target(where, kind), flagged))
    for name, spoil, flagged in CASE_KEYS:
        out.append(Hostile(f"case:{name}", _key_target("case", spoil), flagged))
    for name in ("judgement-list", "judgement-table", "second-mark-of-nothing", "second-mark-of-int", "inspector-markup", "reasons-html"):
        spoil, flagged = next((s, f) for n, s, f in CASE_KEYS if n == name)
        out.append(Hostile(f"second:{name}", _key_target("second", spoil), flagged))
    for name, spoil, flagged in INSPECTION_KEYS:
        out.append(Hostile(f"inspection:{name}", _key_target("inspection", spoil), flagged))
    for name, spoil, flagged in FOLDER_KINDS:
        out.append(Hostile(f"folder:{name}", spoil, flagged))
    for name, cid in NEW_IDS:
        out.append(Hostile(f"arg:{name}", _keep, "", args={"new-id": cid}))
    return out
