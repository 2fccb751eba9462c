"""What every route answers with: JSON, errors as ``{"error", "code"}``, and the access code.

Takes a ``FlashgenError`` (the library's one error type) or a status and message;
returns Starlette responses. The access code (``--host`` other than localhost)
is compared in constant time (``hmac.compare_digest``) and kept in a cookie.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from flashgen.errors import FlashgenError
from flashgen.i18n import _

CODE_COOKIE = "flashgen_code"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
# Paths open without the access code: the page itself (it shows the code box) and the login.
OPEN_PATHS = ("/", "/api/words", "/api/login", "/favicon.ico")
OPEN_PREFIXES = ("/static/",)


class AppError(FlashgenError):
    """A ``FlashgenError`` with the HTTP status it answers with."""

    def __init__(self, message: str, code: str, status: int = 400) -> None:
        super().__init__(message, code=code)
        self.status = status


def error_response(problem: FlashgenError, status: int | None = None) -> JSONResponse:
    """``{"error": message, "code": code}`` with ``status`` (an ``AppError``'s own, else 400)."""
    status = status or getattr(problem, "status", 400)
    return JSONResponse({"error": problem.message, "code": problem.code}, status_code=status)


def json(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status)


def new_access_code() -> str:
    """A code to type: 8 characters without look-alikes (0/O, 1/l)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def is_local(host: str) -> bool:
    return host in LOCAL_HOSTS


def code_matches(given: str | None, code: str) -> bool:
    """Constant-time comparison: the time taken tells nothing about how much of the code was right."""
    return given is not None and hmac.compare_digest(given.encode("utf-8"), code.encode("utf-8"))


class AccessCode:
    """ASGI middleware, before every route: who may ask what.

    - Without an access code the server listens on this computer only, and answers only requests addressed
      to it by that name (the Host header): a web site that points its own name at 127.0.0.1 (DNS rebinding)
      gets nothing.
    - A request that changes something (POST, PUT) sent by another site's page (its Origin header names
      another host) is refused: a page on the internet cannot make projects or builds here.
    - With an access code, every request but the open ones (the page, its words, the login) needs the cookie.
    """

    def __init__(self, app: ASGIApp, code: str | None) -> None:
        self.app = app
        self.code = code

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem = self.refused(Request(scope))
        if problem is not None:
            await error_response(problem)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def refused(self, request: Request) -> AppError | None:
        host = request.headers.get("host", "")
        if self.code is None and _host_name(host) not in LOCAL_HOSTS:
            return AppError(_("this flashgen answers only at http://127.0.0.1 (or localhost) on this computer."),
                            code="app-host", status=403)
        origin = request.headers.get("origin")
        if request.method not in ("GET", "HEAD", "OPTIONS") and origin is not None and _origin_host(origin) != host:
            return AppError(_("refused: the request came from another web site ({origin})."
                              ).format(origin=origin[:100]), code="app-origin", status=403)
        if self.code is not None and not _open(request.url.path) \
                and not code_matches(request.cookies.get(CODE_COOKIE), self.code):
            return AppError(_("this flashgen is shared on the network: type the access code shown where it was started."),
                            code="app-login", status=401)
        return None


def _host_name(host: str) -> str:
    """The name in a Host header, without the port: "127.0.0.1:8765" → "127.0.0.1", "[::1]:80" → "::1"."""
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _origin_host(origin: str) -> str:
    """The host and port of an Origin header ("http://127.0.0.1:8765" → "127.0.0.1:8765"); "null" stays."""
    return origin.split("://", 1)[1].rstrip("/") if "://" in origin else origin


def _open(path: str) -> bool:
    return path in OPEN_PATHS or path.startswith(OPEN_PREFIXES)
