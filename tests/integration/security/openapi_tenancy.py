"""Every bearer-authenticated operation of a service's OpenAPI document, called with another
tenant's key: objects of the first tenant are 404 (or 403 where the role may not act at all),
lists never show them. New endpoints are picked up from the document, so a new path parameter
or request body without an entry here fails the test until it is covered. Given `public`, an
operation without a key must be listed there with the reason no tenancy applies to it."""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

METHODS = ("get", "post", "put", "patch", "delete")
PARAM = re.compile(r"\{(\w+)\}")


@dataclass
class Tenancy:
    client: Any
    stranger: dict[str, str]        # request headers with the other tenant's key
    ids: dict[str, str]             # path parameter -> the first tenant's object
    # (METHOD, path) -> its body, or None for an operation that can name no other tenant's object
    bodies: Mapping[tuple[str, str], Callable[[dict[str, str]], dict] | None]
    secrets: list[str] = field(default_factory=list)  # what must never show: ids, addresses
    # (METHOD, path) -> the request field a 422 must name when the other tenant's object is
    # refused as a mistake in the request (a programme the caller's board does not cover)
    field_refusals: Mapping[tuple[str, str], str] = field(default_factory=dict)
    # (METHOD, path) -> why an operation without a key names no tenant's object (a signed link)
    public: Mapping[tuple[str, str], str] | None = None
    problems: list[str] = field(default_factory=list)

    def check(self, spec: dict) -> list[str]:
        for path, operations in sorted(spec["paths"].items()):
            for method, operation in operations.items():
                if method in METHODS and operation.get("security"):
                    self._check(method.upper(), path)
                elif method in METHODS and self.public is not None and (method.upper(), path) not in self.public:
                    self.problems.append(f"{method.upper()} {path}: takes no key and is not listed as "
                                         f"public with its reason")
        return self.problems

    def _check(self, method: str, path: str) -> None:
        where = f"{method} {path}"
        unknown = [p for p in PARAM.findall(path) if p not in self.ids]
        if unknown:
            self.problems.append(f"{where}: no object of the first tenant for {unknown}")
            return
        body = None
        if method in ("POST", "PUT", "PATCH"):
            if (method, path) not in self.bodies:
                self.problems.append(f"{where}: no request body in the tenancy table")
                return
            make_body = self.bodies[(method, path)]
            if make_body is None:
                return
            body = make_body(self.ids)
        response = self.client.open(path.format(**self.ids), method=method, json=body,
                                     headers=self.stranger)
        text = response.get_data(as_text=True)
        leaked = [s for s in self.secrets if s in text]
        if leaked:
            self.problems.append(f"{where}: {response.status_code} shows {leaked}")
        # a batch answers 422 naming each item's unknown object, as if it were not there
        not_there = response.status_code == 422 and (
            "No such" in text or self.field_refusals.get((method, path)) in
            ((response.get_json(silent=True) or {}).get("errors") or {}))
        if PARAM.search(path) or method != "GET":
            if response.status_code not in (403, 404) and not not_there:
                self.problems.append(f"{where}: {response.status_code}, not 403 or 404: {text[:200]}")
        elif response.status_code not in (200, 403):
            self.problems.append(f"{where}: {response.status_code} for a list: {text[:200]}")
