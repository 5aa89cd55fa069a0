"""What the real-browser tests share: where things are, and how to read the portal."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The demo city is Ukrainian; so is the browser of its residents.
BROWSER_LOCALE = "uk-UA"
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 375, "height": 740}
# A word the demo's news, albums and events use.
SEARCH_WORD = "пам'яті"


class ParsedPage(HTMLParser):
    """The parts of a page that lead to other pages: its type, its links, its filter choices."""

    # Elements without an end tag: they never enclose a link.
    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"})

    def __init__(self, html: str, status: int = 200) -> None:
        super().__init__()
        self.status = status
        self.body_classes: set[str] = set()
        # (tag, href or value, the classes and #ids of the element and of all around it)
        self._targets: list[tuple[str, str, frozenset[str]]] = []
        self._open: list[tuple[str, frozenset[str]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        markers = set((attributes.get("class") or "").split())
        if attributes.get("id"):
            markers.add(f"#{attributes['id']}")
        if tag == "body":
            self.body_classes = markers
        target = attributes.get("href") if tag == "a" else attributes.get("value")
        if tag in {"a", "option"} and target:
            around = frozenset(markers).union(*(outer for _, outer in self._open))
            self._targets.append((tag, target, around))
        if tag not in self.VOID:
            self._open.append((tag, frozenset(markers)))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                return

    @property
    def kind(self) -> str:
        """The page type the template puts on <body>: page-section, page-news, …"""
        return next((name for name in sorted(self.body_classes) if name.startswith("page-")), "")

    def _within(self, tag: str, marker: str) -> list[str]:
        found = (
            target for kind, target, around in self._targets if kind == tag and marker in around
        )
        return list(dict.fromkeys(found))

    def links_in(self, marker: str) -> list[str]:
        """Links inside an element with this class (or #id), in document order."""
        return self._within("a", marker)

    def options_in(self, marker: str) -> list[str]:
        """The non-empty option values of a <select> with this class (or #id)."""
        return self._within("option", marker)


def fetch(url: str) -> tuple[int, str]:
    """GET as a Ukrainian visitor: the status and the body, whatever the status."""
    request = urllib.request.Request(url, headers={"Accept-Language": "uk"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def fetch_page(base: str, path: str) -> ParsedPage:
    status, html = fetch(base + path)
    return ParsedPage(html, status)


def sitemap_paths(server_url: str, section: str = "pages") -> list[str]:
    """The paths one section of the sitemap index lists (the Wagtail pages by default)."""
    _, xml = fetch(f"{server_url}/sitemap-{section}.xml")
    return [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", xml)]


def fetch_all(server_url: str, paths: list[str]) -> dict[str, int]:
    """The status of every path, two at a time (one per gunicorn worker)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = pool.map(lambda path: fetch(server_url + path)[0], paths)
        return dict(zip(paths, statuses, strict=True))


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now, for WCAG 2.1 A and AA."""
    assert AXE_JS.exists(), f"{AXE_JS} is missing: run `npm install`"
    page.add_script_tag(path=str(AXE_JS))
    violations: list[dict[str, Any]] = page.evaluate(
        """async (tags) => (await axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })).violations""",
        WCAG_TAGS,
    )
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        impact, url = violation["impact"], violation["helpUrl"]
        lines.append(f"{violation['id']} ({impact}): {violation['help']} — {url}")
        for node in violation["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)
