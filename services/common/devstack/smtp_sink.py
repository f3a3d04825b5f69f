"""A real SMTP server that keeps every accepted message as an .eml file, for dev and tests.

Tests can make it refuse mail the way a real relay would, to exercise retry and give-up paths:

    sink.fail_with(451)            # every message gets "451 4.0.0 ..." until sink.recover()
    sink.fail_with(550, times=1)   # only the next message is refused permanently
    sink.drop_after_data(times=1)  # keep the next message, then hang up before the reply
    sink.drop_after_data(times=1, keep=False)  # ... or hang up without keeping it
    sink.answer_slowly(2.0)        # wait 2 s before each reply to DATA (0: at once again)

Run it by hand with:

    python -m services.common.devstack.smtp_sink --maildir var/mail --port 1025
"""

from __future__ import annotations

import argparse
import asyncio
import email.policy
import itertools
import os
import secrets
import signal
import sys
import threading
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Literal

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from services.common.devstack import free_port

__all__ = ["SmtpSink", "main"]

Stage = Literal["RCPT", "DATA"]


@dataclass
class _FailurePlan:
    reply: str
    stage: Stage
    remaining: int | None  # messages still to refuse; None means until recover()


class SmtpSink:
    """Stores messages under ``maildir``; file names sort by arrival time."""

    def __init__(self, maildir: Path = Path("var/mail"), host: str = "127.0.0.1",
                 port: int = 0) -> None:
        self.maildir = Path(maildir)
        self.host = host
        self.port = port  # 0: pick a free port on start()
        self._controller: Controller | None = None
        self._lock = threading.Lock()
        self._plan: _FailurePlan | None = None
        self._rejected = 0
        self._drops: list[bool] = []  # per message to come: keep it before hanging up?
        self._dropped = 0
        self._reply_delay = 0.0
        self._sequence = itertools.count()

    def start(self) -> None:
        if self._controller is not None:
            raise RuntimeError("SMTP sink already running")
        self.maildir.mkdir(parents=True, exist_ok=True)
        if self.port == 0:
            # aiosmtpd's start() probes the port it was given, so it cannot take port 0 itself.
            self.port = free_port(self.host)
        controller = Controller(_SinkHandler(self), hostname=self.host, port=self.port,
                                # a fixed name avoids a slow reverse-DNS lookup (getfqdn)
                                server_hostname="smtp-sink.heard.test",
                                enable_SMTPUTF8=True)
        controller.start()
        self._controller = controller

    def stop(self) -> None:
        controller, self._controller = self._controller, None
        if controller is not None:
            controller.stop()

    def __enter__(self) -> SmtpSink:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def fail_with(self, code: int, times: int | None = None, *, stage: Stage = "DATA",
                  message: str | None = None) -> None:
        """Refuse the next ``times`` messages (all of them if None) with SMTP status ``code``.

        ``stage="DATA"`` refuses after the content is sent (smtplib raises SMTPDataError);
        ``stage="RCPT"`` refuses every recipient (smtplib raises SMTPRecipientsRefused).
        A refused message counts once, however many recipients it has.
        """
        if not 400 <= code <= 599:
            raise ValueError(f"failure code must be 4xx (temporary) or 5xx (permanent), not {code}")
        if stage not in ("RCPT", "DATA"):
            raise ValueError(f"stage must be 'RCPT' or 'DATA', not {stage!r}")
        if times is not None and times < 1:
            raise ValueError("times must be at least 1 (or None for until recover())")
        kind = "Temporary" if code < 500 else "Permanent"
        text = message or f"{kind} failure simulated by the Heard SMTP sink"
        with self._lock:
            self._plan = _FailurePlan(f"{code} {code // 100}.0.0 {text}", stage, times)

    def recover(self) -> None:
        """Accept mail again."""
        with self._lock:
            self._plan = None
            self._drops.clear()
            self._reply_delay = 0.0

    def drop_after_data(self, times: int = 1, *, keep: bool = True) -> None:
        """Hang up on the next ``times`` messages after their content arrived, before the reply:
        the sender cannot know whether it was delivered. ``keep``: it was (stored) or not."""
        with self._lock:
            self._drops.extend([keep] * times)

    def answer_slowly(self, seconds: float) -> None:
        """Wait ``seconds`` before answering each message's DATA (a slow or overloaded relay)."""
        with self._lock:
            self._reply_delay = seconds

    @property
    def dropped_count(self) -> int:
        """Connections hung up after DATA so far."""
        with self._lock:
            return self._dropped

    def _drop_plan(self) -> bool | None:
        with self._lock:
            if not self._drops:
                return None
            self._dropped += 1
            return self._drops.pop(0)

    @property
    def rejected_count(self) -> int:
        """Messages refused so far, so tests can check that a sender really retried."""
        with self._lock:
            return self._rejected

    def message_paths(self) -> list[Path]:
        return sorted(self.maildir.glob("*.eml"))

    def messages(self) -> list[EmailMessage]:
        """Every stored message, oldest first, with the envelope in Return-Path/X-Envelope-To."""
        parser = BytesParser(policy=email.policy.default)
        return [parser.parsebytes(path.read_bytes()) for path in self.message_paths()]

    def wait_for_messages(self, count: int, timeout: float = 10) -> list[EmailMessage]:
        """Poll until at least ``count`` messages are stored; TimeoutError after ``timeout``."""
        deadline = time.monotonic() + timeout
        while len(paths := self.message_paths()) < count:
            if time.monotonic() >= deadline:
                raise TimeoutError(f"expected {count} message(s) in {self.maildir} within "
                                   f"{timeout:.0f}s, found {len(paths)}")
            time.sleep(0.05)  # poll interval, bounded by the deadline above
        return self.messages()

    def clear(self) -> None:
        for path in self.message_paths():
            path.unlink(missing_ok=True)

    def _rejection_for(self, envelope: Envelope, stage: Stage) -> str | None:
        # Decided once per message: the first hook that sees it consumes one of ``times``.
        if hasattr(envelope, "heard_sink_reply"):
            decided: str | None = envelope.heard_sink_reply
            return decided
        with self._lock:
            plan = self._plan
            if plan is None or plan.stage != stage:
                return None
            if plan.remaining is not None:
                plan.remaining -= 1
                if plan.remaining == 0:
                    self._plan = None
            self._rejected += 1
        envelope.heard_sink_reply = plan.reply  # type: ignore[attr-defined]
        return plan.reply

    def _store(self, envelope: Envelope) -> Path:
        recipients = ", ".join(envelope.rcpt_tos)
        envelope_headers = (f"Return-Path: <{envelope.mail_from}>\n"
                            f"X-Envelope-To: {recipients}\n").encode("utf-8")
        # Unix line endings, as a local delivery agent writes them; the wire format uses CRLF.
        content = (envelope.original_content or b"").replace(b"\r\n", b"\n")
        name = f"{time.time_ns():020d}-{next(self._sequence):06d}-{secrets.token_hex(3)}.eml"
        final = self.maildir / name
        partial = self.maildir / f".{name}.partial"  # readers never see half a message
        partial.write_bytes(envelope_headers + content)
        os.replace(partial, final)
        return final


class _SinkHandler:
    def __init__(self, sink: SmtpSink) -> None:
        self._sink = sink

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, rcpt_options: list[str]) -> str:
        if reply := self._sink._rejection_for(envelope, "RCPT"):
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self._sink._reply_delay:
            await asyncio.sleep(self._sink._reply_delay)  # the fault: a slow relay
        if reply := self._sink._rejection_for(envelope, "DATA"):
            return reply
        keep = self._sink._drop_plan()
        if keep is not None:
            if keep:
                self._sink._store(envelope)
            if server.transport is not None:
                server.transport.close()  # no reply: the sender cannot tell what happened
            return "421 4.3.0 connection dropped by the Heard SMTP sink"  # never reaches the sender
        stored = self._sink._store(envelope)
        return f"250 2.0.0 OK queued as {stored.stem}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run an SMTP server that saves mail as .eml files.")
    parser.add_argument("--maildir", type=Path, default=Path("var/mail"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=1025)
    args = parser.parse_args(argv)

    sink = SmtpSink(args.maildir, args.host, args.port)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # treat like Ctrl-C
    try:
        sink.start()
        print(f"SMTP sink listening on {sink.host}:{sink.port}, saving mail to {sink.maildir}",
              flush=True)
        while True:
            signal.pause()
    except KeyboardInterrupt:
        return 0
    except OSError as error:
        print(f"SMTP sink could not start on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    finally:
        sink.stop()


if __name__ == "__main__":
    sys.exit(main())
