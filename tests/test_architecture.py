"""The module shape (docs/architecture.md) as import-linter's contracts in pyproject.toml:
layers inside each module, core importing no feature module, no circle between packages, and
modules importing each other only through services, selectors and models. Counted on every
import statement, those inside functions too."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "hromada"
#: What other modules may import of a feature module (besides its package and AppConfig).
PUBLIC = {"models", "selectors", "services", "__init__", "apps", "migrations", "management"}


def _contracts() -> list[dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def test_the_import_contracts_are_kept(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.syspath_prepend(str(ROOT / "src"))
    result = lint_imports(no_cache=True, no_logo=True)
    assert result == 0, capsys.readouterr().out


def test_every_part_of_a_feature_module_but_its_public_face_is_protected() -> None:
    """A new file in a module is private unless it is one of PUBLIC: the contract lists it."""
    protected: dict[str, set[str]] = {}
    for contract in _contracts():
        if contract["type"] == "protected":
            for name in contract["protected_modules"]:  # type: ignore[attr-defined]
                _root, module, part = str(name).split(".", 2)
                protected.setdefault(module, set()).add(part)
    assert protected, "no protected contracts"
    missing = []
    for module, parts in protected.items():
        if module == "participation":
            continue  # made of components: its contract lists each component's private parts
        for path in sorted((PACKAGE / module).iterdir()):
            name = path.stem if path.suffix == ".py" else path.name
            if path.suffix != ".py" and not (path / "__init__.py").exists():
                continue
            if name not in PUBLIC and name not in parts:
                missing.append(f"hromada.{module}.{name}")
    assert missing == [], f"add to the module's protected contract: {missing}"
