"""The house's own checks: ruff and mypy are configured the way docs/developing.md says, and
each noqa comment names its rule and says why. `make lint` runs the tools themselves."""
from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOQA = re.compile(r"#\s*noqa\b(?P<rest>.*)$")
# after "noqa": ": BLE001 - why" or ": F401, F811 - why"
EXPLAINED = re.compile(r"^:\s*(?P<codes>[A-Z]+[0-9]+(?:,\s*[A-Z]+[0-9]+)*)\s+-\s+\S")
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _python_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True)
    names = listed.stdout.split() if listed.returncode == 0 else []
    return [ROOT / name for name in names] or sorted(ROOT.glob("[!.]*/**/*.py"))


def _noqa_comments() -> list[tuple[str, str]]:
    found = []
    for path in _python_files():
        for number, line in enumerate(path.read_text().splitlines(), 1):
            match = NOQA.search(line)
            if match:
                found.append((f"{path.relative_to(ROOT)}:{number}", match["rest"]))
    return found


def test_every_noqa_names_its_rule_and_says_why():
    unexplained = [where for where, rest in _noqa_comments() if not EXPLAINED.match(rest)]
    assert unexplained == []


def test_every_rule_the_code_cites_is_one_ruff_checks():
    selected = CONFIG["tool"]["ruff"]["lint"]["select"]
    cited = {code for _, rest in _noqa_comments() if (m := EXPLAINED.match(rest))
             for code in re.split(r",\s*", m["codes"])}
    assert cited, "no noqa comments found: the scan is looking in the wrong place"
    assert {code for code in cited if not any(code.startswith(rule) for rule in selected)} == set()


def test_mypy_is_strict_on_every_domain_and_service_layer_package():
    strict = [o for o in CONFIG["tool"]["mypy"]["overrides"] if o.get("disallow_untyped_defs")]
    patterns = [re.compile(p.replace(".", r"\.").replace("*", "[^.]+") + "$")
                for o in strict for p in o["module"]]
    packages = [".".join(p.relative_to(ROOT).parts) for layer in ("domain", "service_layer")
                for p in (ROOT / "services").glob(f"*/{layer}")]
    assert len(packages) >= 6
    assert [p for p in packages if not any(pattern.match(p + ".x") for pattern in patterns)] == []


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--quiet", "."], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _service_sources(layer: str) -> dict[str, str]:
    return {str(p.relative_to(ROOT)): p.read_text() for service in ("intake", "decisions", "notify")
            for p in (ROOT / "services" / service / layer).rglob("*.py")}


def test_entry_points_leave_committing_to_the_service_layer():
    # the one exception: the Idempotency-Key wrapper commits its stored response (commit_deferred)
    committing = [path for path, text in _service_sources("entrypoints").items()
                  if "uow.commit()" in text and not path.endswith("api/idempotency.py")]
    assert committing == []


def test_api_lists_page_through_the_one_keyset_helper():
    own_cursors = [path for path, text in _service_sources("entrypoints/api").items()
                   if "encode_cursor(" in text or "decode_time_id_cursor(" in text]
    assert own_cursors == []


def test_consumers_route_through_one_table():
    sources = {p: t for p, t in _service_sources("entrypoints").items() if p.endswith("consumers.py")}
    assert len(sources) == 3
    assert [p for p, t in sources.items() if "consumer_routes(" not in t or "idempotent(" in t] == []
