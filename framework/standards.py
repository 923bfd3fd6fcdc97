"""standards.toml: the domains, their standards, key questions and prompts, read into the model
and indexed by id for the questionnaires and rules that refer to them."""

from __future__ import annotations

from .model import Domain, KeyQuestion, Prompt, Standard
from .reader import Reader


class StandardsIndex:
    """The standards tree, with its ids looked up: what questionnaires and rules may name."""

    def __init__(self, domains: tuple[Domain, ...]):
        self.domains = domains
        self.standard_ids = {s.id for d in domains for s in d.standards}
        self.kq_ids = {k.id: s.id for d in domains for s in d.standards for k in s.key_questions}
        self.prompts = {p.id: p for d in domains for s in d.standards for k in s.key_questions for p in k.prompts}

    def kq_text(self, kid: str) -> str:
        return next(k.text for d in self.domains for s in d.standards for k in s.key_questions if k.id == kid)

    def standard(self, sid: str) -> Standard | None:
        return next((s for d in self.domains for s in d.standards if s.id == sid), None)


def read_standards(reader: Reader) -> tuple[Domain, ...]:
    """standards.toml's `[[domains]]`, each id checked unique across the whole tree."""
    data = reader.read("standards.toml")
    domains = []
    seen: set[str] = set()

    def unique(key: str, ident: str) -> None:
        if ident in seen:
            reader.problem(key, f"duplicate id '{ident}' (ids must be unique)")
        seen.add(ident)

    for dkey, d in reader.tables(data, "domains", ""):
        did = reader.field(d, "id", dkey, str, "")
        standards = []
        for skey, s in reader.tables(d, "standards", dkey):
            sid = reader.field(s, "id", skey, str, "")
            unique(f"{skey}.id", sid)
            kqs = []
            for kkey, k in reader.tables(s, "key_questions", skey):
                kid = reader.field(k, "id", kkey, str, "")
                unique(f"{kkey}.id", kid)
                prompts = []
                for pkey, p in reader.tables(k, "prompts", kkey):
                    letter = reader.field(p, "letter", pkey, str, "")
                    unique(f"{pkey}.letter", kid + letter)
                    prompts.append(Prompt(kid + letter, letter, reader.field(p, "text", pkey, str, "")))
                kqs.append(KeyQuestion(kid, reader.field(k, "text", kkey, str, ""), tuple(prompts), reader.optional(k, "theme", kkey, str, "")))
            standards.append(
                Standard(
                    id=sid,
                    title=reader.field(s, "title", skey, str, ""),
                    headline=reader.field(s, "headline", skey, str, ""),
                    key_questions=tuple(kqs),
                    modular=reader.optional(s, "modular", skey, bool, False),
                    domain=did,
                )
            )
        domains.append(Domain(did, reader.field(d, "title", dkey, str, ""), tuple(standards)))
    if not domains and data:
        reader.problem("domains", "no domains (add [[domains]] tables)")
    return tuple(domains)
