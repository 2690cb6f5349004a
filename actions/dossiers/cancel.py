"""Whether a reply inside the lookup form means "stop" ("thôi", "hủy", "không tra nữa")."""

from __future__ import annotations

import re

from actions.text import fold

_CANCEL = re.compile(
    r"^(?:thoi|huy|huy bo|dung|dung lai|bo qua|thoat|khong can|khong tra nua|khong co ma"
    r"|khong nho|khong nho ma|quen ma|cancel|stop|exit)"
    r"(?: (?:thoi|khong can|khong tra|khong tra nua|nua|a|nhe|nha|di|em|ban|ad|roi|ma|ma ho so))*$"
)


def is_cancel(text: str) -> bool:
    """A short reply that only says to leave: "thôi", "Hủy ạ", "thôi không tra nữa"."""
    words = " ".join(re.sub(r"[^\w\s]", " ", fold(text)).split())
    return bool(words) and len(words.split()) <= 6 and bool(_CANCEL.match(words))
