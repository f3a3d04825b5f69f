"""Outcome emails under load for the fault rows: contributors who asked to hear, their inputs,
one board deciding on them all through decisions' public API, and the oracle for emails: each
notification sent once (or failed with its reason), no address emailed twice for one."""
from __future__ import annotations

import collections
import uuid
from dataclasses import dataclass, field

from sqlalchemy import select

from services.decisions.adapters.board_views import failed_notifications
from services.decisions.entrypoints.api import create_app as decisions_app
from services.notify.entrypoints.api import create_app as notify_app
from services.notify.adapters.orm import notifications
from tests.faults.oracle import Verdict
from tests.integration.intake.support import bearer, input_body
from tests.integration.notify.support import wait_known
from tests.support.polling import wait_for
from tests.support.programmes import programme_ids



def registered_programme(heard) -> tuple[str, str]:
    """A programme of the row's own, registered in decisions and announced to intake over the
    broker: (name, id). Intake's test support already holds input_body()'s programme under an
    id decisions never announced, so a row cannot register that name in decisions as well."""
    name = f"{input_body()['programme']} {uuid.uuid4().hex[:6]}"
    [programme_id] = programme_ids(heard.runtimes["decisions"].uow_factory, name)

    def known_to_intake() -> bool:
        with heard.runtimes["intake"].uow_factory() as uow:
            return name in uow.programmes.by_names([name])
    wait_for(known_to_intake, timeout=300, message=f"intake to hear of the programme {name!r}")
    return name, programme_id


@dataclass
class Outcomes:
    """What one publication should produce: one email per contributor."""
    decision_id: str
    addresses: dict[str, str] = field(default_factory=dict)  # contributor id -> address
    input_ids: list[str] = field(default_factory=list)


class OutcomeLoad:
    def __init__(self, heard):
        self.heard = heard
        self.decisions = decisions_app(runtime=heard.runtimes["decisions"]).test_client()
        admin = heard.intake.admin
        # the admin key was issued by intake: it reaches decisions through the key topic
        wait_for(lambda: self.decisions.get("/v1/whoami", headers=admin).status_code == 200,
                 timeout=120, message="the admin key in decisions")
        self.programme, programme_id = registered_programme(heard)
        board = self._created(self.decisions.post("/v1/boards", headers=admin, json={
            "name": "Crisis Care Board", "organisation": "Northtown ICB", "programme_ids": [programme_id]}))
        self.board_id = board["board_id"]
        self.board = bearer(self._created(self.decisions.post("/v1/keys", headers=admin, json={
            "role": "board", "board_id": board["board_id"]}))["key"])
        self.partner = heard.intake.new_partner()

    def quiet(self) -> None:
        """Wait until notify has read every topic and has no email queued or being sent. The
        broker is shared by the matrix's rows and a fresh consumer group reads from the start,
        so earlier rows' outcomes are emailed again (into this row's sink): a fault armed on the
        sink before they are done could hit one of those instead of this row's."""
        notify = notify_app(runtime=self.heard.runtimes["notify"]).test_client()

        def idle() -> bool:
            worker = notify.get("/readyz").json.get("worker") or {}
            if worker.get("assigned_partitions", 0) == 0 or worker.get("lag", 1) != 0:
                return False
            with self.heard.runtimes["notify"].engine.connect() as conn:
                return conn.execute(select(notifications.c.notification_id).where(
                    notifications.c.status.in_(("queued", "sending"))).limit(1)).first() is None
        wait_for(idle, timeout=300, interval=0.5, message="notify caught up and idle")

    def contributors_with_inputs(self, count: int) -> tuple[dict[str, str], list[str]]:
        """`count` contributors who asked to hear about outcomes, one input each."""
        addresses, input_ids = {}, []
        for n in range(count):
            person = self.heard.intake.new_contributor(self.partner)
            addresses[person["contributor_id"]] = person["email"]
            input_ids.append(self.heard.intake.new_input(
                self.partner, programme=self.programme, contributor_id=person["contributor_id"],
                summary=f"Input {n}.")["input_id"])
        return addresses, input_ids

    def publish(self, count: int) -> Outcomes:
        """A decision on `count` new inputs, published once decisions and notify know them all."""
        addresses, input_ids = self.contributors_with_inputs(count)
        # a contact notify learns of after the publication is not told: wait for them first
        # a fresh consumer group reads the shared broker's whole backlog first: allow for it
        wait_known(self.heard.runtimes["notify"], list(addresses), input_ids, timeout=300)
        wait_for(lambda: self._known_to_decisions(input_ids), timeout=300, message="inputs in decisions")
        decision = self._created(self.decisions.post("/v1/decisions", headers=self.board, json={
            "programme": self.programme, "title": "Open a night-time crisis café",
            "summary": "A café open 8pm to 8am, staffed with peer supporters.",
            "rationale": "People told us A&E is the wrong place at night.",
            "decided_on": input_body()["gathered_on"]}))
        decision_id = decision["decision_id"]
        self._created(self.decisions.post(f"/v1/decisions/{decision_id}/links", headers=self.board, json={
            "input_ids": input_ids, "influence": "adopted",
            "explanation": "You asked for somewhere calm at night: the café opens at 8pm."}))
        published = self.decisions.post(f"/v1/decisions/{decision_id}/publish", headers=self.board, json={})
        assert published.status_code == 200, published.json
        return Outcomes(decision_id, addresses, input_ids)

    def _known_to_decisions(self, input_ids: list[str]) -> bool:
        inputs = self.heard.runtimes["decisions"].metadata.tables["inputs"]
        with self.heard.runtimes["decisions"].engine.connect() as conn:
            return len(conn.execute(select(inputs.c.input_id).where(inputs.c.input_id.in_(input_ids))).all()) \
                == len(input_ids)

    @staticmethod
    def _created(response) -> dict:
        assert response.status_code == 201, response.json
        return response.json


def failed_on_the_board(heard, board_id: str) -> list[dict]:
    """What decisions' board workspace lists as emails that could not be delivered."""
    with heard.runtimes["decisions"].engine.connect() as conn:
        return failed_notifications(conn, board_id, 50)


def notification_rows(heard, decision_id: str) -> list:
    runtime = heard.runtimes["notify"]
    with runtime.engine.connect() as conn:
        return conn.execute(select(notifications).where(notifications.c.decision_id == decision_id)).all()


def settled(heard, outcomes: Outcomes, statuses=("sent", "failed")) -> list | None:
    found = notification_rows(heard, outcomes.decision_id)
    done = len(found) == len(outcomes.addresses) and all(r.status in statuses for r in found)
    return found if done else None


def emails_to(sink, addresses, messages: list | None = None) -> collections.Counter:
    """How many emails each of `addresses` got (`messages`: the sink's, read once by a caller
    that checks many decisions; parsing thousands of emails per decision took the soak minutes)."""
    wanted = set(addresses)
    return collections.Counter(a.addr_spec for m in (sink.messages() if messages is None else messages)
                               for a in m["To"].addresses if a.addr_spec in wanted)


def check_emails(verdict: Verdict, heard, outcomes: Outcomes, *,
                 may_be_missing: frozenset[str] | set[str] = frozenset(), messages: list | None = None) -> Verdict:
    """Every notification of `outcomes` sent exactly once, or failed with a reason; each
    address got at most one email, and exactly one if sent (`may_be_missing`: contributor ids
    whose email failed, so none is expected)."""
    rows = notification_rows(heard, outcomes.decision_id)
    received = emails_to(heard.sink, outcomes.addresses.values(), messages)
    by_status = collections.Counter(r.status for r in rows)
    for name, n in {"notifications": len(rows), **{f"mail_{k}": v for k, v in sorted(by_status.items())},
                    "received": sum(received.values())}.items():
        verdict.counts[name] = verdict.counts.get(name, 0) + n  # a row may check several decisions
    if len(rows) != len(outcomes.addresses):
        verdict.problems.append(f"{len(rows)} notifications for {len(outcomes.addresses)} contributors")
    for r in rows:
        address = outcomes.addresses[r.contributor_id]
        if received[address] > 1:
            verdict.problems.append("a contributor got the same email twice")
        if r.status == "sent" and received[address] != 1:
            verdict.problems.append("a notification recorded sent was never received")
        if r.status == "failed" and not r.reason:
            verdict.problems.append("a failed notification without its reason")
        if r.status not in ("sent", "failed"):
            verdict.problems.append(f"a notification left {r.status}")
        if r.status != "sent" and r.contributor_id not in may_be_missing and received[address] == 0:
            verdict.problems.append(f"an email lost ({r.status}: {r.reason})")
    return verdict
