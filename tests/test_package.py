"""The package, installed as an operator installs it: build the wheel, install it into a fresh
virtualenv, then `hromada migrate`, `hromada demo`, `hromada collectstatic`, gunicorn. The
portal must answer in Ukrainian (the catalogues are compiled into the wheel at build time)
and the report must render. Everything else in the suite runs from the checkout, so only this
test notices a template, a data file or a catalogue missing from the package.

How the fresh virtualenv gets its dependencies: installing the ~80 of them from the registry
would take minutes and the network, so the new virtualenv (`python -m venv --without-pip`)
gets a `.pth` file naming the site-packages of the virtualenv running the tests, where `make
test` installed the same dependencies. Only the directory is added: the `.pth` files inside it
(the editable checkout's among them) are not processed, so the checkout stays out of reach.
Hromada itself comes from the wheel alone (`pip --python NEW install --no-deps WHEEL`), and
the test first checks that `hromada` imports from the new virtualenv, not from the checkout.

The wheel is built from a copy of the files git knows (tracked or not ignored), without build
isolation (setuptools and polib come from the test virtualenv), so nothing local and ignored
(compiled catalogues, `var/`, an old `build/`) can slip into it. The installed portal runs on
SQLite in a folder of its own; so in the PostgreSQL pass of CI (DATABASE_URL set) the test
would repeat the SQLite pass's run exactly, and is skipped there to save CI minutes.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from typing import NamedTuple

import pytest

import hromada

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="the installed wheel runs on SQLite: the SQLite pass tests it",
)
STEP_TIMEOUT_SECONDS = 900
SERVER_START_TIMEOUT_SECONDS = 60


def _run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT_SECONDS,
        **kwargs,  # type: ignore[call-overload]
    )
    assert result.returncode == 0, (
        f"{' '.join(map(str, command))} failed ({result.returncode}):\n"
        f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result


def _copy_of_the_checkout(target: Path) -> Path:
    listed = _run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT
    ).stdout
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file() and not name.startswith("node_modules"):
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("the wheel is built from the files git knows: needs a git checkout")
    source = _copy_of_the_checkout(tmp_path_factory.mktemp("source"))
    dist = tmp_path_factory.mktemp("dist")
    _run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)],
        cwd=source,
    )
    (built,) = dist.glob("hromada-*.whl")
    return built


class Installed(NamedTuple):
    venv: Path
    var_dir: Path
    env: dict[str, str]  # the environment to run it in


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """A fresh virtualenv with the wheel installed."""
    venv = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    site = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            env={"PATH": os.environ.get("PATH", "")},
        ).stdout.strip()
    )
    (site / "zz_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ]
    )
    var_dir = tmp_path_factory.mktemp("var")
    env = {
        # Nothing of the test run's own setup: no PYTHONPATH to the checkout, no database
        # or secret of its own, a folder of its own.
        "PATH": f"{venv / 'bin'}:{os.environ.get('PATH', '')}",
        "HOME": str(var_dir),
        "LANG": "C.UTF-8",
        "HROMADA_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "hromada.config.settings",
        # Jobs wait in the database queue (no worker runs): the test needs none of them.
        "TASK_BACKEND": "db",
        "LOG_LEVEL": "WARNING",
        "FETCH_VIDEO_EMBEDS": "false",  # no internet
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONUNBUFFERED": "1",
    }
    return Installed(venv=venv, var_dir=var_dir, env=env)


def test_the_wheel_holds_the_data_and_the_compiled_catalogues_and_nothing_of_tests(
    wheel: Path,
) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "hromada/locale/uk/LC_MESSAGES/django.mo" in names
    modules_with_catalogues = {
        n.split("/")[1] for n in names if n.endswith("/locale/uk/LC_MESSAGES/django.po")
    }
    for module in modules_with_catalogues - {"locale"}:
        assert f"hromada/{module}/locale/uk/LC_MESSAGES/django.mo" in names, module
    source = ROOT / "src"
    for data in sorted(source.glob("hromada/**/demo_data/**/*")):
        if data.is_file():
            assert str(data.relative_to(source)) in names, data
    assert any(n.startswith("hromada/templates/") for n in names)
    assert any("/static/" in n for n in names)
    assert not [n for n in names if n.startswith("tests/") or "settings_test" in n]
    assert not [n for n in names if "__pycache__" in n]


def test_the_installed_wheel_serves_the_portal_in_ukrainian_and_renders_the_report(
    installed: Installed, tmp_path: Path
) -> None:
    env = installed.env
    bin_dir = installed.venv / "bin"
    hromada_command = str(bin_dir / "hromada")

    # The package, not the checkout.
    where = _run(
        [str(bin_dir / "python"), "-c", "import hromada; print(hromada.__file__)"],
        env=env,
        cwd=tmp_path,
    ).stdout.strip()
    assert where.startswith(str(installed.venv)), where
    assert not where.startswith(str(ROOT)), where
    version = _run([hromada_command, "--version"], env=env, cwd=tmp_path).stdout.strip()
    assert version == f"hromada {hromada.__version__}"

    _run([hromada_command, "migrate", "-v0"], env=env, cwd=tmp_path)
    _run([hromada_command, "demo"], env=env, cwd=tmp_path)
    _run([hromada_command, "collectstatic", "--noinput", "-v0"], env=env, cwd=tmp_path)

    port = _free_port()
    log = installed.var_dir / "gunicorn.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [
                # `-m`: gunicorn's own console script lives with the shared dependencies.
                str(bin_dir / "python"),
                "-m",
                "gunicorn",
                "hromada.config.wsgi:application",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "1",
                "--no-control-socket",
            ],
            env=env,
            cwd=tmp_path,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        home = _get_when_up(f"http://127.0.0.1:{port}/", server, log)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert '<html lang="uk"' in home
    assert "Перейти до змісту" in home  # "Skip to content", from the compiled catalogue
    assert "Skip to content" not in home

    report_path = tmp_path / "report.json"
    _run(
        [hromada_command, "report", "--year", "2020", "--format", "json", "-o", str(report_path)],
        env=env,
        cwd=tmp_path,
    )
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["from"] == "2020-01-01"
    assert report["metrics"]["portal.news_published"]["value"] > 0
    assert report["metrics"]["portal.news_published"]["label"]


def _get_when_up(url: str, server: subprocess.Popen[bytes], log: Path) -> str:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                assert response.status == 200
                return str(response.read().decode("utf-8"))
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    pytest.fail(f"gunicorn did not answer on {url}:\n{log.read_text()[-3000:]}")
