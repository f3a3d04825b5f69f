"""The fault-injection hook: inert unless HEARD_FAULT names the point, and never configured in
the production files."""
from __future__ import annotations

import subprocess
import sys

import pytest

from services.common import faults
from services.common.settings import PROJECT_ROOT

PRODUCTION_FILES = ["docker-compose.yml", "Dockerfile", "deploy/production.md"]


def test_no_fault_is_injected_unless_named(monkeypatch):
    monkeypatch.delenv("HEARD_FAULT", raising=False)
    monkeypatch.delenv("HEARD_FAULT_EVENT", raising=False)
    for point in faults.POINTS:
        faults.fault_point(point)  # returns: the process lives on
    for point in faults.PAUSES:
        faults.fault_pause(point)  # returns at once
    faults.buggy_event("any-event")


def test_a_named_pause_holds_the_caller_once_after_the_passes_allowed():
    code = ("from services.common.faults import fault_pause\n"
            "for n in range(4):\n    print(n, flush=True)\n    fault_pause('consumer.slow_handler')\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, env={"HEARD_FAULT": "consumer.slow_handler", "HEARD_FAULT_AFTER": "1",
                                            "HEARD_FAULT_PAUSE_SECONDS": "0.1", "PATH": "/usr/bin:/bin"},
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "1", "2", "3"]
    # logging's last-resort handler prints the warning: one pause, at the second pass
    assert result.stderr.count("pausing 0.1s") == 1, result.stderr


def test_a_named_point_ends_the_process_as_a_kill_would_after_the_passes_allowed():
    code = ("from services.common.faults import fault_point\n"
            "for n in range(5):\n    print(n, flush=True)\n    fault_point('relay.after_send')\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, env={"HEARD_FAULT": "relay.after_send", "HEARD_FAULT_AFTER": "2",
                                            "PATH": "/usr/bin:/bin"}, timeout=60)
    assert result.returncode == 137
    assert result.stdout.split() == ["0", "1", "2"]


@pytest.mark.parametrize("path", PRODUCTION_FILES)
def test_production_configuration_never_sets_a_fault(path):
    assert "HEARD_FAULT" not in (PROJECT_ROOT / path).read_text()
