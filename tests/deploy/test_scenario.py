"""The Docker stack test's scenario (scenario.py) against the three real services on this
machine: their apps served over HTTP, their workers, the real broker, an SMTP sink. This
proves the scenario's requests and checks where no Docker engine is available."""
from __future__ import annotations

import contextlib
import importlib
from email.message import EmailMessage

import pytest

from services.common.auth.store import issue_key
from services.common.devstack.smtp_sink import SmtpSink
from tests.deploy.code_scan import SERVICES
from tests.deploy.scenario import Email, submit_decide_publish_and_read_the_email
from tests.support.live import served
from tests.support.services import make_runtime, running_worker

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


def sink_inbox(sink: SmtpSink):
    def find(address: str) -> Email | None:
        found: list[EmailMessage] = [m for m in sink.messages() if m["X-Envelope-To"] == address]
        if not found:
            return None
        return Email(found[0].get_body(("plain",)).get_content(), dict(found[0].items()))
    return find


def test_the_stack_scenario_passes_against_the_real_services(kafka_bootstrap, database_url, tmp_path):
    """intake on the parametrised database, decisions and notify on SQLite files."""
    with SmtpSink(tmp_path / "mail") as sink, contextlib.ExitStack() as stack:
        runtimes, urls = {}, {}
        for service in SERVICES:
            url = database_url if service == "intake" else f"sqlite:///{tmp_path / service}.db"
            extra = {"HEARD_SMTP_PORT": str(sink.port)} if service == "notify" else {}
            runtimes[service] = make_runtime(service, url, kafka_bootstrap, **extra)
            stack.enter_context(running_worker(service, runtimes[service]))
            api = importlib.import_module(f"services.{service}.entrypoints.api")
            urls[service] = stack.enter_context(served(api.create_app(runtime=runtimes[service])))
        with runtimes["intake"].uow_factory() as uow:
            admin, _ = issue_key(uow, role="admin", label="scenario admin")
            uow.commit()

        email = submit_decide_publish_and_read_the_email(
            urls["intake"], urls["decisions"], admin.secret, sink_inbox(sink))

    assert email.headers["List-Unsubscribe"].startswith("<")
