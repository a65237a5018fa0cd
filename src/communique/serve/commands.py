"""``communique serve``: the web dashboard over a database, read-only."""
from __future__ import annotations

import json
import os

import click

db_option = click.option(
    "--db", "db_path", envvar="COMMUNIQUE_DB", default="communique.db", show_default=True,
    type=click.Path(dir_okay=False), help="The database file (or set COMMUNIQUE_DB).")


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 listens on every interface (anyone who can reach it can read).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--node-modules", type=click.Path(file_okay=False), default=None,
              help="Where the npm packages are (default: the repository's node_modules).")
@click.option("--cache-mb", default=64, show_default=True, type=click.IntRange(0, 1_000_000),
              help="Memory for answers kept until the database changes (0: compute every answer).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes; more answer more requests at once on a machine with more cores.")
def serve(db_path: str, host: str, port: int, node_modules: str | None, cache_mb: int, workers: int) -> None:
    """Serve the dashboard (pages and JSON API) over a database, read-only."""
    try:
        import uvicorn

        from .app import SETTINGS, create_app, missing_assets
        from .db import DatabaseError
    except ImportError as error:
        raise click.ClickException(f"the dashboard needs the web extra: pip install -e '.[web]' ({error})") from None
    try:
        app = create_app(db_path, node_modules, cache_bytes=cache_mb * 1024 * 1024)
    except DatabaseError as error:
        raise click.ClickException(str(error)) from None
    missing = missing_assets(app.state.node_modules)
    if missing:
        click.echo(f"warning: {len(missing)} library file(s) missing from {app.state.node_modules} "
                   f"(run bin/setup): charts, timelines or the network will not show", err=True)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"communique dashboard on http://{shown}:{port}/  (API docs at /api/docs; "
               f"database {db_path}, read-only; Ctrl-C stops)", err=True)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    # Each worker process builds its own app (and answer cache) from the same settings.
    os.environ.update({SETTINGS: json.dumps({"db_path": str(db_path), "node_modules": node_modules,
                                             "cache_bytes": cache_mb * 1024 * 1024})})
    uvicorn.run("communique.serve.app:app_from_settings", factory=True, host=host, port=port,
                workers=workers, log_level="warning")


COMMANDS = [serve]
