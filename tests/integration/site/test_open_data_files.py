"""The /data files built ahead by the worker: the same bytes as a download written live, served
once a complete set is there, built again only after a change, never seen half-written."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import update

from services.decisions.adapters import orm
from services.decisions.entrypoints import worker
from services.decisions.entrypoints.api import create_app
from services.decisions.service_layer import open_data

@pytest.fixture
def folder(tmp_path):
    return tmp_path / "open-data"  # beside the test's SQLite file, not with it


NAMES = [f"{name}.{extension}" for name in open_data.FILES for extension in open_data.EXTENSIONS]


def live(client) -> dict[str, bytes]:
    out = {}
    for name in NAMES:
        response = client.get(f"/data/{name}")
        assert response.status_code == 200, name
        out[name] = response.get_data()
    return out


def test_built_files_hold_the_bytes_of_a_download_written_live(client, runtime, record, folder):
    assert b"\n" in client.get("/data/links.csv").get_data()  # there is something to compare
    open_data.build_files(runtime.engine, runtime.settings.public_base_url, folder)
    assert {name: (folder / name).read_bytes() for name in NAMES} == live(client)
    assert sorted(p.name for p in folder.iterdir()) == sorted([*NAMES, open_data.MANIFEST])


def test_downloads_come_from_the_files_once_a_complete_set_is_built(runtime, record, folder):
    client = create_app(runtime=runtime, config={"OPEN_DATA_DIR": str(folder)}).test_client()
    written_live = live(client)  # nothing built yet
    open_data.build_files(runtime.engine, runtime.settings.public_base_url, folder)
    (folder / "links.csv").write_bytes(b"from the built file\r\n")
    response = client.get("/data/links.csv")
    assert response.get_data() == b"from the built file\r\n"
    assert response.headers["Content-Disposition"] == "attachment; filename=links.csv"
    assert response.mimetype == "text/csv"
    assert "brought up to date at" in client.get("/data").get_data(as_text=True)
    (folder / open_data.MANIFEST).unlink()  # no complete set: written live again
    assert live(client) == written_live
    assert "made fresh each time" in client.get("/data").get_data(as_text=True)


def test_files_are_built_again_only_after_a_change_to_what_they_show(runtime, record, folder):
    engine, base_url = runtime.engine, runtime.settings.public_base_url
    assert open_data.refresh_files(engine, base_url, folder) is True
    first = open_data.built(folder)
    assert open_data.refresh_files(engine, base_url, folder) is False
    with engine.begin() as connection:
        connection.execute(update(orm.decisions).where(
            orm.decisions.c.decision_id == record.decision_id).values(title="A changed title"))
    assert open_data.refresh_files(engine, base_url, folder) is True
    assert open_data.built(folder)["generation"] > first["generation"]
    assert "A changed title" in (folder / "decisions.csv").read_text(encoding="utf-8")


def test_a_build_that_fails_leaves_the_files_it_had_whole(runtime, record, folder, monkeypatch):
    engine, base_url = runtime.engine, runtime.settings.public_base_url
    open_data.build_files(engine, base_url, folder)
    before = {name: (folder / name).read_bytes() for name in NAMES}
    real = open_data.file_chunks

    def breaks_on_links(engine, base_url, name, extension):
        if name == "links":
            yield "decision_id,input_id\r\n"
            raise ConnectionError("the database went away")
        yield from real(engine, base_url, name, extension)

    monkeypatch.setattr(open_data, "file_chunks", breaks_on_links)
    with pytest.raises(ConnectionError):
        open_data.build_files(engine, base_url, folder)
    assert {name: (folder / name).read_bytes() for name in NAMES} == before
    assert not [p for p in folder.iterdir() if p.name.endswith(".partial")]
    assert json.loads((folder / open_data.MANIFEST).read_text())["generation"] is not None


def test_the_worker_builds_the_files_only_where_a_folder_is_set(runtime, monkeypatch, folder):
    monkeypatch.delenv("HEARD_OPEN_DATA_DIR", raising=False)
    assert "open-data" not in [name for name, _ in worker.build(runtime).loops]
    monkeypatch.setenv("HEARD_OPEN_DATA_DIR", str(folder))
    assert "open-data" in [name for name, _ in worker.build(runtime).loops]
