"""Badge codes (mã thẻ): generate, print, parse leniently, check and hash. Pure: no database.

A code is `DBZ` + 18 random symbols + 1 check symbol, e.g. `DBZ7KQ4XM2HCRWT9NPV3FA`:

- The alphabet has 29 symbols: digits 2-9 and the letters A-X without I, L, O (look-alikes of
  1 and 0) — and without Y and Z, because a keyboard-wedge scanner types by key position and a
  QWERTZ host swaps those two. 18 random symbols carry 18 × log2(29) ≈ 87 bits.
- Everything is uppercase letters and digits, so the QR code uses alphanumeric mode (version 2).
- The prefix `DBZ` (đại biểu) says "this is a badge"; its Z is there on purpose: a QWERTZ host
  turns it into Y, which tells us the scanner's layout is swapped so we can repair the input.
- The check symbol is a weighted sum modulo 29 (a prime, with distinct weights), so every single
  wrong symbol and every swap of two symbols is caught before the database is asked.
- Only a SHA-256 of the canonical code is stored; the printed badge is the only copy.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

PREFIX = "DBZ"
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWX"
RANDOM_LENGTH = 18
CODE_LENGTH = len(PREFIX) + RANDOM_LENGTH + 1
HINT_LENGTH = 4
_VALUE = {symbol: i for i, symbol in enumerate(ALPHABET)}
_MODULUS = len(ALPHABET)  # 29, a prime: the check catches all single errors and transpositions
_SWAP_YZ = str.maketrans("YZyz", "ZYzy")
# Separators a person may type or a badge prints between groups; white space incl. Tab/Enter.
_SEPARATORS = re.compile(r"[\s\-_.·]+")

assert len(ALPHABET) == 29 and not set("01ILOYZ") & set(ALPHABET)


class TokenProblem(ValueError):
    """Why a scanned text is not a valid badge code: a stable `code` and a Vietnamese message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class BadgeCode:
    """A syntactically valid badge code (the check symbol verified)."""

    code: str
    layout_swapped: bool = False  # the input came from a QWERTZ-swapped keyboard wedge

    @property
    def hint(self) -> str:
        return hint(self.code)


def _check_symbol(body: str) -> str:
    # Weights 1..n are distinct and non-zero mod 29; choose c so that Σ w·v ≡ 0 (mod 29).
    total = sum((i + 1) * _VALUE[symbol] for i, symbol in enumerate(body))
    weight = len(body) + 1
    return ALPHABET[(-total * pow(weight, -1, _MODULUS)) % _MODULUS]


def generate() -> str:
    """A new random badge code from the system's CSPRNG."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return PREFIX + body + _check_symbol(body)


def token_hash(code: str) -> str:
    """What the database keeps: SHA-256 of the canonical code (the code has ~87 bits of entropy)."""
    return hashlib.sha256(f"congress-badge:{code}".encode("ascii")).hexdigest()


def hint(code: str) -> str:
    """The last symbols, printed small and stored, so people can tell two badges of one person apart."""
    return code[-HINT_LENGTH:]


def grouped(code: str) -> str:
    """The code as printed for people: `DBZ 7KQ4X-M2HCR-WT9NP-V3FA` (the parser ignores the separators)."""
    body = code[len(PREFIX):]
    groups = [body[i : i + 5] for i in range(0, len(body), 5)]
    return f"{code[: len(PREFIX)]} " + "-".join(groups)


def split_scans(text: str) -> list[str]:
    """Split what a scanner typed into scans: each ends with Enter or Tab; empty scans are dropped.

    A scanner set to send Enter twice (or CR LF) therefore yields one scan, not a blank second one.
    """
    return [part.strip() for part in re.split(r"[\t\r\n]+", text) if part.strip()]


def normalise(text: str) -> str:
    """Trim, drop separators and white space (Tab, Enter), upper-case."""
    return _SEPARATORS.sub("", text).upper()


def parse(text: str) -> BadgeCode:
    """Read one scan or typed code leniently; raise TokenProblem saying precisely what is wrong."""
    raw = normalise(text)
    if not raw:
        raise TokenProblem("empty", "Mã trống: chưa quét được gì.")
    swapped = False
    prefix_swapped = PREFIX.translate(_SWAP_YZ)
    if not raw.startswith(PREFIX) and raw.startswith(prefix_swapped):
        raw, swapped = raw.translate(_SWAP_YZ), True
    if not raw.startswith(PREFIX):
        if PREFIX.startswith(raw) or prefix_swapped.startswith(raw):
            raise TokenProblem("truncated", f"Mã '{raw}' bị cụt: thiếu gần hết các ký tự.")
        raise TokenProblem("not_a_badge", f"'{_shown(raw)}' không phải mã thẻ đại biểu (mã thẻ bắt đầu bằng {PREFIX}).")
    body = raw[len(PREFIX):]
    bad = sorted({ch for ch in body if ch not in _VALUE})
    if bad:
        raise TokenProblem("bad_symbol", f"Mã có ký tự không dùng trong mã thẻ: {', '.join(bad)}.")
    if len(body) < RANDOM_LENGTH + 1:
        raise TokenProblem(
            "truncated", f"Mã bị cụt: có {len(raw)} ký tự, cần {CODE_LENGTH} (quét lại cho hết mã)."
        )
    if len(body) > RANDOM_LENGTH + 1:
        raise TokenProblem("too_long", f"Mã thừa ký tự: có {len(raw)} ký tự, cần {CODE_LENGTH} (hai mã dính nhau?).")
    if _check_symbol(body[:-1]) != body[-1]:
        raise TokenProblem("bad_check", "Sai ký tự kiểm tra: mã bị gõ hoặc đọc nhầm, hoặc là mã giả.")
    return BadgeCode(raw, swapped)


def redact(text: str) -> str:
    """What a scan log may keep: a badge-like text loses all but its last symbols (never a usable code)."""
    raw = normalise(text)
    if raw[: len(PREFIX)] in (PREFIX, PREFIX.translate(_SWAP_YZ)):
        body = raw[len(PREFIX):]
        keep = body[-HINT_LENGTH:] if len(body) >= RANDOM_LENGTH else ""
        return raw[: len(PREFIX)] + "*" * (len(body) - len(keep)) + keep
    return text.strip()


def _shown(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
