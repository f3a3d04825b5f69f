"""The one keyset helper: limit + 1 rows decide whether there is a next page, and the cursor
carries the last item's position, so walking the cursors visits every row once."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.common.web.pagination import by_fields, keyset_page

START = datetime(2027, 1, 1, tzinfo=UTC)
# two rows share a time: the id breaks the tie
ROWS = sorted([{"at": START + timedelta(minutes=n // 2), "id": f"row-{n}"} for n in range(7)],
              key=lambda row: (row["at"], row["id"]))


def fetch_after(after, limit):
    return [row for row in ROWS if after is None or (row["at"], row["id"]) > after][:limit]


@pytest.mark.parametrize("limit", [1, 2, 3, 7, 8])
def test_walking_the_cursors_visits_every_row_once_and_ends_without_a_cursor(limit):
    seen, cursor, asked = [], None, []

    def fetch(after, wanted):
        asked.append(wanted)
        return fetch_after(after, wanted)
    while True:
        page = keyset_page({"cursor": cursor, "limit": limit}, fetch, by_fields("at", "id"))
        assert len(page["items"]) <= limit
        seen += [row["id"] for row in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [row["id"] for row in ROWS]
    assert set(asked) == {limit + 1}


def test_an_exactly_full_last_page_has_no_next_cursor():
    page = keyset_page({"cursor": None, "limit": len(ROWS)}, fetch_after, by_fields("at", "id"))
    assert len(page["items"]) == len(ROWS) and page["next_cursor"] is None
