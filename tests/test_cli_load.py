"""`cqvet load` on real documents through the CLI: owners and deadlines from the document, undo of a load,
--title and --year, a new database, and bad files refused in one line with the database unchanged."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ok, refused, snapshot
from doc_forms import Block, write_docx, write_html
from test_documents import TABLE
from typer.testing import Result

Run = Callable[..., Result]


def points(cqvet: Run, *args: str) -> list[dict[str, object]]:
    data = json.loads(ok(cqvet("list", "--format", "json", *args)))
    assert isinstance(data, list)
    return data


def test_a_task_table_loads_with_its_owners_and_deadlines_and_load_says_what_it_assigned(
    cqvet: Run, loaded: Path, tmp_path: Path
) -> None:
    out = ok(cqvet("load", str(write_docx(TABLE, tmp_path / "分解表.docx"))))
    assert "已导入“某某区2024年重点工作任务分解表”：2个部分、3项要点" in out
    assert "第3项：牵头 区发改局，配合 区财政局、区住建委；完成时限 6月底（2024年6月30日）" in out
    assert "第68项：牵头 区商务委，配合 区发改局；完成时限 年底前（2024年12月31日）" in out
    assert "已按文档登记 3 项要点" in out
    rows = {row["number"]: row for row in points(cqvet)}
    assert sorted(rows) == [3, 68, 69]
    assert (rows[3]["lead"], rows[3]["supports"], rows[3]["deadline"]) == (
        "区发改局",
        ["区财政局", "区住建委"],
        "2024-06-30",
    )


def test_undo_takes_the_whole_load_back_and_loading_again_brings_it_back(
    cqvet: Run, loaded: Path, tmp_path: Path
) -> None:
    path = write_html(TABLE, tmp_path / "分解表.html")
    before = snapshot(loaded)
    ok(cqvet("load", str(path)))
    assert "某某区2024年重点工作任务分解表" in ok(cqvet("plans"))
    undone = cqvet("undo", "--yes")
    assert "导入计划" in ok(undone) + undone.stderr
    assert "某某区2024年重点工作任务分解表" not in ok(cqvet("plans"))
    assert len(points(cqvet)) == 17  # the bundled plan is the newest plan again
    with sqlite3.connect(loaded) as conn:  # every row the load wrote is still there, reverted
        kinds = [r[0] for r in conn.execute("SELECT kind FROM events ORDER BY id")]
    assert kinds == [r[1] for r in before["events"]] + ["plan_load", "undo"]
    out = ok(cqvet("load", str(path)))
    assert "已导入" in out and "已按文档登记 3 项要点" in out
    assert [row["lead"] for row in points(cqvet)] == ["区发改局", "区商务委", "区发改局"]


def test_a_corrected_document_leaves_owners_recorded_since_as_they_are(
    cqvet: Run, loaded: Path, tmp_path: Path
) -> None:
    ok(cqvet("load", str(write_docx(TABLE, tmp_path / "a.docx"))))
    ok(cqvet("owner", "set", "3", "--lead", "区统计局"))
    corrected: list[Block] = [
        *TABLE[:-1],
        ("69", "办好十件民生实事", "区民政局", "各街道", "12月31日", "张某"),
    ]
    out = ok(cqvet("load", str(write_docx(corrected, tmp_path / "b.docx"))))
    assert "已更新" in out and "第3项" not in out
    assert [row["lead"] for row in points(cqvet)] == ["区统计局", "区商务委", "区发改局"]


def test_responsibility_lines_in_a_text_plan_become_its_first_owners(
    cqvet: Run, loaded: Path, tmp_path: Path
) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(
        "2024年机关工作要点\n1.加强党建工作。深入推进学习教育（责任科室：组干科、机关党委）。\n"
        "2.抓好安全生产。\n牵头单位：办公室\n完成时限：长期坚持\n",
        encoding="gbk",
    )
    out = ok(cqvet("load", str(path)))
    assert "第1项：牵头 组干科，配合 机关党委" in out
    assert "第2项：牵头 办公室，配合 —；完成时限“长期坚持”不是日期，未登记（默认年底）" in out
    rows = points(cqvet)
    assert [(r["lead"], r["deadline"]) for r in rows] == [("组干科", "2024-12-31"), ("办公室", "2024-12-31")]


def test_a_new_database_created_by_load_holds_just_the_loaded_plan(
    cqvet: Run, db_path: Path, tmp_path: Path
) -> None:
    assert not db_path.exists()
    ok(cqvet("load", str(write_docx(TABLE, tmp_path / "t.docx"))))
    assert [row["number"] for row in points(cqvet)] == [3, 68, 69]
    assert "2021年全市职业教育与继续教育工作要点" not in ok(cqvet("plans"))


def test_a_page_without_a_title_line_loads_with_title_and_year(
    cqvet: Run, loaded: Path, tmp_path: Path
) -> None:
    path = tmp_path / "news.txt"
    path.write_text(
        "记者获悉，《2024年工作要点》近日印发，内容如下：\n1.加强党建工作。\n2.推进宣传工作。\n", "utf-8"
    )
    before = snapshot(loaded)
    line = refused(cqvet("load", str(path)), 2, "第3行", "--title", "--year")
    assert "标题行" in line
    assert snapshot(loaded) == before
    ok(cqvet("load", str(path), "--title", "某市2024年教育工作要点", "--year", "2024"))
    assert [row["title"] for row in points(cqvet)] == ["加强党建工作", "推进宣传工作"]


def _scan(tmp_path: Path) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "扫描件.pdf"
    with path.open("wb") as out:
        writer.write(out)
    return path


def _write(name: str, raw: bytes) -> Callable[[Path], Path]:
    def make(tmp_path: Path) -> Path:
        path = tmp_path / name
        path.write_bytes(raw)
        return path

    return make


BAD_FILES: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "an old Word file": (
        _write("plan.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512),
        ("旧版 Word", ".docx"),
    ),
    "a WPS file": (_write("plan.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\1" * 512), ("WPS", "纯文本")),
    "an image": (_write("plan.jpg", b"\xff\xd8\xff\xe0" + bytes(range(256))), ("图片", ".docx")),
    "an archive": (_write("plan.zip", b"PK\x03\x04" + bytes(range(256))), ("压缩包", ".docx")),
    "a scanned PDF": (_scan, ("没有文字层", "扫描件")),
    "a damaged PDF": (_write("bad.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 3), ("bad.pdf",)),
    "a table pasted with a cell missing": (
        _write("t.txt", "2024年任务分解表\n序号\n工作任务\n牵头单位\n1\n甲\n2\n乙\n区商务委\n".encode()),
        ("第5行", "每格一行", ".docx"),
    ),
    "a task table whose numbers fall back": (
        lambda p: write_docx(
            [
                "2024年任务分解表",
                ("序号", "工作任务", "牵头单位"),
                ("5", "甲", "区发改局"),
                ("3", "乙", "区商务委"),
            ],
            p / "t.docx",
        ),
        ("第4行", "5 之后却是 3"),
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_refused_in_one_line_with_exit_2_and_the_database_unchanged(
    cqvet: Run, loaded: Path, tmp_path: Path, case: str
) -> None:
    make, fragments = BAD_FILES[case]
    path = make(tmp_path)
    before = snapshot(loaded)
    refused(cqvet("load", str(path)), 2, *fragments)
    assert snapshot(loaded) == before


def test_a_file_past_the_size_limit_is_refused_before_it_is_read(
    cqvet: Run, loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cqvet.documents.MAX_FILE_BYTES", 100)
    path = tmp_path / "big.txt"
    path.write_text("2024年工作要点\n" + "1.加强工作。\n" * 50, "utf-8")
    before = snapshot(loaded)
    refused(cqvet("load", str(path)), 2, "过大", "上限 100 字节")
    assert snapshot(loaded) == before


def test_a_refused_load_in_english_is_english(cqvet: Run, loaded: Path, tmp_path: Path) -> None:
    refused(cqvet("--lang", "en", "load", str(_scan(tmp_path))), 2, "no text layer", "OCR")
