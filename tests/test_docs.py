"""Documentation that must stay in step with the code."""

from pathlib import Path

from hromada.core import metrics

ROOT = Path(__file__).resolve().parents[1]


def test_every_registered_metric_is_documented() -> None:
    text = (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8")
    missing = [m.key for m in metrics.all_metrics() if f"`{m.key}`" not in text]
    assert metrics.all_metrics(), "no metrics registered"
    assert missing == []


def test_every_module_has_a_readme() -> None:
    modules = [p for p in (ROOT / "src" / "hromada").iterdir() if (p / "__init__.py").exists()]
    assert modules
    assert [m.name for m in modules if not (m / "README.md").exists()] == []
