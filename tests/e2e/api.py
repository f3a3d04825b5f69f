"""Small helpers for end-to-end tests that drive the services through their HTTP APIs."""
from __future__ import annotations


def auth(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def created(response) -> dict:
    assert response.status_code == 201, response.json
    return response.json


def mail_to(sink, address: str) -> list:
    """The sink's messages to `address` (other tests' events share the broker, not the sink)."""
    return [m for m in sink.messages() if any(a.addr_spec == address for a in m["To"].addresses)]
