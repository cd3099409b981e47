"""`cqvet user …`: accounts of the web server, with a memory-hard hash, refusals that change nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot
from hypothesis import given
from hypothesis import strategies as st

from cqvet.accounts import Role, parse_role, user_name, verify_password
from cqvet.errors import UsageError
from cqvet.store import Store
from cqvet.store_users import user_named, users

Run = Callable[..., Any]


@pytest.fixture
def owned(cqvet: Run, loaded: Path) -> Path:
    """The 2021 plan with point 1 led by 职成教处 and supported by 高教处."""
    result = cqvet("owner", "set", "1", "--lead", "职成教处", "--support", "高教处")
    assert result.exit_code == 0, result.output
    return loaded


def password_file(tmp_path: Path, text: str = "correct horse\n") -> str:
    path = tmp_path / "pw.txt"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_an_office_account_is_created_with_an_argon2_hash_of_its_password(
    cqvet: Run, owned: Path, tmp_path: Path, real_password_hashes: str
) -> None:
    """The hash is Argon2id with RFC 9106's low-memory parameters (the product's, not the tests'
    cheap ones: 64 MiB, 3 passes, 4 lanes), verifies the password typed and nothing else; the
    office is its unit."""
    result = cqvet(
        "user",
        "add",
        "zhang",
        "--office",
        "职成教处",
        "--role",
        "office",
        "--password-file",
        password_file(tmp_path),
    )
    assert result.exit_code == 0, result.output
    assert "已创建用户 zhang（职成教处，处室）" in result.output
    store = Store.open(owned)
    try:
        user = user_named(store, "zhang")
        assert user is not None and user.unit_id == store.unit_id("职成教处")
    finally:
        store.close()
    assert real_password_hashes == "RFC_9106_LOW_MEMORY"
    assert user.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert "correct horse" not in user.password_hash
    assert verify_password(user.password_hash, "correct horse")
    assert not verify_password(user.password_hash, "correct horsE")


def test_the_password_is_typed_twice_and_must_match(cqvet: Run, owned: Path) -> None:
    """Typed twice without echo; two different entries are asked again, the matching pair is kept."""
    result = cqvet(
        "user",
        "add",
        "li",
        "--office",
        "办公室",
        "--role",
        "steering",
        input="first-try1\nother-try\nsecret-pw\nsecret-pw\n",
    )
    assert result.exit_code == 0, result.output
    assert "secret-pw" not in result.output
    store = Store.open(owned)
    try:
        user = user_named(store, "li")
    finally:
        store.close()
    assert user is not None and user.role == "steering" and verify_password(user.password_hash, "secret-pw")


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["wang", "--office", "无此处", "--role", "office"], "没有名为“无此处”的单位"),
        (["wang", "--office", "职成教处", "--role", "boss"], "无法识别的角色“boss”"),
        (["wang li", "--office", "职成教处", "--role", "office"], "用户名“wang li”不可用"),
    ],
)
def test_a_bad_account_is_refused_in_one_line_and_nothing_is_written(
    cqvet: Run, owned: Path, tmp_path: Path, args: list[str], text: str
) -> None:
    """An unknown office (for an office account), an unknown role, a name with a space."""
    before = snapshot(owned)
    result = cqvet("user", "add", *args, "--password-file", password_file(tmp_path))
    assert result.exit_code == 2
    assert text in result.stderr and result.stderr.count("\n") == 1
    assert snapshot(owned) == before


def test_a_short_password_and_a_second_account_of_the_same_name_are_refused(
    cqvet: Run, owned: Path, tmp_path: Path
) -> None:
    """Fewer than 8 characters is refused; so is a name already taken; the database is unchanged."""
    before = snapshot(owned)
    result = cqvet(
        "user",
        "add",
        "zhao",
        "--office",
        "职成教处",
        "--role",
        "office",
        "--password-file",
        password_file(tmp_path, "short\n"),
    )
    assert result.exit_code == 2 and "密码太短：至少 8 个字符" in result.stderr
    assert snapshot(owned) == before
    assert (
        cqvet(
            "user",
            "add",
            "zhao",
            "--office",
            "职成教处",
            "--role",
            "office",
            "--password-file",
            password_file(tmp_path),
        ).exit_code
        == 0
    )
    taken = snapshot(owned)
    again = cqvet(
        "user",
        "add",
        "zhao",
        "--office",
        "办公室",
        "--role",
        "leader",
        "--password-file",
        password_file(tmp_path),
    )
    assert again.exit_code == 2 and "用户“zhao”已存在" in again.stderr
    assert snapshot(owned) == taken


def test_list_disable_and_password_change_the_account(cqvet: Run, owned: Path, tmp_path: Path) -> None:
    """`list` shows role and state; `disable` marks it; `password` replaces the hash."""
    assert (
        cqvet(
            "user",
            "add",
            "zhao",
            "--office",
            "职成教处",
            "--role",
            "office",
            "--password-file",
            password_file(tmp_path),
        ).exit_code
        == 0
    )
    listed = cqvet("user", "list", "--format", "json")
    assert '"name": "zhao"' in listed.output and '"disabled": false' in listed.output
    assert (
        cqvet(
            "user", "password", "zhao", "--password-file", password_file(tmp_path, "new password\n")
        ).exit_code
        == 0
    )
    assert cqvet("user", "disable", "zhao").exit_code == 0
    table = cqvet("user", "list")
    assert "zhao" in table.output and "已停用" in table.output
    assert "┌" in table.output and "┏" not in table.output  # drawn as every other table of cqvet
    assert "+-" in cqvet("user", "list", "--ascii").output
    store = Store.open(owned)
    try:
        (user,) = users(store)
    finally:
        store.close()
    assert user.disabled and verify_password(user.password_hash, "new password")


def test_an_unknown_user_cannot_be_disabled(cqvet: Run, owned: Path) -> None:
    before = snapshot(owned)
    result = cqvet("user", "disable", "nobody")
    assert result.exit_code == 2 and "没有用户“nobody”" in result.stderr
    assert snapshot(owned) == before


# --- the parsers of `user add` --------------------------------------------------------


@given(st.text(max_size=80))
def test_a_user_name_is_kept_as_typed_or_refused_with_a_usage_error(text: str) -> None:
    """Any text: either a name without spaces or control characters, at most 64 long, or a refusal."""
    try:
        name = user_name(text)
    except UsageError as exc:
        assert exc.key in ("user_name_empty", "user_name_invalid")
        return
    assert name == text.strip() and 0 < len(name) <= 64
    assert all(c.isprintable() and not c.isspace() for c in name)


@given(st.sampled_from(list(Role)), st.sampled_from(["", " ", "  "]), st.booleans())
def test_a_role_is_read_whatever_its_case_and_surrounding_spaces(role: Role, pad: str, upper: bool) -> None:
    typed = pad + (role.value.upper() if upper else role.value) + pad
    assert parse_role(typed) is role


@given(st.text(max_size=20).filter(lambda t: t.strip().lower() not in {r.value for r in Role}))
def test_any_other_role_is_refused(text: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_role(text)
    assert caught.value.key == "role_unknown"
