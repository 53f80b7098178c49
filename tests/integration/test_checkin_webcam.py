"""The webcam reader on recorded frames: badges held up to a camera, tilted, blurred, noisy."""

import cv2
import numpy as np
from sqlmodel import func, select

from congress import db
from congress.badges import service as badges
from congress.badges.pdf import QUIET, qr_modules
from congress.checkin import service as checkin
from congress.checkin import webcam
from congress.checkin.sittings import open_sitting
from congress.congresses import create_congress
from congress.models import CheckinEvent, Delegate


def _badge_image(code: str, module_px: int = 6) -> np.ndarray:
    matrix = np.array(qr_modules(code), dtype=bool)
    grid = np.pad(matrix, QUIET)
    image = np.where(grid, 0, 255).astype(np.uint8)
    return cv2.resize(image, None, fx=module_px, fy=module_px, interpolation=cv2.INTER_NEAREST)


def _frame(badge: np.ndarray | None, rng: np.random.Generator, angle: float = 0.0) -> np.ndarray:
    """A 640×480 BGR frame: a textured desk, the badge rotated and placed, blur and sensor noise."""
    frame = rng.integers(90, 160, (480, 640), dtype=np.uint8)
    if badge is not None:
        h, w = badge.shape
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        turned = cv2.warpAffine(badge, m, (w, h), borderValue=255)
        y, x = int(rng.integers(20, 480 - h - 20)), int(rng.integers(20, 640 - w - 20))
        frame[y:y + h, x:x + w] = turned
    frame = cv2.GaussianBlur(frame, (3, 3), 0.8)
    noisy = np.clip(frame.astype(np.int16) + rng.normal(0, 6, frame.shape).astype(np.int16), 0, 255).astype(np.uint8)
    return cv2.cvtColor(noisy, cv2.COLOR_GRAY2BGR)


class Recorded:
    """A cv2.VideoCapture stand-in that plays back a list of frames."""

    def __init__(self, frames: list[np.ndarray]) -> None:
        self.frames = iter(frames)

    def read(self) -> tuple[bool, np.ndarray | None]:
        frame = next(self.frames, None)
        return (frame is not None, frame)


def test_each_badge_shown_to_the_camera_is_checked_in_once(engine, actor) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(5)
    with db.unit_of_work(engine) as session:
        create_congress(session, actor, name="Đại hội thử", level="xa", kind="delegates")
        people = [Delegate(family_name="Nguyễn", middle_name="Văn", given_name=g, category="official")
                  for g in ("An", "Bình", "Cường")]
        session.add_all(people)
        session.flush()
        codes = [i.code for i in badges.issue(session, actor, people)]
        open_sitting(session, actor, 1, "Phiên thứ nhất")
    frames: list[np.ndarray] = []
    for k, code in enumerate(codes):
        image = _badge_image(code)
        frames += [_frame(None, rng) for _ in range(4)]
        frames += [_frame(image, rng, angle=(-12 + 12 * k) + j) for j in range(8)]  # held still for 8 frames
    frames += [_frame(None, rng) for _ in range(3)]
    frames += [_frame(_badge_image(codes[2]), rng, 5) for _ in range(3)]  # the last comes back too soon…
    frames += [_frame(None, rng) for _ in range(20)]
    frames += [_frame(_badge_image(codes[1]), rng, -3) for _ in range(3)]  # …and the second much later

    def check_in(code: str) -> str:
        with db.unit_of_work(engine) as session:
            return checkin.scan(session, actor, code, station="Camera 1").decision.outcome.value

    outcomes = webcam.run(Recorded(frames), check_in, rearm_frames=10)
    assert outcomes == ["ok", "ok", "ok", "already"]
    with db.unit_of_work(engine) as session:
        entries = session.exec(select(func.count()).select_from(CheckinEvent).where(CheckinEvent.kind == "entry")).one()
    assert entries == 3


def test_debouncer_passes_a_code_once_until_it_has_been_away() -> None:
    d = webcam.Debouncer(rearm_frames=2)
    assert d.feed(["DBZABC"]) == ["DBZABC"]
    assert d.feed(["dbzabc"]) == []
    assert d.feed([]) == [] and d.feed([]) == []
    assert d.feed(["DBZABC", "DBZXYZ"]) == ["DBZABC", "DBZXYZ"]
