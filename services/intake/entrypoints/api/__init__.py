"""Intake's HTTP API: create_app() is the gunicorn target."""
from __future__ import annotations

from flask import Flask

from services.common.web.app import create_service_app
from services.common.web.keys_api import make_keys_blueprint
from services.intake.entrypoints.api import (
    answers, contributors, inputs, outcomes, partners, programmes, relay_page, relays,
)


def _partner_exists(uow, _field: str, partner_id: str) -> bool:
    return uow.partners.get(partner_id) is not None


def create_app(config: dict | None = None, runtime=None) -> Flask:
    from services.intake.bootstrap import bootstrap

    runtime = runtime or bootstrap()
    blueprints = [make_keys_blueprint(("admin", "partner"), _partner_exists), partners.blp,
                  contributors.blp, inputs.blp, outcomes.blp, relays.blp, relay_page.blp, answers.blp,
                  programmes.blp]
    return create_service_app(
        runtime, title="Heard intake",
        description="Partners submit lived-experience input, with consent, and follow its outcome.",
        blueprints=blueprints, config=config)
