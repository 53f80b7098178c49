"""The toolkit never opens a network connection (Party networks have no Internet).

A full run of the CLI happens in a child process traced with strace: every connect() system call,
from Python or from any C library, is logged; the run must succeed with no AF_INET/AF_INET6 one.
"""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUNNER = """
import json, sys
from congress.cli import main
print(json.dumps([main(argv) for argv in json.loads(sys.argv[1])]))
"""
_INET = re.compile(r"connect\(\d+, \{sa_family=AF_INET6?\b[^\n]*")


def traced_run(commands: list[list[str]], cwd: Path) -> tuple[list[int], list[str], str]:
    strace = shutil.which("strace")
    if strace is None:
        pytest.fail("strace is needed to watch for network connections (Debian package strace)")
    log = cwd / "strace.log"
    proc = subprocess.run([strace, "-f", "-qq", "-e", "trace=connect", "-o", str(log), sys.executable, "-c",
                           RUNNER, json.dumps(commands)], capture_output=True, text=True, cwd=cwd, check=False,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(cwd),
                               "CONGRESS_STATION": "test"})
    codes = json.loads(proc.stdout.strip().splitlines()[-1]) if proc.stdout.strip() else []
    return codes, _INET.findall(log.read_text()), proc.stderr


def full_run(db: Path, work: Path) -> list[list[str]]:
    """Every command of a congress day, in order, against one SQLite database."""
    base = ["--db", str(db)]
    election = [[*base, "election", "create", "--title", "Ban Chấp hành", "--seats", "2", "--code", "NET",
                 "--form", "strike"]]
    election += [[*base, "candidates", "add", "NET", "--name", name] for name in ("Nguyễn Văn An", "Trần Thị Bình")]
    (work / "ds.csv").write_text("\ufeffHọ và tên;Ngày sinh\r\nLê Văn Cường;1970\r\n", encoding="utf-8")
    election += [[*base, "candidates", "import", "NET", str(work / "ds.csv")]]
    return [
        [*base, "demo", "--no-tui", "--delegates", "120"],
        [*base, "delegates", "import", str(ROOT / "fixtures" / "delegates.xlsx"), "--skip-errors"],
        [*base, "badges", "print", "--out", str(work / "the.pdf"), "--category", "official"],
        [*base, "checkin", "DBZ-KHONG-PHAI-THE"],  # refused (exit 5): the desk still answers offline
        [*base, "sitting", "close"],
        [*base, "sitting", "open", "2", "--name", "Phiên bầu cử"],
        [*base, "checkin", "--person", "1"],
        [*base, "attendance", "--json"],
        *election,
        [*base, "ballots", "print", "NET", "--out", str(work / "phieu.pdf"), "--copies", "2"],
        [*base, "ballots", "issue", "NET", "--count", "2"],
        [*base, "scan", "NET", str(work / "phieu.pdf"), "--workers", "1"],
        [*base, "enter", "NET", "--file", str(hand_count(work)), "--count", "nhap-tay"],
        [*base, "compare", "NET"],
        [*base, "results", "NET", "--json"],
        [*base, "export", "NET", "--format", "all", "--out", str(work / "xuat")],
        [*base, "export", "verify", str(work / "xuat")],
        [*base, "minutes", "NET", "--out", str(work / "bien-ban.pdf")],
        [*base, "info", "--json"],
        [*base, "audit", "verify"],
        [*base, "backup", str(work / "backup.db")],
    ]


def hand_count(work: Path) -> Path:
    """The second count of the scanned pile: the two unmarked ballots, typed by hand."""
    path = work / "nhap-tay.jsonl"
    path.write_text('{"struck": []}\n{"struck": []}\n', encoding="utf-8")
    return path


EXPECTED_CODES = {3: 5}  # index in full_run → exit status other than 0 (a refused badge exits 5)


def test_a_full_run_makes_no_network_connection(tmp_path: Path) -> None:
    commands = full_run(tmp_path / "congress.db", tmp_path)
    codes, connections, stderr = traced_run(commands, tmp_path)
    assert connections == []
    assert codes == [EXPECTED_CODES.get(n, 0) for n in range(len(commands))], stderr[-3000:]


def test_the_trace_does_catch_a_connection(tmp_path: Path) -> None:
    """Control: the same trace sees the connection when a command does reach for the network."""
    codes, connections, _ = traced_run([["--db", "postgresql://congress@127.0.0.1:9/none", "info"]], tmp_path)
    assert connections, "the trace saw nothing: the no-network test would prove nothing"
    assert codes != [0]
