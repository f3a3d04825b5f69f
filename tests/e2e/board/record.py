"""A board's record for the page tests, made through the service layer the workspace uses: a
draft citing input, a draft citing withdrawn input, a published decision with progress."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from services.decisions.service_layer import read_model
from services.decisions.service_layer.decisions import link_inputs, record_decision
from services.decisions.service_layer.progress import record_progress
from services.decisions.service_layer.publishing import publish_decision

CONSENTED = {"contact_about_outcomes": True, "has_email": True, "accessible_format": "standard"}
PARTNER_ONLY = {"contact_about_outcomes": True, "has_email": False, "accessible_format": "easy_read"}


@dataclass
class Record:
    inputs: dict[str, str] = field(default_factory=dict)
    draft_id: str = ""
    blocked_id: str = ""
    published_id: str = ""


def _decision(uow, site, title: str) -> str:
    return record_decision(uow, site.board_id, programme=site.programme, title=title,
                           summary="A café open 8pm to 8am.", rationale="A&E is the wrong place at 3am.",
                           decided_on=date.today() - timedelta(days=1)).decision_id


def build(site) -> Record:
    record = Record()
    for name, summary, days_ago, consent in (
            ("calm", "Somewhere calm to go at night", 45, CONSENTED),
            ("bus", "The night bus never comes", 20, PARTNER_ONLY),
            ("phone", "Nobody answers the phone at night", 12, CONSENTED),
            ("parking", "Parking at the clinic costs too much", 8, CONSENTED),
            ("turned_away", "I was turned away twice", 30, CONSENTED),
            ("staff", "Staff who had been through it helped most", 25, CONSENTED)):
        record.inputs[name] = site.add_input(summary, days_ago=days_ago, consent=consent)
    base_url = site.url
    with site.runtime.uow_factory() as uow:
        record.draft_id = _decision(uow, site, "Open a night crisis café")
    with site.runtime.uow_factory() as uow:
        link_inputs(uow, site.board_id, record.draft_id, input_ids=[record.inputs["calm"], record.inputs["bus"]],
                    influence="adopted", explanation="We are opening a café at night.")
    with site.runtime.uow_factory() as uow:
        record.blocked_id = _decision(uow, site, "Change the phone line")
    with site.runtime.uow_factory() as uow:
        link_inputs(uow, site.board_id, record.blocked_id, input_ids=[record.inputs["turned_away"]],
                    influence="noted", explanation="It shaped our talk about the phone line.")
    with site.runtime.uow_factory() as uow:
        read_model.input_withdrawn(uow, {"input_id": record.inputs["turned_away"],
                                         "withdrawn_at": datetime.now(UTC)})
        uow.commit()
    with site.runtime.uow_factory() as uow:
        record.published_id = _decision(uow, site, "Peer supporters on every night shift")
    with site.runtime.uow_factory() as uow:
        link_inputs(uow, site.board_id, record.published_id, input_ids=[record.inputs["staff"]],
                    influence="adapted", explanation="Peer supporters on four night shifts a week.")
    with site.runtime.uow_factory() as uow:
        publish_decision(uow, site.board_id, record.published_id, no_input_considered=False,
                         public_base_url=base_url)
    with site.runtime.uow_factory() as uow:
        record_progress(uow, site.board_id, record.published_id, status="planned", percent=0,
                        note="Recruiting peer supporters.", public_base_url=base_url)
    return record
