"""Payload schemas, one module per owning service. One class per event version."""
