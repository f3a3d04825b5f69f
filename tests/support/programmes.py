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


def known_to_intake(uow_factory, *names: str, status: str = "open") -> None:
    """Intake hears of these programmes as if decisions had announced them."""
    with uow_factory() as uow:
        for name in names:
            known = uow.programmes.by_names([name]).get(name)
            record_programme(uow, known.programme_id if known else str(uuid.uuid4()), name, status,
                             datetime.now(UTC))
        uow.commit()
