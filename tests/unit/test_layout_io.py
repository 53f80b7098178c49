"""Stored ballot layouts: an exact round trip through JSON, and nothing altered or malformed gets back in."""

from __future__ import annotations

import copy
import json
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ballots.layout as layout_module
from ballots.errors import LayoutError
from ballots.layout import BallotLayout, Form, plan_ballot
from ballots.layout_io import FORMAT_VERSION, layout_from_dict, layout_to_dict
from tests.unit.test_layout_samples import sample_spec

SIZES = (1, 5, 30, 105, 250)


@pytest.fixture(scope="module", params=[(n, f) for f in Form for n in SIZES], ids=lambda p: f"{p[1]}-{p[0]}")
def layout(request: pytest.FixtureRequest) -> BallotLayout:
    count, form = request.param
    return plan_ballot(sample_spec(count, form))


@pytest.fixture(scope="module")
def stored() -> dict[str, Any]:
    """A 30-name strike ballot as stored (tests deep-copy it before changing it)."""
    return layout_to_dict(plan_ballot(sample_spec(30)))


def _json_types_only(value: Any, path: str = "") -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            assert isinstance(k, str), path
            _json_types_only(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _json_types_only(v, f"{path}[{i}]")
    else:
        assert value is None or type(value) in (str, int, float, bool), (path, type(value))
        assert not isinstance(value, float) or math.isfinite(value), path


def test_a_layout_round_trips_exactly(layout: BallotLayout) -> None:
    data = layout_to_dict(layout)
    _json_types_only(data)
    assert data["format_version"] == FORMAT_VERSION and data["layout_hash"] == layout.layout_hash
    back = layout_from_dict(data)
    assert back == layout
    assert layout_to_dict(back) == data


def test_a_layout_round_trips_through_json_text(layout: BallotLayout) -> None:
    text = json.dumps(layout_to_dict(layout), ensure_ascii=False, allow_nan=False)
    back = layout_from_dict(json.loads(text))
    assert back == layout
    assert back.layout_hash == layout.layout_hash and back.basis == layout.basis
    # Exact floats, not merely close ones: every coordinate is the very same double.
    for mine, theirs in zip(back.rows, layout.rows, strict=True):
        assert (mine.name_box.x, mine.name_box.w, mine.y, mine.baseline) == \
            (theirs.name_box.x, theirs.name_box.w, theirs.y, theirs.baseline)
        assert mine.name == theirs.name and isinstance(mine.ticks, tuple)


def test_a_stored_layout_survives_a_change_of_the_layout_code(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = sample_spec(30)
    printed = layout_to_dict(plan_ballot(spec))
    # A software update: wider margins, a new drawing version and other font files.
    monkeypatch.setattr(layout_module, "SIDE", layout_module.SIDE + 4.0)
    monkeypatch.setattr(layout_module, "LAYOUT_VERSION", 99)
    monkeypatch.setattr(layout_module, "fonts_digest", lambda: "0" * 16)
    replanned = plan_ballot(spec)
    assert replanned.layout_hash != printed["layout_hash"]
    assert replanned.rows[0].name_box != layout_from_dict(printed).rows[0].name_box
    loaded = layout_from_dict(json.loads(json.dumps(printed)))
    assert loaded.layout_hash == printed["layout_hash"] and loaded.basis.layout_version == 1


def _set(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    target: Any = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return changed


ROW = ("sheets", 0, "rows", 3)

TAMPERED = {
    "a moved name box": (lambda d: _set(d, (*ROW, "name_box", 0), d["sheets"][0]["rows"][3]["name_box"][0] + 1.0),
                         "layout_hash"),
    "a moved tick": (lambda d: _set(d, (*ROW, "ticks", 0, 1), d["sheets"][0]["rows"][3]["ticks"][0][1] - 0.5),
                     "layout_hash"),
    "a changed row name": (lambda d: _set(d, (*ROW, "name"), "Nguyễn Văn Khác"), "sheets[0].rows[3].name"),
    "a changed name everywhere": (
        lambda d: _set(_set(d, ("spec", "names", 3), "Nguyễn Văn Khác"), (*ROW, "name"), "Nguyễn Văn Khác"),
        "layout_hash"),
    "a changed seat count": (lambda d: _set(d, ("spec", "seats"), 20), "layout_hash"),
    "a changed title": (lambda d: _set(d, ("spec", "texts", "title"), "PHIẾU KHÁC"), "layout_hash"),
    "another hash": (lambda d: _set(d, ("layout_hash",), "0123456789ab"), "layout_hash"),
    "another hash basis": (lambda d: _set(d, ("basis", "layout_version"), 2), "layout_hash"),
}

MALFORMED = {
    "not an object": (lambda d: [d], "JSON object"),
    "another format": (lambda d: _set(d, ("format",), "something"), "format"),
    "a newer format": (lambda d: _set(d, ("format_version",), FORMAT_VERSION + 1), "format_version"),
    "a missing field": (lambda d: {k: v for k, v in d.items() if k != "columns"}, "columns is missing"),
    "a missing nested field": (lambda d: _set(d, ("sheets", 0, "qr"), None), "sheets[0].qr"),
    "an unknown key": (lambda d: _set(d, ("spec", "colour"), "red"), "spec"),
    "a text for a number": (lambda d: _set(d, (*ROW, "y"), "12.5"), "sheets[0].rows[3].y"),
    "true for a number": (lambda d: _set(d, ("spec", "round_no"), True), "spec.round_no"),
    "an infinite coordinate": (lambda d: _set(d, (*ROW, "baseline"), math.inf), "sheets[0].rows[3].baseline"),
    "a short rect": (lambda d: _set(d, (*ROW, "band"), [1.0, 2.0, 3.0]), "sheets[0].rows[3].band"),
    "a negative size": (lambda d: _set(d, (*ROW, "band", 2), -1.0), "sheets[0].rows[3].band"),
    "three ticks": (lambda d: _set(d, (*ROW, "ticks"), d["sheets"][0]["rows"][3]["ticks"] * 2), "ticks"),
    "an unknown form": (lambda d: _set(d, ("spec", "form"), "circles"), "spec.form"),
    "an unknown corner": (lambda d: _set(d, ("sheets", 0, "markers", 0, "corner"), "XX"), "markers[0].corner"),
    "two markers in a corner": (lambda d: _set(d, ("sheets", 0, "markers", 1, "corner"), "TL"), "sheets[0].markers"),
    "a row dropped": (lambda d: _set(d, ("sheets", 0, "rows"), d["sheets"][0]["rows"][:-1]), "30 names"),
    "rows out of order": (lambda d: _set(d, (*ROW, "number"), 5), "sheets[0].rows[3].number"),
    "a row in no column": (lambda d: _set(d, (*ROW, "column"), 7), "sheets[0].rows[3].column"),
    "boxes on a strike ballot": (lambda d: _set(d, (*ROW, "agree_box"), [1.0, 1.0, 7.0, 7.0]), "agree_box"),
    "three column heads": (lambda d: _set(d, ("spec", "texts", "column_heads"), ["a", "b", "c"]), "column_heads"),
    "a lone surrogate": (lambda d: _set(d, ("spec", "texts", "term"), "\ud800"), "spec.texts.term"),
    "no sheets": (lambda d: _set(d, ("sheets",), []), "sheets"),
    "a bad hash text": (lambda d: _set(d, ("layout_hash",), "XYZ"), "layout_hash"),
    "a sheet of other paper": (lambda d: _set(d, ("sheets", 0, "paper"), "A3"), "sheets[0].paper"),
}


@pytest.mark.parametrize("case", list(TAMPERED), ids=list(TAMPERED))
def test_tampered_layouts_are_refused_by_their_hash(stored: dict[str, Any], case: str) -> None:
    change, field = TAMPERED[case]
    with pytest.raises(LayoutError, match=r"\S") as err:
        layout_from_dict(change(stored))
    assert field in str(err.value)


@pytest.mark.parametrize("case", list(MALFORMED), ids=list(MALFORMED))
def test_malformed_layouts_are_refused_naming_the_field(stored: dict[str, Any], case: str) -> None:
    change, field = MALFORMED[case]
    with pytest.raises(LayoutError) as err:
        layout_from_dict(change(stored))
    message = str(err.value)
    assert field in message and "\n" not in message


def test_a_boxes_ballot_without_its_boxes_is_refused() -> None:
    data = layout_to_dict(plan_ballot(sample_spec(5, Form.BOXES)))
    with pytest.raises(LayoutError, match=r"sheets\[0\]\.rows\[2\]\.agree_box"):
        layout_from_dict(_set(data, ("sheets", 0, "rows", 2, "disagree_box"), None))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5),
    max_leaves=25,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for k, v in value.items():
            found += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value[:6]):  # the first rows are representative of the rest
            found += _paths(v, (*prefix, i))
    return found


KEYS = st.sampled_from(["spec", "sheets", "layout_hash", "paper", "columns", "basis"]) | st.text(max_size=6)


@settings(max_examples=150, deadline=None)
@given(data=st.dictionaries(KEYS, JSON, max_size=6))
def test_random_objects_raise_nothing_but_layout_error(data: dict[str, Any]) -> None:
    for candidate in (data, {"format": "ballot-layout", "format_version": FORMAT_VERSION, **data}):
        with pytest.raises(LayoutError):
            layout_from_dict(candidate)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choice=st.integers(min_value=0), value=JSON)
def test_a_stored_layout_with_any_value_replaced_loads_or_raises_layout_error(
        stored: dict[str, Any], choice: int, value: Any) -> None:
    paths = _paths(stored)
    path = paths[choice % len(paths)]
    changed = _set(stored, path, value)
    try:
        loaded = layout_from_dict(changed)
    except LayoutError as exc:
        assert str(exc).strip()
    else:  # only an equal value (e.g. the same number) may get through, and then nothing changed
        assert layout_to_dict(loaded) == changed
