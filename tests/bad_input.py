"""Strategies and checks for tests/test_bad_input.py: junk values, malformed data files
grown from the shipped ones, and what a refusal must look like (every line names its field
path, or for a file that is not YAML, its line)."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

# libyaml writes (and re-reads) the mutated files quickly; the console reads them its own way
DUMPER: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# --- junk values ------------------------------------------------------------------------
ODD = [
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\ufeff",  # byte order mark
    "\x00",  # NUL
    "\ud800",  # lone surrogates (bytes that were not UTF-8), written as escapes
    "\udcff",
    "\U0001f525",  # emoji
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "e\u0301",  # combining acute accent
    "\u0301\u0302\u0303",
    "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319",
    "\uffff",
    "\U0010ffff",
    "\u2028",  # line separator
    "\x85",
    "\x7f",
    "\t",
    "\r",
    "\uff11\uff10 \u5206\u949f",  # fullwidth digits: １０ 分钟
    "\u0663 \u65e5",  # Arabic-Indic three: ٣ 日
    "\u0130",
    "\u00df",
]


def _huge(piece: str, n: int) -> str:
    return (piece * n)[:n]


odd_text = st.lists(st.sampled_from(ODD), min_size=1, max_size=4).map("".join)
huge_text = st.builds(
    _huge, st.sampled_from(["x", "中", "\U0001f525", " ", "9", "a\u0301", "\u200f"]),
    st.sampled_from([301, 2001, 5_000, 20_000]),
)  # fmt: skip
text_junk = st.one_of(
    st.just(""),
    st.sampled_from([" ", "  \t ", "\n", "-", "-1", "0", "null", "None", "true", "[]", "{}"]),
    st.text(max_size=20),
    odd_text,
    st.tuples(st.text(max_size=6), odd_text, st.text(max_size=6)).map("".join),
    huge_text,
)
number_junk = st.one_of(
    st.integers(-(10**6), 10**6),
    st.sampled_from([0, -1, -(2**63), 2**63, 2**64, 10**30, -(10**30)]),
    st.floats(allow_nan=True, allow_infinity=True),
)
scalar_junk = st.one_of(
    st.none(),
    st.booleans(),
    number_junk,
    text_junk,
    st.dates(),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
)
value_junk = st.one_of(
    scalar_junk,
    st.lists(scalar_junk, max_size=3),
    st.dictionaries(st.one_of(st.text(max_size=6), st.integers()), scalar_junk, max_size=3),
)

# Values as they may stand in a YAML file's source (some not YAML, some not what they seem).
YAML_JUNK = [
    "", "~", "null", "[]", "{}", "''", '""', "-1", "-0", "-999999999999", "1e309", ".nan",
    "-.inf", "0x1F", "0o17", "1_000", "0b2", "2026-02-30", "2026-13-01T25:61:00+08:00",
    "2026-12-01T09:00:00", "12:30", "1:30:00", "!!bool maybe", "!!int x", "!!float x",
    "!!timestamp x", "!!binary '@@'", "!!python/object/apply:os.system ['true']",
    "!!set {a}", "!!omap [1]", "*nowhere", "&a [*a]", "? [a]", '"\\ud800"', '"\\x00"',
    '"\\u202e\\u200f"', "'\U0001f525'", "yes", "off", "=", "<<: {a: 1}", "|", ">-",
    "%TAG", "@x", "`x`", "1" * 5000, "[" * 600, "{a: " * 400, "- - - -", "a: b: c",
    "'unclosed", '"unclosed', "[1, 2", "{a: 1", "!<tag:x> y", "&", "*", "!", "\t1",
    "\u200f\u202e", "\U0001f525\U0001f525", "e\u0301", "-" + "9" * 30,
]  # fmt: skip
yaml_junk = st.one_of(
    st.sampled_from(YAML_JUNK),
    scalar_junk.map(lambda v: json.dumps(v, default=str, ensure_ascii=False)),
)
SYNTAX_BREAKERS = ["[", "]", "{", "}", ":", ": ", "- ", "\t", "'", '"', "&a ", "*a ", "!!",
                   "!x ", "%YAML 9\n", "? ", "|", ">", "@", "`", "\n  x", "#", ",", "\x00",
                   "\n-", "\n:", "\\", "\u2028", "\x85"]  # fmt: skip
ENCODINGS = ["utf-16", "utf-16-be", "utf-32", "gb18030", "big5", "shift_jis", "latin-1",
             "cp1252", "utf-8-sig", "utf-7"]  # fmt: skip


def has_surrogate(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


# --- paths into nested data -------------------------------------------------------------
def paths(node: Any, prefix: tuple = ()) -> Iterator[tuple]:
    if prefix:
        yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from paths(v, (*prefix, i))


def _parent(data: Any, path: tuple) -> Any:
    for key in path[:-1]:
        data = data[key]
    return data


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool | date)


# --- malformed files --------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    content: bytes
    how: list[str]  # what was done to the shipped file, for the failure report
    must_name: str | None = None  # a top-level field the refusal has to name


@dataclass(frozen=True)
class Kind:
    """One kind of data file: its shipped examples, its fields and how the console reads it."""

    name: str
    bases: list[tuple[str, Any]]  # (text, data) of shipped valid files
    fields: frozenset[str]  # the model's top-level fields
    required: frozenset[str]
    load: Callable[[Path], Any]
    error: type
    accepted: type
    cli: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"Kind({self.name})"


def dump(data: Any, style: str) -> str:
    """The data as a file: YAML in block style, or JSON (which is YAML too, and quick to write)."""
    if style == "json":
        try:
            return json.dumps(data, ensure_ascii=False, indent=1, default=str).encode().decode()
        except UnicodeEncodeError:  # lone surrogates: written as escapes
            return json.dumps(data, indent=1, default=str)
    try:
        return yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=100)
    except UnicodeEncodeError:  # lone surrogates: written as escapes (libyaml cannot)
        return yaml.dump(data, Dumper=yaml.SafeDumper, allow_unicode=False, sort_keys=False)


@st.composite
def structural(draw, kind: Kind) -> Case:
    """The shipped data with keys deleted or renamed and values replaced by junk."""
    _, original = draw(st.sampled_from(kind.bases))
    data = copy.deepcopy(original)
    how: list[str] = []
    must_name = None
    steps = draw(st.integers(1, 3))
    for _ in range(steps):
        every = list(paths(data))
        where = every[draw(st.integers(0, len(every) - 1))]
        parent, key = _parent(data, where), where[-1]
        op = draw(st.sampled_from(["delete", "replace", "replace", "rename", "clear"]))
        if op == "rename" and not isinstance(parent, dict):
            op = "replace"
        old = parent[key]
        if op == "delete":
            del parent[key]
            if steps == 1 and len(where) == 1 and key in kind.required:
                must_name = key
        elif op == "rename":
            new_key = draw(
                st.one_of(text_junk, st.integers(), st.sampled_from(sorted(kind.fields)))
            )
            del parent[key]
            parent[new_key] = old
            how.append(f"rename {where!r} -> {new_key!r}")
            continue
        elif op == "clear":
            parent[key] = type(old)() if isinstance(old, list | dict | str) else None
        else:
            parent[key] = draw(value_junk)
            if (steps == 1 and len(where) == 1 and _scalar(old) and not isinstance(old, bool)
                    and isinstance(parent[key], list | dict)):  # fmt: skip
                must_name = key
        how.append(f"{op} {where!r}" + (f" = {parent[key]!r:.80}" if op == "replace" else ""))
    text = dump(data, draw(st.sampled_from(["json", "json", "yaml"])))
    return Case(text.encode("utf-8"), how, must_name)


_KEY_LINE = re.compile(r"^(\s*)(- )?([A-Za-z_]\w*):(.*)$")


@st.composite
def textual(draw, kind: Kind) -> Case:
    """The shipped text with duplicate keys, junk values, broken syntax, bad indentation,
    cut short, nested too deep — or no YAML at all."""
    text, _ = draw(st.sampled_from(kind.bases))
    how: list[str] = []
    for _ in range(draw(st.integers(1, 2))):
        lines = text.split("\n")
        keyed = [i for i, line in enumerate(lines) if _KEY_LINE.match(line)] or [0]
        op = draw(st.sampled_from(["duplicate", "value", "value", "break", "indent", "truncate",
                                   "drop_line", "deep", "whole"]))  # fmt: skip
        if op in ("duplicate", "value"):
            i = draw(st.sampled_from(keyed))
            m = _KEY_LINE.match(lines[i])
            if m is None:
                continue
            indent = m[1] + ("  " if m[2] else "")
            junk = draw(yaml_junk)
            if op == "duplicate":  # the same key again, before or after (refused, naming it)
                line = f"{indent}{m[3]}: {junk}"
                lines.insert(i + draw(st.integers(0, 1)), line)
            else:
                lines[i] = f"{m[1]}{m[2] or ''}{m[3]}: {junk}"
            how.append(f"{op} line {i + 1} ({m[3]}): {junk!r:.60}")
        elif op == "break":
            at = draw(st.integers(0, len(text)))
            piece = draw(st.sampled_from(SYNTAX_BREAKERS))
            text = text[:at] + piece + text[at:]
            how.append(f"insert {piece!r} at {at}")
            continue
        elif op == "indent":
            i = draw(st.integers(0, len(lines) - 1))
            lines[i] = (
                draw(st.sampled_from([" ", "   ", "\t", "- "])) + lines[i]
                if draw(st.booleans())
                else lines[i].lstrip()
            )
            how.append(f"indent line {i + 1}")
        elif op == "truncate":
            at = draw(st.integers(0, len(text)))
            text = text[:at]
            how.append(f"truncate at {at}")
            continue
        elif op == "drop_line":
            i = draw(st.integers(0, len(lines) - 1))
            del lines[i]
            how.append(f"drop line {i + 1}")
        elif op == "deep":
            i = draw(st.sampled_from(keyed))
            n = draw(st.sampled_from([50, 300, 600]))
            lines[i] = f"{lines[i]} {'[' * n}{']' * n}"
            how.append(f"nest {n} deep at line {i + 1}")
        else:
            text = draw(st.one_of(st.text(max_size=200), odd_text, huge_text))
            how.append(f"whole file {text!r:.60}")
            continue
        text = "\n".join(lines)
    try:
        content = text.encode("utf-8")
    except UnicodeEncodeError:  # a surrogate typed raw: the bytes a broken editor would write
        content = text.encode("utf-8", errors="surrogatepass")
    return Case(content, how)


@st.composite
def binary(draw, kind: Kind) -> Case:
    """The shipped file in another encoding, with random bytes, a NUL — or only bytes."""
    text, _ = draw(st.sampled_from(kind.bases))
    op = draw(st.sampled_from(["encoding", "bytes", "nul", "random"]))
    raw = text.encode("utf-8")
    if op == "encoding":
        encoding = draw(st.sampled_from(ENCODINGS))
        return Case(text.encode(encoding, errors="replace"), [f"encoded as {encoding}"])
    if op == "bytes":
        at = draw(st.integers(0, len(raw)))
        junk = draw(st.binary(min_size=1, max_size=16))
        cut = draw(st.integers(0, 16))
        return Case(raw[:at] + junk + raw[at + cut :], [f"bytes {junk!r} at {at}"])
    if op == "nul":
        at = draw(st.integers(0, len(raw)))
        return Case(raw[:at] + b"\x00" + raw[at:], [f"NUL at {at}"])
    junk = draw(st.binary(max_size=300))
    return Case(junk, [f"random bytes {junk!r:.60}"])


def malformed(kind: Kind) -> st.SearchStrategy[Case]:
    return st.one_of(structural(kind), structural(kind), textual(kind), binary(kind))


# --- what a refusal must look like ------------------------------------------------------
_FILE_MESSAGES = re.compile(
    r"^(not valid YAML at line (\d+): |not valid YAML: nested too deeply$|cannot read |"
    r"not UTF-8 text at line (\d+) )"
)


def _second_key(node: Any) -> int | None:
    """The line of the first key that appears twice in one mapping of the node tree (the
    console refuses a file so; PyYAML would let the last one win)."""
    lines: list[int] = []
    seen: set[int] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if id(n) in seen or n is None:
            continue
        seen.add(id(n))
        if isinstance(n, yaml.MappingNode):
            keys: set[tuple[str, str]] = set()
            for key, value in n.value:
                if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                    if (key.tag, key.value) in keys:
                        lines.append(key.start_mark.line + 1)
                    keys.add((key.tag, key.value))
                stack.extend((key, value))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)
    return min(lines, default=None)


def _syntax(text: str) -> tuple[str, int | None]:
    """What PyYAML itself says of a text the console called not YAML: ("yaml", the line of
    the error, when it has one), ("deep", None) or ("data", None) when it is YAML after all.
    A key twice in one mapping counts as an error at the second one's line."""
    try:
        twice = _second_key(yaml.compose(text, Loader=yaml.SafeLoader))
        if twice is None:
            yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return "yaml", mark.line + 1 if mark else None
    except RecursionError:
        return "deep", None
    except Exception:  # noqa: BLE001 - a reader error, or a value yaml cannot construct
        return "yaml", None
    return ("yaml", twice) if twice is not None else ("data", None)


def _data(text: str) -> Any:
    try:
        return yaml.load(text, Loader=LOADER)
    except yaml.YAMLError:  # libyaml is not PyYAML in every corner
        return yaml.safe_load(text)


def check_refusal(errors: list[str], kind: Kind, content: bytes, case: Case | None = None) -> None:
    """Every line of the refusal names what is wrong: a field path of this kind of file
    (or an unknown field the file holds), the file with the line of a syntax error or of a
    byte that is not UTF-8 — never a traceback, never an empty reason."""
    assert errors, "refused without a reason"
    for line in errors:
        assert isinstance(line, str) and "\n" not in line and "Traceback" not in line, line
        where, sep, message = line.partition(": ")
        assert sep and where and message.strip(), f"no field named: {line!r}"
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        assert errors[0].startswith(f"(file): not UTF-8 text at line {line} "), errors
        return
    if any(e.startswith("(file): ") for e in errors):  # "not YAML": where, as PyYAML says
        assert len(errors) == 1, errors
        m = _FILE_MESSAGES.match(errors[0].removeprefix("(file): "))
        assert m, f"a file-level error without its line: {errors[0]!r}"
        judged, line = _syntax(text)
        assert judged != "data", f"valid YAML refused as not YAML: {errors[0]!r}"
        if judged == "yaml":
            assert m[2] is not None and (line is None or int(m[2]) == line), (errors, line)
        return
    data: Any = None
    for line in errors:
        where = line.partition(": ")[0]
        head = re.match(r"[^.\[]*", where).group()
        if head == "" or head in kind.fields:  # a field, or "['odd key']" quoted
            continue
        data = _data(text) if data is None else data
        if where == "(root)":
            assert not isinstance(data, dict), f"a mapping refused as a whole: {line!r}"
            continue
        assert isinstance(data, dict) and head in {str(k) for k in data}, (
            f"names no field: {line!r}"
        )
    if case is not None and case.must_name is not None:
        assert any(e.startswith(case.must_name) for e in errors), (case.must_name, errors)


def check_outcome(kind: Kind, path: Path, case: Case) -> bool:
    """Loads the file the console's way; True when accepted. Anything but the kind's own
    error is a crash and fails the test as it is."""
    try:
        loaded = kind.load(path)
    except kind.error as exc:
        check_refusal(exc.errors, kind, case.content, case)
        return False
    assert isinstance(loaded, kind.accepted)
    assert case.must_name is None, f"accepted without {case.must_name}: {case.how}"
    return True


# --- the command line, in-process, as a terminal shows it -------------------------------
def run_cli(main: Callable[[list[str]], int], argv: list[str]) -> tuple[int, str, str]:
    """main(argv) with stdout and stderr as the interpreter sets them up on a UTF-8 terminal
    (stdout strict, stderr backslashreplace). SystemExit (--help) is its exit code."""
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", errors="strict", write_through=True)
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", errors="backslashreplace",
                           write_through=True)  # fmt: skip
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's --help
            code = exc.code if isinstance(exc.code, int) else 2
        finally:
            out.flush()
            err.flush()
    return code, out_bytes.getvalue().decode("utf-8"), err_bytes.getvalue().decode("utf-8")


def db_digest(url: str) -> dict[str, list]:
    """Every row of every table of a SQLite database: equal digests, unchanged database."""
    path = url.removeprefix("sqlite:///")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]  # fmt: skip
        return {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"'))) for t in tables}
    finally:
        conn.close()


def folder_digest(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
