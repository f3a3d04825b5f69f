from services.common.db.migrations import run_env
from services.decisions.adapters.orm import metadata

run_env(metadata)
