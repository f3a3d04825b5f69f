"""API keys: issued by intake and decisions, checked by every service from its own copy."""
