"""What is wrong with a framework's files, collected: each problem has its file, its key, a code
and the message shown (`file:key: message`), as harlequin's and pyxform's loaders report them."""

from __future__ import annotations

from typing import Iterator

# the code of a problem, from how its message opens (the messages themselves stay as written)
CODES = (
    ("not valid TOML", "syntax"),
    ("file missing", "missing-file"),
    ("missing", "missing"),
    ("unknown", "unknown"),
    ("duplicate", "duplicate"),
    ("must be", "type"),
    ("needs", "required"),
    ("no ", "empty"),
)


def code_of(message: str) -> str:
    """'unknown standard 9.9' -> 'unknown'; a message opening no other way -> 'invalid'."""
    if "appears twice" in message:
        return "duplicate"
    if "differs from" in message:
        return "mismatch"
    return next((code for start, code in CODES if message.startswith(start)), "invalid")


def plain(text: str) -> str:
    """`text` (a key or a reason quoting a file's value) as one plain line: each character that does
    not print (a newline, a terminal escape, a bidi override) written as its escape, `\\x1b`."""
    return text if text.isprintable() else "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


class Problem(str):
    """One problem: the text `file:key: message` (a str, as before), with its parts."""

    file: str
    key: str
    code: str
    message: str

    def __new__(cls, file: str, key: str, message: str, code: str = "") -> "Problem":
        key, message = plain(key), plain(message)
        problem = super().__new__(cls, f"{file}:{key}: {message}" if key else f"{file}: {message}")
        problem.file, problem.key, problem.message = str(file), key, message
        problem.code = code or code_of(message)
        return problem


class Problems:
    """The problems found so far, in the order found."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, file: str, key: str, message: str, code: str = "") -> Problem:
        problem = Problem(file, key, message, code)
        self.items.append(problem)
        return problem

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)


class FrameworkError(Exception):
    """One or more problems in a framework's files; `problems` holds one `file:key: reason` each
    (each a `Problem`, with `file`, `key`, `code` and `message`)."""

    def __init__(self, problems: Problems | list[str]):
        self.problems: list[Problem] = [p if isinstance(p, Problem) else Problem(*_split(p)) for p in problems]
        super().__init__("\n".join(self.problems))


def _split(text: str) -> tuple[str, str, str]:
    file, _, rest = text.partition(": ")
    return file, "", rest
