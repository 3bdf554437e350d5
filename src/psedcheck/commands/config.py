"""Settings set once: `psedcheck.toml` in the current folder or the nearest parent, and a user file
in the platform's config folder (`psedcheck.toml` there too). The project file wins over the user
file, the environment (PSEDCHECK_LANG) over both, and the command line over everything; click does
the last two, this module hands it the files as its `default_map`."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

FILE_NAME = "psedcheck.toml"
LANGS = ("en", "ru", "ky")
FAIL_ON = ("never", "missing", "weak")


class SettingsError(ValueError):
    """A settings file that cannot be used: the file and what is wrong, in one line."""


@dataclass(frozen=True)
class Setting:
    kind: type
    choices: tuple[str, ...] = ()
    commands: tuple[str, ...] = ("check",)


# name in the file -> what it holds; the option of `check` has the same name
SETTINGS = {
    "lang": Setting(str, LANGS, ("check", "rules", "explain", "diff", "history")),
    "fail_on": Setting(str, FAIL_ON),
    "select": Setting(list),
    "ignore": Setting(list),
    "jobs": Setting(int),
    "ocr": Setting(bool),
    "history": Setting(bool, (), ("check", "diff")),  # record checks in the history (history/store.py)
}


def user_file() -> Path:
    from platformdirs import user_config_path

    return user_config_path("psedcheck", appauthor=False) / FILE_NAME


def project_file(start: Path | None = None) -> Path | None:
    """psedcheck.toml in `start` (the current folder) or the nearest folder above it."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / FILE_NAME
        if path.is_file():
            return path
    return None


def read(path: Path) -> dict:
    """The settings of one file, checked: unknown names and wrong values are errors."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML ({exc})") from None
    for name, value in data.items():
        setting = SETTINGS.get(name)
        if setting is None:
            raise SettingsError(f"{path}: unknown setting «{name}» (known: {', '.join(SETTINGS)})")
        if setting.kind is int and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise SettingsError(f"{path}: {name} must be a whole number of at least 1, not {value!r}")
        if setting.kind is list and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise SettingsError(f"{path}: {name} must be a list of rule ids or families, e.g. [\"gender\"]")
        if setting.kind in (str, bool) and not isinstance(value, setting.kind):
            raise SettingsError(f"{path}: {name} must be a {setting.kind.__name__}, not {value!r}")
        if setting.choices and value not in setting.choices:
            raise SettingsError(f"{path}: {name} must be one of {', '.join(setting.choices)}, not {value!r}")
    return data


def load(start: Path | None = None) -> tuple[dict, list[Path]]:
    """The merged settings (user file, then the project file over it) and the files read."""
    merged, used = {}, []
    for path in (user_file(), project_file(start)):
        if path is not None and path.is_file():
            merged.update(read(path))
            used.append(path)
    return merged, used


def default_map(settings: dict) -> dict[str, dict]:
    """click's default_map: per command, the option values the files set."""
    result: dict[str, dict] = {}
    for name, value in settings.items():
        for command in SETTINGS[name].commands:
            result.setdefault(command, {})[name] = tuple(value) if isinstance(value, list) else value
    return result
