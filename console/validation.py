"""What the console's data files (plans, drill scenarios, calendars) share: frozen models
that refuse unknown fields, and errors as lines that name the field path
(`groups[2].roles[0].id: …`)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldErrors(ValueError):
    """A file's errors, one line each, every line naming its field path."""

    def __init__(self, errors: list[str], source: str = "") -> None:
        self.errors = errors
        self.source = source
        super().__init__("\n".join(errors))


def yaml_error(exc: Any) -> str:
    """A YAML syntax error as one line naming where it is."""
    first = str(exc).splitlines()[0] if str(exc) else "syntax error"
    mark = getattr(exc, "problem_mark", None)
    where = f" at line {mark.line + 1}" if mark is not None else ""
    return f"(file): not valid YAML{where}: {first}"


def field_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "(root)"


def format_pydantic_errors(exc: ValidationError) -> list[str]:
    lines = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        msg = err["msg"].removeprefix("Value error, ")
        lines.append(f"{field_path(loc)}: {msg}")
    return lines
