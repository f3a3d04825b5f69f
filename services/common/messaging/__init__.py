"""Kafka plumbing: client factories, topic creation, outbox relay, idempotent consumer."""
