"""Tests for office sheets: reading (`cqvet.sheets`), writing (`cqvet.render.spreadsheet`)
and what their columns mean (`cqvet.exchange`).

These run without the command line: files are built in memory or in a
temporary folder, and the diffs are computed against a store holding the
bundled plan. The command-line round trips are in test_cli_exchange.py.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SEED, write_xlsx
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook as XlsxWorkbook
from openpyxl import load_workbook

from cqvet import exchange, recording
from cqvet.errors import UsageError
from cqvet.exchange import ASSIGNMENTS, PROGRESS_FORM, find_header, normalise_heading
from cqvet.exchange.reading import _RowProblem, _same_title
from cqvet.models import Plan
from cqvet.render.spreadsheet import OutColumn, OutTable, to_csv, to_xlsx
from cqvet.sheets import Sheet, Workbook, column_letter, read_workbook, serial_date
from cqvet.store import Store

TODAY = dt.date(2021, 7, 15)
HEADINGS = ("序号", "部分", "重点任务", "牵头单位", "配合单位", "完成时限", "完成日期", "分管领导", "联系人")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "exchange.db", seed=SEED)
    yield opened
    opened.close()


@pytest.fixture
def plan(store: Store) -> Plan:
    return store.plan()


def sheet(*rows: tuple[object, ...], merged: tuple[tuple[int, int, int, int], ...] = ()) -> Sheet:
    return Sheet("Sheet1", tuple(tuple(r) for r in rows), merged)  # type: ignore[arg-type]


def book(*rows: tuple[object, ...]) -> Workbook:
    return Workbook("test.xlsx", (sheet(*rows),))


# --- headings ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "field"),
    [
        ("序号", "number"),
        ("编 号", "number"),
        ("No.", "number"),
        ("工作要点", "title"),
        ("牵头处室", "lead"),
        ("主要责任单位", "lead"),
        ("协同配合单位", "supports"),
        ("完成时限（2021年）", "deadline"),
        ("完成\n时间", "deadline"),
        ("分管负责人", "leader"),
        ("Due date", "due_date"),
        ("本期进度(%)", "new_percent"),
    ],
)
def test_headings_are_recognised_in_their_usual_variants(written: str, field: str) -> None:
    """Spaces, line breaks, bracketed notes, case and full-width forms do not hide a heading."""
    assert exchange.ALIASES[normalise_heading(written)] == field


def test_the_header_is_found_below_a_title_row_and_unknown_columns_are_named() -> None:
    """The row naming the most known columns is the header; a 备注 column is ignored and named."""
    found = find_header(
        sheet(
            ("2021年工作任务分解表",),
            (None,),
            ("序号", "重点任务", "牵头单位", "完成时限", "备注"),
            (1, "加强职业院校党建工作", "组织处", "6月底", "x"),
        ),
        ASSIGNMENTS,
    )
    assert (found.row, found.first_data_row) == (3, 4)
    assert found.columns == {"number": (1,), "title": (2,), "lead": (3,), "deadline": (4,)}
    assert found.ignored == (("E", "备注"),)


def test_a_two_row_header_with_merged_cells_reads_its_sub_headings() -> None:
    """责任单位 merged over 牵头单位 and 配合单位, 序号 merged down two rows: data starts below both."""
    rows = (
        ("分解表", "分解表", "分解表", "分解表", "分解表"),
        ("序号", "重点任务", "责任单位", "责任单位", "完成时限"),
        ("序号", "重点任务", "牵头单位", "配合单位", "完成时限"),
        (1, "加强职业院校党建工作", "组织处", "职成教处", "6月底"),
    )
    merged = ((1, 1, 1, 5), (2, 1, 3, 1), (2, 2, 3, 2), (2, 3, 2, 4), (2, 5, 3, 5))
    found = find_header(sheet(*rows, merged=merged), ASSIGNMENTS)
    assert (found.row, found.first_data_row) == (3, 4)
    assert found.columns["lead"] == (3,) and found.columns["supports"] == (4,)


def test_responsible_unit_is_the_lead_without_a_lead_column_and_the_supports_beside_one() -> None:
    alone = find_header(sheet(("序号", "责任单位", "完成时限")), ASSIGNMENTS)
    beside = find_header(sheet(("序号", "牵头单位", "责任单位")), ASSIGNMENTS)
    assert alone.columns["lead"] == (2,)
    assert beside.columns["supports"] == (3,)


def test_a_heading_named_twice_is_read_once_except_supporting_units() -> None:
    found = find_header(sheet(("序号", "牵头单位", "牵头处室", "配合单位", "配合处室")), ASSIGNMENTS)
    assert found.columns["lead"] == (2,)
    assert found.columns["supports"] == (4, 5)
    assert found.ignored == (("C", "牵头处室"),)


def test_missing_required_columns_name_what_is_missing_and_what_was_found() -> None:
    with pytest.raises(UsageError) as caught:
        find_header(sheet(("重点任务", "配合单位"), ("x", "y")), ASSIGNMENTS)
    assert caught.value.key == "import_columns_missing"
    assert "序号" in caught.value.params["missing"]
    assert "牵头单位/完成时限/完成日期" in caught.value.params["missing"]
    assert caught.value.params["found"] == "重点任务、配合单位"


def test_the_header_is_looked_for_only_in_the_first_ten_rows() -> None:
    rows = [(None,)] * 10 + [("序号", "牵头单位")]
    with pytest.raises(UsageError):
        find_header(sheet(*rows), ASSIGNMENTS)


cell_values = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from([*exchange.ALIASES, "责任单位", "序号", "牵头单位", "本期进度", "（", "】"]),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.lists(cell_values, max_size=8).map(tuple), max_size=12),
    merged=st.lists(
        st.tuples(*(st.integers(min_value=1, max_value=14) for _ in range(4))).map(
            lambda t: (min(t[0], t[2]), min(t[1], t[3]), max(t[0], t[2]), max(t[1], t[3]))
        ),
        max_size=3,
    ),
    layout=st.sampled_from([ASSIGNMENTS, PROGRESS_FORM]),
)
def test_the_header_matcher_raises_nothing_but_the_documented_error(
    rows: list[tuple[object, ...]], merged: list[tuple[int, int, int, int]], layout: exchange.Layout
) -> None:
    """Any grid either yields a header with the required columns, or `import_columns_missing`."""
    grid = sheet(*rows, merged=tuple(merged))
    try:
        found = find_header(grid, layout)
    except UsageError as exc:
        assert exc.key == "import_columns_missing"
        return
    assert "number" in found.columns
    assert found.first_data_row > found.row >= 1
    assert all(name in layout.reads for name in found.columns)


# --- cells ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "day"),
    [
        (44377, dt.date(2021, 6, 30)),
        (44377.75, dt.date(2021, 6, 30)),
        ("44469", dt.date(2021, 9, 30)),
        ("9月底", dt.date(2021, 9, 30)),
        ("2021年9月30日", dt.date(2021, 9, 30)),
        ("2021/9/30", dt.date(2021, 9, 30)),
        (dt.datetime(2021, 9, 30, 0, 0), dt.date(2021, 9, 30)),
        (dt.date(2021, 9, 30), dt.date(2021, 9, 30)),
    ],
)
def test_a_date_cell_may_be_a_date_text_or_an_excel_serial_number(
    plan: Plan, value: object, day: dt.date
) -> None:
    assert exchange.cell_date(value, plan, dt.date(1899, 12, 30), TODAY, "deadline") == day  # type: ignore[arg-type]


def test_a_serial_number_in_the_1904_system_counts_from_1904(plan: Plan) -> None:
    assert exchange.cell_date(42915, plan, dt.date(1904, 1, 1), TODAY, "deadline") == dt.date(2021, 6, 30)


@pytest.mark.parametrize(
    ("value", "key"), [(2021, "import_serial_far"), (True, "invalid_date"), ("下个月", "invalid_date")]
)
def test_a_number_far_from_the_plans_year_is_not_taken_for_a_date(
    plan: Plan, value: object, key: str
) -> None:
    """2021 typed as a number would be 1905-07-13: refused, not guessed."""
    with pytest.raises(_RowProblem) as caught:
        exchange.cell_date(value, plan, dt.date(1899, 12, 30), TODAY, "deadline")  # type: ignore[arg-type]
    assert caught.value.key == key


def test_serial_dates_and_column_letters_follow_excel() -> None:
    assert serial_date(44377) == dt.date(2021, 6, 30)
    assert serial_date(61) == dt.date(1900, 3, 1)
    with pytest.raises(ValueError):
        serial_date(float("nan"))
    assert [column_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]


@pytest.mark.parametrize(
    ("written", "matches"),
    [
        ("加强职业院校党建工作", True),
        (" 加强职业院校 党建工作。", True),
        ("1. 加强职业院校党建工作", True),
        ("加强职业院校党建工作（含民办院校）", True),
        ("加强职业院校党的建设", True),  # the first six characters agree: the 序号 decides
        ("", True),
        ("加强思想政治和德育工作", False),
        ("党建", False),
    ],
)
def test_a_title_matches_when_equal_without_spacing_and_punctuation_or_on_six_characters(
    written: str, matches: bool
) -> None:
    assert _same_title(written, "加强职业院校党建工作") is matches


def test_no_two_titles_of_the_bundled_plan_share_their_first_six_characters(store: Store, plan: Plan) -> None:
    """What makes the six-character rule safe: another point's title never passes for this one's."""
    states = store.point_states(plan, TODAY)
    for state in states:
        others = [s for s in states if s.number != state.number]
        assert not any(_same_title(o.title, state.title) for o in others), state.title


def test_supporting_units_split_at_every_separator_offices_use() -> None:
    assert exchange.split_units(["财务处、人事处，宣传处;财务处", "市教科院\n市职教学会"]) == (
        "财务处",
        "人事处",
        "宣传处",
        "市教科院",
        "市职教学会",
    )


# --- reading files ----------------------------------------------------------


def test_a_gbk_csv_is_read_as_older_excel_writes_it(tmp_path: Path) -> None:
    path = tmp_path / "分解表.csv"
    path.write_bytes("序号,牵头单位\r\n1,组织处\r\n".encode("gbk"))
    assert read_workbook(path).sheets[0].rows == (("序号", "牵头单位"), ("1", "组织处"))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
def test_csv_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("序号\t牵头单位\r\n1\t职成教处\r\n".encode(encoding))
    assert read_workbook(path).sheets[0].rows[1] == ("1", "职成教处")


def test_merged_cells_read_as_their_top_left_cell(tmp_path: Path) -> None:
    """A 牵头单位 merged down over three points leads all three."""
    path = write_xlsx(
        tmp_path / "m.xlsx",
        [["序号", "牵头单位"], [1, "组织处"], [2, None], [3, None]],
        merges=("B2:B4",),
    )
    rows = read_workbook(path).sheets[0].rows
    assert [r[1] for r in rows[1:]] == ["组织处", "组织处", "组织处"]


@pytest.mark.slow
def test_a_percent_formatted_cell_reads_as_percentage_points(tmp_path: Path) -> None:
    workbook = XlsxWorkbook()
    ws = workbook.active
    assert ws is not None
    ws["A1"], ws["B1"], ws["C1"] = 0.6, 60, 0.6
    ws["A1"].number_format = "0%"
    ws["B1"].number_format = '0"%"'  # a literal % sign: the value is already in points
    workbook.save(tmp_path / "p.xlsx")
    assert read_workbook(tmp_path / "p.xlsx").sheets[0].rows[0] == (60.0, 60, 0.6)


def test_the_apostrophe_cqvet_puts_before_formula_text_is_taken_off_again(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("序号,牵头单位\n1,'=cmd\n2,'ordinary\n", encoding="utf-8")
    rows = read_workbook(path).sheets[0].rows
    assert (rows[1][1], rows[2][1]) == ("=cmd", "'ordinary")


def test_reading_takes_off_the_apostrophe_before_exactly_the_starts_the_writers_neutralise() -> None:
    """`cqvet.sheets` keeps its own copy so that reading imports no renderer; the two must agree."""
    from cqvet import sheets
    from cqvet.render import text

    assert sheets.FORMULA_STARTS == text.FORMULA_STARTS


def test_reading_imports_no_renderer() -> None:
    """Spreadsheets are written only under `cqvet.render`; the reading module stays apart from it."""
    import ast

    from cqvet import sheets

    tree = ast.parse(Path(sheets.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
        alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    assert not {name for name in imported if name and name.startswith("cqvet.render")}
    assert not hasattr(sheets, "to_xlsx") and not hasattr(sheets, "to_csv")


@pytest.mark.parametrize(
    ("name", "content", "key"),
    [
        ("empty.xlsx", b"", "import_empty"),
        ("blank.csv", b"\r\n ,\r\n", "import_empty"),
        ("photo.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00", "import_not_spreadsheet"),
        ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "import_not_spreadsheet"),
        ("notes.docx", b"just some words", "import_not_spreadsheet"),
        ("fake.xlsx", b"PK\x03\x04 not really a zip", "import_not_spreadsheet"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "import_old_xls"),
    ],
)
def test_files_that_are_no_spreadsheet_are_refused_by_name(
    tmp_path: Path, name: str, content: bytes, key: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UsageError) as caught:
        read_workbook(path)
    assert caught.value.key == key


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        read_workbook(tmp_path / "nowhere.xlsx")
    assert caught.value.key == "file_missing"


# --- writing files ----------------------------------------------------------

TABLE = OutTable(
    "2021年任务分解表",
    "任务分解表",
    (
        OutColumn("序号", "number", 5, 6),
        OutColumn("重点任务", "text", 16, 36),
        OutColumn("完成日期", "date", 16, 18),
        OutColumn("状态", "text", 10, 10, choices=("未启动", "推进中"), to_fill=True, prompt="选"),
        OutColumn("本期进度", "number", 10, 10, whole=(0, 100), to_fill=True),
    ),
    (
        (1, "=cmd|' /C calc'!A0", dt.date(2021, 6, 30), None, None),
        (
            2,
            "\x1b[31m红\x1b[0m 很长很长很长很长很长很长很长很长很长很长很长很长很长很长的任务",
            None,
            None,
            None,
        ),
    ),
)


def test_an_xlsx_has_a_title_row_a_frozen_bold_header_and_a4_landscape_print() -> None:
    ws = load_workbook(io.BytesIO(to_xlsx(TABLE))).active
    assert ws is not None
    assert ws["A1"].value == "2021年任务分解表" and "A1:E1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[2]] == ["序号", "重点任务", "完成日期", "状态", "本期进度"]
    assert all(c.font.bold for c in ws[2])
    assert ws.freeze_panes == "A3"
    assert ws.print_title_rows == "$1:$2"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.column_dimensions["B"].width == 36  # capped; CJK counted double
    assert ws["B3"].alignment.wrap_text
    assert ws["C3"].value == dt.datetime(2021, 6, 30) and ws["C3"].is_date
    assert ws.row_dimensions[4].height > ws.row_dimensions[3].height  # the long title wraps


def test_an_xlsx_never_holds_a_formula_or_a_control_character() -> None:
    ws = load_workbook(io.BytesIO(to_xlsx(TABLE))).active
    assert ws is not None
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    assert ws["B3"].value == "'=cmd|' /C calc'!A0"
    assert "\x1b" not in str(ws["B4"].value) and str(ws["B4"].value).startswith("[31m红")


def test_an_xlsx_offers_drop_downs_and_a_percent_range_where_the_recipient_fills_in() -> None:
    ws = load_workbook(io.BytesIO(to_xlsx(TABLE))).active
    assert ws is not None
    rules = {str(v.sqref): v for v in ws.data_validations.dataValidation}
    assert rules["D3:D4"].type == "list" and rules["D3:D4"].formula1 == '"未启动,推进中"'
    assert (rules["E3:E4"].type, rules["E3:E4"].formula1, rules["E3:E4"].formula2) == ("whole", "0", "100")
    assert ws["D3"].fill.fgColor.rgb.endswith("FFF2CC")


def test_a_csv_is_utf8_with_bom_crlf_iso_dates_and_neutralised_text() -> None:
    data = to_csv(TABLE)
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "序号,重点任务,完成日期,状态,本期进度"
    assert "\r\n" in text and "\x1b" not in text
    assert text.splitlines()[1] == "1,'=cmd|' /C calc'!A0,2021-06-30,,"


# --- diffs against the ledger -----------------------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_an_exported_sheet_read_back_changes_nothing(
    store: Store, plan: Plan, tmp_path: Path, suffix: str
) -> None:
    recording.assign_owner(
        store,
        plan,
        3,
        lead="职成教处",
        supports=["财务处", "人事处"],
        contact="李四",
        leader="张主任",
        effective_on=None,
        author="t",
        today=TODAY,
    )
    table = exchange.assignments_table(store, plan, TODAY, "zh")
    path = tmp_path / f"out{suffix}"
    path.write_bytes(to_xlsx(table) if suffix == ".xlsx" else to_csv(table))
    result = exchange.diff_assignments(store, plan, read_workbook(path), on=TODAY)
    # 17 point rows and, under them, the 78 measures' rows
    assert (result.changes, result.problems, result.unchanged, result.ignored) == ((), (), 95, ())


def test_a_point_without_a_lead_may_stay_blank_but_a_lead_cannot_be_erased(store: Store, plan: Plan) -> None:
    """An empty lead on an unassigned point leaves it be; on an assigned one it is refused."""
    recording.assign_owner(
        store, plan, 2, lead="德育处", supports=[], contact="", effective_on=None, author="t", today=TODAY
    )
    result = exchange.diff_assignments(
        store, plan, book(("序号", "牵头单位"), (1, None), (2, None), (3, None, "配合单位")), on=TODAY
    )
    assert [(p.row, p.column, p.key) for p in result.problems] == [(3, "B", "import_lead_empty")]
    assert result.unchanged == 2


def test_supports_without_a_lead_are_refused(store: Store, plan: Plan) -> None:
    result = exchange.diff_assignments(
        store, plan, book(("序号", "牵头单位", "配合单位"), (1, None, "财务处")), on=TODAY
    )
    assert [p.key for p in result.problems] == ["import_lead_needed"]


def test_a_changed_date_cell_with_unchanged_wording_is_refused(store: Store, plan: Plan) -> None:
    """完成时限 still says 6月底 but 完成日期 was moved: the row disagrees with itself and is refused."""
    recording.set_deadline(
        store,
        plan,
        4,
        due_on=dt.date(2021, 6, 30),
        as_written="6月底",
        note="",
        effective_on=None,
        author="t",
        today=TODAY,
    )
    rows = (("序号", "完成时限", "完成日期"), (4, "6月底", dt.datetime(2021, 7, 31)))
    result = exchange.diff_assignments(store, plan, book(*rows), on=TODAY)
    assert [(p.column, p.key) for p in result.problems] == [("C", "import_date_conflict")]
    assert result.changes == ()


def test_wording_and_date_changed_to_different_days_are_refused(store: Store, plan: Plan) -> None:
    rows = (("序号", "完成时限", "完成日期"), (4, "9月底", dt.datetime(2021, 7, 31)))
    result = exchange.diff_assignments(store, plan, book(*rows), on=TODAY)
    assert [(p.column, p.key) for p in result.problems] == [("C", "import_date_conflict")]


def test_the_default_year_end_reads_back_as_no_change(store: Store, plan: Plan) -> None:
    rows = (("序号", "完成时限", "完成日期"), (5, "年底", dt.datetime(2021, 12, 31)), (6, "年底", None))
    result = exchange.diff_assignments(store, plan, book(*rows), on=TODAY)
    assert (result.changes, result.unchanged) == ((), 2)


def test_a_cover_sheet_before_the_table_is_passed_over(store: Store, plan: Plan, tmp_path: Path) -> None:
    """The first sheet that has the columns is read, the active one first."""
    workbook = XlsxWorkbook()
    cover = workbook.active
    assert cover is not None
    cover.append(["填表说明：请勿修改序号"])
    table = workbook.create_sheet("分解表")
    table.append(["序号", "牵头单位"])
    table.append([1, "组织处"])
    workbook.save(tmp_path / "two.xlsx")
    result = exchange.diff_assignments(store, plan, read_workbook(tmp_path / "two.xlsx"), on=TODAY)
    assert result.sheet == "分解表"
    assert [c.owners for c in result.changes] == [exchange.Owners("组织处", (), "", "")]
