"""The Dockerfile and what every container runs in the image, checked without a Docker engine:
each command is an entry point installed with Heard, and the build context builds Heard."""
from __future__ import annotations

import contextlib
import importlib.util
import io
import re
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from docker.utils.build import PatternMatcher, exclude_paths

from services.common.cli.main import main as heard_cli
from tests.deploy.compose import REPO_ROOT, app_services
from tests.deploy.local_run import run_locally

DOCKERFILE = (REPO_ROOT / "Dockerfile").read_text()
IGNORE_PATTERNS = [line.strip() for line in (REPO_ROOT / ".dockerignore").read_text().splitlines()
                   if line.strip() and not line.startswith("#")]


def stages() -> list[str]:
    return re.split(r"^FROM ", DOCKERFILE, flags=re.MULTILINE)[1:]


def build_context() -> set[str]:
    return set(exclude_paths(str(REPO_ROOT), IGNORE_PATTERNS, dockerfile="Dockerfile"))


def test_the_image_is_multi_stage_slim_pinned_and_runs_as_a_user_without_build_tools():
    base = re.search(r"^ARG PYTHON_IMAGE=(\S+)$", DOCKERFILE, flags=re.MULTILINE)[1]
    assert re.fullmatch(r"python:3\.11\.\d+-slim-\w+", base)
    builder, runtime = stages()
    assert builder.startswith("${PYTHON_IMAGE} AS builder")
    assert "--constraint constraints/requirements.lock" in builder
    assert runtime.startswith("${PYTHON_IMAGE} AS runtime")
    assert re.search(r"^USER heard$", runtime, flags=re.MULTILINE)
    for tool in ("apt-get", "gcc", "build-essential", "pip install"):
        assert tool not in runtime
    assert "COPY --from=builder /opt/heard /opt/heard" in runtime


def test_the_build_context_holds_what_the_dockerfile_copies_and_no_secrets():
    context = build_context()
    for source in re.findall(r"^COPY (?!--from)(\S+) ", DOCKERFILE, flags=re.MULTILINE):
        assert source.rstrip("/") in context, source
    ignored = PatternMatcher(IGNORE_PATTERNS)
    for private in (".env", ".git/config", ".venv/bin/python", "var/intake.db", "tests/conftest.py",
                    "services/intake/__pycache__/config.cpython-311.pyc"):
        assert ignored.matches(private), private


def test_every_command_a_container_runs_is_an_installed_entry_point(compose):
    for name, spec in app_services(compose).items():
        program, *args = spec["command"]
        if program == "python":
            assert args[0] == "-m", name
            module = importlib.util.find_spec(args[1])
            assert module and module.name.startswith("services."), name
            assert 'if __name__ == "__main__":' in Path(module.origin).read_text(), name
        else:
            assert list(entry_points(group="console_scripts", name=program)), name
        if program == "heard":
            assert parses_with_the_real_cli(args), f"{name}: {args}"


def parses_with_the_real_cli(args: list[str]) -> bool:
    """`heard <args> --help` exits 0 only when every argument before --help was accepted."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            heard_cli([*args, "--help"])
        except SystemExit as exit_:
            return exit_.code == 0
    return False


def test_the_cli_check_rejects_a_command_heard_does_not_have():
    assert parses_with_the_real_cli(["db", "upgrade", "--service", "intake"])
    assert not parses_with_the_real_cli(["db", "upgrade", "--service", "billing"])
    assert not parses_with_the_real_cli(["topics", "delete"])


@pytest.mark.parametrize("service", ["intake", "decisions", "notify"])
def test_each_api_command_loads_its_app_with_its_containers_environment(compose, service, tmp_path):
    """gunicorn --check-config imports the config module and builds the app, then exits."""
    spec = compose["services"][f"{service}-api"]
    program, *args = spec["command"]
    result = run_locally(spec, [program, "--check-config", *args], cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]


def test_the_build_context_makes_a_wheel_with_every_file_the_services_need(tmp_path):
    """What the builder stage does (without its dependencies): migrations, templates and event
    examples must land in the installed package, or the containers would miss them."""
    context, copied = tmp_path / "context", set()
    for relative in build_context():
        source = REPO_ROOT / relative
        if source.is_file():
            (context / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, context / relative)
            copied.add(relative)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir",
                    str(tmp_path / "wheels"), str(context)], check=True, timeout=300,
                   capture_output=True)
    wheel, = (tmp_path / "wheels").glob("heard-*.whl")
    packaged = set(zipfile.ZipFile(wheel).namelist())
    assert {path for path in copied if path.startswith("services/")} - packaged == set()
    assert any("/migrations/versions/" in path for path in packaged)
