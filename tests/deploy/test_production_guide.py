"""deploy/production.md stays true to what it describes: the topic table to the registry, the
configuration table to .env.example, the images to docker-compose.yml."""
from __future__ import annotations

import re

from services.common.contracts.registry import CONTRACTS
from tests.deploy.code_scan import SERVICES, worker_subscriptions
from tests.deploy.compose import REPO_ROOT, read_env_file

GUIDE = (REPO_ROOT / "deploy" / "production.md").read_text()


def table_rows(first_cell: str) -> dict[str, list[str]]:
    """Rows of the guide's tables whose first cell matches, as first cell -> other cells."""
    rows = {}
    for line in GUIDE.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and re.fullmatch(first_cell, cells[0]):
            rows[cells[0]] = cells[1:]
    return rows


def test_the_partition_table_matches_the_registry_and_the_workers(tmp_path):
    rows = table_rows(r"`[a-z]+\.[a-z-]+\.v\d+`")
    assert set(rows) == {f"`{contract.topic}`" for contract in CONTRACTS}
    readers = {service: worker_subscriptions(service, f"sqlite:///{tmp_path / service}.db")
               for service in SERVICES}
    for contract in CONTRACTS:
        partitions, _key, clean_up, read_by, _why = rows[f"`{contract.topic}`"]
        assert int(partitions) == contract.partitions, contract.topic
        assert clean_up == ("compact" if contract.compacted else "delete"), contract.topic
        assert read_by.split(", ") == [s for s in SERVICES if contract.topic in readers[s]], \
            contract.topic


def test_the_configuration_table_names_every_variable_of_env_example():
    documented = set()
    for cell in table_rows(r"`[A-Z_]+`.*"):
        documented.update(re.findall(r"`([A-Z0-9_]+)`", cell))
    assert documented == set(read_env_file())


def test_the_images_named_are_the_ones_compose_runs(compose):
    for name in ("kafka", "postgres", "mailpit"):
        assert f"`{compose['services'][name]['image']}`" in GUIDE, name
