"""Database plumbing shared by the services: engines, shared tables, migrations."""
