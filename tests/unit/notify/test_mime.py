"""The message bytes notify sends, read back by the `email` package as a mail client would."""
from __future__ import annotations

from email import message_from_bytes, policy

import pytest

from services.notify.adapters.mime import message_bytes
from services.notify.domain.mail import Mail

URL = "<https://notify.example.org/unsubscribe/" + "t0k3n" * 24 + ">"
TEXT = "Hello Zoë,\n\nWhat you told us =\tmattered.   \n.\nA line " + "long " * 40 + "\r\nend"
HTML = "<p>Hello Zo&euml;, caf\u00e9 \u201cquoted\u201d</p>\n" + "<p>" + "x" * 300 + "</p>"
MAIL = Mail("sam@example.org", "Zoë  O'Brien-Ünal", "What happened to the café: " + "word " * 20,
            TEXT, HTML, "<n-1@heard.test>", reply_to="hello@mind.example",
            headers={"List-Unsubscribe": URL, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})


def read(raw: bytes):
    return message_from_bytes(raw, policy=policy.default)


def test_headers_and_both_parts_read_back_as_written():
    raw = message_bytes(MAIL, "Héard outcomes <outcomes@heard.test>")
    message = read(raw)
    assert message["Subject"] == MAIL.subject
    assert message["To"].addresses[0].display_name == "Zoë O'Brien-Ünal"  # spaces normalised
    assert message["To"].addresses[0].addr_spec == "sam@example.org"
    assert message["From"].addresses[0].display_name == "Héard outcomes"
    assert message["Reply-To"] == "hello@mind.example"
    assert message["Message-ID"] == "<n-1@heard.test>"
    assert message["Auto-Submitted"] == "auto-generated" and message["Date"].datetime is not None
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.get_content_type() == "multipart/alternative"
    plain, html = message.get_payload()
    assert plain.get_content_type() == "text/plain" and html.get_content_type() == "text/html"
    assert plain["Content-Transfer-Encoding"] == html["Content-Transfer-Encoding"] == "quoted-printable"
    # the parser keeps the wire's CRLF; every line ending was made one, and a last one added
    assert plain.get_content() == TEXT.replace("\r\n", "\n").replace("\n", "\r\n") + "\r\n"
    assert html.get_content() == HTML.replace("\n", "\r\n") + "\r\n"
    assert not any(part.defects for part in message.walk())


def test_the_bytes_are_seven_bit_crlf_lines_within_the_limits():
    raw = message_bytes(MAIL, "Heard <outcomes@heard.test>")
    assert raw.isascii()
    lines = raw.split(b"\r\n")
    assert not any(b"\r" in line or b"\n" in line for line in lines)
    assert max(len(line) for line in lines) <= 998
    # only the URL, which has no space to fold at, is longer than 78
    assert [line for line in lines if len(line) > 78] == [f"List-Unsubscribe: {URL}".encode()]


def test_the_unsubscribe_url_stays_a_url_mail_apps_can_read():
    raw = message_bytes(MAIL, "Heard <outcomes@heard.test>")
    assert f"\r\nList-Unsubscribe: {URL}\r\n".encode() in raw
    assert read(raw)["List-Unsubscribe"] == URL


@pytest.mark.parametrize("changed", [
    {"subject": "Subject\nBcc: x@example.org"},
    {"reply_to": "p@example.org\r\nBcc: x@example.org"},
    {"message_id": "<id@h>\rBcc: x@example.org"},
    {"headers": {"List-Unsubscribe": "<https://n.test/u>\nBcc: x@example.org"}},
    {"to_address": "zoë@exämple.org"},  # no SMTPUTF8: refused, as before
])
def test_what_cannot_be_a_header_is_refused(changed):
    fields = {**MAIL.__dict__, **changed}
    with pytest.raises(ValueError):
        message_bytes(Mail(**fields), "Heard <outcomes@heard.test>")


def test_each_message_has_its_own_boundary_absent_from_its_parts():
    first, second = (read(message_bytes(MAIL, "Heard <outcomes@heard.test>")) for _ in range(2))
    assert first.get_boundary() != second.get_boundary()
    raw = message_bytes(MAIL, "Heard <outcomes@heard.test>")
    boundary = read(raw).get_boundary().encode()
    # in the Content-Type header, before each part and at the end: nowhere in the text
    assert raw.count(boundary) == 4


@pytest.mark.parametrize("subject", [
    "Café", "日本語の件名です" * 6, "Zoë 👩🏽‍⚕️ " * 12, "a" * 35 + "é" + "😀" * 20,
])
def test_a_subject_that_is_not_ascii_reads_back_whole_from_short_encoded_words(subject):
    raw = message_bytes(Mail(**{**MAIL.__dict__, "subject": subject}), "Heard <h@heard.test>")
    assert read(raw)["Subject"] == subject
    header = raw.split(b"\r\nFrom:")[0]
    assert all(len(line) <= 78 for line in header.split(b"\r\n"))
