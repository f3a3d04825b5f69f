"""The README's first look, end to end: `heard run`, then `heard demo` fills it through the public
APIs, and the public record shows programmes with figures, decisions with outcomes, and the
outcome emails are in the SMTP sink. A second `heard demo` refuses."""
from __future__ import annotations

import email
import html
import json
import os
import re
import subprocess
import sys

import requests

from services.common.cli import demo_data
from services.common.devstack import free_ports
from services.common.settings import PROJECT_ROOT
from tests.e2e.test_local_stack import Stack
from tests.support.polling import wait_for


def heard_demo(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "services.common.cli.main", "demo"], cwd=PROJECT_ROOT,
                          env={**os.environ, **env}, capture_output=True, text=True, timeout=600)


def test_demo_fills_the_running_stack_and_the_public_record_shows_it(kafka_bootstrap, tmp_path):
    intake, decisions, notify, smtp = free_ports(4)
    urls = {"intake": f"http://127.0.0.1:{intake}", "decisions": f"http://127.0.0.1:{decisions}",
            "notify": f"http://127.0.0.1:{notify}"}
    var = tmp_path / "var"
    env = {"HEARD_VAR_DIR": str(var), "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
           "HEARD_SMTP_PORT": str(smtp), **{f"HEARD_{s.upper()}_URL": u for s, u in urls.items()}}
    stack = Stack(env)
    try:
        wait_for(lambda: "Heard is running." in stack.lines or stack.process.poll() is not None,
                 timeout=120, message="the stack to report it is running")
        assert stack.process.poll() is None, "\n".join(stack.lines[-30:])

        first = heard_demo(env)
        assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
        assert "board      Northmere Mental Health Board (demo)" in first.stdout  # progress as it goes
        loaded = json.loads((var / "demo-loaded.json").read_text())

        # loops close as notify's events reach decisions, a moment after the emails went
        figures = wait_for(lambda: _home_figures(urls["decisions"], nonzero=True), timeout=60, interval=0.5,
                           message="every programme on the home page with input and closed loops")
        assert set(figures) == set(demo_data.PROGRAMMES)

        page = html.unescape(requests.get(f"{urls['decisions']}/decisions/{loaded['decision']}", timeout=10).text)
        assert "Open a night-time crisis café" in page
        assert "the café opens at 8pm" in page  # how the input was used
        assert "we now fund taxis home after 11pm" in page  # the revision and its reason
        assert "Peer supporters recruited and trained." in page  # progress

        told = [email.message_from_bytes(p.read_bytes()) for p in (var / "mail").glob("*.eml")]
        recipients = {str(m["X-Envelope-To"]) for m in told}
        assert any("sam.demo@" in r for r in recipients)
        assert not any("dev.demo@" in r for r in recipients)  # Dev did not ask to be told

        second = heard_demo(env)
        assert second.returncode == 1 and "already loaded" in second.stderr
    finally:
        assert stack.stop() == 0, "\n".join(stack.lines[-30:])


def _home_figures(site: str, nonzero: bool) -> dict[str, tuple[int, str]] | None:
    """{programme: (input received, closed-loop rate)} from the home page's table."""
    home = requests.get(f"{site}/", timeout=10).text
    rows = re.findall(r"<th scope=\"row\"><a [^>]*>([^<]+)</a></th><td>(\d+)</td><td>([^<]*)</td>", home)
    # the suite's broker also carries other tests' events, so only the demo's programmes count
    figures = {html.unescape(name): (int(received), rate) for name, received, rate in rows
               if html.unescape(name) in demo_data.PROGRAMMES}
    if nonzero and not all(received > 0 and rate not in ("0%", "no input yet")
                           for received, rate in figures.values()):
        return None
    return figures
