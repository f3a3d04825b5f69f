"""Sending one email over SMTP, and telling temporary from permanent failures.

The SMTP conversation is driven step by step (not sendmail) so that the moment the message
itself goes to the server is known: after it, a broken connection may mean "delivered".
Server-wide problems (connect, TLS, login) are temporary: fixing the server or the settings
should let the queue drain, not fail every email for good.
"""
from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from email.message import EmailMessage
from email.policy import SMTP, SMTPUTF8
from email.utils import formataddr, formatdate
from typing import Any

from services.notify.config import MailSettings
from services.notify.domain.mail import (
    Mail, Mailer, PermanentFailure, TemporaryFailure, UnknownOutcome,
)


def build_message(mail: Mail, mail_from: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = mail.subject
    message["From"] = mail_from
    message["To"] = formataddr((" ".join((mail.to_name or "").split()), mail.to_address))
    if mail.reply_to:
        message["Reply-To"] = mail.reply_to
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = mail.message_id
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to this
    for name, value in mail.headers.items():
        message[name] = value
    # quoted-printable: 7-bit safe on any relay, still readable in the raw message
    message.set_content(mail.text, cte="quoted-printable")
    message.add_alternative(mail.html, subtype="html", cte="quoted-printable")
    return message


class SmtpMailer(Mailer):
    def __init__(self, settings: MailSettings, smtp_class: Callable[..., smtplib.SMTP] | None = None):
        self.settings = settings
        self.smtp_class = smtp_class  # tests pass a fake; None: SMTP or SMTP_SSL by settings

    def send(self, mail: Mail, on_handover: Callable[[], None]) -> None:
        try:
            message = build_message(mail, self.settings.mail_from)
        except (ValueError, TypeError) as exc:  # the same data will fail the same way again
            raise PermanentFailure(f"could not build the message: {type(exc).__name__}") from exc
        international = not mail.to_address.isascii()
        smtp = self._connect()
        try:
            options = ["SMTPUTF8"] if international else []
            _expect(smtp.mail(message["From"].addresses[0].addr_spec, options), "MAIL")
            _expect(smtp.rcpt(mail.to_address), "RCPT")
            payload = message.as_bytes(policy=SMTPUTF8 if international else SMTP)
            on_handover()
            try:
                reply = smtp.data(payload)  # returns the final reply; it raises only before it
            except smtplib.SMTPResponseException as exc:
                _raise_for(exc.smtp_code, exc.smtp_error, "DATA")
            except (OSError, smtplib.SMTPException) as exc:
                raise UnknownOutcome(f"connection lost during DATA: {type(exc).__name__}") from exc
            _expect(reply, "DATA")
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            raise TemporaryFailure(f"connection lost: {type(exc).__name__}") from exc
        finally:
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
