"""Load a framework folder of TOML and validate it, reporting every problem as `file:key: reason`."""

from __future__ import annotations

import re
import tomllib
from fractions import Fraction
from pathlib import Path
from typing import Any

from .sources import read_sources
from .model import (
    OPTION_TYPES,
    PREFILL_SOURCES,
    QUESTION_TYPES,
    RATINGS,
    NOT_RATED,
    RATING_LABELS,
    Band,
    Condition,
    Domain,
    Framework,
    Group,
    Hurdle,
    KeyQuestion,
    Option,
    Prompt,
    Question,
    Questionnaire,
    Rules,
    Section,
    Standard,
    Subsample,
)
from .problems import FrameworkError, Problems

FRAMEWORKS_DIR = Path(__file__).resolve().parent
QUESTION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

BUILTIN_OPTIONS: dict[str, tuple[Option, ...]] = {
    "yes_no": (Option("yes", "Yes"), Option("no", "No")),
    "yes_no_na": (Option("yes", "Yes"), Option("no", "No"), Option("na", "Not applicable")),
    "ratings": tuple(Option(r, RATING_LABELS[r]) for r in RATINGS),
    "standard_ratings": tuple(Option(r, RATING_LABELS[r]) for r in (*RATINGS, NOT_RATED)),
}
# The reasons question after each judgement: seed 003's wording with its one typo corrected.
REASONS_TEXT = "Please record the reasons for your judgement:"
REASONS_NOTE = (
    "Seed 003 words this 'Please records the reasons for your judgement:' after every summary question; "
    "'records' is corrected to 'record' (a known defect listed in the seeds' README)."
)
CONDITION_OPERATORS = ("equals", "not_equals", "in", "contains", "answered")


def framework_ids(root: Path = FRAMEWORKS_DIR) -> list[str]:
    """The frameworks installed under `root`: folders holding a framework.toml."""
    return sorted(p.parent.name for p in root.glob("*/framework.toml"))


_CACHE: dict[Path, Framework] = {}  # the one in-memory registry: framework folder -> framework


def loaded(folder: Path) -> Framework | None:
    """The framework already loaded from `folder` (a resolved path), without touching the disk."""
    return _CACHE.get(folder)


def remember(framework: Framework, folder: Path) -> None:
    """Use `framework` (loaded elsewhere: engine.framework_cache's parsed copy) for `folder` from now on."""
    _CACHE.setdefault(Path(folder).resolve(), framework)


def load_framework(id_or_path: str | Path, root: Path = FRAMEWORKS_DIR) -> Framework:
    """Load and validate a framework by id (a folder under `root`) or by folder path. Cached."""
    path = Path(id_or_path)
    if not (path / "framework.toml").exists():
        candidate = root / str(id_or_path)
        if not re.fullmatch(r"[A-Za-z0-9_-]+", str(id_or_path)) or not (candidate / "framework.toml").exists():
            known = ", ".join(framework_ids(root)) or "none"
            problems = Problems()
            problems.add(str(id_or_path), "", f"no such framework (installed: {known})", "unknown")
            raise FrameworkError(problems)
        path = candidate
    path = path.resolve()
    if path not in _CACHE:
        _CACHE[path] = _Loader(path).load()
    return _CACHE[path]


class _Loader:
    def __init__(self, path: Path):
        self.path = path
        self.problems = Problems()
        self.file = ""

    # -- reporting -------------------------------------------------------------------------

    def problem(self, key: str, reason: str) -> None:
        self.problems.add(self.file, key, reason)

    def read(self, relative: str) -> dict[str, Any]:
        self.file = str(self.path / relative)
        if relative in getattr(self, "parsed", {}):
            return self.parsed[relative]
        try:
            with open(self.path / relative, "rb") as fh:
                return tomllib.load(fh)
        except FileNotFoundError:
            self.problems.add(self.file, "", "file missing (every framework needs it)")
        except tomllib.TOMLDecodeError as exc:
            self.problems.add(self.file, "", f"not valid TOML: {exc} (fix the syntax there)")
        return {}

    def field(self, table: dict, key: str, where: str, kind: type, default: Any = None) -> Any:
        if key not in table:
            self.problem(f"{where}.{key}" if where else key, f"missing (add a {kind.__name__})")
            return default
        value = table[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.problem(f"{where}.{key}" if where else key, f"must be a {kind.__name__}, not {type(value).__name__}")
            return default
        return value

    # -- the whole framework ---------------------------------------------------------------

    def load(self) -> Framework:
        # Parse every file first: a file that does not parse is the one problem worth reporting.
        qdir = self.path / "questionnaires"
        files = ["framework.toml", "standards.toml"]
        files += [f"questionnaires/{f.name}" for f in sorted(qdir.glob("*.toml"))] if qdir.is_dir() else []
        self.parsed = {relative: self.read(relative) for relative in files}
        if self.problems:
            raise FrameworkError(self.problems)
        meta = self.read("framework.toml")
        meta_file = self.file
        fid = self.field(meta, "id", "", str, "")
        if fid and fid != self.path.name:
            self.problem("id", f"'{fid}' differs from the folder name '{self.path.name}' (make them equal)")
        option_lists = dict(BUILTIN_OPTIONS)
        option_sources: dict[str, str] = {}
        for name, spec in meta.get("options", {}).items():
            if name in BUILTIN_OPTIONS:
                self.problem(f"options.{name}", "redefines a built-in option list (choose another name)")
                continue
            option_lists[name] = self.options(spec.get("values"), f"options.{name}.values")
            option_sources[name] = spec.get("source", "")
        self.option_lists = option_lists

        domains = self.standards_tree()
        self.domains = domains
        self.standard_ids = {s.id for d in domains for s in d.standards}
        self.kq_ids = {k.id: s.id for d in domains for s in d.standards for k in s.key_questions}
        self.prompts = {p.id: p for d in domains for s in d.standards for k in s.key_questions for p in k.prompts}

        questionnaires: dict[str, Questionnaire] = {}
        for relative in files[2:]:
            questionnaire = self.questionnaire(relative)
            if questionnaire:
                if questionnaire.id in questionnaires:
                    self.problem("id", f"duplicate questionnaire id '{questionnaire.id}'")
                questionnaires[questionnaire.id] = questionnaire
        if not questionnaires:
            self.problems.add(str(qdir), "", "no questionnaires (add questionnaires/<id>.toml)")

        self.file = meta_file
        sources = read_sources(meta.get("sources"), self.path, self.problem)
        rules = self.rules(meta.get("rules", {}), questionnaires)
        if self.problems:
            raise FrameworkError(self.problems)
        return Framework(
            id=fid,
            title=meta.get("title", fid),
            source=meta.get("source", ""),
            version=str(meta.get("version", "")),
            path=str(self.path),
            domains=domains,
            rules=rules,
            questionnaires=questionnaires,
            option_lists=option_lists,
            option_sources=option_sources,
            sources=sources,
        )

    def options(self, values: Any, key: str) -> tuple[Option, ...]:
        if not isinstance(values, list) or not values:
            self.problem(key, "must be a non-empty list of {value, label} tables")
            return ()
        out = []
        for i, item in enumerate(values):
            if not isinstance(item, dict) or not isinstance(item.get("value"), str) or not isinstance(item.get("label"), str):
                self.problem(f"{key}[{i}]", "must be a table with string 'value' and 'label'")
                continue
            out.append(Option(item["value"], item["label"]))
        seen = [o.value for o in out]
        for value in {v for v in seen if seen.count(v) > 1}:
            self.problem(key, f"option value '{value}' appears twice (values must be unique)")
        return tuple(out)

    # -- standards.toml --------------------------------------------------------------------

    def standards_tree(self) -> tuple[Domain, ...]:
        data = self.read("standards.toml")
        domains = []
        seen: set[str] = set()

        def unique(key: str, ident: str) -> None:
            if ident in seen:
                self.problem(key, f"duplicate id '{ident}' (ids must be unique)")
            seen.add(ident)

        for di, d in enumerate(data.get("domains", [])):
            dkey = f"domains[{di}]"
            did = self.field(d, "id", dkey, str, "")
            standards = []
            for si, s in enumerate(d.get("standards", [])):
                skey = f"{dkey}.standards[{si}]"
                sid = self.field(s, "id", skey, str, "")
                unique(f"{skey}.id", sid)
                kqs = []
                for ki, k in enumerate(s.get("key_questions", [])):
                    kkey = f"{skey}.key_questions[{ki}]"
                    kid = self.field(k, "id", kkey, str, "")
                    unique(f"{kkey}.id", kid)
                    prompts = []
                    for pi, p in enumerate(k.get("prompts", [])):
                        pkey = f"{kkey}.prompts[{pi}]"
                        letter = self.field(p, "letter", pkey, str, "")
                        unique(f"{pkey}.letter", kid + letter)
                        prompts.append(Prompt(kid + letter, letter, self.field(p, "text", pkey, str, "")))
                    kqs.append(KeyQuestion(kid, self.field(k, "text", kkey, str, ""), tuple(prompts), k.get("theme", "")))
                standards.append(
                    Standard(
                        id=sid,
                        title=self.field(s, "title", skey, str, ""),
                        headline=self.field(s, "headline", skey, str, ""),
                        key_questions=tuple(kqs),
                        modular=bool(s.get("modular", False)),
                        domain=did,
                    )
                )
            domains.append(Domain(did, self.field(d, "title", dkey, str, ""), tuple(standards)))
        if not domains and data:
            self.problem("domains", "no domains (add [[domains]] tables)")
        return tuple(domains)

    # -- questionnaires --------------------------------------------------------------------

    def questionnaire(self, relative: str) -> Questionnaire | None:
        data = self.read(relative)
        if not data:
            return None
        qid = self.field(data, "id", "", str, "")
        kind = data.get("kind", "case")
        if kind not in ("case", "inspection"):
            self.problem("kind", f"unknown kind '{kind}' (use case or inspection)")
        standards = tuple(data.get("standards", []))
        for sid in standards:
            if sid not in self.standard_ids:
                self.problem("standards", f"unknown standard '{sid}'")
        self.seen_questions: dict[str, Question] = {}
        sections = []
        for si, s in enumerate(data.get("sections", [])):
            skey = f"sections[{si}]"
            groups = []
            for gi, g in enumerate(s.get("groups", [])):
                groups.append(self.group(g, f"{skey}.groups[{gi}]"))
            if "questions" in s:
                groups.append(self.group({"id": s.get("id", ""), "questions": s["questions"]}, skey))
            sections.append(Section(self.field(s, "id", skey, str, ""), s.get("title", ""), tuple(groups), s.get("intro", "")))
        if not sections:
            self.problem("sections", "no sections (add [[sections]] with questions)")
        return Questionnaire(qid, data.get("title", qid), kind, standards, tuple(sections))

    def group(self, g: dict, gkey: str) -> Group:
        kq = g.get("from_key_question", g.get("key_question", ""))
        if kq and kq not in self.kq_ids:
            self.problem(f"{gkey}.key_question", f"unknown key question '{kq}'")
        questions: list[Question] = []
        if g.get("from_key_question") and kq in self.kq_ids:
            raw = self.expand(g, gkey)
        else:
            raw = [(f"{gkey}.questions[{i}]", q) for i, q in enumerate(g.get("questions", []))]
        for qkey, q in raw:
            question = self.question(q, qkey)
            if question:
                questions.append(question)
        title = g.get("title")
        if title is None and kq in self.kq_ids:
            title = f"{kq} {self.kq_text(kq)}"
        return Group(g.get("id", kq), title or "", tuple(questions), kq)

    def kq_text(self, kid: str) -> str:
        return next(k.text for d in self.domains for s in d.standards for k in s.key_questions if k.id == kid)

    def expand(self, g: dict, gkey: str) -> list[tuple[str, dict]]:
        """Generate prompts, judgement and reasons for a `from_key_question` group."""
        kid = g["from_key_question"]
        guidance = g.get("guidance", {})
        prompt_type = g.get("prompt_type", "yes_no_na")
        out: list[tuple[str, dict]] = []

        def with_guidance(qid: str, q: dict) -> dict:
            extra = guidance.get(qid)
            if isinstance(extra, dict):
                q["guidance"] = extra.get("text", "")
                if extra.get("source_id"):
                    q["guidance_source"] = extra["source_id"]
                if extra.get("note"):
                    q["note"] = extra["note"]
            return q

        for p in (p for p in self.prompts.values() if p.id[: len(kid)] == kid and p.id[len(kid):].isalpha()):
            out.append((f"{gkey}.prompts.{p.id}", with_guidance(p.id, {
                "id": p.id, "text": p.text, "type": prompt_type, "role": "prompt" if prompt_type != "longtext" else "evidence",
            })))
        judgement = {
            "id": kid,
            "text": g.get("judgement_text", self.kq_text(kid)),
            "type": g.get("judgement_type", "yes_no"),
            "role": "judgement",
            "required": True,
        }
        if "judgement_options" in g:
            judgement["options"] = g["judgement_options"]
        if g.get("judgement_feeds_rating", judgement["type"] == "yes_no"):
            judgement["key_question"] = kid
        out.append((f"{gkey}.judgement", with_guidance(kid, judgement)))
        if g.get("reasons", False):
            out.append((f"{gkey}.reasons", with_guidance(f"{kid}.reasons", {
                "id": f"{kid}.reasons",
                "text": g.get("reasons_text", REASONS_TEXT),
                "note": g.get("reasons_note", REASONS_NOTE if "reasons_text" not in g else ""),
                "type": "longtext",
                "role": "reasons",
                "required": True,
                "show_if": {"question": kid, "answered": True},
            })))
        return out

    def question(self, q: dict, qkey: str) -> Question | None:
        qid = self.field(q, "id", qkey, str, "")
        if not qid:
            return None
        key = f"{qkey}({qid})"
        if not QUESTION_ID.match(qid):
            self.problem(f"{key}.id", "ids are letters, digits, '.', '-' and '_' (rename it)")
        if qid in self.seen_questions:
            self.problem(f"{key}.id", f"duplicate question id '{qid}' (give each question its own id)")
        qtype = self.field(q, "type", key, str, "")
        if qtype and qtype not in QUESTION_TYPES:
            self.problem(f"{key}.type", f"unknown type '{qtype}' (use one of {', '.join(QUESTION_TYPES)})")
        options: tuple[Option, ...] = ()
        options_name = ""
        spec = q.get("options")
        if qtype in ("yes_no", "yes_no_na") and spec is None:
            spec = qtype
        if qtype == "classification" and spec is None:
            spec = "classification"
        if isinstance(spec, str):
            if spec not in self.option_lists:
                self.problem(f"{key}.options", f"unknown option list '{spec}' (define it under [options.{spec}] in framework.toml)")
            options, options_name = self.option_lists.get(spec, ()), spec
        elif spec is not None:
            options = self.options(spec, f"{key}.options")
        if qtype in OPTION_TYPES and not options and spec is None:
            self.problem(f"{key}.options", f"a {qtype} question needs options (a list name or inline list)")
        if qtype and qtype not in OPTION_TYPES and spec is not None:
            self.problem(f"{key}.options", f"a {qtype} question takes no options (remove them)")
        condition = None
        if "show_if" in q:
            condition = self.condition(q["show_if"], f"{key}.show_if")
        kq = q.get("key_question", "")
        if kq and kq not in self.kq_ids:
            self.problem(f"{key}.key_question", f"unknown key question '{kq}'")
        rates = q.get("rates_standard", "")
        if rates and rates not in self.standard_ids:
            self.problem(f"{key}.rates_standard", f"unknown standard '{rates}'")
        unknown = set(q) - {
            "id", "text", "type", "guidance", "options", "required", "show_if", "key_question",
            "rates_standard", "source_id", "note", "role", "guidance_source", "min", "max",
            "prefill",
        }
        for name in sorted(unknown):
            self.problem(f"{key}.{name}", "unknown field (see docs/framework-format.md)")
        prefill = q.get("prefill", "")
        if prefill not in PREFILL_SOURCES and "prefill" in q:
            self.problem(f"{key}.prefill", f"unknown source {prefill!r} (use one of {', '.join(PREFILL_SOURCES)})")
            prefill = ""
        elif prefill and qtype == "info":
            self.problem(f"{key}.prefill", "an info question takes no answer (remove prefill)")
            prefill = ""
        bounds = {}
        for name, field_name in (("min", "minimum"), ("max", "maximum")):
            if name not in q:
                continue
            if qtype != "number":
                self.problem(f"{key}.{name}", f"only a number question takes {name} (remove it)")
            elif isinstance(q[name], bool) or not isinstance(q[name], int):
                self.problem(f"{key}.{name}", f"must be a whole number, not {q[name]!r}")
            else:
                bounds[field_name] = q[name]
        if bounds.get("minimum") is not None and bounds.get("maximum") is not None and bounds["minimum"] > bounds["maximum"]:
            self.problem(f"{key}.min", f"{bounds['minimum']} is more than max = {bounds['maximum']} (swap them)")
        question = Question(
            id=qid,
            text=self.field(q, "text", key, str, ""),
            type=qtype,
            guidance=q.get("guidance", ""),
            options=options,
            options_name=options_name,
            required=bool(q.get("required", False)),
            show_if=condition,
            key_question=kq,
            rates_standard=rates,
            source_id=q.get("source_id", q.get("guidance_source", "")),
            note=q.get("note", ""),
            role=q.get("role", ""),
            prefill=prefill,
            **bounds,
        )
        self.seen_questions[qid] = question
        return question

    def condition(self, spec: Any, key: str) -> Condition | None:
        if not isinstance(spec, dict):
            self.problem(key, "must be a table such as { question = \"A2.5\", equals = \"no\" }")
            return None
        if "all" in spec or "any" in spec:
            which = "all" if "all" in spec else "any"
            parts = tuple(c for i, s in enumerate(spec[which]) if (c := self.condition(s, f"{key}.{which}[{i}]")))
            return Condition(**{which: parts})
        target = spec.get("question", "")
        ops = [op for op in CONDITION_OPERATORS if op in spec]
        if len(ops) != 1:
            self.problem(key, f"needs exactly one of {', '.join(CONDITION_OPERATORS)}")
            return None
        earlier = self.seen_questions.get(target)
        if earlier is None:
            self.problem(f"{key}.question", f"'{target}' is not an earlier question of this questionnaire (show_if may only look back)")
            return None
        op = ops[0]
        value = spec[op]
        values = value if isinstance(value, list) else [value]
        if op != "answered":
            allowed = {o.value for o in earlier.options}
            if not earlier.options:
                self.problem(f"{key}.{op}", f"'{target}' has no options to compare with (use answered = true)")
            for v in values:
                if earlier.options and v not in allowed:
                    self.problem(f"{key}.{op}", f"'{v}' is not an option of '{target}' (use one of {', '.join(sorted(allowed))})")
        elif not isinstance(value, bool):
            self.problem(f"{key}.answered", "must be true or false")
        kwargs: dict[str, Any] = {"question": target}
        kwargs["in_" if op == "in" else op] = tuple(values) if op == "in" else value
        return Condition(**kwargs)

    # -- rules -----------------------------------------------------------------------------

    def rules(self, r: dict, questionnaires: dict[str, Questionnaire]) -> Rules:
        ratings = tuple(r.get("ratings", RATINGS))
        for rating in ratings:
            if rating not in RATINGS:
                self.problem("rules.ratings", f"unknown rating '{rating}' (use {', '.join(RATINGS)})")
        scores = r.get("scores", {})
        for rating in ratings:
            if not isinstance(scores.get(rating), int):
                self.problem(f"rules.scores.{rating}", "missing score (an integer)")

        def bands(key: str, minimum: str) -> tuple[Band, ...]:
            out = []
            for i, b in enumerate(r.get(key, [])):
                if b.get("rating") not in ratings:
                    self.problem(f"rules.{key}[{i}].rating", f"unknown rating '{b.get('rating')}'")
                if not isinstance(b.get(minimum), (int, float)):
                    self.problem(f"rules.{key}[{i}].{minimum}", "missing (a number)")
                    continue
                out.append(Band(b["rating"], Fraction(str(b[minimum]))))
            if not out:
                self.problem(f"rules.{key}", "no bands (add [[rules.%s]] tables)" % key)
            if [b.minimum for b in out] != sorted((b.minimum for b in out), reverse=True):
                self.problem(f"rules.{key}", f"bands must run from the highest {minimum} down")
            return tuple(out)

        kq_bands = bands("key_question_bands", "min_percent")
        composite_bands = bands("composite_bands", "min_score")
        st = r.get("standards", {})
        lists = {name: tuple(st.get(name, [])) for name in ("case_based", "judged", "unscored")}
        for name, ids in lists.items():
            for sid in ids:
                if sid not in self.standard_ids:
                    self.problem(f"rules.standards.{name}", f"unknown standard '{sid}'")
        for sid in sorted(self.standard_ids):
            if (sid in lists["case_based"]) == (sid in lists["judged"]):
                self.problem("rules.standards", f"standard '{sid}' must be in exactly one of case_based and judged")
        for sid in lists["case_based"]:
            standard = next((s for d in self.domains for s in d.standards if s.id == sid), None)
            for kq in standard.key_questions if standard else ():
                if not any(kq.id in q.judgements() for q in questionnaires.values()):
                    self.problem("rules.standards.case_based", f"key question '{kq.id}' of '{sid}' has no judgement question in any questionnaire (add key_question = \"{kq.id}\" to one)")
        hurdles = []
        for i, h in enumerate(r.get("hurdles", [])):
            if h.get("standard") not in self.standard_ids:
                self.problem(f"rules.hurdles[{i}].standard", f"unknown standard '{h.get('standard')}'")
            for name in ("when", "overall", "becomes"):
                if h.get(name) not in ratings:
                    self.problem(f"rules.hurdles[{i}].{name}", f"unknown rating '{h.get(name)}'")
            hurdles.append(Hurdle(h.get("standard", ""), h.get("when", ""), h.get("overall", ""), h.get("becomes", "")))
        subsamples = []
        for i, s in enumerate(r.get("subsamples", [])):
            key = f"rules.subsamples[{i}]"
            for kid in s.get("key_questions", []):
                if kid not in self.kq_ids:
                    self.problem(f"{key}.key_questions", f"unknown key question '{kid}'")
            for name in ("classification", "accurate", "corrected"):
                if not any(q.question(s.get(name, "")) for q in questionnaires.values()):
                    self.problem(f"{key}.{name}", f"unknown question '{s.get(name)}'")
            subsamples.append(Subsample(tuple(s.get("key_questions", [])), s.get("classification", ""), s.get("accurate", ""), s.get("corrected", ""), s.get("at_least", "medium")))
        composite_max = r.get("composite_max", 36)
        if not isinstance(composite_max, int) or composite_max <= 0:
            self.problem("rules.composite_max", "must be a positive integer")
            composite_max = 36
        return Rules(
            ratings=ratings,
            scores={k: v for k, v in scores.items() if isinstance(v, int)},
            key_question_bands=kq_bands,
            composite_max=composite_max,
            composite_bands=composite_bands,
            case_based=lists["case_based"],
            judged=lists["judged"],
            unscored=lists["unscored"],
            hurdles=tuple(hurdles),
            subsamples=tuple(subsamples),
        )
