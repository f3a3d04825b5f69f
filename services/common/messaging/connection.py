"""How every Kafka client of a process reaches the broker: where, and as which principal.

`make run` and the test suite use PLAINTEXT on loopback. Production uses SASL/SCRAM (over TLS
with SASL_SSL), one principal per service, so the broker's ACLs decide what each service may read
and write (see services/common/messaging/acls.py and deploy/production.md)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PROTOCOLS = ("PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL", "SSL")
SASL_MECHANISMS = ("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN")


@dataclass(frozen=True)
class KafkaConnection:
    bootstrap_servers: str
    security_protocol: str = "PLAINTEXT"
    sasl_mechanism: str = "SCRAM-SHA-512"
    sasl_username: str | None = None
    sasl_password: str | None = field(default=None, repr=False)
    ssl_cafile: str | None = None

    @property
    def uses_sasl(self) -> bool:
        return self.security_protocol.startswith("SASL_")

    def options(self) -> dict[str, Any]:
        """Keyword arguments every kafka-python client (producer, consumer, admin) takes."""
        options: dict[str, Any] = {"bootstrap_servers": self.bootstrap_servers.split(","),
                                   "security_protocol": self.security_protocol}
        if self.uses_sasl:
            options.update(sasl_mechanism=self.sasl_mechanism,
                           sasl_plain_username=self.sasl_username,
                           sasl_plain_password=self.sasl_password)
        if self.ssl_cafile:
            options["ssl_cafile"] = self.ssl_cafile
        return options

    def __str__(self) -> str:  # for log lines: where, never the password
        who = f" as {self.sasl_username}" if self.uses_sasl else ""
        return f"{self.bootstrap_servers} ({self.security_protocol}{who})"


KafkaTarget = KafkaConnection | str  # a bare "host:port,..." string means PLAINTEXT


def connection_of(target: KafkaTarget) -> KafkaConnection:
    return target if isinstance(target, KafkaConnection) else KafkaConnection(target)
