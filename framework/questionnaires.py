"""A questionnaire file (questionnaires/<id>.toml): its sections and groups, and the questions a
`from_key_question` group generates from the standards tree (prompts, judgement, reasons)."""

from __future__ import annotations

from .model import Group, Option, Question, Questionnaire, Section
from .questions import read_question
from .reader import Reader
from .standards import StandardsIndex

# The reasons question after each judgement: seed 003's wording with its one typo corrected.
REASONS_TEXT = "Please record the reasons for your judgement:"
REASONS_NOTE = (
    "Seed 003 words this 'Please records the reasons for your judgement:' after every summary question; "
    "'records' is corrected to 'record' (a known defect listed in the seeds' README)."
)


class QuestionnaireReader:
    """Reads questionnaire files against one framework's standards and option lists."""

    def __init__(self, reader: Reader, index: StandardsIndex, option_lists: dict[str, tuple[Option, ...]]):
        self.reader = reader
        self.index = index
        self.option_lists = option_lists
        self.seen_questions: dict[str, Question] = {}

    def questionnaire(self, relative: str) -> Questionnaire | None:
        reader = self.reader
        data = reader.read(relative)
        if not data:
            return None
        qid = reader.field(data, "id", "", str, "")
        kind = data.get("kind", "case")
        if kind not in ("case", "inspection"):
            reader.problem("kind", f"unknown kind '{kind}' (use case or inspection)")
        standards = tuple(data.get("standards", []))
        for sid in standards:
            if sid not in self.index.standard_ids:
                reader.problem("standards", f"unknown standard '{sid}'")
        self.seen_questions = {}
        sections = []
        for si, s in enumerate(data.get("sections", [])):
            skey = f"sections[{si}]"
            groups = []
            for gi, g in enumerate(s.get("groups", [])):
                groups.append(self.group(g, f"{skey}.groups[{gi}]"))
            if "questions" in s:
                groups.append(self.group({"id": s.get("id", ""), "questions": s["questions"]}, skey))
            sections.append(Section(reader.field(s, "id", skey, str, ""), s.get("title", ""), tuple(groups), s.get("intro", "")))
        if not sections:
            reader.problem("sections", "no sections (add [[sections]] with questions)")
        return Questionnaire(qid, data.get("title", qid), kind, standards, tuple(sections))

    def group(self, g: dict, gkey: str) -> Group:
        kq_ids = self.index.kq_ids
        kq = g.get("from_key_question", g.get("key_question", ""))
        if kq and kq not in kq_ids:
            self.reader.problem(f"{gkey}.key_question", f"unknown key question '{kq}'")
        questions: list[Question] = []
        if g.get("from_key_question") and kq in kq_ids:
            raw = self.expand(g, gkey)
        else:
            raw = [(f"{gkey}.questions[{i}]", q) for i, q in enumerate(g.get("questions", []))]
        for qkey, q in raw:
            question = read_question(self.reader, q, qkey, self.option_lists, self.index, self.seen_questions)
            if question:
                questions.append(question)
        title = g.get("title")
        if title is None and kq in kq_ids:
            title = f"{kq} {self.index.kq_text(kq)}"
        return Group(g.get("id", kq), title or "", tuple(questions), kq)

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

        prompts = self.index.prompts.values()
        for p in (p for p in prompts if p.id[: len(kid)] == kid and p.id[len(kid):].isalpha()):
            out.append((f"{gkey}.prompts.{p.id}", with_guidance(p.id, {
                "id": p.id, "text": p.text, "type": prompt_type, "role": "prompt" if prompt_type != "longtext" else "evidence",
            })))
        judgement = {
            "id": kid,
            "text": g.get("judgement_text", self.index.kq_text(kid)),
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
