"""The HTML report in a real browser: headless Chromium driven over its DevTools pipe.

No extra dependency: Chromium's `--remote-debugging-pipe` speaks the DevTools protocol as
NUL-terminated JSON on file descriptors 3 (commands in) and 4 (replies and events out), which
the standard library can drive. We load each report from a file:// URL, collect every console
message, uncaught exception and browser log entry of level error (a CSP refusal is one), count
the elements marked kept and dropped, and save a screenshot under the test's tmp_path.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app
from cleaner.pipeline import clean
from cleaner.report import html_report

from .conftest import SEEDS

CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--mute-audio", "--hide-scrollbars",
)
TIMEOUT = 30.0


def find_chromium() -> str | None:
    for name in CANDIDATES:
        found = shutil.which(name) if not name.startswith("/") else (name if os.access(name, os.X_OK) else None)
        if found:
            return found
    return None


class Chromium:
    """A headless Chromium and one page target, driven over the DevTools pipe."""

    def __init__(self, executable: str, profile: Path, log: Path) -> None:
        cmd_read, self._cmd_write = os.pipe()  # we write commands; Chromium reads fd 3
        self._out_read, out_write = os.pipe()  # Chromium writes fd 4; we read

        def wire_fds() -> None:  # runs in the child, before close_fds keeps only 3 and 4
            os.dup2(cmd_read, 3)
            os.dup2(out_write, 4)

        self._log = open(log, "wb")
        self.proc = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
            pass_fds=(3, 4), preexec_fn=wire_fds,
        )
        os.close(cmd_read)
        os.close(out_write)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable", session=True)
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": 1100, "height": 1400, "deviceScaleFactor": 1, "mobile": False}, session=True)

    def _send(self, message: dict) -> None:
        os.write(self._cmd_write, json.dumps(message).encode() + b"\0")

    def _receive(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._out_read], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._out_read, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed its DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, params: dict | None = None, *, session: bool = False) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        self._send(message)
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str) -> dict:
        deadline = time.monotonic() + TIMEOUT
        for index, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(index)
        while True:
            event = self._receive(deadline)
            if event.get("method") == method:
                return event
            self.events.append(event)

    def load(self, url: str) -> list[str]:
        """Navigate, wait for the load event, and return the problems the page reported."""
        self.events.clear()
        self.call("Page.navigate", {"url": url}, session=True)
        self.wait_for("Page.loadEventFired")
        self.call("Runtime.evaluate", {"expression": "1"}, session=True)  # flush pending events
        return problems(self.events)

    def evaluate(self, expression: str):
        reply = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=True)
        return reply["result"]["value"]

    def screenshot(self, path: Path) -> None:
        height = min(int(self.evaluate("document.documentElement.scrollHeight")), 6000)
        data = self.call("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": 1100, "height": height, "scale": 1},
        }, session=True)["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._cmd_write)
        os.close(self._out_read)
        self._log.close()


def problems(events: list[dict]) -> list[str]:
    """Console errors and warnings, uncaught exceptions, and browser log entries of level error."""
    found = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
            found.append(f"console.{params['type']}: {[a.get('value') for a in params.get('args', [])]}")
        elif method == "Runtime.exceptionThrown":
            found.append(f"exception: {params['exceptionDetails'].get('text')}")
        elif method == "Log.entryAdded" and params["entry"].get("level") in ("error", "warning"):
            found.append(f"log {params['entry']['level']}: {params['entry'].get('text')}")
    return found


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    executable = find_chromium()
    if executable is None:
        pytest.skip("no Chromium found (looked for /usr/bin/chromium and chromium on PATH); "
                    "install Debian's chromium package (apt-get install chromium) to run the browser test")
    folder = tmp_path_factory.mktemp("chromium")
    chromium = Chromium(executable, folder / "profile", folder / "chromium.log")
    yield chromium
    chromium.close()


HOSTILE = (
    "Hostile Page Headline About Things\n\n"
    "<script>console.error('escaped?')</script>\n\n"
    "This paragraph is a long story paragraph that the cleaner should keep, since it reads like prose "
    "and has many words in it, and the reader wants it.\n\n"
    "A second paragraph with <img src=x onerror=\"console.error('img')\"> inside, which is page text, "
    "not markup, and must show as text in the report.\n\n"
    "Share this article\n"
)


def json_counts(args: list[str]) -> tuple[int, int]:
    result = CliRunner().invoke(app, ["clean", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    decisions = json.loads(result.stdout)["decisions"]
    kept = sum(d["action"] == "keep" for d in decisions)
    return kept, len(decisions) - kept


def dom_counts(chromium: Chromium) -> tuple[int, int]:
    return (
        chromium.evaluate("document.querySelectorAll('[data-action=\"keep\"]').length"),
        chromium.evaluate("document.querySelectorAll('[data-action=\"drop\"]').length"),
    )


@pytest.mark.parametrize("name", ["seed", "hostile"])
def test_report_in_chromium(browser: Chromium, tmp_path: Path, name: str) -> None:
    if name == "seed":
        page = sorted(SEEDS.glob("*.txt"))[1]
        args = [str(page)]
    else:
        page = tmp_path / "hostile.txt"
        page.write_text(HOSTILE, encoding="utf-8")
        args = [str(page), "--input", "text"]
    report = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["explain", *args, "--html", str(report)])
    assert result.exit_code == 0, result.output

    assert browser.load(report.as_uri()) == []
    kept, dropped = json_counts(args)
    assert kept > 0 and dropped > 0
    assert dom_counts(browser) == (kept, dropped)
    shown = browser.evaluate("[document.getElementById('counts').dataset.kept, document.getElementById('counts').dataset.dropped]")
    assert shown == [str(kept), str(dropped)]
    # Dropped blocks look different from kept ones: struck through and grey.
    styles = browser.evaluate(
        "['keep','drop'].map(a => getComputedStyle(document.querySelector(`[data-action=${a}] .txt`)).textDecorationLine)"
    )
    assert styles == ["none", "line-through"]
    if name == "hostile":
        texts = browser.evaluate("[...document.querySelectorAll('.block .txt')].map(e => e.textContent).join('\\n')")
        assert "<script>console.error('escaped?')</script>" in texts
        assert browser.evaluate("document.querySelectorAll('script, img').length") == 0
    shot = tmp_path / f"{name}.png"
    browser.screenshot(shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


def test_browser_check_sees_errors(browser: Chromium, tmp_path: Path) -> None:
    """The console check can fail: a page that logs an error is caught, and so is a CSP refusal."""
    noisy = tmp_path / "noisy.html"
    noisy.write_text("<!DOCTYPE html><p>x</p><script>console.error('boom')</script>", encoding="utf-8")
    assert any("boom" in p for p in browser.load(noisy.as_uri()))
    # Markup smuggled into a report (as if escaping failed) is refused by its CSP: the script
    # does not run (no 'pwned' message) and the refusals are reported as errors.
    result = clean("Headline Of The Page Here\n\nA story paragraph long enough to be kept by the cleaner today.\n")
    smuggled = html_report(result).replace(
        "</main>", "<script>console.log('pwned')</script><img src=\"https://example.invalid/x.png\"></main>"
    )
    page = tmp_path / "smuggled.html"
    page.write_text(smuggled, encoding="utf-8")
    found = browser.load(page.as_uri())
    assert found, "the CSP should have refused the inline script and the remote image"
    assert not any("pwned" in str(e) for e in browser.events)


def test_folder_index_links_every_report(browser: Chromium, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = CliRunner().invoke(app, ["explain", str(SEEDS), "--html", str(out)])
    assert result.exit_code == 0, result.output
    assert browser.load((out / "index.html").as_uri()) == []
    links = browser.evaluate("[...document.querySelectorAll('a')].map(a => a.href)")
    assert len(links) == len(list(SEEDS.glob("*.txt")))
    for link in links:
        assert browser.load(link) == []
        assert browser.evaluate("document.querySelectorAll('[data-action]').length") > 0
