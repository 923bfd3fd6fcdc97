"""`ratings-json`: the ratings exactly as `casemark ratings --json` prints them."""

from __future__ import annotations

import json

from ..ratings import InspectionRatings


def ratings_json(ratings: InspectionRatings) -> str:
    return json.dumps(ratings.to_json(), ensure_ascii=False, indent=2) + "\n"
