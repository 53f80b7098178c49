"""Pure parts of scanning: what a read side becomes, and the scanner-folder watch."""

import os

from ballots.reading import NameReading, Proposal, SheetReading, Status
from ballots.rules import Mark
from ballots.sheetcode import VERSION, SheetCode
from congress.scanning.records import plan_side, reason_text
from congress.scanning.watch import FolderWatch, watch

NONCE = "0123456789ABC"


def _read(nonce: str = NONCE, proposal: Proposal | None = None) -> SheetReading:
    code = SheetCode(VERSION, "BCH", 1, 1, 1, "0123456789ab", nonce)
    return SheetReading(Status.READ, None, "f" * 64, 0, code, code.layout_hash, 1,
                        marks=(NameReading(1, "Nguyễn Văn An", Mark.KEPT, {"cover": 0.0}),),
                        proposal=proposal or Proposal("valid"))


def test_a_genuine_sheet_keeps_the_readers_proposal_and_claims_its_identity() -> None:
    seen: set[str] = set()
    planned = plan_side(_read(), "ab" * 32, 2, seen, {NONCE})
    assert (planned.status, planned.identity_key, planned.content_key) == ("valid", f"{NONCE}:1", "ab" * 32 + ":2")
    assert seen == {f"{NONCE}:1"}
    review = plan_side(_read("ZZZZZZZZZZZZZ", Proposal("review", "uncertain_mark", "STT 1")), "cd" * 32, 0,
                       seen, {"ZZZZZZZZZZZZZ"})
    assert (review.status, review.reason) == ("review", "uncertain_mark")


def test_a_second_sighting_is_a_duplicate_and_claims_nothing() -> None:
    seen = {f"{NONCE}:1"}
    planned = plan_side(_read(), "ab" * 32, 0, seen, {NONCE})
    assert planned.status == "duplicate" and planned.identity_key is None
    assert "sao chụp" in reason_text(planned.status, planned.reason, planned.detail)


def test_an_unprinted_nonce_is_proposed_invalid_whatever_is_marked() -> None:
    planned = plan_side(_read(), "ab" * 32, 0, set(), set())
    assert (planned.status, planned.reason) == ("invalid", "not_issued")
    assert planned.identity_key == f"{NONCE}:1"  # a photocopy of a forged sheet is still caught
    assert reason_text(planned.status, planned.reason, planned.detail).startswith("Không phải phiếu do Ban kiểm phiếu")


def test_rejected_and_blank_sides() -> None:
    other = SheetReading(Status.REJECTED, "another election: This sheet belongs to another election (BT, round 1).")
    planned = plan_side(other, "ab" * 32, 0, set(), set())
    assert (planned.status, planned.reason) == ("rejected", "another election")
    assert reason_text(planned.status, planned.reason, planned.detail) == "Phiếu của cuộc bầu cử khác"
    blank = plan_side(SheetReading(Status.BLANK, "the side is blank"), "ab" * 32, 1, set(), set())
    assert blank.status == "blank" and blank.identity_key is None


def test_watch_hands_out_a_file_once_its_size_is_stable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    watcher = FolderWatch([tmp_path])
    f = tmp_path / "scan1.png"
    f.write_bytes(b"x" * 10)
    (tmp_path / "scan2.png.part").write_bytes(b"y")  # a partial file is never taken
    assert watcher.poll() == []  # first sighting
    f.write_bytes(b"x" * 20)  # still being written
    assert watcher.poll() == []
    assert watcher.poll() == [f]
    assert watcher.poll() == []  # handed out once


def test_watch_stops_at_its_deadline(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.png").write_bytes(b"a")
    os.utime(tmp_path / "a.png", (1, 1))
    now = [0.0]

    def sleep(s: float) -> None:
        now[0] += s

    batches = list(watch([tmp_path], interval=1.0, seconds=3.0, clock=lambda: now[0], sleep=sleep))
    assert [[p.name for p in b] for b in batches] == [["a.png"]]
    assert now[0] == 3.0
