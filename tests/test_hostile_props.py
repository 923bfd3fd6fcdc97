"""Generated case files and mutations of them: `validate` and `ratings` never raise, never print a
traceback, and exit 0 or 1 (hypothesis)."""

from __future__ import annotations

import datetime as dt
import shutil
import tomllib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from test_hostile import run_in_process

from casemark.engine import tomlfile

DEMO = Path(__file__).resolve().parent.parent / "saved" / "demo-anytown"
BASE = tomllib.loads((DEMO / "cases" / "C01.toml").read_text())
TOP_KEYS = [*BASE, "second_mark_of", "acknowledged", "colour"]
ANSWER_KEYS = [*BASE["answers"], "Z9", "2.1.1", "I2.6", "I3.7"]

scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["yes", "no", "complete", "excluded", "court", "youth-2021", "C02", "[/]", "<script>", "../x"]),
    st.dates(),
    st.datetimes(timezones=st.sampled_from([None, dt.timezone.utc])),
)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=3)), max_leaves=8)
mutation = st.one_of(
    st.tuples(st.just("top"), st.sampled_from(TOP_KEYS), values),
    st.tuples(st.just("answer"), st.sampled_from(ANSWER_KEYS), values),
    st.tuples(st.just("drop"), st.sampled_from(TOP_KEYS), st.none()),
)


def apply(doc: dict, mutations) -> dict:
    doc = {k: (dict(v) if isinstance(v, dict) else v) for k, v in doc.items()}
    for kind, key, value in mutations:
        if kind == "top":
            doc[key] = value
        elif kind == "drop":
            doc.pop(key, None)
        elif isinstance(doc.get("answers"), dict):
            doc["answers"][key] = value
    return doc


def check(folder: Path) -> None:
    for argv in (["validate", str(folder)], ["ratings", str(folder)], ["ratings", str(folder), "--json"]):
        r = run_in_process(argv)
        assert r["rc"] in (0, 1), (argv, r)
        assert "Traceback" not in r["err"] and "internal error" not in r["err"], (argv, r["err"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mutations=st.lists(mutation, min_size=1, max_size=5))
def test_mutated_case_files_never_break_validate_or_ratings(tmp_path_factory, mutations) -> None:
    folder = tmp_path_factory.mktemp("props") / "demo-anytown"
    (folder / "cases").mkdir(parents=True)
    shutil.copy(DEMO / "inspection.toml", folder / "inspection.toml")
    shutil.copy(DEMO / "cases" / "C02.toml", folder / "cases" / "C02.toml")
    (folder / "cases" / "C01.toml").write_text(tomlfile.dumps(apply(BASE, mutations)))
    check(folder)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(cut=st.integers(min_value=0, max_value=5000), junk=st.binary(max_size=40))
def test_damaged_bytes_never_break_validate_or_ratings(tmp_path_factory, cut, junk) -> None:
    folder = tmp_path_factory.mktemp("bytes") / "demo-anytown"
    (folder / "cases").mkdir(parents=True)
    shutil.copy(DEMO / "inspection.toml", folder / "inspection.toml")
    data = (DEMO / "cases" / "C01.toml").read_bytes()
    cut = min(cut, len(data))
    (folder / "cases" / "C01.toml").write_bytes(data[:cut] + junk + data[cut + len(junk):])
    check(folder)
