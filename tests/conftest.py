"""Shared fixtures: the derivation (computed once per session) and a Hypothesis profile.

Compiled kernels are cached by Numba on disk (``cache=True``); the first run of the suite on a
fresh machine pays the compile cost once.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "nrqb",
    deadline=None,  # the first call of a kernel may compile or load it
    max_examples=int(os.environ.get("NRQB_HYPOTHESIS_EXAMPLES", "40")),
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
    database=None,  # reproducible: the same examples on every machine
)
settings.load_profile("nrqb")


@pytest.fixture(scope="session")
def derivation():
    """The SymPy results of every stage (about 15 s, once per session)."""
    from nrqb_sym import derive

    return derive()


@pytest.fixture(scope="session")
def nonrec():
    """The paper's fully nonreciprocal preset (Gamma = 1)."""
    from nrqb_sym import preset

    return preset("nonreciprocal")
