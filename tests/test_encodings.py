"""Bytes that are not UTF-8, and terminals that are not UTF-8, through real processes.

On POSIX, Python reads arguments and environment variables in the locale's
encoding and keeps bytes it cannot decode as lone surrogates
(surrogateescape). A file name so read still opens; text that the ledger
must store (a note, an office name, the author) is refused in one line that
shows the bytes; output never fails on the terminal's encoding.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED, snapshot

pytestmark = [
    pytest.mark.skipif(os.name == "nt", reason="POSIX arguments are bytes; Windows passes text"),
    pytest.mark.slow,  # a new interpreter per test, under other locales (README, Tests)
]

GBK_NOTE = "测试".encode("gbk")  # b'\xb2\xe2\xca\xd4': not UTF-8
GBK_USER = "张".encode("gbk")  # b'\xd5\xc5'


def run(db: Path, args: list[str | bytes], **env: str | bytes) -> subprocess.CompletedProcess[bytes]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHONIO", "PYTHONUTF8"))}
    environ = {os.fsencode(k): os.fsencode(v) for k, v in {**base, "CQVET_DB": str(db)}.items()}
    environ.setdefault(b"CQVET_USER", b"tester")
    environ.update({os.fsencode(k): os.fsencode(v) for k, v in env.items()})
    environ.setdefault(b"LC_ALL", b"C.UTF-8")
    command = [os.fsencode(sys.executable), b"-m", b"cqvet", *(os.fsencode(a) for a in args)]
    return subprocess.run(command, capture_output=True, env=environ, timeout=60)  # type: ignore[arg-type]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cqvet.db"
    assert run(path, ["plans"]).returncode == 0
    return path


def notes(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [row[0] for row in conn.execute("SELECT note FROM progress_updates ORDER BY id")]
    finally:
        conn.close()


def test_a_note_that_is_not_valid_text_is_refused_in_one_line_showing_its_bytes(db: Path) -> None:
    before = snapshot(db)
    result = run(db, ["progress", "set", "3", "--note", GBK_NOTE])
    assert result.returncode == 2
    assert result.stderr.decode("utf-8") == (
        "错误：“\\xb2\\xe2\\xca\\xd4”不是有效的文本（含有无法按系统编码解读的字节），未作任何更改\n"
    )
    assert snapshot(db) == before


def test_an_office_name_that_is_not_valid_text_is_refused_in_english_too(db: Path) -> None:
    before = snapshot(db)
    result = run(db, ["--lang", "en", "owner", "set", "3", "--lead", GBK_NOTE])
    assert result.returncode == 2
    assert result.stderr.decode("utf-8") == (
        "error: '\\xb2\\xe2\\xca\\xd4' is not valid text (it holds bytes the system's encoding cannot read);"
        " nothing was changed\n"
    )
    assert snapshot(db) == before


def test_a_cqvet_user_that_is_not_valid_text_is_refused_naming_the_variable(db: Path) -> None:
    before = snapshot(db)
    result = run(db, ["progress", "set", "3", "--percent", "10"], CQVET_USER=GBK_USER)
    assert result.returncode == 2
    assert result.stderr.decode("utf-8") == (
        "错误：环境变量 CQVET_USER 不是有效的文本（\\xd5\\xc5）；请改正它，或用 --by 写明记录人\n"
    )
    assert snapshot(db) == before


def test_a_file_whose_name_is_gbk_bytes_still_loads_and_its_name_is_read_as_gbk(
    db: Path, tmp_path: Path
) -> None:
    """A plan unpacked from a Windows zip: the name's bytes are GBK, the file opens all the same."""
    name = os.fsencode(tmp_path) + b"/" + "计划.txt".encode("gbk")
    with open(name, "wb") as handle:
        handle.write(SEED.read_bytes().replace("150门".encode(), "151门".encode()))
    result = run(db, ["load", name])
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT source_name FROM plans").fetchall() == [("计划.txt",)]
    finally:
        conn.close()


def test_a_missing_file_with_a_gbk_name_is_one_line_not_a_traceback(db: Path, tmp_path: Path) -> None:
    result = run(db, ["load", os.fsencode(tmp_path) + b"/" + "无此文件.txt".encode("gbk")])
    assert result.returncode != 0
    assert len(result.stderr.splitlines()) == 1
    assert b"Traceback" not in result.stderr and "内部错误".encode() not in result.stderr


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "gb18030", "cp1252"])
def test_output_on_a_terminal_of_another_encoding_never_fails(db: Path, encoding: str) -> None:
    """A redirected stdout on a Chinese Windows is GBK; some terminals are ASCII: what cannot be
    shown is replaced, and the command succeeds."""
    set_ = run(
        db, ["progress", "set", "3", "--percent", "10", "--note", "进展顺利😀"], PYTHONIOENCODING=encoding
    )
    assert set_.returncode == 0, set_.stderr.decode("utf-8", "replace")
    listed = run(db, ["list"], PYTHONIOENCODING=encoding)
    assert listed.returncode == 0, listed.stderr.decode("utf-8", "replace")
    shown = listed.stdout.decode(encoding)
    assert "17" in shown
    if encoding == "gb18030":
        assert "职业教育" in shown
    assert notes(db) == ["进展顺利😀"]
    as_json = run(db, ["progress", "log", "--format", "json"], PYTHONIOENCODING=encoding)
    assert '"进展顺利😀"' in as_json.stdout.decode("utf-8")  # machine output is UTF-8 everywhere


def test_utf8_arguments_under_the_c_locale_are_read_as_utf8(db: Path) -> None:
    """Python reads the C locale as UTF-8 (PEP 538, 540), so a Chinese note is stored as typed."""
    result = run(db, ["progress", "set", "3", "--note", "中文说明"], LC_ALL="C")
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert notes(db) == ["中文说明"]


@pytest.fixture(scope="module")
def gb18030_locale(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a zh_CN.GB18030 locale, compiled with localedef when the system lacks it."""
    listed = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False).stdout.lower()
    if "zh_cn.gb18030" in listed:
        return {"LC_ALL": "zh_CN.GB18030"}
    if shutil.which("localedef") is None or not Path("/usr/share/i18n/locales/zh_CN").exists():
        pytest.skip("no zh_CN.GB18030 locale and no locale sources to build one")
    folder = tmp_path_factory.mktemp("locales")
    subprocess.run(
        ["localedef", "-i", "zh_CN", "-f", "GB18030", str(folder / "zh_CN.GB18030")],
        capture_output=True,
        check=False,
        timeout=300,
    )
    if not (folder / "zh_CN.GB18030").exists():
        pytest.skip("localedef could not build zh_CN.GB18030")
    return {"LC_ALL": "zh_CN.GB18030", "LOCPATH": str(folder)}


def test_under_a_gb18030_locale_text_is_read_and_written_in_gb18030(
    db: Path, gb18030_locale: dict[str, str]
) -> None:
    """A GB18030 terminal sends GB18030: stored as the text it is, confirmed in GB18030."""
    result = run(db, ["progress", "set", "3", "--note", "中文说明".encode("gb18030")], **gb18030_locale)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("gb18030").startswith("已记录第3项")
    assert notes(db) == ["中文说明"]


def test_under_a_gb18030_locale_bytes_it_cannot_read_are_refused_in_one_gb18030_line(
    db: Path, gb18030_locale: dict[str, str]
) -> None:
    """UTF-8 from a misconfigured terminal: bytes that are not GB18030 give one line, no internal error."""
    before = snapshot(db)
    result = run(db, ["progress", "set", "3", "--note", b"\x81\x20ok"], **gb18030_locale)
    assert result.returncode == 2
    line = result.stderr.decode("gb18030")
    assert line.startswith("错误：“\\x81 ok”不是有效的文本") and line.count("\n") == 1
    assert snapshot(db) == before
