"""Generates docs/asyncapi.yaml (AsyncAPI 3.0) from the contract registry.

Run `python -m services.common.contracts.asyncapi > docs/asyncapi.yaml` after changing a schema;
a test fails while the checked-in document is out of date.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from services.common.contracts.envelope import EnvelopeSchema
from services.common.contracts.registry import CONTRACTS, Contract

EXAMPLES_DIR = Path(__file__).parent / "examples"


def message_name(contract: Contract) -> str:
    words = contract.event_type.replace("-", " ").title().replace(" ", "")
    return f"{contract.owner.title()}{words}V{contract.version}"


def example_path(contract: Contract) -> Path:
    return EXAMPLES_DIR / f"{contract.topic}.json"


def _schemas() -> dict[str, Any]:
    spec = APISpec(title="schemas", version="1", openapi_version="3.0.3",
                   plugins=[MarshmallowPlugin()])
    spec.components.schema("Envelope", schema=EnvelopeSchema)
    for schema in {contract.schema for contract in CONTRACTS}:
        spec.components.schema(schema.__name__, schema=schema)
    return spec.to_dict()["components"]["schemas"]


def build_document() -> dict[str, Any]:
    channels, operations, messages = {}, {}, {}
    for contract in CONTRACTS:
        name = message_name(contract)
        channel_id = contract.topic.replace(".", "_").replace("-", "_")
        example = json.loads(example_path(contract).read_text()) if example_path(contract).exists() else None
        messages[name] = {
            "name": name, "title": f"{contract.event_type} v{contract.version}",
            "summary": contract.description, "contentType": "application/json",
            "payload": {"allOf": [
                {"$ref": "#/components/schemas/Envelope"},
                {"type": "object", "properties": {
                    "payload": {"$ref": f"#/components/schemas/{contract.schema.__name__}"}}},
            ]},
            "bindings": {"kafka": {"key": {"type": "string",
                                           "description": f"the {contract.key_field}"}}},
            **({"examples": [{"name": "example", "payload": example}]} if example else {}),
        }
        channels[channel_id] = {
            "address": contract.topic, "description": contract.description
            + (" Carries personal data." if contract.personal_data else ""),
            "messages": {name: {"$ref": f"#/components/messages/{name}"}},
            "bindings": {"kafka": {"partitions": contract.partitions, "topicConfiguration": {
                "cleanup.policy": ["compact" if contract.compacted else "delete"]}}},
        }
        operations[f"{contract.owner}_sends_{channel_id}"] = {
            "action": "send", "channel": {"$ref": f"#/channels/{channel_id}"},
            "summary": f"{contract.owner} publishes through its transactional outbox",
            "messages": [{"$ref": f"#/channels/{channel_id}/messages/{name}"}],
        }
    return {
        "asyncapi": "3.0.0",
        "info": {"title": "Heard events", "version": "1.0.0", "description":
                 "Every event Heard's services exchange. Each travels in one envelope; the message "
                 "key is the aggregate id. Bad messages go to <topic>.dlq with the reason in headers."},
        "defaultContentType": "application/json",
        "servers": {"local": {"host": "127.0.0.1:9092", "protocol": "kafka",
                              "description": "the broker `make run` starts"}},
        "channels": channels, "operations": operations,
        "components": {"schemas": _schemas(), "messages": messages},
    }


def render() -> str:
    return yaml.safe_dump(build_document(), sort_keys=True, allow_unicode=True, width=100)


if __name__ == "__main__":
    sys.stdout.write(render())
