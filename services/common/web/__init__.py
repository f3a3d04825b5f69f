"""Flask plumbing shared by the services: the API object, errors, auth, health, pagination."""
