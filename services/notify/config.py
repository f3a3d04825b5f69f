"""Notify settings: the shared ones plus the mail server, sender, unsubscribe links and digests."""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import urlsplit

from services.common.settings import Settings, SettingsError, env_choice, env_int, env_str, service_url

SERVICE = "notify"
SMTP_SECURITY = ("none", "starttls", "tls")
# Signs unsubscribe links on a developer's machine. Refused once links go anywhere but this machine.
DEVELOPMENT_UNSUBSCRIBE_SECRET = "heard-development-unsubscribe-secret-not-for-production"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class MailSettings:
    smtp_host: str
    smtp_port: int
    smtp_security: str
    smtp_username: str | None
    smtp_password: str | None
    smtp_timeout: int
    # senders working at once, each with its own SMTP session and its own claimed batch
    smtp_connections: int
    mail_from: str
    unsubscribe_secret: str
    # signing secrets still accepted (a rotation's overlap); never used to sign
    unsubscribe_previous_secrets: tuple[str, ...]
    # keys the unsubscribe list's address hashes; None: the signing secret (local use only)
    unsubscribe_list_key: str | None
    notify_url: str
    # where partners' digests link to their relay list (HEARD_INTAKE_URL)
    intake_url: str
    digest_hour: int
    # the persisted retry schedule: base doubling up to cap, failed after max_attempts
    retry_base_seconds: float
    retry_cap_seconds: float
    max_attempts: int

    @property
    def smtp_login(self) -> tuple[str, str] | None:
        if self.smtp_username and self.smtp_password:
            return self.smtp_username, self.smtp_password
        return None

    @property
    def uses_development_secret(self) -> bool:
        return self.unsubscribe_secret == DEVELOPMENT_UNSUBSCRIBE_SECRET

    @property
    def claim_lease_seconds(self) -> float:
        """How long a send may take before its claim counts as abandoned: every SMTP step
        (connect, EHLO, STARTTLS, EHLO, AUTH, MAIL, RCPT, DATA, the reply, QUIT) may take
        up to the timeout, with room to spare."""
        return 12.0 * self.smtp_timeout


@dataclass(frozen=True)
class NotifySettings(Settings):
    mail: MailSettings


def load_settings(env: Mapping[str, str] | None = None) -> NotifySettings:
    env = os.environ if env is None else env
    return NotifySettings(**Settings.base_from_env(SERVICE, env), mail=load_mail_settings(env))


def load_mail_settings(env: Mapping[str, str]) -> MailSettings:
    username = _optional(env, "HEARD_SMTP_USERNAME")
    password = _optional(env, "HEARD_SMTP_PASSWORD")
    if bool(username) != bool(password):
        missing = "HEARD_SMTP_PASSWORD" if username else "HEARD_SMTP_USERNAME"
        raise SettingsError(f"{missing} must be set too: SMTP login needs both a user and a password")
    security = env_choice(env, "HEARD_SMTP_SECURITY", "none", SMTP_SECURITY)
    if username and security == "none":
        raise SettingsError("HEARD_SMTP_SECURITY must be starttls or tls when HEARD_SMTP_USERNAME is "
                            "set: the SMTP password is never sent unencrypted")
    mail = MailSettings(
        smtp_host=env_str(env, "HEARD_SMTP_HOST", "127.0.0.1"),
        smtp_port=env_int(env, "HEARD_SMTP_PORT", 1025, 1, 65535),
        smtp_security=security,
        smtp_username=username, smtp_password=password,
        smtp_timeout=env_int(env, "HEARD_SMTP_TIMEOUT", 10, 1, 300),
        smtp_connections=env_int(env, "HEARD_SMTP_CONNECTIONS", 4, 1, 32),
        mail_from=_mail_from(env),
        unsubscribe_secret=_secret(env, "HEARD_UNSUBSCRIBE_SECRET", DEVELOPMENT_UNSUBSCRIBE_SECRET),
        unsubscribe_previous_secrets=_previous_secrets(env),
        unsubscribe_list_key=_list_key(env),
        notify_url=_url(env),
        intake_url=service_url(env, "intake"),
        digest_hour=env_int(env, "HEARD_DIGEST_HOUR", 17, 0, 23),
        retry_base_seconds=_seconds(env, "HEARD_NOTIFY_RETRY_BASE_SECONDS", 30.0),
        retry_cap_seconds=_seconds(env, "HEARD_NOTIFY_RETRY_CAP_SECONDS", 3600.0),
        max_attempts=env_int(env, "HEARD_NOTIFY_MAX_ATTEMPTS", 10, 1, 100),
    )
    _check_secrets_fit_the_use(mail)
    return mail


def _check_secrets_fit_the_use(mail: MailSettings) -> None:
    """Links that reach people elsewhere need secrets of the operator's own, and a list key that
    stays put when the signing secret changes (else every opt-out is silently forgotten)."""
    local = (urlsplit(mail.notify_url).hostname or "") in LOCAL_HOSTS
    if local and not mail.unsubscribe_previous_secrets:
        return
    if mail.uses_development_secret:
        raise SettingsError("HEARD_UNSUBSCRIBE_SECRET is the development default, which anyone with "
                            "the source can use to forge links: set a secret of your own "
                            f"(links go to {mail.notify_url})")
    if mail.unsubscribe_list_key is None:
        raise SettingsError("HEARD_UNSUBSCRIBE_LIST_KEY must be set: it keys the unsubscribe list and "
                            "must never change (an existing list was keyed with the first "
                            "HEARD_UNSUBSCRIBE_SECRET: set it to that value)")


def _optional(env: Mapping[str, str], name: str) -> str | None:
    return env.get(name, "").strip() or None


def _mail_from(env: Mapping[str, str]) -> str:
    value = env_str(env, "HEARD_MAIL_FROM", "Heard <outcomes@heard.localhost>")
    _, address = parseaddr(value)
    if "@" not in address or address.startswith("@") or address.endswith("@"):
        raise SettingsError(f"HEARD_MAIL_FROM must be an address like 'Heard <outcomes@example.org>', got {value!r}")
    return value


def _secret(env: Mapping[str, str], name: str, default: str) -> str:
    value = env_str(env, name, default)
    if len(value) < 16:
        raise SettingsError(f"{name} must be at least 16 characters long")
    return value


def _previous_secrets(env: Mapping[str, str]) -> tuple[str, ...]:
    name = "HEARD_UNSUBSCRIBE_PREVIOUS_SECRETS"
    values = tuple(v.strip() for v in env.get(name, "").split(",") if v.strip())
    if any(len(v) < 16 for v in values):
        raise SettingsError(f"{name}: each secret (comma-separated) must be at least 16 characters long")
    return values


def _list_key(env: Mapping[str, str]) -> str | None:
    if not env.get("HEARD_UNSUBSCRIBE_LIST_KEY", "").strip():
        return None
    return _secret(env, "HEARD_UNSUBSCRIBE_LIST_KEY", "")


def _url(env: Mapping[str, str]) -> str:
    value = service_url(env, SERVICE)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(f"HEARD_NOTIFY_URL must be an http(s) URL, got {value!r}")
    return value


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, str(default))
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number of seconds, got {raw!r}") from None
    if not 0.01 <= value <= 86400:
        raise SettingsError(f"{name} must be between 0.01 and 86400 seconds, got {value}")
    return value
