"""Idempotent event consumer: validate, handle in one unit of work, commit DB, then offsets.

- Offsets are committed only after the handler's transaction committed (at-least-once), and the
  handler records each event id in the inbox so a redelivery changes nothing (effectively once).
- A message that cannot be parsed, has an unknown version or fails its schema goes to
  `<topic>.dlq` with the reason in headers, and consumption goes on.
- Any other error is treated as transient: the partition is rewound to the failed message and
  retried with exponential back-off; nothing after it is committed. A database or broker outage
  is retried for as long as it lasts; any other handler error `max_attempts` times, then the
  record is parked in the dead-letter topic with the error class, and the partition moves on.
- A client that has been given no partitions `assignment_timeout` seconds after it was made is
  closed and made again (the timeout doubling each time, up to `assignment_timeout_max`):
  kafka-python 3.0 can hang in a rejoin forever when its first join happened before it knew the
  topics' partitions, and the service would then read nothing without saying so.
- A newer minor version of an event (an added optional field) is read, the extra fields ignored;
  an unknown major version (another `version` number) is dead-lettered.
"""
from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kafka import KafkaConsumer, KafkaProducer
from kafka.errors import KafkaError
from kafka.structs import OffsetAndMetadata
from marshmallow import EXCLUDE, ValidationError
from sqlalchemy.exc import DBAPIError, OperationalError

from services.common.contracts.envelope import Envelope
from services.common.contracts.registry import contract_for_topic
from services.common.messaging.consumer_state import ConsumerState, measure_lag

log = logging.getLogger(__name__)


class InvalidMessage(Exception):
    """The message can never be handled: it goes to the dead-letter topic."""


class NoAssignment(KafkaError):
    """The client has held no partitions for too long after joining: it is made again."""


class DeadLetterFlood(RuntimeError):
    """Too many invalid messages in a row: something is wrong upstream, so stop, do not drain."""


@dataclass(frozen=True)
class Delivery:
    topic: str
    partition: int
    offset: int
    key: str | None
    envelope: Envelope | None  # None for a tombstone on a compacted topic
    payload: dict[str, Any] | None  # validated payload, Python types

    @property
    def dedup_id(self) -> str:
        if self.envelope is not None:
            return self.envelope.event_id
        return f"tombstone:{self.topic}:{self.partition}:{self.offset}"

    @property
    def log_context(self) -> dict[str, str]:
        if self.envelope is None:
            return {"event_id": self.dedup_id, "correlation_id": self.dedup_id}
        return {"event_id": self.envelope.event_id, "correlation_id": self.envelope.correlation_id}


Handler = Callable[[Delivery], None]


def parse_record(record) -> Delivery:
    """Turn a Kafka record into a validated Delivery, or raise InvalidMessage with a reason."""
    contract = contract_for_topic(record.topic)
    if contract is None:
        raise InvalidMessage(f"no contract for topic {record.topic}")
    key = record.key.decode("utf-8", "replace") if record.key is not None else None
    if record.value is None:
        if not contract.compacted:
            raise InvalidMessage("empty value on a topic that is not compacted")
        return Delivery(record.topic, record.partition, record.offset, key, None, None)
    try:
        envelope = Envelope.from_wire(json.loads(record.value))
    except (ValueError, TypeError) as exc:
        raise InvalidMessage(f"not a JSON envelope: {type(exc).__name__}") from exc
    except ValidationError as exc:
        raise InvalidMessage(f"envelope invalid: {sorted(exc.messages)}") from exc
    if (envelope.event_type, envelope.version) != (contract.event_type, contract.version):
        raise InvalidMessage(
            f"unknown event {envelope.event_type} v{envelope.version} on {record.topic}")
    try:
        # a newer minor version adds optional fields: read what this version knows, ignore the rest
        payload = contract.load(envelope.payload, unknown=EXCLUDE)
    except ValidationError as exc:
        # field names only: marshmallow messages never echo the rejected values
        raise InvalidMessage(f"payload invalid in fields {sorted(exc.messages)}") from exc
    return Delivery(record.topic, record.partition, record.offset, key, envelope, payload)


class EventConsumer:
    def __init__(self, *, name: str, consumer_factory: Callable[[], KafkaConsumer],
                 producer_factory: Callable[[], KafkaProducer], handlers: Mapping[str, Handler],
                 max_consecutive_invalid: int = 100, backoff_initial: float = 0.5,
                 backoff_max: float = 30.0, max_attempts: int = 5, lag_interval: float = 2.0,
                 assignment_timeout: float = 30.0, assignment_timeout_max: float = 600.0):
        self.name = name
        self.consumer_factory = consumer_factory
        self.producer_factory = producer_factory
        self.handlers = dict(handlers)
        self.max_consecutive_invalid = max_consecutive_invalid
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.max_attempts = max_attempts
        self.lag_interval = lag_interval
        self.assignment_timeout = assignment_timeout
        self.assignment_timeout_max = assignment_timeout_max
        self._assignment_wait = assignment_timeout
        self._unassigned_since: float | None = None  # set while a new client has no partitions
        self._consecutive_invalid = 0
        self._attempts: dict[tuple[str, int, int], int] = {}
        self._producer: KafkaProducer | None = None
        self._lag_measured_at = 0.0
        self.state = ConsumerState()
        self.ready = threading.Event()  # set once the first poll returned (partitions assigned)

    @property
    def topics(self) -> list[str]:
        return sorted(self.handlers)

    def run(self, stop: threading.Event) -> None:
        """Poll and handle until `stop`. A broker error never ends the loop: the client is
        closed and made again with back-off (offsets not committed are redelivered, and the
        inbox makes the redelivery change nothing)."""
        consumer = None
        delay = self.backoff_initial
        try:
            while not stop.is_set():
                try:
                    if consumer is None:
                        consumer = self.consumer_factory()
                        self._unassigned_since = time.monotonic()
                    delay = self._poll_once(consumer, stop, delay)
                except KafkaError as exc:
                    self.state.failed(type(exc).__name__)
                    log.warning("consumer %s: broker error %s; reconnecting in %.1fs",
                                self.name, type(exc).__name__, delay)
                    _close_quietly(consumer)
                    consumer = None
                    self._close_producer()
                    stop.wait(delay)
                    delay = min(delay * 2, self.backoff_max)
        finally:
            _close_quietly(consumer)
            self._close_producer()

    def _poll_once(self, consumer: KafkaConsumer, stop: threading.Event, delay: float) -> float:
        batch = consumer.poll(timeout_ms=500)
        self.state.polled()
        self.ready.set()
        self._check_assignment(consumer)
        done: dict = {}  # partition -> next offset, committed together once per poll
        try:
            for tp, records in batch.items():
                next_offset, failed_at = self._handle_partition(tp, records, stop)
                if next_offset is not None:
                    done[tp] = OffsetAndMetadata(next_offset, "", -1)
                if failed_at is not None:
                    self._commit(consumer, done)  # what is done is not held back by the wait
                    done = {}
                    consumer.seek(tp, failed_at)
                    stop.wait(delay)
                    delay = min(delay * 2, self.backoff_max)
                else:
                    delay = self.backoff_initial
        finally:
            self._commit(consumer, done)  # also when a later partition raised
        if time.monotonic() - self._lag_measured_at > self.lag_interval:
            self._lag_measured_at = time.monotonic()
            self.state.measured(*measure_lag(consumer))
        return delay

    def _check_assignment(self, consumer: KafkaConsumer) -> None:
        """Raise NoAssignment (the run loop then makes a new client) when a new client has had
        no partitions for longer than the current wait; the wait doubles each time, so a
        replica that rightly has none (more replicas than partitions) rejoins ever more rarely."""
        if self._unassigned_since is None:
            return
        if consumer.assignment():
            self._unassigned_since = None
            self._assignment_wait = self.assignment_timeout
            return
        waited = time.monotonic() - self._unassigned_since
        if waited > self._assignment_wait:
            self._assignment_wait = min(self._assignment_wait * 2, self.assignment_timeout_max)
            raise NoAssignment(f"no partitions {waited:.0f}s after joining")

    def _handle_partition(self, tp, records, stop) -> tuple[int | None, int | None]:
        """Handle records of one partition in order; returns the offset to commit (None: none
        handled) and the offset to retry from (None: all handled)."""
        if len(records) > 1 and not stop.is_set() and self._handle_as_batch(records):
            return records[-1].offset + 1, None
        next_offset = None
        failed_at = None
        for record in records:
            if stop.is_set() and next_offset is not None:
                break  # drain: stop after what is done, commit it, leave the rest
            if not self._handle_record(record):
                failed_at = record.offset
                break
            next_offset = record.offset + 1
        return next_offset, failed_at

    def _commit(self, consumer: KafkaConsumer, offsets: dict) -> None:
        """One synchronous commit for the partitions handled in this poll."""
        if not offsets:
            return
        try:
            consumer.commit(offsets)
        except KafkaError as exc:
            # the DB has committed; if these offsets are lost the records come again and
            # the inbox skips them, so carry on rather than stop the service
            self.state.commit_failed()
            log.warning("consumer %s: offset commit failed (%s); redelivery is deduplicated",
                        self.name, type(exc).__name__)

    def _handle_as_batch(self, records) -> bool:
        """The poll's records of one partition in one transaction, when the handler can (see
        inbox.idempotent). Any problem (an invalid message, an error) and the batch, which
        committed nothing, is left to the one-by-one path, which sorts out what to do."""
        batch = getattr(self.handlers.get(records[0].topic), "batch", None)
        if batch is None:
            return False
        try:
            deliveries = [parse_record(record) for record in records]
            batch(deliveries)
        except Exception:  # noqa: BLE001 - handled one by one next, with their own reasons
            log.info("consumer %s handles %d records one by one", self.name, len(records))
            return False
        self._consecutive_invalid = 0
        return True

    def _handle_record(self, record) -> bool:
        try:
            delivery = parse_record(record)
            self.handlers[record.topic](delivery)
        except InvalidMessage as exc:
            self._dead_letter(record, str(exc))
            return True
        except Exception as exc:  # noqa: BLE001 - transient until proven otherwise
            return self._after_handler_error(record, exc)
        self._attempts.pop((record.topic, record.partition, record.offset), None)
        self._consecutive_invalid = 0
        return True

    def _after_handler_error(self, record, exc: Exception) -> bool:
        """Retry (False) while the error may pass; park it in the dead-letter topic (True) once
        a handler has failed `max_attempts` times on the same record for a reason that is not
        an outage (a bug does not fix itself, and the partition must move on)."""
        where = (record.topic, record.partition, record.offset)
        attempts = self._attempts.get(where, 0) + 1
        self._attempts[where] = attempts
        log.warning("consumer %s will retry %s[%d]@%d (attempt %d): %s", self.name, record.topic,
                    record.partition, record.offset, attempts, type(exc).__name__,
                    extra=_record_context(record))
        if is_outage(exc) or attempts < self.max_attempts:
            return False
        self._attempts.pop(where, None)
        # the exception's class only: messages can carry SQL parameters, i.e. personal data
        self._dead_letter(record, f"handler failed {attempts} times: {type(exc).__name__}")
        return True

    def _dead_letter(self, record, reason: str) -> None:
        self._consecutive_invalid += 1
        if self._consecutive_invalid > self.max_consecutive_invalid:
            raise DeadLetterFlood(
                f"{self._consecutive_invalid} invalid messages in a row on {record.topic}")
        if self._producer is None:
            self._producer = self.producer_factory()
        headers = list(record.headers or ()) + [
            ("dlq.reason", reason[:1000].encode()),
            ("dlq.original_topic", record.topic.encode()),
            ("dlq.original_partition", str(record.partition).encode()),
            ("dlq.original_offset", str(record.offset).encode()),
            ("dlq.consumer", self.name.encode()),
        ]
        self._producer.send(f"{record.topic}.dlq", key=record.key, value=dead_letter_value(record),
                            headers=headers).get(timeout=30)
        self.state.dead_lettered(record.topic)
        log.error("dead-lettered %s[%d]@%d: %s", record.topic, record.partition, record.offset,
                  reason, extra=_record_context(record))

    def _close_producer(self) -> None:
        if self._producer is not None:
            _close_quietly(self._producer, timeout=5)
            self._producer = None


def is_outage(exc: Exception) -> bool:
    """A database or broker that does not answer: retried for as long as it takes."""
    return isinstance(exc, (OperationalError, KafkaError)) or bool(
        isinstance(exc, DBAPIError) and exc.connection_invalidated)


def _close_quietly(client, **close_args) -> None:
    """Consumers close with autocommit=False (offsets move only after the DB commit)."""
    if client is None:
        return
    try:
        client.close(**(close_args or {"autocommit": False}))
    except Exception:
        log.debug("closing a Kafka client failed", exc_info=True)


def dead_letter_value(record) -> bytes | None:
    """A personal-data topic's dead letter keeps its headers and reason, never the value: a copy
    of a contact outside the compacted topic would outlive the person's erasure."""
    contract = contract_for_topic(record.topic)
    return None if contract is not None and contract.personal_data else record.value


def _record_context(record) -> dict[str, str]:
    headers = {name: value.decode("utf-8", "replace") for name, value in (record.headers or ())}
    return {"event_id": headers.get("event_id", "unknown"),
            "correlation_id": headers.get("correlation_id", "unknown")}
