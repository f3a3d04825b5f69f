"""Cheap, cached broker reachability check for /readyz."""
from __future__ import annotations

import threading

from kafka import KafkaAdminClient

from services.common.messaging.connection import KafkaTarget, connection_of


class BrokerProbe:
    def __init__(self, target: KafkaTarget, timeout_ms: int = 3000):
        self.connection = connection_of(target)
        self.timeout_ms = timeout_ms
        self._admin: KafkaAdminClient | None = None
        self._lock = threading.Lock()

    def is_reachable(self) -> bool:
        with self._lock:
            try:
                if self._admin is None:
                    self._admin = KafkaAdminClient(
                        **self.connection.options(), client_id="heard-probe",
                        request_timeout_ms=self.timeout_ms, bootstrap_timeout_ms=self.timeout_ms)
                self._admin.list_topics()
                return True
            except Exception:  # noqa: BLE001 - any failure means "not reachable now"
                self.close_locked()
                return False

    def close_locked(self) -> None:
        if self._admin is not None:
            try:
                self._admin.close()
            finally:
                self._admin = None
