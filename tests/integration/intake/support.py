"""Driving intake through its HTTP API in tests: keys, partners, contributors, inputs."""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from services.common.auth.store import issue_key
from services.intake.entrypoints.api import create_app
from tests.support.programmes import known_to_intake

PROGRAMME = "Adult mental health crisis care 2027"


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


@dataclass
class PartnerKey:
    partner_id: str
    key: str

    @property
    def headers(self) -> dict:
        return bearer(self.key)


def input_body(**overrides) -> dict:
    body = {"programme": PROGRAMME, "topics": ["crisis care"],
            "summary": "At night the only place open was A&E, and waiting there made it worse.",
            "engagement_method": "workshop", "participation_level": "engagement",
            "gathered_on": (date.today() - timedelta(days=30)).isoformat()}
    body.update(overrides)
    return body


def contributor_body(**overrides) -> dict:
    body = {"email": f"sam.{uuid.uuid4().hex[:8]}@example.org", "preferred_name": "Sam",
            "consent": {"contact_about_outcomes": True, "quote_anonymously": True},
            "consent_method": "verbal"}
    body.update(overrides)
    return body


class IntakeApi:
    """A test client on intake's real app, with an admin key issued straight into its DB."""

    def __init__(self, runtime):
        self.runtime = runtime
        self.client = create_app(runtime=runtime).test_client()
        with runtime.uow_factory() as uow:
            admin, _ = issue_key(uow, role="admin", label="test admin")
            uow.commit()
        self.admin = bearer(admin.secret)
        known_to_intake(runtime.uow_factory, PROGRAMME)  # what input_body() names

    def knows_programmes(self, *names: str, status: str = "open", shared_decision_stage: str | None = None) -> None:
        known_to_intake(self.runtime.uow_factory, *names, status=status,
                        shared_decision_stage=shared_decision_stage)

    def new_partner(self, name: str = "Northtown Peer Support", **fields) -> PartnerKey:
        body = {"name": name, "contact_email": f"office.{uuid.uuid4().hex[:8]}@example.org", **fields}
        created = self.client.post("/v1/partners", json=body, headers=self.admin)
        assert created.status_code == 201, created.json
        partner_id = created.json["partner_id"]
        key = self.client.post("/v1/keys", json={"role": "partner", "partner_id": partner_id},
                               headers=self.admin)
        assert key.status_code == 201, key.json
        return PartnerKey(partner_id, key.json["key"])

    def new_contributor(self, partner: PartnerKey, **overrides) -> dict:
        created = self.client.post("/v1/contributors", json=contributor_body(**overrides),
                                   headers=partner.headers)
        assert created.status_code == 201, created.json
        return created.json

    def new_input(self, partner: PartnerKey, **overrides) -> dict:
        created = self.client.post("/v1/inputs", json=input_body(**overrides), headers=partner.headers)
        assert created.status_code == 201, created.json
        return created.json

    def outbox(self, topic: str | None = None) -> list[dict]:
        """Events written so far (tombstones as {"key": ..., "value": None})."""
        table = self.runtime.outbox_table
        query = select(table.c.topic, table.c.message_key, table.c.value).order_by(table.c.id)
        with self.runtime.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [{"topic": row.topic, "key": row.message_key,
                 "value": json.loads(row.value) if row.value else None}
                for row in rows if topic is None or row.topic == topic]

    def count(self, table) -> int:
        with self.runtime.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(table)).scalar_one()
