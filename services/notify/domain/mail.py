"""An email ready to send, and the ways sending one can end. No SMTP here: adapters do that."""
from __future__ import annotations

import abc
import re
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mail:
    to_address: str
    to_name: str | None
    subject: str
    text: str
    html: str
    message_id: str  # derived from the notification key, so a resend is recognisably the same
    reply_to: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


# the start of the reason recorded for an email that may have been delivered: the connection
# broke (or the sender died) after the message was handed to the mail server
MAY_HAVE_BEEN_DELIVERED = "interrupted after the message was handed to the mail server"


class DeliveryFailure(Exception):
    """Base of the ways a send can fail. `reason` is safe to store and log: never an address."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = scrub(reason)


class TemporaryFailure(DeliveryFailure):
    """Nothing was delivered and trying later may work (connection refused, timeout, 4xx)."""


class PermanentFailure(DeliveryFailure):
    """The server refused the message for good (5xx)."""


class UnknownOutcome(DeliveryFailure):
    """The connection broke after the message was handed over: it may have been delivered."""


_ADDRESS = re.compile(r"<?[^\s<>@]+@[^\s<>@]+>?")


def scrub(text: str, limit: int = 300) -> str:
    """Mail servers echo addresses in their replies ("550 <sam@example.org>: no such user")."""
    return _ADDRESS.sub("<address>", " ".join(str(text).split()))[:limit]


class Mailer(abc.ABC):
    @abc.abstractmethod
    def send(self, mail: Mail, on_handover: Callable[[], None]) -> None:
        """Deliver `mail` or raise a DeliveryFailure. `on_handover` is called just before the
        message itself goes to the server: a failure after it may mean it was delivered."""

    def close(self) -> None:  # noqa: B027 - optional: only mailers that keep a session need it
        """Let go of any connection kept open between messages."""
