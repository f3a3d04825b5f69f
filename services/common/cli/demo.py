"""`heard demo` (`make demo`): fill a running local stack with the fictional data set in
demo_data.py, through the public HTTP APIs only, so a new user sees a living public record.

It finds the services the way `heard run` does (HEARD_<SERVICE>_URL) and the demo admin key that
`heard run` stored under var/. A second run refuses: the demo is loaded once per var/ folder.
The APIs cannot backdate a submission, so input "over several months" means its gathered_on
date (when the partner heard it); every input's submitted_at is the moment the demo ran.
"""
from __future__ import annotations

import json
import os
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from services.common.cli import demo_data as data
from services.common.settings import service_url, var_dir

MARKER_FILE = "demo-loaded.json"
WAIT_SECONDS = 180


class DemoError(Exception):
    """The demo cannot go on; the message says why and what to do."""


class Api:
    """JSON over HTTP to one service, with one key."""

    def __init__(self, base_url: str, key: str | None = None):
        self.base_url, self.key = base_url, key

    def call(self, method: str, path: str, body: Mapping[str, Any] | None = None,
             expect: tuple[int, ...] = (200, 201)) -> Any:
        request = urllib.request.Request(self.base_url + path, method=method,
                                         data=json.dumps(body).encode() if body is not None else None)
        request.add_header("Content-Type", "application/json")
        if self.key:
            request.add_header("Authorization", f"Bearer {self.key}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode()
        if status not in expect:
            raise DemoError(f"{method} {self.base_url}{path} answered {status}: {text[:500]}")
        return json.loads(text) if text.strip().startswith(("{", "[")) else text

    def as_key(self, key: str) -> Api:
        return Api(self.base_url, key)


def run_demo(env: Mapping[str, str] = os.environ, out: Callable[[str], None] = print) -> int:
    try:
        loaded = load(env, out)
    except DemoError as error:
        print(f"heard demo: {error}", file=sys.stderr)
        return 1
    out(f"\nDone. The public record: {loaded['site']}/")
    out(f"  a decision with its revisions and progress: {loaded['site']}/decisions/{loaded['decision']}")
    out(f"  outcome emails are in the SMTP sink: {var_dir(env) / 'mail'}")
    return 0


def load(env: Mapping[str, str], out: Callable[[str], None]) -> dict[str, Any]:
    marker = var_dir(env) / MARKER_FILE
    if marker.exists():
        state = json.loads(marker.read_text()).get("state")
        done = "is already loaded" if state == "loaded" else "was part-loaded by a run that stopped"
        raise DemoError(f"the demo data {done} ({marker}). To load it again: stop Heard, remove var/ "
                        "(make clean), then make run and make demo.")
    intake, decisions, notify = (Api(service_url(env, s), admin_key(env))
                                 for s in ("intake", "decisions", "notify"))
    out("waiting for the three services and the demo admin key ...")
    for api in (intake, decisions, notify):
        wait(_answers(api, "/v1/whoami"), f"{api.base_url} to accept the demo key")
    marker.write_text(json.dumps({"state": "loading"}) + "\n")  # a second run refuses from here on
    programme_ids = create_programmes(decisions, out)
    out("waiting for intake to hear of the programmes (through Kafka) ...")
    wait(_knows_programmes(intake, set(programme_ids)), "intake to know the programmes")
    boards = {ref: _board(decisions, ref, spec, programme_ids, out) for ref, spec in data.BOARDS.items()}
    partners = {ref: _partner(intake, ref, spec, out) for ref, spec in data.PARTNERS.items()}
    people = _contributors(partners, out)
    inputs = _inputs(partners, people, out)
    out("waiting for the input to reach the boards' queues (through Kafka) ...")
    for board in boards.values():
        wanted = {inputs[i] for i, spec in data.INPUTS.items() if spec[2] in board["spec"]["programmes"]}
        wait(_queue_holds(board["api"], wanted), "the boards' queues")
    decided = [_decision(boards[spec["board"]]["api"], spec, inputs, out) for spec in data.DECISIONS]
    published = [d for d, spec in zip(decided, data.DECISIONS, strict=True) if spec["publish"]]
    out("waiting for notify to send the outcome emails ...")
    wait(lambda: all(_sent(notify, d) for d in published), "outcome emails to be sent")
    loaded = {"state": "loaded", "site": decisions.base_url, "decision": published[0],
              "boards": {ref: b["board_id"] for ref, b in boards.items()},
              "partners": {ref: p["partner_id"] for ref, p in partners.items()}}
    marker.write_text(json.dumps(loaded, indent=2) + "\n")
    return loaded


def create_programmes(decisions: Api, out: Callable[[str], None]) -> dict[str, str]:
    """Registers the programmes the boards cover and input is given to: name -> programme id."""
    ids = {}
    for name, description in data.PROGRAMMES.items():
        ids[name] = decisions.call("POST", "/v1/programmes", {"name": name, "description": description})["programme_id"]
        out(f"programme  {name}")
    return ids


def _board(decisions: Api, ref: str, spec: dict[str, Any], programme_ids: dict[str, str],
           out: Callable[[str], None]) -> dict[str, Any]:
    body = {"name": spec["name"], "organisation": data.ORGANISATION,
            "outcome_due_days": spec["outcome_due_days"],
            "programme_ids": [programme_ids[p] for p in spec["programmes"]]}
    board = decisions.call("POST", "/v1/boards", body)
    key = decisions.call("POST", "/v1/keys", {"role": "board", "board_id": board["board_id"],
                                               "label": f"demo board {ref}"})["key"]
    out(f"board      {spec['name']}")
    return {**board, "spec": spec, "api": decisions.as_key(key)}


def _partner(intake: Api, ref: str, spec: dict[str, Any], out: Callable[[str], None]) -> dict[str, Any]:
    partner = intake.call("POST", "/v1/partners", spec)
    key = intake.call("POST", "/v1/keys", {"role": "partner", "partner_id": partner["partner_id"],
                                           "label": f"demo partner {ref}"})["key"]
    out(f"partner    {spec['name']}")
    return {**partner, "api": intake.as_key(key)}


def _contributors(partners: dict[str, Any], out: Callable[[str], None]) -> dict[str, str]:
    people = {}
    for ref, (partner, name, email, tell, anonymous, method) in data.CONTRIBUTORS.items():
        body = {"email": email, "preferred_name": name, "consent_method": method,
                "consent": {"contact_about_outcomes": tell, "quote_anonymously": anonymous}}
        people[ref] = partners[partner]["api"].call("POST", "/v1/contributors", body)["contributor_id"]
    out(f"contributors: {len(people)} (some want outcome emails, some do not, one left no address)")
    return people


def _inputs(partners: dict[str, Any], people: dict[str, str], out: Callable[[str], None]) -> dict[str, str]:
    today, ids = date.today(), dict[str, str]()
    for partner in partners:
        mine = {ref: spec for ref, spec in data.INPUTS.items() if spec[0] == partner}
        batch = [{"programme": programme, "topics": topics, "summary": summary,
                  "engagement_method": method, "participation_level": level,
                  "gathered_on": (today - timedelta(days=days_ago)).isoformat(),
                  **({"contributor_id": people[person]} if person else {}),
                  **({"shared_decision_stage": data.SHARED_DECISION_STAGE}
                     if level == "co-production" else {})}
                 for _, person, programme, topics, days_ago, method, level, summary in mine.values()]
        created = partners[partner]["api"].call("POST", "/v1/inputs/batch", {"inputs": batch})["items"]
        ids.update(zip(mine, (item["input_id"] for item in created), strict=True))
    anonymous = sum(1 for spec in data.INPUTS.values() if spec[1] is None)
    out(f"inputs: {len(ids)}, gathered over the last six months ({anonymous} anonymous)")
    return ids


def _decision(board: Api, spec: dict[str, Any], inputs: dict[str, str], out: Callable[[str], None]) -> str:
    decided_on = date.today() - timedelta(days=spec["decided"])
    decision = board.call("POST", "/v1/decisions", {
        "programme": spec["programme"], "title": spec["title"], "summary": spec["summary"],
        "rationale": spec["rationale"], "decided_on": decided_on.isoformat(),
        "review_on": (decided_on + timedelta(days=365)).isoformat()})
    path = f"/v1/decisions/{decision['decision_id']}"
    for ref, influence, explanation in spec["links"]:
        board.call("POST", f"{path}/links", {"input_id": inputs[ref], "influence": influence,
                                             "explanation": explanation})
    if spec["publish"]:
        board.call("POST", f"{path}/publish", {})
    for change in spec["later"]:
        if change[0] == "revise":
            links = [{"input_id": inputs[ref], "influence": influence, "explanation": explanation}
                     for ref, influence, explanation in change[2]]
            board.call("POST", f"{path}/revisions", {"reason": change[1], "links": links})
        else:
            board.call("POST", f"{path}/progress", {"status": change[1], "percent": change[2], "note": change[3]})
    state = "published" if spec["publish"] else "draft"
    out(f"decision   {spec['title']} ({state}, {len(spec['links'])} inputs cited, {len(spec['later'])} updates)")
    return str(decision["decision_id"])


def admin_key(env: Mapping[str, str]) -> str:
    from services.common.devstack.local_stack import DEMO_KEY_FILE

    if env.get("HEARD_DEMO_KEY"):
        return env["HEARD_DEMO_KEY"]
    path = Path(var_dir(env)) / DEMO_KEY_FILE
    if not path.exists():
        raise DemoError(f"no demo admin key at {path}: start Heard with `make run` first "
                        "(or pass an admin key as HEARD_DEMO_KEY)")
    return path.read_text().strip()


def wait(probe: Callable[[], bool], what: str, timeout: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while not probe():
        if time.monotonic() > deadline:
            raise DemoError(f"gave up after {timeout:.0f}s waiting for {what}; is `make run` still running?")
        time.sleep(0.5)  # polling a running stack; nothing to subscribe to over HTTP


def _answers(api: Api, path: str) -> Callable[[], bool]:
    def probe() -> bool:
        try:
            api.call("GET", path)
            return True
        except (DemoError, OSError):
            return False
    return probe


def _knows_programmes(intake: Api, names: set[str]) -> Callable[[], bool]:
    def probe() -> bool:
        known: set[str] = set()
        path: str | None = "/v1/programmes?limit=200"
        while path:  # every page: a broker used before may hold many other programmes
            page = intake.call("GET", path)
            known |= {p["name"] for p in page["items"] if p["status"] == "open"}
            path = f"/v1/programmes?limit=200&cursor={page['next_cursor']}" if page["next_cursor"] else None
        return names <= known
    return probe


def _queue_holds(board: Api, input_ids: set[str]) -> Callable[[], bool]:
    def probe() -> bool:
        queue = board.call("GET", "/v1/queue?limit=200")["items"]
        return input_ids <= {item["input_id"] for item in queue}
    return probe


def _sent(notify: Api, decision_id: str) -> bool:
    items = notify.call("GET", f"/v1/notifications?decision_id={decision_id}&limit=200")["items"]
    return bool(items) and all(item["status"] != "queued" for item in items)
