"""Thermal baths, Gaussian second moments and ergotropy.

References used here, each computed differently from the kernels under test:

* the closed-form (coherent) kernels for the zero-temperature vacuum case;
* ergotropy from a density matrix on a truncated Fock space: eigenvalues sorted in decreasing
  order against the energies in increasing order (the passive state), built with NumPy/SciPy;
* the symbolic moment equations, with occupations set to zero, against the coherent ones.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.linalg as sla
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

import nrqb_sym as nq
from nrqb_sym.derive.solutions import coherent_substitution

rate = st.floats(0.02, 2.0)
occ = st.floats(0.0, 2.0)
amp = st.complex_numbers(max_magnitude=1.5, allow_nan=False, allow_infinity=False)


def _params(kappa_a, kappa_b, n_a, n_b, n_c, Delta_a=0.0, kappa_c=100.0):
    return nq.Params.nonreciprocal(
        1.0, kappa_a, kappa_b, kappa_c, 0.4, Delta_a=Delta_a, n_a=n_a, n_b=n_b, n_c=n_c
    )


# --------------------------------------------------------------------- symbolic structure
def test_thermal_equations_reduce_to_coherent_ones(derivation):
    """With n = 0 and the coherent substitution, d<b'b>/dt = 2 Re(conj(b) db/dt)."""
    eqs = derivation.effective.equations
    p = derivation.params
    zero = {p["n_a"]: 0, p["n_b"]: 0, p["n_c"]: 0}
    a, b = sp.symbols("alpha beta")
    subst = coherent_substitution(derivation.effective.first, (a, b))
    first = dict(zip(derivation.effective.first, (a, b), strict=True))
    rhs = {m.name: subst(r.subs(zero)) for m, r in eqs.items()}
    da = subst(eqs[derivation.effective.first[0]])
    db = subst(eqs[derivation.effective.first[1]])
    checks = {
        "<a' a>": sp.conjugate(a) * da + a * sp.conjugate(da),
        "<b' b>": sp.conjugate(b) * db + b * sp.conjugate(db),
        "<a' b>": sp.conjugate(da) * b + sp.conjugate(a) * db,
        "<a^2>": 2 * a * da,
    }
    rng = np.random.default_rng(1)
    for name, expected in checks.items():
        diff = rhs[name] - expected
        for _ in range(3):
            vals = {
                s: sp.Rational(int(rng.integers(1, 200)), 100)
                for s in diff.free_symbols
                if s not in first.values()
            }
            vals[a] = sp.Rational(int(rng.integers(-99, 99)), 50) + sp.I / 3
            vals[b] = sp.Rational(int(rng.integers(-99, 99)), 70) - sp.I / 7
            assert abs(complex(diff.subs(vals).evalf(40))) < 1e-30, name
    # and the thermal source terms are there when n != 0
    assert eqs[[m for m in eqs if m.name == "<b' b>"][0]].has(p["n_b"])


def test_bath_occupation_reaches_the_battery_through_the_cavity(derivation):
    """The eliminated cavity's bath feeds <b'b> with rate Gamma_b n_c."""
    p = derivation.params
    eq = next(r for m, r in derivation.effective.equations.items() if m.name == "<b' b>")
    source = sp.simplify(sp.diff(eq, p["n_c"]))
    assert sp.simplify(source - derivation.elimination.definitions["Gamma_b"]) == 0


# ------------------------------------------------------------------ numerics of the moments
@given(kappa_a=rate, kappa_b=rate)
def test_moments_path_equals_closed_form_at_zero_temperature(kappa_a, kappa_b):
    p = _params(kappa_a, kappa_b, 0.0, 0.0, 0.0, Delta_a=0.3)
    t = np.linspace(0, 30, 61)
    closed = nq.simulate(p, t, method="closed")
    moments = nq.simulate(p, t, method="moments")
    for name in ("E_A", "E_B", "P_B"):
        ref = getattr(closed, name)
        scale = max(np.max(np.abs(ref)), 1e-12)
        assert np.max(np.abs(getattr(moments, name) - ref)) <= 1e-9 * scale, name
    # the state stays coherent: <a'a> = |<a>|^2
    assert np.allclose(moments.n_a, np.abs(moments.alpha) ** 2, rtol=1e-9, atol=1e-12)


@given(kappa_a=rate, kappa_b=rate, n_a=occ, n_b=occ, n_c=occ, a0=amp, b0=amp, na0=occ, nb0=occ)
def test_second_moments_stay_physical(kappa_a, kappa_b, n_a, n_b, n_c, a0, b0, na0, nb0):
    """Covariance obeys the uncertainty relation; ergotropy in [0, E]; Cauchy-Schwarz."""
    p = _params(kappa_a, kappa_b, n_a, n_b, n_c)
    init = nq.InitialState(alpha=a0, beta=b0, n_a0=na0, n_b0=nb0)
    tr = nq.simulate(p, np.linspace(0, 40, 41), initial=init, method="moments")
    for x, n, m in (
        (tr.alpha, tr.n_a, tr.moments["<a^2>"]),
        (tr.beta, tr.n_b, tr.moments["<b^2>"]),
    ):
        N = n - np.abs(x) ** 2
        M = m - x**2
        nu2 = (N + 0.5) ** 2 - np.abs(M) ** 2
        assert np.all(nu2 >= 0.25 - 1e-9)
        assert np.all(N >= -1e-9)
    for E, erg in ((tr.E_A, tr.ergotropy_A), (tr.E_B, tr.ergotropy_B)):
        assert np.all(erg >= -1e-9)
        assert np.all(erg <= E + 1e-9)
    # Cauchy-Schwarz on the fluctuations of the cross moment
    cross = tr.ab - np.conj(tr.alpha) * tr.beta
    Na = tr.n_a - np.abs(tr.alpha) ** 2
    Nb = tr.n_b - np.abs(tr.beta) ** 2
    assert np.all(np.abs(cross) ** 2 <= Na * Nb + 1e-9)


def test_thermal_bath_steady_state_occupation():
    """Undriven, one bath only: the battery thermalises to a weighted mean of occupations."""
    p = nq.Params(
        kappa_a=0.5, kappa_b=0.5, kappa_c=100.0, g_a=0.0, g_b=0.0, J=0.0, theta=0.0, F=0.0, n_b=0.7
    )
    ss = nq.steady_state(p)
    assert ss.n_b == pytest.approx(0.7, rel=1e-12)
    assert ss.ergotropy_B == pytest.approx(0.0, abs=1e-12)
    tr = nq.simulate(p, [0.0, 200.0])
    assert tr.n_b[-1] == pytest.approx(0.7, rel=1e-9)


def test_ergotropy_coherent_and_thermal_initial_states():
    p = _params(0.1, 0.1, 0.0, 0.0, 0.0)
    tr = nq.simulate(p, [0.0], initial=nq.InitialState(alpha=0.8 - 0.3j, n_b0=1.3))
    assert tr.ergotropy_A[0] == pytest.approx(abs(0.8 - 0.3j) ** 2, rel=1e-12)
    assert tr.E_A[0] == pytest.approx(abs(0.8 - 0.3j) ** 2, rel=1e-12)
    assert tr.E_B[0] == pytest.approx(1.3, rel=1e-12)
    assert tr.ergotropy_B[0] == pytest.approx(0.0, abs=1e-12)


# ------------------------------------------------------------ ergotropy vs a density matrix
def _fock_ops(cutoff):
    a = np.diag(np.sqrt(np.arange(1, cutoff)), 1).astype(complex)
    return a, a.conj().T


def _gaussian_state(cutoff, alpha, r, phi, nth):
    a, ad = _fock_ops(cutoff)
    n = np.arange(cutoff)
    rho = np.diag((nth / (1 + nth)) ** n / (1 + nth)).astype(complex)
    xi = r * np.exp(1j * phi)
    S = sla.expm(0.5 * (np.conj(xi) * a @ a - xi * ad @ ad))
    D = sla.expm(alpha * ad - np.conj(alpha) * a)
    U = D @ S
    return U @ rho @ U.conj().T


def _ergotropy_from_rho(rho, omega):
    energies = omega * np.arange(rho.shape[0])
    E = float(np.real(np.trace(rho @ np.diag(energies))))
    p = np.sort(np.linalg.eigvalsh(rho))[::-1]
    return E - float(np.sum(p * energies)), E


@pytest.mark.parametrize(
    ("alpha", "r", "phi", "nth"),
    [
        (0.0, 0.0, 0.0, 0.4),
        (0.9 + 0.2j, 0.0, 0.0, 0.0),
        (0.7j, 0.0, 0.0, 0.5),
        (0.3, 0.35, 0.6, 0.2),
        (0.0, 0.5, -1.0, 0.0),
        (-0.4 + 0.4j, 0.25, 2.0, 0.8),
    ],
)
def test_ergotropy_matches_density_matrix(alpha, r, phi, nth):
    cutoff = 60
    rho = _gaussian_state(cutoff, alpha, r, phi, nth)
    a, ad = _fock_ops(cutoff)
    assert abs(np.trace(rho) - 1) < 1e-10  # truncation harmless
    x = np.trace(rho @ a)
    n = np.real(np.trace(rho @ ad @ a))
    m = np.trace(rho @ a @ a)
    ref, E = _ergotropy_from_rho(rho, 1.7)
    from nrqb_sym_generated import effective

    got = effective.ergotropy(1.7, complex(x), float(n), complex(m))[0]
    assert got == pytest.approx(ref, rel=1e-8, abs=1e-10)
    assert 0 <= got <= E + 1e-12


# ------------------------------------------------------------------ elimination validity
def test_elimination_error_vanishes_as_cavity_gets_faster():
    t = np.linspace(0, 20, 201)
    errs = []
    for kc in (20.0, 80.0, 320.0, 1280.0):
        p = nq.Params.nonreciprocal(1.0, 0.05, 0.05, kc, 0.5)
        with pytest.warns(nq.EliminationWarning) if kc / p.g_a < 10 else _null():
            errs.append(nq.elimination_error(p, t)["E_B"])
    assert all(e1 > e2 for e1, e2 in zip(errs, errs[1:], strict=False))
    assert errs[-1] < 1e-3
    # roughly first order in 1/kappa_c at fixed Gamma
    assert 2.5 < errs[1] / errs[2] < 6


def test_thermal_elimination_error_also_vanishes():
    t = np.linspace(0, 20, 101)
    errs = []
    for kc in (50.0, 400.0):
        p = nq.Params.nonreciprocal(1.0, 0.1, 0.1, kc, 0.5, n_a=0.2, n_b=0.1, n_c=0.3)
        errs.append(nq.elimination_error(p, t)["E_B"])
    assert errs[1] < errs[0] / 4


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_validity_map_shape_and_trend():
    from nrqb_sym.runtime.validate import validity_map

    kr, dr, err = validity_map(
        kappa_ratio=np.array([5.0, 50.0, 500.0]),
        detuning_ratio=np.array([0.0, 0.5]),
        t_max=10,
        points=101,
    )
    assert err.shape == (2, 3)
    assert np.all(np.isfinite(err))
    assert np.all(np.diff(err, axis=1) < 0)  # error falls as kappa_c/g grows


# ----------------------------------------------------------------------- input validation
@pytest.mark.parametrize("name", ["n_a", "n_b", "n_c"])
def test_negative_occupation_refused(name):
    with pytest.raises(nq.ParameterError, match=name):
        _params(0.1, 0.1, 0.0, 0.0, 0.0).replace(**{name: -0.1})


def test_initial_state_validation():
    with pytest.raises(nq.ParameterError, match="n_b0"):
        nq.InitialState(n_b0=-1)
    with pytest.raises(nq.ParameterError, match="alpha"):
        nq.InitialState(alpha="1")
    with pytest.raises(nq.ParameterError, match="alpha"):
        nq.InitialState(alpha=complex(math.inf, 0))
    with pytest.raises(nq.ParameterError, match="gamma"):
        nq.simulate(_params(0.1, 0.1, 0, 0, 0), [0.0, 1.0], initial=nq.InitialState(gamma=1j))
