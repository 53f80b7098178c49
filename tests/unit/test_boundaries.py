"""The package boundaries of ARCHITECTURE.md, enforced: ballots is pure; only congress.tui imports Textual."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import ballots
import congress

ROOT = Path(__file__).resolve().parents[2]

_BLOCKER = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {blocked!r}:
            raise ImportError('forbidden import: ' + name)
sys.meta_path.insert(0, Block())
import importlib
for module in {modules!r}:
    importlib.import_module(module)
print('ok')
"""


def _modules(package, skip=()) -> list[str]:  # type: ignore[no-untyped-def]
    names = [package.__name__]
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if not any(info.name.startswith(s) for s in skip):
            names.append(info.name)
    return names


def _import_with_blocked(modules: list[str], blocked: set[str]) -> subprocess.CompletedProcess[str]:
    code = _BLOCKER.format(blocked=blocked, modules=modules)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)


def test_ballots_never_imports_the_application_a_database_or_a_ui() -> None:
    proc = _import_with_blocked(_modules(ballots), {"congress", "sqlmodel", "sqlalchemy", "textual", "alembic"})
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_only_congress_tui_imports_textual() -> None:
    modules = _modules(congress, skip=("congress.tui", "congress.__main__", "congress.migrations.env"))
    proc = _import_with_blocked(modules, {"textual"})
    assert proc.returncode == 0, proc.stderr[-2000:]
