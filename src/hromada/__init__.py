"""Hromada: the city portal and the communications office's back-office."""

# The one place the version is written: pyproject.toml reads it (`dynamic = ["version"]`),
# `hromada --version` prints it.
__version__ = "0.2.0"
