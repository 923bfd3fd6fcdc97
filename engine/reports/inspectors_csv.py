"""`inspectors-csv`: per-inspector figures as a table, one row per inspector and key question."""

from __future__ import annotations

from casemark.framework.model import Framework

from ..inspectors import inspector_figures
from ..model import Case
from .answers_csv import _write


def _pct(value) -> str:
    return "" if value is None else f"{float(value):.1f}"


def inspectors_csv(framework: Framework, cases: list[Case]) -> str:
    figures = inspector_figures(framework, cases)
    rows = [["inspector", "key_question", "sufficient", "judged", "percent", "team_sufficient", "team_judged", "team_percent", "difference_points"]]
    for name, shares in figures.inspectors.items():
        for kid in figures.key_questions:
            mine, team = shares.get(kid), figures.team[kid]
            if mine is None:
                continue
            rows.append([
                name, kid, str(mine.sufficient), str(mine.judged), _pct(mine.percent),
                str(team.sufficient), str(team.judged), _pct(team.percent), _pct(figures.difference(name, kid)),
            ])
    return _write(rows)
