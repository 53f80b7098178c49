"""Per-process memo keyed by an object's identity: derived masks of a template or a sheet layout.

Templates and layouts are immutable and live for the whole run, but they are not hashable
cheaply (arrays, big dataclasses). The entry keeps the object alive, so its id cannot be reused
by another object while the entry exists; the store is bounded (a worker sees few layouts).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
LIMIT = 64


def by_identity(store: dict[Hashable, tuple[Any, Any]], obj: object, make: Callable[[], T],
                extra: Hashable = ()) -> T:
    """`make()` for `obj` (and `extra`), computed once and kept in `store`."""
    key = (id(obj), extra)
    entry = store.get(key)
    if entry is None or entry[0] is not obj:
        if len(store) > LIMIT:
            store.clear()
        entry = store[key] = (obj, make())
    return entry[1]
