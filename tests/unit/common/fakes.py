"""Fakes that implement the slice of kafka-python's client interface our plumbing uses."""
from __future__ import annotations

import threading
from collections import namedtuple

from kafka import TopicPartition

Record = namedtuple("Record", "topic partition offset key value headers")


class FakeConsumer:
    """Serves scripted records per partition; honours seek() and records commits."""

    def __init__(self, records: list[Record], stop: threading.Event | None = None):
        self.log: dict[TopicPartition, list[Record]] = {}
        for record in records:
            self.log.setdefault(TopicPartition(record.topic, record.partition), []).append(record)
        self.positions = {tp: 0 for tp in self.log}
        self.commits: list[dict] = []
        self.closed = False
        self.stop = stop  # set once every record has been served and none is pending

    def poll(self, timeout_ms=0, max_records=None):
        batch = {}
        for tp, records in self.log.items():
            pending = [r for r in records if r.offset >= self.positions[tp]]
            if pending:
                batch[tp] = pending
                self.positions[tp] = pending[-1].offset + 1
        if not batch and self.stop is not None:
            self.stop.set()
        return batch

    def seek(self, tp, offset):
        self.positions[tp] = offset

    def assignment(self):
        return set(self.log)

    def end_offsets(self, partitions):
        return {tp: (self.log[tp][-1].offset + 1 if self.log[tp] else 0) for tp in partitions}

    def position(self, tp):
        return self.positions[tp]

    def commit(self, offsets):
        self.commits.append({tp: meta.offset for tp, meta in offsets.items()})

    def close(self, autocommit=True):
        assert autocommit is False, "offsets must never be committed implicitly"
        self.closed = True

    def committed_offset(self, tp):
        values = [c[tp] for c in self.commits if tp in c]
        return values[-1] if values else None


class FakeFuture:
    def __init__(self, error: Exception | None = None):
        self.error = error

    def get(self, timeout=None):
        if self.error:
            raise self.error
        return None


class FakeProducer:
    def __init__(self, fail_on: set[str] | None = None):
        self.sent: list[tuple] = []
        self.fail_on = fail_on or set()
        self.closed = False

    def send(self, topic, key=None, value=None, headers=None):
        event_id = dict(headers or ()).get("event_id", b"").decode()
        if event_id in self.fail_on:
            return FakeFuture(TimeoutError("broker did not answer"))
        self.sent.append((topic, key, value, headers))
        return FakeFuture()

    def flush(self, timeout=None):
        pass

    def close(self, timeout=None):
        self.closed = True
