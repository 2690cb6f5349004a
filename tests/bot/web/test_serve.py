"""The ward page's server: security headers on every response, a safe Rasa origin."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.web import serve

RASA_URL = "http://localhost:5005"


@pytest.fixture(scope="module")
def page_url() -> Iterator[str]:
    page = serve.render_page("00235", RASA_URL).encode()
    handler = partial(serve.PageHandler, page, serve.security_headers(RASA_URL))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as reply:
            return reply.status, dict(reply.headers), reply.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def directives(policy: str) -> dict[str, str]:
    return {d.split()[0]: " ".join(d.split()[1:]) for d in policy.split("; ")}


@pytest.mark.parametrize(
    ("path", "status"), [("/", 200), ("/static/page.css", 200), ("/nowhere", 404)]
)
def test_every_response_carries_the_security_headers(page_url: str, path: str, status: int) -> None:
    code, headers, _ = fetch(page_url + path)
    assert code == status
    policy = directives(headers["Content-Security-Policy"])
    assert policy["frame-ancestors"] == "'none'"
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["connect-src"] == "'self' http://localhost:5005 ws://localhost:5005"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_the_page_has_no_weaker_meta_policy(page_url: str) -> None:
    _, _, body = fetch(page_url + "/")
    assert b"http-equiv" not in body
    assert b'"socketUrl": "http://localhost:5005"' in body


@pytest.mark.parametrize(
    ("url", "connect"),
    [
        (
            "https://chat.example.gov.vn",
            "'self' https://chat.example.gov.vn wss://chat.example.gov.vn",
        ),
        ("http://127.0.0.1:5005/", "'self' http://127.0.0.1:5005 ws://127.0.0.1:5005"),
        ("http://[::1]:5005", "'self' http://[::1]:5005 ws://[::1]:5005"),
    ],
)
def test_connect_src_follows_the_rasa_url(url: str, connect: str) -> None:
    policy = directives(serve.security_headers(url)["Content-Security-Policy"])
    assert policy["connect-src"] == connect


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "http://evil.example; script-src *",
        "http://host\r\nSet-Cookie: a=b",
        "http://user:pw@host",
        "ftp://host",
    ],
)
def test_unsafe_rasa_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError, match="--rasa-url"):
        serve.security_headers(url)


WARD = """\
office:
  ward_name: phường Thử
  name: Trung tâm Phục vụ hành chính công phường Thử
  address: Số 2 phố Chưa Rõ
  phone: "024 0000 0000"
  opening_hours: "Sáng 8h00–12h00"
  confirmed: [name, opening_hours]
"""


def test_only_confirmed_office_values_are_shown(tmp_path: Path) -> None:
    (tmp_path / "wards").mkdir()
    (tmp_path / "wards" / "99999.yml").write_text(WARD, encoding="utf-8")
    page = serve.render_page("99999", RASA_URL, tmp_path)
    assert "Trung tâm Phục vụ hành chính công phường Thử" in page
    assert "Sáng 8h00–12h00" in page
    assert "Chưa Rõ" not in page and "0000" not in page
    assert "📍" not in page and "☎️" not in page
    assert "Phường Thử" in page


def test_legacy_office_without_confirmed_is_shown_whole(tmp_path: Path) -> None:
    (tmp_path / "wards").mkdir()
    legacy = WARD.replace("  confirmed: [name, opening_hours]\n", "")
    (tmp_path / "wards" / "99999.yml").write_text(legacy, encoding="utf-8")
    page = serve.render_page("99999", RASA_URL, tmp_path)
    assert "📍 Số 2 phố Chưa Rõ" in page and "☎️ 024 0000 0000" in page
