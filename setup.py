"""Build hook for the compiled kernels (cleaner/_kernels.c, _fastscan.c, _rulescan.c,
_lexical.c, _scorer.c, _build.c, _decide.c); metadata is in pyproject.toml.

``optional=True``: without a C compiler the package installs anyway and runs the
plain-Python twins of the kernels (same answers, slower).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("cleaner._kernels", ["cleaner/_kernels.c"], optional=True),
        # The encoding repair's scan (cleaner.encoding; its plain twin is ScanPlan.scan_plain).
        Extension("cleaner._fastscan", ["cleaner/_fastscan.c"], optional=True),
        Extension("cleaner._rulescan", ["cleaner/_rulescan.c"], optional=True),
        # The scorer lexicon's tokens and sums (no fused multiply-adds: numpy's bits).
        Extension(
            "cleaner._lexical",
            ["cleaner/_lexical.c"],
            extra_compile_args=["-ffp-contract=off"],
            optional=True,
        ),
        # The learned scorer's inference (cleaner.scorer; its twin is Scorer.probabilities_plain).
        # No fused multiply-adds: the scores' bits must not depend on the processor.
        Extension(
            "cleaner._scorer",
            ["cleaner/_scorer.c"],
            extra_compile_args=["-ffp-contract=off"],
            optional=True,
        ),
        # Block features and the kept text and removals (cleaner.features.measure_blocks,
        # cleaner.pipeline.outputs; plain twins: the numpy path and outputs_plain).
        Extension("cleaner._build", ["cleaner/_build.c"], optional=True),
        # classify's context decisions (their plain twins are in cleaner/classify.py).
        Extension("cleaner._decide", ["cleaner/_decide.c"], optional=True),
    ]
)
