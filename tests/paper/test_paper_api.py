r"""The paper's Python API (:mod:`nrqb_sym.paper.api`) against independent numerics.

Nothing the tests compare against is computed by the package.  References, all written here or in
``tests/gaussian_reference.py`` from the model as stated in ``/work/shared/physics.md``:

* the full three-mode first moments :math:`\dot x = Ax + f` with
  :math:`A = -iH_1 - \tfrac12\mathrm{diag}(\kappa_a, \kappa_b, \kappa_c)` (:math:`H_1` the
  single-particle matrix of H) and :math:`f = (-iF, 0, 0)`; traces
  :math:`x(t) = x_{ss} + e^{At}(x_0 - x_{ss})` by ``scipy.linalg.expm``;
* the effective drift as the numerical Schur complement of ``A`` on ``c``, and at
  :math:`\Delta_c = 0` physics.md's closed form (:math:`M_{11} = -i\Delta_a - \Lambda_a/2`,
  :math:`M_{12} = -(iJe^{i\theta} + \Gamma/2)`, ...) typed by hand;
* coherent-state observables from vacuum formed by hand: :math:`n_x = |x|^2`,
  :math:`\langle a^\dagger b\rangle = \bar\alpha\beta`, :math:`P_B = 2\omega_b
  \mathrm{Re}(\bar\beta(Mx + f)_b)`, ergotropy = energy (pure coherent state);
* thermal baths and thermal initial states: ``gaussian_reference`` (quadrature covariance by the
  Kronecker-sum exponential, elimination by the Langevin Schur complement) and, for
  :math:`\langle a^\dagger b\rangle`, :math:`N(t) = \bar U N_0 U^T + \bar x x^T`,
  :math:`U = e^{Mt}` (vacuum baths);
* ergotropy: a density matrix on a truncated Fock space (passive state by sorting its
  eigenvalues against the energies);
* closed forms of physics.md: resonant steady state :math:`R = (\omega_b/\omega_a)4\Gamma^2/
  \Lambda_b^2`, :math:`\langle a\rangle(t) = a_{ss}(1 - e^{-\Lambda_at/2})`, the battery at
  :math:`\Lambda_a = \Lambda_b` by an integrating factor, EPs where
  :math:`(\Lambda_b - \Lambda_a)^2 = 4\delta^2` and :math:`\cos\theta = \delta(\Lambda_b -
  \Lambda_a)/(2\Gamma^2)`, rates :math:`\Gamma_x = 4g_x^2\kappa_c/(4\Delta_c^2 + \kappa_c^2)`,
  nonreciprocal :math:`J = g_ag_b/\sqrt{\Delta_c^2 + \kappa_c^2/4}`,
  :math:`\theta = \mathrm{atan2}(\kappa_c/2, \Delta_c)`.

Also: ``sweep`` / ``simulate_grid`` against point-by-point ``simulate``, presets, and the
one-line :class:`ParameterError` of every rule broken.  Hypothesis properties run a fast profile
by default and a longer copy marked ``slow``.
"""

from __future__ import annotations

import dataclasses
import math
import warnings

import gaussian_reference as gr
import numpy as np
import pytest
import scipy.linalg as sla
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import nrqb_sym as nq
from nrqb_sym.paper.api import MODELS, OBSERVABLES, elimination_error

RTOL = 1e-9
FLOOR = 1e-12  # absolute floor, relative to the largest value of the compared quantity
SLOW_EXAMPLES = 200


def profiles(*strategies, fast: int, slow: int = SLOW_EXAMPLES):
    """A Hypothesis test with ``fast`` examples and its copy with ``slow`` examples, marked
    ``slow`` (``test_x, test_x_slow = profiles(...)(body)``)."""

    def make(body):
        quick = settings(max_examples=fast)(given(*strategies)(body))
        long = pytest.mark.slow(settings(max_examples=slow)(given(*strategies)(body)))
        return quick, long

    return make


# ----------------------------------------------------------------------------- references
def full_system(p) -> tuple[np.ndarray, np.ndarray]:
    """Drift ``A`` (3x3) and drive ``f`` of ``(<a>, <b>, <c>)`` from physics.md's H and D[.]."""
    Je = p.J * np.exp(1j * p.theta)
    H1 = np.array(
        [[p.Delta_a, Je, p.g_a], [np.conj(Je), p.Delta_b, p.g_b], [p.g_a, p.g_b, p.Delta_c]],
        dtype=complex,
    )
    A = -1j * H1 - 0.5 * np.diag([p.kappa_a, p.kappa_b, p.kappa_c])
    return A, np.array([-1j * p.F, 0.0, 0.0], dtype=complex)


def effective_system(p) -> tuple[np.ndarray, np.ndarray]:
    """Schur complement of ``A`` on the ``c`` block (elimination at zero frequency)."""
    A, f = full_system(p)
    M = A[:2, :2] - A[:2, 2:] @ np.linalg.solve(A[2:, 2:], A[2:, :2])
    fP = f[:2] - A[:2, 2:] @ np.linalg.solve(A[2:, 2:], f[2:])
    return M, fP


def effective_system_dc0(p) -> tuple[np.ndarray, np.ndarray]:
    """physics.md's closed-form drift at Delta_c = 0, typed by hand."""
    assert p.Delta_c == 0.0
    Ga, Gb, G = 4 * p.g_a**2 / p.kappa_c, 4 * p.g_b**2 / p.kappa_c, 4 * p.g_a * p.g_b / p.kappa_c
    La, Lb = p.kappa_a + Ga, p.kappa_b + Gb
    M = np.array(
        [
            [-1j * p.Delta_a - La / 2, -(1j * p.J * np.exp(1j * p.theta) + G / 2)],
            [-(1j * p.J * np.exp(-1j * p.theta) + G / 2), -1j * p.Delta_b - Lb / 2],
        ]
    )
    return M, np.array([-1j * p.F, 0.0])


def discriminant(M) -> complex:
    return (M[0, 0] - M[1, 1]) ** 2 + 4 * M[0, 1] * M[1, 0]


def evolve(M, f, t, x0=None) -> np.ndarray:
    """``x(t) = x_ss + expm(M t)(x0 - x_ss)``, shape ``(len(t), n)``."""
    x_ss = -np.linalg.solve(M, f)
    x0 = np.zeros_like(x_ss) if x0 is None else np.asarray(x0, dtype=complex)
    return np.array([x_ss + sla.expm(M * tk) @ (x0 - x_ss) for tk in np.asarray(t, float)])


def power_b(M, f, X, omega_b) -> np.ndarray:
    """``P_B = omega_b d|<b>|^2/dt = 2 omega_b Re(conj(b) (M x + f)_b)`` along ``X``."""
    dX = X @ M.T + f
    return 2 * omega_b * np.real(np.conj(X[:, 1]) * dX[:, 1])


def coherent_reference(p, t) -> dict[str, np.ndarray]:
    """Every observable of the effective model from vacuum (vacuum baths), formed by hand."""
    M, f = effective_system(p)
    X = evolve(M, f, t)
    a, b = X[:, 0], X[:, 1]
    E_A, E_B = p.omega_a * np.abs(a) ** 2, p.omega_b * np.abs(b) ** 2
    with np.errstate(all="ignore"):
        R = np.where(E_A > 0, E_B / E_A, np.nan)
        eta = np.where(E_A + E_B > 0, E_B / (E_A + E_B), np.nan)
    return {
        "alpha": a,
        "beta": b,
        "n_a": np.abs(a) ** 2,
        "n_b": np.abs(b) ** 2,
        "ab": np.conj(a) * b,
        "E_A": E_A,
        "E_B": E_B,
        "P_B": power_b(M, f, X, p.omega_b),
        "R": R,
        "eta": eta,
        "ergotropy_A": E_A,  # a coherent state is pure: its passive state is the vacuum
        "ergotropy_B": E_B,
    }


def gaussian_model(p) -> gr.GaussianModel:
    """The paper's model in the reference's numbers: thermal bath on each mode as the two
    channels kappa (n + 1) D[x] and kappa n D[x']."""
    Je = p.J * np.exp(1j * p.theta)
    h = np.array(
        [[p.Delta_a, Je, p.g_a], [np.conj(Je), p.Delta_b, p.g_b], [p.g_a, p.g_b, p.Delta_c]]
    )
    jumps = []
    for i, (k, n) in enumerate(((p.kappa_a, p.n_a), (p.kappa_b, p.n_b), (p.kappa_c, p.n_c))):
        e = np.zeros(3)
        e[i] = 1.0
        jumps.append((math.sqrt(k * (n + 1)) * e, 0 * e))
        if n > 0:
            jumps.append((0 * e, math.sqrt(k * n) * e))
    return gr.GaussianModel(("a", "b", "c"), h, np.zeros((3, 3)), [p.F, 0, 0], tuple(jumps))


def gaussian_trace(p, t, model="effective", alpha=(0, 0, 0), n0=(0, 0, 0)) -> dict:
    """First and second moments of the reference (effective: Langevin elimination of c)."""
    system = gr.quadrature_system(gaussian_model(p))
    k = 3
    if model == "effective":
        system = gr.eliminate(system, ["c"])
        k = 2
    state = gr.ProductState(np.array(alpha[:k], dtype=complex), np.array(n0[:k], dtype=float))
    mo = gr.evolve(system, t, state)
    amp, occ, rate = mo.amplitudes, mo.occupations, mo.occupation_rates
    normal, anom = mo.normal(), mo.anomalous()
    return {
        "alpha": amp[:, 0],
        "beta": amp[:, 1],
        "n_a": occ[:, 0],
        "n_b": occ[:, 1],
        "ab": normal[:, 0, 1],
        "aa": anom[:, 0, 0],
        "bb": anom[:, 1, 1],
        "E_A": p.omega_a * occ[:, 0],
        "E_B": p.omega_b * occ[:, 1],
        "P_B": p.omega_b * rate[:, 1],
    }


def rel_diff(x, y) -> float:
    x, y = np.asarray(x), np.asarray(y)
    return float(np.max(np.abs(x - y)) / max(np.max(np.abs(y)), 1e-300))


def close(got, want, rtol=RTOL, floor=FLOOR, err=""):
    """Element-wise ``|got - want| <= rtol |want| + floor max|want|``, equal nan patterns."""
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape, (err, got.shape, want.shape)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want), err_msg=f"nan pattern {err}")
    ok = ~np.isnan(want)
    scale = max(float(np.max(np.abs(want[ok]))) if ok.any() else 0.0, 1e-300)
    np.testing.assert_allclose(got[ok], want[ok], rtol=rtol, atol=floor * scale, err_msg=err)


# ------------------------------------------------------------------- Fock-space ergotropy
def fock_ops(cutoff: int):
    a = np.diag(np.sqrt(np.arange(1, cutoff)), 1).astype(complex)
    return a, a.conj().T


def gaussian_rho(cutoff, alpha, r, phi, nth) -> np.ndarray:
    r""":math:`D(\alpha)S(\xi)\rho_{th}S^\dagger D^\dagger`, :math:`\xi = re^{i\phi}`,
    :math:`S = e^{(\bar\xi a^2 - \xi a^{\dagger 2})/2}`, on a truncated Fock space."""
    a, ad = fock_ops(cutoff)
    n = np.arange(cutoff)
    rho = np.diag((nth / (1 + nth)) ** n / (1 + nth)).astype(complex)
    xi = r * np.exp(1j * phi)
    U = sla.expm(alpha * ad - np.conj(alpha) * a) @ sla.expm(
        0.5 * (np.conj(xi) * a @ a - xi * ad @ ad)
    )
    return U @ rho @ U.conj().T


def fock_ergotropy(rho, omega) -> tuple[float, float]:
    """(ergotropy, energy) of ``rho`` for ``H = omega a'a``: the passive state orders the
    eigenvalues of ``rho`` decreasingly against the increasing energies."""
    energies = omega * np.arange(rho.shape[0])
    E = float(np.real(np.trace(rho @ np.diag(energies))))
    p = np.sort(np.linalg.eigvalsh(rho))[::-1]
    return E - float(np.sum(p * energies)), E


def rho_from_moments(x, n, m, cutoff=120) -> np.ndarray:
    r"""The single-mode Gaussian state with :math:`\langle a\rangle = x`,
    :math:`\langle a^\dagger a\rangle = n`, :math:`\langle a^2\rangle = m`: with
    :math:`N = n - |x|^2`, :math:`M = m - x^2`, :math:`\nu = \sqrt{(N + 1/2)^2 - |M|^2}`,
    :math:`n_{th} = \nu - 1/2`, :math:`\cosh 2r = (N + 1/2)/\nu`, :math:`M = -\nu e^{i\phi}
    \sinh 2r`."""
    N = n - abs(x) ** 2
    M = m - x**2
    nu = math.sqrt((N + 0.5) ** 2 - abs(M) ** 2)
    r = 0.5 * math.acosh(max((N + 0.5) / nu, 1.0))
    phi = float(np.angle(-M)) if abs(M) > 0 else 0.0
    return gaussian_rho(cutoff, x, r, phi, max(nu - 0.5, 0.0))


def test_fock_reference_reproduces_its_moments():
    """Sanity of the density-matrix reference: the state built from (x, n, m) has them."""
    x, N, M = 0.4 - 0.3j, 0.6, 0.2 + 0.15j
    rho = rho_from_moments(x, N + abs(x) ** 2, M + x**2)
    a, ad = fock_ops(rho.shape[0])
    assert abs(np.trace(rho) - 1) < 1e-10
    assert abs(np.trace(rho @ a) - x) < 1e-10
    assert abs(np.trace(rho @ ad @ a) - (N + abs(x) ** 2)) < 1e-9
    assert abs(np.trace(rho @ a @ a) - (M + x**2)) < 1e-9


# ----------------------------------------------------------------------------- strategies
rates = st.floats(0.01, 3.0)


@st.composite
def general_params(draw):
    """Any valid parameters with kappa_c >= 10.5 max(g) (no elimination warning), any Delta_c."""
    g_a = draw(st.floats(0.05, 4.0))
    g_b = draw(st.floats(0.05, 4.0))
    ratio = draw(st.floats(10.5, 300.0))
    return nq.Params(
        Delta_a=draw(st.floats(-3.0, 3.0)),
        Delta_b=draw(st.floats(-3.0, 3.0)),
        Delta_c=draw(st.one_of(st.just(0.0), st.floats(-20.0, 20.0))),
        kappa_a=draw(rates),
        kappa_b=draw(rates),
        kappa_c=ratio * max(g_a, g_b),
        g_a=g_a,
        g_b=g_b,
        J=draw(st.floats(0.0, 3.0)),
        theta=draw(st.floats(-2 * math.pi, 2 * math.pi)),
        F=draw(st.floats(-2.0, 2.0)),
        omega_a=draw(st.floats(0.2, 5.0)),
        omega_b=draw(st.floats(0.2, 5.0)),
    )


@st.composite
def nonreciprocal_inputs(draw, resonant=False) -> dict:
    """Inputs of Params.nonreciprocal with kappa_c/g = 2 sqrt(ratio) > 10."""
    Gamma = draw(st.floats(0.05, 5.0))
    x = 0.0 if resonant else draw(st.floats(-3.0, 3.0))  # Delta_c / kappa_c
    # Gamma = 4 g^2 kappa_c/(4 Delta_c^2 + kappa_c^2)  =>  kappa_c/g = 2 sqrt(ratio)
    kappa_c = Gamma * draw(st.floats(30.0, 2000.0)) * (1 + 4 * x**2)
    out = dict(
        Gamma=Gamma,
        kappa_a=draw(rates),
        kappa_b=draw(rates),
        kappa_c=kappa_c,
        F=draw(st.floats(0.01, 2.0)),
        omega_a=draw(st.floats(0.2, 5.0)),
        omega_b=draw(st.floats(0.2, 5.0)),
    )
    if not resonant:
        out.update(
            Delta_a=draw(st.floats(-2.0, 2.0)),
            Delta_b=draw(st.floats(-2.0, 2.0)),
            Delta_c=x * kappa_c,
        )
    return out


@st.composite
def ep_setup(draw) -> dict:
    """physics.md's partially nonreciprocal EP (Delta_c = 0, J = Gamma/2, g_a = g_b):
    Lambda_b - Lambda_a = u = +-2|delta| and cos(theta) = delta u/(2 Gamma^2)."""
    Gamma = draw(st.floats(0.2, 3.0))
    delta = draw(st.floats(0.02, 0.9)) * Gamma * draw(st.sampled_from([-1, 1]))
    sign = draw(st.sampled_from([-1, 1]))
    kappa_a = draw(st.floats(0.01, 2.0))
    u = 2 * sign * abs(delta)
    kappa_b = kappa_a + u  # Gamma_a = Gamma_b
    assume(kappa_b > 0.005)
    Delta_b = draw(st.floats(-1.0, 1.0))
    return dict(
        Gamma=Gamma,
        delta=delta,
        kappa_a=kappa_a,
        kappa_b=kappa_b,
        Delta_a=Delta_b + delta,
        Delta_b=Delta_b,
        cos_theta=delta * u / (2 * Gamma**2),
    )


def ep_params(s, kappa_b, theta):
    base = nq.Params.nonreciprocal(
        Gamma=s["Gamma"],
        kappa_a=s["kappa_a"],
        kappa_b=kappa_b,
        kappa_c=100.0 * s["Gamma"],
        F=0.5,
        Delta_a=s["Delta_a"],
        Delta_b=s["Delta_b"],
    )
    assert base.J == pytest.approx(s["Gamma"] / 2, rel=1e-12)
    return base.replace(theta=theta)


T = np.concatenate([np.linspace(0.0, 40.0, 81), [100.0, 300.0]])


# ------------------------------------------------------------- invariants (Hypothesis)
def _energies_nonnegative_and_cauchy_schwarz(p):
    for model in MODELS:
        tr = nq.simulate(p, T, model=model)
        assert np.all(np.isfinite(tr.E_A)) and np.all(np.isfinite(tr.E_B))
        assert np.all(tr.E_A >= 0) and np.all(tr.E_B >= 0)
        assert tr.E_A[0] == 0 and tr.E_B[0] == 0  # vacuum start
        close(tr.E_A, p.omega_a * tr.n_a, rtol=1e-12)
        close(tr.E_B, p.omega_b * tr.n_b, rtol=1e-12)
        assert np.all(np.abs(tr.ab) ** 2 <= tr.n_a * tr.n_b * (1 + 1e-12) + 1e-300)
        ok = tr.E_A > 0
        assert np.all((tr.eta[ok] >= 0) & (tr.eta[ok] <= 1))
        assert np.all(tr.ergotropy_B <= tr.E_B * (1 + 1e-12) + 1e-300)


(
    test_energies_nonnegative_and_cauchy_schwarz,
    test_energies_nonnegative_and_cauchy_schwarz_slow,
) = profiles(general_params(), fast=12)(_energies_nonnegative_and_cauchy_schwarz)


def _steady_state_is_long_time_limit(p):
    """Every eigenvalue of the drift has Re <= -min(kappa)/2 <= -0.005 (the induced
    dissipation is positive semi-definite): at t = 1e4 a trace is e^-50 from its limit."""
    for model in MODELS:
        tr = nq.simulate(p, [0.0, 1e2, 1e3, 1e4], model=model)
        ss = nq.steady_state(p, model=model)
        for name in ("E_A", "E_B", "P_B", "alpha", "beta"):
            assert np.all(np.isfinite(getattr(tr, name)))
        assert tr.E_A[-1] == pytest.approx(ss.E_A, rel=1e-8, abs=1e-14)
        assert tr.E_B[-1] == pytest.approx(ss.E_B, rel=1e-8, abs=1e-14)
        assert abs(tr.P_B[-1]) <= 1e-8 * max(ss.E_A, ss.E_B, 1e-300)
        assert ss.P_B == 0.0


(
    test_steady_state_is_long_time_limit,
    test_steady_state_is_long_time_limit_slow,
) = profiles(general_params(), fast=10)(_steady_state_is_long_time_limit)


def _charger_independent_of_kappa_b(inputs, other_kappa_b):
    p1 = nq.Params.nonreciprocal(**inputs)
    p2 = nq.Params.nonreciprocal(**{**inputs, "kappa_b": other_kappa_b})
    assert p1.g_a == p2.g_a and p1.J == p2.J and p1.theta == p2.theta
    t1, t2 = nq.simulate(p1, T), nq.simulate(p2, T)
    assert rel_diff(t1.E_A, t2.E_A) <= 1e-9
    assert rel_diff(t1.alpha, t2.alpha) <= 1e-9
    assert nq.steady_state(p1).E_A == pytest.approx(nq.steady_state(p2).E_A, rel=1e-9)
    # the charger alone (M_12 = 0): <a>(t) from the 1x1 drift M_11 of the reference
    M, f = effective_system(p1)
    assert abs(M[0, 1]) <= 1e-12 * np.max(np.abs(M))
    a = evolve(M[:1, :1], f[:1], T)[:, 0]
    close(t1.alpha, a)


(
    test_charger_independent_of_kappa_b,
    test_charger_independent_of_kappa_b_slow,
) = profiles(nonreciprocal_inputs(), rates, fast=12)(_charger_independent_of_kappa_b)


def _resonant_steady_state_ratio(inputs):
    p = nq.Params.nonreciprocal(**inputs)
    G = inputs["Gamma"]
    La, Lb = inputs["kappa_a"] + G, inputs["kappa_b"] + G  # g_a = g_b: Gamma_x = Gamma
    R = (inputs["omega_b"] / inputs["omega_a"]) * 4 * G**2 / Lb**2
    ss = nq.steady_state(p)
    assert ss.R == pytest.approx(R, rel=1e-9)
    assert ss.eta == pytest.approx(R / (1 + R), rel=1e-9)
    assert ss.E_A == pytest.approx(inputs["omega_a"] * 4 * inputs["F"] ** 2 / La**2, rel=1e-9)
    assert nq.simulate(p, [1e4]).R[0] == pytest.approx(R, rel=1e-8)
    assert nq.steady_state(p, model="full").R == pytest.approx(R, rel=1e-9)


(
    test_resonant_steady_state_ratio,
    test_resonant_steady_state_ratio_slow,
) = profiles(nonreciprocal_inputs(resonant=True), fast=15)(_resonant_steady_state_ratio)


def _resonant_charger_closed_form(inputs):
    """physics.md: <a>(t) = a_ss (1 - exp(-Lambda_a t/2)), a_ss = -2iF/Lambda_a."""
    p = nq.Params.nonreciprocal(**inputs)
    La = inputs["kappa_a"] + inputs["Gamma"]
    a_ss = -2j * inputs["F"] / La
    want = a_ss * (1 - np.exp(-La * T / 2))
    close(nq.simulate(p, T).alpha, want, floor=1e-12)


(
    test_resonant_charger_closed_form,
    test_resonant_charger_closed_form_slow,
) = profiles(nonreciprocal_inputs(resonant=True), fast=12)(_resonant_charger_closed_form)


def test_fourfold_example_from_physics_md(nonrec):
    ss = nq.steady_state(nonrec)
    assert round(ss.R, 3) == 3.628  # R = 4/1.05^2
    assert round(ss.eta, 3) == 0.784
    small = nq.steady_state(nq.preset("nonreciprocal", kappa_b=1e-6))
    assert small.R == pytest.approx(4 / (1 + 1e-6) ** 2, rel=1e-9)  # -> 4 as kappa_b << Gamma


def _long_times_finite(p, tmax):
    t = np.linspace(0.0, tmax, 7)
    for model in MODELS:
        tr = nq.simulate(p, t, model=model)
        for name in ("alpha", "beta", "E_A", "E_B", "P_B", "ergotropy_B"):
            assert np.all(np.isfinite(getattr(tr, name))), (model, name)
    ss = nq.steady_state(p)
    assert math.isfinite(ss.E_A) and math.isfinite(ss.E_B)


test_long_times_finite, test_long_times_finite_slow = profiles(
    general_params(), st.floats(1e3, 1e6), fast=8
)(_long_times_finite)


# --------------------------------------------------------------------- exceptional points
def _finite_and_continuous_through_resonant_ep(Gamma, kappa, ratio, F):
    base = nq.Params.nonreciprocal(
        Gamma=Gamma, kappa_a=kappa, kappa_b=kappa, kappa_c=ratio * Gamma, F=F
    )
    assert base.kappa_b == base.kappa_a  # exactly on the EP
    M, f = effective_system_dc0(base)
    assert abs(discriminant(M)) <= 1e-12 * np.max(np.abs(M)) ** 2  # our own check
    t = np.concatenate([np.linspace(0.0, 60.0 / (kappa + Gamma), 61), [1e4]])
    at = nq.simulate(base, t)
    for name in ("alpha", "beta", "E_A", "E_B", "P_B"):
        assert np.all(np.isfinite(getattr(at, name))), name
    for s in (-1e-12, 1e-12):
        nb = nq.simulate(base.replace(kappa_b=kappa * (1 + s)), t)
        for name in ("alpha", "beta", "E_A", "E_B", "P_B"):
            assert rel_diff(getattr(nb, name), getattr(at, name)) <= 1e-10, name
    X = evolve(M, f, t)  # expm has no trouble with a defective matrix
    close(at.beta, X[:, 1], floor=1e-12)


(
    test_finite_and_continuous_through_resonant_ep,
    test_finite_and_continuous_through_resonant_ep_slow,
) = profiles(st.floats(0.05, 5.0), rates, st.floats(30.0, 2000.0), st.floats(0.01, 2.0), fast=10)(
    _finite_and_continuous_through_resonant_ep
)


def test_battery_closed_form_at_resonant_ep():
    """At Lambda_a = Lambda_b = L (resonance, M_21 = -Gamma) the integrating factor gives
    <b>(t) = -Gamma a_ss [(2/L)(1 - e^{-L t/2}) - t e^{-L t/2}]."""
    G, k = 1.0, 0.3
    p = nq.Params.nonreciprocal(Gamma=G, kappa_a=k, kappa_b=k, kappa_c=100.0, F=0.5)
    L = k + G
    a_ss = -2j * 0.5 / L
    t = np.linspace(0.0, 40.0, 81)
    e = np.exp(-L * t / 2)
    close(nq.simulate(p, t).beta, -G * a_ss * (2 / L * (1 - e) - t * e), floor=1e-13)


def test_ep_solver_finds_resonant_ep():
    p = nq.preset("nonreciprocal", kappa_b=0.3)
    eps = nq.exceptional_points(p, "kappa_b")
    assert len(eps) == 1
    (ep,) = eps
    assert ep.parameter == "kappa_b"
    assert ep.value == pytest.approx(p.kappa_a, rel=1e-6)  # Lambda_b = Lambda_a
    assert ep.params.kappa_b == ep.value and ep.params.kappa_a == p.kappa_a
    assert ep.eigenvalue == pytest.approx(-(p.kappa_a + 1.0) / 2, rel=1e-6)  # -Lambda_a/2
    assert abs(ep.discriminant) <= 1e-10


def _ep_for_kappa_b(s):
    theta = math.acos(s["cos_theta"])
    p = ep_params(s, kappa_b=s["kappa_a"] + 1.0, theta=theta)  # a start value, not the EP
    eps = nq.exceptional_points(p, "kappa_b")
    assert len(eps) == 1, eps
    kb = eps[0].value
    u = kb - s["kappa_a"]  # Lambda_b - Lambda_a, since Gamma_a = Gamma_b
    assert u**2 == pytest.approx(4 * s["delta"] ** 2, rel=1e-6)
    assert math.cos(theta) == pytest.approx(
        s["delta"] * u / (2 * s["Gamma"] ** 2), rel=1e-6, abs=1e-9
    )
    assert kb == pytest.approx(s["kappa_b"], rel=1e-6)


test_ep_for_kappa_b, test_ep_for_kappa_b_slow = profiles(ep_setup(), fast=12)(_ep_for_kappa_b)


def _ep_for_theta(s):
    p = ep_params(s, kappa_b=s["kappa_b"], theta=0.3)
    values = sorted(e.value for e in nq.exceptional_points(p, "theta"))
    want = sorted([math.acos(s["cos_theta"]), -math.acos(s["cos_theta"])])
    assert len(values) == 2, values
    np.testing.assert_allclose(values, want, rtol=0, atol=1e-6)


test_ep_for_theta, test_ep_for_theta_slow = profiles(ep_setup(), fast=12)(_ep_for_theta)


def test_ep_at_delta_a_02():
    """Delta_a = 0.2, Gamma = 1, kappa_a = 0.05, J = Gamma/2: cos(theta) = 2 delta^2/(2 Gamma^2)
    and kappa_b = kappa_a + 2 delta; fully nonreciprocal and detuned: no EP in kappa_b."""
    G, delta, ka = 1.0, 0.2, 0.05
    cos_theta = delta * (2 * delta) / (2 * G**2)
    p = nq.preset("nonreciprocal", Delta_a=delta, kappa_b=0.3, theta=math.acos(cos_theta))
    (ep,) = nq.exceptional_points(p, "kappa_b")
    assert ep.value == pytest.approx(ka + 2 * delta, rel=1e-6)
    thetas = nq.exceptional_points(p.replace(kappa_b=ka + 2 * delta), "theta")
    np.testing.assert_allclose(
        sorted(e.value for e in thetas), [-math.acos(cos_theta), math.acos(cos_theta)], atol=1e-6
    )
    assert nq.exceptional_points(nq.preset("nonreciprocal", Delta_a=delta), "kappa_b") == []
    t = np.linspace(0.0, 80.0, 81)
    at = nq.simulate(ep.params, t)
    for s in (-1e-12, 1e-12):
        nb = nq.simulate(ep.params.replace(kappa_b=ep.value * (1 + s)), t)
        assert np.all(np.isfinite(nb.E_B)) and rel_diff(nb.E_B, at.E_B) <= 1e-10


def _traces_continuous_at_detuned_eps(s):
    p = ep_params(s, kappa_b=s["kappa_b"], theta=math.acos(s["cos_theta"]))
    M, f = effective_system_dc0(p)
    assert abs(discriminant(M)) <= 1e-10 * np.max(np.abs(M)) ** 2  # p sits on an EP
    t = np.concatenate([np.linspace(0.0, 30.0, 31), [1e4]])
    at = nq.simulate(p, t)
    X = evolve(M, f, t)
    close(at.beta, X[:, 1], rtol=1e-8, floor=1e-11)
    for e in (-1e-12, 1e-12):
        nb = nq.simulate(p.replace(kappa_b=p.kappa_b * (1 + e)), t)
        assert np.all(np.isfinite(nb.E_B)) and np.all(np.isfinite(nb.P_B))
        assert rel_diff(nb.E_B, at.E_B) <= 1e-10
        assert rel_diff(nb.P_B, at.P_B) <= 1e-9


(
    test_traces_continuous_at_detuned_eps,
    test_traces_continuous_at_detuned_eps_slow,
) = profiles(ep_setup(), fast=10)(_traces_continuous_at_detuned_eps)


EP_NAMES = ["kappa_a", "kappa_b", "kappa_c", "g_a", "g_b", "J", "theta", "Delta_a", "Delta_b"]


def check_eps(p, name):
    """Every EP returned is one of the reference drift (Schur complement): D ~ 0, M not
    diagonal, double eigenvalue tr(M)/2; only ``name`` changed; sorted values."""
    eps = nq.exceptional_points(p, name)
    for e in eps:
        assert e.parameter == name
        assert getattr(e.params, name) == pytest.approx(e.value, rel=1e-12, abs=1e-12)
        others = {k: v for k, v in e.params.as_dict().items() if k != name}
        assert others == {k: v for k, v in p.as_dict().items() if k != name}
        M, _ = effective_system(e.params)
        scale = np.max(np.abs(M)) ** 2
        assert abs(discriminant(M)) <= 1e-6 * scale, (name, e)
        assert abs(M[0, 1]) + abs(M[1, 0]) > 1e-9 * np.sqrt(scale)  # not diagonal
        assert e.eigenvalue == pytest.approx(np.trace(M) / 2, rel=1e-6, abs=1e-9)
    values = [e.value for e in eps]
    assert values == sorted(values)
    return eps


@pytest.mark.parametrize("name", ["kappa_b", "kappa_a", "g_b", "g_a", "kappa_c", "J"])
def test_ep_solver_roots_are_eps_of_reference_drift(name):
    p = nq.preset("nonreciprocal", kappa_b=0.3)
    assert check_eps(p, name), f"expected an EP in {name} next to the resonant point"


def test_no_theta_ep_when_lambdas_differ_at_resonance():
    """J = Gamma/2, delta = 0: D = (Lambda_b - Lambda_a)^2/4 + 2i Gamma^2 cos(theta) != 0."""
    assert nq.exceptional_points(nq.preset("nonreciprocal", kappa_b=0.3), "theta") == []


def _ep_solver_roots_random(p, name):
    check_eps(p, name)


test_ep_solver_roots_random, test_ep_solver_roots_random_slow = profiles(
    general_params(), st.sampled_from(EP_NAMES), fast=15
)(_ep_solver_roots_random)


def _point_on_ep_found_whatever_is_solved_for(s, name):
    """A point on an EP is a root of D = 0 in every parameter D depends on."""
    p = ep_params(s, kappa_b=s["kappa_b"], theta=math.acos(s["cos_theta"]))
    M, _ = effective_system(p)
    assert abs(discriminant(M)) <= 1e-10 * np.max(np.abs(M)) ** 2
    eps = check_eps(p, name)
    current = getattr(p, name)
    assert any(abs(e.value - current) <= 1e-6 * max(1.0, abs(current)) for e in eps), eps


(
    test_point_on_ep_found_whatever_is_solved_for,
    test_point_on_ep_found_whatever_is_solved_for_slow,
) = profiles(
    ep_setup(),
    st.sampled_from(["kappa_a", "kappa_b", "theta", "Delta_a", "Delta_b", "g_a", "g_b", "J"]),
    fast=12,
)(_point_on_ep_found_whatever_is_solved_for)


def test_full_model_eps_are_eps_of_the_three_mode_drift(nonrec):
    """``model="full"`` (numeric scan of the 3x3 drift): every EP found in kappa_b is a double
    eigenvalue of the reference drift ``A`` with a missing eigenvector (rank of A - lambda I
    is 2)."""
    eps = nq.exceptional_points(nonrec.replace(kappa_b=0.3), "kappa_b", model="full")
    assert eps
    for ep in eps:
        A, _ = full_system(ep.params)
        scale = np.max(np.abs(A))
        ev = np.linalg.eigvals(A)
        gap = min(abs(ev[i] - ev[j]) for i in range(3) for j in range(i + 1, 3))
        assert gap <= 1e-4 * scale, (ep.value, ev)
        sv = np.linalg.svd(A - ep.eigenvalue * np.eye(3), compute_uv=False)
        assert sv[-2] > 1e-3 * scale  # rank 2: defective, not diagonalisable
        assert sv[-1] <= 1e-4 * scale  # ep.eigenvalue is an eigenvalue


def test_top_level_names_are_the_paper_api():
    """``import nrqb_sym`` re-exports the paper's API lazily: each name is the api's object."""
    import nrqb_sym.paper.api as api

    for name in (
        "Params",
        "PRESETS",
        "preset",
        "simulate",
        "steady_state",
        "sweep",
        "simulate_grid",
        "exceptional_points",
        "derived_rates",
        "InitialState",
        "PaperTrace",
        "PaperSteadyState",
        "elimination_error",
    ):
        assert getattr(nq, name, None) is getattr(api, name), name


# --------------------------------------------------------------------- reference traces
CASES = {
    "nonreciprocal-preset": lambda: nq.preset("nonreciprocal"),
    "nonreciprocal-detuned": lambda: nq.Params.nonreciprocal(
        Gamma=1.0, kappa_a=0.2, kappa_b=0.7, kappa_c=150.0, F=0.8, Delta_a=0.3, Delta_b=-0.4
    ),
    "nonreciprocal-Delta_c": lambda: nq.Params.nonreciprocal(
        Gamma=0.8,
        kappa_a=0.1,
        kappa_b=0.4,
        kappa_c=120.0,
        F=0.6,
        Delta_a=0.2,
        Delta_b=0.1,
        Delta_c=7.0,
        omega_a=1.3,
        omega_b=0.7,
    ),
    "generic": lambda: nq.Params(
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
    "reciprocal-theta0": lambda: nq.Params(
        kappa_a=0.5, kappa_b=3.0, kappa_c=200.0, g_a=10.0, g_b=10.0, J=0.0, theta=0.0, F=1.0
    ),
    "ep-resonant": lambda: nq.Params.nonreciprocal(
        Gamma=1.0, kappa_a=0.3, kappa_b=0.3, kappa_c=100.0, F=0.5
    ),
}
DC0 = ["nonreciprocal-preset", "nonreciprocal-detuned", "reciprocal-theta0", "ep-resonant"]
T_REF = np.concatenate([np.linspace(0.0, 30.0, 151), [45.0, 80.0, 200.0]])


def test_reference_matrices_agree_at_zero_Delta_c():
    """Sanity of the two references: Schur complement == physics.md closed form."""
    for name in DC0:
        p = CASES[name]()
        M1, f1 = effective_system(p)
        M2, f2 = effective_system_dc0(p)
        close(M1, M2, rtol=1e-13, floor=1e-14, err=name)
        close(f1, f2, rtol=1e-13, err=name)


@pytest.mark.parametrize("name", DC0)
def test_effective_trace_vs_closed_form_drift(name):
    p = CASES[name]()
    M, f = effective_system_dc0(p)
    X = evolve(M, f, T_REF)
    tr = nq.simulate(p, T_REF)
    close(tr.alpha, X[:, 0], err="alpha")
    close(tr.beta, X[:, 1], err="beta")


@pytest.mark.parametrize("grid", ["uniform", "uneven"])
@pytest.mark.parametrize("name", list(CASES))
def test_every_observable_vs_scipy_reference(name, grid):
    """All twelve observables of one fused pass against the hand-formed coherent reference;
    a long uniform grid runs the stepping path, an uneven one the per-point exponentials."""
    p = CASES[name]()
    t = np.linspace(0.0, 60.0, 1500) if grid == "uniform" else T_REF
    ref = coherent_reference(p, t)
    tr = nq.simulate(p, t)
    assert set(OBSERVABLES) == set(ref)
    for obs, want in ref.items():
        close(getattr(tr, obs), want, rtol=1e-9, floor=1e-11, err=f"{obs} ({name}, {grid})")
    assert np.isnan(tr.R[0]) and np.isnan(tr.eta[0])  # 0/0 at t = 0 from vacuum
    np.testing.assert_array_equal(tr.t, t)


@pytest.mark.parametrize("name", list(CASES))
def test_effective_steady_state_vs_reference(name):
    p = CASES[name]()
    M, f = effective_system(p)
    a, b = -np.linalg.solve(M, f)
    ss = nq.steady_state(p)
    close(ss.alpha, a)
    close(ss.beta, b)
    EA, EB = p.omega_a * abs(a) ** 2, p.omega_b * abs(b) ** 2
    close(ss.E_A, EA)
    close(ss.E_B, EB)
    close(ss.R, EB / EA)
    close(ss.eta, EB / (EA + EB))
    close(ss.ergotropy_B, EB)
    assert ss.P_B == 0.0 and ss.gamma is None


def _effective_trace_random(p):
    M, f = effective_system(p)
    rate = -np.max(np.linalg.eigvals(M).real)
    t = np.concatenate([np.linspace(0.0, 8.0 / rate, 41), [50.0 / rate]])
    ref = coherent_reference(p, t)
    tr = nq.simulate(p, t)
    for obs in ("alpha", "beta", "E_A", "E_B", "P_B"):
        close(getattr(tr, obs), ref[obs], err=obs)


test_effective_trace_random, test_effective_trace_random_slow = profiles(general_params(), fast=15)(
    _effective_trace_random
)


@pytest.mark.parametrize("name", ["generic", "nonreciprocal-Delta_c", "ep-resonant"])
def test_power_vs_finite_difference(name):
    """Central differences of the kernel's own E_B (a check that needs no drift matrix)."""
    p = CASES[name]()
    h = 1e-4
    t = np.linspace(0.5, 20.0, 40)
    tr = nq.simulate(p, t)
    up, dn = nq.simulate(p, t + h).E_B, nq.simulate(p, t - h).E_B
    close(tr.P_B, (up - dn) / (2 * h), rtol=1e-6, floor=1e-7)


@pytest.mark.parametrize("name", list(CASES))
def test_full_trace_vs_reference(name):
    p = CASES[name]()
    A, f = full_system(p)
    t = np.concatenate([np.linspace(0.0, 0.5, 26), np.linspace(0.6, 30.0, 50), [200.0]])
    X = evolve(A, f, t)
    tr = nq.simulate(p, t, model="full")
    close(tr.alpha, X[:, 0], err="alpha")
    close(tr.beta, X[:, 1], err="beta")
    close(tr.gamma, X[:, 2], err="gamma")
    close(tr.E_A, p.omega_a * np.abs(X[:, 0]) ** 2, err="E_A")
    close(tr.E_B, p.omega_b * np.abs(X[:, 1]) ** 2, err="E_B")
    close(tr.P_B, power_b(A, f, X, p.omega_b), err="P_B")
    close(tr.ab, np.conj(X[:, 0]) * X[:, 1], err="ab")


def _full_trace_random(p):
    A, f = full_system(p)
    rate = -np.max(np.linalg.eigvals(A).real)
    t = np.concatenate([np.linspace(0.0, 2.0 / p.kappa_c, 6), np.linspace(0.1, 6.0 / rate, 20)])
    X = evolve(A, f, t)
    tr = nq.simulate(p, t, model="full")
    close(tr.gamma, X[:, 2])
    close(tr.E_A, p.omega_a * np.abs(X[:, 0]) ** 2)
    close(tr.E_B, p.omega_b * np.abs(X[:, 1]) ** 2)
    close(tr.P_B, power_b(A, f, X, p.omega_b))


test_full_trace_random, test_full_trace_random_slow = profiles(general_params(), fast=12)(
    _full_trace_random
)


def test_full_model_with_a_slow_cavity():
    """kappa_c far below g (no elimination possible): the full model still follows the
    reference, c being damped mostly through a and b."""
    p = nq.Params(kappa_a=0.4, kappa_b=0.6, kappa_c=0.01, g_a=0.3, g_b=0.5, J=0.2, theta=1.0, F=0.3)
    A, f = full_system(p)
    t = np.linspace(0.0, 40.0, 41)
    X = evolve(A, f, t)
    tr = nq.simulate(p, t, model="full")
    close(tr.E_B, np.abs(X[:, 1]) ** 2)
    close(tr.gamma, X[:, 2])
    sf = nq.steady_state(p, model="full")
    close(sf.gamma, -np.linalg.solve(A, f)[2])


@pytest.mark.parametrize("name", list(CASES))
def test_steady_states_full_and_effective_coincide(name):
    """Eliminating c at zero frequency is exact for the steady state (Delta_c fixed)."""
    p = CASES[name]()
    A, f = full_system(p)
    x_full = -np.linalg.solve(A, f)
    M, fP = effective_system(p)
    close(x_full[:2], -np.linalg.solve(M, fP), rtol=1e-12)  # the reference's own statement
    sf, se = nq.steady_state(p, model="full"), nq.steady_state(p, model="effective")
    close(sf.alpha, x_full[0])
    close(sf.beta, x_full[1])
    close(sf.gamma, x_full[2])
    close(se.alpha, x_full[0])
    close(se.beta, x_full[1])
    close(se.R, sf.R)


def test_transient_deviation_shrinks_like_one_over_kappa_c():
    """The effective model's deviation from the full one (both from the references) is of
    order Gamma/kappa_c; the kernels reproduce it, and elimination_error reports it."""
    t = np.linspace(0.0, 40.0, 401)
    devs = []
    kcs = [40.0, 160.0, 640.0]
    for kc in kcs:
        p = nq.Params.nonreciprocal(Gamma=1.0, kappa_a=0.1, kappa_b=0.3, kappa_c=kc, F=0.5)
        Xf, Xe = evolve(*full_system(p), t), evolve(*effective_system(p), t)
        EBf, EBe = np.abs(Xf[:, 1]) ** 2, np.abs(Xe[:, 1]) ** 2
        dev_ref = np.max(np.abs(EBf - EBe)) / np.max(EBf)
        err = elimination_error(p, t)
        assert err["E_B"] == pytest.approx(dev_ref, rel=1e-6)
        assert err["E_B_steady"] <= 1e-9  # the steady state is exact
        devs.append(dev_ref)
    assert devs[0] > devs[1] > devs[2] > 0
    for d0, d1, k0, k1 in zip(devs, devs[1:], kcs, kcs[1:], strict=False):
        assert 0.6 * (k1 / k0) < d0 / d1 < 1.5 * (k1 / k0)
    assert 0.01 < devs[0] * kcs[0] < 10  # order Gamma/kappa_c


def test_small_kappa_c_warns_and_still_matches_reference():
    p = nq.Params.nonreciprocal(Gamma=1.0, kappa_a=0.1, kappa_b=0.3, kappa_c=20.0, F=0.5)
    assert p.kappa_c / p.g_a < 10
    t = np.linspace(0.0, 10.0, 21)
    with pytest.warns(nq.EliminationWarning, match="kappa_c"):
        tr = nq.simulate(p, t)
    M, f = effective_system(p)
    close(tr.E_B, np.abs(evolve(M, f, t)[:, 1]) ** 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nq.simulate(p, t, model="full")  # the full model does not warn


# ------------------------------------------------------------- observables, fused pass
def test_observables_subset(nonrec):
    t = np.linspace(0.0, 60.0, 1500)
    full = nq.simulate(nonrec, t)
    part = nq.simulate(nonrec, t, observables=("P_B", "R"))
    np.testing.assert_array_equal(part.P_B, full.P_B)
    np.testing.assert_array_equal(part.R, full.R)
    for obs in OBSERVABLES:
        if obs not in ("P_B", "R"):
            assert getattr(part, obs) is None, obs
    single = nq.simulate(nonrec, t, observables="eta")
    np.testing.assert_array_equal(single.eta, full.eta)
    assert single.E_B is None and single.alpha is None and single.ab is None


@pytest.mark.parametrize("bad", [("E_C",), ("gamma",), (), ("E_A", "bogus")])
def test_observables_rejected(nonrec, bad):
    with pytest.raises(nq.ParameterError, match="observables") as exc:
        nq.simulate(nonrec, T, observables=bad)
    assert "\n" not in str(exc.value)


def test_observables_on_the_other_paths(nonrec):
    """The full model and the Gaussian (thermal) path honour observables= too."""
    p = nonrec.replace(Delta_a=0.3, Delta_b=-0.2, theta=1.2)
    t = T_REF[:20]
    full = nq.simulate(p, t, model="full", observables=("gamma", "E_B"))
    ref = nq.simulate(p, t, model="full")
    np.testing.assert_array_equal(full.gamma, ref.gamma)
    np.testing.assert_array_equal(full.E_B, ref.E_B)
    assert full.E_A is None and full.P_B is None
    warm = p.replace(n_b=0.3)
    m = nq.simulate(warm, t, observables=("ergotropy_B",))
    assert m.E_B is None and m.ergotropy_B is not None
    np.testing.assert_array_equal(m.ergotropy_B, nq.simulate(warm, t).ergotropy_B)


def test_out_of_range_is_refused_naming_a_parameter():
    """Values whose trace leaves the float64 range are refused with one line naming the most
    extreme parameter; a ratio that is nan where undefined is not an error."""
    p = nq.Params(
        kappa_a=1e-100, kappa_b=0.1, kappa_c=10.0, g_a=1e-60, g_b=1e-60, J=0.0, theta=0.0
    ).replace(F=1e100, omega_a=1e100)  # E_A ~ omega_a (F t)^2 overflows
    for t in (T_REF * 100, np.linspace(0.0, 2e4, 1500)):
        with pytest.raises(nq.ParameterError, match="out of range for double precision") as e:
            nq.simulate(p, t, observables=("E_A",))
        assert "\n" not in str(e.value)
        assert str(e.value).split(" ")[0] in p.as_dict()  # starts with a parameter's name
    tr = nq.simulate(CASES["generic"](), T_REF, observables=("R",))
    assert np.isnan(tr.R[0]) and np.isfinite(tr.R[1:]).all()


def test_unsorted_times_are_answered_in_the_order_asked(nonrec):
    p = nonrec.replace(Delta_a=0.3, n_b=0.2)
    a = nq.simulate(p, [5.0, 1.0, 3.0])
    b = nq.simulate(p, [1.0, 3.0, 5.0])
    np.testing.assert_array_equal(a.t, [5.0, 1.0, 3.0])
    close(a.E_B, b.E_B[[2, 0, 1]], rtol=1e-12)
    close(a.ab, b.ab[[2, 0, 1]], rtol=1e-12)


# ---------------------------------------------------- thermal baths, thermal initial states
@pytest.mark.parametrize("name", ["generic", "nonreciprocal-Delta_c", "nonreciprocal-preset"])
@pytest.mark.parametrize("model", ["effective", "full"])
def test_thermal_start_second_moments(name, model):
    """Vacuum baths, thermal start N0: <x_i' x_j> = (conj(U) N0 U^T)_ij + conj(x_i) x_j with
    U = expm(M t) of the reference drift; the state is no longer coherent."""
    p = CASES[name]()
    M, f = effective_system(p) if model == "effective" else full_system(p)
    n = M.shape[0]
    nth = np.array([0.7, 1.9, 0.4][:n])
    init = nq.InitialState(n_a0=nth[0], n_b0=nth[1], **({"n_c0": nth[2]} if n == 3 else {}))
    t = np.linspace(0.0, 12.0, 13)
    tr = nq.simulate(p, t, model=model, initial=init)
    X = evolve(M, f, t)
    want = {"n_a": [], "n_b": [], "ab": []}
    for k, tk in enumerate(t):
        U = sla.expm(M * tk)
        N = np.conj(U) @ np.diag(nth).astype(complex) @ U.T + np.outer(np.conj(X[k]), X[k])
        want["n_a"].append(N[0, 0].real)
        want["n_b"].append(N[1, 1].real)
        want["ab"].append(N[0, 1])
    for key, w in want.items():
        close(getattr(tr, key), np.array(w), rtol=1e-9, floor=1e-11, err=key)
    close(tr.alpha, X[:, 0])
    assert abs(tr.n_a[1] - abs(X[1, 0]) ** 2) > 1e-3  # thermal noise breaks <a'a> = |<a>|^2


def test_moments_path_equals_coherent_path_at_zero_temperature(paper_cm):
    """The engine's Gaussian moments (what the paper's ``ab`` reads with thermal noise) and the
    coherent trace agree when nothing is thermal: <a'a> = |<a>|^2, <a'b> = conj(<a>) <b>."""
    p = CASES["nonreciprocal-Delta_c"]()
    t = np.linspace(0.0, 30.0, 61)
    mo = paper_cm.moments(p.as_dict(), t)
    tr = nq.simulate(p, t)
    close(mo.value("<a'a>").real, tr.n_a, rtol=1e-9, floor=1e-12)
    close(mo.value("<b'b>").real, tr.n_b, rtol=1e-9, floor=1e-12)
    close(mo.value("<a'b>"), tr.ab, rtol=1e-9, floor=1e-12)
    close(mo.value("<b'b>").real, coherent_reference(p, t)["n_b"], rtol=1e-9, floor=1e-12)


amp = st.complex_numbers(max_magnitude=1.5, allow_nan=False, allow_infinity=False)
occ = st.floats(0.0, 2.0)


def _thermal_vs_gaussian_reference(kappa_a, kappa_b, n_a, n_b, n_c, a0, b0, na0, nb0, Delta_a):
    """Thermal baths and a displaced thermal start: every moment against the Gaussian
    reference (effective model: Langevin elimination), and the bounds every state obeys."""
    p = nq.Params.nonreciprocal(
        1.0, kappa_a, kappa_b, 100.0, 0.4, Delta_a=Delta_a, n_a=n_a, n_b=n_b, n_c=n_c
    )
    t = np.linspace(0.0, 40.0, 41)
    init = nq.InitialState(alpha=a0, beta=b0, n_a0=na0, n_b0=nb0)
    tr = nq.simulate(p, t, initial=init)
    ref = gaussian_trace(p, t, "effective", (a0, b0), (na0, nb0))
    for key in ("alpha", "beta", "n_a", "n_b", "ab", "E_A", "E_B", "P_B"):
        close(getattr(tr, key), ref[key], rtol=1e-8, floor=1e-10, err=key)
    for x, n in ((tr.alpha, tr.n_a), (tr.beta, tr.n_b)):
        assert np.all(n - np.abs(x) ** 2 >= -1e-9)  # fluctuations are non-negative
    for E, W in ((tr.E_A, tr.ergotropy_A), (tr.E_B, tr.ergotropy_B)):
        assert np.all(W >= -1e-9) and np.all(W <= E + 1e-9)
    assert np.all(np.abs(tr.ab) ** 2 <= tr.n_a * tr.n_b * (1 + 1e-9) + 1e-12)
    cross = tr.ab - np.conj(tr.alpha) * tr.beta  # Cauchy-Schwarz on the fluctuations
    Na, Nb = tr.n_a - np.abs(tr.alpha) ** 2, tr.n_b - np.abs(tr.beta) ** 2
    assert np.all(np.abs(cross) ** 2 <= Na * Nb + 1e-9)


(
    test_thermal_vs_gaussian_reference,
    test_thermal_vs_gaussian_reference_slow,
) = profiles(rates, rates, occ, occ, occ, amp, amp, occ, occ, st.floats(-1.0, 1.0), fast=10)(
    _thermal_vs_gaussian_reference
)


def test_thermal_full_model_vs_gaussian_reference(nonrec):
    p = nonrec.replace(n_a=0.4, n_b=0.1, n_c=0.8, Delta_a=0.2, Delta_c=3.0)
    t = np.concatenate([np.linspace(0.0, 0.3, 7), np.linspace(0.5, 30.0, 30)])
    tr = nq.simulate(p, t, model="full", initial=nq.InitialState(gamma=0.3j, n_c0=0.5))
    ref = gaussian_trace(p, t, "full", (0, 0, 0.3j), (0, 0, 0.5))
    for key in ("alpha", "beta", "n_a", "n_b", "ab", "E_A", "E_B", "P_B"):
        close(getattr(tr, key), ref[key], rtol=1e-8, floor=1e-10, err=key)


def test_thermal_bath_equilibrium():
    """Undriven, every bath at the same occupation n: the stationary state of a passive network
    is thermal at n on every mode (no ergotropy), whatever the couplings."""
    n = 0.7
    p = nq.Params(
        kappa_a=0.5, kappa_b=0.3, kappa_c=100.0, g_a=2.0, g_b=3.0, J=0.4, theta=0.7, F=0.0
    ).replace(n_a=n, n_b=n, n_c=n)
    for model in ("effective", "full"):
        ss = nq.steady_state(p, model=model)
        assert ss.n_a == pytest.approx(n, rel=1e-10) and ss.n_b == pytest.approx(n, rel=1e-10)
        assert ss.ergotropy_B == pytest.approx(0.0, abs=1e-12)
        tr = nq.simulate(p, [0.0, 300.0], model=model)
        assert tr.n_b[0] == 0.0 and tr.n_b[-1] == pytest.approx(n, rel=1e-9)


def test_thermal_steady_state_vs_lyapunov_reference(nonrec):
    p = nonrec.replace(n_a=0.3, n_b=1.2, n_c=0.5, Delta_b=0.4, kappa_b=0.2)
    mo = gr.steady(gr.eliminate(gr.quadrature_system(gaussian_model(p)), ["c"]))
    ss = nq.steady_state(p)
    close(ss.n_a, mo.occupations[0, 0], rtol=1e-9)
    close(ss.n_b, mo.occupations[0, 1], rtol=1e-9)
    close(ss.E_B, p.omega_b * mo.occupations[0, 1], rtol=1e-9)
    close(ss.beta, mo.amplitudes[0, 1], rtol=1e-9)


# ------------------------------------------------------------ ergotropy vs density matrix
GAUSSIAN_STATES = [
    (0.0, 0.0, 0.0, 0.4),
    (0.9 + 0.2j, 0.0, 0.0, 0.0),
    (0.7j, 0.0, 0.0, 0.5),
    (0.3, 0.35, 0.6, 0.2),
    (0.0, 0.5, -1.0, 0.0),
    (-0.4 + 0.4j, 0.25, 2.0, 0.8),
]


@pytest.mark.parametrize(("alpha", "r", "phi", "nth"), GAUSSIAN_STATES)
def test_ergotropy_of_initial_gaussian_state_vs_density_matrix(
    paper_cm, nonrec, alpha, r, phi, nth
):
    """The kernels' single-mode Gaussian ergotropy of a displaced squeezed thermal battery at
    t = 0 (the engine's initial-state map of the paper's model) against the Fock-space one."""
    rho = gaussian_rho(120, alpha, r, phi, nth)
    assert abs(np.trace(rho) - 1) < 1e-12 and rho[-1, -1].real < 1e-15  # truncation harmless
    W_ref, E_ref = fock_ergotropy(rho, 1.7)
    values = {**nonrec.as_dict(), "omega_b": 1.7}
    tr = paper_cm.simulate(
        values,
        [0.0],
        initial={"b": {"alpha": alpha, "n": nth, "r": r, "phi": phi}},
        observables=("E_b", "W_b"),
    )
    assert tr["E_b"][0] == pytest.approx(E_ref, rel=1e-9, abs=1e-12)
    assert tr["W_b"][0] == pytest.approx(W_ref, rel=1e-8, abs=1e-10)
    if r == 0.0:  # the paper's InitialState: displaced thermal states only
        p = nonrec.replace(omega_a=1.7)
        pt = nq.simulate(p, [0.0], initial=nq.InitialState(alpha=alpha, n_a0=nth))
        assert pt.E_A[0] == pytest.approx(E_ref, rel=1e-9, abs=1e-12)
        assert pt.ergotropy_A[0] == pytest.approx(W_ref, rel=1e-8, abs=1e-10)


@pytest.mark.parametrize("model", ["effective", "full"])
def test_ergotropy_under_thermal_baths_vs_density_matrix(nonrec, model):
    """Driven battery with thermal baths: at each time the reference moments (x, n, <b^2>)
    give a Gaussian state on a Fock space; its ergotropy is what the kernels report."""
    p = nonrec.replace(F=0.15, kappa_b=0.4, Delta_b=0.3, n_a=0.2, n_b=0.6, n_c=0.3)
    t = np.array([0.0, 1.5, 4.0, 12.0, 60.0])
    init = nq.InitialState(beta=0.5 - 0.2j, n_b0=0.3)
    tr = nq.simulate(p, t, model=model, initial=init)
    k = 2 if model == "effective" else 3
    ref = gaussian_trace(p, t, model, (0, 0.5 - 0.2j, 0)[:k], (0, 0.3, 0)[:k])
    for i in range(t.size):
        rho = rho_from_moments(ref["beta"][i], ref["n_b"][i], ref["bb"][i])
        W, E = fock_ergotropy(rho, p.omega_b)
        assert tr.E_B[i] == pytest.approx(E, rel=1e-7), i
        assert tr.ergotropy_B[i] == pytest.approx(W, rel=1e-6, abs=1e-9), i
    assert np.all(tr.ergotropy_B < tr.E_B)  # thermal noise: not all energy is extractable


# -------------------------------------------------------------- elimination validity
def test_elimination_error_vanishes_as_cavity_gets_faster():
    t = np.linspace(0, 20, 201)
    errs = []
    for kc in (40.0, 160.0, 640.0, 2560.0):
        p = nq.Params.nonreciprocal(1.0, 0.05, 0.05, kc, 0.5)
        errs.append(elimination_error(p, t)["E_B"])
    assert all(e1 > e2 for e1, e2 in zip(errs, errs[1:], strict=False))
    assert errs[-1] < 1e-3
    assert 2.5 < errs[1] / errs[2] < 6  # roughly first order in Gamma/kappa_c


def test_thermal_elimination_error_also_vanishes():
    t = np.linspace(0, 20, 101)
    errs = []
    for kc in (50.0, 400.0):
        p = nq.Params.nonreciprocal(1.0, 0.1, 0.1, kc, 0.5, n_a=0.2, n_b=0.1, n_c=0.3)
        errs.append(elimination_error(p, t)["E_B"])
    assert errs[1] < errs[0] / 4


# --------------------------------------------------------------- sweeps and grids
def _sweep_base():
    return nq.preset("nonreciprocal", Delta_a=0.1, Delta_b=-0.2, kappa_b=0.2)


@pytest.mark.parametrize("hold", ["kappa_a", "kappa_b"])
def test_sweep_derived_axes_vs_pointwise(hold):
    """r = kappa_b/kappa_a (holding kappa_a or kappa_b) and a common detuning added to Delta_a
    and Delta_b: each grid point equals simulate at the parameters it stands for."""
    p = _sweep_base()
    t = np.linspace(0.0, 20.0, 11)
    r = np.array([0.5, 1.0, 3.0])
    det = np.array([0.0, 0.4])
    sw = nq.sweep(p, t, ("E_B", "P_B", "R", "alpha"), hold=hold, r=r, detuning=det)
    assert sw.shape == (3, 2) and sw.reduce is None
    assert set(sw.values) == {"E_B", "P_B", "R", "alpha"}
    for i, ri in enumerate(r):
        for j, d in enumerate(det):
            ka, kb = (
                (p.kappa_a, ri * p.kappa_a) if hold == "kappa_a" else (p.kappa_b / ri, p.kappa_b)
            )
            q = p.replace(kappa_a=ka, kappa_b=kb, Delta_a=p.Delta_a + d, Delta_b=p.Delta_b + d)
            tr = nq.simulate(q, t)
            for name in ("E_B", "P_B", "R", "alpha"):
                close(sw.values[name][i, j], getattr(tr, name), rtol=1e-12, err=name)


@pytest.mark.parametrize("reduce", ["max", "argmax", "min", "last", "mean"])
def test_sweep_reductions_vs_numpy(reduce):
    p = _sweep_base()
    t = np.linspace(0.0, 15.0, 31)
    axis = np.array([60.0, 100.0, 300.0])
    sw = nq.sweep(p, t, ("E_B", "P_B", "eta"), reduce, kappa_c=axis)
    fn = {
        "max": np.nanmax,
        "argmax": np.nanargmax,
        "min": np.nanmin,
        "last": lambda v: v[-1],
        "mean": np.nanmean,
    }[reduce]
    for i, kc in enumerate(axis):
        tr = nq.simulate(p.replace(kappa_c=kc), t)
        for name in ("E_B", "P_B", "eta"):
            want = fn(getattr(tr, name))
            assert sw.values[name][i] == pytest.approx(want, rel=1e-12, abs=1e-15), (name, kc)


def test_sweep_full_model_and_chunks(nonrec):
    t = np.linspace(0.0, 10.0, 6)
    F = np.array([0.1, 0.5, 1.0])
    sw = nq.sweep(nonrec, t, ("E_A", "E_B"), model="full", F=F)
    for i, x in enumerate(F):
        tr = nq.simulate(nonrec.replace(F=x), t, model="full")
        close(sw.values["E_B"][i], tr.E_B, rtol=1e-12)
        close(sw.values["E_A"][i], tr.E_A, rtol=1e-12)
    a = nq.sweep(nonrec, t, "E_B", chunks=2, use_dask=False, r=[0.5, 1, 2, 4], detuning=[0, 0.2])
    b = nq.sweep(nonrec, t, "E_B", r=[0.5, 1, 2, 4], detuning=[0, 0.2])
    np.testing.assert_array_equal(a.values["E_B"], b.values["E_B"])


def test_sweep_thermal_points_vs_pointwise(nonrec):
    p = nonrec.replace(n_b=0.3, n_c=0.2)
    t = np.linspace(0.0, 10.0, 6)
    sw = nq.sweep(p, t, ("n_b", "ergotropy_B"), kappa_b=[0.05, 0.5])
    for i, kb in enumerate((0.05, 0.5)):
        tr = nq.simulate(p.replace(kappa_b=kb), t)
        close(sw.values["n_b"][i], tr.n_b, rtol=1e-12)
        close(sw.values["ergotropy_B"][i], tr.ergotropy_B, rtol=1e-12)


def _grid_equals_pointwise(inputs, t_last):
    p1 = nq.Params.nonreciprocal(**inputs)
    p2 = p1.replace(kappa_b=p1.kappa_b * 2, theta=p1.theta + 0.3)
    t = np.array([0.0, 1.0, t_last])
    g = nq.simulate_grid([p1, p2], t)
    assert g.E_B.shape == (2, 3)
    for i, p in enumerate((p1, p2)):
        tr = nq.simulate(p, t)
        for name in ("E_A", "E_B", "P_B", "alpha", "beta", "n_b", "ergotropy_B", "ab"):
            close(getattr(g, name)[i], getattr(tr, name), rtol=1e-12, floor=1e-300, err=name)


test_grid_equals_pointwise, test_grid_equals_pointwise_slow = profiles(
    nonreciprocal_inputs(), st.floats(0.0, 1e4), fast=12
)(_grid_equals_pointwise)


def test_grid_matches_reference():
    names = list(CASES)
    ps = [CASES[n]() for n in names]
    tr = nq.simulate_grid(ps, T_REF)
    assert tr.E_B.shape == (len(names), len(T_REF))
    for i, p in enumerate(ps):
        ref = coherent_reference(p, T_REF)
        for obs in ("E_A", "E_B", "P_B", "eta", "ergotropy_B", "ab"):
            close(getattr(tr, obs)[i], ref[obs], err=f"{obs} {names[i]}")
    full = nq.simulate_grid(ps[:2], T_REF, model="full")
    for i, p in enumerate(ps[:2]):
        A, f = full_system(p)
        close(full.gamma[i], evolve(A, f, T_REF)[:, 2])


def test_grid_with_thermal_baths_vs_reference(nonrec):
    """simulate_grid from vacuum with thermal baths in the parameters: every moment, including
    <a'b>, against the Gaussian reference (as simulate gives it)."""
    p = nonrec.replace(n_a=0.5, n_b=0.2, n_c=0.7, kappa_a=0.3, kappa_b=0.4)
    t = np.linspace(0.0, 10.0, 6)
    ref = gaussian_trace(p, t)
    single = nq.simulate(p, t)
    close(single.ab, ref["ab"], rtol=1e-8, floor=1e-10, err="simulate ab")
    g = nq.simulate_grid([p], t)
    for key in ("n_a", "n_b", "E_B", "P_B"):
        close(getattr(g, key)[0], ref[key], rtol=1e-8, floor=1e-10, err=key)
    close(g.ab[0], ref["ab"], rtol=1e-8, floor=1e-10, err="simulate_grid ab")


# ------------------------------------------------------------------------ presets, Params
def test_presets_table():
    assert nq.PRESETS["nonreciprocal"] == {
        "Gamma": 1.0,
        "kappa_a": 0.05,
        "kappa_b": 0.05,
        "kappa_c": 100.0,
        "F": 0.5,
    }


def test_nonreciprocal_preset_values(nonrec):
    """Gamma = 4 g^2/kappa_c = 1 with g_a = g_b: g = 5; J = Gamma/2, theta = pi/2."""
    assert nonrec.kappa_a == 0.05 and nonrec.kappa_b == 0.05 and nonrec.kappa_c == 100.0
    assert nonrec.F == 0.5
    assert nonrec.g_a == pytest.approx(5.0, rel=1e-12) and nonrec.g_b == nonrec.g_a
    assert nonrec.J == pytest.approx(0.5, rel=1e-12)
    assert nonrec.theta == pytest.approx(math.pi / 2, rel=1e-12)
    for name in ("Delta_a", "Delta_b", "Delta_c", "n_a", "n_b", "n_c"):
        assert getattr(nonrec, name) == 0.0
    assert nonrec.omega_a == 1.0 and nonrec.omega_b == 1.0
    # the model file's defaults are this preset
    for k, v in nq.Params().as_dict().items():
        assert v == pytest.approx(getattr(nonrec, k), rel=1e-12, abs=1e-15), k


def test_preset_overrides_before_and_after_solving():
    """Gamma, rates and detunings go in before J, theta are solved; J, theta, g after."""
    p = nq.preset("nonreciprocal", Gamma=2.0, Delta_c=30.0, kappa_b=0.4)
    g2 = 2.0 * (4 * 30.0**2 + 100.0**2) / (4 * 100.0)  # Gamma (4 Dc^2 + kc^2)/(4 kc)
    assert p.g_a == pytest.approx(math.sqrt(g2), rel=1e-12) and p.g_b == p.g_a
    assert p.J == pytest.approx(g2 / math.sqrt(30.0**2 + 100.0**2 / 4), rel=1e-12)
    assert p.theta == pytest.approx(math.atan2(50.0, 30.0), rel=1e-12)
    assert p.kappa_b == 0.4
    late = nq.preset("nonreciprocal", theta=0.3, J=0.2)
    assert late.theta == 0.3 and late.J == 0.2 and late.g_a == pytest.approx(5.0)


@pytest.mark.parametrize("Delta_c", [-40.0, 0.0, 12.5])
def test_params_nonreciprocal_and_derived_rates_vs_closed_forms(Delta_c):
    """physics.md for any Delta_c: Gamma_x = 4 g_x^2 kappa_c/(4 Delta_c^2 + kappa_c^2), shifts
    -4 Delta_c g_x g_y/(4 Delta_c^2 + kappa_c^2), J = g_a g_b/sqrt(Delta_c^2 + kappa_c^2/4),
    theta = atan2(kappa_c/2, Delta_c)."""
    p = nq.Params.nonreciprocal(
        Gamma=0.7, kappa_a=0.2, kappa_b=0.05, kappa_c=90.0, F=0.3, Delta_c=Delta_c, Delta_a=0.1
    )
    kc, den = 90.0, 4 * Delta_c**2 + 90.0**2
    r = nq.derived_rates(p)
    assert r["Gamma"] == pytest.approx(0.7, rel=1e-12)
    assert r["Gamma_a"] == pytest.approx(4 * p.g_a**2 * kc / den, rel=1e-12)
    assert r["Gamma_b"] == pytest.approx(4 * p.g_b**2 * kc / den, rel=1e-12)
    assert r["Lambda_a"] == pytest.approx(0.2 + r["Gamma_a"], rel=1e-12)
    assert r["Lambda_b"] == pytest.approx(0.05 + r["Gamma_b"], rel=1e-12)
    shift = -4 * Delta_c / den
    for key, gg in (("delta_a", p.g_a**2), ("delta_b", p.g_b**2), ("delta_ab", p.g_a * p.g_b)):
        assert r[key] == pytest.approx(shift * gg, rel=1e-12, abs=1e-15), key
    J = p.g_a * p.g_b / math.sqrt(Delta_c**2 + kc**2 / 4)
    th = math.atan2(kc / 2, Delta_c)
    assert p.J == pytest.approx(J, rel=1e-12) and p.theta == pytest.approx(th, rel=1e-12)
    assert r["J_nonreciprocal"] == pytest.approx(J, rel=1e-12)
    assert r["theta_nonreciprocal"] == pytest.approx(th, rel=1e-12)
    M, _ = effective_system(p)  # the reference drift: b does not act back on a
    assert abs(M[0, 1]) <= 1e-13 * np.max(np.abs(M))
    assert M[1, 0] == pytest.approx(-0.7, rel=1e-12)  # M_21 = -Gamma


def test_params_methods(nonrec):
    cm = nq.paper_model()
    assert tuple(nonrec.as_dict()) == cm.parameters
    np.testing.assert_array_equal(nonrec.array(), [getattr(nonrec, n) for n in cm.parameters])
    q = nonrec.replace(kappa_b=0.3)
    assert q.kappa_b == 0.3 and nonrec.kappa_b == 0.05 and q.J == nonrec.J
    assert nq.Params.from_mapping({"kappa_b": 0.3, "F": "0.25"}).F == 0.25
    with pytest.raises(dataclasses.FrozenInstanceError):
        nonrec.kappa_b = 1.0


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda: nq.Params(kappa_a=-1.0), "kappa_a"),
        (lambda: nq.Params(kappa_c=0.0), "kappa_c"),
        (lambda: nq.Params(F=math.nan), "F"),
        (lambda: nq.Params(Delta_a=math.inf), "Delta_a"),
        (lambda: nq.Params(F=1e101), "F"),
        (lambda: nq.Params(F=True), "F"),
        (lambda: nq.Params(F="abc"), "F"),
        (lambda: nq.Params(J=-0.1), "J"),
        (lambda: nq.Params(g_a=0.0), "g_a"),
        (lambda: nq.Params(omega_b=0.0), "omega_b"),
        (lambda: nq.Params(n_c=-0.1), "n_c"),
        (lambda: nq.Params.from_mapping({"kappa_d": 1.0}), "kappa_d"),
        (lambda: nq.Params().replace(Gamma_b=1.0), "Gamma_b"),
        (lambda: nq.Params().replace(kappa_b=-3.0), "kappa_b"),
        (lambda: nq.preset("bogus"), "preset"),
        (lambda: nq.preset("nonreciprocal", Gamma=0.0), "Gamma"),
        (lambda: nq.preset("nonreciprocal", foo=1.0), "foo"),
        (lambda: nq.Params.nonreciprocal(math.nan, 0.1, 0.1, 10.0, 1.0), "Gamma"),
        (lambda: nq.Params.nonreciprocal(1.0, 0.1, 0.1, 0.0, 1.0), "kappa_c"),
        (lambda: nq.InitialState(n_b0=-1), "n_b0"),
        (lambda: nq.InitialState(alpha=complex(math.inf, 0)), "alpha"),
        (lambda: nq.InitialState(beta="x"), "beta"),
        (lambda: nq.simulate({"F": 1.0}, [0.0, 1.0]), "params"),
        (lambda: nq.simulate(nq.Params(), [0.0, 1.0], model="bogus"), "model"),
        (lambda: nq.simulate(nq.Params(), [0.0, -1.0]), "t"),
        (lambda: nq.simulate(nq.Params(), [[0.0, 1.0]]), "t"),
        (lambda: nq.simulate(nq.Params(), [0.0, 1.0], initial="vacuum"), "initial"),
        (
            lambda: nq.simulate(nq.Params(), [0.0, 1.0], initial=nq.InitialState(gamma=1j)),
            "gamma",
        ),
        (lambda: nq.simulate_grid([], [0.0, 1.0]), "params"),
        (lambda: nq.sweep(nq.Params(), [0.0, 1.0], hold="kappa_c", r=[1.0]), "hold"),
        (lambda: nq.sweep(nq.Params(), [0.0, 1.0], r=[0.0, 2.0]), "r"),
        (lambda: nq.sweep(nq.Params(), [0.0, 1.0], r=[1.0], kappa_b=[1.0]), "kappa_b"),
        (lambda: nq.sweep(nq.Params(), [0.0, 1.0], zzz=[1.0]), "zzz"),
        (lambda: nq.sweep(nq.Params(), [0.0, 1.0], "E_C", kappa_b=[1.0]), "E_C"),
        (lambda: nq.sweep(nq.Params(), [0.0, 1.0], kappa_b=[-1.0]), "kappa_b"),
        (lambda: nq.exceptional_points(nq.Params(), "kappa_z"), "kappa_z"),
        (lambda: nq.exceptional_points(nq.Params(), "omega_a"), "omega_a"),
    ],
)
def test_user_errors_are_one_line_parameter_errors(make, name):
    with pytest.raises(nq.ParameterError) as exc:
        make()
    msg = str(exc.value)
    assert name in msg and "\n" not in msg, msg
