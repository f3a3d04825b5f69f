"""A small data set whose every figure is computed by hand in test_figures.py.

As of TODAY (2027-06-30). Boards: B1 covers "Crisis care" (30 days to answer), B2 covers
"Crisis care" and "Carers" (60 days), B3 covers every programme (90 days). Partners A and B.

input  programme    partner level          submitted         outcome after  closed after
i1     Crisis care  A       consultation   2027-01-01 00:00  2 days         3 days (sent)
i2     Crisis care  A       co-production  2027-01-10 00:00  4 days         - anonymous: nobody to tell
i3     Crisis care  B       co-design      2027-02-01 00:00  6 days         9 days (failed, then the
                                                                            partner phoned them)
i4     Crisis care  B       engagement     2027-02-15 00:00  10 days        12 days (sent)
i5     Crisis care  A       consultation   2027-03-01 12:00  20 days        - not wanted (suppressed,
                                                                            no consent, at 21 days)
i6     Crisis care  B       informing      2027-04-20 00:00  -  (71 days old)
i7     Crisis care  A       consultation   2027-06-10 00:00  -  (20 days old)
i8     Crisis care  A       co-production  2027-01-02 00:00  1 day          1.5 days  WITHDRAWN
i9     Carers       B       co-design      2027-03-10 00:00  8 days         10 days (sent)
i10    Carers       A       consultation   2027-01-20 00:00  -  (161 days old)
i11    Dementia     A       engagement     2027-02-28 23:00  -  (122 days old)
i12    Dementia     B       informing      2027-05-01 00:00  -  (60 days old)

Under the old definition i2 (anonymous) and i5 (suppressed) counted as closed and i3 did not.

Published decisions and their claims (current unless said):
D1 B1 2027-01-03: i1 adopted, i8 adopted
D2 B1 2027-01-14, revised 2027-03-01: i2 noted -> adapted (revision 2); i1 noted (dropped by revision 2)
D3 B2 2027-02-07: i3 not_adopted
D4 B2 2027-02-25: i4 adopted, i3 noted
D5 B1 2027-03-21 12:00: i5 adapted
D6 B2 2027-03-18: i9 adopted
Notifications: N1 i1 failed then sent (latest: sent), N2 i3 failed, N3 i4 sent, N4 i5 suppressed,
N5 i9 sent, N6 i8 sent (withdrawn input: never counted). Relay R1: partner B told i3's
contributor by phone on 2027-02-10.
"""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert

from services.decisions.adapters.orm import (
    board_programmes, boards, input_relays, inputs, notification_inputs, notification_outcomes,
    outcome_links, outcomes, partners,
)

TODAY = date(2027, 6, 30)
CRISIS, CARERS, DEMENTIA = "Crisis care", "Carers", "Dementia"


def ids(prefix: str, count: int) -> dict[str, str]:
    return {f"{prefix}{n}": str(uuid.uuid5(uuid.NAMESPACE_URL, f"heard-report-{prefix}{n}"))
            for n in range(1, count + 1)}


BOARD, PARTNER, DECISION, INPUT = ids("B", 3), ids("P", 2), ids("D", 6), ids("i", 12)
PARTNER_A, PARTNER_B = PARTNER["P1"], PARTNER["P2"]
PARTNER_NAMES = {PARTNER_A: "Northtown Peer Support", PARTNER_B: "Southvale Healthwatch"}


def at(day: str, hour: int = 0) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


# name: (programme, partner, level, submitted, days to outcome, days to closed, contributor, withdrawn)
INPUTS = {
    "i1": (CRISIS, PARTNER_A, "consultation", at("2027-01-01"), 2, 3, True, None),
    "i2": (CRISIS, PARTNER_A, "co-production", at("2027-01-10"), 4, None, False, None),
    "i3": (CRISIS, PARTNER_B, "co-design", at("2027-02-01"), 6, 9, True, None),
    "i4": (CRISIS, PARTNER_B, "engagement", at("2027-02-15"), 10, 12, True, None),
    "i5": (CRISIS, PARTNER_A, "consultation", at("2027-03-01", 12), 20, None, True, None),
    "i6": (CRISIS, PARTNER_B, "informing", at("2027-04-20"), None, None, True, None),
    "i7": (CRISIS, PARTNER_A, "consultation", at("2027-06-10"), None, None, True, None),
    "i8": (CRISIS, PARTNER_A, "co-production", at("2027-01-02"), 1, 1.5, True, at("2027-02-01")),
    "i9": (CARERS, PARTNER_B, "co-design", at("2027-03-10"), 8, 10, True, None),
    "i10": (CARERS, PARTNER_A, "consultation", at("2027-01-20"), None, None, True, None),
    "i11": (DEMENTIA, PARTNER_A, "engagement", at("2027-02-28", 23), None, None, True, None),
    "i12": (DEMENTIA, PARTNER_B, "informing", at("2027-05-01"), None, None, True, None),
}
# input: days to the suppression that said the contributor did not want to be told
NOT_WANTED = {"i5": 21}
# relay: (decision, input, how, when)
RELAYS = {"R1": ("D3", "i3", "phone", at("2027-02-10"))}
# decision: (board, programme, published, latest revision, {input: (influence, revision of the claim)})
DECISIONS = {
    "D1": ("B1", CRISIS, at("2027-01-03"), 1, {"i1": ("adopted", 1), "i8": ("adopted", 1)}),
    "D2": ("B1", CRISIS, at("2027-01-14"), 2, {"i2": ("adapted", 2), "i1": ("noted", 1)}),
    "D3": ("B2", CRISIS, at("2027-02-07"), 1, {"i3": ("not_adopted", 1)}),
    "D4": ("B2", CRISIS, at("2027-02-25"), 1, {"i4": ("adopted", 1), "i3": ("noted", 1)}),
    "D5": ("B1", CRISIS, at("2027-03-21", 12), 1, {"i5": ("adapted", 1)}),
    "D6": ("B2", CARERS, at("2027-03-18"), 1, {"i9": ("adopted", 1)}),
}
# notification: (decision, input, [(status, when)])
NOTIFICATIONS = {
    "N1": ("D1", "i1", [("failed", at("2027-01-03", 12)), ("sent", at("2027-01-04"))]),
    "N2": ("D3", "i3", [("failed", at("2027-02-08"))]),
    "N3": ("D4", "i4", [("sent", at("2027-02-27"))]),
    "N4": ("D5", "i5", [("suppressed", at("2027-03-22", 12))]),
    "N5": ("D6", "i9", [("sent", at("2027-03-20"))]),
    "N6": ("D1", "i8", [("sent", at("2027-01-03", 12))]),
}


def inputs_figures(received: int, withdrawn: int, with_outcome: int, closed_loop: int,
                   not_wanted: int, anonymous: int, rate: float | None, overdue: int,
                   oldest: int | None) -> dict:
    """A report's "inputs" block, written in one line by the tests."""
    return {"received": received, "withdrawn": withdrawn, "with_outcome": with_outcome,
            "closed_loop": closed_loop, "not_wanted": not_wanted, "anonymous": anonymous,
            "closed_loop_rate": rate, "overdue": overdue, "oldest_overdue_days": oldest}


def _days(start: datetime, days: float | None) -> datetime | None:
    return None if days is None else start + timedelta(days=days)


def insert_dataset(connection, *, with_all_programmes_board: bool = True) -> None:
    created = at("2026-12-01")
    covered = {"B1": [CRISIS], "B2": [CRISIS, CARERS], "B3": []}
    for name, due in (("B1", 30), ("B2", 60), ("B3", 90))[:3 if with_all_programmes_board else 2]:
        connection.execute(insert(boards).values(
            board_id=BOARD[name], name=f"Board {name}", slug=f"board-{name.lower()}",
            organisation="Northtown ICB", outcome_due_days=due, created_at=created))
        for programme in covered[name]:
            connection.execute(insert(board_programmes).values(board_id=BOARD[name], programme=programme))
    connection.execute(insert(partners), [{"partner_id": p, "name": n, "registered_at": created}
                                          for p, n in PARTNER_NAMES.items()])
    connection.execute(insert(inputs), [{
        "input_id": INPUT[name], "partner_id": partner, "programme": programme,
        "contributor_id": str(uuid.uuid5(uuid.NAMESPACE_URL, name)) if contributor else None,
        "summary": "Nowhere to go at night.", "body": None, "engagement_method": "interview",
        "participation_level": level, "gathered_on": submitted.date(), "submitted_at": submitted,
        "quote_anonymously": True, "withdrawn_at": withdrawn,
        "first_outcome_published_at": _days(submitted, outcome), "closed_at": _days(submitted, closed),
        "not_wanted_at": _days(submitted, NOT_WANTED.get(name))}
        for name, (programme, partner, level, submitted, outcome, closed, contributor, withdrawn)
        in INPUTS.items()])
    for name, (board, programme, published, revision, claims) in DECISIONS.items():
        connection.execute(insert(outcomes).values(
            decision_id=DECISION[name], board_id=BOARD[board], programme=programme,
            revision=revision, published_at=published, updated_at=published))
        connection.execute(insert(outcome_links), [
            {"decision_id": DECISION[name], "input_id": INPUT[i], "influence": influence,
             "revision": claim_revision, "first_published_at": published}
            for i, (influence, claim_revision) in claims.items()])
    for name, (decision, input_name, statuses) in NOTIFICATIONS.items():
        notification_id = str(uuid.uuid5(uuid.NAMESPACE_URL, name))
        for status, when in statuses:
            connection.execute(insert(notification_outcomes).values(
                notification_id=notification_id, status=status, decision_id=DECISION[decision],
                board_id=BOARD[DECISIONS[decision][0]], contributor_id=str(uuid.uuid4()),
                partner_id=INPUTS[input_name][1], input_ids=[INPUT[input_name]],
                trigger="published", reason="no_consent" if status == "suppressed" else None,
                at=when))
            connection.execute(insert(notification_inputs).values(
                notification_id=notification_id, status=status, input_id=INPUT[input_name], at=when))
    for name, (decision, input_name, how, when) in RELAYS.items():
        connection.execute(insert(input_relays).values(
            relay_id=str(uuid.uuid5(uuid.NAMESPACE_URL, name)), input_id=INPUT[input_name],
            decision_id=DECISION[decision], how=how, relayed_at=when))
