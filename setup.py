"""Build hooks: the wheel carries compiled translation catalogues, and no test settings.

The `.mo` files are not in git (they are build output); `build_py` compiles every
`locale/<lang>/LC_MESSAGES/*.po` under src/hromada into the built package, so an installed
Hromada speaks Ukrainian without gettext tools on the server. An editable install skips this:
its checkout compiles them with `hromada compilemessages` (`make install`).
All other metadata is in pyproject.toml.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SOURCE = Path(__file__).resolve().parent / "src"
# Modules only the test suite uses: left out of the wheel.
TEST_ONLY_MODULES = {("hromada.config", "settings_test")}


class BuildPyWithCatalogues(build_py):
    def find_package_modules(self, package: str, package_dir: str) -> list[tuple[str, str, str]]:
        modules = super().find_package_modules(package, package_dir)
        return [m for m in modules if (m[0], m[1]) not in TEST_ONLY_MODULES]

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        import polib  # a build requirement (pyproject.toml [build-system])

        for po_path in sorted((SOURCE / "hromada").glob("**/locale/*/LC_MESSAGES/*.po")):
            target = Path(self.build_lib) / po_path.relative_to(SOURCE).with_suffix(".mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            catalogue = polib.pofile(str(po_path))
            # Like msgfmt: fuzzy and untranslated entries are left out.
            catalogue.save_as_mofile(str(target))


setup(cmdclass={"build_py": BuildPyWithCatalogues})
