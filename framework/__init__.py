"""Inspection frameworks as validated data. Imports no UI."""

from .loader import FRAMEWORKS_DIR, FrameworkError, framework_ids, load_framework
from .model import (
    NOT_RATED,
    QUESTION_TYPES,
    RATING_LABELS,
    RATINGS,
    Condition,
    Framework,
    Group,
    KeyQuestion,
    Option,
    Prompt,
    Question,
    Questionnaire,
    Rules,
    Section,
    Standard,
)

__all__ = [
    "FRAMEWORKS_DIR",
    "FrameworkError",
    "framework_ids",
    "load_framework",
    "NOT_RATED",
    "QUESTION_TYPES",
    "RATING_LABELS",
    "RATINGS",
    "Condition",
    "Framework",
    "Group",
    "KeyQuestion",
    "Option",
    "Prompt",
    "Question",
    "Questionnaire",
    "Rules",
    "Section",
    "Standard",
]
