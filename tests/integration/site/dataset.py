"""A small public record built through decisions' own use cases and read-model writers: one board,
one programme, a published and revised decision, a draft, a decision that considered no input, and
inputs that consent to quotes, refuse them, or are withdrawn after being cited."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from services.decisions.service_layer.boards import register_board
from services.decisions.service_layer.decisions import link_inputs, record_decision
from services.decisions.service_layer.progress import record_progress
from services.decisions.service_layer.publishing import publish_decision, revise_outcome
from tests.support.programmes import programme_ids

BASE_URL = "https://heard.example"
DECIDED = datetime(2026, 3, 14, 10, 0, tzinfo=UTC)
# text that must never be public, and text that must be
NOT_QUOTED = "Secret-noquote: the night bus never comes to Eastfield."
WITHDRAWN = "Withdrawn-text: I was turned away twice."
WITHDRAWN_EXPLANATION = "Withdrawn-explanation: we cannot change the rota this year."
QUOTED = "Quote-ok: nowhere to go at night except A&E."
LONG = ("Quote-long: " + "the waiting room was cold and loud and nobody explained anything " * 6).strip()
DROPPED = "Quote-dropped: more benches in the park."
WITH_CONTACT = "Quote-contact: ring me on 07700 900123 or write to jo.bloggs@example.org please."


@dataclass
class Dataset:
    programme: str
    board_id: str = ""
    board_slug: str = ""
    partner_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    contributor_ids: list[str] = field(default_factory=list)
    inputs: dict[str, str] = field(default_factory=dict)  # name -> input_id
    decision_id: str = ""
    draft_id: str = ""
    quiet_id: str = ""  # published with no input considered


def _submit(uow, data: Dataset, name: str, summary: str, *, consent: bool, level: str,
            days_before: int, anonymous: bool = False) -> None:
    input_id, contributor = str(uuid.uuid4()), None if anonymous else str(uuid.uuid4())
    if contributor:
        data.contributor_ids.append(contributor)
    uow.inputs.record_submitted({
        "input_id": input_id, "partner_id": data.partner_id, "contributor_id": contributor,
        "programme": data.programme, "summary": summary, "body": f"Body of {name}: private.",
        "engagement_method": "interview", "participation_level": level,
        "gathered_on": (DECIDED - timedelta(days=days_before + 1)).date(),
        "submitted_at": DECIDED - timedelta(days=days_before), "quote_anonymously": consent,
    }, ["night care"])
    data.inputs[name] = input_id


def build(runtime, programme: str | None = None) -> Dataset:
    data = Dataset(programme or f"Crisis care {uuid.uuid4().hex[:6]}")
    at = DECIDED - timedelta(days=60)
    covered = programme_ids(runtime.uow_factory, data.programme)
    with runtime.uow_factory() as uow:
        board = register_board(uow, name=f"Crisis Board {uuid.uuid4().hex[:6]}",
                               organisation="Northtown ICB", outcome_due_days=30,
                               programmes=covered, now=at)
        data.board_id, data.board_slug = board.board_id, board.slug
    with runtime.uow_factory() as uow:
        uow.inputs.record_partner(data.partner_id, "Northtown Peer Support", at)
        _submit(uow, data, "quoted", QUOTED, consent=True, level="co-production", days_before=40)
        _submit(uow, data, "not_quoted", NOT_QUOTED, consent=False, level="consultation",
                days_before=30)
        _submit(uow, data, "withdrawn", WITHDRAWN, consent=True, level="engagement", days_before=20)
        _submit(uow, data, "long", LONG, consent=True, level="co-design", days_before=10,
                anonymous=True)
        _submit(uow, data, "contact", WITH_CONTACT, consent=True, level="informing", days_before=5)
        _submit(uow, data, "dropped", DROPPED, consent=True, level="engagement", days_before=8)
        uow.commit()
    _decide(runtime, data)
    with runtime.uow_factory() as uow:
        uow.inputs.record_withdrawn(data.inputs["withdrawn"], DECIDED + timedelta(days=3))
        # the partner told the "contact" contributor in person, 10.1 days after they gave it
        uow.inputs.record_relay(str(uuid.uuid4()), data.decision_id, "in_person",
                                DECIDED + timedelta(days=5, hours=2.4), [data.inputs["contact"]])
        uow.commit()
    return data


def _decide(runtime, data: Dataset) -> None:
    ids, board_id = data.inputs, data.board_id
    with runtime.uow_factory() as uow:
        decision = record_decision(
            uow, board_id, programme=data.programme, title="Open a night crisis café",
            summary="A café open 8pm to 8am, run with peer supporters.",
            rationale="People told us A&E is the wrong place at 3am.", decided_on=DECIDED.date(),
            review_on=date(2027, 3, 14), now=DECIDED)
        data.decision_id = decision.decision_id
    links = [("quoted", "adopted", "You asked for somewhere to go at night: the café is it."),
             ("not_quoted", "adapted", "We will run a night bus on weekends only, not every night."),
             ("withdrawn", "not_adopted", WITHDRAWN_EXPLANATION),
             ("long", "noted", "This shaped how we talked about the waiting room."),
             ("dropped", "noted", "Benches are for the parks team, not this board.")]
    for name, influence, explanation in links:
        with runtime.uow_factory() as uow:
            link_inputs(uow, board_id, data.decision_id, input_ids=[ids[name]], influence=influence,
                        explanation=explanation, now=DECIDED)
    with runtime.uow_factory() as uow:
        publish_decision(uow, board_id, data.decision_id, no_input_considered=False,
                         public_base_url=BASE_URL, now=DECIDED + timedelta(hours=2))
    with runtime.uow_factory() as uow:
        revise_outcome(uow, board_id, data.decision_id, reason="Staffing money came through.",
                       links=[{"input_id": ids["quoted"], "influence": "adapted",
                               "explanation": "The café opens four nights a week, not seven."},
                              {"input_id": ids["contact"], "influence": "adopted",
                               "explanation": "Phone numbers will be on every poster."}],
                       remove_input_ids=[ids["dropped"]], no_input_considered=False,
                       public_base_url=BASE_URL, now=DECIDED + timedelta(days=2))
    for status, percent, note, day in (("planned", 0, "Site found on Mill Street.", 4),
                                       ("in_progress", 40, "Staff are being trained.", 5)):
        with runtime.uow_factory() as uow:
            record_progress(uow, board_id, data.decision_id, status=status, percent=percent,
                            note=note, public_base_url=BASE_URL, now=DECIDED + timedelta(days=day))
    with runtime.uow_factory() as uow:
        draft = record_decision(uow, board_id, programme=data.programme, title="Draft-secret plan",
                                summary="Not public yet.", rationale="Still talking.",
                                decided_on=DECIDED.date(), now=DECIDED)
        data.draft_id = draft.decision_id
    with runtime.uow_factory() as uow:
        link_inputs(uow, board_id, data.draft_id, input_ids=[ids["quoted"]], influence="noted",
                    explanation="Draft-explanation-secret: not decided yet.", now=DECIDED)
    with runtime.uow_factory() as uow:
        quiet = record_decision(uow, board_id, programme=data.programme, title="Renew the cleaning "
                                "contract", summary="Same supplier for two more years.",
                                rationale="Prices held.", decided_on=date(2026, 1, 5),
                                now=DECIDED - timedelta(days=60))
        data.quiet_id = quiet.decision_id
    with runtime.uow_factory() as uow:
        publish_decision(uow, board_id, data.quiet_id, no_input_considered=True,
                         public_base_url=BASE_URL, now=DECIDED - timedelta(days=59))
