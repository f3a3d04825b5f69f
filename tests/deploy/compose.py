"""docker-compose.yml read the way Docker Compose reads it, as far as the deploy tests need:
the .env file, ${VAR} interpolation, dependencies and start order. No Docker engine needed."""
from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
ENV_EXAMPLE = REPO_ROOT / ".env.example"

# $$ | ${NAME} | ${NAME:-default} ${NAME-default} ${NAME:?error} ${NAME?error} ${NAME:+alt} | $NAME
_REFERENCE = re.compile(r"\$(?:(?P<dollar>\$)"
                        r"|\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}"
                        r"|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))")


class InterpolationError(ValueError):
    """A required variable (${NAME:?message}) is missing: Compose refuses to start."""


def load_compose(path: Path = COMPOSE_FILE) -> dict[str, Any]:
    """The file as YAML (anchors and `<<` merges resolved), before interpolation."""
    return yaml.safe_load(path.read_text())


def read_env_file(path: Path = ENV_EXAMPLE) -> dict[str, str]:
    """KEY=VALUE lines; blank lines and # comments skipped, one pair of quotes removed."""
    values = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key.strip()):
            raise ValueError(f"{path.name}:{number}: not KEY=VALUE")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def interpolate(text: str, env: Mapping[str, str]) -> str:
    def replace(match: re.Match) -> str:
        if match["dollar"]:
            return "$"
        name = match["name"] or match["bare"]
        value, op, arg = env.get(name), match["op"], match["arg"] or ""
        is_set, non_empty = value is not None, bool(value)
        if op == ":-":
            return value if non_empty else arg
        if op == "-":
            return value if is_set else arg
        if op in (":?", "?") and not (non_empty if op == ":?" else is_set):
            raise InterpolationError(f"{name}: {arg or 'required'}")
        if op == ":+":
            return arg if non_empty else ""
        if op == "+":
            return arg if is_set else ""
        return value or ""
    return _REFERENCE.sub(replace, text)


def interpolate_all(node: Any, env: Mapping[str, str]) -> Any:
    if isinstance(node, str):
        return interpolate(node, env)
    if isinstance(node, dict):
        return {key: interpolate_all(value, env) for key, value in node.items()}
    if isinstance(node, list):
        return [interpolate_all(item, env) for item in node]
    return node


def referenced_variables(node: Any) -> dict[str, set[str]]:
    """Every ${NAME...} in the file: name -> the defaults written with it (":-x" gives "x")."""
    found: dict[str, set[str]] = {}
    if isinstance(node, str):
        for match in _REFERENCE.finditer(node):
            name = match["name"] or match["bare"]
            if name:
                defaults = found.setdefault(name, set())
                if match["op"] in (":-", "-"):
                    defaults.add(match["arg"])
    elif isinstance(node, (dict, list)):
        for child in node.values() if isinstance(node, dict) else node:
            for name, defaults in referenced_variables(child).items():
                found.setdefault(name, set()).update(defaults)
    return found


def resolved_compose(env: Mapping[str, str], path: Path = COMPOSE_FILE) -> dict[str, Any]:
    return interpolate_all(load_compose(path), env)


def environment(service: Mapping[str, Any]) -> dict[str, str]:
    """A container's environment as strings (Compose accepts a mapping or KEY=VALUE list)."""
    raw = service.get("environment") or {}
    if isinstance(raw, list):
        raw = dict(item.split("=", 1) if "=" in item else (item, None) for item in raw)
    return {key: "" if value is None else str(value) for key, value in raw.items()}


def dependencies(service: Mapping[str, Any]) -> dict[str, str]:
    """depends_on as {service: condition}; the short list form means service_started."""
    raw = service.get("depends_on") or {}
    if isinstance(raw, list):
        return {name: "service_started" for name in raw}
    return {name: (spec or {}).get("condition", "service_started") for name, spec in raw.items()}


def start_order(services: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Services so that each comes after everything it depends on; file order breaks ties."""
    order: list[str] = []
    visiting: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in order:
            return
        if name in visiting:
            raise ValueError(f"dependency cycle: {' -> '.join((*path, name))}")
        if name not in services:
            raise ValueError(f"{path[-1]} depends on unknown service {name!r}")
        visiting.add(name)
        for dependency in dependencies(services[name]):
            visit(dependency, (*path, name))
        visiting.discard(name)
        order.append(name)

    for name in services:
        visit(name, ())
    return order


def app_services(compose: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The services that run Heard's own image (the ones with a build section)."""
    return {name: spec for name, spec in compose["services"].items() if "build" in spec}


def heard_service_of(container_name: str) -> str | None:
    """`intake-api` -> "intake": containers are named <service>-<role>; jobs like `topics` -> None."""
    head = container_name.split("-", 1)[0]
    return head if head in ("intake", "decisions", "notify") else None



def broker_properties(kafka: Mapping[str, Any]) -> dict[str, str]:
    """The server.properties the apache/kafka image writes from a container's KAFKA_* variables
    (its KafkaDockerWrapper: KAFKA_ dropped, lower case, then _ -> ., ... -> -, .. -> _)."""
    properties = {}
    for name, value in environment(kafka).items():
        if name.startswith("KAFKA_") and name not in ("KAFKA_OPTS", "KAFKA_HEAP_OPTS"):
            key = name.removeprefix("KAFKA_").lower().replace("_", ".").replace("...", "-").replace("..", "_")
            properties[key] = value
    return properties


def listeners(spec: str) -> dict[str, str]:
    """"NAME://host:port,..." as {name: "host:port"} (an empty host listens on every address)."""
    return dict(entry.split("://", 1) for entry in spec.split(",") if entry)
