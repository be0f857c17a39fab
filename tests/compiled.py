"""The compiled extensions as the kernel tests load them."""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest


def compiled(module: str) -> ModuleType:
    """The extension ``module`` (e.g. ``"cleaner._build"``), or a skip of the test module.

    CI builds on a machine with a C compiler: there a missing kernel is a broken build, not
    a machine without gcc, so the import fails instead of skipping every test of the module.
    """
    if os.environ.get("CI"):
        return importlib.import_module(module)
    return pytest.importorskip(module)
