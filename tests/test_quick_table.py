"""A table longer than a screen is drawn without Rich's per-cell layout, and looks exactly as Rich draws it.

The demo year's tables are drawn both ways (Rich's own table, and `Quick` with
its threshold lowered so that every table takes it) by every command that draws
a table, at 60, 80 and 120 columns, in Chinese and English, with ASCII borders
too: the pictures must be the same character for character. A table of styled
cells is compared character by character in its styles too.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import with_points
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from typer.testing import CliRunner

from cqvet.cli import app
from cqvet.models import Status
from cqvet.render import quick_table
from cqvet.render.quick_table import Quick, quick
from cqvet.render.report_terminal import bar, render_report
from cqvet.render.terminal import cell, status_text, table_frame
from cqvet.render.wrapping import Breakable
from cqvet.report import PointLine, Report

VIEWS = {
    "list": ["list", "--as-of", "2021-06-30"],
    "show": ["show", "7", "--as-of", "2021-12-31"],
    "due": ["due", "--as-of", "2021-06-20", "--within", "3m"],
    "target list": ["target", "list", "--as-of", "2021-12-31"],
    "progress log": ["progress", "log", "--limit", "40"],
    "report": ["report", "--quarter", "2021Q2"],
    "list --ascii": ["list", "--as-of", "2021-06-30", "--ascii"],
}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("quick")
    result = CliRunner().invoke(app, ["--db", str(folder / "unused.db"), "demo", str(folder / "demo")])
    assert result.exit_code == 0, result.output
    return folder / "demo" / "cqvet-demo.db"


def picture(db: Path, args: list[str], width: int, lang: str) -> str:
    env = {"COLUMNS": str(width), "CQVET_USER": "demo", "TERM": "dumb", "CQVET_LANG": lang}
    result = CliRunner().invoke(app, ["--db", str(db), *args], env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("view", list(VIEWS))
def test_every_table_is_drawn_quickly_exactly_as_rich_draws_it(
    demo_db: Path, view: str, width: int, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With every table drawn by `Quick`, each command prints what Rich printed, to the character."""
    by_rich = picture(demo_db, VIEWS[view], width, lang)
    monkeypatch.setattr(quick_table, "QUICK_ROWS", 0)
    by_quick = picture(demo_db, VIEWS[view], width, lang)
    assert by_quick == by_rich
    assert "┌" in by_quick or "+" in by_quick  # a table was drawn


def styled(renderable: object, width: int) -> list[list[tuple[str, str]]]:
    """Each line as (character, style) pairs: what a colour terminal shows."""
    console = Console(file=io.StringIO(), width=width, force_terminal=True, color_system="truecolor")
    lines = console.render_lines(renderable, console.options.update_width(width), pad=False)
    return [[(ch, str(seg.style or Style.null())) for seg in line for ch in seg.text] for line in lines]


def styled_table(rows: int) -> Table:
    table = table_frame(False, "标题")
    table.add_column("号", justify="right", no_wrap=True)
    table.add_column("名称", ratio=4, min_width=12)
    table.add_column("状态", no_wrap=True)
    table.add_column("备注")
    for n in range(rows):
        note = Text("红色", style="bold red").append(" 逾期", style="yellow") if n % 3 else Text("")
        table.add_row(
            str(n),
            cell("加强思想政治和德育工作" * (1 + n % 4)),  # wraps at every width here
            status_text(list(Status)[n % 4], "zh"),
            Breakable(note),
            style="strike dim" if n % 5 == 0 else None,
            end_section=n % 7 == 6,
        )
    return table


@pytest.mark.parametrize("width", [50, 80, 120])
def test_styles_are_those_rich_gives_each_character(width: int) -> None:
    """Row styles, cell styles and spans reach every character as in Rich's own drawing, wrapped rows too."""
    table = styled_table(40)
    assert styled(Quick(table), width) == styled(table, width)


def test_only_tables_longer_than_a_screen_are_drawn_quickly() -> None:
    """A table of a screen or less stays Rich's; a longer one is drawn by `Quick`."""
    assert isinstance(quick(styled_table(quick_table.QUICK_ROWS)), Table)
    assert isinstance(quick(styled_table(quick_table.QUICK_ROWS + 1)), Quick)


def test_a_table_quick_cannot_draw_is_left_to_rich() -> None:
    """A table with a footer (a feature `Quick` does not draw) stays Rich's however long."""
    table = styled_table(100)
    table.show_footer = True
    assert quick(table) is table


def test_the_rows_are_rich_segments_ending_each_line() -> None:
    """Every line drawn ends in a newline segment, so a console can print it as it comes."""
    console = Console(file=io.StringIO(), width=80)
    segments = list(console.render(Quick(styled_table(10)), console.options))
    assert segments[-1] == Segment.line()


@settings(deadline=None)  # a shared machine
@given(
    percent=st.integers(0, 100),
    expected=st.floats(0, 100),
    width=st.integers(1, 30),
    ascii=st.booleans(),
)
def test_a_bar_drawn_in_runs_is_the_bar_drawn_cell_by_cell(
    percent: int, expected: float, width: int, ascii: bool
) -> None:
    """Each cell of the bar is full up to the percent, the marker at the expected percent, in its style."""
    drawn = bar(percent, expected, "green", ascii, width)
    filled = round(percent * width / 100)
    marker = min(width - 1, round(expected * width / 100))
    full, empty, tick = ("#", ".", "|") if ascii else ("█", "░", "│")
    cells = [
        (tick, "bold") if place == marker else (full, "green") if place < filled else (empty, "dim")
        for place in range(width)
    ]
    styles = [""] * len(drawn.plain)
    for span in drawn.spans:
        for at in range(span.start, span.end):
            styles[at] = str(span.style)
    assert list(zip(drawn.plain, styles, strict=True)) == cells


def long_words(line: PointLine) -> PointLine:
    """A point whose title and lead hold words longer than any column (a path, a URL)."""
    import dataclasses

    if line.number % 3:
        return line
    word = "https://jw.cq.gov.cn/" + "x" * 150
    return dataclasses.replace(line, title=f"{line.title}{word}", lead=f"{word}处")


@pytest.mark.parametrize("ascii", [False, True])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [30, 60, 80, 120])
def test_the_report_fits_the_terminal_without_being_cropped(
    demo_report: Report, width: int, lang: str, ascii: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`report` prints uncropped (each part is drawn to the width): the same text as cropped, even
    with words wider than any column, drawn by Rich and by `Quick`."""
    report = with_points(demo_report, long_words)
    for rows in (quick_table.QUICK_ROWS, 0):
        monkeypatch.setattr(quick_table, "QUICK_ROWS", rows)
        pictures = []
        for crop in (True, False):
            console = Console(file=io.StringIO(), width=width, force_terminal=True, color_system="truecolor")
            console.print(render_report(report, lang, ascii), crop=crop)
            pictures.append(console.file.getvalue())  # type: ignore[attr-defined]
        assert pictures[0] == pictures[1]
        assert "x" * 20 in pictures[0]
