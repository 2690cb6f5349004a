"""Rule-based corrections of the classifier's intent, read from the text alone.

- An attack string (``' OR 1=1 --``, ``<script>``, "bỏ qua mọi hướng dẫn…", see
  actions/text/guard_rails.py) is ``out_of_scope``, certain: the polite out-of-scope reply,
  never a procedure, the dossier lookup or a hand-off to staff.
- Never start the dossier lookup for a message that mentions no dossier. A long story about
  a situation ("bố tôi mất tuần trước, giờ tôi phải làm gì…") or "bộ hồ sơ gồm những gì"
  was sometimes classified ``check_dossier_status``, and the bot asked for a dossier code.
  A message with neither a dossier code nor dossier-status words (actions/text/dossier_cues.py)
  gets the next intent of the ranking instead; the FallbackClassifier after this component
  then judges that intent's confidence as usual.
- A message in English gets the English reply (``english``) unless it greets, thanks, says
  goodbye, asks for staff, about a dossier or for the office's address and hours (facts an
  English reader can use as they are): the Vietnamese classifier reads English words as
  noise and picked any intent.

One component (its name kept), so a model trained before these rules runs them too.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from actions.text.dossier_cues import mentions_dossier
from actions.text.guard_rails import looks_adversarial, looks_english

DOSSIER_INTENT = "check_dossier_status"
OUT_OF_SCOPE_INTENT = "out_of_scope"
ENGLISH_INTENT = "english"
#: Intents whose reply suits a message in English as it is.
ENGLISH_KEEPS = frozenset(
    {
        ENGLISH_INTENT,
        DOSSIER_INTENT,
        "greet",
        "thank",
        "goodbye",
        "request_human",
        "ask_office_info",
    }
)


def _certain(message: Message, name: str) -> None:
    """Set ``name`` as the intent, certain, at the head of the ranking."""
    chosen = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: 1.0}
    rest = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != name]
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [chosen, *rest], add_to_output=True)


def _without_dossier(message: Message) -> None:
    ranking = [
        r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != DOSSIER_INTENT
    ]
    if ranking:
        message.set(INTENT, ranking[0], add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class DossierIntentGuard(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DossierIntentGuard:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not message.get(INTENT) or text.startswith("/"):
                continue  # a button's payload names its intent
            if looks_adversarial(text):
                _certain(message, OUT_OF_SCOPE_INTENT)
                continue
            if message.get(INTENT).get(INTENT_NAME_KEY) == DOSSIER_INTENT and not mentions_dossier(
                text
            ):
                _without_dossier(message)
            if looks_english(text) and message.get(INTENT)[INTENT_NAME_KEY] not in ENGLISH_KEEPS:
                _certain(message, ENGLISH_INTENT)
        return messages
