"""Running the dashboard in-process: a real uvicorn server on a free loopback port.

For tests and notebooks:

    with ServerThread(create_app("communique.db")) as base_url:
        httpx.get(f"{base_url}/api/meta")
"""
from __future__ import annotations

import hashlib
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class ServerThread:
    """uvicorn serving ``app`` in a daemon thread; a context manager yielding the base URL."""

    def __init__(self, app, host: str = "127.0.0.1", port: Optional[int] = None):
        import uvicorn

        self.host, self.port = host, port or free_port(host)
        self.server = uvicorn.Server(uvicorn.Config(app, host=self.host, port=self.port, log_level="warning",
                                                    lifespan="off", access_log=False))
        self.thread = threading.Thread(target=self.server.run, name="communique-serve", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 15.0) -> str:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the dashboard did not start on {self.url}")
            time.sleep(0.02)
        return self.url

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def sample_database(path, extra_articles=()) -> "Path":
    """A database built by the real ``communique ingest`` from the bundled synthetic corpus,
    plus any extra articles (dicts with id, title, date, url, text), written as JSON Lines."""
    import json
    from pathlib import Path

    from click.testing import CliRunner

    from ..cli import main

    path = Path(path)
    corpus = Path(__file__).resolve().parents[1] / "data" / "sample_corpus"
    inputs = [str(corpus)]
    if extra_articles:
        extra = path.with_name(path.stem + "-extra.jsonl")
        extra.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in extra_articles), encoding="utf-8")
        inputs.append(str(extra))
    result = CliRunner().invoke(main, ["ingest", *inputs, "--db", str(path), "--no-progress"])
    if result.exit_code != 0:
        raise RuntimeError(f"communique ingest failed: {result.output}") from result.exception
    return path


_SHARED: dict = {}


def shared_sample_database(extra_articles=()) -> "Path":
    """:func:`sample_database`, built once per process for the same extra articles.

    The dashboard only reads, so test modules can share it; it lives in a
    temporary folder removed when the process exits.
    """
    import atexit
    import json
    import shutil
    import tempfile
    from pathlib import Path

    key = json.dumps(list(extra_articles), sort_keys=True)
    if key not in _SHARED or not Path(_SHARED[key]).is_file():
        folder = tempfile.mkdtemp(prefix="communique-dash-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _SHARED[key] = sample_database(Path(folder) / "dash.db", extra_articles)
    return _SHARED[key]

# An article whose title and text carry markup: it must show as text everywhere.
HOSTILE = {
    "id": "hostile-1",
    "title": "<script>window.__xss=1</script> Vietnam, Cambodia defence chiefs meet <img src=x onerror=\"window.__xss=2\">",
    "date": "2024-05-02",
    "url": "https://example.org/hostile",
    "text": ("HANOI — Vietnamese Minister of National Defence General Phan Van Giang held talks with Cambodian "
             "Deputy Prime Minister and Minister of National Defence General Tea Seiha in Hanoi on May 2. "
             "<script>window.__xss=3</script> The two ministers agreed to step up cooperation in training "
             "and border management."),
}


def _digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@contextmanager
def served(app, database: Path) -> Iterator[str]:
    """Serve ``app`` on a free loopback port; the database file must come out unchanged."""
    before = _digest(database)
    with ServerThread(app) as url:
        yield url
    assert _digest(database) == before, "serving changed the database file"
