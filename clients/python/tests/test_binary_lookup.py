"""Where the plugin looks for `skillsmock`: $SKILLSMOCK_BIN, then PATH, then .build/release."""
from __future__ import annotations

import pytest

from pytest_skillsmock import SkillsMockError, find_binary, find_project_root


def executable(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return str(path)


@pytest.fixture
def places(tmp_path):
    """A project root with a release build, a PATH directory holding `skillsmock`, and an explicit binary."""
    root = tmp_path / "project"
    return {
        "root": root,
        "release": executable(root / ".build" / "release" / "skillsmock"),
        "on_path": executable(tmp_path / "bin" / "skillsmock"),
        "explicit": executable(tmp_path / "custom" / "my-skillsmock"),
        "path_dir": str(tmp_path / "bin"),
        "empty_dir": str(tmp_path),
    }


def test_env_wins_over_path_and_release(places):
    env = {"SKILLSMOCK_BIN": places["explicit"], "PATH": places["path_dir"]}
    assert find_binary(places["root"], env) == places["explicit"]


def test_path_wins_over_release(places):
    assert find_binary(places["root"], {"PATH": places["path_dir"]}) == places["on_path"]


def test_release_build_last(places):
    assert find_binary(places["root"], {"PATH": places["empty_dir"]}) == places["release"]


def test_none_found_names_all_three(tmp_path):
    with pytest.raises(SkillsMockError) as caught:
        find_binary(tmp_path, {"PATH": str(tmp_path)})
    message = str(caught.value)
    assert "$SKILLSMOCK_BIN" in message and "PATH" in message
    assert str(tmp_path / ".build" / "release" / "skillsmock") in message


def test_a_wrong_explicit_binary_is_an_error_not_a_fallback(places):
    env = {"SKILLSMOCK_BIN": str(places["root"] / "nope"), "PATH": places["path_dir"]}
    with pytest.raises(SkillsMockError, match="SKILLSMOCK_BIN=.*nope is not an executable file"):
        find_binary(places["root"], env)


def test_project_root_is_found_upward(tmp_path):
    (tmp_path / "Package.swift").write_text("")
    nested = tmp_path / "clients" / "python"
    nested.mkdir(parents=True)
    assert find_project_root(nested) == tmp_path
