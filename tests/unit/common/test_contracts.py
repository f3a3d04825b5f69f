"""The contracts package: examples validate, the AsyncAPI document is current, no leaks."""
import json
from pathlib import Path

import pytest
import yaml
from marshmallow import ValidationError

from services.common.contracts import CONTRACTS, Envelope
from services.common.contracts.asyncapi import build_document, example_path, render

ROOT = Path(__file__).resolve().parents[3]
PERSONAL_FIELDS = {"email", "preferred_name", "phone", "address", "contact_email"}


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: c.topic)
def test_checked_in_example_is_a_valid_event_of_its_topic(contract):
    wire = json.loads(example_path(contract).read_text())
    envelope = Envelope.from_wire(wire)
    assert (envelope.event_type, envelope.version, envelope.producer) == (
        contract.event_type, contract.version, contract.owner)
    contract.load(envelope.payload)


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: c.topic)
def test_payload_with_unknown_field_is_rejected(contract):
    wire = json.loads(example_path(contract).read_text())
    with pytest.raises(ValidationError) as error:
        contract.load({**wire["payload"], "surprise": 1})
    assert "surprise" in error.value.messages


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: c.topic)
def test_payload_missing_its_key_field_is_rejected(contract):
    wire = json.loads(example_path(contract).read_text())
    payload = dict(wire["payload"])
    del payload[contract.key_field]
    with pytest.raises(ValidationError) as error:
        contract.load(payload)
    assert contract.key_field in error.value.messages


def test_topic_names_follow_service_event_version():
    for contract in CONTRACTS:
        assert contract.topic == f"{contract.owner}.{contract.event_type}.v{contract.version}"
    assert len({c.topic for c in CONTRACTS}) == len(CONTRACTS)


def test_only_the_compacted_contact_topic_carries_personal_data():
    carriers = {c.topic for c in CONTRACTS if PERSONAL_FIELDS & set(c.schema().fields)}
    assert carriers == {"intake.contacts.v1"}
    contacts = next(c for c in CONTRACTS if c.topic == "intake.contacts.v1")
    assert contacts.compacted and contacts.personal_data


def test_asyncapi_document_is_up_to_date():
    checked_in = (ROOT / "docs" / "asyncapi.yaml").read_text()
    assert checked_in == render(), (
        "docs/asyncapi.yaml is stale: run python -m services.common.contracts.asyncapi > docs/asyncapi.yaml")


def test_asyncapi_document_references_resolve():
    document = build_document()
    assert document["asyncapi"].startswith("3.")
    text = yaml.safe_dump(document)
    for ref in {line.split("'")[1] for line in text.splitlines() if "$ref: '#/" in line}:
        node = document
        for part in ref.lstrip("#/").split("/"):
            assert part in node, f"unresolved {ref}"
            node = node[part]


def test_envelope_round_trips_and_rejects_missing_fields():
    wire = json.loads(example_path(CONTRACTS[0]).read_text())
    assert Envelope.from_wire(wire).to_wire()["event_id"] == wire["event_id"]
    del wire["correlation_id"]
    with pytest.raises(ValidationError):
        Envelope.from_wire(wire)
