"""Time `cqvet load` on large generated plan documents, in every file form, as whole processes.

    python benchmarks/documents.py [--rounds 3] [--no-pdf]

Budgets (issues 12, 19 and 20):

* parsing a 10 MB plan text (`parse_plan`, in process) < 10 s;
* `cqvet load` of a 1,000-point document < 5 s in each form: text, .docx,
  .html and .pdf (the PDF printed from the HTML by headless Chromium), and
  as a 1,000-row task table in .docx and .html;
* `cqvet load` of a 10,000-point text document < 10 s.

Every document is generated here: ten sections, each point a sentence with a
target and a responsibility bracket, so the load also records 1,000 owner
assignments; the task tables have lead, supporting and deadline cells.
Each load runs in a fresh process on a fresh database, through the `cqvet`
console script of this environment; the figure is the median of the
rounds. Writes benchmarks/out/documents.md and prints it; exits non-zero
when a budget fails.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(ROOT / "tests"))  # the writers of the test suite: doc_forms.py

from doc_forms import Block, to_text, write_docx, write_html, write_pdf  # noqa: E402

from cqvet.numerals import chinese_number  # noqa: E402

SECTIONS = 10


def plan_blocks(points: int) -> list[Block]:
    blocks: list[Block] = ["某某市2024年教育工作要点", "2024年全市教育工作的总体思路是：办好人民满意的教育。"]
    per_section = -(-points // SECTIONS)
    for n in range(1, points + 1):
        if (n - 1) % per_section == 0:
            section = (n - 1) // per_section + 1
            blocks.append(f"{chinese_number(section)}、推进第{section}方面工作")
        blocks.append(
            f"{n}.推进第{n}项重点工作。建设示范课程{n % 900 + 10}门左右，覆盖率达到{n % 90 + 5}%以上；"
            f"组织开展专项培训，培训教师{n * 3}人次（第{chinese_number(n % 40 + 1)}科室牵头，各区县负责）。"
        )
    return blocks


def table_blocks(rows: int) -> list[Block]:
    blocks: list[Block] = ["某某区2024年重点工作任务分解表"]
    blocks.append(("序号", "重点工作任务", "牵头单位", "配合单位", "完成时限"))
    per_section = -(-rows // SECTIONS)
    for n in range(1, rows + 1):
        if (n - 1) % per_section == 0:
            section = (n - 1) // per_section + 1
            blocks.append((f"{chinese_number(section)}、第{section}方面",) * 5)
        task = f"推进第{n}项重点工作。完成投资{n}亿元。"
        blocks.append((str(2 * n), task, f"第{chinese_number(n % 40 + 1)}局", "区财政局、各街道", "6月底"))
    return blocks


def ten_megabytes() -> str:
    """10 MB of UTF-8: 5,000 title-like lines of news before the plan, then some 13,000 long points."""
    lines = [f"{2000 + n % 24}年某某区第{n}项工作要点" for n in range(5000)]
    lines.append("某某市2024年教育工作要点")
    sentence = (
        "建设示范课程150门左右，覆盖率达到90%以上，建设100门，建设200所，培训300人次；"
        "深入推进职业院校党史学习教育和思想政治工作，持续完善终身学习体系，办好人民满意的教育。"
    )
    size, n = sum(len(line.encode()) + 1 for line in lines), 0
    while size < 10_000_000:
        n += 1
        lines.append(f"{n}.推进第{n}项重点工作。" + sentence * 3)
        size += len(lines[-1].encode()) + 1
    return "\n".join(lines) + "\n"


def timed_load(path: Path, rounds: int) -> tuple[float, str]:
    cqvet = shutil.which("cqvet", path=str(Path(sys.executable).parent))
    command = [cqvet] if cqvet else [sys.executable, "-m", "cqvet"]
    times = []
    out = ""
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as folder:
            db = Path(folder) / "b.db"
            started = time.perf_counter()
            result = subprocess.run(
                [*command, "--db", str(db), "load", str(path)], capture_output=True, text=True, check=False
            )
            times.append(time.perf_counter() - started)
            if result.returncode != 0:
                raise SystemExit(f"cqvet load {path.name} failed: {result.stderr}")
            out = result.stdout.splitlines()[0]
    return statistics.median(times), out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, float, float]] = []

    from cqvet.plan_doc import parse_plan

    text = ten_megabytes()
    times = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        doc = parse_plan(text)
        times.append(time.perf_counter() - started)
    what = f"parse a {len(text.encode()) / 1e6:.1f} MB plan text ({len(doc.points):,} points, in process)"
    rows.append((what, statistics.median(times), 10.0))

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        plan, table = plan_blocks(1000), table_blocks(1000)
        files = {
            "text, 1,000 points": work / "plan.txt",
            ".docx, 1,000 points": write_docx(plan, work / "plan.docx"),
            ".html, 1,000 points": write_html(plan, work / "plan.html"),
            ".docx, 1,000-row task table": write_docx(table, work / "table.docx"),
            ".html, 1,000-row task table": write_html(table, work / "table.html"),
            "text, 10,000 points": work / "big.txt",
        }
        files["text, 1,000 points"].write_text(to_text(plan), "utf-8")
        files["text, 10,000 points"].write_text(to_text(plan_blocks(10_000)), "utf-8")
        if not args.no_pdf:
            chromium = shutil.which("chromium") or "/usr/bin/chromium"
            profile = f"--user-data-dir={work / 'p'}"
            command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", profile]
            files[".pdf, 1,000 points"] = write_pdf(plan, work / "plan.pdf", command)
        for name, path in files.items():
            seconds, said = timed_load(path, args.rounds)
            print(f"{name}: {seconds:.2f} s ({said})", file=sys.stderr)
            rows.append((f"`cqvet load`, {name}", seconds, 10.0 if "10,000" in name else 5.0))

    lines = [
        f"Medians of {args.rounds} runs, whole processes on a fresh database"
        f" (Python {sys.version.split()[0]}).",
        "",
        "| what | seconds | budget | holds |",
        "|---|---|---|---|",
    ]
    lines += [f"| {name} | {s:.2f} | < {b:.0f} s | {'yes' if s < b else 'NO'} |" for name, s, b in rows]
    report = "\n".join(lines) + "\n"
    (OUT / "documents.md").write_text(report, "utf-8")
    print(report)
    if any(s >= b for _, s, b in rows):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
