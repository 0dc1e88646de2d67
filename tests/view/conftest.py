"""Fixtures for the view tests: the fixture graph, and a headless Chromium with the network cut off."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.analyze import read_dataset, to_networkx

SMALL = Path(__file__).resolve().parent / "data" / "small.trig"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]


@pytest.fixture(scope="session")
def small_graph():
    return to_networkx(read_dataset(SMALL))


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium): browser tests need it")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (python) is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class OfflinePage:
    """A page whose every http(s) request is aborted and recorded, with console errors and dialogs collected."""

    def __init__(self, browser):
        self.page = browser.new_page(viewport={"width": 1280, "height": 800})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)

    def _route(self, route):
        url = route.request.url
        if url.startswith(("http:", "https:", "ws:", "wss:")):
            self.requests.append(url)
            route.abort()
        else:
            route.continue_()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path, timeout: float = 60_000):
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("window.__peyvand && window.__peyvand.ready", timeout=timeout)
        return self.page


@pytest.fixture
def offline_page(browser):
    op = OfflinePage(browser)
    yield op
    op.page.close()
