"""`make bench` (or `make bench-quick`): every pair, one table, benchmarks/results.json.

    .venv/bin/python -m benchmarks.run [--quick] [--only intake,reports,pages,relay,email,consumer]

Each pair starts Heard's part and its limit in this process tree, on this machine, in this
run, and reports Heard's rate as a ratio of the limit's. Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import threading
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.table import Row, format_table, write_results

PAIRS = ("intake", "reports", "pages", "relay", "email", "consumer")  # the broker starts meanwhile
BROKER_PAIRS = ("relay", "email", "consumer")
RESULTS = Path(__file__).with_name("results.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, short runs (< 1 min)")
    parser.add_argument("--only", default=",".join(PAIRS), help="comma-separated pairs")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    wanted = [p.strip() for p in args.only.split(",") if p.strip()]
    rows: list[Row] = []
    crashed: list[str] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="heard-bench-") as tmp:
        folder = Path(tmp)
        # the broker starts (a JVM, tens of seconds here) while the pairs that need none run;
        # --quick only, as the full run measures each pair with nothing else going on
        broker = BrokerStart(folder, background=args.quick) \
            if any(p in BROKER_PAIRS for p in wanted) else None
        try:
            for pair in wanted:
                pair_started = time.monotonic()
                try:
                    rows.extend(_run_pair(pair, folder, args.quick,
                                          broker.ready() if broker and pair in BROKER_PAIRS else None))
                except Exception:  # noqa: BLE001 - one broken pair must not hide the others
                    traceback.print_exc()
                    crashed.append(pair)
                    rows.append(Row(f"{pair}: FAILED (see the traceback above)", 0.0, errors=1))
                print(f"    {pair}: {time.monotonic() - pair_started:.0f} s", file=sys.stderr, flush=True)
        finally:
            if broker is not None:
                broker.stop()
    print(format_table(rows))
    conditions = {"when": datetime.now(UTC).isoformat(timespec="seconds"),
                  "quick": args.quick, "cpus": os.cpu_count(), "load_avg": os.getloadavg(),
                  "python": platform.python_version(), "seconds": round(time.monotonic() - started)}
    write_results(rows, args.output, conditions)
    print(f"\n{len([r for r in rows if not r.failures()])} of {len(rows)} rows meet their targets; "
          f"load average {conditions['load_avg'][0]:.1f} on {conditions['cpus']} cores; "
          f"written to {args.output}")
    if crashed:  # a target missed is a figure; a pair that cannot run is a broken benchmark
        print(f"pairs that did not run: {', '.join(crashed)}", file=sys.stderr)
        return 1
    return 0


def _run_pair(pair: str, folder: Path, quick: bool, broker) -> list[Row]:
    print(f"==> {pair}", file=sys.stderr, flush=True)
    if pair == "intake":
        from benchmarks import intake_pair
        seconds, rounds = (1, 1) if quick else (4, 3)
        kinds = ("sqlite", "postgresql")
        return [row for kind in kinds
                for row in intake_pair.measure(kind, folder, seconds=seconds, rounds=rounds, quick=quick)]
    if pair == "relay":
        from benchmarks import relay_pair
        return relay_pair.measure(folder, broker.bootstrap_servers, rows=2_000 if quick else 100_000)
    if pair == "email":
        from benchmarks import email_pair
        return email_pair.measure(folder, broker.bootstrap_servers, count=100 if quick else 1_000)
    if pair == "consumer":
        from benchmarks import consumer_pair
        return consumer_pair.measure(folder, broker.bootstrap_servers,
                                     events=2_000 if quick else 100_000)
    if pair == "reports":
        from benchmarks import reports_pair
        # --quick: a small data set, so CI exercises the path; the targets are about the full size
        size = {"inputs": 2_000, "decisions": 20, "repeat": 2} if quick else \
            {"inputs": 1_000_000, "decisions": 10_000, "repeat": 3}
        return reports_pair.measure(folder, **size)
    if pair == "pages":
        from benchmarks import pages_pair
        seconds, rounds = (1, 1) if quick else (4, 2)
        return pages_pair.measure(folder, inputs=2_000 if quick else 100_000,
                                  decisions=20 if quick else 1_000, seconds=seconds, rounds=rounds)
    raise SystemExit(f"unknown pair {pair!r}; choose from {', '.join(PAIRS)}")


class BrokerStart:
    """A broker for the pairs that need one, started at once or on a thread of its own."""

    def __init__(self, folder: Path, *, background: bool):
        self.folder = folder
        self.broker = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._start, name="broker start", daemon=True)
        self.thread.start()
        if not background:
            self.thread.join()

    def _start(self) -> None:
        try:
            self.broker = _start_broker(self.folder)
        except BaseException as error:  # noqa: BLE001 - raised again by ready(), in the main thread
            self.error = error

    def ready(self):
        self.thread.join()
        if self.error is not None:
            raise RuntimeError("the broker did not start") from self.error
        return self.broker

    def stop(self) -> None:
        self.thread.join()
        if self.broker is not None:
            self.broker.stop()


def _start_broker(folder: Path):
    from services.common.devstack import free_port
    from services.common.devstack.kafka_broker import KafkaBroker
    from services.common.messaging.kafka_clients import ensure_topics

    broker = KafkaBroker(folder / "kafka", port=free_port(), controller_port=free_port())
    broker.ensure_jars()
    broker.start()
    broker.wait_ready(timeout=120)
    ensure_topics(broker.bootstrap_servers)
    return broker


if __name__ == "__main__":
    sys.exit(main())
