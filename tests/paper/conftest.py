"""Session fixtures of the paper's tests (``tests/paper/``).

* ``paper_derivation``: the paper's presentation of ``nrqb.toml``
  (:func:`nrqb_sym.paper.derivation.derive`), computed once per session (a few seconds: the
  engine's derivation comes from the disk cache, the paper's extras are derived in-process).
  It is requested as ``derive(None)``, the call ``nrqb derive --paper`` makes, so that the
  command-line tests and these tests share the one cached result.
* ``nonrec``: the paper's fully nonreciprocal preset (Gamma = 1, kappa_a = kappa_b = 0.05,
  kappa_c = 100, F = 0.5).
* ``paper_cm``: the engine's compiled model of ``nrqb.toml`` behind the paper's API.

The Hypothesis profile and ``NRQB_UNROLL`` are set by the root ``tests/conftest.py``.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def paper_derivation():
    """The :class:`~nrqb_sym.paper.derivation.PaperDerivation` of the shipped ``nrqb.toml``."""
    from nrqb_sym.paper.derivation import derive

    return derive(None)


@pytest.fixture(scope="session")
def nonrec():
    """The paper's fully nonreciprocal preset (Gamma = 1)."""
    import nrqb_sym as nq

    return nq.preset("nonreciprocal")


@pytest.fixture(scope="session")
def paper_cm():
    """The compiled model of ``nrqb.toml`` (what the paper's API is a view of)."""
    import nrqb_sym as nq

    return nq.paper_model()
