"""Intake's consumer handlers: decisions and notify events move inputs along and fill /outcome."""
from __future__ import annotations

from collections.abc import Callable

from services.common.messaging.consumer import Delivery, Handler
from services.common.messaging.routing import consumer_routes
from services.intake.domain.outcomes import FAILED, SENT, SUPPRESSED, DecisionFacts
from services.intake.service_layer.outcomes import record_decision, record_notification
from services.intake.service_layer.programmes import record_programme
from services.intake.service_layer.unsubscribes import record_unsubscribe


def on_decision(uow, delivery: Delivery) -> None:
    """decisions.outcome-published and decisions.outcome-revised: the same facts, two clocks."""
    event = delivery.payload
    facts = DecisionFacts(
        decision_id=str(event["decision_id"]), board_id=str(event["board_id"]),
        board_name=event["board_name"], title=event["title"], decided_on=event["decided_on"],
        public_url=event["public_url"], revision=event["revision"],
        published_at=event.get("published_at"), revised_at=event.get("revised_at"))
    record_decision(uow, facts, event["links"], at=facts.revised_at or facts.published_at,
                    cause=delivery.topic)


def on_programme(uow, delivery: Delivery) -> None:
    """decisions.programmes: a programme registered, edited, closed or opened again."""
    event = delivery.payload
    record_programme(uow, str(event["programme_id"]), event["name"], event["status"], event["updated_at"],
                     event.get("shared_decision_stage"))  # optional field


def on_answer(uow, delivery: Delivery) -> None:
    """notify.outcome-answered: a contributor's answer and question, for their partner only."""
    event = delivery.payload
    uow.answers.record(str(event["decision_id"]), str(event["contributor_id"]), event["answer"],
                       event["comment"], event["answered_at"])


def on_unsubscribed(uow, delivery: Delivery) -> None:
    """notify.contributor-unsubscribed: the link in an email withdraws consent to be emailed."""
    event = delivery.payload
    record_unsubscribe(uow, str(event["contributor_id"]), str(event["partner_id"]), event["unsubscribed_at"])


def on_notification(status: str, time_field: str,
                    detail: Callable[[dict], str | None]) -> Callable[[object, Delivery], None]:
    def handle(uow, delivery: Delivery) -> None:
        event = delivery.payload
        record_notification(uow, str(event["decision_id"]), [str(i) for i in event["input_ids"]],
                            status, at=event[time_field], detail=detail(event),
                            cause=delivery.topic)
    return handle


ROUTES = {
    ("decisions", "programmes"): on_programme,
    ("decisions", "outcome-published"): on_decision,
    ("decisions", "outcome-revised"): on_decision,
    ("notify", "notification-sent"): on_notification(SENT, "sent_at", lambda event: None),
    # a failure's reason is free text from a mail server and may quote an address: not kept
    ("notify", "notification-failed"): on_notification(FAILED, "failed_at", lambda event: None),
    ("notify", "notification-suppressed"): on_notification(
        SUPPRESSED, "suppressed_at", lambda event: event["reason"]),
    ("notify", "outcome-answered"): on_answer,
    ("notify", "contributor-unsubscribed"): on_unsubscribed,
}


def intake_handlers(uow_factory) -> dict[str, Handler]:
    return consumer_routes(uow_factory, ROUTES)
