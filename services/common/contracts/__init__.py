"""Event contracts shared by every Heard service: one envelope, one schema per event version."""
from services.common.contracts.envelope import Envelope, EnvelopeSchema, new_envelope
from services.common.contracts.registry import CONTRACTS, Contract, contract_for, topic_for

__all__ = [
    "CONTRACTS", "Contract", "Envelope", "EnvelopeSchema", "contract_for", "new_envelope", "topic_for",
]
