"""Print badges: select who, issue new codes, render the PDF — one transaction, file last.

The new codes are committed only once the PDF is complete, and the file appears under its name
only after the commit, so a failure (or quitting half-way) leaves the old badges valid. The CLI
and the TUI both print through here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from congress import db
from congress.actor import Actor
from congress.badges import pdf
from congress.badges import service as badges
from congress.errors import CongressError

Progress = Callable[[str, int], None]  # (step: select|issue|faces|render, how many people)


@dataclass(frozen=True)
class BadgePrint:
    out: Path
    pages: int
    layout: str
    rows: list[dict]  # delegate, code, name, hint, voting — never the badge code itself


def print_badges(engine: Engine, actor: Actor, out: Path, *, layout: str = "a6", only: Sequence[str] = (),
                 delegation: str | None = None, category: str | None = None, reprint: bool = False,
                 photo_root: Path | None = None, progress: Progress | None = None) -> BadgePrint:
    """Issue (or reprint) badges for the chosen people and write them to `out` as a PDF."""
    step = progress or (lambda _step, _n: None)
    if layout not in pdf.LAYOUTS:
        raise CongressError(f"Khổ thẻ '{layout}' không có; chọn một trong: {', '.join(sorted(pdf.LAYOUTS))}.")
    out = Path(out)
    if not out.parent.is_dir():
        raise CongressError(f"Thư mục {out.parent} để ghi {out.name} không tồn tại.")
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        with db.unit_of_work(engine) as session:
            step("select", 0)
            people = badges.select_for_print(session, only=only, delegation=delegation, category=category,
                                             reprint=reprint)
            if not people:
                raise CongressError("Không có ai cần in thẻ: mọi người đã có thẻ (dùng --reprint hoặc --only để in lại).")
            step("issue", len(people))
            issued = badges.issue(session, actor, people)
            step("faces", len(people))
            faces = badges.faces(session, issued, photo_root or Path.cwd())
            step("render", len(people))
            try:
                with tmp.open("wb") as fh:
                    pages = pdf.render(faces, fh, layout)
                    fh.flush()
                    os.fsync(fh.fileno())
            except OSError as exc:
                raise CongressError(f"Không ghi được tệp {out}: {exc.strerror}.") from None
            rows = [{"delegate": i.delegate.id, "code": i.delegate.code, "name": f.name, "hint": i.badge.hint,
                     "voting": f.voting} for i, f in zip(issued, faces, strict=True)]
        os.replace(tmp, out)  # only after the commit: the file never carries uncommitted codes
    finally:
        tmp.unlink(missing_ok=True)
    return BadgePrint(out, pages, layout, rows)
