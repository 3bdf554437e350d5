"""The safety layer around every request (pure ASGI middleware).

- Host: on 127.0.0.1 only the names of this machine are served (a page elsewhere cannot reach the
  server through a DNS name of its own, «DNS rebinding»).
- Token: when the server listens beyond this machine, every request carries the access token
  (`Authorization: Bearer`, the cookie set from `?token=` on the first visit).
- Same origin: a POST from a page of another site (its Origin, or Sec-Fetch-Site) is refused, so no
  other page the user has open can upload or cancel here.
- Headers: the Content-Security-Policy of the HTML report, extended only by what these pages need
  (their own script and styles, requests to this server); no framing or sniffing, and no referrer
  beyond this server (with none at all, a browser's form posts say Origin: null).
"""
from __future__ import annotations

import hmac
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, quote, urlencode

from .settings import Settings

TOKEN_COOKIE = "psedcheck_token"
# The HTML report's policy (default-src 'none'; style-src 'unsafe-inline'), plus this server's own
# script and stylesheet, its JSON API and form posts to it.
PAGE_CSP = ("default-src 'none'; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; "
            "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
LOCAL_NAMES = {"127.0.0.1", "localhost", "::1", "[::1]"}


class Guard:
    def __init__(self, app, settings: Settings, refuse):
        """`refuse(scope, status, key)` is the ASGI app of the page explaining a refusal."""
        self.app, self.settings, self.refuse = app, settings, refuse

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        if self.settings.loopback and _hostname(host) not in LOCAL_NAMES:
            return await self.refuse(scope, receive, _secured(send), 421, "serve_wrong_host")
        if self.settings.token:
            query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
            if _same(query.get("token"), self.settings.token):
                return await _set_token_and_redirect(scope, send, self.settings.token, query)
            cookie = SimpleCookie(headers.get("cookie", ""))
            given = headers.get("authorization", "").removeprefix("Bearer ").strip() or \
                (cookie[TOKEN_COOKIE].value if TOKEN_COOKIE in cookie else None)
            if not _same(given, self.settings.token):
                return await self.refuse(scope, receive, _secured(send), 401, "serve_token")
        if scope["method"] not in ("GET", "HEAD") and not _same_origin(headers, host, scope.get("scheme", "http")):
            return await self.refuse(scope, receive, _secured(send), 403, "serve_forbidden")
        await self.app(scope, receive, _secured(send))


def _hostname(host: str) -> str:
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _same(given: str | None, token: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), token.encode())


def _same_origin(headers: dict[str, str], host: str, scheme: str) -> bool:
    origin = headers.get("origin")
    if origin is not None and origin != "null":  # "null": a privacy-minded browser hid it; Sec-Fetch-Site decides
        return origin == f"{scheme}://{host}"
    site = headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    return True  # not a browser (curl, a script): no page of another site can be behind it


def _secured(send):
    async def wrapped(message):
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            names = {k.lower() for k, _ in headers}
            extra = {b"content-security-policy": PAGE_CSP.encode(), b"x-content-type-options": b"nosniff",
                     b"referrer-policy": b"same-origin", b"x-frame-options": b"DENY",
                     b"cache-control": b"no-store", b"cross-origin-resource-policy": b"same-origin"}
            headers += [(k, v) for k, v in extra.items() if k not in names]
            message = {**message, "headers": headers}
        await send(message)

    return wrapped


async def _set_token_and_redirect(scope, send, token: str, query: dict[str, str]) -> None:
    """The printed address carries ?token=…: keep it in a cookie and drop it from the address bar."""
    rest = urlencode({k: v for k, v in query.items() if k != "token"})
    location = quote(scope.get("path", "/")) + (f"?{rest}" if rest else "")
    cookie = f"{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
    await _secured(send)({"type": "http.response.start", "status": 303,
                          "headers": [(b"location", location.encode()), (b"set-cookie", cookie.encode()),
                                      (b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})
