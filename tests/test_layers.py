"""The layers are checked by import-linter (`lint-imports`, run by `make lint` in CI); these
tests keep its contracts honest as modules are added."""

from __future__ import annotations

import tomllib
from pathlib import Path

import console

ROOT = Path(__file__).resolve().parent.parent
USE_CASES = {"console.services", "console.runners", "console.cli"}


def _contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["name"]: c for c in config["tool"]["importlinter"]["contracts"]}


def test_every_domain_module_is_held_to_not_importing_the_services():
    """A new module under console/ is a domain module unless it is a use case or an entry
    point: it must be named in the contract, or its upward imports would go unchecked."""
    contract = _contracts()["domain modules do not import the use cases or the entry points"]
    assert set(contract["forbidden_modules"]) == USE_CASES
    top = {f"console.{p.stem if p.is_file() else p.name}"
           for p in Path(console.__file__).parent.iterdir()
           if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").exists()}  # fmt: skip
    assert top - USE_CASES == set(contract["source_modules"])


def test_nothing_below_the_widgets_may_import_qt():
    contract = _contracts()["nothing below the widgets imports Qt"]
    assert {"console", "models"} <= set(contract["source_modules"])
    assert {"PySide6", "widgets"} <= set(contract["forbidden_modules"])
