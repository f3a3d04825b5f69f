"""Write transactions from several threads of one process: none is lost, and on SQLite they
take turns on the engine's writer lock (released when each transaction ends, however it ends)."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, func, insert, select, text

from services.common.db.engine import make_engine, read_connection
from tests.support.databases import engine_with_tables

metadata = MetaData()
counter = Table("writers_counter", metadata, Column("n", Integer, nullable=False))


@pytest.fixture
def engine(database_url):
    with engine_with_tables(database_url, metadata) as engine:
        yield engine


def test_concurrent_writers_from_threads_all_commit(engine):
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(25):
                with engine.begin() as conn:
                    conn.execute(insert(counter).values(n=n * 100 + i))
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(counter)).scalar_one() == 150


def _writer_waits(engine, then=None) -> bool:
    """True if another thread's write transaction cannot begin within a second; `then` runs
    after that second, before the thread is waited for (to end what it waits for)."""
    began = threading.Event()

    def write() -> None:
        with engine.begin() as conn:
            began.set()
            conn.execute(insert(counter).values(n=0))

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    waited = not began.wait(timeout=1)
    if then is not None:
        then()
    thread.join(timeout=60)
    assert not thread.is_alive()
    return waited


def test_sqlite_writer_lock_is_held_for_the_transaction_and_released_at_its_end(sqlite_url):
    engine = make_engine(sqlite_url)
    metadata.create_all(engine)
    try:
        conn = engine.connect()
        conn.begin()
        conn.execute(insert(counter).values(n=1))
        assert _writer_waits(engine, then=conn.commit)  # and goes on once the first commits
        conn.close()
        assert not _writer_waits(engine)

        with engine.connect() as conn, pytest.raises(RuntimeError):
            with conn.begin():
                conn.execute(insert(counter).values(n=2))
                raise RuntimeError("the transaction fails")
        assert not _writer_waits(engine)  # rolled back: the turn is handed on

        with engine.connect() as conn:
            conn.begin()
            conn.execute(insert(counter).values(n=3))
        assert not _writer_waits(engine)  # closed without commit: rolled back, released

        with engine.connect() as conn:
            rows = conn.execute(select(counter.c.n).order_by(counter.c.n)).scalars().all()
        # n=0 from each of the three writers that went ahead, 1 committed, 2 and 3 rolled back
        assert rows == [0, 0, 0, 0, 1]
    finally:
        engine.dispose()


def test_sqlite_readers_do_not_wait_for_the_writer_lock(sqlite_url):
    engine = make_engine(sqlite_url)
    metadata.create_all(engine)
    try:
        with engine.begin() as writer:
            writer.execute(insert(counter).values(n=1))
            seen: list[int] = []
            reader = threading.Thread(target=lambda: seen.append(_count(engine)))
            reader.start()
            reader.join(timeout=5)
            assert seen == [0]  # read at once, before the writer committed
    finally:
        engine.dispose()


def _count(engine) -> int:
    with read_connection(engine) as conn:
        return conn.execute(text("SELECT count(*) FROM writers_counter")).scalar_one()
