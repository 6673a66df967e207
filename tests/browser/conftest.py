"""The browser tests' shared fixture: the system Chromium, or one skip for all of them."""

from __future__ import annotations

import pytest

from tests.browser.helpers import chromium_or_skip


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """The path of Debian's Chromium (with Playwright importable), else a skip naming what is missing."""
    return chromium_or_skip()
