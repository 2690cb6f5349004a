"""Several questions in one message are not an unclear message.

"Đăng ký tạm trú cần giấy tờ gì và mất bao lâu" splits DIET's confidence between two
procedure intents (papers 0.45, duration 0.40), and the FallbackClassifier then asked "did
you mean…?". When the two best intents are both questions about a procedure, together
confident, and the message's words ask for both kinds of answer (actions/text/topic_cues),
the first keeps their joint confidence: the procedure action then answers every kind asked
(actions/procedures/aspects.py).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.text.topic_cues import cued_topics

#: The intents of a kind of answer about a procedure, by topic.
TOPIC_INTENTS = {
    "ask_papers": "papers",
    "ask_conditions": "conditions",
    "ask_fee": "fee",
    "ask_duration": "duration",
    "ask_submission": "submission",
    "ask_forms": "forms",
}
JOINT_CONFIDENCE = 0.6


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class MultiTopicIntent(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MultiTopicIntent:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            ranking = list(message.get(INTENT_RANKING_KEY) or [])
            if len(ranking) < 2:
                continue
            first, second = ranking[0], ranking[1]
            topics = {TOPIC_INTENTS.get(r.get(INTENT_NAME_KEY, "")) for r in (first, second)}
            if None in topics:
                continue
            joint = float(first.get("confidence", 0)) + float(second.get("confidence", 0))
            asked = set(cued_topics(message.get(TEXT) or ""))
            if joint < JOINT_CONFIDENCE or not topics <= asked:
                continue
            merged = {**first, "confidence": min(joint, 1.0)}
            message.set(INTENT, merged, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [merged, *ranking[1:]], add_to_output=True)
        return messages
