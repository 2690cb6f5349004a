"""The Zalo and Graph API stand-ins as a process of their own, steered over HTTP.

The end-to-end tests run in the action server's environment, which has no aiohttp; they
start this module with Rasa's Python instead. It prints one JSON line with the stand-ins'
base URLs and its control URL, then serves until terminated. Control API (JSON):

- ``POST /zalo/deliver`` ``{"webhook", "user", "text", "age_s"}`` or ``{"webhook", "event"}``:
  signs the event as Zalo does and delivers it; answers ``{"status", "event"}``.
- ``POST /graph/deliver`` ``{"webhook", "payload"}``: signs ``X-Hub-Signature-256`` and
  delivers; answers ``{"status"}``.
- ``GET /zalo/sent?user=<id>``, ``GET /graph/sent?psid=<id>``: the messages the OA / page
  sent to that user.

Usage: ``.venv/rasa/bin/python -m tests.standins.platforms``.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

import aiohttp
from aiohttp import web

from tests.standins.graph_api import GraphApiStandin
from tests.standins.zalo import ZaloStandin, free_port


class Control:
    def __init__(self, zalo: ZaloStandin, graph: GraphApiStandin) -> None:
        self.zalo, self.graph = zalo, graph
        self.http: aiohttp.ClientSession | None = None

    def session(self) -> aiohttp.ClientSession:
        if self.http is None:
            self.http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        return self.http

    async def zalo_deliver(self, request: web.Request) -> web.Response:
        body: dict[str, Any] = await request.json()
        event = body.get("event") or self.zalo.text_event(
            str(body["user"]), str(body["text"]), age_s=float(body.get("age_s", 0))
        )
        status = await self.zalo.deliver(self.session(), str(body["webhook"]), event)
        return web.json_response({"status": status, "event": event})

    async def graph_deliver(self, request: web.Request) -> web.Response:
        body: dict[str, Any] = await request.json()
        status = await self.graph.deliver(self.session(), str(body["webhook"]), body["payload"])
        return web.json_response({"status": status})

    async def zalo_sent(self, request: web.Request) -> web.Response:
        return web.json_response(self.zalo.texts_to(request.query["user"]))

    async def graph_sent(self, request: web.Request) -> web.Response:
        return web.json_response(self.graph.sent_to(request.query["psid"]))


async def main() -> None:
    zalo, graph = ZaloStandin(), GraphApiStandin()
    await zalo.start()
    await graph.start()
    control = Control(zalo, graph)
    app = web.Application()
    app.router.add_post("/zalo/deliver", control.zalo_deliver)
    app.router.add_post("/graph/deliver", control.graph_deliver)
    app.router.add_get("/zalo/sent", control.zalo_sent)
    app.router.add_get("/graph/sent", control.graph_sent)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    urls = {
        "zalo": zalo.base_url,
        "graph": graph.base_url,
        "control": f"http://127.0.0.1:{port}",
        "zalo_credentials": {
            "app_id": zalo.app_id,
            "oa_secret_key": zalo.oa_secret_key,
            "app_secret": zalo.app_secret,
        },
        "graph_credentials": {
            "app_secret": graph.app_secret,
            "page_access_token": graph.page_access_token,
            "page_id": graph.page_id,
        },
    }
    print(json.dumps(urls), flush=True)
    await asyncio.Event().wait()  # until terminated


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
