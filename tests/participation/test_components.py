"""The participation components keep their shape (src/hromada/participation/README.md): each
has its layers and README, imports point one way, the records keep the app's label and tables."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps

import hromada.participation

ROOT = Path(hromada.participation.__file__).parent
COMPONENTS = ("residents", "petitions", "problems", "consultations", "budget")
#: Inside a component, a module may import only the layers before it.
LAYERS = ("models", "selectors", "services", "forms", "views", "pages", "admin")


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(module imported, at module level?) for every import of project code, leaving out
    the ``if TYPE_CHECKING:`` block (annotations only)."""
    tree = ast.parse(path.read_text())
    skipped = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and getattr(block.test, "id", "") == "TYPE_CHECKING"
        for node in ast.walk(block)
    }
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found += [(name, id(node) in top) for name in names if name.startswith("hromada.")]
    return found


def _component_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[:2] == ["hromada", "participation"] and len(parts) > 2 and parts[2] in COMPONENTS:
        return parts[2]
    return None


@pytest.mark.parametrize("component", COMPONENTS)
def test_every_component_has_its_layers_and_readme(component: str) -> None:
    folder = ROOT / component
    for name in ("models.py", "services.py", "views.py", "admin.py", "README.md"):
        assert (folder / name).exists(), f"{component}/{name}"


@pytest.mark.parametrize("component", (*COMPONENTS, "shared"))
def test_imports_point_one_way(component: str) -> None:
    for path in sorted((ROOT / component).glob("*.py")):
        layer = path.stem
        for module, at_top in _imports(path):
            # Project code is imported at the top of the module, never inside a function.
            assert at_top, f"{component}/{path.name} imports {module} inside a function"
            assert module != "hromada.participation.models", (
                f"{component}/{path.name}: import the component's own models, not the index"
            )
            other = _component_of(module)
            if component in ("residents", "shared"):
                # The base of the others: it imports none of them.
                assert other in (None, component), f"{component}/{path.name} imports {module}"
            if other == component and layer in LAYERS:
                target = module.split(".")[3]
                if target in LAYERS:
                    assert LAYERS.index(target) < LAYERS.index(layer), (
                        f"{component}/{path.name} imports {module} (against the layer order)"
                    )
            # Components reach each other only through residents and the shared face.
            assert other in (None, component, "residents"), (
                f"{component}/{path.name} imports {module}"
            )


def test_the_records_keep_the_app_label_and_tables() -> None:
    for name, table in [
        ("Resident", "participation_resident"),
        ("Petition", "participation_petition"),
        ("ProblemReport", "participation_problemreport"),
        ("DraftComment", "participation_draftcomment"),
        ("BudgetVote", "participation_budgetvote"),
        ("PetitionsPage", "participation_petitionspage"),
        ("BudgetPage", "participation_budgetpage"),
    ]:
        assert apps.get_model("participation", name)._meta.db_table == table
