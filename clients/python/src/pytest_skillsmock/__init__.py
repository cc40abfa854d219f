"""pytest plugin for skillsmock, the fake of the skills.video open platform.

The `skillsmock` fixture (see `plugin`) runs one `skillsmock serve` per test session;
`SkillsMock` runs one anywhere else (`with SkillsMock(find_binary(root)) as mock: ...`).
"""
from .server import RequestsNotSeen, SkillsMock, SkillsMockError, find_binary, find_project_root

__all__ = ["RequestsNotSeen", "SkillsMock", "SkillsMockError", "find_binary", "find_project_root"]
