"""A planned ballot layout as plain JSON data, so a printed round is read with the geometry it was printed with.

`layout_to_dict` is lossless: `layout_from_dict(layout_to_dict(x)) == x`, floats exact (JSON floats
round-trip in Python), through `json.dumps`/`json.loads`. Loading never re-plans: it rebuilds the
dataclasses, checks the pieces agree with each other, and recomputes the layout hash over the loaded
geometry with the hash basis stored beside it (`ballots.layout.layout_hash`, the planner's own function),
so a later change to the layout code or the fonts cannot make a printed round unreadable.
Every malformed or inconsistent input is refused with a LayoutError naming the field.
"""

from __future__ import annotations

import math
import re
import types
from dataclasses import MISSING, fields, is_dataclass
from enum import Enum
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

from ballots.errors import LayoutError
from ballots.geometry import Rect
from ballots.layout import layout_hash
from ballots.layout_model import BallotLayout, Corner, Form

FORMAT = "ballot-layout"
FORMAT_VERSION = 1  # bump (and keep reading the old version) when the stored shape changes
_HASH = re.compile(r"[0-9a-f]{12}")
_NONE = type(None)


def layout_to_dict(layout: BallotLayout) -> dict[str, Any]:
    """The layout as JSON types only (dicts, lists, str, int, float, None); rects are [x, y, w, h]."""
    data = _dump(layout)
    return {"format": FORMAT, "format_version": FORMAT_VERSION, **data}


def layout_from_dict(data: Any) -> BallotLayout:
    """The layout stored by layout_to_dict; LayoutError (naming the field) when it is malformed or tampered."""
    if not isinstance(data, dict):
        raise LayoutError(f"A stored ballot layout must be a JSON object, not {_kind(data)}.")
    if data.get("format") != FORMAT:
        raise LayoutError(f"Stored ballot layout field format must be {FORMAT!r}, not {data.get('format')!r}.")
    version = data.get("format_version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise LayoutError(
            f"Stored ballot layout field format_version is {version!r}; this program reads version {FORMAT_VERSION}."
        )
    body = {k: v for k, v in data.items() if k not in ("format", "format_version")}
    layout = _load(BallotLayout, body, "")
    _check_consistent(layout)
    return layout


# --- writing ---------------------------------------------------------------------------------------


def _dump(value: Any) -> Any:
    if isinstance(value, Rect):
        return [value.x, value.y, value.w, value.h]
    if isinstance(value, Enum):
        return value.value
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _dump(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (tuple, list)):
        return [_dump(v) for v in value]
    return value


# --- reading: driven by the dataclasses' own type hints --------------------------------------------


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a text", bool: "true/false", _NONE: "null"}.get(
        type(value), "a number" if isinstance(value, (int, float)) else type(value).__name__)


def _where(path: str) -> str:
    return f"Stored ballot layout field {path or '(top)'}"


def _load(tp: Any, value: Any, path: str) -> Any:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        options = get_args(tp)
        if value is None and _NONE in options:
            return None
        (inner,) = [t for t in options if t is not _NONE]
        return _load(inner, value, path)
    if origin is tuple:
        return _load_tuple(get_args(tp), value, path)
    if tp is Rect:
        return _load_rect(value, path)
    if isinstance(tp, type) and issubclass(tp, Enum):
        member = next((m for m in tp if isinstance(value, str) and m.value == value), None)
        if member is None:
            allowed = ", ".join(repr(m.value) for m in tp)
            raise LayoutError(f"{_where(path)} must be one of {allowed}, not {value!r}.")
        return member
    if isinstance(tp, type) and is_dataclass(tp):
        return _load_dataclass(tp, value, path)
    if tp is str:
        return _load_str(value, path)
    if tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise LayoutError(f"{_where(path)} must be a whole number, not {_kind(value)}.")
    if tp is float:
        return _load_number(value, path)
    raise LayoutError(f"{_where(path)} has a type this reader does not know ({tp!r}).")  # pragma: no cover


def _load_str(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise LayoutError(f"{_where(path)} must be a text, not {_kind(value)}.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise LayoutError(f"{_where(path)} is not valid Unicode text.") from None
    return value


def _load_number(value: Any, path: str) -> float:
    # An int stays an int: the hash is over the values exactly as they were planned.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise LayoutError(f"{_where(path)} must be a number, not {_kind(value)}.")
    try:
        finite = math.isfinite(value)
    except OverflowError:
        finite = False
    if not finite:
        raise LayoutError(f"{_where(path)} must be a finite number, not {value!r}.")
    return value


def _load_rect(value: Any, path: str) -> Rect:
    if not isinstance(value, list) or len(value) != 4:
        raise LayoutError(f"{_where(path)} must be a rectangle [x, y, w, h] in mm, not {_kind(value)}.")
    x, y, w, h = (_load_number(v, f"{path}[{i}]") for i, v in enumerate(value))
    if w < 0 or h < 0:
        raise LayoutError(f"{_where(path)} has a negative width or height ({w!r} x {h!r} mm).")
    return Rect(x, y, w, h)


def _load_tuple(args: tuple[Any, ...], value: Any, path: str) -> tuple[Any, ...]:
    if not isinstance(value, list):
        raise LayoutError(f"{_where(path)} must be a list, not {_kind(value)}.")
    if len(args) == 2 and args[1] is Ellipsis:
        return tuple(_load(args[0], v, f"{path}[{i}]") for i, v in enumerate(value))
    if len(value) != len(args):
        raise LayoutError(f"{_where(path)} must have {len(args)} items, not {len(value)}.")
    return tuple(_load(t, v, f"{path}[{i}]") for i, (t, v) in enumerate(zip(args, value, strict=True)))


def _load_dataclass(cls: type, value: Any, path: str) -> Any:
    if not isinstance(value, dict):
        raise LayoutError(f"{_where(path)} must be an object, not {_kind(value)}.")
    hints = _hints(cls)
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(repr(k) for k in value if k not in known)
    if unknown:
        raise LayoutError(f"{_where(path)} has unknown keys: {', '.join(unknown)}.")
    kwargs: dict[str, Any] = {}
    for name, f in known.items():
        sub = f"{path}.{name}" if path else name
        if name not in value:
            if f.default is MISSING and f.default_factory is MISSING:
                raise LayoutError(f"{_where(sub)} is missing.")
            continue
        kwargs[name] = _load(hints[name], value[name], sub)
    try:
        return cls(**kwargs)
    except (LayoutError, TypeError, ValueError) as exc:
        raise LayoutError(f"{_where(path)} is not a valid {cls.__name__}: {exc}") from None


# --- consistency -----------------------------------------------------------------------------------


def _check_consistent(layout: BallotLayout) -> None:
    """The pieces must describe one ballot; then the hash must match the geometry it claims to cover."""
    spec = layout.spec
    if not _HASH.fullmatch(layout.layout_hash):
        raise LayoutError(f"{_where('layout_hash')} must be 12 lowercase hex digits, not {layout.layout_hash!r}.")
    if not layout.sheets:
        raise LayoutError(f"{_where('sheets')} is empty; a ballot has at least one sheet.")
    if layout.columns < 1:
        raise LayoutError(f"{_where('columns')} must be at least 1, not {layout.columns}.")
    if spec.paper is not None and spec.paper != layout.paper:
        raise LayoutError(f"{_where('paper')} is {layout.paper!r} but the spec asks for {spec.paper!r}.")
    number = 0
    first = layout.sheets[0]
    for i, sheet in enumerate(layout.sheets):
        where = f"sheets[{i}]"
        if sheet.index != i + 1:
            raise LayoutError(f"{_where(where + '.index')} is {sheet.index}, expected {i + 1}.")
        if (sheet.paper, sheet.page_w, sheet.page_h) != (layout.paper, first.page_w, first.page_h):
            raise LayoutError(f"{_where(where + '.paper')} differs from the ballot's paper {layout.paper!r}.")
        if sorted(m.corner for m in sheet.markers) != sorted(Corner):
            raise LayoutError(f"{_where(where + '.markers')} must hold one marker in each of the four corners.")
        if len({m.id for m in sheet.markers}) != len(sheet.markers):
            raise LayoutError(f"{_where(where + '.markers')} repeats a marker id.")
        for j, row in enumerate(sheet.rows):
            rwhere = f"{where}.rows[{j}]"
            number += 1
            if row.number != number:
                raise LayoutError(f"{_where(rwhere + '.number')} is {row.number}, expected {number}.")
            if number > len(spec.names) or row.name != spec.names[number - 1]:
                raise LayoutError(f"{_where(rwhere + '.name')} {row.name!r} is not name {number} of the spec.")
            if not 0 <= row.column < layout.columns:
                raise LayoutError(f"{_where(rwhere + '.column')} {row.column} is outside 0-{layout.columns - 1}.")
            boxed = row.agree_box is not None and row.disagree_box is not None
            if boxed != (spec.form is Form.BOXES) or (row.agree_box is None) != (row.disagree_box is None):
                raise LayoutError(f"{_where(rwhere + '.agree_box')} does not match the ballot form {spec.form.value!r}.")
    if number != len(spec.names):
        raise LayoutError(f"{_where('sheets')} hold {number} rows but the spec has {len(spec.names)} names.")
    expected = layout_hash(spec, layout.sheets, layout.basis)
    if expected != layout.layout_hash:
        raise LayoutError(
            f"{_where('layout_hash')} {layout.layout_hash} does not match the stored geometry (which hashes to "
            f"{expected}); the stored layout was altered or damaged."
        )
