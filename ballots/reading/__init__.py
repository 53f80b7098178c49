"""Read scanned or photographed ballot sides (OpenCV): decide each name, never guess silently.

Pipeline per side (SCANNER.md): decode -> blank gate -> ArUco corner markers -> QR (zxing-cpp)
on its corner -> sheet code against our layouts -> homography -> per-row alignment -> evidence
per name -> struck / kept / uncertain (boxes: agree / disagree / both / none / uncertain) ->
residual ink -> a proposal for the side.

decode     bytes -> greyscale pages, SHA-256, refusal of bad files (`ImageError`)
markers    ArUco in the corner crops      qr        zxing-cpp on a crop
identify   QR text -> our layout, or a rejection with the reason
registration  homography, gates, warp into template space (mm x 6 px)
template   our own PDF rendered once per layout and worker
page       blank gate, scanner streaks, ink mask     rows   per-row alignment and reading
evidence   strike evidence   boxes   box evidence   decide   thresholds -> decisions
residual   ink outside the allowed zones               side   the whole pipeline
parallel   Reader / read_many (one process per core)    crops   PNGs for review    report   threshold_report
"""

from ballots.reading.crops import row_crop_png, sheet_png
from ballots.reading.decide import THRESHOLDS
from ballots.reading.decode import DecodedFile, decode_bytes
from ballots.reading.model import (
    InkBlob,
    NameReading,
    Proposal,
    Registration,
    Rejection,
    SheetReading,
    Status,
)
from ballots.reading.parallel import Reader, read_many
from ballots.reading.report import threshold_report
from ballots.reading.side import read_grey, read_pages, read_side

__all__ = [
    "THRESHOLDS",
    "DecodedFile",
    "InkBlob",
    "NameReading",
    "Proposal",
    "Reader",
    "Registration",
    "Rejection",
    "SheetReading",
    "Status",
    "decode_bytes",
    "read_grey",
    "read_many",
    "read_pages",
    "read_side",
    "row_crop_png",
    "sheet_png",
    "threshold_report",
]
