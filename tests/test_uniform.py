"""The stepping kernel for evenly spaced times against the per-point closed form.

``simulate`` steps long evenly spaced traces in its fused kernel (closed-form restarts every 256
points, then x_{k+1} = x_ss + e^{M dt}(x_k - x_ss)); the per-point closed form
(``method="closed"``) is the reference, itself checked against independent numerics elsewhere.
"""

from __future__ import annotations

import warnings

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import nrqb_sym as nq
from nrqb_sym.runtime.simulation import UNIFORM_MIN_POINTS


def _rel(a, b):
    return np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300)


@st.composite
def params(draw):
    ka = draw(st.floats(0.01, 2.0))
    ep = draw(st.booleans())
    kb = ka * (1 + draw(st.sampled_from([0.0, 1e-12, -1e-12]))) if ep else draw(st.floats(0.01, 2))
    p = nq.Params.nonreciprocal(
        draw(st.floats(0.2, 3.0)),
        ka,
        kb,
        draw(st.floats(30.0, 300.0)),
        draw(st.floats(-2.0, 2.0)),
        Delta_a=draw(st.floats(-2, 2)),
        Delta_b=draw(st.floats(-2, 2)),
        Delta_c=draw(st.floats(-20, 20)),
    )
    if draw(st.booleans()):
        p = p.replace(theta=draw(st.floats(-3.1, 3.1)))
    return p


@given(p=params(), n=st.integers(UNIFORM_MIN_POINTS, 5000), t_max=st.floats(1.0, 500.0))
def test_uniform_grid_matches_closed_form(p, n, t_max):
    t = np.linspace(0.0, t_max, n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nq.EliminationWarning)
        fast = nq.simulate(p, t)
        ref = nq.simulate(p, t, method="closed")
    for name in ("alpha", "beta", "E_A", "E_B", "P_B"):
        assert _rel(getattr(fast, name), getattr(ref, name)) <= 1e-11, name


def test_offset_uniform_grid(nonrec):
    t = np.linspace(3.0, 40.0, 3000)
    fast, ref = nq.simulate(nonrec, t), nq.simulate(nonrec, t, method="closed")
    assert _rel(fast.E_B, ref.E_B) <= 1e-11
    assert not np.array_equal(fast.E_B, ref.E_B)  # the stepping kernel really ran


def test_irregular_and_short_grids_use_the_closed_form(nonrec):
    t = np.sort(np.random.default_rng(3).uniform(0, 50, 3000))
    assert np.array_equal(nq.simulate(nonrec, t).E_B, nq.simulate(nonrec, t, method="closed").E_B)
    t = np.linspace(0, 50, UNIFORM_MIN_POINTS - 1)
    assert np.array_equal(nq.simulate(nonrec, t).E_B, nq.simulate(nonrec, t, method="closed").E_B)
