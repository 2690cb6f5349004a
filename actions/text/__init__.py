"""Vietnamese text normalisation shared by the NLU pipeline and the procedure resolver.

Standard library and PyYAML only, so that both the Rasa server and the action server
environments can import it: training, prediction and procedure search fold text identically.
"""

from actions.text.folding import content_segments, fold, fold_tokens, nfc, normalise_tokens

__all__ = ["content_segments", "fold", "fold_tokens", "nfc", "normalise_tokens"]
