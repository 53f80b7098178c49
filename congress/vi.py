"""Vietnamese text: NFC, name parts, collation (DOMAIN.md §4), numbers and dates for documents.

Collation: base letters first, in the order a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t
u ư v (w) x y (z); then tones as a secondary key, ngang < huyền < hỏi < ngã < sắc < nặng.
Python's code-point order is wrong for Vietnamese (it puts Đ after Z and Á after B).
"""

import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(ALPHABET)}
# Combining marks that make a new letter (ă â ê ô ơ ư) rather than a tone.
_LETTER_MARKS = {"\u0306": "ă", "\u0302": "â", "\u031b": "ơ"}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
# White space and control characters (NUL, BEL, ... from a pasted or broken file): PostgreSQL
# refuses NUL in text, and none of them belongs in a name or a title.
_SPACES = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")

# Primary weights: separators sort first, then digits, then letters, then anything else.
_SEPARATOR_WEIGHT = 0
_DIGIT_BASE = 1
_LETTER_BASE = 20
_OTHER_BASE = 100


def nfc(text: str) -> str:
    """NFC-normalise; every stored or printed text goes through here."""
    return unicodedata.normalize("NFC", text)


def clean(text: str | None) -> str:
    """NFC, trimmed, inner white space (and control characters) collapsed to single spaces."""
    if text is None:
        return ""
    return _SPACES.sub(" ", nfc(str(text))).strip()


def full_name(family: str, middle: str, given: str) -> str:
    """The name as printed: family, middle name(s), given name."""
    return " ".join(part for part in (clean(family), clean(middle), clean(given)) if part)


def split_full_name(name: str) -> tuple[str, str, str]:
    """Split 'Họ và tên' when the parts are not given: first syllable family, last given, rest middle.

    Multi-syllable family names (Tôn Thất, Nguyễn Phúc) cannot be recognised this way; callers
    report which rows were split so a person can check them.
    """
    words = clean(name).split(" ")
    if not words or words == [""]:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def _decompose(char: str) -> tuple[str, int]:
    """(base letter, tone rank) of one lower-case NFC character."""
    if char == "đ":
        return "đ", 0
    parts = unicodedata.normalize("NFD", char)
    base, tone = parts[0], 0
    for mark in parts[1:]:
        if mark in _TONE_RANK:
            tone = _TONE_RANK[mark]
        elif mark in _LETTER_MARKS:
            if mark == "\u031b":
                base = {"o": "ơ", "u": "ư"}.get(base, base)
            elif mark == "\u0302":
                base = {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
            else:
                base = {"a": "ă"}.get(base, base)
    return base, tone


def _primary_weight(base: str) -> int:
    if base in _LETTER_RANK:
        return _LETTER_BASE + _LETTER_RANK[base]
    if base.isspace() or base in "-'’.":
        return _SEPARATOR_WEIGHT
    if base.isdigit():
        return _DIGIT_BASE + int(base) if base in "0123456789" else _DIGIT_BASE
    return _OTHER_BASE + ord(base)


def collation_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """Sort key for one text: (base letters, tones, the exact text as a last, deterministic resort)."""
    text = clean(text)
    primary: list[int] = []
    tones: list[int] = []
    for char in text.lower():
        base, tone = _decompose(char)
        primary.append(_primary_weight(base))
        tones.append(tone)
    return tuple(primary), tuple(tones), text


TIE_ORDERS = {
    "family,middle,birth": ("family", "middle", "birth"),
    "family,birth,middle": ("family", "birth", "middle"),
    "birth,family,middle": ("birth", "family", "middle"),
}
DEFAULT_TIE_ORDER = "family,middle,birth"


def name_sort_key(
    family: str,
    middle: str,
    given: str,
    birth: date | int | None = None,
    tie_order: str = DEFAULT_TIE_ORDER,
) -> tuple:
    """Order of lists, ballots and minutes: given name, then (configurable) family, middle, birth.

    An earlier birth date comes first; an unknown one after every known one.
    """
    if tie_order not in TIE_ORDERS:
        raise ValueError(f"unknown tie order {tie_order!r}; choose one of {', '.join(TIE_ORDERS)}")
    if isinstance(birth, date):
        birth_key = (0, birth.toordinal())
    elif isinstance(birth, int):
        birth_key = (0, date(birth, 1, 1).toordinal())
    else:
        birth_key = (1, 0)
    parts = {"family": collation_key(family), "middle": collation_key(middle), "birth": birth_key}
    return (collation_key(given), *(parts[name] for name in TIE_ORDERS[tie_order]))


def fold(text: str) -> str:
    """Lower-case without diacritics, for search-as-you-type: 'Nguyễn Văn Đức' → 'nguyen van duc'."""
    text = clean(text).lower().replace("đ", "d")
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return stripped


def matches(query: str, *texts: str) -> bool:
    """Search with or without diacritics: a query with diacritics must match them exactly."""
    q = clean(query).lower()
    if not q:
        return True
    haystack = " ".join(clean(t).lower() for t in texts)
    if q == fold(q):
        return all(word in fold(haystack) for word in q.split(" "))
    return all(word in haystack for word in q.split(" "))


# --- numbers and dates in documents -------------------------------------------------------------


def format_int(value: int) -> str:
    """1730 → '1.730' (Vietnamese thousands separator)."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", ".")


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_decimal(value: Decimal | int | float, places: int = 2) -> str:
    """89.6449 → '89,64' (half up, decimal comma, thousands dots)."""
    rounded = round_half_up(Decimal(str(value)), places)
    sign = "-" if rounded < 0 else ""
    whole, _, frac = f"{abs(rounded):f}".partition(".")
    text = format_int(int(whole))
    return sign + (f"{text},{frac}" if places > 0 else text)


def format_percent(value: Decimal | int | float, places: int = 2) -> str:
    """A percentage already scaled to 0-100: 89.64 → '89,64 %'."""
    return f"{format_decimal(value, places)} %"


def percent_of(part: int, whole: int, places: int = 2) -> Decimal:
    """part/whole × 100, rounded half up (never float arithmetic)."""
    if whole <= 0:
        raise ValueError("percentage of a non-positive total")
    return round_half_up(Decimal(part) * 100 / Decimal(whole), places)


def format_date(value: date | None) -> str:
    """dd/mm/yyyy, '' when unknown."""
    return value.strftime("%d/%m/%Y") if value else ""


def date_phrase(value: date, place: str = "") -> str:
    """'Hà Nội, ngày 05 tháng 10 năm 2025' as written on minutes."""
    phrase = f"ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"
    return f"{place}, {phrase}" if place else phrase.capitalize()


_DATE_FORMS = (
    re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$"),  # dd/mm/yyyy
)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_YEAR = re.compile(r"^(\d{4})$")


def parse_date(text: str) -> date | int:
    """dd/mm/yyyy (also with . or -), yyyy-mm-dd, or a bare year (returned as an int).

    Raises ValueError with a short reason on anything else.
    """
    text = clean(text)
    if match := _DATE_FORMS[0].match(text):
        day, month, year = (int(g) for g in match.groups())
        return date(year, month, day)
    if match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
        return date(year, month, day)
    if match := _YEAR.match(text):
        year = int(match.group(1))
        if not 1900 <= year <= 2100:
            raise ValueError(f"năm {year} không hợp lệ")
        return year
    raise ValueError(f"ngày '{text}' không đúng dạng dd/mm/yyyy")


def sort_names(names: Sequence[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Sort (family, middle, given) triples in ballot order."""
    return sorted(names, key=lambda n: name_sort_key(n[0], n[1], n[2]))
