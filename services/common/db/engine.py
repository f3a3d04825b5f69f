"""Engine factory. SQLite for local use, PostgreSQL in production; both are tested."""
from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.engine import make_url

# A pooled connection unused for longer than this is pinged before it is handed out, so one
# that the server dropped meanwhile is replaced instead of failing a request. One used more
# recently is handed out at once: pinging on every checkout cost a round trip per request.
# A connection that fails anyway is seen as a disconnect, and SQLAlchemy then replaces the pool.
PING_AFTER_IDLE_SECONDS = 5.0
# A PostgreSQL server that stops answering must not hold a request or a worker loop forever:
# connecting gives up after this long (a URL's own connect_timeout wins), and TCP keepalives
# find a connection whose server vanished within about a minute. Either way the caller gets an
# OperationalError: the API answers 503, a worker retries.
PG_CONNECT_TIMEOUT_SECONDS = 10
PG_KEEPALIVES = {"keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10, "keepalives_count": 3}


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """hide_parameters: a failed statement's error (and so a traceback in a log) never shows the
    bound values, which may be a person's email or name."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo, connect_args={"timeout": 30}, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling defers BEGIN; take control so that
        # "BEGIN IMMEDIATE" serialises writers instead of failing with "database is locked".
        writers = _SqliteWriters()
        event.listen(engine, "begin", writers.begin)
        event.listen(engine, "commit", writers.commit)
        event.listen(engine, "rollback", writers.rollback)
        return engine
    connect_args: dict[str, int] = dict(PG_KEEPALIVES)
    if "connect_timeout" not in parsed.query:
        connect_args["connect_timeout"] = PG_CONNECT_TIMEOUT_SECONDS
    engine = create_engine(url, echo=echo, pool_size=5, max_overflow=5,
                           hide_parameters=True, connect_args=connect_args)
    event.listen(engine, "checkin", _note_checkin)
    event.listen(engine, "checkout", _ping_if_idle(engine.dialect))
    return engine


@contextlib.contextmanager
def read_connection(engine: Engine) -> Iterator[Connection]:
    """A connection for reads only. On PostgreSQL it autocommits (no BEGIN and ROLLBACK round
    trips around one SELECT); on SQLite it begins DEFERRED, so a reader does not wait for the
    write lock behind every writer. Writing through it is a mistake."""
    with engine.connect() as conn:
        if is_sqlite(engine):
            yield conn.execution_options(heard_read_only=True)
        else:
            yield conn.execution_options(isolation_level="AUTOCOMMIT")


class _SqliteWriters:
    """Write transactions of one process take turns on a lock before BEGIN IMMEDIATE.

    SQLite has one writer; a connection that finds the write lock taken sleeps in its busy
    handler (1, 2, 5, 10 ... 100 ms) and polls again. Between the threads of one process (a
    worker's consumer, relay and mail senders) a lock hands the turn over as soon as the writer
    commits instead; writers in other processes still meet in SQLite's busy handler. The lock is
    released once the transaction has ended: the listener commits (or rolls back) through the
    driver itself, so SQLAlchemy's own COMMIT after it finds nothing left to do. A failed commit
    is left for SQLAlchemy's, which raises it as usual."""

    HOLDS = "heard_holds_sqlite_write_lock"

    def __init__(self, wait_seconds: float = 30.0) -> None:
        self._lock = threading.RLock()  # re-entrant: a nested writer meets SQLite's timeout, not a hang
        self._wait_seconds = wait_seconds  # as busy_timeout: after that, BEGIN waits in SQLite

    def begin(self, conn: Connection) -> None:
        if conn.get_execution_options().get("heard_read_only"):
            conn.exec_driver_sql("BEGIN")
            return
        held = self._lock.acquire(timeout=self._wait_seconds)
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            if held:
                self._lock.release()
            raise
        conn.info[self.HOLDS] = held

    def commit(self, conn: Connection) -> None:
        self._end(conn, "commit")

    def rollback(self, conn: Connection) -> None:
        self._end(conn, "rollback")

    def _end(self, conn: Connection, how: str) -> None:
        if not conn.info.pop(self.HOLDS, False):
            return
        try:
            dbapi = conn.connection.dbapi_connection
            if dbapi is not None:
                getattr(dbapi, how)()
        except Exception:  # noqa: BLE001 - SQLAlchemy's own commit/rollback runs next and raises it
            pass
        finally:
            self._lock.release()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _note_checkin(_dbapi_connection, record) -> None:
    if record is not None:
        record.info["checked_in_at"] = time.monotonic()


def _ping_if_idle(dialect):
    def on_checkout(dbapi_connection, record, _proxy) -> None:
        idle_since = record.info.get("checked_in_at")
        if idle_since is not None and time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as error:  # any failure means: use another connection
            # the pool discards this connection and checks out (or opens) another
            raise exc.DisconnectionError() from error
    return on_checkout


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"
