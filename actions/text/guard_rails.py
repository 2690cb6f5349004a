"""What a message is before what it asks: an attack string, or a message in English.

Both are read from the text alone, so the NLU (bot/components/dossier_guard.py) and the
action server decide alike. An attack string (SQL, markup, a template or path probe, a
request to drop the assistant's instructions) gets the polite out-of-scope reply and
nothing else: no procedure found in its leftover words, no dossier lookup, no hand-off to
staff. A message in English gets the English reply (actions/dialogue/english.py), whatever
the Vietnamese classifier made of it. Standard library only.
"""

from __future__ import annotations

import re
import unicodedata

# Code injection shapes: they never occur in a citizen's question. Each is anchored on
# syntax ("' OR 1=1", "; --", "<script", "{{ }}", "../"), not on a word a citizen may use.
_CODE_ATTACK = re.compile(
    r"""
      \b(?:drop|truncate|alter|create)\s+(?:table|database|schema)\b
    | \bdelete\s+from\b | \binsert\s+into\b | \bupdate\s+\w+\s+set\b
    | \bunion\s+(?:all\s+)?select\b | \bselect\s+\*
    | '\s*(?:or|and)\s+'?\w+'?\s*(?:=|like)\s*'?\w*
    | ;\s*--  | '\s*;  | '\s*--  | /\*.*?\*/
    | \b(?:sleep|benchmark|waitfor)\s*\(  | \bxp_cmdshell\b
    | <\s*/?\s*(?:script|img|iframe|svg|object|embed|style|link|meta|body|form|input)\b
    | \bon[a-z]+\s*=  | \bjavascript\s*: | \bdata\s*:\s*text/html
    | \{\{.*?\}\} | \{%.*?%\} | \$\{.*?\} | <%.*?%>
    | \.\./ | \.\.\\ | /etc/(?:passwd|shadow) | \bjndi\s*:
    """,
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)

# Requests to drop or reveal the assistant's instructions, or to dump other people's data,
# in English or Vietnamese; matched on the folded text (no accents, lower case).
_PROMPT_ATTACK = re.compile(
    r"""
      \b(?:ignore|disregard|forget|bypass|override)\s+(?:all\s+|any\s+|the\s+|your\s+)*
        (?:previous\s+|prior\s+|above\s+|earlier\s+|system\s+)*(?:instructions?|rules|prompts?)\b
    | \bsystem\s+prompt\b | \bprompt\s+(?:he\s+thong|goc|an)\b | \bjailbreak\b
    | \bdeveloper\s+mode\b | \byou\s+are\s+now\b | \bact\s+as\s+(?:an?\s+)?(?:admin|root|dan)\b
    | \b(?:bo\s+qua|quen|phot\s+lo|vo\s+hieu\s+hoa)\s+
        (?:het\s+|moi\s+|tat\s+ca\s+|cac\s+|nhung\s+|toan\s+bo\s+)*(?:huong\s+dan|chi\s+dan|chi\s+thi|lenh|quy\s+tac|cau\s+lenh|rang\s+buoc)\b
    | \b(?:in\s+ra|liet\s+ke|xuat\s+ra|hien\s+thi|tiet\s+lo|dump|print|reveal|show|list)\s+
        (?:het\s+|toan\s+bo\s+|tat\s+ca\s+|all\s+|the\s+)*(?:prompt|instructions|cau\s+hinh)\b
    | \b(?:in\s+ra|liet\s+ke|xuat\s+ra|tiet\s+lo|dump|print|list)\s+
        (?:het\s+|toan\s+bo\s+|tat\s+ca\s+|all\s+)+(?:danh\s+sach|du\s+lieu|so\s+dien\s+thoai|thong\s+tin|ho\s+so|cccd|can\s+cuoc|phone|data|records)\b
    """,
    re.VERBOSE,
)


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def looks_adversarial(text: str) -> bool:
    """An injection or probe string rather than a question."""
    return bool(_CODE_ATTACK.search(text) or _PROMPT_ATTACK.search(_folded(text)))


# Keyboard mashing: one letter held down ("aaaaaa", "đđđđđ", "ssss"), or a run of consonants
# no Vietnamese or English word has ("sdfghjkl"; the longest real runs are "ngh" and
# abbreviations of four letters such as "cccd", "bhxh"). A word stretched for emphasis
# ("okkkk", "dạaaaa", "alooo") is still a word.
_HELD_KEY = re.compile(r"^([a-z])\1{2,}$")
_CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxz]{5,}")
_FOLDED_WORD = re.compile(r"[a-z]+")
_RUNS = re.compile(r"([a-z])\1+")
# Emoji and symbols that answer in chat ("👍" yes, "🙏" thanks, "❤️"): the classifier reads
# them; any other message of symbols, emoji or punctuation alone says nothing.
_MEANINGFUL_SYMBOLS = frozenset("👍👌🙏❤♥😊🙂😀😁😄🥰😍🤗✅✔🆗👋😢😭😔😞😡😠🤬")


def looks_gibberish(text: str) -> bool:
    """Nothing to understand: keyboard mashing, or symbols and punctuation alone
    ("🤡🤡 aaaaaaa ????", "đđđđ ssss 0000", "?????"). Numbers alone are no gibberish (a
    dossier code, the last digits of a phone), nor is a message with one real word in it:
    the classifier reads those."""
    stripped = text.strip()
    if not stripped or stripped.startswith("/"):
        return False  # empty, or a button's payload
    folded = _folded(stripped)
    if any(ch.isalpha() and not ch.isascii() for ch in folded):
        return False  # another script (Chinese, Korean, Thai…): not ours to call noise
    words = _FOLDED_WORD.findall(folded)
    if not words:
        if any(ch.isdigit() for ch in stripped):
            return False
        return not any(ch in _MEANINGFUL_SYMBOLS for ch in stripped)
    return all(_HELD_KEY.match(w) or _CONSONANT_RUN.search(_RUNS.sub(r"\1", w)) for w in words)


# English words that are no Vietnamese syllable typed without accents: "can" (cần), "the"
# (thẻ), "to" (tờ), "do" (đó), "me" (mẹ), "an", "in", "no", "my" (Mỹ) are left out, so a
# Vietnamese message typed without accents never counts them.
_ENGLISH_LIST = """
    i i'm im i've i'd you you're your yours we we're our ours us he his she her hers they their
    them it's its this that these those there here what what's how where when which who whom
    why whose is are am was were been being does did done have has had having will would
    should could must shall need needs needed want wants wanted get gets got getting
    of for with from about at into onto by as if than then because so and or but not
    please hello hey thanks thank good morning evening afternoon sorry excuse yes
    register registered registering registration apply applying application certificate
    certificates certified certify copy copies document documents paper papers form forms
    office ward fee fees cost costs much many long time days open opening close closed
    foreigner foreign marriage married marry wife husband birth born baby child children
    son daughter father mother parents land house home business shop company permit
    licence license card passport residence resident temporary permanent extend renew
    renewal lost stolen help speak english language police address apartment rent renting
    landlord tenant certificate degree diploma mortgage household citizen citizens
    vietnamese vietnam american british french korean japanese chinese australian
    process procedure procedures status dossier file filing submit submitted where's how's
"""
_ENGLISH_WORDS = frozenset(_ENGLISH_LIST.split())
_LETTERS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# Letters only Vietnamese spelling uses (after NFC): any of them and the message is not
# English ("đ", "ă", "ơ", "ư" and the tone marks).
_VIETNAMESE_LETTER = re.compile(
    "[đăâêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]"
)


def looks_english(text: str) -> bool:
    """Written in English: at least two English words, a third of its words or more, and
    few words spelled the Vietnamese way (an English message may quote "sổ đỏ")."""
    lowered = unicodedata.normalize("NFC", text).lower().replace("\u2019", "'")
    words = _LETTERS.findall(lowered)
    vietnamese = sum(bool(_VIETNAMESE_LETTER.search(w)) for w in words)
    if not words or vietnamese * 4 > len(words):
        return False
    english = sum(w in _ENGLISH_WORDS for w in words)
    return english >= 2 and english * 3 >= len(words)
