"""Real backing services for local development and integration tests.

- ``kafka_broker``: a single-node KRaft Kafka broker run from Maven Central jars (needs Java 17+).
- ``smtp_sink``: an SMTP server that stores every message as an .eml file and can simulate failures.
- ``postgres``: find a PostgreSQL server for tests and create/drop a throwaway database.

Importing this package starts nothing; each module offers classes and a ``main()``.
"""

from __future__ import annotations

import socket
from contextlib import ExitStack

__all__ = ["free_port", "free_ports"]


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port on ``host`` that was free a moment ago.

    Another process may take it before the caller binds it; callers that start servers on it
    should fail loudly rather than retry silently.
    """
    return free_ports(1, host)[0]


def free_ports(count: int, host: str = "127.0.0.1") -> list[int]:
    """``count`` distinct free ports (all are held open while choosing, so none repeats)."""
    with ExitStack() as stack:
        probes = [stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
                  for _ in range(count)]
        for probe in probes:
            probe.bind((host, 0))
        return [probe.getsockname()[1] for probe in probes]
