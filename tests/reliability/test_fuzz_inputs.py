"""Fuzz of the pure parsers: QR sheet codes, badge codes through the check-in decision, manual-entry lines.

≥ 1,000 inputs per category per run (Hypothesis, no deadline). Each parser may only answer with the
project's own error type and a message that names what was wrong (the file and line for entries).
"""

from __future__ import annotations

import json
import string
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ballots.errors import SheetCodeError
from ballots.sheetcode import SheetCode, decode, encode
from congress.badges.tokens import CODE_LENGTH, BadgeCode, TokenProblem, generate, grouped, parse, split_scans
from congress.checkin.decision import (
    BadgeFacts,
    Decision,
    Direction,
    Movements,
    Outcome,
    PersonFacts,
    Scan,
    SittingFacts,
    decide,
)
from congress.counting.entries import parse_lines
from congress.errors import CongressError
from congress.registry.voting import voting_right

FUZZ = settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
QR_CHARS = string.digits + string.ascii_uppercase + " $%*+-./:"

# --- QR payloads ----------------------------------------------------------------------------------

_valid_code = encode(SheetCode(1, "BCH-XX", 2, 1, 3, "0123456789ab", "7K3QZ0M2HCRWT"))
qr_payloads = st.one_of(
    st.text(),
    st.binary(max_size=200),
    st.text(alphabet=QR_CHARS, max_size=40),
    # a real code with characters replaced, inserted or cut: the nearest misses
    st.tuples(st.integers(0, len(_valid_code)), st.integers(0, 3), st.text(alphabet=QR_CHARS, max_size=3)).map(
        lambda t: _valid_code[: t[0]] + t[2] + _valid_code[t[0] + t[1]:]),
)


@FUZZ
@given(qr_payloads)
def test_qr_payloads_decode_or_raise_sheet_code_error(payload: str | bytes) -> None:
    try:
        code = decode(payload)
    except SheetCodeError as exc:
        assert str(exc) and exc.reason
        return
    assert encode(code) == (payload.decode("ascii") if isinstance(payload, bytes) else payload).strip()


# --- badge codes through the check-in decision ---------------------------------------------------

_genuine = generate()
badge_texts = st.one_of(
    st.text(max_size=60),
    st.text(alphabet="DBZYdbzy23456789ABCDEFGHJKMNPQRSTUVWX01ILO -\t\n", max_size=30),
    st.tuples(st.integers(0, CODE_LENGTH), st.sampled_from(["", "X", "0", "Z", "Y", "-", "  ", "\t", "é"]),
              st.integers(0, 2)).map(lambda t: _genuine[: t[0]] + t[1] + _genuine[t[0] + t[2]:]),
    st.just(grouped(_genuine)),
    st.just(_genuine.lower()),
)
when = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 1, 1), timezones=st.just(UTC))
rights = st.builds(voting_right, st.sampled_from(["official", "alternate", "ex_officio", "appointed", "guest",
                                                  "nonsense"]),
                   st.sampled_from(["summoned", "recognised", "not_recognised", "weird"]), st.booleans(), st.booleans())
people = st.builds(PersonFacts, delegate_id=st.integers(1, 10**6), name=st.text(min_size=1, max_size=40),
                   category=st.text(max_size=12), right=rights, guest=st.booleans())
badges = st.builds(BadgeFacts, badge_id=st.integers(1, 10**6), delegate_id=st.integers(1, 10**6),
                   revoked_at=st.none() | when, replaced_at=st.none() | when)
sittings = st.builds(SittingFacts, sitting_id=st.integers(1, 50), number=st.integers(1, 50),
                     name=st.text(max_size=30), is_open=st.booleans(), closed=st.booleans(), internal=st.booleans())
movements = st.builds(Movements, entries=st.integers(0, 5), exits=st.integers(0, 5), last_entry_at=st.none() | when,
                      last_entry_station=st.text(max_size=10), last_exit_at=st.none() | when)


@FUZZ
@given(badge_texts, st.sampled_from(list(Direction)), st.none() | badges, st.none() | people, st.none() | sittings,
       st.none() | st.integers(1, 50), movements)
def test_badge_codes_get_a_decision_with_a_reason_never_a_crash(text, direction, badge, person, sitting,
                                                                requested, moves) -> None:  # type: ignore[no-untyped-def]
    try:
        token: BadgeCode | TokenProblem = parse(text)
    except TokenProblem as problem:
        assert problem.code and problem.message
        token = problem
    decision = decide(Scan(token, direction, badge, person, sitting, requested, moves))
    assert isinstance(decision, Decision) and decision.message and decision.reason
    if isinstance(token, TokenProblem) or badge is None or person is None:
        assert decision.outcome is Outcome.UNKNOWN and not decision.accepted
    if badge is not None and badge.revoked_at is not None and not isinstance(token, TokenProblem) and person:
        assert decision.outcome is Outcome.REVOKED  # 100 % refused, saying when it was replaced
    if decision.accepted:
        assert decision.entry_key and decision.kind in ("entry", "exit")
    else:
        assert decision.kind == "refused" and decision.entry_key is None


@FUZZ
@given(st.text(max_size=200))
def test_whatever_a_scanner_types_splits_into_parseable_or_refused_scans(typed: str) -> None:
    for scan in split_scans(typed):
        try:
            parse(scan)
        except TokenProblem as problem:
            assert problem.code in {"empty", "truncated", "not_a_badge", "bad_symbol", "too_long", "bad_check"}


# --- manual-entry lines --------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 40) | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(
        st.sampled_from(["struck", "kept", "agree", "disagree", "both", "invalid", "x", ""]) | st.text(max_size=6),
        inner, max_size=4),
    max_leaves=12,
)
entry_lines = st.one_of(
    st.text(max_size=80),
    json_values.map(lambda v: json.dumps(v, ensure_ascii=False)),
    st.dictionaries(st.sampled_from(["struck", "kept", "agree", "disagree", "both"]),
                    st.lists(st.integers(-2, 12), max_size=6), max_size=3).map(json.dumps),
)
SOURCE = "nhap-tay-may-2.jsonl"


@FUZZ
@given(st.lists(entry_lines, max_size=6), st.sampled_from(["strike", "boxes"]), st.integers(1, 10))
def test_manual_entry_lines_parse_or_name_the_file_and_line(lines: list[str], form: str, names: int) -> None:
    text = "\n".join(lines)
    try:
        entries = parse_lines(text, form, names, SOURCE)
    except CongressError as exc:
        message = str(exc)
        assert message.startswith(SOURCE) and "\n" not in message
        if message.startswith(f"{SOURCE}, dòng "):
            number = int(message.removeprefix(f"{SOURCE}, dòng ").split(":", 1)[0])
            assert 1 <= number <= len(text.splitlines())
        return
    for entry in entries:
        assert entry.invalid is not None or set(entry.marks) == set(range(1, names + 1))
