"""Sending one email over SMTP, and telling temporary from permanent failures.

The SMTP conversation is driven step by step (not sendmail) so that the moment the message
itself goes to the server is known: after it, a broken connection may mean "delivered".
Server-wide problems (connect, TLS, login) are temporary: fixing the server or the settings
should let the queue drain, not fail every email for good.

One session is kept open between messages (connecting, EHLO and QUIT cost more than a message
on a local relay). A kept session that the server has closed meanwhile is found out before the
message is handed over, so the message is simply sent on a fresh session. After any failure the
session is dropped, so no half-finished conversation carries over to the next message.
"""
from __future__ import annotations

import smtplib
import ssl
import time
from collections.abc import Callable
from email.utils import parseaddr
from typing import Any

from services.notify.adapters.mime import message_bytes
from services.notify.config import MailSettings
from services.notify.domain.mail import (
    Mail, Mailer, PermanentFailure, TemporaryFailure, UnknownOutcome,
)


# a session idle for longer is closed rather than reused (servers drop idle clients anyway)
IDLE_SESSION_SECONDS = 30.0


class _StaleSession(Exception):
    """A kept session turned out closed before the message was handed over."""


class SmtpMailer(Mailer):
    def __init__(self, settings: MailSettings, smtp_class: Callable[..., smtplib.SMTP] | None = None):
        self.settings = settings
        self.smtp_class = smtp_class  # tests pass a fake; None: SMTP or SMTP_SSL by settings
        self._session: smtplib.SMTP | None = None
        self._last_used = 0.0
        self._envelope_from = parseaddr(settings.mail_from)[1]

    def send(self, mail: Mail, on_handover: Callable[[], None]) -> None:
        try:
            message = message_bytes(mail, self.settings.mail_from)
        except (ValueError, TypeError) as exc:  # the same data will fail the same way again
            raise PermanentFailure(f"could not build the message: {type(exc).__name__}") from exc
        kept = self._take_session()
        if kept is not None:
            try:
                self._send_on(kept, message, mail, on_handover, reused=True)
                return
            except _StaleSession:
                pass  # nothing was handed over: send it on a fresh session
        self._send_on(self._connect(), message, mail, on_handover, reused=False)

    def close(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            _close(session)

    def _take_session(self) -> smtplib.SMTP | None:
        session, self._session = self._session, None
        if session is not None and time.monotonic() - self._last_used > IDLE_SESSION_SECONDS:
            _close(session)
            return None
        return session

    def _send_on(self, smtp: smtplib.SMTP, message: bytes, mail: Mail,
                 on_handover: Callable[[], None], reused: bool) -> None:
        """One message on `smtp`; keeps the session for the next message only on success."""
        handed_over = False
        ok = False
        try:
            # ASCII addresses only (message_bytes refuses others), so no SMTPUTF8 option
            _expect(smtp.mail(self._envelope_from), "MAIL")
            _expect(smtp.rcpt(mail.to_address), "RCPT")
            handed_over = True
            on_handover()
            try:
                reply = smtp.data(message)  # returns the final reply; it raises only before it
            except smtplib.SMTPResponseException as exc:
                _raise_for(exc.smtp_code, exc.smtp_error, "DATA")
            except (OSError, smtplib.SMTPException) as exc:
                raise UnknownOutcome(f"connection lost during DATA: {type(exc).__name__}") from exc
            _expect(reply, "DATA")
            ok = True
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            if reused and not handed_over:
                raise _StaleSession() from exc
            raise TemporaryFailure(f"connection lost: {type(exc).__name__}") from exc
        finally:
            if ok:
                self._session, self._last_used = smtp, time.monotonic()
            else:
                _close(smtp)

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        tls = s.smtp_security == "tls"
        smtp_class = self.smtp_class or (smtplib.SMTP_SSL if tls else smtplib.SMTP)
        kwargs: dict[str, Any] = {"context": ssl.create_default_context()} if tls and self.smtp_class is None else {}
        try:
            smtp = smtp_class(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout, **kwargs)
        except smtplib.SMTPConnectError as exc:
            raise TemporaryFailure(f"{exc.smtp_code} on connect: {_text(exc.smtp_error)}") from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise TemporaryFailure(f"could not connect: {type(exc).__name__}") from exc
        try:
            smtp.ehlo_or_helo_if_needed()
            if s.smtp_security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if s.smtp_login:
                smtp.login(*s.smtp_login)
        except smtplib.SMTPResponseException as exc:
            _close(smtp)
            raise TemporaryFailure(f"{exc.smtp_code} while opening the session: "
                                   f"{_text(exc.smtp_error)}") from exc
        except (OSError, smtplib.SMTPException) as exc:
            _close(smtp)
            raise TemporaryFailure(f"could not open the session: {type(exc).__name__}") from exc
        return smtp


def _expect(reply: tuple[int, bytes], step: str) -> None:
    code, text = reply
    if not 200 <= code < 300:
        _raise_for(code, text, step)


def _raise_for(code: int, text, step: str) -> None:
    reason = f"{code} at {step}: {_text(text)}"
    if 500 <= code < 600:
        raise PermanentFailure(reason)
    raise TemporaryFailure(reason)  # 4xx, and anything odd, is worth another try


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _close(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()
