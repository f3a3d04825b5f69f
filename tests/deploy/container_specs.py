"""Docker SDK arguments (`client.containers.create(**spec)`) for each service of a resolved
docker-compose.yml, on a network of the test's own. Plain data, so it is tested without an engine.

Only the Compose keys the file uses are translated; any other key is an error, so that a change
to docker-compose.yml cannot silently be left out of the end-to-end test.
"""
from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tests.deploy.compose import REPO_ROOT, environment

TRANSLATED_KEYS = {"image", "command", "environment", "healthcheck", "ports", "volumes", "restart"}
# Compose keys with no create-time equivalent, and why leaving them out is right for the test.
HANDLED_ELSEWHERE = {
    "build": "the test builds the image once and passes its tag",
    "depends_on": "the test starts containers in start_order() and waits for each condition",
    "stop_grace_period": "applies to `docker stop`; the test force-removes its containers",
    "profiles": "the test starts every profile: it reads the email in the dev profile's Mailpit",
}
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(us|ms|s|m|h)")
_UNIT_NS = {"us": 1_000, "ms": 1_000_000, "s": 1_000_000_000, "m": 60_000_000_000,
            "h": 3_600_000_000_000}


def duration_ns(text: str) -> int:
    """Compose durations ("10s", "1m30s", "500ms") in nanoseconds, as the Engine API wants."""
    parts = _DURATION_PART.findall(text)
    if not parts or "".join(number + unit for number, unit in parts) != text:
        raise ValueError(f"not a duration: {text!r}")
    return int(sum(float(number) * _UNIT_NS[unit] for number, unit in parts))


def command(service: Mapping[str, Any]) -> list[str] | None:
    raw = service.get("command")
    if raw is None:
        return None
    return shlex.split(raw) if isinstance(raw, str) else [str(part) for part in raw]


def healthcheck(service: Mapping[str, Any]) -> dict[str, Any] | None:
    raw = service.get("healthcheck")
    if raw is None:
        return None
    if raw.get("disable"):
        return {"test": ["NONE"]}
    test = raw["test"]
    spec: dict[str, Any] = {"test": ["CMD-SHELL", test] if isinstance(test, str) else list(test)}
    for key in ("interval", "timeout", "start_period"):
        if key in raw:
            spec[key] = duration_ns(raw[key])
    if "retries" in raw:
        spec["retries"] = int(raw["retries"])
    return spec


def published_ports(service: Mapping[str, Any]) -> dict[str, tuple[str, None]]:
    """Every published port, on a free host port of 127.0.0.1 (found later from the container)."""
    ports = {}
    for entry in service.get("ports") or ():
        if not isinstance(entry, str):
            raise ValueError(f"only the short port syntax is translated, got {entry!r}")
        container_port = entry.rsplit(":", 1)[-1].split("/")[0]
        ports[f"{container_port}/tcp"] = ("127.0.0.1", None)
    return ports


def volumes(service: Mapping[str, Any], project: str, base_dir: Path = REPO_ROOT) -> dict:
    """Named volumes get the project's prefix; ./relative paths become absolute bind mounts."""
    binds = {}
    for entry in service.get("volumes") or ():
        source, target, *options = entry.split(":")
        mode = options[0] if options else "rw"
        if source.startswith((".", "/")):
            host = str((base_dir / source).resolve())
        else:
            host = f"{project}_{source}"
        binds[host] = {"bind": target, "mode": mode}
    return binds


def restart_policy(service: Mapping[str, Any]) -> dict[str, str] | None:
    policy = str(service.get("restart", "no"))
    return None if policy == "no" else {"Name": policy}


def container_spec(name: str, service: Mapping[str, Any], *, project: str, network: str,
                   app_image: str, base_dir: Path = REPO_ROOT) -> dict[str, Any]:
    unknown = (set(service) - TRANSLATED_KEYS - set(HANDLED_ELSEWHERE)
               - {key for key in service if key.startswith("x-")})
    if unknown:
        raise ValueError(f"{name}: compose keys not translated for the Docker SDK: {sorted(unknown)}")
    spec = {
        "name": f"{project}-{name}",
        "image": app_image if "build" in service else service["image"],
        "command": command(service),
        "environment": environment(service),
        "healthcheck": healthcheck(service),
        "network": network,
        "networking_config": {network: {"Aliases": [name]}},
        "ports": published_ports(service),
        "volumes": volumes(service, project, base_dir),
        "restart_policy": restart_policy(service),
        "labels": {"heard.e2e.project": project, "heard.e2e.service": name},
    }
    return {key: value for key, value in spec.items() if value not in (None, {}, [])}


def named_volumes(compose: Mapping[str, Any], project: str) -> list[str]:
    return [f"{project}_{name}" for name in compose.get("volumes") or {}]


def stack_specs(compose: Mapping[str, Any], *, project: str, app_image: str,
                base_dir: Path = REPO_ROOT) -> dict[str, dict[str, Any]]:
    """One spec per service of a resolved compose file, keyed by service name."""
    network = f"{project}_default"
    return {name: container_spec(name, service, project=project, network=network,
                                 app_image=app_image, base_dir=base_dir)
            for name, service in compose["services"].items()}
