"""What the console's data files (plans, drill scenarios, calendars) share: frozen models
that refuse unknown fields, and errors as lines that name the field path
(`groups[2].roles[0].id: …`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError
from yaml.constructor import ConstructorError

# The shipped data: plans, drill scenarios, fonts, translations, sounds.
RESOURCES = Path(__file__).resolve().parent.parent / "resources"


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldErrors(ValueError):
    """A file's errors, one line each, every line naming its field path."""

    def __init__(self, errors: list[str], source: str = "") -> None:
        self.errors = errors
        self.source = source
        super().__init__("\n".join(errors))


def yaml_error(exc: Any, text: str | None = None) -> str:
    """A YAML syntax error as one line naming where it is."""
    first = str(exc).splitlines()[0] if str(exc) else "syntax error"
    what = getattr(exc, "problem", None) or first
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    position = getattr(exc, "position", None)  # a character YAML does not accept
    if line is None and text is not None and isinstance(position, int):
        line = text.count("\n", 0, position) + 1
    where = f" at line {line}" if line is not None else ""
    return f"(file): not valid YAML{where}: {what}"


class _Checked:
    """yaml's safe loader, whose value errors (a date 2026-02-30, an integer of 5,000
    digits, `!!bool maybe`) are YAML errors that say where, like its syntax errors."""

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)  # type: ignore[misc]
        except yaml.YAMLError:
            raise
        except Exception as exc:  # noqa: BLE001 - whatever a value's constructor raises
            value = node.value if isinstance(node.value, str) else node.tag
            problem = f"cannot read {value[:40]!r}: {str(exc).splitlines()[0][:120]}"
            raise ConstructorError(None, None, problem, node.start_mark) from None

    def construct_document(self, node: Any) -> Any:
        """A key twice in one mapping is an error naming the key and its line (YAML itself
        lets the last one win, silently); checked over the whole file before any value."""
        if (twice := _first_duplicate(node)) is not None:
            key, first = twice
            raise ConstructorError(None, None, f"duplicate key {key.value!r} (first at line {first})",
                                   key.start_mark)  # fmt: skip
        return super().construct_document(node)  # type: ignore[misc]


class _SafeLoader(_Checked, yaml.SafeLoader):
    """The pure-Python parser: its errors say where and what, for any file."""


# libyaml's parser, about 8× faster, for files already checked by the above (the plans
# folder, read at every start); any error there is read again by _SafeLoader for its words.
_FastLoader = type("_FastLoader", (_Checked, getattr(yaml, "CSafeLoader", yaml.SafeLoader)), {})


def _first_duplicate(root: Any) -> tuple[Any, int] | None:
    """The first key node (in file order) that repeats a key of its mapping, and the line
    of the first one."""
    found: list[tuple[Any, int]] = []
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: dict[tuple[str, str], int] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                    if (key.tag, key.value) in keys:
                        found.append((key, keys[key.tag, key.value]))
                    else:
                        keys[key.tag, key.value] = key.start_mark.line + 1
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return min(found, key=lambda f: f[0].start_mark.index) if found else None


def read_yaml(
    text: str, error: type[FieldErrors], source: str = "", *, checked: bool = False
) -> Any:
    """The data of a YAML file's text; `error` (naming the line) when it is not YAML, or
    (naming the field) when a key or value it spells with an escape is not text. `checked`:
    a file this console has read before (libyaml first, the precise parser on any doubt)."""
    # (libyaml takes tabs where the precise parser refuses them, and may read escapes
    # differently: such a file is left to the precise parser, so both read it alike)
    if checked and "\t" not in text and "\\" not in text:
        try:
            data = yaml.load(text, Loader=_FastLoader)
        except (yaml.YAMLError, RecursionError, ValueError):
            pass
        else:
            if not unreadable_text(data):
                return data
    try:
        data = yaml.load(text, Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        raise error([yaml_error(exc, text)], source) from None
    except RecursionError:
        raise error(["(file): not valid YAML: nested too deeply"], source) from None
    if unreadable := unreadable_text(data):
        raise error(unreadable, source)
    return data


def read_file(path: Path, error: type[FieldErrors]) -> str:
    """A data file's text (UTF-8); `error` naming the file, or the line of a byte that
    is not UTF-8, when it cannot be read."""
    try:
        data = path.read_bytes()
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        reason = getattr(exc, "strerror", None) or str(exc)
        raise error([f"(file): cannot read {path}: {reason}"], str(path)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise error([f"(file): not UTF-8 text at line {line} (byte {data[exc.start]:#04x}); "
                     "save the file as UTF-8"], str(path)) from None  # fmt: skip
    return text.replace("\r\n", "\n").replace("\r", "\n")  # as read_text() reads it


def field_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif not _PLAIN_KEY.match(str(part)):  # an odd key someone wrote: quoted, on one line
            path += f"[{str(part)[:60]!r}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "(root)"


_PLAIN_KEY = re.compile(r"^[^\W\d]\w*$")


_SURROGATE = re.compile("[\ud800-\udfff]")


def unreadable_text(data: Any, loc: tuple = ()) -> list[str]:
    """Keys and values that are not text (an escaped lone surrogate such as "\\ud800"), by
    their path: pydantic refuses such a key without saying which, and lets such a value
    through to fail later, in the database or a PDF. Walked with a stack, not recursion:
    YAML nests as deep as its reader allows, and an alias (&a [*a]) may contain itself."""
    errors: list[str] = []
    todo: list[tuple[Any, tuple]] = [(data, loc)]
    seen: set[int] = set()
    while todo:
        value, at = todo.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                errors.append(f"{field_path(at)}: not valid text (an escaped lone surrogate)")
            continue
        if not isinstance(value, (list, dict)) or id(value) in seen:
            continue  # an alias is checked where it first stands
        seen.add(id(value))
        children = []
        for key, child in value.items() if isinstance(value, dict) else enumerate(value):
            if isinstance(key, str) and _SURROGATE.search(key):
                errors.append(
                    f"{field_path((*at, key))}: not valid text (an escaped lone surrogate)"
                )
            else:
                children.append((child, (*at, key)))
        todo.extend(reversed(children))  # in the file's order
    return errors


def format_pydantic_errors(exc: ValidationError) -> list[str]:
    lines = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        msg = err["msg"].removeprefix("Value error, ")
        lines.append(f"{field_path(loc)}: {msg}")
    return lines
