"""How SMTP replies become sent, temporary, permanent or unknown: with a scripted fake server."""
from __future__ import annotations

import smtplib
from email import message_from_bytes, policy

import pytest

from services.notify.adapters.smtp_mailer import SmtpMailer
from services.common.settings import SettingsError
from services.notify.config import load_mail_settings
from services.notify.domain.mail import Mail, PermanentFailure, TemporaryFailure, UnknownOutcome

MAIL = Mail("sam@example.org", "Sam", "Subject", "Text with café", "<p>HTML</p>", "<id-1@heard.test>",
            reply_to="hello@mind.example", headers={"List-Unsubscribe": "<https://n.test/u/t>"})


class FakeSmtp:
    """Answers each step from `script` ({step: reply or exception}); records what it was told."""
    script: dict = {}
    log: list = []

    def __init__(self, host, port, timeout=None):
        self._step("connect")

    def _step(self, step, default=(250, b"OK")):
        FakeSmtp.log.append(step)
        reply = FakeSmtp.script.get(step, default)
        if isinstance(reply, Exception):
            raise reply
        return reply

    def ehlo_or_helo_if_needed(self):
        self._step("ehlo")

    def starttls(self, context=None):
        self._step("starttls")

    def ehlo(self):
        self._step("ehlo")

    def login(self, user, password):
        self._step("login")

    def mail(self, sender, options=()):
        return self._step("mail")

    def rcpt(self, recipient):
        return self._step("rcpt")

    def data(self, payload):
        FakeSmtp.payload = payload
        return self._step("data")

    def quit(self):
        self._step("quit", (221, b"Bye"))

    def close(self):
        FakeSmtp.log.append("close")


def send(script: dict, **env) -> list:
    handovers: list = []
    FakeSmtp.script, FakeSmtp.log = script, []
    mailer = SmtpMailer(load_mail_settings(env), smtp_class=FakeSmtp)  # type: ignore[arg-type]  # SMTP's used part
    try:
        mailer.send(MAIL, lambda: handovers.append(FakeSmtp.log[-1]))
    finally:
        mailer.close()  # as the delivery loop does when it stops: the kept session is quit
    return handovers


def test_one_session_carries_message_after_message():
    FakeSmtp.script, FakeSmtp.log = {}, []
    mailer = SmtpMailer(load_mail_settings({}), smtp_class=FakeSmtp)  # type: ignore[arg-type]
    handovers: list = []
    for _ in range(3):
        mailer.send(MAIL, lambda: handovers.append(1))
    mailer.close()
    assert FakeSmtp.log == ["connect", "ehlo", *["mail", "rcpt", "data"] * 3, "quit"]
    assert handovers == [1, 1, 1]


def test_a_kept_session_the_server_closed_is_replaced_before_the_handover():
    FakeSmtp.script, FakeSmtp.log = {}, []
    mailer = SmtpMailer(load_mail_settings({}), smtp_class=FakeSmtp)  # type: ignore[arg-type]
    mailer.send(MAIL, lambda: None)
    FakeSmtp.script = {"mail": smtplib.SMTPServerDisconnected("idle timeout")}
    FakeSmtp.log = []
    handovers: list = []

    def server_back():  # the fresh session works
        FakeSmtp.script = {}
    original_init = FakeSmtp.__init__
    FakeSmtp.__init__ = lambda self, *a, **k: (server_back(), original_init(self, *a, **k))[1]
    try:
        mailer.send(MAIL, lambda: handovers.append(FakeSmtp.log[-1]))
    finally:
        FakeSmtp.__init__ = original_init
    assert FakeSmtp.log == ["mail", "quit", "connect", "ehlo", "mail", "rcpt", "data"]
    assert handovers == ["rcpt"]  # once: only the message on the fresh session was handed over


def test_a_failed_message_drops_the_session():
    FakeSmtp.script, FakeSmtp.log = {"rcpt": (450, b"try later")}, []
    mailer = SmtpMailer(load_mail_settings({}), smtp_class=FakeSmtp)  # type: ignore[arg-type]
    with pytest.raises(TemporaryFailure):
        mailer.send(MAIL, lambda: None)
    FakeSmtp.script = {}
    mailer.send(MAIL, lambda: None)
    assert FakeSmtp.log.count("connect") == 2


def test_a_message_is_sent_with_both_parts_and_headers_after_the_handover_mark():
    assert send({}) == ["rcpt"]  # marked after RCPT was accepted, before DATA
    assert FakeSmtp.log == ["connect", "ehlo", "mail", "rcpt", "data", "quit"]
    message = message_from_bytes(FakeSmtp.payload, policy=policy.default)
    assert message["Message-ID"] == "<id-1@heard.test>" and message["Reply-To"] == "hello@mind.example"
    assert message["List-Unsubscribe"] == "<https://n.test/u/t>"
    assert message.get_body(("plain",)).get_content().strip() == "Text with café"
    assert message.get_body(("html",)).get_content().strip() == "<p>HTML</p>"
    assert b"\r\n" in FakeSmtp.payload


def test_a_login_without_tls_is_refused_at_start_naming_the_variable():
    with pytest.raises(SettingsError, match="HEARD_SMTP_SECURITY must be starttls or tls"):
        load_mail_settings({"HEARD_SMTP_USERNAME": "u", "HEARD_SMTP_PASSWORD": "p"})


def test_starttls_and_login_when_configured():
    send({}, HEARD_SMTP_SECURITY="starttls", HEARD_SMTP_USERNAME="u", HEARD_SMTP_PASSWORD="p")
    assert FakeSmtp.log[:5] == ["connect", "ehlo", "starttls", "ehlo", "login"]


@pytest.mark.parametrize("script, failure, reason", [
    ({"connect": ConnectionRefusedError()}, TemporaryFailure, "could not connect: ConnectionRefusedError"),
    ({"login": smtplib.SMTPAuthenticationError(535, b"bad")}, TemporaryFailure, "535 while opening"),
    ({"mail": (451, b"busy")}, TemporaryFailure, "451 at MAIL: busy"),
    ({"rcpt": (550, b"<sam@example.org> unknown")}, PermanentFailure, "550 at RCPT: <address> unknown"),
    ({"data": (452, b"full")}, TemporaryFailure, "452 at DATA: full"),
    ({"data": (554, b"spam")}, PermanentFailure, "554 at DATA: spam"),
    ({"data": smtplib.SMTPDataError(451, b"later")}, TemporaryFailure, "451 at DATA: later"),
    ({"data": smtplib.SMTPServerDisconnected("gone")}, UnknownOutcome, "connection lost during DATA"),
    ({"rcpt": smtplib.SMTPServerDisconnected("gone")}, TemporaryFailure, "connection lost"),
])
def test_failures_are_told_apart(script, failure, reason):
    env = ({"HEARD_SMTP_USERNAME": "u", "HEARD_SMTP_PASSWORD": "p",
            "HEARD_SMTP_SECURITY": "starttls"}
           if "login" in script else {})
    with pytest.raises(failure) as raised:
        send(script, **env)
    assert raised.value.reason.startswith(reason) and "sam@example.org" not in raised.value.reason


def test_a_message_that_cannot_be_built_fails_for_good_before_connecting():
    FakeSmtp.script, FakeSmtp.log = {}, []
    broken = Mail("sam@example.org", "Sam", "Subject\nBcc: x@example.org", "t", "<p>h</p>", "<id@h>")
    with pytest.raises(PermanentFailure, match="could not build the message"):
        SmtpMailer(load_mail_settings({}), smtp_class=FakeSmtp).send(broken, lambda: None)
    assert FakeSmtp.log == []
