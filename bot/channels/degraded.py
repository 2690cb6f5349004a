"""Degraded mode: what every channel does when the action server is down.

Without it Rasa's processor logs the failed custom action, drops its events and goes on:
the REST channel answers ``[]`` mid-conversation, and a new conversation (whose
``action_session_start`` is custom) gets "em vẫn chưa hiểu câu hỏi". Instead, ``deliver``
asks the action server's ``/health`` first (answer cached for a second, short timeout, on
the event loop without blocking it). When it does not answer, the citizen's message is
still stored in the conversation (parsed by NLU, so nothing is lost for the staff) and the
citizen gets an apology with the ward desk's hotline (bot/domain/degraded.yml). The next
message after the action server is back is processed normally: nothing to restart.

Liveness, not readiness, decides: with a damaged database the action server still runs
and answers each action with the apology itself (actions/dialogue/unavailable.py).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any

import aiohttp
import yaml
from rasa.core.actions.action import ActionSessionStart
from rasa.core.channels.channel import UserMessage
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.constants import (
    ACTION_LISTEN_NAME,
    ACTION_SESSION_START_NAME,
    SESSION_START_METADATA_SLOT,
)
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.utils.endpoints import ClientResponseError, EndpointConfig

from actions.text.ward_contact import desk_contact, unavailable_response

logger = logging.getLogger(__name__)

#: How long one health answer is trusted. Short: a stopped action server costs at most
#: this long of lost replies, and a restarted one is used again this soon.
PROBE_TTL_S = 1.0
#: A live action server answers /health in a few ms; a hung one must not hold the citizen.
PROBE_TIMEOUT_S = 0.5
DOMAIN_FILE = Path(__file__).resolve().parents[1] / "domain" / "degraded.yml"
#: Set by action_session_start (actions/dialogue/session.py) from the same ward file.
WARD_SLOT = "ward_name"
#: Action calls of the message being delivered that found the action server gone.
_failed_calls: ContextVar[list[bool] | None] = ContextVar("degraded_failed_calls", default=None)


class HealthProbe:
    """Whether the action server answers ``health_url``; one request in flight at a time."""

    def __init__(
        self,
        health_url: str,
        *,
        ttl_s: float = PROBE_TTL_S,
        timeout_s: float = PROBE_TIMEOUT_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.health_url = health_url
        self._ttl_s = ttl_s
        self._timeout_s = timeout_s
        self._clock = clock
        self._checked_at: float | None = None
        self._up = True
        self._lock: asyncio.Lock | None = None
        self.probes = 0  # requests sent, for tests and logs
        self.failures = 0  # action calls that found the action server gone, for logs

    def _fresh(self) -> bool:
        return self._checked_at is not None and self._clock() - self._checked_at < self._ttl_s

    async def is_up(self) -> bool:
        if self._fresh():
            return self._up
        if self._lock is None:  # created here: the lock belongs to the running loop
            self._lock = asyncio.Lock()
        async with self._lock:
            if not self._fresh():  # a concurrent caller may have probed meanwhile
                up = await self._probe()
                if up != self._up:
                    if up:
                        logger.warning("action server answers again: degraded mode ends")
                    else:
                        logger.error("action server does not answer: degraded mode")
                self._up, self._checked_at = up, self._clock()
        return self._up

    def mark_down(self) -> None:
        """An action call could not reach the action server: down until the next probe."""
        if self._up:
            logger.error("action server unreachable from an action call: degraded mode")
        self.failures += 1
        self._up, self._checked_at = False, self._clock()

    async def _probe(self) -> bool:
        self.probes += 1
        timeout = aiohttp.ClientTimeout(total=self._timeout_s)
        try:
            async with (
                aiohttp.ClientSession(timeout=timeout) as session,
                session.get(self.health_url) as response,
            ):
                return response.status == 200
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
            return False


def health_url(action_url: str) -> str:
    """rasa_sdk serves /health beside /webhook, at the server's root."""
    base = action_url.rstrip("/")
    if base.endswith("/webhook"):
        base = base[: -len("/webhook")]
    return f"{base}/health"


class WatchedEndpoint(EndpointConfig):  # type: ignore[misc]
    """Rasa's action endpoint, telling the probe when a call finds the server gone.

    Without it a stopped action server goes unnoticed until the cached health answer
    expires, and the message that found it gone would be answered with nothing.
    """

    probe: HealthProbe

    @classmethod
    def watching(cls, endpoint: EndpointConfig, probe: HealthProbe) -> WatchedEndpoint:
        watched = cls.__new__(cls)
        watched.__dict__.update(endpoint.__dict__)
        watched.probe = probe
        return watched

    async def request(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return await super().request(*args, **kwargs)
        except aiohttp.ClientConnectionError:
            self.probe.mark_down()
            _fail_this_message()
            raise
        except ClientResponseError as error:
            # A crashed action (or a proxy's 502): the server is there, this answer is lost.
            if error.status >= 500:
                _fail_this_message()
            raise


def _fail_this_message() -> None:
    failed = _failed_calls.get()
    if failed is not None:  # the message being delivered in this task
        failed.append(True)


def _probe_for(app: Any, agent: Any) -> HealthProbe | None:
    processor = getattr(agent, "processor", None)
    endpoint = getattr(processor, "action_endpoint", None) or getattr(
        agent, "action_endpoint", None
    )
    url = getattr(endpoint, "url", None)
    if not url:
        return None  # no action server configured: nothing to degrade from
    probe: HealthProbe | None = getattr(app.ctx, "degraded_probe", None)
    if probe is None or probe.health_url != health_url(url):
        probe = HealthProbe(health_url(url))
        app.ctx.degraded_probe = probe
    watched = isinstance(endpoint, WatchedEndpoint) and endpoint.probe is probe
    if processor is not None and not watched:
        # Rasa builds each custom action from the processor's endpoint, per call.
        processor.action_endpoint = WatchedEndpoint.watching(endpoint, probe)
    return probe


async def deliver(
    app: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]], message: UserMessage
) -> None:
    """Hand ``message`` to Rasa (``app`` is the Sanic app, whose ``ctx.agent`` is Rasa's),
    or, when the action server is down, store it and apologise through its output channel."""
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    probe = _probe_for(app, agent) if agent is not None and agent.is_ready() else None
    if probe is None:
        await on_new_message(message)
        return
    if not await probe.is_up():
        await answer_degraded(agent, message)
        return
    failed: list[bool] = []
    token = _failed_calls.set(failed)  # Rasa runs the message's actions in this task
    try:
        await on_new_message(message)
    finally:
        _failed_calls.reset(token)
    if failed:
        # An action call of this message failed (server gone, or a 5xx): Rasa has dropped
        # the action's events and said nothing, so the citizen still gets the apology.
        name, values = unavailable_response()
        reply = _render(agent, name, values, message.output_channel.name())
        await message.output_channel.send_response(message.sender_id, reply)


async def answer_degraded(agent: Any, message: UserMessage) -> None:
    """Store the message like Rasa would, without any custom action, and apologise."""
    output = message.output_channel
    async with agent.lock_store.lock(message.sender_id):
        tracker = await agent.processor.get_tracker(message.sender_id)
        name, values = unavailable_response()
        reply = _render(agent, name, values, output.name())
        try:
            await _log_turn(agent, message, tracker, name, reply)
        except Exception as exc:  # the apology matters more than the record
            # No traceback: it could quote the stored events, i.e. the citizen's words.
            logger.error("degraded mode: message not stored (%s)", type(exc).__name__)
    await output.send_response(message.sender_id, reply)


@lru_cache(maxsize=1)
def _file_responses() -> dict[str, list[dict[str, Any]]]:
    responses: dict[str, list[dict[str, Any]]] = yaml.safe_load(
        DOMAIN_FILE.read_text(encoding="utf-8")
    )["responses"]
    return responses


def _render(agent: Any, name: str, values: dict[str, str], channel: str) -> dict[str, Any]:
    # The model's domain first (its variations); the file when the model predates it.
    responses = _file_responses() | dict(agent.domain.responses)
    generated = TemplatedNaturalLanguageGenerator(responses).generate_from_slots(
        name, {}, channel, **values
    )
    return {"text": (generated or {}).get("text") or ""}


async def _log_turn(
    agent: Any, message: UserMessage, tracker: Any, name: str, reply: dict[str, Any]
) -> None:
    processor, domain = agent.processor, agent.domain
    if not tracker.applied_events() or processor._has_session_expired(tracker):
        # Rasa's own session start, as the custom one cannot run; the ward's name, which
        # action_session_start would have set, comes from the same ward file.
        if message.metadata:
            tracker.update(SlotSet(SESSION_START_METADATA_SLOT, message.metadata), domain)
        tracker.update(ActionExecuted(ACTION_SESSION_START_NAME), domain)
        events = await ActionSessionStart().run(
            message.output_channel, processor.nlg, tracker, domain
        )
        tracker.update_with_events(events, domain)
        if any(slot.name == WARD_SLOT for slot in domain.slots):
            tracker.update(SlotSet(WARD_SLOT, desk_contact().ward_name), domain)
    parse_data = message.parse_data or await processor.parse_message(message, tracker)
    tracker.update(
        UserUttered(
            message.text,
            parse_data["intent"],
            parse_data["entities"],
            parse_data,
            input_channel=message.input_channel,
            message_id=message.message_id,
            metadata=message.metadata,
        ),
        domain,
    )
    if name in domain.action_names_or_texts:
        tracker.update(ActionExecuted(name), domain)
    tracker.update(BotUttered(reply["text"], metadata={"utter_action": name}), domain)
    tracker.update(ActionExecuted(ACTION_LISTEN_NAME), domain)
    await processor.save_tracker(tracker)
