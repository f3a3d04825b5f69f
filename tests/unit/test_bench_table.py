"""The benchmark table's arithmetic: ratios, targets met or missed, the printed row.

Speeds themselves are never asserted anywhere; this only checks the harness's bookkeeping."""
import json

from benchmarks.table import Row, format_table, write_results


def test_ratio_is_heard_over_limit_and_meets_its_target():
    row = Row("POST /v1/inputs", heard=330.0, limit=500.0, target_ratio=0.60)
    assert row.ratio == 0.66
    assert row.failures() == []


def test_each_missed_target_is_named():
    row = Row("POST /v1/inputs", heard=200.0, limit=500.0, target_ratio=0.60, p50_ms=7.0,
              p99_ms=80.0, max_p50_ms=5, max_p99_ms=50, errors=3)
    assert row.failures() == ["ratio < 60%", "p50 > 5 ms", "p99 > 50 ms", "3 errors"]


def test_a_row_without_a_limit_has_no_ratio_and_fails_a_ratio_target():
    assert Row("x", heard=1.0).ratio is None
    assert Row("x", heard=1.0, target_ratio=0.5).failures() == ["ratio < 50%"]


def test_a_one_shot_run_is_held_to_its_time_limit():
    assert Row("emails", heard=90.0, seconds=11.0, max_seconds=10).failures() == ["took > 10 s"]


def test_the_table_has_one_line_per_row_with_ratio_and_verdict():
    rows = [Row("fast path", heard=900.0, limit=1000.0, target_ratio=0.5, p50_ms=2.5, p99_ms=9.0),
            Row("slow path", heard=10.0, limit=100.0, target_ratio=0.5)]
    lines = format_table(rows).splitlines()
    assert len(lines) == 4
    assert "| fast path" in lines[2] and "90%" in lines[2] and "yes" in lines[2]
    assert "10%" in lines[3] and "NO: ratio < 50%" in lines[3]


def test_results_json_holds_ratio_target_and_verdict(tmp_path):
    path = tmp_path / "results.json"
    write_results([Row("p", heard=3.0, limit=4.0, target_ratio=0.8)], path, {"quick": True})
    saved = json.loads(path.read_text())
    assert saved["conditions"] == {"quick": True}
    assert saved["rows"][0]["ratio"] == 0.75
    assert saved["rows"][0]["met"] is False
    assert saved["rows"][0]["target"] == ">=80%"


def test_a_pair_that_cannot_run_fails_the_run_but_a_missed_target_does_not(monkeypatch, tmp_path):
    from benchmarks import run

    def pair(name, *_args):
        if name == "relay":
            raise RuntimeError("no broker")
        return [Row(name, heard=1.0, limit=100.0, target_ratio=0.5)]  # misses its target

    monkeypatch.setattr(run, "_run_pair", pair)
    monkeypatch.setattr(run, "BROKER_PAIRS", ())
    assert run.main(["--only", "intake", "--output", str(tmp_path / "a.json")]) == 0
    assert run.main(["--only", "intake,relay", "--output", str(tmp_path / "b.json")]) == 1
    written = json.loads((tmp_path / "b.json").read_text())
    assert [r["path"] for r in written["rows"]] == ["intake", "relay: FAILED (see the traceback above)"]
