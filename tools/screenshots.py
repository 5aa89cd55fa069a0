"""Screenshots of each public page type at 390, 1024 and 1366 px, for review (`make
screenshots`): a demo server of its own (a private var/ directory, gunicorn on a free port on
127.0.0.1), Debian's Chromium driven by Playwright, PNGs into var/screenshots/ (not in git).

    python tools/screenshots.py [--out var/screenshots] [--url http://127.0.0.1:PORT]

With --url an already running server is used instead.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WIDTHS = (390, 1024, 1366)
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# One page of each type: fixed paths, then the first link of a kind found on a list page.
FIXED = {
    "home": "/",
    "search": "/search/?q=" + quote("рішенням"),
    "search-empty": "/search/?q=" + quote("ксилофон"),
    "error-404": "/this-page-does-not-exist/",
    "error-413": "/errors/413/",
}
FOUND = {  # name: (list page found from the home page's menu, CSS selector of a link on it)
    "news": ("a[href*='/news/']", ".card-title a"),
    "events": ("a[href*='/events/']", ".events a"),
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait(url: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if process.poll() is not None:
            raise SystemExit(f"the server stopped ({process.returncode})")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - our own loopback server
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the server did not answer")


def start_server(var_dir: Path) -> tuple[str, subprocess.Popen[bytes]]:
    env = {**os.environ, "HROMADA_VAR_DIR": str(var_dir), "LOG_LEVEL": "WARNING"}
    # Our own programs with fixed arguments.
    demo = [BIN / "hromada", "demo"]
    subprocess.run(demo, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    static = [BIN / "hromada", "collectstatic", "--noinput", "-v0"]
    subprocess.run(static, env=env, check=True)  # noqa: S603
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [
            BIN / "gunicorn",
            "hromada.config.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--no-control-socket",
        ],
        env=env,
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    wait(url + "/", server)
    return url, server


def shoot(base: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    made = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        paths = dict(FIXED)
        page.goto(base + "/")
        for name, (menu_link, _item) in FOUND.items():
            link = page.locator(menu_link).first
            if link.count():
                href = link.get_attribute("href") or ""
                paths[f"{name}-list"] = href
        for name, (_menu, item_link) in FOUND.items():
            listing = paths.get(f"{name}-list")
            if listing:
                page.goto(base + listing)
                item = page.locator(item_link).first
                if item.count():
                    paths[f"{name}-item"] = item.get_attribute("href") or ""
        for name, path in paths.items():
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(base + path)
                target = out / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                made.append(target)
        browser.close()
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "screenshots")
    parser.add_argument("--url", default="")
    args = parser.parse_args()
    if args.url:
        made = shoot(args.url.rstrip("/"), args.out)
    else:
        with tempfile.TemporaryDirectory(prefix="hromada-screens-") as var_dir:
            url, server = start_server(Path(var_dir))
            try:
                made = shoot(url, args.out)
            finally:
                server.terminate()
                server.wait(timeout=20)
    print(f"{len(made)} screenshots in {args.out}")


if __name__ == "__main__":
    main()
