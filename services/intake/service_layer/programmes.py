"""The programmes input may name: kept from decisions' announcements, checked on every input.

Decisions owns programmes; intake learns of each one from decisions.programmes.v1, a moment after
it is registered. Until then input naming it is refused like a typo, with a hint to retry."""
from __future__ import annotations

from datetime import datetime

from services.common.text import near_matches
from services.intake.domain.programmes import KnownProgramme
from services.intake.service_layer.unit_of_work import UnitOfWork

ARRIVING = ("A programme registered a moment ago may not have reached intake yet: try again in a "
            "few seconds. GET /v1/programmes lists the programmes intake takes input for.")


def record_programme(uow: UnitOfWork, programme_id: str, name: str, status: str, updated_at: datetime,
                     shared_decision_stage: str | None = None) -> None:
    """An announcement from decisions; an older one than what is stored changes nothing (the
    topic is compacted and read from the start, so old states come back after a rebuild)."""
    known = uow.programmes.get(programme_id)
    if known is not None and known.updated_at > updated_at:
        return
    uow.programmes.save(KnownProgramme(programme_id, name, status, updated_at, shared_decision_stage))


def check_programmes(uow: UnitOfWork, names: list[str]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """One read of the named programmes: for each name that is not an open programme, why, with
    the nearest open ones; and the stage of shared decision-making of each that names one."""
    known = uow.programmes.by_names(names)
    return _problems(uow, names, known), {
        name: p.shared_decision_stage for name, p in known.items() if p.shared_decision_stage}


def _problems(uow: UnitOfWork, names: list[str], known: dict[str, KnownProgramme]) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    open_names: list[str] | None = None
    for name in dict.fromkeys(names):
        programme = known.get(name)
        if programme is not None and programme.is_open:
            continue
        if programme is not None:
            problems[name] = [f"The programme {name!r} is closed: it takes no new input."]
            continue
        open_names = uow.programmes.open_names() if open_names is None else open_names
        close = near_matches(name, open_names)
        nearest = (f" Did you mean {' or '.join(repr(c) for c in close)}?" if close
                   else " No registered programme has a similar name.")
        problems[name] = [f"Unknown programme {name!r}.{nearest} {ARRIVING}"]
    return problems


def list_programmes(uow: UnitOfWork, after: tuple[datetime, str] | None, limit: int) -> list[KnownProgramme]:
    return uow.programmes.list(after, limit)


def count_programmes(uow: UnitOfWork) -> int:
    return uow.programmes.count()
