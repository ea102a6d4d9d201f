r"""Fused ``simulate``: every observable in one compiled pass, and ``observables=``.

References are independent of the package's kernels (as in ``test_reference.py``): the
effective drift is the Schur complement of the full single-particle drift written from the
model, ``x(t) = x_ss + expm(M t)(0 - x_ss)`` by ``scipy.linalg.expm``, and the observables of
the coherent state from vacuum are formed here by hand: :math:`n_x = |x|^2`,
:math:`\langle a^\dagger b\rangle = \bar\alpha\beta`, :math:`E_x = \omega_x n_x`,
:math:`P_B = 2\omega_b\,\mathrm{Re}(\bar\beta\,(Mx + f)_b)`, :math:`R = E_B/E_A`,
:math:`\eta = E_B/(E_A + E_B)`, and the ergotropy of a coherent (pure) state, whose passive
state is the vacuum: :math:`\mathcal E_x = \omega_x |x|^2`.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import scipy.linalg as sla

import nrqb_sym as nq
from nrqb_sym.runtime import fused

RTOL = 1e-10

CASES = {
    "nonreciprocal-preset (EP)": nq.preset("nonreciprocal"),
    "general": nq.preset("nonreciprocal", Delta_a=0.3, Delta_b=-0.2, Delta_c=5.0, theta=1.2),
    "generic": nq.Params(
        Delta_a=0.4,
        Delta_b=-0.9,
        Delta_c=3.5,
        kappa_a=0.3,
        kappa_b=0.15,
        kappa_c=80.0,
        g_a=2.0,
        g_b=5.0,
        J=0.7,
        theta=-2.1,
        F=1.1,
        omega_a=2.0,
        omega_b=0.5,
    ),
}


def effective_system(p: nq.Params):
    """Schur complement of the full drift on the c block, written from the model."""
    J = p.J * np.exp(1j * p.theta)
    H1 = np.array(
        [[p.Delta_a, J, p.g_a], [np.conj(J), p.Delta_b, p.g_b], [p.g_a, p.g_b, p.Delta_c]],
        dtype=complex,
    )
    A = -1j * H1 - 0.5 * np.diag([p.kappa_a, p.kappa_b, p.kappa_c])
    f = np.array([-1j * p.F, 0.0, 0.0], dtype=complex)
    M = A[:2, :2] - A[:2, 2:] @ np.linalg.solve(A[2:, 2:], A[2:, :2])
    fP = f[:2] - A[:2, 2:] @ np.linalg.solve(A[2:, 2:], f[2:])
    return M, fP


def reference(p: nq.Params, t: np.ndarray) -> dict[str, np.ndarray]:
    M, f = effective_system(p)
    x_ss = -np.linalg.solve(M, f)
    X = np.array([x_ss - sla.expm(M * tk) @ x_ss for tk in t])
    a, b = X[:, 0], X[:, 1]
    n_a, n_b = np.abs(a) ** 2, np.abs(b) ** 2
    E_A, E_B = p.omega_a * n_a, p.omega_b * n_b
    with np.errstate(all="ignore"):
        R = np.where(E_A > 0, E_B / E_A, np.nan)
        eta = np.where(E_A + E_B > 0, E_B / (E_A + E_B), np.nan)
    dX = X @ M.T + f
    return {
        "alpha": a,
        "beta": b,
        "n_a": n_a,
        "n_b": n_b,
        "ab": np.conj(a) * b,
        "E_A": E_A,
        "E_B": E_B,
        "P_B": 2 * p.omega_b * np.real(np.conj(b) * dX[:, 1]),
        "R": R,
        "eta": eta,
        "ergotropy_A": E_A,
        "ergotropy_B": E_B,
    }


def close(got, want, rtol=RTOL, err=""):
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape, err
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want), err_msg=f"nan pattern {err}")
    ok = ~np.isnan(want)
    scale = max(float(np.max(np.abs(want[ok]))), 1e-300)
    np.testing.assert_allclose(got[ok], want[ok], rtol=rtol, atol=rtol * scale, err_msg=err)


# uniform and long enough for the stepping path; and an uneven grid for the closed form
T_UNIFORM = np.linspace(0.0, 60.0, 1500)
T_UNEVEN = np.concatenate([np.linspace(0.0, 20.0, 97), [31.0, 45.5, 80.0, 200.0]])


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("grid", ["uniform", "uneven"])
def test_every_observable_vs_scipy_reference(name, grid):
    p = CASES[name]
    t = T_UNIFORM if grid == "uniform" else T_UNEVEN
    ref = reference(p, t)
    tr = nq.simulate(p, t)
    assert set(fused.OBSERVABLES) == set(ref)
    for obs, want in ref.items():
        close(getattr(tr, obs), want, err=f"{obs} ({name}, {grid})")
    assert np.isnan(tr.R[0]) and np.isnan(tr.eta[0])  # undefined at t = 0 from vacuum


@pytest.mark.parametrize("name", list(CASES))
def test_fused_kernel_vs_previous_per_point_kernel(name):
    """The fused pass against the separate per-point kernel of generated/ (alpha .. P_B)."""
    from nrqb_sym_generated import effective

    p = CASES[name]
    old = dict(
        zip(
            effective.EFFECTIVE_OUTPUTS,
            effective.effective_trace(p.array(), T_UNIFORM),
            strict=True,
        )
    )
    for method in ("auto", "closed"):
        tr = nq.simulate(p, T_UNIFORM, method=method)
        for obs, want in old.items():
            close(getattr(tr, obs), want, err=f"{obs} {method}")


def test_observables_subset(nonrec):
    t = T_UNIFORM
    full = nq.simulate(nonrec, t)
    part = nq.simulate(nonrec, t, observables=("P_B", "R"))
    np.testing.assert_array_equal(part.P_B, full.P_B)
    np.testing.assert_array_equal(part.R, full.R)
    for obs in fused.OBSERVABLES:
        if obs not in ("P_B", "R"):
            assert getattr(part, obs) is None, obs
    single = nq.simulate(nonrec, t, observables="eta")
    np.testing.assert_array_equal(single.eta, full.eta)
    assert single.E_B is None and single.alpha is None
    np.testing.assert_array_equal(single.t, t)


def test_observables_rejected(nonrec):
    for bad in (("E_C",), ("gamma",), (), 3, ("E_A", 1)):
        with pytest.raises(nq.ParameterError, match="observables"):
            nq.simulate(nonrec, T_UNEVEN, observables=bad)


def test_observables_on_the_other_paths():
    """The full model and the moment path honour observables= too."""
    p = CASES["general"]
    full = nq.simulate(p, T_UNEVEN[:20], model="full", observables=("gamma", "E_B"))
    ref = nq.simulate(p, T_UNEVEN[:20], model="full")
    np.testing.assert_array_equal(full.gamma, ref.gamma)
    np.testing.assert_array_equal(full.E_B, ref.E_B)
    assert full.E_A is None and full.P_B is None
    warm = p.replace(n_b=0.3)
    m = nq.simulate(warm, T_UNEVEN[:20], observables=("ergotropy_B",))
    assert m.E_B is None and m.ergotropy_B is not None
    np.testing.assert_array_equal(m.ergotropy_B, nq.simulate(warm, T_UNEVEN[:20]).ergotropy_B)


def test_kernel_skips_zero_length_outputs():
    """An output passed with length 0 is neither written nor required."""
    from nrqb_sym_generated import effective

    p = CASES["general"].array()
    t = T_UNIFORM
    outs = fused.allocate(("E_B",), (t.size,))
    assert all(v.size == 0 for k, v in outs.items() if k != "E_B")
    finite = np.zeros((t.size + fused.BLOCK - 1) // fused.BLOCK, dtype=bool)
    effective.effective_fused_trace(p, t, True, finite, *outs.values())
    assert finite.all()
    want = dict(zip(effective.EFFECTIVE_OUTPUTS, effective.effective_trace(p, t), strict=True))[
        "E_B"
    ]
    close(outs["E_B"], want)


def test_uniform_detection():
    assert fused.is_uniform(np.linspace(0.0, 5.0, 2000))
    assert fused.is_uniform(np.linspace(3.0, 5.0, 2000))
    t = np.linspace(0.0, 5.0, 2000)
    t[1000] += 1e-9
    assert not fused.is_uniform(t)
    assert not fused.is_uniform(np.array([0.0]))
    assert not fused.is_uniform(np.linspace(0.0, 5.0, 100), min_points=1024)


def test_stepping_path_really_runs():
    """On a long uniform grid the result differs (at rounding level) from the closed form."""
    p = CASES["general"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = nq.simulate(p, T_UNIFORM)
        b = nq.simulate(p, T_UNIFORM, method="closed")
    assert not np.array_equal(a.E_B, b.E_B)
    close(a.E_B, b.E_B, rtol=1e-11)


def test_overflow_is_refused_naming_a_parameter():
    """Values out of the float64 range are flagged inside the kernel and refused."""
    p = nq.Params(
        kappa_a=1e-100, kappa_b=0.1, kappa_c=10.0, g_a=0.0, g_b=0.0, J=0.0, theta=0.0, F=1e100
    )
    for t in (T_UNEVEN, T_UNIFORM):
        with pytest.raises(nq.ParameterError, match="out of range for double precision"):
            nq.simulate(p, t * 100, observables=("E_A",))
    # a ratio that is nan where undefined is not an error
    tr = nq.simulate(CASES["general"], T_UNEVEN, observables=("R",))
    assert np.isnan(tr.R[0]) and np.isfinite(tr.R[1:]).all()
