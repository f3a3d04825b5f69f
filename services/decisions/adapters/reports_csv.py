"""The accountability report as CSV: one row per scope (overall, each board, each partner)."""
from __future__ import annotations

import csv
import io

from services.common.contracts.events.common import INFLUENCES, PARTICIPATION_LEVELS

INPUT_COLUMNS = ("received", "withdrawn", "with_outcome", "closed_loop", "not_wanted", "anonymous",
                 "closed_loop_rate", "overdue", "oldest_overdue_days")
WAIT_COLUMNS = tuple(f"{wait}_{stat}" for wait in ("days_to_outcome", "days_to_closed_loop")
                     for stat in ("median", "p90"))
# filled on the overall row only: they are not broken down by board or partner
OVERALL_COLUMNS = (tuple(f"influence_{name}" for name in INFLUENCES)
                   + tuple(f"participation_received_{level}" for level in PARTICIPATION_LEVELS)
                   + tuple(f"participation_shaping_{level}" for level in PARTICIPATION_LEVELS)
                   + ("notifications_sent", "notifications_failed", "notifications_suppressed"))
COLUMNS = ("scope", "scope_id", "name") + INPUT_COLUMNS + WAIT_COLUMNS + OVERALL_COLUMNS


def _scope_values(scope: str, scope_id: str | None, name: str | None, figures: dict) -> dict:
    row = {"scope": scope, "scope_id": scope_id, "name": name, **figures["inputs"]}
    for wait in ("days_to_outcome", "days_to_closed_loop"):
        row.update({f"{wait}_{stat}": value for stat, value in figures[wait].items()})
    return row


def report_rows(report: dict) -> list[dict]:
    overall = _scope_values("overall", None, None, report)
    overall.update({f"influence_{k}": v for k, v in report["influence_mix"].items()})
    for mix in ("participation_received", "participation_shaping"):
        overall.update({f"{mix}_{k}": v for k, v in report[mix].items()})
    overall.update({f"notifications_{k}": v for k, v in report["notifications"].items()})
    return ([overall]
            + [_scope_values("board", b["board_id"], b["name"], b) for b in report["boards"]]
            + [_scope_values("partner", p["partner_id"], p["name"], p) for p in report["partners"]])


def report_csv(report: dict) -> str:
    """CSV text; an absent figure (no rate, no wait, nothing overdue) is an empty cell."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(report_rows(report))
    return out.getvalue()
