"""The sheet code: the short text in each sheet's QR (election, round, sheet i/n, layout hash, nonce).

Format, version 1, QR-alphanumeric (uppercase and digits only), fixed width but the election:
    "1" + layout hash (10 base-36 digits = the 12 hex digits) + nonce (13 base-36 digits = 64 bits)
        + round (1 base-36 digit) + sheet index (1) + sheet count (1) + election code (1-8 of A-Z 0-9 -)
At most 35 characters, so it always fits a version-2 QR at error correction M (38 characters).
Nothing about a voter is ever in it; the nonce is random per printed copy.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ballots.errors import SheetCodeError

if TYPE_CHECKING:
    from ballots.layout_model import BallotLayout

VERSION = 1
_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
HASH_LEN, NONCE_LEN = 10, 13
MAX_CODE_LEN = 38  # alphanumeric capacity of a version-2 QR at level M
_CODE = re.compile(r"1([0-9A-Z]{10})([0-9A-Z]{13})([1-9A-Z])([1-9A-Z])([1-9A-Z])([A-Z0-9-]{1,8})")
_NONCE = re.compile(r"[0-9A-Z]{13}")
_HASH = re.compile(r"[0-9a-f]{12}")
_ELECTION = re.compile(r"[A-Z0-9-]{1,8}")


@dataclass(frozen=True)
class SheetCode:
    """What a printed sheet says about itself. Identity of a printed sheet: (nonce, sheet_index)."""

    version: int
    election: str
    round_no: int
    sheet_index: int  # 1-based
    sheet_count: int
    layout_hash: str  # 12 lowercase hex digits
    nonce: str  # 13 base-36 digits, one per printed ballot copy


def new_nonce() -> str:
    """64 random bits from the secrets module, as 13 base-36 digits."""
    return _base36(secrets.randbits(64), NONCE_LEN)


def is_nonce(text: object) -> bool:
    """True for a well-formed nonce (13 characters of 0-9 and A-Z)."""
    return isinstance(text, str) and _NONCE.fullmatch(text) is not None


def _base36(value: int, width: int) -> str:
    digits = []
    for _ in range(width):
        value, d = divmod(value, 36)
        digits.append(_DIGITS[d])
    if value:
        raise SheetCodeError(f"The value does not fit in {width} base-36 digits.")
    return "".join(reversed(digits))


def encode(code: SheetCode) -> str:
    """The QR text of a sheet; SheetCodeError when a field is out of range."""
    if code.version != VERSION:
        raise SheetCodeError(f"Sheet code version {code.version!r} is not supported (only {VERSION}).")
    if not isinstance(code.election, str) or not _ELECTION.fullmatch(code.election):
        raise SheetCodeError(f"Election code {code.election!r} must be 1-8 characters of A-Z, 0-9 and '-'.")
    for label, value in (("round", code.round_no), ("sheet index", code.sheet_index),
                         ("sheet count", code.sheet_count)):
        if not isinstance(value, int) or not 1 <= value <= 35:
            raise SheetCodeError(f"The {label} {value!r} must be a whole number from 1 to 35 to fit the sheet code.")
    if code.sheet_index > code.sheet_count:
        raise SheetCodeError(f"Sheet index {code.sheet_index} is beyond the sheet count {code.sheet_count}.")
    if not isinstance(code.layout_hash, str) or not _HASH.fullmatch(code.layout_hash):
        raise SheetCodeError(f"Layout hash {code.layout_hash!r} must be 12 lowercase hex digits.")
    if not is_nonce(code.nonce):
        raise SheetCodeError(f"Nonce {code.nonce!r} must be 13 characters of 0-9 and A-Z (see new_nonce()).")
    return (
        f"{VERSION}{_base36(int(code.layout_hash, 16), HASH_LEN)}{code.nonce}"
        f"{_DIGITS[code.round_no]}{_DIGITS[code.sheet_index]}{_DIGITS[code.sheet_count]}{code.election}"
    )


def decode(text: str | bytes) -> SheetCode:
    """Parse a QR text; raises SheetCodeError (and nothing else) on anything that is not a sheet code."""
    try:
        if isinstance(text, (bytes, bytearray, memoryview)):
            text = bytes(text).decode("ascii")
        if not isinstance(text, str):
            raise SheetCodeError(f"A sheet code must be text, not {type(text).__name__}.")
        match = _CODE.fullmatch(text.strip())
    except UnicodeDecodeError as exc:
        raise SheetCodeError("The QR does not hold a ballot sheet code (it is not plain ASCII text).") from exc
    if match is None:
        raise SheetCodeError("The QR does not hold a ballot sheet code of this program.")
    hash36, nonce, round36, index36, count36, election = match.groups()
    layout_value = int(hash36, 36)
    if layout_value >= 16**12:
        raise SheetCodeError("The QR's layout hash is out of range, so it is not one of our sheet codes.")
    index, count = int(index36, 36), int(count36, 36)
    if index > count:
        raise SheetCodeError(f"The QR says sheet {index} of {count}, which cannot be.")
    return SheetCode(VERSION, election, int(round36, 36), index, count, f"{layout_value:012x}", nonce)


def verify(code: SheetCode, layout: BallotLayout) -> None:
    """Check that a decoded sheet belongs to this layout; SheetCodeError with `reason` set when not."""
    spec = layout.spec
    if code.election != spec.election:
        raise SheetCodeError(
            f"The sheet belongs to another election ({code.election}, expected {spec.election}).",
            "another election",
        )
    if code.round_no != spec.round_no:
        raise SheetCodeError(
            f"The sheet belongs to another round (round {code.round_no}, expected round {spec.round_no}).",
            "another round",
        )
    if code.layout_hash != layout.layout_hash or code.sheet_count != layout.sheet_count:
        raise SheetCodeError(
            f"The sheet's layout does not match ({code.layout_hash}, expected {layout.layout_hash}).",
            "layout does not match",
        )
    if not 1 <= code.sheet_index <= layout.sheet_count:
        raise SheetCodeError(
            f"Sheet index {code.sheet_index} is out of range for a ballot of {layout.sheet_count} sheet(s).",
            "sheet index out of range",
        )
