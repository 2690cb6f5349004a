"""Never start the dossier lookup for a message that mentions no dossier.

A long story about a situation ("bố tôi mất tuần trước, giờ tôi phải làm gì…") or an
injection string (``' OR 1=1 --``) was sometimes classified ``check_dossier_status``,
and the bot asked for a dossier code. After the classifier, a message with neither a
dossier code nor dossier words (``dossier_cues`` in actions/text/lexicon.yml) gets the
next intent of the ranking instead; the FallbackClassifier after this component then
judges that intent's confidence as usual.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.text.dossier_cues import mentions_dossier

DOSSIER_INTENT = "check_dossier_status"


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
            intent = message.get(INTENT) or {}
            text = message.get(TEXT) or ""
            if intent.get(INTENT_NAME_KEY) != DOSSIER_INTENT or mentions_dossier(text):
                continue
            ranking = [
                r
                for r in message.get(INTENT_RANKING_KEY) or []
                if r.get(INTENT_NAME_KEY) != DOSSIER_INTENT
            ]
            if not ranking:
                continue
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
