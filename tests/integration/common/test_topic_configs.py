"""The contacts topic is compacted within a stated bound, also when it existed before the bound."""
from __future__ import annotations

from kafka.admin import ConfigResource, ConfigResourceType

from services.common.contracts import contract_for
from services.common.contracts.registry import MAX_COMPACTION_LAG_MS, ROLL_PERSONAL_DATA_SEGMENTS_MS
from services.common.messaging.kafka_clients import ensure_topics, make_admin
from tests.support.polling import wait_for

CONTACTS = contract_for("intake", "contacts", 1)
NAMES = ("cleanup.policy", "segment.ms", "max.compaction.lag.ms", "retention.ms")


def configs_of(bootstrap, topic: str) -> dict[str, str]:
    admin = make_admin(bootstrap)
    try:
        described = admin.describe_configs(
            [ConfigResource(ConfigResourceType.TOPIC, topic, configs=list(NAMES))])
    finally:
        admin.close()
    for resources in described.values():
        if topic in resources:
            return {name: resources[topic][name]["value"] for name in NAMES if name in resources[topic]}
    raise AssertionError(f"no configs for {topic}")


def test_contacts_topic_rolls_and_compacts_within_the_bound_and_is_put_right_if_it_drifted(
        kafka_bootstrap):
    admin = make_admin(kafka_bootstrap)
    try:  # as an older installation left it: compacted with broker defaults
        admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, CONTACTS.topic,
                                            configs={"segment.ms": ("DELETE", None),
                                                     "max.compaction.lag.ms": ("DELETE", None)})])
    finally:
        admin.close()
    # config changes travel through the metadata log: wait until the broker reports them
    wait_for(lambda: configs_of(kafka_bootstrap, CONTACTS.topic).get("segment.ms")
             != str(ROLL_PERSONAL_DATA_SEGMENTS_MS), timeout=30, message="the drift taking effect")

    ensure_topics(kafka_bootstrap)

    topic = wait_for(lambda: (c := configs_of(kafka_bootstrap, CONTACTS.topic)).get("segment.ms")
                     == str(ROLL_PERSONAL_DATA_SEGMENTS_MS) and c, timeout=30,
                     message="the erasure bound on the contacts topic")
    assert topic["cleanup.policy"] == "compact"
    assert topic["segment.ms"] == str(ROLL_PERSONAL_DATA_SEGMENTS_MS)
    assert topic["max.compaction.lag.ms"] == str(MAX_COMPACTION_LAG_MS)
    dlq = configs_of(kafka_bootstrap, CONTACTS.dlq_topic)
    assert dlq["cleanup.policy"] == "delete" and int(dlq["retention.ms"]) <= 7 * 24 * 3600 * 1000
