"""The dashboard's answer cache, over a real database, a real server and a real ingest.

An answer is kept until the database changes; a commit by another process (a
real ``communique ingest``) makes the next request compute it afresh; errors are
never kept; many concurrent requests for one missing answer compute it once.
Each answer says ``X-Communique-Cache: hit`` or ``miss``.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
httpx = pytest.importorskip("httpx")

from communique.serve.app import create_app  # noqa: E402
from communique.serve.testing import served, shared_sample_database  # noqa: E402

EXTRA = {
    "id": "cache-extra-1", "title": "Thai and Japanese defence ministers meet", "date": "2025-03-04",
    "url": "https://example.org/cache-extra",
    "text": ("BANGKOK — Thai Defence Minister Sutin Klungsang held talks with Japanese Defence Minister "
             "Gen Nakatani in Bangkok on March 4, 2025. The two ministers agreed to expand cooperation."),
}


def cache_state(response: httpx.Response) -> str | None:
    return response.headers.get("x-communique-cache")


@pytest.fixture()
def database(tmp_path) -> Path:
    path = tmp_path / "cache.db"
    shutil.copy(shared_sample_database(), path)
    return path


def test_a_repeated_answer_comes_from_the_cache_with_the_same_bytes(database):
    with served(create_app(database), database) as url, httpx.Client(base_url=url, timeout=20) as client:
        first = client.get("/api/events", params={"type": "MEETING"})
        second = client.get("/api/events", params={"type": "MEETING"})
        other = client.get("/api/events", params={"type": "VISIT"})
    assert (first.status_code, second.status_code) == (200, 200)
    assert (cache_state(first), cache_state(second), cache_state(other)) == ("miss", "hit", "miss")
    assert first.content == second.content
    assert second.headers["content-security-policy"] == first.headers["content-security-policy"]
    assert second.headers["content-type"].startswith("application/json")


def test_an_ingest_by_another_process_makes_the_next_answer_fresh(database, tmp_path):
    with served_while_written(database) as client:
        before = client.get("/api/meta")
        assert cache_state(client.get("/api/meta")) == "hit"
        extra = tmp_path / "extra.jsonl"
        extra.write_text(json.dumps(EXTRA) + "\n", encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "communique", "ingest", str(extra), "--db", str(database),
                               "--no-progress"], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        after = client.get("/api/meta")
    assert cache_state(after) == "miss"
    assert after.json()["totals"]["articles"] == before.json()["totals"]["articles"] + 1
    assert "THA" in {c["code"] for c in after.json()["countries"]}


def test_errors_are_never_kept(database):
    with served(create_app(database), database) as url, httpx.Client(base_url=url, timeout=20) as client:
        answers = [client.get("/api/events/999999999") for _ in range(2)]
        bad = [client.get("/api/events", params={"limit": 0}) for _ in range(2)]
    assert [a.status_code for a in answers] == [404, 404]
    assert [b.status_code for b in bad] == [422, 422]
    assert {cache_state(a) for a in answers + bad} == {"miss"}


def test_concurrent_requests_for_one_missing_answer_compute_it_once(database):
    with served(create_app(database), database) as url, httpx.Client(base_url=url, timeout=60) as client:
        with ThreadPoolExecutor(max_workers=24) as pool:
            answers = list(pool.map(lambda _: client.get("/api/network", params={"type": "MEETING"}), range(48)))
    assert {a.status_code for a in answers} == {200}
    assert [cache_state(a) for a in answers].count("miss") == 1
    assert len({a.content for a in answers}) == 1


def test_an_answer_bigger_than_an_eighth_of_the_cache_is_computed_every_time(database):
    with served(create_app(database, cache_bytes=16 * 1024), database) as url, \
            httpx.Client(base_url=url, timeout=20) as client:
        big = [client.get("/api/events", params={"limit": 200}) for _ in range(2)]
        small = [client.get("/api/events", params={"limit": 1}) for _ in range(2)]
    assert len(big[0].content) > 2 * 1024
    assert [cache_state(a) for a in big] == ["miss", "miss"]
    assert [cache_state(a) for a in small] == ["miss", "hit"]


def test_a_head_request_answered_from_the_cache_has_no_body(database):
    with served(create_app(database), database) as url, httpx.Client(base_url=url, timeout=20) as client:
        get = client.get("/api/stats")
        head = client.head("/api/stats")
    assert cache_state(head) == "hit"
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(get.content))


def test_with_the_cache_off_every_answer_is_computed(database):
    with served(create_app(database, cache_bytes=0), database) as url, \
            httpx.Client(base_url=url, timeout=20) as client:
        answers = [client.get("/api/stats") for _ in range(2)]
    assert [cache_state(a) for a in answers] == [None, None]
    assert answers[0].content == answers[1].content


class served_while_written:
    """Serve a database another process will write to (so no unchanged-file check)."""

    def __init__(self, database: Path):
        from communique.serve.testing import ServerThread
        self.server = ServerThread(create_app(database))

    def __enter__(self) -> httpx.Client:
        self.client = httpx.Client(base_url=self.server.start(), timeout=30)
        return self.client

    def __exit__(self, *exc) -> None:
        self.client.close()
        self.server.stop()


def test_serve_with_two_worker_processes_answers_the_same(database):
    """``communique serve --workers 2``: each process builds the app from the same settings."""
    import time

    from communique.serve.testing import free_port
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "communique", "serve", "--db", str(database),
                               "--port", str(port), "--workers", "2", "--cache-mb", "8"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline, answers = time.monotonic() + 60, []
        while time.monotonic() < deadline and len(answers) < 20:
            try:
                answers.append(httpx.get(f"http://127.0.0.1:{port}/api/meta", timeout=10))
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read().decode()[-2000:]
                time.sleep(0.2)
        assert len(answers) == 20 and {a.status_code for a in answers} == {200}
        assert len({a.content for a in answers}) == 1
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_a_database_file_replaced_while_serving_is_served_afresh(database, tmp_path):
    with served_while_written(database) as client:
        before = client.get("/api/meta").json()["totals"]["articles"]
        assert cache_state(client.get("/api/meta")) == "hit"
        extra = tmp_path / "extra.jsonl"
        extra.write_text(json.dumps(EXTRA) + "\n", encoding="utf-8")
        rebuilt = tmp_path / "rebuilt.db"
        done = subprocess.run([sys.executable, "-m", "communique", "ingest", str(extra), "--db", str(rebuilt),
                               "--no-progress"], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        rebuilt.replace(database)          # another database under the same name
        after = client.get("/api/meta")
        assert cache_state(client.get("/api/meta")) == "hit"
        more = tmp_path / "more.jsonl"      # and a commit to the new file is seen too
        more.write_text(json.dumps({**EXTRA, "id": "cache-extra-2", "date": "2025-03-05",
                                    "text": EXTRA["text"].replace("March 4", "March 5")}) + "\n", encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "communique", "ingest", str(more), "--db", str(database),
                               "--no-progress"], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        later = client.get("/api/meta")
    assert cache_state(after) == "miss" and cache_state(later) == "miss"
    assert after.json()["totals"]["articles"] == 1 != before
    assert later.json()["totals"]["articles"] == 2
