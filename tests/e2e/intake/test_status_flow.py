"""An input's loop closes when decisions publishes its outcome and notify tells the contributor:
events produced to the real topics, consumed by intake's real worker."""
from __future__ import annotations

from tests.integration.intake.events import SENT, decision, envelope, link, notification
from tests.support.kafka import produce_envelope
from tests.support.polling import wait_for


def produce(kafka_bootstrap, event: tuple) -> None:
    contract, payload = event
    produce_envelope(kafka_bootstrap, contract.topic, str(payload[contract.key_field]),
                     envelope(contract, payload))


def status_of(api, partner, input_: dict) -> str:
    return api.client.get(f"/v1/inputs/{input_['input_id']}", headers=partner.headers).json["status"]


def test_received_to_outcome_published_to_closed(live_api, kafka_bootstrap):
    api = live_api
    partner = api.new_partner()
    named = api.new_input(partner, contributor_id=api.new_contributor(partner)["contributor_id"])
    anonymous = api.new_input(partner)
    published = decision([link(named), link(anonymous, "noted", "It shaped the opening hours.")])
    decision_id = published[1]["decision_id"]

    produce(kafka_bootstrap, published)

    wait_for(lambda: status_of(api, partner, named) == "outcome_published", timeout=60,
             message="named input's outcome published")
    assert status_of(api, partner, anonymous) == "anonymous"  # same event: nobody to tell, never closed
    outcome = api.client.get(f"/v1/inputs/{named['input_id']}/outcome", headers=partner.headers).json
    assert [(d["decision_id"], d["contributor_told"]) for d in outcome["decisions"]] == [
        (decision_id, False)]

    produce(kafka_bootstrap, notification(SENT, decision_id, named))

    wait_for(lambda: status_of(api, partner, named) == "closed", timeout=60,
             message="named input's loop closed")
    shown = api.client.get(f"/v1/inputs/{named['input_id']}", headers=partner.headers).json
    assert [(h["status"], h["cause"]) for h in shown["status_history"]] == [
        ("received", "intake.input-submitted.v1"),
        ("outcome_published", "decisions.outcome-published.v1"),
        ("closed", "notify.notification-sent.v1")]
    outcome = api.client.get(f"/v1/inputs/{named['input_id']}/outcome", headers=partner.headers).json
    assert outcome["decisions"][0]["contributor_told"] is True
    assert outcome["decisions"][0]["told_at"]
