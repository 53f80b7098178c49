"""What a reviewer needs to see of a stored side: its image and the crop of one row.

The kept copy of the scanned file (data folder, content-addressed) is decoded again and aligned to
the round's layout by the reader, so a recount or a review never depends on the original file.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sqlmodel import Session

from ballots.errors import BallotError
from ballots.reading import row_crop_png, sheet_png
from congress.elections.layouts import round_layout
from congress.errors import CongressError
from congress.models import Round, SheetRecord
from congress.scanning.sources import find_kept, page_image


def side_image(scans_dir: Path, record: SheetRecord) -> np.ndarray:
    """The greyscale page of a stored side, from the kept copy."""
    if record.method != "scan" or not record.image_sha256:
        raise CongressError("Tờ phiếu này được nhập tay; không có ảnh quét.")
    return page_image(find_kept(scans_dir, record.image_sha256), record.page)


def _layouts(session: Session, record: SheetRecord) -> dict:
    rnd = session.get(Round, record.round_id)
    assert rnd is not None
    layout = round_layout(session, rnd)
    return {layout.layout_hash: layout}


def row_crop(session: Session, scans_dir: Path, record: SheetRecord, number: int) -> bytes:
    """PNG of the row with ballot number `number`, aligned to the layout (for the review screen)."""
    try:
        return row_crop_png(side_image(scans_dir, record), _layouts(session, record), number)
    except BallotError as exc:
        raise CongressError(f"Không cắt được dòng {number} của tờ phiếu: {exc}") from None


def sheet_preview(session: Session, scans_dir: Path, record: SheetRecord, max_side: int = 1000) -> bytes:
    """PNG of the whole aligned side, downscaled."""
    try:
        return sheet_png(side_image(scans_dir, record), _layouts(session, record), max_side)
    except BallotError as exc:
        raise CongressError(f"Không hiển thị được tờ phiếu: {exc}") from None
