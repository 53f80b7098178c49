"""A pre-loaded process that forks real `congress` command processes on request, for kill -9 tests.

Starting Python and importing the toolkit takes about a second; forking a process that has already
imported it takes milliseconds, so one test run can SIGKILL hundreds of real commands. The zygote
never opens a database itself (a forked child must not share a connection with its parent): each
child runs the CLI entry point exactly as `congress …` would, in its own folder and environment,
and ends with os._exit.

Protocol on stdin/stdout, one JSON object per line:
  {"run": [argv…], "env": {…}, "cwd": "…", "out": "…"}  → {"pid": n}
  {"wait": n}                                            → {"status": exit code, or -signal}
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _child(request: dict) -> None:
    os.setsid()
    os.chdir(request["cwd"])
    os.environ.update(request.get("env", {}))
    out = os.open(request["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(out, 1)
    os.dup2(out, 2)
    code = 1
    try:
        from congress.cli import main

        code = main(request["run"])
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


# Modules the commands import lazily: loaded once here so that a forked child starts at once.
PRELOAD = ("congress.cli", "congress.accounts", "congress.registry.commit", "congress.scanning.service",
           "congress.migrations.env", "alembic.command", "alembic.runtime.migration", "openpyxl",
           "sqlalchemy.dialects.sqlite", "ballots.reading.side", "congress.documents.results_export")


def serve() -> None:
    import importlib

    for name in PRELOAD:
        # A module another part has not finished yet is simply imported later, by the child.
        with contextlib.suppress(Exception):
            importlib.import_module(name)

    for line in sys.stdin:
        request = json.loads(line)
        if "run" in request:
            pid = os.fork()
            if pid == 0:
                _child(request)
            reply = {"pid": pid}
        else:
            _, status = os.waitpid(request["wait"], 0)
            reply = {"status": os.waitstatus_to_exitcode(status)}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


class Zygote:
    """Client side: spawn commands, kill them, collect their exit status."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from tests.reliability.zygote import serve; serve()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        )
        self.run(["--version"], Path("/tmp"))  # waits until the preloading is done

    def timed(self, argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[int, float]:
        """Run to completion; (exit status, seconds) — used to fit the kill window to this machine."""
        started = time.monotonic()
        status = self.run(argv, cwd, env)
        return status, time.monotonic() - started

    def _ask(self, request: dict) -> dict:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def start(self, argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> int:
        out = cwd / f"out-{time.monotonic_ns()}.txt"
        return self._ask({"run": argv, "env": env or {}, "cwd": str(cwd), "out": str(out)})["pid"]

    def wait(self, pid: int) -> int:
        return self._ask({"wait": pid})["status"]

    def run(self, argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> int:
        return self.wait(self.start(argv, cwd, env))

    def kill_after(self, argv: list[str], cwd: Path, delay_s: float, env: dict[str, str] | None = None) -> int:
        """Start a command, SIGKILL it after `delay_s` (unless it finished first); its exit status."""
        pid = self.start(argv, cwd, env)
        time.sleep(delay_s)
        with contextlib.suppress(ProcessLookupError):  # it may have finished already
            os.killpg(pid, signal.SIGKILL)  # the child leads its own group: its reader processes die too
        return self.wait(pid)

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)
