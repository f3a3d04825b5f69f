"""The shared text and date rules (services/common/text.py) that intake and decisions apply."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.common import text


@pytest.mark.parametrize("sample, has_email", [
    ("write to sam@example.org please", True), ("sam.o'neil+x@mail.example.co.uk", True),
    ("we met @ the cafe", False), ("A&E at 2am", False), ("user@localhost", False),
])
def test_email_addresses_are_found_in_text(sample, has_email):
    assert text.contains_email(sample) is has_email


@pytest.mark.parametrize("sample, plain", [
    ("Waiting > 4 hours < ideal", True), ("<b>bold</b>", False), ("<!-- x -->", False),
    ("tab\tand newline\n", True), ("bell\x07", False),
])
def test_plain_text_has_no_markup_or_control_characters(sample, plain):
    assert text.is_plain_text(sample) is plain


@pytest.mark.parametrize("sample", ["<?xml version='1.0'?>", "<!DOCTYPE html>", "</p>", "<!-- unclosed"])
def test_every_kind_of_tag_counts_as_markup(sample):
    assert text.contains_markup(sample)


def test_a_date_is_in_the_future_only_once_it_has_not_begun_anywhere():
    late_evening_utc = datetime(2027, 3, 14, 23, 0, tzinfo=UTC)
    assert text.latest_today(late_evening_utc) == date(2027, 3, 15)  # already the 15th in Kiribati
    assert text.latest_today(late_evening_utc.replace(hour=9)) == date(2027, 3, 14)
