"""/metrics on every service: the figures move with what happens (backlog, assignment, dead
letters, email outcomes)."""
from __future__ import annotations


from prometheus_client.parser import text_string_to_metric_families

from services.decisions.entrypoints.api import create_app as decisions_app
from services.notify.entrypoints.api import create_app as notify_app
from tests.integration.intake.support import IntakeApi
from tests.integration.notify import events as ev
from tests.integration.notify import support as s
from tests.support.kafka import produce_raw
from tests.support.polling import wait_for
from tests.support.services import make_runtime, running_worker

PARTNERS_TOPIC = "intake.partner-registered.v1"


def sample(client, name: str, **labels) -> float | None:
    text = client.get("/metrics").get_data(as_text=True)
    for family in text_string_to_metric_families(text):
        for metric in family.samples:
            if metric.name == name and all(metric.labels.get(k) == v for k, v in labels.items()):
                return metric.value
    return None


def test_outbox_backlog_and_assignment_move_on_intake(kafka_bootstrap, database_url):
    runtime = make_runtime("intake", database_url, kafka_bootstrap)
    api = IntakeApi(runtime)
    partner = api.new_partner()
    api.new_input(partner)
    assert sample(api.client, "heard_outbox_backlog", service="intake") >= 2
    assert sample(api.client, "heard_ready", service="intake") == 0
    with running_worker("intake", runtime):
        wait_for(lambda: sample(api.client, "heard_outbox_backlog", service="intake") == 0,
                 timeout=60, message="the relay to drain the outbox")
        wait_for(lambda: (sample(api.client, "heard_consumer_assigned_partitions",
                                 service="intake") or 0) > 0, timeout=60, message="assignment")
        wait_for(lambda: sample(api.client, "heard_ready", service="intake") == 1, timeout=60,
                 message="ready")
    runtime.engine.dispose()


def test_dead_letters_counted_on_decisions(kafka_bootstrap, sqlite_url):
    runtime = make_runtime("decisions", sqlite_url, kafka_bootstrap)
    client = decisions_app(runtime=runtime).test_client()
    with running_worker("decisions", runtime):
        wait_for(lambda: sample(client, "heard_ready", service="decisions") == 1, timeout=60,
                 message="ready")
        before = sample(client, "heard_dead_letters", service="decisions", topic=PARTNERS_TOPIC) or 0
        produce_raw(kafka_bootstrap, PARTNERS_TOPIC, b"k", b"not json at all")
        wait_for(lambda: sample(client, "heard_dead_letters", service="decisions",
                                topic=PARTNERS_TOPIC) == before + 1,
                 timeout=60, message="the dead letter counted")
    runtime.engine.dispose()


def test_email_outcomes_on_notify(kafka_bootstrap, sqlite_url, tmp_path):
    with s.smtp_sink(tmp_path / "mail") as sink:
        runtime = s.notify_runtime(sqlite_url, kafka_bootstrap, sink)
        client = notify_app(runtime=runtime).test_client()
        assert sample(client, "heard_emails", service="notify", status="sent") is None
        with running_worker("notify", runtime):
            partner_id = ev.partner(kafka_bootstrap, ev.address("partner"))
            sam_address = ev.address("sam")
            sam = ev.contributor(kafka_bootstrap, partner_id, sam_address)
            said = ev.input_submitted(kafka_bootstrap, partner_id, sam, "Nowhere to go at night.")
            s.wait_known(runtime, [partner_id, sam], [said])
            decision_id = ev.new_id()
            ev.outcome_published(kafka_bootstrap, decision_id, ev.new_id(),
                                 [ev.link(said, sam, partner_id, "adopted", "We open at night.")])
            # the suite's broker holds other tests' outcomes too, which this worker also emails:
            # every email in this worker's own sink is counted, sam's among them
            mail = tmp_path / "mail"
            wait_for(lambda: any(sam_address in p.read_text() for p in mail.glob("*.eml")),
                     timeout=60, message="sam's email in the sink")
            wait_for(lambda: sample(client, "heard_emails", service="notify", status="sent")
                     == len(list(mail.glob("*.eml"))), timeout=60, message="every sent email counted")
        runtime.engine.dispose()
