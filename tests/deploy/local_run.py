"""A container's command run on this machine, from the virtual environment (which holds the
same entry points as the image), with the container's compose environment."""
from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tests.deploy.compose import environment


def _local(service: Mapping[str, Any], command: list[str], env: Mapping[str, str] | None):
    """argv and environment: the container's, plus `env` overrides."""
    program, *args = command
    argv = [str(Path(sys.executable).with_name(program)), *args]
    return argv, {**environment(service), "PATH": os.environ["PATH"], **(env or {})}


def run_locally(service: Mapping[str, Any], command: list[str], env: Mapping[str, str] | None = None,
                timeout: float = 60, **options) -> subprocess.CompletedProcess:
    argv, full_env = _local(service, command, env)
    return subprocess.run(argv, env=full_env, capture_output=True, text=True, timeout=timeout, **options)


def start_locally(service: Mapping[str, Any], command: list[str], env: Mapping[str, str] | None = None,
                  **options) -> subprocess.Popen:
    argv, full_env = _local(service, command, env)
    return subprocess.Popen(argv, env=full_env, **options)
