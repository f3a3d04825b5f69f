"""The broker's side of Kafka security, written once: the listener and authorizer settings that
docker-compose.yml gives its broker (as KAFKA_* variables, tests/deploy/test_compose_broker.py)
and that the suite's SASL broker (devstack.kafka_broker) writes into its server.properties, so
the real-broker test in tests/e2e/security shows the compose broker's settings at work.

Services sign in with SCRAM as users that `heard broker secure` creates. The operator's admin
signs in with PLAIN, its password in the broker's own configuration: a freshly formatted broker
has no SCRAM users yet, and somebody must be able to sign in to create them and the ACLs."""
from __future__ import annotations

ADMIN_MECHANISM = "PLAIN"
SERVICE_MECHANISM = "SCRAM-SHA-512"
AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer"


def sasl_broker_properties(listener: str, admin_user: str, admin_password: str) -> dict[str, str]:
    """SASL on `listener` (SCRAM for the services, PLAIN for the admin and the inter-broker link)
    and the standard authorizer, which denies whatever no ACL allows. ANONYMOUS is a super user
    only because a KRaft broker reaches its controller over the controller listener, which must
    be PLAINTEXT and reachable from the broker's own host alone (loopback in compose and tests)."""
    prefix = f"listener.name.{listener.lower()}"
    return {
        "sasl.enabled.mechanisms": f"{SERVICE_MECHANISM},{ADMIN_MECHANISM}",
        "sasl.mechanism.inter.broker.protocol": ADMIN_MECHANISM,
        f"{prefix}.plain.sasl.jaas.config": (
            "org.apache.kafka.common.security.plain.PlainLoginModule required "
            f'username="{admin_user}" password="{admin_password}" '
            f'user_{admin_user}="{admin_password}";'),
        f"{prefix}.{SERVICE_MECHANISM.lower()}.sasl.jaas.config":
            "org.apache.kafka.common.security.scram.ScramLoginModule required;",
        "authorizer.class.name": AUTHORIZER,
        "super.users": f"User:{admin_user};User:ANONYMOUS",
        "allow.everyone.if.no.acl.found": "false",
    }
