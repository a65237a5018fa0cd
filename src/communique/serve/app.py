"""The dashboard application: HTML pages, our static files, the vendored libraries and the API.

Pages are thin server-rendered shells (Jinja2, autoescaped) whose scripts load
their data from the JSON API. Browser libraries (Chart.js, vis-timeline,
vis-network, Swagger UI) are installed from npm by ``bin/setup`` and served from
``node_modules`` under ``/vendor/``: a fixed list of files, nothing fetched from
elsewhere at run time (the Content-Security-Policy says so to the browser too).
"""
from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Optional
from urllib.parse import parse_qsl, urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..kb import query
from . import api
from .cache import DEFAULT_MAX_BYTES, DataVersion, ResponseCache
from .db import Database

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]

# /vendor/NAME -> the file under node_modules. Only these are served.
VENDOR = {
    "chart.js/chart.umd.min.js": "chart.js/dist/chart.umd.min.js",
    "vis-timeline/vis-timeline-graph2d.min.js": "vis-timeline/standalone/umd/vis-timeline-graph2d.min.js",
    "vis-network/vis-network.min.js": "vis-network/standalone/umd/vis-network.min.js",
    "vis-network/vis-network.min.css": "vis-network/styles/vis-network.min.css",
    "swagger-ui/swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui/swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
}

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "frame-ancestors 'none'; form-action 'self'")

NAV = [("overview", "/", "Overview"), ("events", "/events", "Events"), ("timeline", "/timeline", "Timeline"),
       ("network", "/network", "Network"), ("actors", "/actors", "Actors"),
       ("agreements", "/agreements", "Agreements")]

# What each page loads besides our own app.js and its page script.
PAGE_ASSETS = {
    "overview": (["chart.js/chart.umd.min.js"], []),
    "timeline": (["vis-timeline/vis-timeline-graph2d.min.js"], []),
    "actor": (["vis-timeline/vis-timeline-graph2d.min.js"], []),
    "agreements": (["vis-timeline/vis-timeline-graph2d.min.js"], []),
    "network": (["vis-network/vis-network.min.js"], ["vis-network/vis-network.min.css"]),
    "docs": (["swagger-ui/swagger-ui-bundle.js"], ["swagger-ui/swagger-ui.css"]),
}


def find_node_modules(explicit: Optional[str | Path] = None) -> Path:
    """Where the npm packages are: given, $COMMUNIQUE_NODE_MODULES, the repository, or here."""
    for candidate in (explicit, os.environ.get("COMMUNIQUE_NODE_MODULES"), REPO / "node_modules",
                      Path.cwd() / "node_modules"):
        if candidate and (Path(candidate) / "chart.js").is_dir():
            return Path(candidate)
    return Path(explicit or REPO / "node_modules")


def missing_assets(node_modules: Path) -> list[str]:
    return [name for name, path in VENDOR.items() if not (node_modules / path).is_file()]


class StripEmptyQuery:
    """``?type=&country=VNM`` means no type: an empty form field is no filter."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope.get("query_string"):
            pairs = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
            kept = [(k, v) for k, v in pairs if v != ""]     # only empty: "\x0b" is a value, and invalid
            if len(kept) != len(pairs):
                scope = dict(scope, query_string=urlencode(kept).encode("latin-1"))
        await self.app(scope, receive, send)


class SecurityHeaders:
    """CSP, nosniff and no-referrer on every response; API answers are not cached.

    A plain ASGI middleware (rather than ``@app.middleware("http")``, which wraps
    every request in extra tasks and streams) because every request pays for it.
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        api = scope.get("path", "").startswith("/api/")

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = CSP
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                if api and "cache-control" not in headers:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, with_headers)


class ReadOnly:
    """Only GET and HEAD: whatever the path, a request that could mean a change is refused."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] not in ("GET", "HEAD"):
            # Connection: close, so that a body we never read cannot be taken for the next request
            # on a kept-alive connection.
            response = JSONResponse({"detail": "the dashboard is read-only: only GET and HEAD"},
                                    status_code=405, headers={"Allow": "GET, HEAD", "Connection": "close"})
            await response(scope, receive, send)
            return
        if scope["type"] == "http" and scope["method"] == "HEAD":   # answered as GET, without the body
            async def headers_only(message):
                if message["type"] == "http.response.body":
                    message = {**message, "body": b""}
                await send(message)
            await self.app(dict(scope, method="GET"), receive, headers_only)
            return
        await self.app(scope, receive, send)


SETTINGS = "COMMUNIQUE_SERVE_SETTINGS"     # how ``communique serve --workers N`` tells each worker what to serve


def app_from_settings() -> FastAPI:
    """The app a worker process serves: ``create_app`` with the settings ``communique serve`` left in $SETTINGS."""
    return create_app(**json.loads(os.environ[SETTINGS]))


def cached_path(path: str) -> bool:
    """Answers that come from the database (the API and the pages), not files that are already cheap."""
    return not path.startswith(("/vendor/", "/static/"))


def create_app(db_path: str | Path, node_modules: Optional[str | Path] = None,
               cache_bytes: int = DEFAULT_MAX_BYTES) -> FastAPI:
    """The dashboard over ``db_path``; ``cache_bytes`` of answers are kept until the database changes (0: none)."""
    database = Database(db_path)
    modules = find_node_modules(node_modules)
    app = FastAPI(
        title="communiqué dashboard API",
        version="1",
        description=("Read-only access to a communique record of defence diplomacy: merged events with "
                     "their reports and evidence, timelines, the engagement network, actors and agreements. "
                     "Dates are partial ISO strings (2023, 2023-10, 2023-10-17); date filters keep "
                     "events that overlap the range. Errors come back as `{\"detail\": message}` with a 4xx."),
        docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
    )
    app.state.db = database
    app.state.node_modules = modules

    generate_openapi = app.openapi

    def openapi() -> dict:
        """The OpenAPI document, saying that an empty query value is accepted (StripEmptyQuery: no filter)."""
        if app.openapi_schema is None:
            schema = generate_openapi()
            for operations in schema.get("paths", {}).values():
                for operation in operations.values():
                    for parameter in operation.get("parameters", []):
                        if parameter.get("in") == "query":
                            parameter["allowEmptyValue"] = True
        return app.openapi_schema

    app.openapi = openapi
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["nav"] = NAV
    templates.env.globals["database"] = database.path.name

    app.add_middleware(SecurityHeaders)
    if cache_bytes > 0:
        # Inside StripEmptyQuery (keys are the cleaned query) and outside SecurityHeaders (kept answers
        # carry the headers already).
        app.add_middleware(ResponseCache, version=DataVersion(database.path, database.open), max_bytes=cache_bytes,
                           cacheable=cached_path)
    app.add_middleware(StripEmptyQuery)
    app.add_middleware(ReadOnly)

    # --- errors: JSON for the API, a page for people ---------------------------------------
    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path.startswith("/vendor/")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):
        if wants_json(request):
            return JSONResponse({"detail": error.detail}, status_code=error.status_code,
                                headers=getattr(error, "headers", None))
        return page(request, "error", f"{error.status_code}", status_code=error.status_code,
                    message=str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError):
        problems = []
        for item in error.errors():
            where = ".".join(str(p) for p in item.get("loc", ()) if p not in ("query", "path"))
            problems.append(f"{where}: {item.get('msg')}" + (
                f" (got {item['input']!r})" if isinstance(item.get("input"), (str, int, float)) else ""))
        message = "; ".join(problems) or "invalid request"
        if wants_json(request):
            return JSONResponse({"detail": message, "errors": json.loads(json.dumps(
                error.errors(), default=str))}, status_code=422)
        return page(request, "error", "Bad request", status_code=422, message=message)

    @app.exception_handler(sqlite3.Error)
    async def database_error(request: Request, error: sqlite3.Error):
        return JSONResponse({"detail": f"the database could not answer: {error}"}, status_code=503)

    # --- pages ----------------------------------------------------------------------------
    def page(request: Request, name: str, title: str, status_code: int = 200, **context) -> HTMLResponse:
        scripts, styles = PAGE_ASSETS.get(name, ([], []))
        return templates.TemplateResponse(request, f"{name}.html", {
            "page": name, "title": title, "vendor_js": [f"/vendor/{s}" for s in scripts],
            "vendor_css": [f"/vendor/{s}" for s in styles], **context}, status_code=status_code)

    @app.get("/", include_in_schema=False)
    def overview(request: Request):
        return page(request, "overview", "Overview")

    @app.get("/events", include_in_schema=False)
    def events_page(request: Request):
        return page(request, "events", "Events")

    @app.get("/events/{event_id:int}", include_in_schema=False)
    def event_page(request: Request, event_id: int):
        with database.connection() as conn:
            found = query.event(conn, event_id)
            if found is None:
                raise HTTPException(404, f"There is no event {event_id}.")
            first = found["reports"][0] if found["reports"] else None
            row = conn.execute("SELECT title, name, published FROM articles WHERE id = ?",
                               (first["article_id"],)).fetchone() if first else None
        summary = query.summary({**found, "conflicts": []}).replace("_", " ", 1)
        kind, _, rest = summary.partition(": ")
        summary = f"{kind.capitalize()}: {rest}" if rest else kind.capitalize()
        return page(request, "event", f"Event {event_id}: {summary}", event=found, event_summary=summary,
                    headline=row[0] if row else None, first_file=row[1] if row else None,
                    first_published=row[2] if row else None)

    @app.get("/timeline", include_in_schema=False)
    def timeline_page(request: Request):
        return page(request, "timeline", "Timeline")

    @app.get("/network", include_in_schema=False)
    def network_page(request: Request):
        return page(request, "network", "Network")

    @app.get("/actors", include_in_schema=False)
    def actors_page(request: Request):
        return page(request, "actors", "Actors")

    @app.get("/actors/{actor_id:int}", include_in_schema=False)
    def actor_page(request: Request, actor_id: int):
        with database.connection() as conn:
            row = conn.execute("SELECT id, name, country FROM actors WHERE id = ?", (actor_id,)).fetchone()
        if row is None:
            raise HTTPException(404, f"There is no actor {actor_id}.")
        return page(request, "actor", row[1], actor={"id": row[0], "name": row[1], "country": row[2]})

    @app.get("/agreements", include_in_schema=False)
    def agreements_page(request: Request):
        return page(request, "agreements", "Agreements")

    @app.get("/api/docs", include_in_schema=False)
    def docs_page(request: Request):
        return page(request, "docs", "API")

    @app.get("/types.css", include_in_schema=False)
    def type_styles():
        """One colour per event type, from api.TYPE_COLORS: timelines and badges read it."""
        rules = []
        for name, color in api.TYPE_COLORS.items():
            rules.append(f".t-{name} {{ --type-color: {color}; }}")
            rules.append(f".vis-item.vis-range.t-{name}, .vis-item.vis-box.t-{name} "
                         f"{{ background-color: {color}; border-color: {color}; }}")
            rules.append(f".vis-item.vis-dot.t-{name} {{ border-color: {color}; background-color: {color}; }}")
        return Response("\n".join(rules) + "\n", media_type="text/css",
                        headers={"Cache-Control": "public, max-age=3600"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return FileResponse(HERE / "static" / "favicon.svg", media_type="image/svg+xml")

    @app.get("/vendor/{name:path}", include_in_schema=False)
    def vendor(name: str):
        if name not in VENDOR:
            raise HTTPException(404, f"/vendor/{name} is not one of the served library files")
        path = modules / VENDOR[name]
        if not path.is_file():
            raise HTTPException(404, f"{VENDOR[name]} is missing from {modules}: run bin/setup (npm ci)")
        return FileResponse(path, headers={"Cache-Control": "public, max-age=86400"})

    app.include_router(api.router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    return app
