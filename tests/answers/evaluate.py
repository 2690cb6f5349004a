"""``make eval-answers``: conversations through the REST channel of a freshly started bot.

Each conversation of a YAML file (tests/answers/README.md) is played turn by turn: a text
turn is sent as the citizen's message, a click turn presses the button of the previous
reply whose title contains the given text. The facts of ``must`` have to appear in the last
turn's replies, those of ``must_not`` must not, and no bot message of the conversation may
be longer than ``max_chars``. Prints the pass rate per group, the failures with what the
bot said, and ends with one line::

    answers_pass=0.xxx passed=N failed=N conversations=N procedures=N max_message_chars=N

    python -m tests.answers.evaluate --conversations tests/answers/blind.yml [--url URL]

Without ``--url`` it starts the action server and Rasa on free ports (tests/e2e/conftest.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import unicodedata
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

Reply = dict[str, Any]
Say = Callable[[str, str], list[Reply]]


def normalise(text: str) -> str:
    """What matching compares: NFC, case folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


@dataclass(frozen=True)
class Turn:
    text: str | None = None
    click: str | None = None


@dataclass(frozen=True)
class Conversation:
    id: str
    group: str
    procedure: str
    turns: tuple[Turn, ...]
    must: tuple[tuple[str, ...], ...]
    must_not: tuple[str, ...]
    max_chars: int = 700
    #: The citizen's own case, in a few alternative words: when the bot asks which case
    #: applies (``/choose_case`` buttons), the citizen clicks the first button naming it.
    if_asked: tuple[str, ...] = ()


@dataclass
class Result:
    conversation: Conversation
    problems: list[str] = field(default_factory=list)
    last_text: str = ""
    longest: int = 0
    #: Case questions the bot asked and the citizen answered (``if_asked``).
    case_clicks: int = 0

    @property
    def passed(self) -> bool:
        return not self.problems


def _alternatives(item: Any) -> tuple[str, ...]:
    if isinstance(item, str):
        return (item,)
    if isinstance(item, list) and item and all(isinstance(x, str) for x in item):
        return tuple(item)
    raise ValueError(f"a must item is a string or a list of strings, not {item!r}")


def load(path: Path) -> list[Conversation]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    conversations = []
    seen: set[str] = set()
    for raw in document["conversations"]:
        turns = []
        for turn in raw["turns"]:
            if set(turn) - {"text", "click"} or len(turn) != 1:
                raise ValueError(f"{raw['id']}: a turn has exactly one of text, click: {turn}")
            turns.append(Turn(text=turn.get("text"), click=turn.get("click")))
        if raw["id"] in seen:
            raise ValueError(f"duplicate conversation id {raw['id']}")
        seen.add(raw["id"])
        conversations.append(
            Conversation(
                id=raw["id"],
                group=raw.get("group", ""),
                procedure=str(raw.get("procedure", "")),
                turns=tuple(turns),
                must=tuple(_alternatives(m) for m in raw.get("must") or ()),
                must_not=tuple(raw.get("must_not") or ()),
                max_chars=int(raw.get("max_chars", 700)),
                if_asked=_alternatives(raw["if_asked"]) if raw.get("if_asked") else (),
            )
        )
    return conversations


#: A turn "LONG:<n>" sends a message of n characters (a long paste), to test the limits.
_LONG = "LONG:"
_FILLER = "Em muốn hỏi về thủ tục đăng ký tạm trú cho gia đình. "


def expand(text: str) -> str:
    if text.startswith(_LONG) and text[len(_LONG) :].isdigit():
        n = int(text[len(_LONG) :])
        return (_FILLER * (n // len(_FILLER) + 1))[:n]
    return text


def texts_of(replies: Sequence[Reply]) -> list[str]:
    return [str(r.get("text") or "") for r in replies]


def find_button(replies: Sequence[Reply], wanted: str) -> Reply | None:
    key = normalise(wanted)
    for reply in replies:
        for button in reply.get("buttons") or ():
            if key in normalise(str(button.get("title", ""))):
                return dict(button)
    return None


#: The payload prefix of the buttons a case question offers (actions/cards/answers.py).
_CASE_PAYLOAD = "/choose_case"


def answer_case_question(replies: Sequence[Reply], case_words: Sequence[str]) -> Reply | None:
    """The case button the citizen clicks, if the bot asked for their case and one
    of its titles names the citizen's case (the first of ``case_words`` that matches)."""
    buttons = [
        dict(b)
        for r in replies
        for b in r.get("buttons") or ()
        if str(b.get("payload", "")).startswith(_CASE_PAYLOAD)
    ]
    for words in case_words:
        key = normalise(words)
        for button in buttons:
            if key in normalise(str(button.get("title", ""))):
                return button
    return None


def judge(conversation: Conversation, last: Sequence[Reply], result: Result) -> None:
    said = normalise("\n".join(texts_of(last)))
    result.last_text = "\n".join(texts_of(last))
    for alternatives in conversation.must:
        if not any(normalise(a) in said for a in alternatives):
            result.problems.append("missing " + " | ".join(alternatives))
    for fact in conversation.must_not:
        if normalise(fact) in said:
            result.problems.append(f"must not say {fact}")


#: A clerk asks for the case once; asking again and again is not an answer.
_MAX_CASE_CLICKS = 1


def _measure(conversation: Conversation, replies: Sequence[Reply], result: Result) -> None:
    for text in texts_of(replies):
        result.longest = max(result.longest, len(text))
        if len(text) > conversation.max_chars:
            result.problems.append(f"a message of {len(text)} > {conversation.max_chars} chars")


def play(conversation: Conversation, say: Say) -> Result:
    result = Result(conversation)
    sender = f"eval-{uuid.uuid4().hex[:12]}"
    last: list[Reply] = []
    for turn in conversation.turns:
        if turn.click is not None:
            button = find_button(last, turn.click)
            if button is None:
                result.problems.append(f"no button '{turn.click}' offered")
                result.last_text = "\n".join(texts_of(last))
                return result
            message = str(button.get("payload") or button.get("title"))
        else:
            message = expand(str(turn.text))
        last = say(sender, message)
        _measure(conversation, last, result)
        button = answer_case_question(last, conversation.if_asked)
        if button is not None and result.case_clicks < _MAX_CASE_CLICKS:
            result.case_clicks += 1
            last = say(sender, str(button["payload"]))
            _measure(conversation, last, result)
    if not last:
        result.problems.append("no reply")
    judge(conversation, last, result)
    return result


def report(results: Sequence[Result], out: Any = sys.stdout) -> float:
    by_group: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        by_group[r.conversation.group].append(r)
    print(f"{'group':<22} {'pass':>5} {'n':>4}  rate", file=out)
    for group in sorted(by_group):
        rs = by_group[group]
        ok = sum(r.passed for r in rs)
        print(f"{group:<22} {ok:>5} {len(rs):>4}  {ok / len(rs):.3f}", file=out)
    failures = [r for r in results if not r.passed]
    if failures:
        print(f"\nFailures ({len(failures)}):", file=out)
    for r in failures:
        c = r.conversation
        asked = " / ".join(t.text or f"[{t.click}]" for t in c.turns)
        print(f"- {c.id} ({c.procedure}): {asked}", file=out)
        for problem in r.problems:
            print(f"    {problem}", file=out)
        print("    bot: " + r.last_text[:400].replace("\n", " ⏎ "), file=out)
    passed = sum(r.passed for r in results)
    rate = passed / len(results) if results else 0.0
    procedures = {r.conversation.procedure for r in results} - {"elsewhere", ""}
    longest = max((r.longest for r in results), default=0)
    after_case = sum(r.passed and r.case_clicks > 0 for r in results)
    print(
        f"\nanswers_pass={rate:.3f} passed={passed} failed={len(results) - passed} "
        f"conversations={len(results)} procedures={len(procedures)} max_message_chars={longest} "
        f"passed_after_case_question={after_case}",
        file=out,
    )
    return rate


def rest_say(url: str) -> Say:
    client = httpx.Client(timeout=60)

    def say(sender: str, text: str) -> list[Reply]:
        response = client.post(
            f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}
        )
        response.raise_for_status()
        return list(response.json())

    return say


@contextmanager
def fresh_bot() -> Iterator[str]:
    from tests.e2e.conftest import launch  # the servers the e2e tests run

    with tempfile.TemporaryDirectory(prefix="eval-answers-") as work, launch(Path(work), {}) as s:
        yield s.rasa_url


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=Path, default=Path("tests/answers/blind.yml"))
    parser.add_argument("--url", help="a running Rasa server instead of a fresh one")
    parser.add_argument("--json", type=Path, help="write one row per conversation here")
    args = parser.parse_args(argv)
    conversations = load(args.conversations)
    with fresh_bot() if args.url is None else _given(args.url) as url:
        results = [play(c, rest_say(url)) for c in conversations]
    report(results)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        rows = [
            {"id": r.conversation.id, "group": r.conversation.group, "passed": r.passed,
             "problems": r.problems, "last": r.last_text, "case_clicks": r.case_clicks}
            for r in results
        ]  # fmt: skip
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


@contextmanager
def _given(url: str) -> Iterator[str]:
    yield url.rstrip("/")


if __name__ == "__main__":
    raise SystemExit(main())
