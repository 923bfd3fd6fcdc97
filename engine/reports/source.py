"""What a report reads: one inspection opened by `engine.opening` (framework, inspection, cases,
ratings, unreadable files). The reports use the same opening as every command and the app."""

from __future__ import annotations

from ..opening import Opened, open_inspection

ReportSource = Opened  # the name the report builders use

__all__ = ["ReportSource", "open_inspection"]
