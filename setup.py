"""Build hook for the compiled kernels (cleaner/_kernels.c); metadata is in pyproject.toml.

``optional=True``: without a C compiler the package installs anyway and runs the
plain-Python twins of the kernels (same answers, slower).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("cleaner._kernels", ["cleaner/_kernels.c"], optional=True),
        Extension("cleaner._lexical", ["cleaner/_lexical.c"], optional=True),
    ]
)
