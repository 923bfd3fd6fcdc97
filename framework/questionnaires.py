"""A questionnaire file (questionnaires/<id>.toml): its sections and groups, and the questions a
`from_key_question` group generates from the standards tree (prompts, judgement, reasons)."""

from __future__ import annotations

from .model import Group, Option, Question, Questionnaire, Section
from .questions import read_question
from .reader import Reader, expected
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
        standards = reader.strings(data, "standards", "")
        for sid in standards:
            if sid not in self.index.standard_ids:
                reader.problem("standards", f"unknown standard '{sid}'")
        self.seen_questions = {}
        sections = []
        for skey, s in reader.tables(data, "sections", ""):
            groups = [self.group(g, gkey) for gkey, g in reader.tables(s, "groups", skey)]
            sid = reader.field(s, "id", skey, str, "")
            if "questions" in s:
                groups.append(self.group({"id": sid, "questions": s["questions"]}, skey))
            title, intro = (reader.optional(s, name, skey, str, "") for name in ("title", "intro"))
            sections.append(Section(sid, title, tuple(groups), intro))
        if not sections:
            reader.problem("sections", "no sections (add [[sections]] with questions)")
        return Questionnaire(qid, reader.optional(data, "title", "", str, qid), kind, standards, tuple(sections))

    def group(self, g: dict, gkey: str) -> Group:
        kq_ids = self.index.kq_ids
        reader = self.reader
        from_kq = reader.optional(g, "from_key_question", gkey, str, "")
        kq = from_kq if "from_key_question" in g else reader.optional(g, "key_question", gkey, str, "")
        if kq and kq not in kq_ids:
            self.reader.problem(f"{gkey}.key_question", f"unknown key question '{kq}'")
        questions: list[Question] = []
        if from_kq and kq in kq_ids:
            raw = self.expand(g, gkey)
        else:
            raw = reader.tables(g, "questions", gkey)
        for qkey, q in raw:
            question = read_question(self.reader, q, qkey, self.option_lists, self.index, self.seen_questions)
            if question:
                questions.append(question)
        title = reader.optional(g, "title", gkey, str, None)
        if title is None and kq in kq_ids:
            title = f"{kq} {self.index.kq_text(kq)}"
        return Group(reader.optional(g, "id", gkey, str, kq), title or "", tuple(questions), kq)

    def expand(self, g: dict, gkey: str) -> list[tuple[str, dict]]:
        """Generate prompts, judgement and reasons for a `from_key_question` group."""
        kid = g["from_key_question"]
        reader = self.reader
        guidance = reader.table(g, "guidance", gkey, 'a table of guidance by question id ({ "2.1.1a" = { text = "..." } })')

        def text(key: str, default: str) -> str:
            return reader.optional(g, key, gkey, str, default)

        def flag(key: str, default: bool) -> bool:
            return reader.optional(g, key, gkey, bool, default)

        prompt_type = text("prompt_type", "yes_no_na")
        out: list[tuple[str, dict]] = []

        def with_guidance(qid: str, q: dict) -> dict:
            if qid not in guidance:
                return q
            where = f'{gkey}.guidance."{qid}"'
            extra = guidance[qid]
            if not isinstance(extra, dict):
                reader.problem(where, expected('a table such as { text = "..." }', extra))
                return q
            q["guidance"] = reader.optional(extra, "text", where, str, "")
            for name, field in (("source_id", "guidance_source"), ("note", "note")):
                if value := reader.optional(extra, name, where, str, ""):
                    q[field] = value
            return q

        prompts = self.index.prompts.values()
        for p in (p for p in prompts if p.id[: len(kid)] == kid and p.id[len(kid):].isalpha()):
            out.append((f"{gkey}.prompts.{p.id}", with_guidance(p.id, {
                "id": p.id, "text": p.text, "type": prompt_type, "role": "prompt" if prompt_type != "longtext" else "evidence",
            })))
        judgement = {
            "id": kid,
            "text": text("judgement_text", self.index.kq_text(kid)),
            "type": text("judgement_type", "yes_no"),
            "role": "judgement",
            "required": True,
        }
        if "judgement_options" in g:
            judgement["options"] = g["judgement_options"]
        if flag("judgement_feeds_rating", judgement["type"] == "yes_no"):
            judgement["key_question"] = kid
        out.append((f"{gkey}.judgement", with_guidance(kid, judgement)))
        if flag("reasons", False):
            out.append((f"{gkey}.reasons", with_guidance(f"{kid}.reasons", {
                "id": f"{kid}.reasons",
                "text": text("reasons_text", REASONS_TEXT),
                "note": text("reasons_note", REASONS_NOTE if "reasons_text" not in g else ""),
                "type": "longtext",
                "role": "reasons",
                "required": True,
                "show_if": {"question": kid, "answered": True},
            })))
        return out
