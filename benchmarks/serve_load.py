"""`cqvet serve` under load: 50 offices × 20 updates over HTTP while the CLI writes the same database.

    python benchmarks/serve_load.py [--users 50] [--updates 20] [--cli 40] [--json]

Builds a database in a temporary folder (the bundled plan; 50 office accounts,
each supporting one of the 17 points), starts `python -m cqvet serve` on a free
port of 127.0.0.1 as a separate process, then runs at once:

- 50 simulated offices, one thread each with its own HTTP session (httpx): log
  in, then post 20 progress reports to their point (note-only, so that no
  report is refused by the percent rule: a note names the user and the report),
- `cqvet progress set` from the CLI, `--cli` times in a row, each a new process
  on the same database (the console script through `python -m cqvet`).

Then it reads the ledger back: every acknowledged report (HTTP 303, CLI exit 0)
must be there exactly once (0 lost, 0 duplicated) and nothing else must have
failed (0 errors). Prints p50/p95 latency of a web report, the web throughput
while the CLI writes, and the CLI's median per command; exits 1 on any loss,
duplicate or error. About a minute on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "load-test-password"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare(db: Path, users: int) -> dict[str, int]:
    """The bundled plan, office i supporting point 1 + i % 17; returns user → point."""
    sys.path.insert(0, str(ROOT))
    from cqvet.accounts import hash_password
    from cqvet.cli.root import seed_path
    from cqvet.recording import assign_owner
    from cqvet.store import Store, utc_now
    from cqvet.store_users import add_user

    store = Store.open(db, seed=seed_path())
    points: dict[str, int] = {}
    try:
        plan = store.plan()
        hashed = hash_password(PASSWORD)
        offices: dict[int, list[str]] = {}
        for i in range(users):
            offices.setdefault(1 + i % 17, []).append(f"处室{i:02d}")
        today = plan.start.replace(month=6, day=30)
        for number, names in offices.items():
            assign_owner(
                store,
                plan,
                number,
                lead="督办处",
                supports=names,
                contact="",
                effective_on=plan.start,
                author="bench",
                today=today,
            )
        with store.transaction():
            for i in range(users):
                name = f"u{i:02d}"
                office = f"处室{i:02d}"
                add_user(
                    store,
                    name=name,
                    office=office,
                    unit_id=store.unit_id(office),
                    role="office",
                    password_hash=hashed,
                    now=utc_now(),
                )
                points[name] = 1 + i % 17
    finally:
        store.close()
    return points


LOGGED_IN = threading.Lock()
READY: list[str] = []


def web_user(
    url: str, name: str, point: int, updates: int, out: dict[str, Any], start: threading.Event
) -> None:
    import httpx

    latencies: list[float] = []
    acknowledged: list[str] = []
    errors: list[str] = []
    with httpx.Client(base_url=url, follow_redirects=False, timeout=60) as client:
        page = client.get("/login")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert token
        response = client.post("/login", data={"csrf": token[1], "name": name, "password": PASSWORD})
        if response.status_code != 303:
            errors.append(f"login {response.status_code}")
        page = client.get(f"/point/{point}")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert token, page.text[:300]
        with LOGGED_IN:
            READY.append(name)
        start.wait()
        for k in range(updates):
            note = f"web {name} #{k}"
            began = time.perf_counter()
            try:
                response = client.post(f"/point/{point}/progress", data={"csrf": token[1], "note": note})
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__}")
                continue
            latencies.append(time.perf_counter() - began)
            if response.status_code == 303:
                acknowledged.append(note)
            else:
                errors.append(f"{response.status_code}: {response.text[:200]}")
    out[name] = {"latencies": latencies, "acknowledged": acknowledged, "errors": errors}


def cli_writer(db: Path, count: int, out: dict[str, Any], start: threading.Event) -> None:
    env = {**os.environ, "CQVET_USER": "cli", "CQVET_LANG": "en"}
    durations, acknowledged, errors = [], [], []
    start.wait()
    for k in range(count):
        note = f"cli #{k}"
        began = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "cqvet",
                "--db",
                str(db),
                "progress",
                "set",
                str(1 + k % 17),
                "--note",
                note,
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            check=False,
        )
        durations.append(time.perf_counter() - began)
        if done.returncode == 0:
            acknowledged.append(note)
        else:
            errors.append(done.stderr.strip())
    out["cli"] = {"durations": durations, "acknowledged": acknowledged, "errors": errors}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--updates", type=int, default=20)
    parser.add_argument("--cli", type=int, default=40)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="cqvet-serve-load-"))
    db = folder / "cqvet.db"
    points = prepare(db, args.users)
    port = free_port()
    log = (folder / "serve.err").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "cqvet", "--db", str(db), "serve", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log,
        env={**os.environ, "CQVET_LANG": "en"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        import httpx

        for _ in range(200):
            try:
                httpx.get(url + "/login", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        results: dict[str, Any] = {}
        start = threading.Event()
        threads = [
            threading.Thread(target=web_user, args=(url, name, point, args.updates, results, start))
            for name, point in points.items()
        ]
        threads.append(threading.Thread(target=cli_writer, args=(db, args.cli, results, start)))
        for thread in threads:
            thread.start()
        while len(READY) < len(points) and any(t.is_alive() for t in threads[:-1]):
            time.sleep(0.1)  # every office logged in first (Argon2, two at a time), then all report at once
        began = time.perf_counter()
        start.set()
        for thread in threads[:-1]:
            thread.join()
        web_seconds = time.perf_counter() - began
        threads[-1].join()
        print("files while serving:", sorted(os.listdir(folder)), file=sys.stderr)
        check = sqlite3.connect(db)
        print(
            "rows while serving:",
            check.execute("SELECT count(*) FROM progress_updates").fetchone(),
            file=sys.stderr,
        )
        check.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    conn = sqlite3.connect(db)
    notes = [row[0] for row in conn.execute("SELECT note FROM progress_updates")]
    integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    conn.close()
    acknowledged = [n for r in results.values() for n in r["acknowledged"]]
    errors = [e for r in results.values() for e in r["errors"]]
    counted = {n: notes.count(n) for n in acknowledged}
    lost = sum(1 for c in counted.values() if c == 0)
    duplicated = sum(1 for c in counted.values() if c > 1)
    latencies = [x for name in points for x in results[name]["latencies"]]
    web_done = sum(len(results[name]["acknowledged"]) for name in points)
    figures = {
        "web_updates": web_done,
        "cli_updates": len(results["cli"]["acknowledged"]),
        "lost": lost,
        "duplicated": duplicated,
        "errors": len(errors),
        "integrity": integrity,
        "web_p50_ms": round(1000 * statistics.median(latencies), 1),
        "web_p95_ms": round(1000 * percentile(latencies, 0.95), 1),
        "web_per_second": round(web_done / web_seconds, 1),
        "cli_median_ms": round(1000 * statistics.median(results["cli"]["durations"]), 1),
        "server_stderr_lines": len((folder / "serve.err").read_text().splitlines()),
    }
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    else:
        for key, value in figures.items():
            print(f"{key}: {value}")
        for error in errors[:10]:
            print("error:", error)
    return 0 if lost == duplicated == len(errors) == 0 and integrity == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
