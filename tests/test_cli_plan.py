"""Tests for the plan commands (load, plans, list, show) through Typer's CliRunner."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SEED, Run, ok, refused, snapshot
from rich.cells import cell_len
from typer.testing import Result

from cqvet.plan_doc import parse_plan
from cqvet.render.records import LIST_KEYS

DATA = Path(__file__).resolve().parent / "data"
FULLWIDTH_2022 = DATA / "2022-work-plan-fullwidth.txt"
SEED_DOC = parse_plan(SEED.read_text(encoding="utf-8"))
SEED_TITLES = [p.title for p in SEED_DOC.points]
SEED_SECTIONS = [s.title for s in SEED_DOC.sections]
SEED_HEADINGS = [f"{s.numeral}、{s.title}" for s in SEED_DOC.sections]
BOX_DRAWING = re.compile("[\u2500-\u257f]")

# --- helpers ----------------------------------------------------------------


def as_json(result: Result) -> list[dict[str, object]]:
    data = json.loads(ok(result))
    assert isinstance(data, list)
    return data


def numbers(result: Result) -> list[int]:
    return [int(str(row["number"])) for row in as_json(result)]


def table_blocks(text: str, bar: str = "│") -> list[tuple[str, list[str]]]:
    """Rebuild the rows of a Rich table from its lines, joining the folded parts of each cell.

    Each row is ("point", cells) or, for a row with no number straight after a rule,
    ("heading", cells): the section headings of `cqvet list`.
    """
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith(bar))
    start = next(i for i, line in enumerate(lines) if i > header and line.startswith(("├", "+")))
    blocks: list[tuple[str, list[str]]] = []
    after_rule = True
    for line in lines[start + 1 :]:
        if line.startswith(("├", "+")):
            after_rule = True
            continue
        if not line.startswith(bar):
            continue
        cells = [cell.strip() for cell in line.split(bar)[1:-1]]
        if cells[0] or after_rule:
            blocks.append(("point" if cells[0] else "heading", cells))
        else:
            kind, before = blocks[-1]
            blocks[-1] = (kind, [a + b for a, b in zip(before, cells, strict=True)])
        after_rule = False
    return blocks


def table_rows(text: str, bar: str = "│") -> list[list[str]]:
    """The point rows of a Rich table (section headings left out), folded cells joined."""
    return [cells for kind, cells in table_blocks(text, bar) if kind == "point"]


def section_headings(text: str, bar: str = "│") -> list[str]:
    """The section headings of `cqvet list`, as shown: `一、坚持党对职业教育的全面领导`."""
    return [cells[1] for kind, cells in table_blocks(text, bar) if kind == "heading"]


def write_seed_variant(tmp_path: Path, old: str, new: str) -> Path:
    text = SEED.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "corrected-2021.txt"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


# --- a new user's first command ---------------------------------------------------


def test_a_first_command_creates_the_database_and_loads_the_bundled_plan(cqvet: Run, db_path: Path) -> None:
    """`cqvet list` on no database creates one with the 2021 plan and lists its 17 points."""
    assert not db_path.exists()
    result = cqvet("list")
    ok(result)
    assert db_path.exists()
    rows = table_rows(result.stdout)
    assert [int(row[0]) for row in rows] == list(range(1, 18))
    assert [row[1] for row in rows] == SEED_TITLES
    # Each section is named once, in a heading row above its points, as in the document.
    assert section_headings(result.stdout) == SEED_HEADINGS
    assert "2021年全市职业教育与继续教育工作要点" in result.stdout
    db = snapshot(db_path)
    assert len(db["plans"]) == 1 and len(db["points"]) == 17 and len(db["sections"]) == 6


def test_the_bundled_plan_is_loaded_once_whatever_the_first_command(cqvet: Run, db_path: Path) -> None:
    """A second command finds the plan already there and loads nothing again."""
    ok(cqvet("plans"))
    before = snapshot(db_path)
    ok(cqvet("list"))
    ok(cqvet("plans"))
    assert snapshot(db_path) == before
    assert [row[1] for row in before["events"]] == ["plan_load"]


# --- list -----------------------------------------------------------------------


def test_list_as_json_gives_17_objects_with_the_documented_keys(cqvet: Run, loaded: Path) -> None:
    """Every object has exactly LIST_KEYS, in order, and the titles of the plan."""
    rows = as_json(cqvet("list", "--format", "json"))
    assert len(rows) == 17
    assert all(list(row) == list(LIST_KEYS) for row in rows)
    assert [row["title"] for row in rows] == SEED_TITLES
    assert [row["section"] for row in rows] == [p.section_seq for p in SEED_DOC.points]
    assert {row["status"] for row in rows} == {"not_started"}
    assert {row["deadline"] for row in rows} == {"2021-12-31"}


def test_list_as_csv_is_excel_ready_and_reads_back(cqvet: Run, loaded: Path) -> None:
    """UTF-8 with a byte-order mark, CRLF line ends, a header of LIST_KEYS and one row a point."""
    result = cqvet("list", "--format", "csv")
    ok(result)
    raw = result.stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == 18
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    assert reader.fieldnames == list(LIST_KEYS)
    rows = list(reader)
    assert [row["title"] for row in rows] == SEED_TITLES
    assert [row["number"] for row in rows] == [str(n) for n in range(1, 18)]
    assert rows[0]["section_title"] == "坚持党对职业教育的全面领导"


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ("3", [6, 7, 8, 9]),
        ("三", [6, 7, 8, 9]),
        ("三、", [6, 7, 8, 9]),
        ("6", [16, 17]),
        ("终身", [14, 15]),
        ("精准供给", [10, 11, 12, 13]),
        ("九", []),
    ],
)
def test_list_filters_by_section_number_numeral_or_words(
    cqvet: Run, loaded: Path, section: str, expected: list[int]
) -> None:
    """`--section` takes a number, a Chinese numeral or words of the section's title."""
    assert numbers(cqvet("list", "--section", section, "--format", "json")) == expected


def test_list_filters_by_lead_or_supporting_unit(cqvet: Run, loaded: Path) -> None:
    """`--owner` matches a unit that leads or supports, by its name or part of it."""
    ok(cqvet("owner", "set", "3", "--lead", "市教委职成处", "--support", "永川区教委"))
    ok(cqvet("owner", "set", "11", "--lead", "市经济信息委", "--support", "市教委职成处"))
    assert numbers(cqvet("list", "--owner", "市教委职成处", "--format", "json")) == [3, 11]
    assert numbers(cqvet("list", "--owner", "职成处", "--format", "json")) == [3, 11]
    assert numbers(cqvet("list", "--owner", "永川区教委", "--format", "json")) == [3]
    assert numbers(cqvet("list", "--owner", "市经济信息委", "--format", "json")) == [11]
    unknown = cqvet("list", "--owner", "市人力社保局", "--format", "json")  # no such office: told, not empty
    assert unknown.exit_code == 2 and "已有的单位：市教委职成处、永川区教委、市经济信息委" in unknown.stderr


def test_list_filters_by_status_in_chinese_or_english(cqvet: Run, loaded: Path) -> None:
    """`--status 推进中` and `--status in_progress` pick the same points; overdue is by deadline."""
    ok(cqvet("progress", "set", "2", "--percent", "40", "--date", "2021-03-31"))
    ok(cqvet("progress", "set", "5", "--percent", "100", "--status", "done", "--date", "2021-04-30"))
    assert numbers(cqvet("list", "--status", "推进中", "--format", "json")) == [2]
    assert numbers(cqvet("list", "--status", "in_progress", "--format", "json")) == [2]
    assert numbers(cqvet("list", "--status", "已完成", "--format", "json")) == [5]
    not_started = numbers(cqvet("list", "--status", "not_started", "--format", "json"))
    assert not_started == [n for n in range(1, 18) if n not in (2, 5)]
    assert numbers(cqvet("list", "--status", "逾期", "--as-of", "2021-06-30", "--format", "json")) == []
    overdue = numbers(cqvet("list", "--status", "overdue", "--as-of", "2022-01-01", "--format", "json"))
    assert overdue == [n for n in range(1, 18) if n != 5]


def test_ascii_output_draws_no_box_characters(cqvet: Run, loaded: Path) -> None:
    """With --ascii, list, plans and show use no character from U+2500 to U+257F."""
    for args in (("list",), ("plans",), ("show", "11")):
        plain = ok(cqvet(*args, "--ascii"))
        assert not BOX_DRAWING.search(plain), args
        assert BOX_DRAWING.search(ok(cqvet(*args))), args  # without it, boxes are drawn
    ascii_list = ok(cqvet("list", "--ascii"))
    assert [row[1] for row in table_rows(ascii_list, bar="|")] == SEED_TITLES
    assert section_headings(ascii_list, bar="|") == SEED_HEADINGS


def test_a_filtered_table_heads_each_section_it_shows(cqvet: Run, loaded: Path) -> None:
    """Points 4 and 5 share section 二 and point 11 is in 四: each shown section gets its heading
    once, above its first point shown, though neither 4 nor 11 opens its section in the plan."""
    for number in ("4", "5", "11"):
        ok(cqvet("owner", "set", number, "--lead", "市教委职成处"))
    out = ok(cqvet("list", "--owner", "职成处"))
    blocks = [(kind, cells[0] or cells[1]) for kind, cells in table_blocks(out)]
    assert blocks == [
        ("heading", SEED_HEADINGS[1]),
        ("point", "4"),
        ("point", "5"),
        ("heading", SEED_HEADINGS[3]),
        ("point", "11"),
    ]


def test_english_headings_number_sections_with_digits(cqvet: Run, loaded: Path) -> None:
    """In English a section heading reads `2. 推进职业教育重点领域改革`; the plan's words stay Chinese."""
    out = ok(cqvet("--lang", "en", "list"))
    assert section_headings(out) == [f"{n}. {title}" for n, title in enumerate(SEED_SECTIONS, 1)]


def test_long_titles_fold_in_a_narrow_terminal_and_are_never_cut(
    cqvet: Run, loaded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 60 columns every title and section title is whole, folded over lines, without an ellipsis;
    the lead folds under the title (牵头单位：…) to leave the title room."""
    monkeypatch.setenv("COLUMNS", "60")
    result = cqvet("list")
    ok(result)
    assert "…" not in result.stdout
    assert all(cell_len(line) <= 60 for line in result.stdout.splitlines())
    rows = table_rows(result.stdout)
    assert [row[1].partition("牵头单位：")[0] for row in rows] == SEED_TITLES
    assert all(row[1].endswith("牵头单位：—") for row in rows)
    assert section_headings(result.stdout) == SEED_HEADINGS
    assert sum(1 for line in result.stdout.splitlines() if line.startswith("│")) > 2 * 17  # really folded


def test_english_with_the_lang_option(cqvet: Run, loaded: Path) -> None:
    """`cqvet --lang en list` has English headings and statuses; the plan's own text stays Chinese."""
    out = ok(cqvet("--lang", "en", "list"))
    assert "Work point" in out and "not started" in out and "(as of" in out
    assert "重点任务" not in out and "未启动" not in out
    assert "加强职业院校党建工作" in out


def test_english_with_the_environment_variable(
    cqvet: Run, loaded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CQVET_LANG=en switches the output, and the error messages, to English."""
    monkeypatch.setenv("CQVET_LANG", "en")
    out = ok(cqvet("list"))
    assert "Work point" in out and "未启动" not in out
    assert ok(cqvet("--lang", "zh", "list")).count("未启动") == 17  # the option wins over the variable
    refused(cqvet("show", "99"), 2, "error: there is no work point 99 (this plan has 17)")


# --- show -----------------------------------------------------------------------


def test_show_gives_a_points_measures_and_targets(cqvet: Run, loaded: Path) -> None:
    """`show 11` prints the six measures (in the 举措 table, each named 11-1 … 11-6 beside the
    start of its text) and the five targets 80, 10, 30, 15, 20 个."""
    out = ok(cqvet("show", "11"))
    assert "11. 深化产教融合、校企合作" in out
    lines = [line.rstrip() for line in out.splitlines()]
    for i, measure in enumerate(SEED_DOC.points[10].measures, start=1):
        assert any(line.startswith(f"│ 11-{i} │ {measure[:12]}") for line in lines), (i, measure)
    for seq, value in enumerate([80, 10, 30, 15, 20], start=1):
        assert any(re.search(rf"│ 11\.{seq} +│.*│ +{value}个 │", line) for line in lines), seq
    assert "进度记录：暂无记录" in out


def test_show_as_json_has_measures_and_targets(cqvet: Run, loaded: Path) -> None:
    """`show 11 --format json` has the list keys plus measures and targets lists."""
    record = json.loads(ok(cqvet("show", "11", "--format", "json")))
    assert set(LIST_KEYS) <= set(record)
    assert record["number"] == 11
    assert record["measures"] == list(SEED_DOC.points[10].measures)
    assert [(t["ref"], t["value"], t["unit"], t["kind"]) for t in record["targets"]] == [
        (f"11.{seq}", value, "个", "count") for seq, value in enumerate([80, 10, 30, 15, 20], start=1)
    ]
    assert record["progress_history"] == []


@pytest.mark.parametrize("written", ["2", "#2", "第2项", " 2 "])
def test_show_reads_a_point_number_as_people_write_it(cqvet: Run, loaded: Path, written: str) -> None:
    """2, #2 and 第2项 all name point 2."""
    assert json.loads(ok(cqvet("show", written, "--format", "json")))["title"] == "加强思想政治和德育工作"


# --- load -----------------------------------------------------------------------


def test_loading_a_second_plan_leaves_the_first_as_it_was(cqvet: Run, loaded: Path) -> None:
    """The 2022 plan is added; every row of the 2021 plan and its progress stays exactly as it was."""
    ok(cqvet("progress", "set", "2", "--percent", "40", "--date", "2021-03-31"))
    before = snapshot(loaded)
    out = ok(cqvet("load", str(FULLWIDTH_2022)))
    assert out == "已导入“2022年全市职业教育与继续教育工作要点”：3个部分、6项要点、7个量化指标（计划 #2）\n"
    after = snapshot(loaded)
    for table, rows in before.items():
        assert set(rows) <= set(after[table]), table
    assert len(after["plans"]) == 2
    assert len(after["points"]) == 17 + 6
    assert after["progress_updates"] == before["progress_updates"]
    history = json.loads(ok(cqvet("show", "2", "--plan", "2021", "--format", "json")))["progress_history"]
    assert [(h["percent"], h["reported_on"]) for h in history] == [(40, "2021-03-31")]


def test_plans_lists_both_plans_newest_first(cqvet: Run, loaded: Path) -> None:
    """`plans` shows the 2022 plan above the 2021 plan, with their point counts."""
    ok(cqvet("load", str(FULLWIDTH_2022)))
    rows = table_rows(ok(cqvet("plans")))
    assert [(row[1], row[2], row[3]) for row in rows] == [
        ("2022", "2022年全市职业教育与继续教育工作要点", "6"),
        ("2021", "2021年全市职业教育与继续教育工作要点", "17"),
    ]


def test_list_shows_the_newest_plan_unless_another_is_chosen(cqvet: Run, loaded: Path) -> None:
    """After loading 2022, `list` is the 2022 plan and `list --plan 2021` the old one."""
    ok(cqvet("load", str(FULLWIDTH_2022)))
    newest = as_json(cqvet("list", "--format", "json"))
    assert [row["title"] for row in newest] == [
        "加强职业院校党建工作",
        "加强思想政治和德育工作",
        "深化“三教”改革",
        "推进职业教育评价改革",
        "深化产教融合、校企合作",
        "营造职业教育发展良好氛围",
    ]
    assert [row["section"] for row in newest] == [1, 1, 2, 2, 3, 3]
    assert "2022年全市职业教育与继续教育工作要点" in ok(cqvet("list"))
    old = as_json(cqvet("list", "--plan", "2021", "--format", "json"))
    assert [row["title"] for row in old] == SEED_TITLES
    assert as_json(cqvet("list", "--plan", "1", "--format", "json")) == old
    assert as_json(cqvet("list", "--plan", "2022年", "--format", "json")) == newest


def test_loading_the_same_file_again_changes_nothing(cqvet: Run, loaded: Path) -> None:
    """A second load of an identical file says so and writes no row, not even an event."""
    ok(cqvet("load", str(FULLWIDTH_2022)))
    before = snapshot(loaded)
    out = ok(cqvet("load", str(FULLWIDTH_2022)))
    assert "未作更改" in out and "#2" in out
    assert snapshot(loaded) == before


def test_loading_the_bundled_plan_file_again_changes_nothing(cqvet: Run, loaded: Path) -> None:
    """The seed loaded by hand over the plan it created is recognised as the same document."""
    before = snapshot(loaded)
    assert "未作更改" in ok(cqvet("load", str(SEED)))
    assert snapshot(loaded) == before


def test_a_corrected_plan_updates_in_place_and_keeps_progress(
    cqvet: Run, loaded: Path, tmp_path: Path
) -> None:
    """A corrected 2021 text updates the titles of the same plan; progress on its points is kept."""
    ok(cqvet("progress", "set", "2", "--percent", "40", "--date", "2021-03-31"))
    before = snapshot(loaded)
    corrected = write_seed_variant(tmp_path, "2.加强思想政治和德育工作。", "2.加强思想政治教育和德育工作。")
    out = ok(cqvet("load", str(corrected)))
    assert out.startswith("已更新“2021年全市职业教育与继续教育工作要点”：6个部分、17项要点、12个量化指标")
    after = snapshot(loaded)
    assert len(after["plans"]) == 1
    assert sorted(row[0] for row in after["points"]) == sorted(row[0] for row in before["points"])  # same ids
    assert after["progress_updates"] == before["progress_updates"]
    record = json.loads(ok(cqvet("show", "2", "--format", "json")))
    assert record["title"] == "加强思想政治教育和德育工作"
    assert [(h["percent"], h["reported_on"], h["status"]) for h in record["progress_history"]] == [
        (40, "2021-03-31", "in_progress")
    ]
    assert record["percent"] == 40


def test_a_corrected_plan_that_drops_a_point_with_history_is_refused(
    cqvet: Run, loaded: Path, tmp_path: Path
) -> None:
    """Point 17 has progress; a text without point 17 is refused and nothing is written."""
    ok(cqvet("progress", "set", "17", "--percent", "10", "--date", "2021-03-31"))
    text = SEED.read_text(encoding="utf-8")
    cut = text[: text.index("17.构建全方位宣传格局")] + text[text.index("下一篇") :]
    path = tmp_path / "short-2021.txt"
    path.write_text(cut, encoding="utf-8")
    before = snapshot(loaded)
    refused(cqvet("load", str(path)), 1, "第17项")
    assert snapshot(loaded) == before


# --- bad input: one line on stderr, nothing written ----------------------------------


def _not_a_plan(tmp_path: Path) -> str:
    path = tmp_path / "notes.txt"
    path.write_text("会议纪要\n一、参会人员\n二、会议议程\n", encoding="utf-8")
    return str(path)


def _points_out_of_order(tmp_path: Path) -> str:
    path = tmp_path / "gap.txt"
    path.write_text("2022年全市职业教育工作要点\n\n1.甲项。\n2.乙项。\n4.丁项。\n", encoding="utf-8")
    return str(path)


def _folder(tmp_path: Path) -> str:
    path = tmp_path / "plans-folder"
    path.mkdir()
    return str(path)


def _binary(tmp_path: Path) -> str:
    path = tmp_path / "picture.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    return str(path)


def _gbk_plan(tmp_path: Path) -> str:  # a GBK file that is not a plan: decoded, then refused by the parser
    path = tmp_path / "gbk.txt"
    path.write_bytes("通知\n请各单位认真落实。\n".encode("gbk"))
    return str(path)


BAD_INPUTS: dict[str, tuple[Callable[[Path], list[str]], int, tuple[str, ...]]] = {
    "an unknown point number": (lambda p: ["show", "99"], 2, ("错误：没有第99项工作要点（本计划共17项）",)),
    "point number zero": (lambda p: ["show", "0"], 2, ("没有第0项",)),
    "a point that is not a number": (lambda p: ["show", "abc"], 2, ("“abc”不是工作要点的编号",)),
    "a missing point number": (lambda p: ["show"], 2, ("用法错误",)),
    "show as csv": (lambda p: ["show", "11", "--format", "csv"], 2, ("不支持的格式“csv”",)),
    "an unknown plan": (lambda p: ["list", "--plan", "2030"], 2, ("没有与“2030”相符的计划",)),
    "an unknown status": (lambda p: ["list", "--status", "finished"], 2, ("无法识别的状态“finished”",)),
    "an unknown option": (lambda p: ["list", "--bogus"], 2, ("用法错误", "--bogus")),
    "an unknown command": (lambda p: ["frobnicate"], 2, ("用法错误", "frobnicate")),
    "a missing file": (lambda p: ["load", "nope.txt"], 2, ("错误：文件 nope.txt 不存在",)),
    "a directory as file": (lambda p: ["load", _folder(p)], 2, ("plans-folder 是文件夹，不是文件",)),
    "a file that is not a plan": (
        lambda p: ["load", _not_a_plan(p)],
        2,
        ("无法读取计划文档", "第3行（文末）", "标题行"),
    ),
    "a plan with a gap in its numbering": (
        lambda p: ["load", _points_out_of_order(p)],
        2,
        ("第5行：应为第3项，却是第4项",),
    ),
    "a binary file": (lambda p: ["load", _binary(p)], 2, ("这是图片", ".docx")),
    "a GBK text that is not a plan": (lambda p: ["load", _gbk_plan(p)], 2, ("第2行（文末）",)),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_refused_in_one_line_and_writes_nothing(
    cqvet: Run, loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    """It refuses the input with its exit code and one Chinese line, and the database is unchanged."""
    make_args, code, fragments = BAD_INPUTS[case]
    workdir = tmp_path / "work"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    args = make_args(workdir)
    before = snapshot(loaded)
    refused(cqvet(*args), code, *fragments, usage=True)
    assert snapshot(loaded) == before


def test_a_refused_first_command_creates_no_database(cqvet: Run, db_path: Path, tmp_path: Path) -> None:
    """A refused `load` as the very first command creates no database; the next command starts cleanly."""
    refused(cqvet("load", str(tmp_path / "nope.txt")), 2, "nope.txt 不存在")
    assert not db_path.exists()
    refused(cqvet("show", "99"), 2, "没有第99项")
    assert len(as_json(cqvet("list", "--format", "json"))) == 17


# --- databases cqvet must not touch ----------------------------------------------------


def _text_file(tmp_path: Path, cqvet: Run) -> Path:
    path = tmp_path / "notes.db"
    path.write_text("这不是数据库\n", encoding="utf-8")
    return path


def _other_program(tmp_path: Path, cqvet: Run) -> Path:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO foo (name) VALUES ('bar')")
    conn.commit()
    conn.close()
    return path


def _newer_cqvet(tmp_path: Path, cqvet: Run) -> Path:
    path = tmp_path / "newer.db"
    ok(cqvet("--db", str(path), "plans"))
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('cqvet', 'm999_from_the_future', '2030-01-01 00:00:00')"
    )
    conn.commit()
    conn.close()
    return path


def _other_sqlite_utils_program(tmp_path: Path, cqvet: Run) -> Path:
    """A database managed by another sqlite-utils program: migrations, but none of cqvet's."""
    path = tmp_path / "llm.db"
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TABLE _sqlite_migrations "
        "(id INTEGER PRIMARY KEY, migration_set TEXT, name TEXT, applied_at TEXT)"
    )
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('llm', 'm001', 'x')"
    )
    conn.execute("CREATE TABLE responses (id TEXT PRIMARY KEY)")
    conn.commit()
    conn.close()
    return path


FOREIGN_DATABASES: dict[str, tuple[Callable[[Path, Run], Path], tuple[str, ...]]] = {
    "a text file": (_text_file, ("不是数据库文件", "未作任何更改")),
    "a database of another program": (_other_program, ("不是 cqvet 数据库",)),
    "a database of another sqlite-utils program": (_other_sqlite_utils_program, ("不是 cqvet 数据库",)),
    "a database from a newer cqvet": (_newer_cqvet, ("更新版本的 cqvet", "m999_from_the_future", "请升级")),
}


@pytest.mark.parametrize("case", list(FOREIGN_DATABASES))
@pytest.mark.parametrize("command", [("list",), ("plans",), ("load", str(FULLWIDTH_2022))])
def test_a_database_that_is_not_cqvets_is_refused_and_left_byte_for_byte(
    cqvet: Run, tmp_path: Path, case: str, command: tuple[str, ...]
) -> None:
    """`--db` at a file cqvet cannot use exits 1 with one line, and the file is unchanged to the byte."""
    make, fragments = FOREIGN_DATABASES[case]
    path = make(tmp_path, cqvet)
    content = path.read_bytes()
    refused(cqvet("--db", str(path), *command), 1, "错误：", *fragments)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(path.name)) == [path.name]


def test_a_directory_as_database_is_refused(cqvet: Run, tmp_path: Path) -> None:
    """`--db` at a folder exits 1 and creates nothing inside it."""
    refused(cqvet("--db", str(tmp_path), "list"), 1, "是一个目录，不是数据库文件")
    assert not any(p.suffix == ".db" for p in tmp_path.iterdir())
