"""How the plan parser's time grows with title-like lines and with targets in one sentence.

    python benchmarks/parser_growth.py

Linear means doubling the input doubles the time. For the figures of the
parser before it was made linear, run this with `PYTHONPATH` pointing at a
checkout of commit 723d3a5 (README, Reliability).
"""

from __future__ import annotations

import time

from cqvet.plan_doc import parse_plan

for n in (2500, 5000, 10000):
    titles = "".join(f"{2000 + i % 90}年某某第{i}项工作要点\n" for i in range(n))
    started = time.perf_counter()
    parse_plan(titles + "2024年某某工作要点\n1.推进工作。\n")
    lines = time.perf_counter() - started
    started = time.perf_counter()
    parse_plan("2024年某某工作要点\n1.推进工作。" + "建设100门，" * n + "完成。\n")
    targets = time.perf_counter() - started
    print(f"{n:>6,}: title-like lines {lines:.2f} s, targets in one sentence {targets:.2f} s", flush=True)
