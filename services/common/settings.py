"""Configuration from environment variables, with safe local defaults, validated at start-up."""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from services.common.messaging.connection import PROTOCOLS, SASL_MECHANISMS, KafkaConnection

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SERVICE_PORTS = {"intake": 8001, "decisions": 8002, "notify": 8003}


class SettingsError(ValueError):
    """A configuration value is missing or malformed; the message names the variable."""


def env_str(env: Mapping[str, str], name: str, default: str) -> str:
    value = env.get(name, default).strip()
    if not value:
        raise SettingsError(f"{name} must not be empty")
    return value


def env_int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name, str(default))
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low} and {high}, got {value}")
    return value


def env_choice(env: Mapping[str, str], name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env_str(env, name, default)
    if value not in choices:
        raise SettingsError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


def var_dir(env: Mapping[str, str]) -> Path:
    return Path(env.get("HEARD_VAR_DIR", str(PROJECT_ROOT / "var")))


def service_url(env: Mapping[str, str], service: str) -> str:
    default = f"http://127.0.0.1:{SERVICE_PORTS[service]}"
    return env_str(env, f"HEARD_{service.upper()}_URL", default).rstrip("/")


def kafka_security_from_env(env: Mapping[str, str]) -> dict[str, str | None]:
    """PLAINTEXT by default (loopback, `make run`); SASL needs a user name and password."""
    protocol = env_choice(env, "KAFKA_SECURITY_PROTOCOL", "PLAINTEXT", PROTOCOLS)
    sasl = protocol.startswith("SASL_")
    username = env.get("KAFKA_SASL_USERNAME", "").strip() or None
    password = env.get("KAFKA_SASL_PASSWORD") or None
    for name, value in (("KAFKA_SASL_USERNAME", username), ("KAFKA_SASL_PASSWORD", password)):
        if sasl and value is None:
            raise SettingsError(f"{name} must be set when KAFKA_SECURITY_PROTOCOL is {protocol}")
    return {"kafka_security_protocol": protocol,
            "kafka_sasl_mechanism": env_choice(env, "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                                               SASL_MECHANISMS),
            "kafka_sasl_username": username, "kafka_sasl_password": password,
            "kafka_ssl_cafile": env.get("KAFKA_SSL_CAFILE", "").strip() or None}


@dataclass(frozen=True)
class RateLimits:
    """Limits in the `limits` package's notation ("600/minute", "10/second;100/minute").
    Counted in each API process's memory: with N gunicorn workers a client may get up to N times
    each limit, and a restart forgets the counts (docs: README "Rate limits")."""
    enabled: bool
    per_key: str
    per_address: str
    # the public accountability report, the public figure pages and the open-data exports
    heavy: str


def env_rate_limit(env: Mapping[str, str], name: str, default: str) -> str:
    from limits import parse_many

    value = env_str(env, name, default)
    try:
        parse_many(value)
    except ValueError:
        raise SettingsError(f"{name} must be a rate such as 600/minute, got {value!r}") from None
    return value


def rate_limits_from_env(env: Mapping[str, str]) -> RateLimits:
    return RateLimits(
        enabled=env_choice(env, "HEARD_RATE_LIMITS", "on", ("on", "off")) == "on",
        per_key=env_rate_limit(env, "HEARD_RATE_LIMIT_PER_KEY", "1200/minute"),
        per_address=env_rate_limit(env, "HEARD_RATE_LIMIT_PER_ADDRESS", "600/minute"),
        heavy=env_rate_limit(env, "HEARD_RATE_LIMIT_HEAVY", "30/minute"),
    )


@dataclass(frozen=True)
class Settings:
    service: str
    database_url: str
    kafka_bootstrap_servers: str
    kafka_security_protocol: str
    kafka_sasl_mechanism: str
    kafka_sasl_username: str | None
    kafka_sasl_password: str | None = field(repr=False)  # never in a log line or traceback
    kafka_ssl_cafile: str | None
    public_base_url: str
    log_format: str
    kafka_replication_factor: int
    consumer_group: str
    relay_batch_size: int
    consumer_max_attempts: int
    # a handler busier than this between polls loses its partitions (a rebalance)
    consumer_max_poll_interval_ms: int
    # stored Idempotency-Key responses are forgotten after this many hours
    idempotency_ttl_hours: int
    rate_limits: RateLimits
    # reverse proxies in front of the API that set X-Forwarded-For/-Proto; 0: trust no such header
    trusted_proxies: int

    @classmethod
    def base_from_env(cls, service: str, env: Mapping[str, str] | None = None) -> dict:
        env = os.environ if env is None else env
        default_db = f"sqlite:///{var_dir(env) / f'{service}.db'}"
        return {
            "service": service,
            "database_url": env_str(env, f"HEARD_{service.upper()}_DATABASE_URL", default_db),
            "kafka_bootstrap_servers": env_str(env, "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
            **kafka_security_from_env(env),
            # where the public "You said, we did" pages live (served by decisions)
            "public_base_url": service_url(env, "decisions") if "HEARD_PUBLIC_BASE_URL" not in env
            else env_str(env, "HEARD_PUBLIC_BASE_URL", "").rstrip("/"),
            "log_format": env_choice(env, "HEARD_LOG_FORMAT", "text", ("text", "json")),
            "kafka_replication_factor": env_int(env, "HEARD_KAFKA_REPLICATION_FACTOR", 1, 1, 5),
            "relay_batch_size": env_int(env, "HEARD_RELAY_BATCH_SIZE", 1000, 1, 5000),
            # a handler failing this often on one event (a bug, not an outage) parks it in the DLQ
            "consumer_max_attempts": env_int(env, "HEARD_CONSUMER_MAX_ATTEMPTS", 5, 1, 1000),
            "consumer_max_poll_interval_ms": env_int(env, "HEARD_CONSUMER_MAX_POLL_INTERVAL_MS", 300000,
                                                     1000, 3600000),
            "idempotency_ttl_hours": env_int(env, "HEARD_IDEMPOTENCY_TTL_HOURS", 24, 1, 720),
            "consumer_group": env_str(env, f"HEARD_{service.upper()}_CONSUMER_GROUP", f"heard-{service}"),
            "rate_limits": rate_limits_from_env(env),
            "trusted_proxies": env_int(env, "HEARD_TRUSTED_PROXIES", 0, 0, 5),
        }

    @property
    def kafka(self) -> KafkaConnection:
        """Where the broker is and who this service is to it (SASL principal)."""
        return KafkaConnection(self.kafka_bootstrap_servers, self.kafka_security_protocol,
                               self.kafka_sasl_mechanism, self.kafka_sasl_username,
                               self.kafka_sasl_password, self.kafka_ssl_cafile)

    @classmethod
    def from_env(cls, service: str, env: Mapping[str, str] | None = None) -> "Settings":
        return cls(**cls.base_from_env(service, env))
