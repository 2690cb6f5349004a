"""Rule-based corrections of the classifier's intent, read from the text alone.

- An attack string (``' OR 1=1 --``, ``<script>``, "bỏ qua mọi hướng dẫn…", see
  actions/text/guard_rails.py) is ``out_of_scope``, certain: the polite out-of-scope reply,
  never a procedure, the dossier lookup or a hand-off to staff.
- Keyboard mashing and bare symbols ("aaaaaa ????", "đđđđ ssss 0000", see
  ``looks_gibberish``) are ``out_of_scope``, certain: never a yes, never a procedure; the
  out-of-scope action answers that it did not understand.
- A grievance about the service ("bực mình", "làm việc kiểu gì", "đi lại ba lần mà lần
  nào cũng hẹn", see actions/text/complaint_cues.py) is ``complain``, certain, whatever
  question it borrows words from: the apology and the feedback path, not a procedure answer.
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

from actions.text.complaint_cues import sounds_like_complaint
from actions.text.dossier_cues import mentions_dossier, names_dossier_code
from actions.text.guard_rails import looks_adversarial, looks_english, looks_gibberish

DOSSIER_INTENT = "check_dossier_status"
COMPLAINT_INTENT = "complain"
#: Readings a grievance's words do not override: English, the courtesies, and out of
#: scope (a grievance about a shop is not the ward's).
COMPLAINT_KEEPS = frozenset({"english", "greet", "thank", "goodbye", "out_of_scope"})
#: A request for staff is kept when the classifier is sure of it (the FallbackClassifier's
#: threshold in config.yml): below, the grievance's words decide.
STAFF_INTENT = "request_human"
SURE = 0.5
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
    """Set ``name`` as the intent, certain, at the head of the ranking.

    The classifier's other intents stay listed but at confidence 0: the FallbackClassifier
    after this component compares the first two confidences of the ranking, and DIET's
    own best guess left at 0.97 made "1.0 vs 0.97" ambiguous, so an attack string ended
    as ``nlu_fallback`` (and the "did you mean…?" buttons) instead of out of scope."""
    chosen = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: 1.0}
    rest = [
        {**r, PREDICTED_CONFIDENCE_KEY: 0.0}
        for r in message.get(INTENT_RANKING_KEY) or []
        if r.get(INTENT_NAME_KEY) != name
    ]
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [chosen, *rest], add_to_output=True)


def _without_dossier(message: Message) -> None:
    ranking = [
        r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != DOSSIER_INTENT
    ]
    if ranking:
        message.set(INTENT, ranking[0], add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


def _grievance(message: Message, text: str) -> bool:
    """A complaint about the service that DIET read as the question it borrows words from
    ("… làm việc kiểu gì vậy?" as eligibility, "lên phường ba lần …" as papers) or as the
    bot question: the complaint reply (actions/text/complaint_cues.py). A dossier code
    keeps the lookup, which answers the complaint best."""
    intent = message.get(INTENT).get(INTENT_NAME_KEY)
    confidence = float(message.get(INTENT).get(PREDICTED_CONFIDENCE_KEY) or 0.0)
    if intent in COMPLAINT_KEEPS or (intent == STAFF_INTENT and confidence >= SURE):
        return False
    if not sounds_like_complaint(text):
        return False
    # DIET's own "complain" at 0.35 is made certain too: the FallbackClassifier would
    # otherwise turn a plain grievance into "did you mean…?".
    return not (intent == DOSSIER_INTENT and names_dossier_code(text))


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
            if looks_adversarial(text) or looks_gibberish(text):
                # Keyboard mashing was read as "affirm" or a papers question: neither a yes
                # nor a procedure; the out-of-scope action says it did not understand.
                _certain(message, OUT_OF_SCOPE_INTENT)
                continue
            if _grievance(message, text):
                _certain(message, COMPLAINT_INTENT)
                continue
            if message.get(INTENT).get(INTENT_NAME_KEY) == DOSSIER_INTENT and not mentions_dossier(
                text
            ):
                _without_dossier(message)
            if looks_english(text) and message.get(INTENT)[INTENT_NAME_KEY] not in ENGLISH_KEEPS:
                _certain(message, ENGLISH_INTENT)
        return messages
