"""/data: open-data downloads of published decisions and their links, as CSV and JSON (what
they hold: service_layer/open_data.py). Served from the files the decisions worker builds in the
background when a complete set is there; otherwise written as they are read."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from flask import Response, abort, current_app, render_template, send_file

from services.common.web.runtime import current_runtime
from services.decisions.entrypoints.site.blueprint import blp
from services.decisions.service_layer import open_data
from services.decisions.service_layer.open_data import EXTENSIONS, FILES

MIMETYPES = {"csv": "text/csv", "json": "application/json"}


def _folder() -> Path | None:
    folder = current_app.config.get("OPEN_DATA_DIR")
    return Path(folder) if folder else None


@blp.get("/data")
def data():
    folder = _folder()
    manifest = open_data.built(folder) if folder else None
    built_at = datetime.fromisoformat(manifest["built_at"]) if manifest else None
    return render_template("site/data.html", files=FILES, built_at=built_at)


@blp.get("/data/<filename>")
def download(filename: str):
    name, _, extension = filename.partition(".")
    if name not in FILES or extension not in EXTENSIONS:
        abort(404)  # here rather than in the route, so the answer is the site's own 404 page
    folder = _folder()
    if folder is not None and open_data.built(folder) is not None:
        # opened here, before anything can replace it: a rebuild renames a new file over the
        # name, and this download goes on reading the one it opened
        try:
            kept = open(folder / filename, "rb")  # noqa: SIM115 - send_file closes it
        except OSError:
            pass  # gone since the manifest was read: written live below
        else:
            return send_file(kept, mimetype=MIMETYPES[extension], as_attachment=True,
                             download_name=filename, max_age=60)
    runtime = current_runtime()  # read now: the body is written after the request context ends
    body = open_data.file_chunks(runtime.engine, runtime.settings.public_base_url, name, extension)
    return Response(body, mimetype=MIMETYPES[extension], headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})
