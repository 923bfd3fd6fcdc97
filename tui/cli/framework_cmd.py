"""`casemark framework [ID] [--json | --source]`: list the frameworks, print one's tree, export it as JSON,
or say where its words come from."""

from __future__ import annotations

import argparse
import json
import sys

from casemark.framework import FrameworkError, framework_ids, load_framework
from casemark.framework.export import framework_to_dict

from .common import EXIT_DATA, EXIT_OK, EXIT_USAGE, Refusal, add_command


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "framework", run, "list the frameworks, or show one", __doc__)
    p.add_argument("id", nargs="?", help="a framework id (see the list) or a framework folder")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--json", action="store_true", help="print the whole framework as JSON")
    how.add_argument("--source", action="store_true",
                     help="say where the framework's words come from: each source text's title, publisher, date, licence and file")


def run(args: argparse.Namespace) -> int:
    if not args.id:
        if args.source:
            raise Refusal("--source needs a framework id (casemark framework ID --source)", EXIT_USAGE)
        return list_frameworks()
    fw = load_framework(args.id)  # FrameworkError: run_command lists its problems
    if args.source:
        return print_sources(fw)
    if args.json:
        json.dump(framework_to_dict(fw), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    print_tree(fw)
    return EXIT_OK


def print_sources(fw) -> int:
    """Plain lines (no markup: the words come from files), one block per source text."""
    if not fw.sources:
        print(f"{fw.id}: framework.toml names no [[sources]]; its source line says: {fw.source or '(none)'}")
        return 0
    for i, doc in enumerate(fw.sources):
        if i:
            print()
        print(doc.title)
        print(f"  publisher: {doc.publisher}")
        print(f"  date:      {doc.date}" + (f" ({doc.edition})" if doc.edition else ""))
        print(f"  licence:   {doc.licence}")
        if doc.uses:
            print(f"  uses:      {doc.uses}")
        print(f"  file:      {doc.path}")
        print(f"  sha256:    {doc.sha256}")
    return 0


def list_frameworks() -> int:
    status = EXIT_OK
    for fid in framework_ids():
        try:
            fw = load_framework(fid)
        except FrameworkError as exc:
            print(f"{fid}\t(invalid: {len(exc.problems)} problems; run 'casemark framework {fid}')")
            status = EXIT_DATA
            continue
        qns = ", ".join(fw.questionnaires)
        print(f"{fw.id}\t{fw.title}\t[questionnaires: {qns}]")
    return status


def print_tree(fw) -> None:
    from rich.console import Console
    from rich.tree import Tree

    kinds = {sid: "case-based" for sid in fw.rules.case_based} | {sid: "judged" for sid in fw.rules.judged}
    root = Tree(f"[bold]{fw.title}[/] ({fw.id})\n[dim]{fw.source}[/]")
    for domain in fw.domains:
        d = root.add(f"[bold]{domain.id}. {domain.title}[/]")
        for s in domain.standards:
            extra = " · modular, outside the composite" if s.id in fw.rules.unscored else ""
            st = d.add(f"[bold]{s.id} {s.title}[/] [dim]({kinds.get(s.id, '?')}{extra})[/]\n[italic]{s.headline}[/]")
            for k in s.key_questions:
                kq = st.add(f"{k.id} {k.text}")
                for p in k.prompts:
                    kq.add(f"[dim]{p.letter})[/] {p.text}")
    qn = root.add("[bold]Questionnaires[/]")
    for q in fw.questionnaires.values():
        node = qn.add(f"[bold]{q.id}[/] {q.title} [dim]({q.kind}; {sum(1 for _ in q.questions())} questions)[/]")
        for section in q.sections:
            node.add(f"{section.title} [dim]({sum(1 for _ in section.questions())})[/]")
    Console().print(root)
