"""Ward website widget (rasa-webchat over socket.io): Rasa's socketio channel, rendered for it.

The widget renders Markdown, where a single newline is no line break: answers built line
by line (papers, fees, steps) would run together. Lines become Markdown hard breaks, and a
long answer is cut into several bubbles at line boundaries. Buttons stay widget buttons.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from bot.channels.rendering import split_text

# One chat bubble; longer answers are cut at line boundaries into several.
BUBBLE_CHARS = 1200


def hard_breaks(text: str) -> str:
    """Markdown hard line breaks for single newlines (paragraph breaks stay)."""
    return "\n".join(line.rstrip() + "  " if line.strip() else line for line in text.split("\n"))


class WebchatOutput(SocketIOOutput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in split_text(text, BUBBLE_CHARS):
            await super().send_text_message(recipient_id, part)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        parts = split_text(text, BUBBLE_CHARS) or [""]
        for part in parts[:-1]:
            await super().send_text_message(recipient_id, part)
        await super().send_text_with_buttons(recipient_id, parts[-1], buttons)

    async def _send_message(self, socket_id: str, response: Any) -> None:
        if isinstance(response, dict) and isinstance(response.get("text"), str):
            response = {**response, "text": hard_breaks(response["text"])}
        await super()._send_message(socket_id, response)


class WebchatInput(SocketIOInput):
    """Rasa's socket.io channel (same name, path and options) with the widget rendering."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def render_for_widget(message: UserMessage) -> None:
            out = message.output_channel
            if isinstance(out, SocketIOOutput) and not isinstance(out, WebchatOutput):
                message.output_channel = WebchatOutput(out.sio, out.bot_message_evt)
            await on_new_message(message)

        return super().blueprint(render_for_widget)
