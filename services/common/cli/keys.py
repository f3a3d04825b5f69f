"""`heard keys create|list|revoke|rotate`: API keys from the operator's shell.

Keys are issued by intake (admin, partner) and decisions (board); every service keeps a copy.
Listing reads intake's copy, which holds every key; revoking and rotating go to the key's issuer.
"""
from __future__ import annotations

import json
import os
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from datetime import timedelta

from services.common.cli import catalogue
from services.common.settings import service_url

ISSUERS = ("intake", "decisions")


def add_key_commands(commands) -> None:
    keys = commands.add_parser("keys", help="API keys").add_subparsers(dest="action", required=True)
    create = keys.add_parser("create", help="create a key and print it (shown once)")
    create.add_argument("--role", choices=("admin",), required=True,
                        help="partner and board keys are created by an admin through the API")
    create.add_argument("--label", default="created with heard keys create")
    create.add_argument("--wait", action="store_true",
                        help="return only once every service accepts the new key")
    create.add_argument("--timeout", type=float, default=60.0, help="seconds --wait waits at most")
    listing = keys.add_parser("list", help="every key, without secrets")
    listing.add_argument("--issued-by", choices=ISSUERS, default=None)
    revoke = keys.add_parser("revoke", help="revoke a key at once, on every service")
    revoke.add_argument("key_id")
    rotate = keys.add_parser("rotate", help="a new key for the same owner; the old one keeps "
                                            "working for the overlap, then expires")
    rotate.add_argument("key_id")
    rotate.add_argument("--overlap-hours", type=int, default=24)
    rotate.add_argument("--wait", action="store_true",
                        help="return only once every service accepts the new key")
    rotate.add_argument("--timeout", type=float, default=60.0, help="seconds --wait waits at most")


def run_keys(args) -> int:
    return {"create": _create, "list": _list, "revoke": _revoke, "rotate": _rotate}[args.action](args)


def _create(args) -> int:
    from services.common.auth.store import issue_key

    # Admin keys are issued by intake and reach the other services through its key topic.
    runtime = catalogue.bootstrap("intake")
    with runtime.uow_factory() as uow:
        new_key, _ = issue_key(uow, role=args.role, label=args.label)
        uow.commit()
    return _hand_out(new_key.secret, args)


def _list(args) -> int:
    from services.common.auth.lifecycle import list_keys
    from services.common.db.engine import read_connection

    runtime = catalogue.bootstrap("intake")
    after, total = None, 0
    print("key_id                               role     owner                                issued_by "
          " created_at                 expires_at                 revoked_at")
    while True:
        with read_connection(runtime.engine) as conn:
            rows = list_keys(conn, runtime.api_keys_table, after, 500, issued_by=args.issued_by)
        for row in rows:
            owner = row["partner_id"] or row["board_id"] or "-"
            print(f"{row['key_id']} {row['role']:<8} {owner:<36} {row['issued_by']:<10} "
                  f"{_when(row['created_at'])} {_when(row['expires_at'])} {_when(row['revoked_at'])}")
        total += len(rows)
        if len(rows) < 500:
            break
        after = (rows[-1]["created_at"], rows[-1]["key_id"])
    print(f"{total} keys", file=sys.stderr)
    return 0


def _revoke(args) -> int:
    from services.common.auth.store import revoke_key

    runtime = _issuer_runtime(args.key_id)
    if runtime is None:
        return 2
    with runtime.uow_factory() as uow:
        record = revoke_key(uow, args.key_id)
        uow.commit()
    print(f"revoked {args.key_id} at {_when(record['revoked_at'])}")
    return 0


def _rotate(args) -> int:
    from services.common.auth.lifecycle import rotate_key
    from services.common.errors import ServiceError

    runtime = _issuer_runtime(args.key_id)
    if runtime is None:
        return 2
    try:
        with runtime.uow_factory() as uow:
            new_key, record, old = rotate_key(uow, args.key_id, timedelta(hours=args.overlap_hours))
            uow.commit()
    except ServiceError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    print(f"old key {args.key_id} works until {_when(old['expires_at'])}; new key {record['key_id']}:",
          file=sys.stderr)
    return _hand_out(new_key.secret, args)


def _hand_out(secret: str, args) -> int:
    from services.common.auth.lifecycle import PROPAGATION

    print(PROPAGATION, file=sys.stderr)
    if args.wait:
        missing = wait_until_accepted(secret, args.timeout)
        if missing:
            print(f"not yet accepted by {', '.join(missing)} after {args.timeout:g} s", file=sys.stderr)
            for service in missing:
                print(f"  {service}: {readiness_line(service_url(os.environ, service))}", file=sys.stderr)
            print(secret)
            return 1
        print("every service accepts the key", file=sys.stderr)
    print(secret)
    return 0


def wait_until_accepted(secret: str, timeout: float, env: Mapping[str, str] | None = None,
                        clock: Callable[[], float] = time.monotonic) -> list[str]:
    """Ask each service's /v1/whoami with the key until all answer 200; the ones that did not."""
    env = os.environ if env is None else env
    waiting = {service: service_url(env, service) for service in catalogue.SERVICES}
    deadline = clock() + timeout
    while waiting:
        for service, url in list(waiting.items()):
            if _accepts(url, secret):
                del waiting[service]
        if not waiting or clock() >= deadline:
            break
        time.sleep(0.25)  # polling a remote service, not standing in for synchronisation
    return sorted(waiting)


def _accepts(base_url: str, secret: str) -> bool:
    request = urllib.request.Request(base_url + "/v1/whoami", headers={"Authorization": f"Bearer {secret}"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def readiness_line(base_url: str) -> str:
    """What a service's /readyz says, in one line: why a key may not have reached it yet."""
    try:
        with urllib.request.urlopen(base_url + "/readyz", timeout=5) as response:
            body = json.load(response)
    except urllib.error.HTTPError as exc:
        body = json.load(exc) if exc.headers.get_content_type() == "application/json" else {}
        body.setdefault("status", f"HTTP {exc.code}")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return f"/readyz did not answer ({type(exc).__name__})"
    worker = body.get("worker") or {}
    parts = [str(body.get("status", "?"))]
    if worker:
        parts.append(f"key topics lag {worker.get('key_topics_lag')}, lag {worker.get('lag')}, "
                     f"{worker.get('assigned_partitions')} partitions")
        if worker.get("broker_errors"):
            parts.append("broker errors: " + ", ".join(worker["broker_errors"]))
    parts.extend(body.get("reasons") or ())
    return "; ".join(parts)


def _issuer_runtime(key_id: str):
    """The runtime of the service that issued the key, or None (said on stderr)."""
    from sqlalchemy import select

    for service in ISSUERS:
        runtime = catalogue.bootstrap(service)
        table = runtime.api_keys_table
        with runtime.engine.connect() as conn:
            issuer = conn.execute(select(table.c.issued_by).where(table.c.key_id == key_id)).scalar()
        if issuer == service:
            return runtime
        runtime.engine.dispose()
    print(f"no key {key_id} issued by {' or '.join(ISSUERS)}", file=sys.stderr)
    return None


def _when(moment) -> str:
    return moment.isoformat(timespec="seconds") if moment else "-" + " " * 24
