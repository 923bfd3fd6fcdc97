"""Writing an export to files, for `casemark export` and the app alike: never over an existing file
without `force`, never half-written, never from an inspection with unreadable case files."""

from __future__ import annotations

import os
from pathlib import Path

from ..csv_cells import utf8_bom
from ..errors import DISK_FULL, mount_point
from ..tomlfile import write_temp
from . import build
from ..opening import Opened as ReportSource, read_inspection
from ..errors import StoreError
from ..store import Store

CODEBOOK_SUFFIX = ".questions.csv"
FILE_NAMES = {  # the default file name of each format, after the inspection id
    "report-md": "report.md",
    "report-html": "report.html",
    "answers-csv": "answers.csv",
    "questions-csv": "questions.csv",
    "ratings-csv": "ratings.csv",
    "ratings-json": "ratings.json",
    "inspectors-csv": "inspectors.csv",
}


class ExportError(Exception):
    """An export that was refused or failed; the message says what to do. Nothing was written
    (or, for a failure on a second file, what was written is named in the message)."""


class ExistsError(ExportError):
    """The file (or its codebook) is there already and `force` was not given: `paths` are those."""

    def __init__(self, paths: list[Path]):
        super().__init__(f"{', '.join(map(str, paths))} already exists; nothing written (add --force to overwrite, or choose another -o FILE)")
        self.paths = paths


def default_file(iid: str, fmt: str) -> str:
    """demo-anytown, report-html -> demo-anytown-report.html"""
    return f"{iid}-{FILE_NAMES[fmt]}"


def codebook_path(output: Path) -> Path:
    """answers.csv -> answers.questions.csv"""
    return output.with_name(output.stem + CODEBOOK_SUFFIX)


def refuse_unreadable(source: ReportSource, folder: str | Path) -> None:
    """ExportError if some case file cannot be read: the export would silently leave it out."""
    if source.unreadable:
        raise ExportError(
            f"nothing written: {len(source.unreadable)} case file(s) cannot be read, so the export would leave them "
            f"out (fix them first; casemark validate {folder} lists every problem)"
        )


def write_export(source: ReportSource, fmt: str, output: Path, force: bool = False) -> list[Path]:
    """Build export `fmt` of `source` and write it to `output` (answers-csv: and its codebook
    beside it; every CSV file starts with a UTF-8 byte-order mark). Returns the files written. ExportError, with nothing overwritten, if a file exists
    and not `force`, or if the folder cannot be written."""
    targets = [(output, build(fmt, source))]
    if fmt == "answers-csv":
        targets.append((codebook_path(output), build("questions-csv", source)))
    if fmt.endswith("-csv"):  # a file is for Excel too: a BOM so it reads UTF-8 (stdout stays without)
        targets = [(path, utf8_bom(text)) for path, text in targets]
    if not force:
        existing = [path for path, _ in targets if path.exists()]
        if existing:
            raise ExistsError(existing)
    written: list[Path] = []
    for path, content in targets:
        try:
            write_new(path, content, force)
        except FileExistsError:
            raise ExportError(f"{path} appeared meanwhile; not overwritten (add --force to overwrite)") from None
        except OSError as exc:
            done = f" ({', '.join(map(str, written))} was written)" if written else ""
            if exc.errno in DISK_FULL:
                raise ExportError(f"{path}: not saved: the disk is full (free space on {mount_point(path)} and try again){done}") from None
            raise ExportError(f"{path}: not saved: {exc.strerror} (check the folder exists and is writable){done}") from None
        written.append(path)
    return written


def write_new(path: Path, text: str, force: bool) -> None:
    """Write atomically; without `force`, refuse (FileExistsError) if `path` exists, even if it
    appears meanwhile."""
    tmp = write_temp(path, text.encode("utf-8"))  # an unpredictable name, O_EXCL|O_NOFOLLOW: a planted link is never followed
    try:
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if path exists: no race with another writer
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links
                with open(path, "x", encoding="utf-8", newline="") as fh:
                    fh.write(text)
    finally:
        if os.path.lexists(tmp):
            tmp.unlink()


def export_saved(store: Store, iid: str, fmt: str, output: Path, force: bool = False) -> list[Path]:
    """Export inspection `iid` as saved on disk (what is saved is what is exported) to `output`,
    as `casemark export` does; ExportError (one line) if it cannot be read or a case file cannot."""
    try:
        source = read_inspection(store, iid)
    except StoreError as exc:
        raise ExportError(str(exc)) from None
    refuse_unreadable(source, source.folder)
    return write_export(source, fmt, output, force)
