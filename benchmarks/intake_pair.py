"""POST /v1/inputs: Heard's intake API against bare Flask and bare Flask + the same DB rows.

All three run under gunicorn with `make run`'s settings (services/common/web/gunicorn_conf.py),
one after another in the same run, each measured `rounds` times; the fastest round counts.
"""
from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.processes import best, gunicorns, wrk
from benchmarks.table import Row
from services.common.auth.store import issue_key
from services.common.cli import catalogue
from services.common.db import migrations
from services.common.devstack import free_port
from services.common.devstack.postgres import find_admin_url, temporary_database

INPUT = {"programme": "Adult mental health crisis care 2027", "topics": ["waiting times", "access"],
         "summary": "People waited weeks for a first appointment after a crisis.",
         "body": "Several people said the crisis line was hard to reach at night.",
         "engagement_method": "workshop", "participation_level": "consultation",
         "gathered_on": "2026-03-01"}


@contextlib.contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'intake-bench.db'}"
        return
    admin = find_admin_url()
    if admin is None:
        raise RuntimeError("no PostgreSQL server (deploy/dev/ensure-postgres.sh sets one up)")
    with temporary_database(admin, prefix="heard_bench") as url:
        yield url


def prepare(url: str) -> tuple[dict[str, str], str, str]:
    """Migrate, register one partner with a key; returns the API's env, the key, partner id."""
    from services.intake.service_layer.partners import register_partner
    from services.intake.service_layer.programmes import record_programme

    env = {"HEARD_INTAKE_DATABASE_URL": url,
           # POST /v1/inputs never talks to Kafka (the outbox does); nothing listens here
           "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{free_port()}", "HEARD_LOG_FORMAT": "text",
           # the limiter runs (its cost is Heard's) but a bench's one key must not be refused
           "HEARD_RATE_LIMIT_PER_KEY": "10000000/minute",
           "HEARD_RATE_LIMIT_PER_ADDRESS": "10000000/minute"}
    migrations.upgrade(catalogue.migrations_dir("intake"), url)
    runtime = catalogue.bootstrap("intake", catalogue.load_settings("intake", env))
    with runtime.uow_factory() as uow:  # the use case commits
        partner = register_partner(uow, name="Bench partner", contact_email="bench@example.org")
    with runtime.uow_factory() as uow:  # as if announced by decisions: input must name a programme
        record_programme(uow, str(uuid.uuid4()), str(INPUT["programme"]), "open", datetime.now(UTC))
        uow.commit()
    with runtime.uow_factory() as uow:
        new_key, _ = issue_key(uow, role="partner", partner_id=partner.partner_id, label="bench")
        uow.commit()
    runtime.engine.dispose()
    return env, new_key.secret, partner.partner_id


def measure(kind: str, folder: Path, *, seconds: float, rounds: int, quick: bool = False) -> list[Row]:
    """quick: only the rows with targets (the bare-Flask and key-lookup rows are for reading)."""
    body = json.dumps(INPUT)
    with database(kind, folder) as url:
        env, key, partner_id = prepare(url)
        limit_env = {**env, "BENCH_DATABASE_URL": url, "BENCH_PARTNER_ID": partner_id}
        specs = [(catalogue.app_target("intake"), env, f"intake-{kind}"),
                 ("benchmarks.limits:bare_db_app()", limit_env, f"bare-db-{kind}")]
        with gunicorns(specs + ([] if quick else [("benchmarks.limits:bare_app()", env, "bare")]),
                       folder) as servers:
            heard, bare_db, bare = (*servers, None)[:3]
            def post(server, connections: int = 16):
                return wrk(server, "/v1/inputs", connections=connections, seconds=seconds,
                           body=body, key=key)

            def get(server, path: str):
                return wrk(server, path, connections=16, seconds=seconds, key=key, method="GET")

            for server in (heard, bare_db):  # warm-up: imports, pools, first pages
                _accepted_once(server.url + "/v1/inputs", body, key)
                wrk(server, "/v1/inputs", connections=2, seconds=1, body=body, key=key)
            runs: dict[str, list] = {name: [] for name in ("h", "d", "b", "h1", "d1", "who", "bg")}
            for _ in range(rounds):  # alternate, so a burst of other load hits both sides
                runs["h"].append(post(heard))
                runs["d"].append(post(bare_db))
                runs["h1"].append(post(heard, 1))
                runs["d1"].append(post(bare_db, 1))
                if not quick:
                    runs["b"].append(post(bare))
                    runs["who"].append(get(heard, "/v1/whoami"))
                    runs["bg"].append(get(bare, "/v1/inputs"))
    h, d, h1, d1 = (best(runs[n]) for n in ("h", "d", "h1", "d1"))
    label = "SQLite" if kind == "sqlite" else "PostgreSQL"
    on_pg = kind == "postgresql"
    targeted = [
        Row(f"POST /v1/inputs {label}, 16 conn, vs bare Flask+DB", h.rate, d.rate,
            target_ratio=0.60, p50_ms=h.p50_ms, p99_ms=h.p99_ms, errors=h.errors,
            max_p99_ms=50 if on_pg else None,
            extra={"limit_p50_ms": d.p50_ms, "limit_p99_ms": d.p99_ms}),
        Row(f"POST /v1/inputs {label}, 1 conn, vs bare Flask+DB", h1.rate, d1.rate,
            p50_ms=h1.p50_ms, p99_ms=h1.p99_ms, errors=h1.errors, max_p50_ms=5,
            extra={"limit_p50_ms": d1.p50_ms}),
        Row(f"POST /v1/inputs {label}, API CPU per request, vs bare Flask+DB",
            _per_cpu_second(h), _per_cpu_second(d), unit="req/CPU-s",
            note="requests per second of the API processes' own CPU time (load-independent)",
            extra={"heard_cpu_ms": h.cpu_ms, "limit_cpu_ms": d.cpu_ms}),
    ]
    if quick:
        return targeted
    b, who, bare_get = (best(runs[n]) for n in ("b", "who", "bg"))
    return [targeted[0],
            Row(f"POST /v1/inputs {label}, 16 conn, vs bare Flask", h.rate, b.rate,
                p50_ms=h.p50_ms, p99_ms=h.p99_ms, extra={"limit_p99_ms": b.p99_ms}),
            *targeted[1:],
            Row(f"GET /v1/whoami {label} (key lookup), 16 conn, vs bare Flask", who.rate,
                bare_get.rate, p50_ms=who.p50_ms, p99_ms=who.p99_ms, errors=who.errors)]


def _per_cpu_second(result) -> float:
    return 1000 / result.cpu_ms if result.cpu_ms else 0.0


def _accepted_once(url: str, body: str, key: str) -> None:
    """A refused input would make every figure a rate of error responses: stop at once instead."""
    request = urllib.request.Request(url, data=body.encode(), method="POST", headers={
        "Content-Type": "application/json", "Authorization": f"Bearer {key}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            if response.status == 201:
                return
            raise RuntimeError(f"{url} answered {response.status}, not 201")
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"{url} refused the bench input: {error.code} {error.read()[:500]!r}") \
            from None
