"""Build the schema fixture of one step with the cqvet of the commit where that step was the last.

    python tests/data/schema/build.py m008_supervision b4e1182

The commit's tree is unpacked into a temporary folder (`git archive`, the
same files `git worktree add` would check out, without registering a
worktree) and run as `python -m cqvet` from there, with this interpreter's
packages: `cqvet demo` writes the demo year, then the step's commands from
`extras.json` add the rows its ledger tables need. The database is turned
to rollback-journal mode, so it is one file, and copied here as `STEP.db`.
It refuses to write a fixture whose last applied step is not STEP.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]


def commands(step: str, folder: Path) -> list[list[str]]:
    """The step's extra commands with `{dir}` filled in; the files they name are written into `folder`."""
    extras = json.loads((HERE / "extras.json").read_text(encoding="utf-8"))
    for name, text in extras["files"].items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "notices").mkdir(exist_ok=True)
    return [[arg.replace("{dir}", str(folder)) for arg in args] for args in extras["commands"][step]]


def build(step: str, commit: str) -> Path:
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        source = work / "src"
        source.mkdir()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", commit], check=True, capture_output=True)
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(source, filter="data")
        # -m puts the working folder first on sys.path: run from the old tree so its cqvet is imported.
        env = {**os.environ, "PYTHONPATH": str(source), "CQVET_USER": "fixture", "CQVET_LANG": "zh"}
        env.pop("CQVET_DB", None)

        def cqvet(*args: str) -> None:
            subprocess.run([sys.executable, "-m", "cqvet", *args], cwd=source, env=env, check=True)

        cqvet("demo", str(work / "demo"))
        db = work / "demo" / "cqvet-demo.db"
        for args in commands(step, work):
            cqvet("--db", str(db), *args)
        conn = sqlite3.connect(db)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode=DELETE")
            last = conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid DESC LIMIT 1").fetchone()
        finally:
            conn.close()
        if last != (step,):
            raise SystemExit(f"{commit} writes a database whose last step is {last}, not {step}")
        target = HERE / f"{step}.db"
        shutil.copyfile(db, target)
        return target


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    print(build(sys.argv[1], sys.argv[2]))
