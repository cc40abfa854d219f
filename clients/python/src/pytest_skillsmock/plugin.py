"""pytest entry point: the session-scoped `skillsmock` fixture and its options."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from .server import SkillsMock, find_binary, find_project_root


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register `--skillsmock-scenarios` / `--skillsmock-time-scale` and their ini twins."""
    group = parser.getgroup("skillsmock", "skillsmock fake server")
    group.addoption(
        "--skillsmock-scenarios", action="append", default=None, metavar="DIR",
        help="scenario directory or file for `skillsmock serve` (repeatable; default: the project's Scenarios/)",
    )
    group.addoption(
        "--skillsmock-time-scale", type=float, default=None, metavar="X",
        help="factor for every scripted delay (0.01 turns 2 s into 20 ms; default 1)",
    )
    parser.addini("skillsmock_scenarios", type="paths", help="scenario directories (relative to the ini file)")
    parser.addini("skillsmock_time_scale", default=None, help="factor for every scripted delay")


def _settings(request: pytest.FixtureRequest, root: Path) -> tuple[list[Path], float | None]:
    """Scenario paths and time scale: fixture param, else command line, else ini, else defaults."""
    config = request.config
    param = getattr(request, "param", None) or {}
    invoked = Path(config.invocation_params.dir)
    scenarios = param.get("scenarios")
    if scenarios is not None:
        scenarios = [root / path for path in scenarios]
    elif config.getoption("skillsmock_scenarios"):
        scenarios = [invoked / path for path in config.getoption("skillsmock_scenarios")]
    elif config.getini("skillsmock_scenarios"):
        scenarios = list(config.getini("skillsmock_scenarios"))
    else:
        scenarios = [root / "Scenarios"] if (root / "Scenarios").is_dir() else []
    scale = param.get("time_scale", config.getoption("skillsmock_time_scale"))
    if scale is None and config.getini("skillsmock_time_scale"):
        try:
            scale = float(config.getini("skillsmock_time_scale"))
        except ValueError:
            raise pytest.UsageError(f"skillsmock_time_scale: not a number: {config.getini('skillsmock_time_scale')!r}")
    return [Path(path).resolve() for path in scenarios], scale


@pytest.fixture(scope="session")
def skillsmock(request: pytest.FixtureRequest) -> Iterator[SkillsMock]:
    """A `skillsmock serve --port 0` for the whole session, stopped afterwards even when tests fail.

    Offers `base_url`, `key(scenario_id)`, `journal(key)` and `wait_for_requests(key, count, timeout)`.
    Parametrise indirectly with a dict (`{"scenarios": [...], "time_scale": 0.1}`, paths relative
    to the project root) for a server of other settings.
    """
    root = find_project_root(request.config.rootpath)
    scenarios, scale = _settings(request, root)
    mock = SkillsMock(find_binary(root), scenarios=scenarios, time_scale=scale, cwd=root)
    try:
        yield mock
    finally:
        mock.stop()
