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

from actions.text.topic_cues import asks_how, cued_topics, mentions_bereavement

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
#: The reply to a grievance; a death told before a question is none.
COMPLAINT = "complain"
OVERVIEW_INTENT = "ask_procedure"


def bereaved_question(text: str) -> str | None:
    """The procedure intent of a message that tells of a death and asks something ("má tui
    mới mất, làm khai tử đem theo cái gì"): the first kind of answer its words ask, or the
    overview for a "how". None for anything else (a grievance about a death certificate
    asks nothing of the kind and stays a complaint)."""
    if not mentions_bereavement(text):
        return None
    topics = cued_topics(text)
    if topics:
        return next(i for i, t in TOPIC_INTENTS.items() if t == topics[0])
    return OVERVIEW_INTENT if asks_how(text) else None


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
            if ranking and ranking[0].get(INTENT_NAME_KEY) == COMPLAINT:
                asked = bereaved_question(message.get(TEXT) or "")
                if asked is not None:
                    # DIET reads grief as grievance; the question asked decides, with the
                    # confidence DIET had in its reading of the message.
                    chosen = {INTENT_NAME_KEY: asked, "confidence": ranking[0].get("confidence")}
                    rest = [r for r in ranking if r.get(INTENT_NAME_KEY) != asked]
                    message.set(INTENT, chosen, add_to_output=True)
                    message.set(INTENT_RANKING_KEY, [chosen, *rest], add_to_output=True)
                    continue
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
