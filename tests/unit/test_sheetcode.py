"""The sheet code in the QR: round trip, a version-2 QR always, strict parsing, and verification reasons."""

from __future__ import annotations

import dataclasses
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ballots.errors import SheetCodeError
from ballots.layout import plan_ballot
from ballots.printing import qr_matrix
from ballots.sheetcode import MAX_CODE_LEN, VERSION, SheetCode, decode, encode, is_nonce, new_nonce, verify
from tests.unit.test_layout_samples import sample_spec

QR_ALPHANUMERIC = set(string.digits + string.ascii_uppercase + " $%*+-./:")

codes = st.builds(
    SheetCode,
    version=st.just(VERSION),
    election=st.text(alphabet=string.ascii_uppercase + string.digits + "-", min_size=1, max_size=8),
    round_no=st.integers(1, 35),
    sheet_index=st.just(1),
    sheet_count=st.integers(1, 35),
    layout_hash=st.text(alphabet="0123456789abcdef", min_size=12, max_size=12),
    nonce=st.text(alphabet=string.digits + string.ascii_uppercase, min_size=13, max_size=13),
).flatmap(lambda c: st.integers(1, c.sheet_count).map(lambda i: dataclasses.replace(c, sheet_index=i)))


@given(codes)
def test_encode_then_decode_gives_the_same_code(code: SheetCode) -> None:
    text = encode(code)
    assert decode(text) == code
    assert decode(text.encode("ascii")) == code
    assert len(text) <= MAX_CODE_LEN and set(text) <= QR_ALPHANUMERIC


@settings(max_examples=30)
@given(codes)
def test_every_code_fits_a_version_2_qr(code: SheetCode) -> None:
    assert len(qr_matrix(encode(code))) == 25


@given(st.one_of(st.text(), st.binary(), st.none(), st.integers(), st.lists(st.integers())))
def test_decode_raises_only_sheet_code_error_on_anything(junk: object) -> None:
    # Random input is never one of our codes; anything but SheetCodeError would fail the test.
    with pytest.raises(SheetCodeError):
        decode(junk)  # type: ignore[arg-type]


@given(codes, st.integers(0, 40), st.characters())
def test_a_damaged_code_is_refused_or_still_a_well_formed_code(code: SheetCode, at: int, char: str) -> None:
    text = encode(code)
    damaged = text[:at] + char + text[at + 1 :]
    try:
        parsed = decode(damaged)
    except SheetCodeError:
        return
    assert encode(parsed) == damaged.strip()


def test_the_nonce_is_64_random_bits_in_13_base36_digits() -> None:
    nonces = {new_nonce() for _ in range(2000)}
    assert len(nonces) == 2000
    assert all(is_nonce(n) for n in nonces)
    assert max(int(n, 36) for n in nonces) < 2**64
    assert max(int(n, 36) for n in nonces) > 2**62  # the high bits are used too


@pytest.mark.parametrize(("field", "value"), [
    ("version", 2), ("election", "e7"), ("election", ""), ("round_no", 0), ("round_no", 36),
    ("sheet_index", 3), ("sheet_count", 36), ("layout_hash", "ABCDEF123456"), ("layout_hash", "abc"),
    ("nonce", "short"), ("nonce", "abcdefghijklm"),
])
def test_encode_refuses_a_field_out_of_range(field: str, value: object) -> None:
    good = SheetCode(VERSION, "E7", 1, 1, 2, "0123456789ab", "0" * 13)
    encode(good)
    with pytest.raises(SheetCodeError):
        encode(dataclasses.replace(good, **{field: value}))


def test_decode_refuses_impossible_values() -> None:
    good = encode(SheetCode(VERSION, "E7", 1, 2, 2, "ffffffffffff", "Z" * 13))
    assert decode(good).layout_hash == "ffffffffffff"
    with pytest.raises(SheetCodeError, match="sheet 3 of 2"):
        decode(good[:-4] + "32" + good[-2:])  # index 3 of 2
    with pytest.raises(SheetCodeError, match="out of range"):
        decode("1" + "Z" * 10 + good[11:])  # a hash beyond 12 hex digits
    with pytest.raises(SheetCodeError):
        decode("2" + good[1:])  # an unknown version


@pytest.fixture(scope="module")
def layouts() -> dict[str, object]:
    return {
        "base": plan_ballot(sample_spec(30)),
        "other election": plan_ballot(sample_spec(30, election="E8")),
        "other round": plan_ballot(sample_spec(30, round_no=2)),
        "other names": plan_ballot(sample_spec(30, names=tuple(reversed(sample_spec(30).names)))),
        "long": plan_ballot(sample_spec(250)),
    }


def _code_for(layout, index: int = 1) -> SheetCode:  # type: ignore[no-untyped-def]
    return SheetCode(VERSION, layout.spec.election, layout.spec.round_no, index, layout.sheet_count,
                     layout.layout_hash, new_nonce())


def test_a_code_of_the_layout_verifies(layouts: dict) -> None:  # type: ignore[type-arg]
    for layout in layouts.values():
        for index in range(1, layout.sheet_count + 1):
            verify(decode(encode(_code_for(layout, index))), layout)


@pytest.mark.parametrize(("source", "reason"), [
    ("other election", "another election"), ("other round", "another round"),
    ("other names", "layout does not match"), ("long", "layout does not match"),
])
def test_a_code_from_elsewhere_fails_with_its_reason(layouts: dict, source: str, reason: str) -> None:  # type: ignore[type-arg]
    code = decode(encode(_code_for(layouts[source])))
    with pytest.raises(SheetCodeError) as caught:
        verify(code, layouts["base"])
    assert caught.value.reason == reason
    assert reason.split()[-1] in str(caught.value)


def test_a_sheet_index_beyond_the_ballot_fails_with_its_reason(layouts: dict) -> None:  # type: ignore[type-arg]
    base = layouts["base"]
    code = dataclasses.replace(_code_for(base), sheet_index=2, sheet_count=1)
    with pytest.raises(SheetCodeError) as caught:
        verify(code, base)
    assert caught.value.reason == "sheet index out of range"
