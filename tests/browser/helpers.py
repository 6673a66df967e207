"""What the browser tests share: the system Chromium, a headless JupyterLab, offline widget pages.

* :func:`chromium_or_skip` -- Debian's Chromium driven by Playwright for Python (Playwright
  cannot download its own browsers here); one clear skip message naming what is missing.
* :func:`jupyterlab` -- JupyterLab started headless on 127.0.0.1, on a free port, with a
  token, in a temporary root folder, its settings and workspaces kept there too.
* :func:`widget_scripts_or_skip` and :func:`serve_widget_scripts` -- a standalone widget
  page (ipywidgets' embedding, nbconvert's HTML) loads require.js, the widget manager and
  ipysigma from public CDNs; the tests have no internet, so the browser is given the same
  libraries from local copies: ipysigma's own bundle from the installed package, the
  widget manager and require.js from the npm registry (fetched once into ``build-browser/js``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.paths import ROOT

__all__ = [
    "SCREENSHOTS",
    "Lab",
    "chromium_or_skip",
    "jupyterlab",
    "launch_options",
    "serve_widget_scripts",
    "widget_scripts_or_skip",
]

#: Where the screenshots go (not tracked by git). Not inside ``build/``: that is the report's
#: output folder, which the report refuses to replace while it holds files it did not write.
SCREENSHOTS = ROOT / "build-browser"
#: The npm packages behind the CDN addresses of a standalone widget page, fetched once.
_SCRIPT_PACKAGES = {
    "html_manager": ("@jupyter-widgets/html-manager@1.0.15", "package/dist/embed-amd.js"),
    "requirejs": ("requirejs@2.3.4", "package/require.js"),
}
_SCRIPT_CACHE = SCREENSHOTS / "js"


def chromium_or_skip() -> str:
    """The path of the system Chromium, after checking that Playwright is importable.

    Skips the test (one line naming what is missing) when either is not installed:
    ``.ci/run`` installs Debian's ``chromium`` when apt is available.
    """
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("browser test skipped: Playwright for Python is not installed "
                    "(pip install -e '.[test]')")
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("browser test skipped: no Chromium found (Debian: apt-get install chromium)")


def launch_options(executable: str) -> dict:
    """Playwright's launch options for the system Chromium (headless, as root too)."""
    # As root Chromium refuses its sandbox; the pages are the test's own, on 127.0.0.1.
    args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    return {"executable_path": executable, "headless": True, "args": args}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Lab:
    """A running JupyterLab: its address, token and root folder."""

    url: str
    token: str
    root: Path

    def api(self, path: str, method: str = "GET") -> object:
        """Call the server's REST API (``/api/...``) and return the decoded JSON."""
        request = urllib.request.Request(f"{self.url}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None


# Settings for a test run: every cell in the page (no virtual scrolling, so that every
# output can be checked), no news or update pop-ups.
_LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}


@contextlib.contextmanager
def jupyterlab(root: Path, *, startup_timeout: float = 60.0) -> Iterator[Lab]:
    """Start JupyterLab headless on 127.0.0.1 in ``root``; stop it (and its kernels) after.

    The server runs from this Python (the project's environment, so its kernel and its
    widget extensions are the ones installed with the package), with a random token, no
    browser, ``--allow-root`` when run as root, and its settings, workspaces and runtime
    files in ``root/.lab`` so that nothing outside ``root`` is written.
    """
    state = root / ".lab"
    settings = state / "settings"
    for relative, values in _LAB_SETTINGS.items():
        target = settings / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")
    port, token = _free_port(), os.urandom(16).hex()
    env = dict(os.environ,
               JUPYTERLAB_SETTINGS_DIR=str(settings),
               JUPYTERLAB_WORKSPACES_DIR=str(state / "workspaces"),
               JUPYTER_RUNTIME_DIR=str(state / "runtime"),
               MPLBACKEND="module://matplotlib_inline.backend_inline",
               PYTHONPATH=os.pathsep.join([str(ROOT)] + [p for p in os.environ.get(
                   "PYTHONPATH", "").split(os.pathsep) if p]))
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
               f"--port={port}", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={root}", "--ServerApp.open_browser=False",
               "--LabApp.news_url=", "--ServerApp.terminals_enabled=False"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = (state / "server.log").open("wb")
    server = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    lab = Lab(url=f"http://127.0.0.1:{port}", token=token, root=root)
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"JupyterLab exited at start: {_tail(state / 'server.log')}")
            try:
                lab.api("/api/status")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not answer in {startup_timeout:.0f} s: "
                                       f"{_tail(state / 'server.log')}") from None
                time.sleep(0.3)
        yield lab
    finally:
        server.terminate()  # the server shuts its kernels down when it stops
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _tail(path: Path, lines: int = 15) -> str:
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    return " | ".join(text.splitlines()[-lines:])


def widget_scripts_or_skip() -> dict[str, Path]:
    """Local copies of the scripts a standalone widget page loads from CDNs.

    ``ipysigma``: the AMD bundle shipped in the installed ipysigma package (the file the
    CDN serves as ``ipysigma@VERSION/dist/index.js``); ``html_manager`` and ``requirejs``:
    from the npm registry with ``npm pack``, once, into ``build-browser/js``. Skips the
    test with one line when npm is missing or the registry cannot be reached.
    """
    import ipysigma

    scripts = {"ipysigma": Path(ipysigma.__file__).parent / "nbextension" / "index.js"}
    npm = shutil.which("npm")
    for key, (spec, member) in _SCRIPT_PACKAGES.items():
        target = _SCRIPT_CACHE / spec.replace("/", "_") / member
        if not target.is_file():
            if npm is None:
                pytest.skip(f"exported-page test skipped: npm is missing to fetch {spec}")
            folder = target.parents[len(Path(member).parts) - 1]
            folder.mkdir(parents=True, exist_ok=True)
            done = subprocess.run([npm, "pack", "--silent", "--pack-destination", str(folder), spec],
                                  capture_output=True, text=True, timeout=180, check=False)
            tarballs = sorted(folder.glob("*.tgz"))
            if done.returncode != 0 or not tarballs:
                pytest.skip(f"exported-page test skipped: npm pack {spec} failed: "
                            f"{(done.stderr or done.stdout).strip().splitlines()[-1:]}")
            with tarfile.open(tarballs[0]) as archive:
                archive.extract(member, folder, filter="data")
        scripts[key] = target
    return scripts


# The CDN addresses of ipywidgets' and nbconvert's standalone pages, and the local copy
# that answers each (the page's other requests get a 404: nothing leaves the machine).
_CDN_SCRIPTS = [
    (re.compile(r"/require(\.min)?\.js$"), "requirejs"),
    (re.compile(r"/@jupyter-widgets/html-manager@[^/]+/dist/embed-amd\.js$"), "html_manager"),
    (re.compile(r"/ipysigma@[^/]+/dist/index\.js$"), "ipysigma"),
]


def serve_widget_scripts(page, scripts: dict[str, Path], html_path: Path,
                         url: str = "http://export.test/page.html") -> str:
    """Answer ``page``'s requests from local files; returns the address to open.

    ``html_path`` is served at ``url``. Its ``integrity`` attributes are removed: they pin
    the exact bytes of the CDN's minified build, and the local copies are the same
    libraries built otherwise.
    """
    body = re.sub(r'\s+integrity="[^"]*"', "", html_path.read_text(encoding="utf-8"))

    def answer(route) -> None:
        requested = route.request.url
        if requested == url:
            route.fulfill(body=body, content_type="text/html; charset=utf-8")
            return
        for pattern, key in _CDN_SCRIPTS:
            if pattern.search(requested):
                route.fulfill(path=str(scripts[key]), content_type="text/javascript",
                              headers={"Access-Control-Allow-Origin": "*"})
                return
        route.fulfill(status=404, body="not available offline")

    page.route(re.compile(r"^https?://"), answer)
    return url
