"""Property tests: whatever the answers, save then load gives the same case, and re-saving is
byte-identical."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casemark.engine import tomlfile
from casemark.engine.model import Case
from casemark.engine.store import Store
from casemark.framework import load_framework

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FW = load_framework(FIXTURES / "store-fw")
COURT = FW.questionnaires["court"]

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)
datetimes = st.datetimes(
    min_value=dt.datetime(1970, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(dt.timezone.utc)
).map(lambda d: d.replace(microsecond=0))
scalars = st.one_of(text, st.integers(-(2**63), 2**63 - 1), st.booleans(), datetimes)
values = st.one_of(scalars, st.lists(text, max_size=4))
keys = st.one_of(st.sampled_from([q.id for q in COURT.questions()]), text)


@given(st.dictionaries(text, values, max_size=8))
@settings(max_examples=300)
def test_toml_text_round_trips(table: dict) -> None:
    doc = {"schema": 1, "answers": table}
    out = tomlfile.dumps(doc)
    assert tomlfile.loads(out) == doc
    assert tomlfile.dumps(tomlfile.loads(out)) == out


def valid_answer(q):
    opts = [o.value for o in q.options]
    if q.type in ("yes_no", "yes_no_na", "choice", "classification"):
        return st.sampled_from(opts)
    if q.type == "multi":
        return st.lists(st.sampled_from(opts), unique=True, min_size=1)
    if q.type == "number":
        return st.integers(0, 10**6)
    return text


answerable = [q for q in COURT.questions() if q.answerable]
valid_answers = st.fixed_dictionaries({}, optional={q.id: valid_answer(q) for q in answerable})
stray_answers = st.dictionaries(keys, values, max_size=4)  # unknown ids, wrong types: kept as they are


@given(
    valid_answers,
    stray_answers,
    st.sampled_from(["in-progress", "excluded"]),
    text,
    text,
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_save_then_load_gives_the_same_case(answers: dict, stray: dict, status: str, inspector: str, reason: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(tmp, framework_root=FIXTURES)
        store.create_inspection("i", "S", framework="store-fw")
        case = store.create_case("i", "C", "court", inspector=inspector)
        case.answers = {**stray, **answers}
        case.status = status
        case.exclusion_reason = reason if status == "excluded" else ""
        store.save_case("i", case)
        loaded = store.load_case("i", "C")
        assert loaded == case
        assert isinstance(loaded, Case) and loaded.answers == case.answers
        path = store.case_path("i", "C")
        before = path.read_bytes()
        store.save_case("i", loaded)
        assert path.read_bytes() == before
        assert store.case_text(loaded).encode() == before
