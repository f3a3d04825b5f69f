"""Factories for kafka-python clients. Call them inside the process that uses the client
(never at import time, never before a fork): kafka-python clients own sockets and threads."""
from __future__ import annotations

import logging
from collections.abc import Iterable

from kafka import ConsumerRebalanceListener, KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import ConfigResource, ConfigResourceType

from services.common.contracts.registry import CONTRACTS, Contract
from services.common.messaging.connection import KafkaTarget, connection_of

log = logging.getLogger(__name__)

# kafka-python backs off up to 30 s between reconnects by default: after a broker blip the
# services would sit idle that long. 5 s still spares a broker that is down for good.
RECONNECT_BACKOFF_MAX_MS = 5000


def make_producer(target: KafkaTarget, client_id: str) -> KafkaProducer:
    # acks=all with the idempotent producer: no loss on leader change, no duplicates from
    # the client's own retries, and per-partition order kept with up to 5 requests in flight.
    return KafkaProducer(
        **connection_of(target).options(), client_id=client_id,
        acks="all", enable_idempotence=True, linger_ms=5, request_timeout_ms=15000,
        reconnect_backoff_max_ms=RECONNECT_BACKOFF_MAX_MS,
    )


class LoggedRebalance(ConsumerRebalanceListener):
    """Logs every rebalance: a handler slower than max.poll.interval.ms, a member joining or
    leaving. What was handled but not committed before it comes again; the inbox skips it."""

    def __init__(self, client_id: str):
        self.client_id = client_id

    def on_partitions_revoked(self, revoked) -> None:
        if revoked:  # the first join revokes nothing: not a rebalance worth a warning
            log.warning("rebalance: %s gives up %d partitions", self.client_id, len(revoked))

    def on_partitions_lost(self, lost) -> None:
        # evicted (too long between polls, or the session expired): always worth a line, even
        # when the client has already forgotten which partitions it held
        log.warning("rebalance: %s lost %d partitions (evicted from the group)", self.client_id, len(lost))

    def on_partitions_assigned(self, assigned) -> None:
        log.info("rebalance: %s is assigned %d partitions", self.client_id, len(assigned))


def make_consumer(target: KafkaTarget, group_id: str, topics: list[str],
                  client_id: str, max_poll_interval_ms: int = 300000) -> KafkaConsumer:
    # kafka-python defaults are auto-commit on and "latest": a new group would silently skip
    # what was published before it joined, and offsets would move before the DB committed.
    consumer = KafkaConsumer(
        **connection_of(target).options(), group_id=group_id, client_id=client_id,
        enable_auto_commit=False, auto_offset_reset="earliest",
        max_poll_records=200, session_timeout_ms=10000, heartbeat_interval_ms=3000,
        max_poll_interval_ms=max_poll_interval_ms,
        reconnect_backoff_max_ms=RECONNECT_BACKOFF_MAX_MS,
    )
    consumer.subscribe(topics, listener=LoggedRebalance(client_id))
    return consumer


def make_admin(target: KafkaTarget, client_id: str = "heard-admin") -> KafkaAdminClient:
    return KafkaAdminClient(**connection_of(target).options(), client_id=client_id,
                            request_timeout_ms=15000)


def topic_specs(contracts: tuple[Contract, ...] = CONTRACTS, replication_factor: int = 1,
                min_insync_replicas: int | None = None) -> dict[str, dict]:
    """Every topic Heard needs, with its dead-letter topic, in the admin client's dict form."""
    specs: dict[str, dict] = {}
    for contract in contracts:
        configs = dict(contract.topic_configs)
        if min_insync_replicas:
            configs["min.insync.replicas"] = str(min_insync_replicas)
        specs[contract.topic] = {"num_partitions": contract.partitions,
                                 "replication_factor": replication_factor, "configs": configs}
        specs[contract.dlq_topic] = {"num_partitions": 1, "replication_factor": replication_factor,
                                     "configs": dict(contract.dlq_configs)}
    return specs


def ensure_topics(target: KafkaTarget, replication_factor: int = 1, owner: str | None = None,
                  consumed: Iterable[str] = ()) -> list[str]:
    """Create missing topics; existing ones are left alone. Returns the names created.

    Without `owner`: every topic (the admin's `heard topics create`). With it: only what that
    service touches, its own topics and those it consumes, each with its dead-letter topic;
    under the broker's ACLs (acls.py) a service may see and create nothing else."""
    reads = set(consumed)
    contracts = CONTRACTS if owner is None else tuple(
        c for c in CONTRACTS if c.owner == owner or c.topic in reads)
    admin = make_admin(target)
    try:
        existing = set(admin.list_topics())
        wanted = {name: spec for name, spec in
                  topic_specs(contracts, replication_factor=replication_factor).items()
                  if name not in existing}
        if wanted:
            # raise_errors=False: another process may have created some first, which is fine
            admin.create_topics(wanted, raise_errors=False)
            missing = set(wanted) - set(admin.list_topics())
            if missing:
                raise RuntimeError(f"topics could not be created: {sorted(missing)}; on a broker "
                                   f"with ACLs an admin creates them first (heard topics create)")
            log.info("created %d topics", len(wanted))
        owned = tuple(c for c in contracts if owner is None or c.owner == owner)
        _enforce_personal_data_configs(admin, existing, owned)
        return sorted(wanted)
    finally:
        admin.close()


def _enforce_personal_data_configs(admin: KafkaAdminClient, existing: set[str],
                                   contracts: tuple[Contract, ...]) -> None:
    """Topics made before the erasure bound existed get it too: their compaction settings are
    what makes an erasure reach the broker's disks, so they are not left to an operator.
    Only a topic's owner (or the admin) does this: readers may not alter others' topics."""
    resources = []
    for contract in contracts:
        if not contract.personal_data:
            continue
        for topic, configs in ((contract.topic, contract.topic_configs),
                               (contract.dlq_topic, contract.dlq_configs)):
            if topic in existing:
                resources.append(ConfigResource(ConfigResourceType.TOPIC, topic, configs=configs))
    if resources:
        admin.alter_configs(resources)
