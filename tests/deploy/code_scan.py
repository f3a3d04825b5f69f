"""What the code under services/ reads and names, found by parsing it (so new settings and
topics are picked up without touching the tests)."""
from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from services.common.cli import catalogue
from tests.deploy.compose import REPO_ROOT

SERVICES_DIR = REPO_ROOT / "services"
SERVICES = ("intake", "decisions", "notify")
# `make run` and the test harness: they run on a developer's machine, never in a container.
NOT_IN_CONTAINERS = ("common/devstack/",)
ENV_NAME = re.compile(r"HEARD_[A-Z0-9_]+|KAFKA_[A-Z_]+")
# f"HEARD_{service.upper()}_DATABASE_URL" -> "HEARD_{service}_DATABASE_URL"
ENV_TEMPLATE = re.compile(r"HEARD_\{service\}_[A-Z0-9_]+")
TOPIC_NAME = re.compile(r"(?:intake|decisions|notify)\.[a-z0-9-]+\.v\d+(?:\.dlq)?")
TOPIC_CALLS = {"topic_for", "contract_for"}


@dataclass(frozen=True)
class Found:
    name: str   # a variable or topic name; "{service}" in per-service variable templates
    owner: str  # "common" or the service whose package holds the file
    where: str  # path:line, for messages

    def expand(self, service: str) -> str:
        return self.name.replace("{service}", service.upper())


def _python_files() -> Iterator[tuple[Path, str, ast.AST]]:
    for path in sorted(SERVICES_DIR.rglob("*.py")):
        relative = path.relative_to(SERVICES_DIR).as_posix()
        if relative.startswith(NOT_IN_CONTAINERS):
            continue
        owner = relative.split("/", 1)[0]
        yield path, owner, ast.parse(path.read_text(), filename=str(path))


def _where(path: Path, node: ast.stmt | ast.expr) -> str:
    return f"{path.relative_to(REPO_ROOT)}:{node.lineno}"


def _template(node: ast.JoinedStr) -> str:
    return "".join(str(part.value) if isinstance(part, ast.Constant) else "{service}"
                   for part in node.values)


def env_reads() -> list[Found]:
    """Every environment variable name written in the code: whole string literals matching
    HEARD_*/KAFKA_BOOTSTRAP_SERVERS, and f-strings HEARD_{...}_SUFFIX (per service)."""
    found = []
    for path, owner, tree in _python_files():
        in_fstrings = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
                       for part in node.values}
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                template = _template(node)
                if template.startswith("HEARD_") and not re.search(r"\s", template):
                    if not ENV_TEMPLATE.fullmatch(template):
                        raise ValueError(f"{_where(path, node)}: cannot tell which variable "
                                         f"f-string {template!r} reads; teach tests/deploy/code_scan.py")
                    found.append(Found(template, owner, _where(path, node)))
            elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
                  and id(node) not in in_fstrings and ENV_NAME.fullmatch(node.value)):
                found.append(Found(node.value, owner, _where(path, node)))
    return found


def variables_read_by(service: str, reads: list[Found]) -> dict[str, str]:
    """What a container of `service` reads: shared code plus its own package. name -> where."""
    return {read.expand(service): read.where for read in reads
            if read.owner in ("common", service)}


def topics_named() -> list[Found]:
    """Topic names in the code: literals, and topic_for()/contract_for() calls with literals."""
    found = []
    for path, owner, tree in _python_files():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and TOPIC_NAME.fullmatch(node.value):
                found.append(Found(node.value, owner, _where(path, node)))
            elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) \
                    in TOPIC_CALLS and node.args and all(isinstance(a, ast.Constant) for a in node.args):
                owner_name, event_type, *version = (str(a.value) for a in node.args if isinstance(a, ast.Constant))
                topic = f"{owner_name}.{event_type}.v{version[0] if version else 1}"
                found.append(Found(topic, owner, _where(path, node)))
    return found


def worker_subscriptions(service: str, database_url: str) -> set[str]:
    """The topics the service's real worker consumes (built, not started: no broker needed)."""
    settings = catalogue.load_settings(service, {f"HEARD_{service.upper()}_DATABASE_URL": database_url})
    runtime = catalogue.bootstrap(service, settings)
    try:
        return set(importlib.import_module(catalogue.worker_module(service)).build(runtime).consumer.handlers)
    finally:
        runtime.engine.dispose()
