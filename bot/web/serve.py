"""Serve the demo ward page with the chat widget: a tiny static server (standard library).

The page names the ward of ``--ward-code`` (``data/wards/<code>.yml``) and passes the code to
Rasa as the widget's ``customData``; the widget bundle comes from ``bot/web/node_modules``
(``make web``), never from a CDN. Rasa must run with ``--cors`` for this page's origin.

    python -m bot.web.serve --port 8080 --rasa-url http://localhost:5005 --ward-code 00235
"""

from __future__ import annotations

import argparse
import contextlib
import html
import json
import re
import sys
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

WEB_DIR = Path(__file__).resolve().parent
ROOT = WEB_DIR.parents[1]
BUNDLE = WEB_DIR / "node_modules" / "rasa-webchat" / "lib" / "index.js"
STATIC = {
    "/static/webchat.js": (BUNDLE, "text/javascript; charset=utf-8"),
    "/static/start-chat.js": (WEB_DIR / "start-chat.js", "text/javascript; charset=utf-8"),
    "/static/page.css": (WEB_DIR / "page.css", "text/css; charset=utf-8"),
}


# The Rasa origin goes into a header: only a plain host[:port] may (no CR/LF, no ';').
NETLOC = re.compile(r"^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")


def rasa_origins(rasa_url: str) -> tuple[str, str]:
    """The widget's HTTP and websocket origins of Rasa (``socketUrl``)."""
    parts = urlsplit(rasa_url)
    if parts.scheme not in ("http", "https") or not NETLOC.match(parts.netloc):
        raise ValueError(f"--rasa-url must be http(s)://host[:port], not {rasa_url!r}")
    ws_scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{parts.scheme}://{parts.netloc}", f"{ws_scheme}://{parts.netloc}"


def security_headers(rasa_url: str) -> dict[str, str]:
    """Headers of every response. A <meta> CSP cannot say frame-ancestors (clickjacking),
    so the policy is a real header; nothing may load from anywhere but here and Rasa."""
    http_origin, ws_origin = rasa_origins(rasa_url)
    policy = "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            # The widget sets inline styles; its Google Fonts import stays blocked.
            "style-src 'self' 'unsafe-inline'",
            "font-src 'self' data:",
            "img-src 'self' data:",
            f"connect-src 'self' {http_origin} {ws_origin}",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "object-src 'none'",
        ]
    )
    return {
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


def ward_office(ward_code: str, data_dir: Path = ROOT / "data") -> dict[str, str]:
    """The office section of the ward's override file (names, address, hours, phone).

    With a ``confirmed`` list (actions/catalogue/overrides.py), only the values ward staff
    confirmed are shown: a placeholder address or phone must never look real."""
    path = data_dir / "wards" / f"{ward_code}.yml"
    office = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("office") or {}
    confirmed = office.pop("confirmed", None)
    return {
        k: str(v)
        for k, v in office.items()
        if v is not None and (confirmed is None or k == "ward_name" or k in confirmed)
    }


def render_page(ward_code: str, rasa_url: str, data_dir: Path = ROOT / "data") -> str:
    office = ward_office(ward_code, data_dir)
    widget: dict[str, Any] = json.loads((WEB_DIR / "widget.json").read_text(encoding="utf-8"))
    widget |= {"socketUrl": rasa_url, "customData": {"ward_code": ward_code}}
    ward_name = office.get("ward_name", ward_code)
    values = {
        "WARD_NAME": ward_name[:1].upper() + ward_name[1:],
        "OFFICE_NAME": office.get("name", ""),
        "ADDRESS": office.get("address", ""),
        "OPENING_HOURS": office.get("opening_hours", ""),
        "PHONE": office.get("phone", ""),
    }
    page = (WEB_DIR / "index.html").read_text(encoding="utf-8")
    for key in ("ADDRESS", "OPENING_HOURS", "PHONE"):
        if not values[key]:  # no line with an empty value ("📍" and nothing)
            page = re.sub(r"\n[ \t]*<p>[^<{]*\{\{" + key + r"\}\}</p>", "", page)
    for key, value in values.items():
        page = page.replace("{{" + key + "}}", html.escape(value))
    # JSON inside <script>: "<" escaped so no value can close the element.
    config = json.dumps(widget, ensure_ascii=False).replace("<", "\\u003c")
    return page.replace("{{WIDGET_CONFIG}}", config)


class PageHandler(BaseHTTPRequestHandler):
    def __init__(self, page: bytes, headers: dict[str, str], *args: Any, **kwargs: Any) -> None:
        self.page = page
        self.security = headers
        super().__init__(*args, **kwargs)

    def end_headers(self) -> None:
        # Here, so error pages (send_error) carry them too.
        for name, value in self.security.items():
            self.send_header(name, value)
        super().end_headers()

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path in ("/", "/index.html"):
            self._send(self.page, "text/html; charset=utf-8")
        elif path in STATIC:
            file, content_type = STATIC[path]
            if not file.exists():
                self.send_error(HTTPStatus.NOT_FOUND, "run `make web` to install the widget")
                return
            self._send(file.read_bytes(), content_type)
        else:
            self.send_error(HTTPStatus.NOT_FOUND)

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--rasa-url", default="http://localhost:5005", help="socket.io URL")
    parser.add_argument("--ward-code", default="00235")
    args = parser.parse_args(argv)
    if not BUNDLE.exists():
        print(f"{BUNDLE} is missing: run `make web`", file=sys.stderr)
        return 1
    try:
        headers = security_headers(args.rasa_url)
    except ValueError as error:
        parser.error(str(error))
    page = render_page(args.ward_code, args.rasa_url).encode()
    server = ThreadingHTTPServer((args.host, args.port), partial(PageHandler, page, headers))
    print(f"ward page: http://{args.host}:{args.port}/", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
