"""Time `cqvet import` on a large sheet and on hostile files, as whole processes.

    python benchmarks/sheets.py [--out benchmarks/out]

- a 100,000-row 任务分解表 (.xlsx written by openpyxl, numbers 1…100,000 against
  the 17-point bundled plan, so 99,983 rows are problems: the case that once
  printed 999,984 problem lines): wall time and peak memory of the whole
  `cqvet import assignments` process, which must stay under 60 s and 500 MB;
- a 4.5 MB zip bomb (a sheet of 4.5 GB of spaces), a 7.5 KB workbook with one
  merged range over the whole sheet and a 1,000,000-row sheet: each must be
  refused, the first two in under a second.

Peak memory is the child's maximum resident set (`os.wait4`, POSIX only;
shown as "-" elsewhere). Prints a Markdown table; exits non-zero when a
budget fails.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import CQVET  # noqa: E402  (the console script users run)

SHEET = "xl/worksheets/sheet1.xml"


def run(db: Path, *args: str) -> tuple[float, float | None, float | None, int, str]:
    """Wall seconds, CPU seconds and peak MB (None when unknown), exit code and the last stderr line
    of one cqvet process."""
    env = {**os.environ, "CQVET_DB": str(db), "CQVET_USER": "bench"}
    started = time.perf_counter()
    process = subprocess.Popen(
        [*CQVET, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True
    )
    peak = cpu = None
    if hasattr(os, "wait4"):
        stderr = process.stderr.read() if process.stderr else ""
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss / 1024  # kilobytes on Linux
        cpu = usage.ru_utime + usage.ru_stime
    else:
        stderr = process.communicate()[1]
    seconds = time.perf_counter() - started
    last = stderr.strip().splitlines()[-1] if stderr.strip() else ""
    return seconds, cpu, peak, process.returncode, last


def in_process(path: Path) -> float:
    """Seconds `read_workbook` takes to read or refuse `path` (cqvet already imported)."""
    from cqvet.errors import UsageError
    from cqvet.sheets import read_workbook

    started = time.perf_counter()
    with contextlib.suppress(UsageError):
        read_workbook(path)
    return time.perf_counter() - started


def long_sheet(path: Path, rows: int) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet("任务分解表")
    ws.append(["序号", "重点任务", "牵头单位", "配合单位", "完成时限"])
    for n in range(1, rows):  # the header is the first of `rows` rows
        ws.append([n, "", f"处室{n % 6 + 1}", f"处室{n % 5 + 7}", "9月底"])
    book.save(path)
    return path


def small_book() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["序号", "牵头单位"])
    ws.append([1, "组织处"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewritten(path: Path, change: Callable[[zipfile.ZipFile, zipfile.ZipFile], None]) -> Path:
    with (
        zipfile.ZipFile(io.BytesIO(small_book())) as old,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new,
    ):
        for info in old.infolist():
            if info.filename != SHEET:
                new.writestr(info.filename, old.read(info))
        change(old, new)
    return path


def zip_bomb(path: Path, inflated: int) -> Path:
    def change(old: zipfile.ZipFile, new: zipfile.ZipFile) -> None:
        with new.open(SHEET, "w", force_zip64=True) as member:
            chunk = b" " * (1 << 24)
            for _ in range(inflated >> 24):
                member.write(chunk)

    return rewritten(path, change)


def merged_over_sheet(path: Path) -> Path:
    def change(old: zipfile.ZipFile, new: zipfile.ZipFile) -> None:
        merge = b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
        new.writestr(SHEET, old.read(SHEET).replace(b"</sheetData>", b"</sheetData>" + merge))

    return rewritten(path, change)


def million_rows(path: Path) -> Path:
    def change(old: zipfile.ZipFile, new: zipfile.ZipFile) -> None:
        head, tail = old.read(SHEET).split(b"</sheetData>")
        with new.open(SHEET, "w", force_zip64=True) as member:
            member.write(head)
            for start in range(3, 1_000_003, 10_000):
                member.write(
                    "".join(
                        f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(start, start + 10_000)
                    ).encode()
                )
            member.write(b"</sheetData>" + tail)

    return rewritten(path, change)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args(argv)
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        db = here / "bench.db"
        subprocess.run([*CQVET, "--db", str(db), "plans"], check=True, capture_output=True)
        cases = [
            (f"{args.rows:,}-row sheet, preview", long_sheet(here / "long.xlsx", args.rows), 60.0, 500.0),
            ("zip bomb (4.5 GB of sheet)", zip_bomb(here / "bomb.xlsx", 4608 << 20), 1.0, None),
            ("one merged range over the sheet", merged_over_sheet(here / "merged.xlsx"), 1.0, None),
            ("1,000,000-row sheet", million_rows(here / "million.xlsx"), 60.0, 500.0),
        ]
        print(
            "| file | size | process wall s | process CPU s | peak MB | read or refused in process, s "
            "| exit | budget | holds | last line |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|")
        for name, path, seconds_budget, memory_budget in cases:
            seconds, cpu, peak, exit_code, last = run(db, "import", "assignments", str(path))
            inside = in_process(path)
            # A large sheet's budget is the whole process; a hostile file's is the refusal itself,
            # without the interpreter's start-up, which this shared machine stretches.
            measured = seconds if memory_budget else inside
            holds = (
                measured < seconds_budget
                and (memory_budget is None or peak is None or peak < memory_budget)
                and exit_code == 2
            )
            failed = failed or not holds
            budget = (
                f"process < {seconds_budget:g} s, < {memory_budget:g} MB"
                if memory_budget
                else f"refusal < {seconds_budget:g} s"
            )
            size = path.stat().st_size
            shown_size = f"{size / 1e6:.1f} MB" if size > 1e5 else f"{size / 1e3:.1f} KB"
            print(
                f"| {name} | {shown_size} | {seconds:.2f} | {'-' if cpu is None else f'{cpu:.2f}'} | "
                f"{'-' if peak is None else f'{peak:.0f}'} | {inside:.3f} | {exit_code} | {budget} | "
                f"{'yes' if holds else 'NO'} | {last[:100]} |"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
