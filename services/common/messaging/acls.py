"""The broker's access rules: one principal per service, each writing only its own topics and
reading only what its worker consumes (so the contacts topic is intake's to write and notify's
to read, nobody else's). `heard broker secure` applies them; deploy/production.md explains them.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kafka import KafkaAdminClient
from kafka.admin import (
    ACL,
    ACLOperation,
    ACLPermissionType,
    ResourcePattern,
    ResourceType,
    ScramMechanism,
    UserScramCredentialUpsertion,
)

from services.common.contracts.registry import CONTRACTS

KEYS = ("intake.api-key-changed.v1", "decisions.api-key-changed.v1")
# What each service's worker consumes; tests/deploy/test_broker_acls.py holds it to the workers.
READS: dict[str, tuple[str, ...]] = {
    "intake": (*KEYS, "decisions.outcome-published.v1", "decisions.outcome-revised.v1", "decisions.programmes.v1",
               "notify.notification-failed.v1", "notify.notification-sent.v1",
               "notify.notification-suppressed.v1", "notify.outcome-answered.v1",
               "notify.contributor-unsubscribed.v1"),
    "decisions": (*KEYS, "decisions.board-registered.v1", "decisions.outcome-published.v1",
                  "decisions.outcome-revised.v1", "decisions.programmes.v1", "intake.contributor-consent-changed.v1",
                  "intake.input-submitted.v1", "intake.input-withdrawn.v1",
                  "intake.outcome-relayed.v1", "intake.partner-registered.v1",
                  "notify.notification-failed.v1", "notify.notification-sent.v1",
                  "notify.notification-suppressed.v1", "notify.outcome-answered.v1"),
    "notify": (*KEYS, "decisions.outcome-published.v1", "decisions.outcome-revised.v1",
               "decisions.progress-updated.v1", "intake.contacts.v1", "intake.input-submitted.v1"),
}
# the owner also reads its own topics: the relay checks their tail after a crash
OWN_TOPIC = ("WRITE", "READ", "DESCRIBE", "CREATE", "DESCRIBE_CONFIGS", "ALTER_CONFIGS")
OWN_DEAD_LETTERS = ("DESCRIBE", "CREATE", "DESCRIBE_CONFIGS", "ALTER_CONFIGS")  # retention
READ_TOPIC = ("READ", "DESCRIBE")
READ_DEAD_LETTERS = ("WRITE", "DESCRIBE", "CREATE")  # a consumer parks what it cannot handle
CLUSTER = "kafka-cluster"


@dataclass(frozen=True, order=True)
class Grant:
    principal: str      # "User:heard-intake"
    resource_type: str  # TOPIC, GROUP or CLUSTER
    name: str
    operation: str

    def to_acl(self) -> ACL:
        return ACL(principal=self.principal, host="*", operation=ACLOperation[self.operation],
                   permission_type=ACLPermissionType.ALLOW,
                   resource_pattern=ResourcePattern(ResourceType[self.resource_type], self.name))


def grants(service: str, username: str, consumer_group: str) -> list[Grant]:
    """Everything `service`, signed in as `username`, may do; nothing else is allowed."""
    principal = f"User:{username}"
    allowed: set[Grant] = set()

    def allow(kind: str, name: str, operations: Iterable[str]) -> None:
        allowed.update(Grant(principal, kind, name, op) for op in operations)

    for contract in CONTRACTS:
        if contract.owner == service:
            allow("TOPIC", contract.topic, OWN_TOPIC)
            allow("TOPIC", contract.dlq_topic, OWN_DEAD_LETTERS)
    for topic in READS[service]:
        allow("TOPIC", topic, READ_TOPIC)
        allow("TOPIC", f"{topic}.dlq", READ_DEAD_LETTERS)
    allow("GROUP", consumer_group, ("READ", "DESCRIBE"))
    allow("CLUSTER", CLUSTER, ("IDEMPOTENT_WRITE",))  # the relay's idempotent producer
    return sorted(allowed)


def apply_grants(admin: KafkaAdminClient, wanted: list[Grant]) -> None:
    """Create the ACLs (creating one that exists is a no-op on the broker)."""
    result = admin.create_acls([grant.to_acl() for grant in wanted])
    if result["failed"]:
        raise RuntimeError(f"{len(result['failed'])} ACLs were refused, the first: "
                           f"{result['failed'][0]}")


def ensure_users(admin: KafkaAdminClient, passwords: Mapping[str, str],
                 mechanism: str = "SCRAM-SHA-512") -> None:
    """Create or update each user's SCRAM credentials (names in errors, never passwords)."""
    scram = ScramMechanism[mechanism.replace("-", "_")]
    errors = admin.alter_user_scram_credentials(
        [UserScramCredentialUpsertion(user, scram, password) for user, password in passwords.items()])
    refused = {user: error for user, error in errors.items() if error}
    if refused:
        raise RuntimeError(f"the broker refused SCRAM credentials for {sorted(refused)}: "
                           f"{next(iter(refused.values()))}")
