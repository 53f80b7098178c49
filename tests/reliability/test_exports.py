"""Export bundles: secrecy of their content, tampering caught by `export verify`, kill -9 while exporting.

One SQLite congress (demo delegates, an election entered by hand and closed) is exported once per
module with `congress export THU --format all`; the tests work on copies of it.
"""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from congress import db
from congress.cli import main
from congress.documents.manifest import MANIFEST, verify
from congress.errors import CongressError
from congress.models import AuditEvent, Badge, Candidate, Delegate, Delegation
from congress.vi import full_name
from tests.reliability.crash import Tally, delays, fresh_copy, integrity
from tests.reliability.zygote import Zygote

ENTRIES = '{"struck": [1]}\n{"struck": [2]}\n{"kept": [1, 3]}\n{"invalid": "ghi thêm tên"}\n'
FUZZ = settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                         HealthCheck.function_scoped_fixture])


@dataclass(frozen=True)
class Exported:
    db_path: Path
    folder: Path


def _cli(db_path: Path, *argv: str) -> None:
    code = main(["--db", str(db_path), *argv])
    assert code == 0, f"congress {' '.join(argv)} → {code}"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Exported]:
    base = tmp_path_factory.mktemp("export")
    path = base / "congress.db"
    _cli(path, "demo", "--no-tui", "--delegates", "30")
    _cli(path, "election", "create", "--title", "Ban Chấp hành", "--seats", "2", "--code", "THU", "--form", "strike")
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"):
        _cli(path, "candidates", "add", "THU", "--name", name)
    _cli(path, "ballots", "print", "THU", "--out", str(base / "p.pdf"), "--copies", "4")
    _cli(path, "ballots", "issue", "THU", "--count", "4")
    (base / "nhap.jsonl").write_text(ENTRIES, encoding="utf-8")
    _cli(path, "enter", "THU", "--file", str(base / "nhap.jsonl"))
    _cli(path, "close", "THU")
    _cli(path, "export", "THU", "--format", "all", "--out", str(base / "out"))
    cached = db._engines().pop(f"sqlite:///{path}", None)
    if cached is not None:
        cached.dispose()
    yield Exported(path, base / "out")


def _secrets(db_path: Path) -> list[str]:
    """Names and hashes that must never appear next to ballots (candidates' own names excepted)."""
    engine = db.make_engine(f"sqlite:///{db_path}")
    with db.unit_of_work(engine) as session:
        candidates = {full_name(c.family_name, c.middle_name, c.given_name) for c in session.exec(select(Candidate))}
        people = {full_name(d.family_name, d.middle_name, d.given_name) for d in session.exec(select(Delegate))}
        delegations = [d.name for d in session.exec(select(Delegation))]
        badges = [b.token_hash for b in session.exec(select(Badge))]
    engine.dispose()
    assert people and delegations, "nothing to look for: the check would prove nothing"
    return sorted(people - candidates) + delegations + badges


def _export_text(folder: Path) -> str:
    parts = []
    for path in folder.iterdir():
        if path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path, read_only=True)
            parts += [str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c]
        else:
            parts.append(path.read_text(encoding="utf-8-sig"))
    return "\n".join(parts)


def test_exports_and_count_audit_events_name_no_delegate_delegation_or_badge(exported: Exported) -> None:
    text = _export_text(exported.folder)
    assert "Nguyễn Văn An" in text  # the export does hold the candidates: the search below is meaningful
    leaked = [s for s in _secrets(exported.db_path) if s in text]
    assert leaked == []
    engine = db.make_engine(f"sqlite:///{exported.db_path}")
    with db.unit_of_work(engine) as session:
        payloads = [json.dumps(e.payload, ensure_ascii=False) for e in session.exec(select(AuditEvent))
                    if e.action.startswith(("scan.", "count.", "review."))]
    engine.dispose()
    assert payloads, "no counting events to inspect"
    assert [s for s in _secrets(exported.db_path) for p in payloads if s in p] == []


# --- tampering: every change is named, verify never crashes ---------------------------------------

def _mutate(folder: Path, rng: random.Random, kind: str) -> str | None:
    """Apply one tampering; the file name verify must name (None: the manifest itself was broken)."""
    files = sorted(p for p in folder.iterdir() if p.name != MANIFEST)
    target = rng.choice(files)
    data = bytearray(target.read_bytes())
    if kind == "flip":
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    elif kind == "truncate":
        data = data[: rng.randrange(len(data))]
    elif kind == "append":
        data += bytes(rng.randrange(256) for _ in range(rng.randint(1, 9)))
    elif kind == "delete":
        target.unlink()
        return target.name
    elif kind == "extra":
        (folder / f"them-{rng.randrange(99)}.csv").write_bytes(b"1;2\n")
        return "them-"
    elif kind == "manifest":
        raw = bytearray((folder / MANIFEST).read_bytes())
        cut = rng.randrange(len(raw))
        choice = rng.randrange(3)
        raw = raw[:cut] if choice == 0 else raw[:cut] + bytes([rng.randrange(256)]) + raw[cut + 1:]
        if choice == 2:
            raw = b"[]" if rng.random() < 0.5 else b'{"files": {"x": 1}}'
        (folder / MANIFEST).write_bytes(bytes(raw))
        return None
    if bytes(data) == target.read_bytes():
        return ""  # the mutation happened to change nothing
    target.write_bytes(bytes(data))
    return target.name


@FUZZ
@given(st.integers(0, 2**32 - 1), st.sampled_from(["flip", "truncate", "append", "delete", "extra", "manifest"]))
def test_every_tampering_with_an_export_is_named_by_verify(exported: Exported, seed: int, kind: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "out"
        shutil.copytree(exported.folder, folder)
        before = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        named = _mutate(folder, random.Random(seed), kind)
        try:
            problems = verify(folder)
        except CongressError as exc:
            assert MANIFEST in str(exc) and kind == "manifest"  # a broken or edited manifest is named
            return
        if named == "":
            assert problems == []
        elif named is None:  # the manifest was edited yet accepted: only if its content is unchanged
            assert json.loads((folder / MANIFEST).read_text(encoding="utf-8")) == before
            assert problems == []
        else:
            assert any(p.file.startswith(named) for p in problems), (kind, named, problems)


def test_verify_on_the_untouched_export_finds_nothing(exported: Exported) -> None:
    assert verify(exported.folder) == []


# --- kill -9 while exporting ---------------------------------------------------------------------

def _whole(path: Path) -> bool:
    """A file under its final name must be complete for its format."""
    try:
        if path.suffix == ".xlsx":
            openpyxl.load_workbook(path, read_only=True).close()
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".csv":
            rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
            return len(rows) > 3 and path.read_bytes().endswith(b"\n")
        return True
    except Exception:
        return False


@pytest.fixture(scope="module")
def zygote() -> Iterator[Zygote]:
    z = Zygote()
    yield z
    z.close()


@pytest.mark.parametrize("runs", [pytest.param(15, id="ci"), pytest.param(150, id="long", marks=pytest.mark.slow)])
def test_kill_9_during_an_export_never_leaves_a_partial_file(exported: Exported, zygote: Zygote, tmp_path: Path,
                                                            runs: int) -> None:
    def argv(path: Path, out: Path) -> list[str]:
        return ["--db", str(path), "export", "THU", "--format", "all", "--out", str(out)]

    probe = fresh_copy(exported.db_path, tmp_path / "probe")
    status, seconds = zygote.timed(argv(probe, probe.parent / "out"), probe.parent)
    assert status == 0
    tally = Tally()
    for n, delay in enumerate(delays(7, runs, seconds * 1000 * 1.1)):
        path = fresh_copy(exported.db_path, tmp_path / f"run{n:03d}")
        out = path.parent / "out"
        status = zygote.kill_after(argv(path, out), path.parent, delay)
        tally.runs += 1
        tally.killed += status != 0
        tally.finished_first += status == 0
        finals = [p for p in out.glob("*") if not p.name.endswith(".part")] if out.exists() else []
        if broken := [p.name for p in finals if not _whole(p)]:
            tally.problems.append(f"run {n}: partial files under their final names: {broken}")
        if (out / MANIFEST).exists() and [p for p in verify(out) if p.kind == "changed"]:
            tally.problems.append(f"run {n}: the manifest blesses a file that differs")
        again = zygote.run(argv(path, out), path.parent)
        left = verify(out) if again == 0 else []
        if again != 0 or left or integrity(path) != "ok":
            said = sorted(path.parent.glob("out-*"))[-1].read_text()[-300:]
            tally.problems.append(f"run {n} (kill after {delay * 1000:.0f} ms): the export run again gave exit "
                                  f"{again}, {[(p.file, p.kind) for p in left]}, files {sorted(f.name for f in out.iterdir())}: {said}")
    print(tally.line("export"))
    assert tally.problems == []
