"""A fake agent behind the channel under test (served by tests/standins/channel_server.py)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from rasa.core.channels.channel import UserMessage

LONG_TITLES = [
    "Thủ tục đăng ký lại khai sinh",
    "Thủ tục đăng ký lại kết hôn",
    "Thủ tục đăng ký lại khai tử",
]


class FakeAgent:
    """Answers like Rasa would through the output channel, and records every turn."""

    def __init__(self) -> None:
        self.received: list[UserMessage] = []
        self.delay_s = 0.0

    async def __call__(self, message: UserMessage) -> None:
        self.received.append(message)
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        text = message.text or ""
        out = message.output_channel
        if text == "buttons":
            await out.send_response(
                message.sender_id,
                {
                    "text": "Anh/chị muốn xem thông tin nào ạ?",
                    "buttons": [
                        {"title": "Lệ phí", "payload": "/ask_fee"},
                        {"title": "Thời hạn", "payload": "/ask_duration"},
                    ],
                },
            )
        elif text == "long titles":
            await out.send_response(
                message.sender_id,
                {
                    "text": "Chọn thủ tục:",
                    "buttons": [
                        {"title": t, "payload": f'/ask_papers{{"procedure_code":"1.00{i}"}}'}
                        for i, t in enumerate(LONG_TITLES)
                    ],
                },
            )
        elif text == "many":
            await out.send_response(
                message.sender_id,
                {
                    "text": "Nhiều lựa chọn:",
                    "buttons": [{"title": f"Mục {i}", "payload": f"/pick{i}"} for i in range(20)],
                },
            )
        elif text == "long":
            lines = [f"{i}. Giấy tờ số {i}: " + "bản sao có chứng thực " * 3 for i in range(200)]
            await out.send_response(message.sender_id, {"text": "\n".join(lines)})
        else:
            await out.send_response(message.sender_id, {"text": f"echo: {text}"})


@pytest.fixture
def agent() -> FakeAgent:
    return FakeAgent()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def settle(channel: Any, timeout_s: float = 10.0) -> None:
    """Wait until the channel's background work is done."""
    await asyncio.sleep(0.01)
    await channel.background.drain(timeout_s)
