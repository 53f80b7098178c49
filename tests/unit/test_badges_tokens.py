"""Badge codes: format, entropy, lenient parsing, the check symbol, hashing, redaction."""

import math

import pytest
import qrcode
from qrcode.util import MODE_ALPHA_NUM

from congress.badges import tokens
from congress.badges.tokens import ALPHABET, PREFIX, TokenProblem


def test_codes_are_prefix_plus_unambiguous_symbols_with_at_least_80_random_bits() -> None:
    codes = {tokens.generate() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert code.startswith(PREFIX) and len(code) == tokens.CODE_LENGTH
        assert set(code[len(PREFIX):]) <= set(ALPHABET)
    assert not set("01ILOYZ") & set(ALPHABET)
    assert tokens.RANDOM_LENGTH * math.log2(len(ALPHABET)) >= 80


def test_every_symbol_position_is_used_uniformly_enough() -> None:
    seen = {symbol: 0 for symbol in ALPHABET}
    for _ in range(600):
        for symbol in tokens.generate()[len(PREFIX):-1]:
            seen[symbol] += 1
    assert min(seen.values()) > 0.5 * (600 * tokens.RANDOM_LENGTH / len(ALPHABET))


def test_code_fits_qr_alphanumeric_mode() -> None:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q)
    qr.add_data(tokens.generate())
    qr.make(fit=True)
    assert [chunk.mode for chunk in qr.data_list] == [MODE_ALPHA_NUM]
    assert qr.version <= 2


@pytest.mark.parametrize("dress", [
    lambda c: c.lower(),
    lambda c: f"  {c}\r\n",
    lambda c: f"{c}\t",
    lambda c: tokens.grouped(c),
    lambda c: tokens.grouped(c).lower().replace("-", " "),
])
def test_parse_is_lenient_about_case_white_space_and_separators(dress) -> None:  # type: ignore[no-untyped-def]
    code = tokens.generate()
    parsed = tokens.parse(dress(code))
    assert parsed.code == code and not parsed.layout_swapped


def test_qwertz_yz_swap_is_repaired_when_the_prefix_shows_it() -> None:
    code = tokens.generate()
    typed = code.translate(str.maketrans("YZ", "ZY"))
    assert typed.startswith("DBY")
    parsed = tokens.parse(typed.lower())
    assert parsed.code == code and parsed.layout_swapped


def test_every_single_wrong_symbol_is_caught_by_the_check() -> None:
    code = tokens.generate()
    for i in range(len(PREFIX), len(code)):
        for symbol in ALPHABET:
            if symbol != code[i]:
                with pytest.raises(TokenProblem) as err:
                    tokens.parse(code[:i] + symbol + code[i + 1:])
                assert err.value.code == "bad_check"


def test_every_swap_of_two_symbols_is_caught_by_the_check() -> None:
    code = tokens.generate()
    body = list(code[len(PREFIX):])
    for i in range(len(body)):
        for j in range(i + 1, len(body)):
            if body[i] == body[j]:
                continue
            swapped = body.copy()
            swapped[i], swapped[j] = swapped[j], swapped[i]
            with pytest.raises(TokenProblem):
                tokens.parse(PREFIX + "".join(swapped))


@pytest.mark.parametrize(("text", "reason"), [
    ("", "empty"),
    ("\r\n", "empty"),
    ("DB", "truncated"),
    ("8935049501234", "not_a_badge"),
    ("https://example.org", "not_a_badge"),
])
def test_problems_name_their_reason(text: str, reason: str) -> None:
    with pytest.raises(TokenProblem) as err:
        tokens.parse(text)
    assert err.value.code == reason and err.value.message


def test_truncated_too_long_and_look_alike_codes_are_refused_with_their_reason() -> None:
    code = tokens.generate()
    for cut in (len(PREFIX) + 1, len(code) - 1):
        with pytest.raises(TokenProblem) as err:
            tokens.parse(code[:cut])
        assert err.value.code == "truncated" and "cụt" in err.value.message
    with pytest.raises(TokenProblem) as err:
        tokens.parse(code + "2")
    assert err.value.code == "too_long"
    with pytest.raises(TokenProblem) as err:
        tokens.parse(code[:-2] + "O" + code[-1])
    assert err.value.code == "bad_symbol" and "O" in err.value.message


def test_split_scans_drops_the_empty_scan_of_a_double_enter() -> None:
    a, b = tokens.generate(), tokens.generate()
    assert tokens.split_scans(f"{a}\r\n\r\n{b}\t\n") == [a, b]
    assert tokens.split_scans("\n\n") == []


def test_hash_is_stable_distinct_and_reveals_nothing_of_the_code() -> None:
    a, b = tokens.generate(), tokens.generate()
    assert tokens.token_hash(a) == tokens.token_hash(a) != tokens.token_hash(b)
    assert len(tokens.token_hash(a)) == 64 and a[len(PREFIX):] not in tokens.token_hash(a)


def test_redaction_keeps_only_the_hint_of_anything_badge_like() -> None:
    code = tokens.generate()
    assert tokens.redact(code) == PREFIX + "*" * (tokens.RANDOM_LENGTH + 1 - 4) + code[-4:]
    assert code[len(PREFIX):-4] not in tokens.redact(code[:-1])
    assert tokens.redact("  8935049501234 ") == "8935049501234"
