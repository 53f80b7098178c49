"""A printed election round and its synthetic scans, built through the real commands.

`build_round` makes a congress with one strike-form election (5 names, 3 seats), prints `copies`
ballots with `congress ballots print` and renders one marked scan per printed copy (each with the
copy's own nonce, as a scanner would see the paper).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import cv2

from congress import db
from congress.cli import main
from tests.integration.counting_setup import printed_copies
from tests.reliability.crash import new_congress_db

ELECTION = "BCH"
NAMES = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Đức Cường", "Phạm Thị Dung", "Hoàng Văn Em")


@dataclass(frozen=True)
class PrintedRound:
    db_path: Path
    scans: Path  # folder with one PNG per printed copy
    files: tuple[Path, ...]


def _cli(*argv: str) -> None:
    code = main(list(argv))
    assert code == 0, f"congress {' '.join(argv)} failed with {code}"


def build_round(folder: Path, copies: int, *, seed: int = 1, db_url: str | None = None, dpi: int = 150) -> PrintedRound:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "congress.db"
    if db_url is None:
        new_congress_db(path)
        db_url = f"sqlite:///{path}"
    else:
        from datetime import date

        from congress.congresses import create_congress
        from tests.reliability.crash import ADMIN

        engine = db.make_engine(db_url)
        db.migrate(engine)
        with db.unit_of_work(engine) as session:
            create_congress(session, ADMIN, name="Đại hội thử quét", level="tinh", kind="delegates",
                            start_date=date(2025, 10, 14))
        engine.dispose()
    _cli("--db", db_url, "election", "create", "--title", "Ban Chấp hành khóa XX", "--seats", "3",
         "--code", ELECTION, "--form", "strike")
    for name in NAMES:
        _cli("--db", db_url, "candidates", "add", ELECTION, "--name", name)
    _cli("--db", db_url, "ballots", "print", ELECTION, "--out", str(folder / "phieu.pdf"), "--copies", str(copies))
    layout, nonces = printed_copies(db_url, ELECTION)
    cached = db._engines().pop(db_url, None)
    if cached is not None:
        cached.dispose()
    return PrintedRound(path, *render_scans(folder / "scans", layout, nonces, seed, dpi))


def render_scans(folder: Path, layout, nonces: list[str], seed: int, dpi: int) -> tuple[Path, tuple[Path, ...]]:  # type: ignore[no-untyped-def]
    from ballots.synth.corpus import make_side

    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    files = []
    for n, nonce in enumerate(nonces, start=1):
        struck = rng.sample(range(1, len(NAMES) + 1), rng.randint(0, 3))
        side = make_side(layout, 1, {k: "single" for k in struck}, dpi=dpi, seed=n, nonce=nonce)
        target = folder / f"scan-{n:04d}.png"
        cv2.imwrite(str(target), side.image)
        files.append(target)
    return folder, tuple(files)
