"""Notify's settings: safe defaults, and errors that name the variable."""
from __future__ import annotations

import pytest

from services.common.settings import SettingsError
from services.notify.config import DEVELOPMENT_UNSUBSCRIBE_SECRET, load_settings


def test_defaults_work_on_a_developer_machine():
    settings = load_settings({})
    mail = settings.mail
    assert (mail.smtp_host, mail.smtp_port, mail.smtp_security) == ("127.0.0.1", 1025, "none")
    assert mail.smtp_login is None and mail.smtp_timeout == 10 and mail.digest_hour == 17
    assert mail.mail_from == "Heard <outcomes@heard.localhost>"
    assert mail.notify_url == "http://127.0.0.1:8003"
    assert mail.unsubscribe_secret == DEVELOPMENT_UNSUBSCRIBE_SECRET and mail.uses_development_secret
    assert settings.service == "notify" and settings.database_url.startswith("sqlite:///")


def test_values_are_read_from_the_environment():
    mail = load_settings({"HEARD_SMTP_HOST": "smtp.example.org", "HEARD_SMTP_PORT": "465",
                          "HEARD_SMTP_SECURITY": "tls", "HEARD_SMTP_USERNAME": "heard",
                          "HEARD_SMTP_PASSWORD": "pw", "HEARD_NOTIFY_URL": "https://notify.example.org/",
                          "HEARD_UNSUBSCRIBE_SECRET": "x" * 32, "HEARD_UNSUBSCRIBE_LIST_KEY": "l" * 32,
                          "HEARD_UNSUBSCRIBE_PREVIOUS_SECRETS": "p" * 16 + ", " + "q" * 16,
                          "HEARD_DIGEST_HOUR": "6"}).mail
    assert mail.smtp_login == ("heard", "pw") and mail.notify_url == "https://notify.example.org"
    assert not mail.uses_development_secret and mail.digest_hour == 6
    assert mail.unsubscribe_previous_secrets == ("p" * 16, "q" * 16) and mail.unsubscribe_list_key == "l" * 32


@pytest.mark.parametrize("env, variable", [
    ({"HEARD_SMTP_PORT": "smtp"}, "HEARD_SMTP_PORT"),
    ({"HEARD_SMTP_SECURITY": "ssl"}, "HEARD_SMTP_SECURITY"),
    ({"HEARD_SMTP_USERNAME": "heard"}, "HEARD_SMTP_PASSWORD"),
    ({"HEARD_SMTP_PASSWORD": "pw"}, "HEARD_SMTP_USERNAME"),
    ({"HEARD_SMTP_TIMEOUT": "0"}, "HEARD_SMTP_TIMEOUT"),
    ({"HEARD_MAIL_FROM": "Heard"}, "HEARD_MAIL_FROM"),
    ({"HEARD_UNSUBSCRIBE_SECRET": "short"}, "HEARD_UNSUBSCRIBE_SECRET"),
    ({"HEARD_UNSUBSCRIBE_LIST_KEY": "short"}, "HEARD_UNSUBSCRIBE_LIST_KEY"),
    ({"HEARD_UNSUBSCRIBE_PREVIOUS_SECRETS": "x" * 16 + ",short"}, "HEARD_UNSUBSCRIBE_PREVIOUS_SECRETS"),
    ({"HEARD_NOTIFY_URL": "notify.example.org"}, "HEARD_NOTIFY_URL"),
    ({"HEARD_DIGEST_HOUR": "24"}, "HEARD_DIGEST_HOUR"),
    ({"HEARD_NOTIFY_RETRY_BASE_SECONDS": "soon"}, "HEARD_NOTIFY_RETRY_BASE_SECONDS"),
])
def test_a_bad_value_names_its_variable(env, variable):
    with pytest.raises(SettingsError, match=variable):
        load_settings(env)


PUBLIC = {"HEARD_NOTIFY_URL": "https://notify.example.org"}


def test_the_development_secret_is_refused_once_links_leave_this_machine():
    with pytest.raises(SettingsError, match="HEARD_UNSUBSCRIBE_SECRET is the development default"):
        load_settings(PUBLIC)
    assert load_settings({"HEARD_NOTIFY_URL": "http://localhost:8003"}).mail.uses_development_secret


def test_the_unsubscribe_list_needs_a_key_of_its_own_outside_local_use_and_while_secrets_rotate():
    with pytest.raises(SettingsError, match="HEARD_UNSUBSCRIBE_LIST_KEY must be set"):
        load_settings({**PUBLIC, "HEARD_UNSUBSCRIBE_SECRET": "s" * 32})
    rotating = {"HEARD_UNSUBSCRIBE_SECRET": "new-" + "s" * 28, "HEARD_UNSUBSCRIBE_PREVIOUS_SECRETS": "s" * 32}
    with pytest.raises(SettingsError, match="HEARD_UNSUBSCRIBE_LIST_KEY must be set"):
        load_settings(rotating)  # even on this machine: the list would silently change
    mail = load_settings({**PUBLIC, **rotating, "HEARD_UNSUBSCRIBE_LIST_KEY": "s" * 32}).mail
    assert mail.unsubscribe_list_key == "s" * 32
