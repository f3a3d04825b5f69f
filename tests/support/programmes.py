"""Registered programmes for tests: input and boards name programmes that exist.

`programme_ids` registers programmes in decisions (through its use case) and gives their ids, for
boards to cover. `known_to_intake` hands intake the announcement decisions would send, through
intake's own handler, for tests that drive intake without decisions and a broker."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime

from services.decisions.service_layer.programmes import register_programme
from services.intake.service_layer.programmes import record_programme


def programme_ids(uow_factory, *names: str) -> list[str]:
    """The ids of these programmes in decisions, registering those not registered yet."""
    ids = []
    with uow_factory() as uow:
        for name in names:
            known = uow.programmes.by_name(name)
            ids.append(known.programme_id if known else register_programme(uow, name=name)["programme_id"])
    return ids


def known_to_intake(uow_factory, *names: str, status: str = "open",
                    shared_decision_stage: str | None = None) -> None:
    """Intake hears of these programmes as if decisions had announced them."""
    with uow_factory() as uow:
        for name in names:
            known = uow.programmes.by_names([name]).get(name)
            record_programme(uow, known.programme_id if known else str(uuid.uuid4()), name, status,
                             datetime.now(UTC), shared_decision_stage)
        uow.commit()


def register_and_wait(decisions, intake, admin_headers: dict, name: str, timeout: float = 120,
                      **fields: object) -> str:
    """Through the HTTP APIs (test clients or `requests`-like sessions with base URLs folded in):
    an admin registers the programme on decisions (with any other `fields` of the request), and
    intake hears of it over the broker. Returns the programme id."""
    from tests.support.polling import wait_for

    made = decisions.post("/v1/programmes", json={"name": name, **fields}, headers=admin_headers)
    assert made.status_code == 201, made.json() if callable(made.json) else made.json
    body = made.json() if callable(made.json) else made.json

    def known() -> bool:
        query: dict[str, object] = {"limit": 200}
        while True:  # every page: the suite's shared broker carries other tests' programmes
            listed = intake.get("/v1/programmes", query_string=query) if hasattr(intake, "application") \
                else intake.get("/v1/programmes", params=query)
            page = listed.json() if callable(listed.json) else listed.json
            if any(p["name"] == name and p["status"] == "open" for p in page["items"]):
                return True
            if not page["next_cursor"]:
                return False
            query = {"limit": 200, "cursor": page["next_cursor"]}

    wait_for(known, timeout=timeout, message=f"intake to hear of the programme {name!r}")
    return body["programme_id"]
