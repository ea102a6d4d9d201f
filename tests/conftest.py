"""Shared test setup: a reproducible Hypothesis profile and a bounded compile budget.

``tests/engine/`` tests the engine (model files, derivation stages, kernels, runtime, command
line) on the shipped model files and on random ones; ``tests/paper/`` tests the paper's
application on top.  ``tests/gaussian_reference.py`` (an independent quadrature solver) and
``tests/model_strategies.py`` (random model files) are shared by both.

Compiled kernels are cached by Numba on disk; the first run on a fresh machine pays the compile
cost once.  The suite unrolls the coherent passes for up to two modes only (``NRQB_UNROLL=2``:
the paper's effective model); larger mode counts run the generic passes, which compute the same
numbers (``tests/engine/test_runtime.py`` checks the two against each other).
"""

from __future__ import annotations

import os

os.environ.setdefault("NRQB_UNROLL", "2")

from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "nrqb",
    deadline=None,  # the first call of a kernel may compile or load it
    max_examples=int(os.environ.get("NRQB_HYPOTHESIS_EXAMPLES", "40")),
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
    database=None,  # reproducible: the same examples on every machine
)
settings.load_profile("nrqb")
