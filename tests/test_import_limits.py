"""Hostile and oversized spreadsheets are refused quickly, in one line, and write nothing.

Each limit of `cqvet.sheets` is tested through `cqvet import` on a loaded
database: the message (in the user's language), exit code 2, and a database
unchanged. The files are crafted the way an attacker or a careless export
would make them: a zip bomb, one merged range over a whole sheet, a sheet
whose declared size lies, a CSV pasted together from a UTF-8 and a GBK file.
Limits too large to reach cheaply in a test are lowered with monkeypatch; the
real values are checked against the README instead.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import refused, snapshot, write_xlsx
from hypothesis import given, settings
from hypothesis import strategies as st

from cqvet import sheets
from cqvet.errors import UsageError
from cqvet.render import exchange as render_exchange
from cqvet.sheets import read_workbook

Run = Callable[..., Any]
ROOT = Path(__file__).resolve().parents[1]
SHEET = "xl/worksheets/sheet1.xml"


def rewrite(source: Path, target: Path, change: Callable[[bytes], bytes]) -> Path:
    """A copy of the workbook `source` with its first sheet's XML changed by `change`."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info.filename, change(data) if info.filename == SHEET else data)
    return target


def small_book(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "small.xlsx", [["序号", "牵头单位"], [1, "组织处"]])


def with_merge(tmp_path: Path, ref: str) -> Path:
    """A 7 KB workbook whose first sheet declares one merged range `ref`."""
    merge = f'<mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'.encode()
    return rewrite(
        small_book(tmp_path),
        tmp_path / "merged.xlsx",
        lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + merge),
    )


def zip_bomb(path: Path, inflated: int) -> Path:
    """A workbook whose sheet inflates to `inflated` bytes of spaces (compressed about 1000 times)."""
    book = io.BytesIO()
    small = zipfile.ZipFile(small_book(path.parent))
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as bomb:
        for info in small.infolist():
            if info.filename != SHEET:
                bomb.writestr(info.filename, small.read(info))
        with bomb.open(SHEET, "w", force_zip64=True) as member:
            chunk = b" " * (1 << 20)
            for _ in range(inflated >> 20):
                member.write(chunk)
    path.write_bytes(book.getvalue())
    return path


def timed(action: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


# --- the file as a whole ------------------------------------------------------


@pytest.mark.slow
def test_a_zip_bomb_is_refused_from_its_directory_in_well_under_a_second(
    cqvet: Run, loaded: Path, tmp_path: Path
) -> None:
    """120 MB of sheet in a file of a few hundred KB: refused before anything is inflated."""
    bomb = zip_bomb(tmp_path / "bomb.xlsx", 120 << 20)
    assert bomb.stat().st_size < 1 << 20
    untouched = snapshot(loaded)
    result, seconds = timed(lambda: cqvet("import", "assignments", str(bomb), "--apply"))
    refused(result, 2, "解压后为 120 MB", "超过上限 100 MB", "压缩炸弹")
    assert seconds < 1.0
    assert snapshot(loaded) == untouched


def test_a_part_compressed_too_densely_is_refused_even_when_the_total_is_within_the_limit(
    cqvet: Run, loaded: Path, tmp_path: Path
) -> None:
    bomb = zip_bomb(tmp_path / "dense.xlsx", 20 << 20)
    untouched = snapshot(loaded)
    refused(
        cqvet("--lang", "en", "import", "progress", str(bomb)),
        2,
        "compressed more than 100 times",
        "zip bomb",
    )
    assert snapshot(loaded) == untouched


def test_a_file_larger_than_a_form_may_be_is_refused_unread(cqvet: Run, loaded: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(40 << 20)  # sparse: 40 MB on paper, nothing to read
    untouched = snapshot(loaded)
    result, seconds = timed(lambda: cqvet("import", "assignments", str(big)))
    refused(result, 2, "big.csv 有 40 MB，超过导入文件的上限 32 MB")
    assert seconds < 1.0
    assert snapshot(loaded) == untouched


def test_something_that_is_no_regular_file_is_refused_rather_than_read_forever(
    cqvet: Run, loaded: Path, tmp_path: Path
) -> None:
    untouched = snapshot(loaded)
    refused(cqvet("import", "assignments", str(tmp_path)), 2, "不是 Excel 工作簿（.xlsx）或 CSV 文件")
    assert snapshot(loaded) == untouched


# --- merged ranges, rows and cells ----------------------------------------------


def test_one_merged_range_over_the_whole_sheet_is_refused_in_well_under_a_second(
    cqvet: Run, loaded: Path, tmp_path: Path
) -> None:
    """The 7.5 KB workbook that once took 131 s and 6 GB before a MemoryError."""
    book = with_merge(tmp_path, "A1:XFD1048576")
    assert book.stat().st_size < 8_000
    untouched = snapshot(loaded)
    result, seconds = timed(lambda: cqvet("import", "assignments", str(book), "--apply"))
    refused(result, 2, "工作表“Sheet”的合并单元格（至 A1:XFD1048576）共超过 2,000,000 格")
    assert seconds < 1.0
    assert snapshot(loaded) == untouched


def test_a_merged_range_within_the_limit_still_fills_its_cells(tmp_path: Path) -> None:
    """Read from the XML rather than by openpyxl, a merge down two rows still names both."""
    book = with_merge(tmp_path, "B1:B2")
    rows = read_workbook(book).sheets[0].rows
    assert rows == (("序号", "牵头单位"), (1, "牵头单位"))


def test_a_declared_size_of_16384_columns_costs_nothing(tmp_path: Path) -> None:
    """A dimension that lies is ignored: each row is as long as its cells."""
    book = rewrite(
        small_book(tmp_path),
        tmp_path / "wide.xlsx",
        lambda xml: xml.replace(b'<dimension ref="A1:B2"/>', b'<dimension ref="A1:XFD1048576"/>'),
    )
    (sheet,), seconds = timed(lambda: read_workbook(book).sheets)
    assert sheet.rows == (("序号", "牵头单位"), (1, "组织处"))
    assert seconds < 1.0


def many_rows(count: int) -> Callable[[bytes], bytes]:
    """A sheet XML change adding `count` rows of one cell under the header."""
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(3, count + 3))
    return lambda xml: xml.replace(b"</sheetData>", rows.encode() + b"</sheetData>")


@pytest.mark.slow
def test_a_sheet_with_more_rows_than_the_limit_is_refused(
    cqvet: Run, loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sheets, "MAX_ROWS", 500)
    book = rewrite(small_book(tmp_path), tmp_path / "long.xlsx", many_rows(600))
    untouched = snapshot(loaded)
    refused(cqvet("import", "assignments", str(book), "--apply"), 2, "工作表“Sheet”超过 500 行")
    assert snapshot(loaded) == untouched


def test_a_csv_with_more_rows_than_the_limit_is_refused(
    cqvet: Run, loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sheets, "MAX_ROWS", 500)
    path = tmp_path / "long.csv"
    path.write_text("序号,牵头单位\n" + "".join(f"{n},组织处\n" for n in range(1, 600)), encoding="utf-8")
    untouched = snapshot(loaded)
    refused(
        cqvet("--lang", "en", "import", "progress", str(path)), 2, "sheet 'long.csv' has more than 500 rows"
    )
    assert snapshot(loaded) == untouched


@pytest.mark.slow
def test_a_sheet_with_more_cells_than_the_limit_is_refused(
    cqvet: Run, loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row whose one cell sits in column XFD is 16,384 cells wide."""
    monkeypatch.setattr(sheets, "MAX_CELLS", 10_000)
    far = b'<row r="3"><c r="XFD3"><v>1</v></c></row>'
    book = rewrite(
        small_book(tmp_path),
        tmp_path / "far.xlsx",
        lambda x: x.replace(b"</sheetData>", far + b"</sheetData>"),
    )
    untouched = snapshot(loaded)
    refused(cqvet("import", "assignments", str(book)), 2, "工作表“Sheet”超过 10,000 个单元格")
    assert snapshot(loaded) == untouched


# --- encodings ----------------------------------------------------------------


def test_a_csv_pasted_together_from_utf8_and_gbk_is_refused_not_imported_as_mojibake(
    cqvet: Run, loaded: Path, tmp_path: Path
) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes("序号,牵头单位\r\n1,组织处\r\n".encode() + "2,职成教处\r\n".encode("gbk"))
    untouched = snapshot(loaded)
    refused(
        cqvet("import", "assignments", str(path), "--apply"),
        2,
        "mixed.csv 中各行编码不一（第1行是 UTF-8，第3行不是）",
        "另存为“CSV UTF-8”",
    )
    assert snapshot(loaded) == untouched


def test_a_gbk_csv_with_ascii_lines_is_still_read_as_gbk(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("no,lead\r\n1,组织处\r\n2,职成教处\r\n".encode("gbk"))
    assert read_workbook(path).sheets[0].rows[2] == ("2", "职成教处")


# --- problem lines -------------------------------------------------------------


@pytest.mark.slow
def test_a_sheet_of_many_bad_rows_lists_the_first_fifty_and_counts_the_rest(
    cqvet: Run, loaded: Path, tmp_path: Path
) -> None:
    rows: list[list[object]] = [["序号", "牵头单位"]] + [[f"x{n}", "组织处"] for n in range(120)]
    book = write_xlsx(tmp_path / "bad.xlsx", rows)
    untouched = snapshot(loaded)
    result = cqvet("import", "assignments", str(book), "--apply")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == render_exchange.MAX_PROBLEM_LINES + 2
    assert lines[-2] == "  ……另有 70 处问题未列出"
    assert "有 120 处问题" in lines[-1]
    assert snapshot(loaded) == untouched


# --- the limits are the ones the README gives -----------------------------------


def test_the_readme_states_every_limit_with_its_value() -> None:
    reliability = (
        (ROOT / "README.md").read_text(encoding="utf-8").split("## Reliability")[1].split("\n## ")[0]
    )
    for stated in (
        f"{sheets.MAX_FILE_BYTES >> 20} MB",
        f"{sheets.MAX_UNZIPPED_BYTES >> 20} MB",
        f"{sheets.MAX_RATIO} times",
        f"{sheets.MAX_ROWS:,} rows",
        f"{sheets.MAX_CELLS:,} cells",
        f"{sheets.MAX_MERGED_CELLS:,} merged cells",
        f"{render_exchange.MAX_PROBLEM_LINES} problem lines",
    ):
        assert stated in reliability, stated


@pytest.mark.slow
def test_reading_stops_at_the_first_row_past_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refusal costs the limit, not the file: the row counter raises as soon as it is passed."""
    monkeypatch.setattr(sheets, "MAX_ROWS", 10)
    book = rewrite(small_book(tmp_path), tmp_path / "long.xlsx", many_rows(50_000))
    started = time.perf_counter()
    with pytest.raises(UsageError):
        read_workbook(book)
    limited = time.perf_counter() - started
    monkeypatch.setattr(sheets, "MAX_ROWS", 100_000)
    _, whole = timed(lambda: read_workbook(book))
    assert limited < whole / 5


# --- a large preview --------------------------------------------------------------


@pytest.mark.slow
def test_a_preview_of_many_changes_lists_the_first_hundred_points_and_counts_the_rest(
    cqvet: Run, loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Applied, every change is written, listed or not."""
    monkeypatch.setattr(render_exchange, "MAX_PREVIEW_POINTS", 5)
    rows: list[list[object]] = [["序号", "牵头单位", "完成时限"]] + [
        [n, "组织处", "9月底"] for n in range(1, 18)
    ]
    book = write_xlsx(tmp_path / "all.xlsx", rows)
    preview = cqvet("import", "assignments", str(book))
    assert preview.exit_code == 0, preview.stderr
    body = [line for line in preview.stdout.splitlines() if line.startswith("│")][1:]
    assert len(body) == 10  # five points, two fields each
    assert (
        "……另有 12 项要点的更改未列出（同样会写入）；全部更改：牵头单位 17 项、完成时限 17 项"
        in preview.stdout
    )
    applied = cqvet("import", "assignments", str(book), "--apply")
    assert applied.exit_code == 0, applied.stderr
    listed = cqvet("list", "--format", "json")
    assert {p["lead"] for p in json.loads(listed.stdout)} == {"组织处"}


# --- encodings, as properties ---------------------------------------------------------

_CELL = st.text(
    alphabet=st.sampled_from("序号牵头单位职成教处组织处完成时限年底前ABCxyz0123456789 -_"),
    min_size=1,
    max_size=12,
).filter(lambda t: t.strip() == t and not t.startswith(("-", "'")))


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.lists(_CELL, min_size=2, max_size=2), min_size=1, max_size=8),
    encoding=st.sampled_from(["utf-8", "gbk"]),
)
def test_a_csv_in_one_encoding_reads_back_as_written(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], encoding: str
) -> None:
    path = tmp_path_factory.mktemp("enc") / "one.csv"
    path.write_bytes("".join(f"{a},{b}\r\n" for a, b in rows).encode(encoding))
    assert [list(r) for r in read_workbook(path).sheets[0].rows] == rows


@settings(max_examples=60, deadline=None)
@given(
    utf8=st.text(alphabet=st.sampled_from("职成教处组织处完成时限"), min_size=2, max_size=10),
    gbk=st.text(alphabet=st.sampled_from("职成教处组织处完成时限"), min_size=2, max_size=10),
    utf8_first=st.booleans(),
)
def test_a_csv_with_a_utf8_line_and_a_gbk_line_is_always_refused(
    tmp_path_factory: pytest.TempPathFactory, utf8: str, gbk: str, utf8_first: bool
) -> None:
    lines = [f"1,{utf8}\r\n".encode(), f"2,{gbk}\r\n".encode("gbk")]
    path = tmp_path_factory.mktemp("enc") / "mixed.csv"
    path.write_bytes(b"no,lead\r\n" + b"".join(lines if utf8_first else lines[::-1]))
    with pytest.raises(UsageError) as caught:
        read_workbook(path)
    assert caught.value.key == "import_mixed_encoding"
    assert caught.value.params["utf8"] == (2 if utf8_first else 3)
