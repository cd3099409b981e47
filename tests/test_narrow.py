"""Every table stays readable at 60, 80 and 120 columns.

A demo year is rendered by every command that draws a table, at each width, in
Chinese and in English; in each picture no line is wider than the console, no date,
number or percent is split across lines of a cell, no cell of a title is a single
Chinese character, and a list of point numbers breaks only after 、.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from cqvet.cli import app

WIDTHS = (60, 80, 120)
VIEWS = {
    "list": ["list", "--as-of", "2021-06-30"],
    "list --measures": ["list", "--measures", "--as-of", "2021-06-30"],
    "show 7-1": ["show", "7-1", "--as-of", "2021-12-31"],
    "show": ["show", "7", "--as-of", "2021-12-31"],
    "due": ["due", "--as-of", "2021-06-20", "--within", "3m"],
    "owner list": ["owner", "list", "--as-of", "2021-06-30"],
    "target list": ["target", "list", "--as-of", "2021-12-31"],
    "progress log": ["progress", "log", "--limit", "40"],
    "plans": ["plans"],
    "report Q1": ["report", "--quarter", "2021Q1"],
    "report Q2": ["report", "--quarter", "2021Q2"],
}
BORDERS = "│┃|"
ONE_CHARACTER_WORDS = {"行"}  # the heading of the import preview's row column


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("narrow")
    result = CliRunner().invoke(app, ["--db", str(folder / "unused.db"), "demo", str(folder / "demo")])
    assert result.exit_code == 0, result.output
    return folder / "demo" / "cqvet-demo.db"


def picture(db: Path, args: list[str], width: int, lang: str) -> str:
    env = {"COLUMNS": str(width), "CQVET_USER": "demo", "TERM": "dumb", "CQVET_LANG": lang}
    result = CliRunner().invoke(app, ["--db", str(db), *args], env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def cells(line: str) -> list[str] | None:
    """The cells of a table row (or of a panel's line), None for a rule or a plain line."""
    if not any(b in line for b in BORDERS):
        return None
    parts = re.split(f"[{BORDERS}]", line)
    return [p.strip() for p in parts[1:-1]] if len(parts) > 2 else None


SPLIT_END = re.compile(r"(\d|\d年|\d月|\d\.)$")
SPLIT_START = re.compile(r"^(\d(?!\d:\d\d)|月|日|号|%|\.\d)")  # a time (03:00) may follow its date below


def problems(text: str, width: int) -> list[str]:
    """What is wrong with a picture `width` columns wide.

    A line whose first cell is empty continues the row above (every table opens with a
    number or a name); there, a cell that ends in a digit above and goes on with a digit,
    月, 日 or % below is a number, date or percent split across lines.
    """
    # Plain lines (a one-line message after a table) are the terminal's to wrap; drawn lines are ours.
    drawn = [line for line in text.splitlines() if any(b in line for b in BORDERS + "┌└├╭╰")]
    found = [f"wider than {width}: {line}" for line in drawn if cell_len(line) > width]
    rows = [cells(line) for line in text.splitlines()]
    for above, below in pairwise(rows):
        if above is None or below is None or len(above) != len(below) or (len(below) > 1 and below[0]):
            continue
        for top, bottom in zip(above, below, strict=True):
            if top and bottom and SPLIT_END.search(top) and SPLIT_START.match(bottom):
                found.append(f"split between lines: {top!r} / {bottom!r}")
    for row in rows:
        for value in row or ():
            if re.fullmatch(r"[\u4e00-\u9fff]", value) and value not in ONE_CHARACTER_WORDS:
                found.append(f"a lone character: {value!r} in {row}")
    return found


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_table_is_readable_at_this_width(demo_db: Path, view: str, width: int, lang: str) -> None:
    text = picture(demo_db, VIEWS[view], width, lang)
    assert text.strip()
    assert problems(text, width) == [], text


@pytest.mark.slow
def test_narrow_reports_fold_notes_and_owners_under_the_title_and_drop_the_plans_year(demo_db: Path) -> None:
    """At 80 columns the report's latest note and lead move under the title and 9月30日 loses 2021年."""
    narrow = picture(demo_db, VIEWS["report Q2"], 80, "zh")
    wide = picture(demo_db, VIEWS["report Q2"], 120, "zh")
    assert "本季度进展：" in narrow and "本季度进展：" not in wide.split("各项重点工作进展")[1].split("\n")[3]
    assert "牵头单位：职成教处" in narrow
    assert "9月30日" in narrow and "2021年9月30日" not in narrow
    assert "2021年9月30日" in wide


def test_a_list_of_point_numbers_breaks_only_after_the_enumeration_comma(demo_db: Path) -> None:
    text = picture(demo_db, VIEWS["owner list"], 60, "zh")
    folded = [row for row in map(cells, text.splitlines()) if row and row[0] == "" and any(row)]
    assert folded, "the probe needs a list long enough to fold at 60 columns"
    for line in text.splitlines():
        row = cells(line)
        for value in (row or [])[1:]:
            assert not re.search(r"\d", value) or re.fullmatch(r"(\d+、)*\d+、?", value), value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("│ 7 │ 2021年9月3 │\n│   │ 0日       │", ["split between lines"]),
        ("│ 职成教处 │ …、11、1 │\n│          │ 2        │", ["split between lines"]),
        ("│ 1 │ 加 │\n│   │ 强 │", ["a lone character", "a lone character"]),
        ("│ 1 │ 9月30日 │\n│   │ 逾期    │", []),
        ("│ 10 │ 职成教处 │\n│ 10 │ 职成教处 │", []),
    ],
)
def test_the_checks_catch_what_they_are_meant_to_catch(text: str, expected: list[str]) -> None:
    """A probe: the pictures of the issue (`2021年9月3` / `0日`, `…、1` / `2`) fail the checks,
    and two rows that merely follow each other do not."""
    assert [p.split(":")[0] for p in problems(text, 120)] == expected


@pytest.fixture(scope="module")
def filled_form(demo_db: Path) -> Path:
    """职成教处's progress form for 30 June, three rows filled in as an office would (CSV)."""
    import csv

    form = demo_db.parent / "form.csv"
    args = ["--db", str(demo_db), "export", "progress-form", "--owner", "职成教处", "--output", str(form)]
    assert CliRunner().invoke(app, [*args, "--as-of", "2021-06-30"]).exit_code == 0
    rows = list(csv.reader(form.open(encoding="utf-8-sig")))
    for row in rows[2:5]:  # points 2, 3 and 4, each below 80 %
        row[6:11] = [
            "80",
            "",
            "完成首批遴选，组织专家评审，结果待公示，2021年9月30日前完成验收",
            "李四",
            "2021-07-15",
        ]
    filled = demo_db.parent / "filled.csv"
    with filled.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows(rows)
    return filled


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_import_preview_is_readable_at_this_width(
    demo_db: Path, filled_form: Path, width: int, lang: str
) -> None:
    text = picture(demo_db, ["import", "progress", str(filled_form)], width, lang)
    assert "2021-07-15" in text and "80%" in text
    assert problems(text, width) == [], text


@pytest.mark.parametrize("width", (60, 80))
def test_the_section_figures_break_only_between_two_figures(demo_db: Path, width: int) -> None:
    """Below 120 columns the section table is a paragraph a section: every health keeps its count
    (the same categories as every other format) and a line never splits a label from its number."""
    text = picture(demo_db, ["report", "--quarter", "2021Q2"], width, "zh")
    block = text[text.index("分部分完成情况") : text.index("各项重点工作进展")]
    figures = [line.strip() for line in block.splitlines()[1:] if line.startswith("  ") and line.strip()]
    labels = ("项数", "已完成", "超前", "序时推进", "未启动", "滞后", "受阻", "逾期", "平均进度")
    for line in figures:
        for figure in line.rstrip("，").split("，"):
            label, _, value = figure.partition(" ")
            assert label in labels and value, line
    assert sum(len(line.rstrip("，").split("，")) for line in figures) == 7 * len(labels)  # 6 sections, 合计
