r"""The engine's runtime: compiled numerics, ``load_model`` and ``CompiledModel``.

Every expected value is computed here another way than the code under test:

* numerics (:mod:`nrqb_sym.runtime.numerics`): ``expm`` against ``scipy.linalg.expm``, against the
  closed form of a Jordan block (a defective matrix, as at an exceptional point),
  :math:`e^{Jt} = e^{\lambda t}\sum_k (Nt)^k/k!`, and against ``mpmath`` at 40 digits near a
  coalescence; ``affine_propagator`` with singular drifts against closed forms and an ``mpmath``
  series :math:`\varphi = \sum_k M^k t^{k+1}f/(k+1)!`; ``lyapunov_pair`` against SciPy
  (:math:`Q = W_{ss} - \Phi W_{ss}\Phi^T` with ``solve_continuous_lyapunov`` for a stable drift,
  Van Loan's block exponential for an unstable one); ``lyapunov_steady`` against
  ``solve_continuous_lyapunov``; ``schur`` / ``schur_noise`` against a Schur complement written
  with NumPy; ``mode_ergotropy`` against the density matrix of the Gaussian state on a truncated
  Fock space (eigenvalues sorted down against energies sorted up: the passive state);
* a driven damped cavity with a thermal bath (a model file written here), solved by hand:

  .. math::

      \langle a\rangle(t) = a_{ss} + (\alpha - a_{ss})e^{-(i\Delta + \kappa/2)t},\quad
      a_{ss} = \frac{-iF}{i\Delta + \kappa/2},\quad
      N(t) = n_{th} + (N_0 - n_{th})e^{-\kappa t},\quad M(t) = M_0e^{-(2i\Delta + \kappa)t}

  (:math:`N`, :math:`M` the normal and anomalous fluctuations), the power
  :math:`\omega\,d\langle a^\dagger a\rangle/dt` and the ergotropy
  :math:`\omega(|a|^2 + N - (\nu - \tfrac12))`, :math:`\nu^2 = (N + \tfrac12)^2 - |M|^2`;
* the shipped models (``nrqb.toml``, ``two_batteries.toml``, ``squeezed_charger.toml``) against
  the independent quadrature solver ``tests/gaussian_reference.py`` (matrices written here from the
  model files' Hamiltonians and dissipators; the effective model by its Langevin elimination);
  powers against finite differences of fine traces and the reference's occupation rates;
* joint Gaussian ergotropy against Williamson's normal form computed here (two-mode invariants
  :math:`\nu_\pm^2 = (\Delta \pm \sqrt{\Delta^2 - 4\det V})/2`, or the spectrum of
  :math:`V^{1/2}\Omega V^{1/2}`), passive energy :math:`\sum_k\omega_k(\nu_k - \tfrac12)` with the
  largest :math:`\nu` on the smallest :math:`\omega`;
* the paper's physics notes: the effective drift as a Schur complement of the three-mode drift
  written by hand, the nonreciprocal coupling :math:`J = g_ag_b/\sqrt{\Delta_c^2 + \kappa_c^2/4}`,
  :math:`\theta = \operatorname{atan2}(\kappa_c/2, \Delta_c)`, the EP conditions
  :math:`J = \tfrac12\sqrt{(\Lambda_a - \Lambda_b)^2/4 + \Gamma^2}` (:math:`\theta = \pi/2`,
  :math:`\Delta_c = 0`) and :math:`M_{11} = M_{22}` on the nonreciprocal line, the Jordan-type
  trace at the EP and the steady ratio :math:`R = 4\Gamma^2/\Lambda_b^2`;
* the full model's EPs (a numeric scan of the discriminant) against the hand-written 3 x 3 drift
  (two coalescing eigenvalues, one eigenvector), the scan against the closed form's EP;
* invariants of any state: :math:`V + i\Omega/2 \ge 0`, :math:`N \ge 0`, Cauchy-Schwarz on
  cross fluctuations, :math:`0 \le W \le E`; equal baths thermalise every mode;
* two routes of the package that must agree: the coherent pass and the Gaussian pass (forced by a
  thermal occupation of 1e-300), the step-unrolled and the generic coherent passes
  (``NRQB_UNROLL``), evenly spaced (stepped) and uneven (per point) time grids;
* one-line ``ParameterError`` messages naming the input; ``load_model`` + ``simulate`` without
  SymPy (in a subprocess).

Property tests run a short profile by default and a long one (``-m slow``).
"""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import mpmath
import numpy as np
import pytest
import scipy.linalg as sla
from gaussian_reference import (
    GaussianModel,
    ProductState,
    complex_drift,
    eliminate,
    evolve,
    quadrature_system,
)
from gaussian_reference import steady as reference_steady
from hypothesis import given, settings
from hypothesis import strategies as st
from model_strategies import load_text, product_states, reference_state

import nrqb_sym
from nrqb_sym.model.names import shipped_models
from nrqb_sym.runtime import model as runtime_model
from nrqb_sym.runtime import numerics as nm
from nrqb_sym.runtime.values import ParameterError

FEW = settings(max_examples=12)
SOME = settings(max_examples=20)
LONG = settings(max_examples=200)  # the profiles under @pytest.mark.slow


def twice(body, fast, **strategies):
    """``body`` as a property test with the ``fast`` profile and, marked slow, with ``LONG``."""
    return fast(given(**strategies)(body)), pytest.mark.slow(LONG(given(**strategies)(body)))


CAVITY = """
name = "cavity"
description = "one driven damped cavity with a thermal bath"
modes = ["a"]
hamiltonian = "Delta*dag(a)*a + F*(a + dag(a))"

[parameters]
Delta = { kind = "real", default = 0.3 }
F = { kind = "real", default = 0.4 }
kappa = { kind = "positive", default = 0.8 }
n_th = { kind = "nonnegative", default = 0.0 }
omega = { kind = "positive", default = 2.0 }

[energies]
a = "omega"

[[dissipators]]
rate = "kappa*(n_th + 1)"
operator = "a"

[[dissipators]]
rate = "kappa*n_th"
operator = "dag(a)"
"""


# ----------------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def cavity(tmp_path_factory):
    return load_text(CAVITY, tmp_path_factory.mktemp("runtime-models"))


@pytest.fixture(scope="module")
def paper():
    return nrqb_sym.load_model()


@pytest.fixture(scope="module")
def two():
    return nrqb_sym.load_model(shipped_models()["two_batteries"])


@pytest.fixture(scope="module")
def squeezed():
    return nrqb_sym.load_model(shipped_models()["squeezed_charger"])


# ----------------------------------------------------------------------------------- references
def paper_numbers(v: dict, G: float = 0.0) -> GaussianModel:
    """``nrqb.toml`` (and ``squeezed_charger.toml`` with ``G``) as the reference's numbers."""
    J = v["J"] * np.exp(1j * v["theta"])
    h = np.array(
        [
            [v["Delta_a"], J, v["g_a"]],
            [np.conj(J), v["Delta_b"], v["g_b"]],
            [v["g_a"], v["g_b"], v["Delta_c"]],
        ],
        dtype=complex,
    )
    s = np.zeros((3, 3), dtype=complex)
    s[0, 1] = s[1, 0] = G
    f = np.array([v["F"], 0.0, 0.0], dtype=complex)
    jumps = []
    for i, x in enumerate("abc"):
        e = np.eye(3)[i]
        k, n = v[f"kappa_{x}"], v.get(f"n_{x}", 0.0)
        jumps += [(np.sqrt(k * (n + 1)) * e, 0 * e), (0 * e, np.sqrt(k * n) * e)]
    return GaussianModel(("a", "b", "c"), h, s, f, tuple(jumps))


def two_batteries_numbers(v: dict) -> GaussianModel:
    """``two_batteries.toml`` as the reference's numbers (modes a, b, d, c)."""
    Jb = v["J_b"] * np.exp(1j * v["theta_b"])
    Jd = v["J_d"] * np.exp(1j * v["theta_d"])
    h = np.diag([v["Delta_a"], v["Delta_b"], v["Delta_d"], v["Delta_c"]]).astype(complex)
    h[0, 1], h[1, 0] = Jb, np.conj(Jb)
    h[0, 2], h[2, 0] = Jd, np.conj(Jd)
    for i, x in enumerate("abd"):
        h[i, 3] = h[3, i] = v[f"g_{x}"]
    f = np.array([v["F"], 0, 0, 0], dtype=complex)
    jumps = tuple(
        (np.sqrt(v[f"kappa_{x}"]) * np.eye(4)[i], np.zeros(4)) for i, x in enumerate("abdc")
    )
    return GaussianModel(("a", "b", "d", "c"), h, np.zeros((4, 4)), f, jumps)


def reference_system(numbers: GaussianModel, model: str):
    full = quadrature_system(numbers)
    return full if model == "full" else eliminate(full, ["c"])


def ref_state(initial, modes) -> ProductState:
    """The reference's start of a runtime ``initial`` (amplitudes or state mappings)."""
    initial = {m: s if isinstance(s, dict) else {"alpha": s} for m, s in (initial or {}).items()}
    return reference_state(initial, modes)


def full_drift(v: dict) -> np.ndarray:
    """The three-mode first-moment drift -i H_1 - K/2 of nrqb.toml, written by hand."""
    J = v["J"] * np.exp(1j * v["theta"])
    H1 = np.array(
        [
            [v["Delta_a"], J, v["g_a"]],
            [np.conj(J), v["Delta_b"], v["g_b"]],
            [v["g_a"], v["g_b"], v["Delta_c"]],
        ],
        dtype=complex,
    )
    return -1j * H1 - 0.5 * np.diag([v["kappa_a"], v["kappa_b"], v["kappa_c"]])


def hand_drift(v: dict) -> tuple[np.ndarray, np.ndarray]:
    """The effective first-moment drift of ``nrqb.toml``: the Schur complement of
    :func:`full_drift` on the cavity, and the eliminated drive."""
    A = full_drift(v)
    f = np.array([-1j * v["F"], 0, 0])
    M = A[:2, :2] - A[:2, 2:] @ np.linalg.solve(A[2:, 2:], A[2:, :2])
    return M, f[:2] - A[:2, 2:] @ np.linalg.solve(A[2:, 2:], f[2:])


def mode_rows(modes, group) -> list[int]:
    n = len(modes)
    idx = [modes.index(m) for m in group]
    return idx + [n + i for i in idx]


def energy_of(mo, modes, group, omega) -> np.ndarray:
    occ = mo.occupations
    return sum(omega[m] * occ[:, modes.index(m)] for m in group)


def symplectic_spectrum(V: np.ndarray) -> np.ndarray:
    """Symplectic eigenvalues (decreasing) of a covariance over ``(q_1..q_k, p_1..p_k)`` from the
    spectrum of the antisymmetric :math:`V^{1/2}\\Omega V^{1/2}` (eigenvalues :math:`\\pm i\\nu`)."""
    k = V.shape[0] // 2
    Om = np.block([[np.zeros((k, k)), np.eye(k)], [-np.eye(k), np.zeros((k, k))]])
    R = sla.sqrtm(V).real
    ev = np.abs(np.linalg.eigvals(R @ Om @ R).imag)
    return np.sort(ev)[::-1][::2]


def two_mode_spectrum(V: np.ndarray) -> np.ndarray:
    """Williamson's symplectic eigenvalues of a two-mode covariance over ``(q1, q2, p1, p2)`` from
    its invariants: :math:`\\Delta = \\det A + \\det B + 2\\det C`,
    :math:`\\nu_\\pm^2 = (\\Delta \\pm \\sqrt{\\Delta^2 - 4\\det V})/2`."""
    V = V[np.ix_([0, 2, 1, 3], [0, 2, 1, 3])]  # (q1, p1, q2, p2)
    A, B, C = V[:2, :2], V[2:, 2:], V[:2, 2:]
    delta = np.linalg.det(A) + np.linalg.det(B) + 2 * np.linalg.det(C)
    root = math.sqrt(max(delta**2 - 4 * np.linalg.det(V), 0.0))
    return np.array([math.sqrt((delta + root) / 2), math.sqrt(max(delta - root, 0.0) / 2)])


def gaussian_work(mo, modes, group, omega, spectrum=symplectic_spectrum) -> np.ndarray:
    """Joint Gaussian ergotropy of ``group`` along reference moments ``mo``."""
    rows = mode_rows(modes, group)
    w = np.sort([omega[m] for m in group])
    out = []
    for k in range(mo.t.size):
        V = mo.W[k][np.ix_(rows, rows)] + 0.5 * np.eye(len(rows))
        nu = spectrum(V)  # decreasing, against w increasing
        out.append(float(np.dot(w, nu - 0.5)))
    return energy_of(mo, modes, group, omega) - np.array(out)


def fock_state(cutoff: int, alpha: complex, r: float, phi: float, nth: float):
    r""":math:`D(\alpha)S(re^{i\phi})\rho_{th}S^\dagger D^\dagger` on ``cutoff`` Fock levels."""
    a = np.diag(np.sqrt(np.arange(1, cutoff)), 1).astype(complex)
    ad = a.conj().T
    n = np.arange(cutoff)
    rho = np.diag((nth / (1 + nth)) ** n / (1 + nth)).astype(complex)
    xi = r * np.exp(1j * phi)
    S = sla.expm(0.5 * (np.conj(xi) * a @ a - xi * ad @ ad))
    D = sla.expm(alpha * ad - np.conj(alpha) * a)
    U = D @ S
    return U @ rho @ U.conj().T, a


def fock_ergotropy(rho: np.ndarray, omega: float) -> tuple[float, float]:
    """``(ergotropy, energy)``: the passive state pairs the largest populations with the lowest
    energies."""
    energies = omega * np.arange(rho.shape[0])
    E = float(np.sum(np.diag(rho).real * energies))
    p = np.sort(np.linalg.eigvalsh(rho))[::-1]
    return E - float(np.sum(p * energies)), E


def rel_err(got, want, floor: float = 0.0) -> float:
    """``max|got - want| / max(max|want|, floor)``, the ``nan`` patterns equal."""
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape, (got.shape, want.shape)
    assert np.array_equal(np.isnan(got), np.isnan(want)), "nan patterns differ"
    ok = ~np.isnan(want)
    if not ok.any():
        return 0.0
    scale = max(float(np.max(np.abs(want[ok]))), floor, 1e-300)
    return float(np.max(np.abs(got[ok] - want[ok]))) / scale


# ======================================================================================
# numerics
# ======================================================================================
def _random_matrix(seed: int, n: int, scale: float, complex_: bool = True) -> np.ndarray:
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(n, n)) + (1j * rng.normal(size=(n, n)) if complex_ else 0)
    return A * scale / max(1.0, math.sqrt(n))


@SOME
@given(
    seed=st.integers(0, 2**31),
    n=st.integers(1, 12),
    log_scale=st.floats(-4, 3.5),
    complex_=st.booleans(),
    stable=st.booleans(),
)
def test_expm_matches_scipy(seed, n, log_scale, complex_, stable):
    A = _random_matrix(seed, n, 10**log_scale, complex_)
    if stable:  # a drift: shifted into the left half-plane (large norms stay finite)
        A = A - (np.max(np.linalg.eigvals(A).real) + 0.1 * 10**log_scale) * np.eye(n)
    elif 10**log_scale > 30:
        A = A * (30 / 10**log_scale)  # keep e^A inside the float range
    ref = sla.expm(A)
    got = nm.expm(np.ascontiguousarray(A))
    assert got.dtype == A.dtype
    assert np.max(np.abs(got - ref)) <= 1e-11 * max(1.0, float(np.max(np.abs(ref))))


@pytest.mark.parametrize("t", [0.0, 1e-3, 0.7, 12.0, 300.0])
@pytest.mark.parametrize("n", [2, 3, 4])
def test_expm_is_exact_on_a_jordan_block(t, n):
    """A defective matrix (the drift at an exceptional point): e^{Jt} = e^{lt} sum (Nt)^k/k!."""
    lam = -0.3 + 0.2j
    N = np.eye(n, k=1)
    exact = np.zeros((n, n), dtype=complex)
    term = np.eye(n)
    for k in range(n):
        exact += term / math.factorial(k)
        term = term @ (N * t)
    exact *= np.exp(lam * t)
    got = nm.expm(np.ascontiguousarray((lam * np.eye(n) + N) * t))
    assert np.all(np.isfinite(got))
    assert np.max(np.abs(got - exact)) <= 1e-13 * max(1.0, float(np.max(np.abs(exact))))


@pytest.mark.parametrize("delta", [0.0, 1e-14, 1e-9, 1e-4])
@pytest.mark.parametrize("t", [0.5, 8.0, 60.0])
def test_expm_near_a_coalescence_against_mpmath(delta, t):
    """[[l, 1], [delta, l]] has eigenvalues l +- sqrt(delta): eigenvector formulas lose all
    digits as delta -> 0; the exponential must not (mpmath at 40 digits is the reference)."""
    lam = -0.25 + 0.6j
    rng = np.random.default_rng(5)
    P = rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3))
    B = np.array([[lam, 1.0, 0.0], [delta, lam, 0.0], [0.0, 0.0, -1.0 + 0.1j]])
    A = (P @ B @ np.linalg.inv(P)) * t
    with mpmath.workdps(40):
        ref = mpmath.expm(mpmath.matrix(A.tolist()))
        ref = np.array([[complex(ref[i, j]) for j in range(3)] for i in range(3)])
    got = nm.expm(np.ascontiguousarray(A))
    assert np.max(np.abs(got - ref)) <= 1e-12 * max(1.0, float(np.max(np.abs(ref))))


def _mp_series(M: np.ndarray, f: np.ndarray, t: float) -> tuple[np.ndarray, np.ndarray]:
    """``(e^{Mt}, sum_k M^k t^(k+1) f/(k+1)!)`` by Taylor series at 50 digits."""
    with mpmath.workdps(50):
        Mm = mpmath.matrix(M.tolist())
        fm = mpmath.matrix(f.tolist())
        n = M.shape[0]
        Phi = mpmath.eye(n)
        phi = mpmath.matrix(n, 1)
        term = mpmath.eye(n)
        for k in range(200):
            phi += term * fm * (mpmath.mpf(t) ** (k + 1) / mpmath.factorial(k + 1))
            term = term * Mm
            Phi += term * (mpmath.mpf(t) ** (k + 1) / mpmath.factorial(k + 1))
        conv = lambda X, m: np.array(  # noqa: E731
            [[complex(X[i, j]) for j in range(m)] for i in range(n)]
        )
        return conv(Phi, n), conv(phi, 1)[:, 0]


@pytest.mark.parametrize("t", [0.0, 0.3, 2.5, 7.0])
def test_affine_propagator_with_a_singular_drift(t):
    """y(t) = Phi y0 + phi for dy/dt = My + f, M singular (no inverse of M may be used)."""
    f = np.array([0.3 - 0.2j, 1.0 + 0.5j, -0.4j])
    # M = 0: a constant force
    Phi, phi = nm.affine_propagator(np.zeros((3, 3), dtype=complex), f, t)
    assert np.allclose(Phi, np.eye(3), atol=1e-15)
    assert np.allclose(phi, f * t, rtol=1e-14, atol=1e-15)
    # nilpotent M: Phi = I + Mt + M^2 t^2/2, phi = f t + M f t^2/2 + M^2 f t^3/6
    N = np.array([[0, 1.0, 0.5j], [0, 0, -2.0], [0, 0, 0]], dtype=complex)
    Phi, phi = nm.affine_propagator(N, f, t)
    assert np.allclose(Phi, np.eye(3) + N * t + N @ N * t**2 / 2, rtol=1e-13, atol=1e-14)
    want = f * t + N @ f * t**2 / 2 + N @ N @ f * t**3 / 6
    assert np.allclose(phi, want, rtol=1e-13, atol=1e-14)
    # a damped mode next to a conserved one (a zero eigenvalue, not nilpotent)
    rng = np.random.default_rng(11)
    P = rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3))
    M = P @ np.diag([0.0, -0.4 + 1.0j, -1.3]) @ np.linalg.inv(P)
    M[np.abs(M) < 1e-15] = 0
    Phi, phi = nm.affine_propagator(np.ascontiguousarray(M), f, t)
    Phi_ref, phi_ref = _mp_series(M, f, t)
    assert np.max(np.abs(Phi - Phi_ref)) <= 1e-12 * max(1.0, float(np.max(np.abs(Phi_ref))))
    assert np.max(np.abs(phi - phi_ref)) <= 1e-12 * max(1.0, float(np.max(np.abs(phi_ref))))


def _stable_real(seed: int, m: int, scale: float) -> np.ndarray:
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(m, m)) * scale
    return A - (np.max(np.linalg.eigvals(A).real) + 0.2 * scale) * np.eye(m)


def _sym(seed: int, m: int) -> np.ndarray:
    rng = np.random.default_rng(seed + 1)
    X = rng.normal(size=(m, m))
    return X @ X.T - 0.3 * np.eye(m)  # symmetric, not necessarily positive (like D_W)


@pytest.mark.parametrize("t", [1e-3, 0.7, 5.0, 60.0])
@pytest.mark.parametrize(("m", "scale"), [(2, 1.0), (4, 0.3), (6, 20.0), (8, 2.0)])
def test_lyapunov_pair_against_scipy(t, m, scale):
    """Stable A: Q(t) = W_ss - Phi W_ss Phi^T, W_ss from solve_continuous_lyapunov."""
    A = _stable_real(m * 7, m, scale)
    D = _sym(m, m)
    Phi, Q = nm.lyapunov_pair(A, D, t)
    Phi_ref = sla.expm(A * t)
    W_ss = sla.solve_continuous_lyapunov(A, -D)
    Q_ref = W_ss - Phi_ref @ W_ss @ Phi_ref.T
    assert np.max(np.abs(Phi - Phi_ref)) <= 1e-12 * max(1.0, float(np.max(np.abs(Phi_ref))))
    assert np.max(np.abs(Q - Q_ref)) <= 1e-11 * max(1e-3, float(np.max(np.abs(W_ss))))
    assert np.array_equal(Q, Q.T)
    # W(t) = Phi W0 Phi^T + Q solves dW/dt = AW + WA^T + D: a central difference at t
    W0 = _sym(m + 3, m)

    def W_at(s):
        P, Qs = nm.lyapunov_pair(A, D, s)
        return P @ W0 @ P.T + Qs

    h = 1e-3 * min(t, 1.0 / np.max(np.abs(A)))
    dW = (W_at(t + h) - W_at(t - h)) / (2 * h)
    W = W_at(t)
    want = A @ W + W @ A.T + D
    scale = np.max(np.abs(A @ W)) + np.max(np.abs(D))  # the terms that cancel near steady state
    assert np.allclose(dW, want, rtol=0, atol=1e-7 * scale)


@pytest.mark.parametrize("t", [0.0, 0.1, 1.0, 3.0])
def test_lyapunov_pair_unstable_against_van_loan(t):
    """Any A (here with eigenvalues in the right half-plane): Van Loan's block exponential
    expm([[-A, D], [0, A^T]] t) = [[., F12], [0, F22]], Phi = F22^T, Q = F22^T F12."""
    rng = np.random.default_rng(3)
    A = rng.normal(size=(4, 4)) + 0.4 * np.eye(4)
    assert np.max(np.linalg.eigvals(A).real) > 0
    D = _sym(9, 4)
    F = sla.expm(np.block([[-A, D], [np.zeros((4, 4)), A.T]]) * t)
    Phi_ref = F[4:, 4:].T
    Q_ref = Phi_ref @ F[:4, 4:]
    Phi, Q = nm.lyapunov_pair(A, D, t)
    assert np.max(np.abs(Phi - Phi_ref)) <= 1e-11 * max(1.0, float(np.max(np.abs(Phi_ref))))
    assert np.max(np.abs(Q - Q_ref)) <= 1e-10 * max(1.0, float(np.max(np.abs(Q_ref))))


@pytest.mark.parametrize(("m", "scale"), [(2, 1.0), (4, 0.05), (6, 30.0), (10, 1.0)])
def test_lyapunov_steady_against_scipy(m, scale):
    A = _stable_real(m * 13, m, scale)
    D = _sym(2 * m, m)
    W, ok = nm.lyapunov_steady(A, D)
    ref = sla.solve_continuous_lyapunov(A, -D)
    assert ok
    assert np.max(np.abs(W - ref)) <= 1e-10 * float(np.max(np.abs(ref)))
    assert np.max(np.abs(A @ W + W @ A.T + D)) <= 1e-9 * float(np.max(np.abs(D)))
    # an unstable drift has no steady state: not converged
    _, ok = nm.lyapunov_steady(A + (0.5 * scale - np.max(np.linalg.eigvals(A).real)) * np.eye(m), D)
    assert not ok


@pytest.mark.parametrize(
    ("keep", "drop"),
    [([0, 1], [2]), ([0, 2, 3], [1]), ([1, 3], [0, 2]), ([4, 0, 2], [3, 1]), ([2], [0, 1, 3, 4])],
)
def test_schur_elimination_against_a_hand_written_complement(keep, drop):
    rng = np.random.default_rng(len(keep) * 10 + len(drop))
    n = len(keep) + len(drop)
    M = rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n))
    M[np.ix_(drop, drop)] -= 20 * np.eye(len(drop))  # fast
    f = rng.normal(size=n) + 1j * rng.normal(size=n)
    P, Q = np.array(keep), np.array(drop)
    X = M[np.ix_(P, Q)] @ np.linalg.inv(M[np.ix_(Q, Q)])
    Meff, feff, Xg = nm.schur(M, f, P, Q)
    assert np.allclose(Xg, X, rtol=1e-12, atol=1e-14)
    assert np.allclose(Meff, M[np.ix_(P, P)] - X @ M[np.ix_(Q, P)], rtol=1e-12, atol=1e-13)
    assert np.allclose(feff, f[P] - X @ f[Q], rtol=1e-12, atol=1e-13)
    # the noise carried along: Z D Z^T, Z = [I, -X] over (keep, drop)
    Dn = rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n))
    Dn = Dn + Dn.T
    order = np.concatenate([P, Q])
    Z = np.hstack([np.eye(len(P)), -X])
    want = Z @ Dn[np.ix_(order, order)] @ Z.T
    assert np.allclose(nm.schur_noise(Dn, Xg, P, Q), want, rtol=1e-12, atol=1e-12)


#: Fock levels of the density-matrix references (40: small enough that BLAS stays
#: single-threaded, so the tests keep their speed on a busy machine; the states drawn below lose
#: < 1e-9 of their ergotropy to the truncation, checked against 80 levels when writing this).
FOCK = 40


@SOME
@given(
    re=st.floats(-0.6, 0.6),
    im=st.floats(-0.6, 0.6),
    r=st.floats(0.0, 0.25),
    phi=st.floats(-math.pi, math.pi),
    nth=st.floats(0.0, 0.4),
    omega=st.floats(0.3, 3.0),
)
def test_mode_ergotropy_against_a_density_matrix(re, im, r, phi, nth, omega):
    """The single-mode Gaussian ergotropy from a mode's mean and W block, against the passive
    state of the density matrix on FOCK levels (q, p moments taken from the same matrix)."""
    rho, a = fock_state(FOCK, complex(re, im), r, phi, nth)
    assert abs(np.trace(rho) - 1) < 1e-10  # the truncation is harmless
    q = (a + a.conj().T) / math.sqrt(2)
    p = (a - a.conj().T) / (1j * math.sqrt(2))

    def ev(O):
        return complex(np.trace(rho @ O))

    mq, mp = ev(q).real, ev(p).real
    wqq = ev(q @ q).real - mq**2 - 0.5
    wpp = ev(p @ p).real - mp**2 - 0.5
    wqp = 0.5 * ev(q @ p + p @ q).real - mq * mp
    x2 = 0.5 * (mq**2 + mp**2)
    want, E = fock_ergotropy(rho, omega)
    got = nm.mode_ergotropy(omega, x2, wqq, wpp, wqp)
    assert got == pytest.approx(want, rel=1e-8, abs=1e-10)
    assert -1e-12 <= got <= E + 1e-9


def test_safe_inverse():
    assert nm.safe_inverse(4.0) == 0.25
    assert nm.safe_inverse(-0.5) == -2.0
    assert math.isnan(nm.safe_inverse(0.0))


def test_uniform_grid_detection():
    """Evenly spaced to 1e-12 of the largest time (then stepped), else one propagator per time."""
    t = np.linspace(0.0, 5.0, 2000)
    assert nm.is_uniform(t) and nm.is_uniform(np.linspace(3.0, 5.0, 2000))
    bent = t.copy()
    bent[1000] += 1e-9
    assert not nm.is_uniform(bent)
    assert not nm.is_uniform(np.array([0.0])) and not nm.is_uniform(np.array([2.0, 2.0]))
    assert not nm.is_uniform(t[::-1].copy())  # decreasing: per point
    assert not nm.is_uniform(np.linspace(0.0, 5.0, 100), min_points=1024)
    finite, lo, hi, _ = nm.scan_times(np.array([0.5, 3.0, 0.25]))
    assert finite and (lo, hi) == (0.25, 3.0)
    assert not nm.scan_times(np.array([0.0, np.inf]))[0]


def test_unroll_limit_and_kernel_selection(monkeypatch):
    from nrqb_sym.codegen.passes import UNROLL

    monkeypatch.setenv("NRQB_UNROLL", "2")
    assert nm.unroll_limit() == 2
    unrolled = nm.kernel("coherent_trace", 2)
    assert nm.kernel("coherent_trace", 3) is nm.kernel("coherent_trace")  # above the limit
    assert unrolled is not nm.kernel("coherent_trace")
    monkeypatch.setenv("NRQB_UNROLL", "0")
    assert nm.unroll_limit() == 0
    assert nm.kernel("coherent_trace", 2) is nm.kernel("coherent_trace")
    monkeypatch.setenv("NRQB_UNROLL", "1000")
    assert nm.unroll_limit() == UNROLL
    monkeypatch.setenv("NRQB_UNROLL", "two")
    with pytest.warns(UserWarning, match="NRQB_UNROLL"):
        assert nm.unroll_limit() == UNROLL


# ======================================================================================
# a driven damped cavity with a thermal bath: closed forms
# ======================================================================================
def cavity_closed_form(t, Delta, F, kappa, n_th, omega, alpha=0j, n0=0.0, r=0.0, phi=0.0):
    lam = 1j * Delta + kappa / 2
    a_ss = -1j * F / lam
    a = a_ss + (alpha - a_ss) * np.exp(-lam * t)
    N0 = (n0 + 0.5) * np.cosh(2 * r) - 0.5
    M0 = -(n0 + 0.5) * np.exp(1j * phi) * np.sinh(2 * r)
    N = n_th + (N0 - n_th) * np.exp(-kappa * t)
    M = M0 * np.exp(-(2j * Delta + kappa) * t)
    occ = np.abs(a) ** 2 + N
    da = -lam * (a - a_ss)
    power = omega * (2 * np.real(np.conj(a) * da) - kappa * (N - n_th))
    nu = np.sqrt((N + 0.5) ** 2 - np.abs(M) ** 2)
    work = omega * (occ - (nu - 0.5))
    return {"x_a": a, "n_a": occ, "E_a": omega * occ, "P_a": power, "W_a": work}


STATES = [
    (None, 0.0),
    ({"a": 0.5 - 0.25j}, 0.0),
    ({"a": {"alpha": 0.3j, "n": 0.7, "r": 0.4, "phi": 0.9}}, 0.35),
    ({"a": {"n": 1.5}}, 0.0),
    ({"a": {"r": 0.6, "phi": -2.0}}, 0.1),
]


@pytest.mark.parametrize(("state", "n_th"), STATES)
@pytest.mark.parametrize("grid", ["uniform", "uneven"])
def test_cavity_against_the_closed_form(cavity, state, n_th, grid):
    values = {"kappa": 0.8, "n_th": n_th, "Delta": -0.45, "F": 0.4, "omega": 2.0}
    t = np.linspace(0.0, 9.0, 37) if grid == "uniform" else np.array([0.0, 0.1, 0.35, 2.0, 8.5])
    s = (state or {}).get("a", 0j)
    s = s if isinstance(s, dict) else {"alpha": s}
    want = cavity_closed_form(
        t,
        -0.45,
        0.4,
        0.8,
        n_th,
        2.0,
        complex(s.get("alpha", 0j)),
        s.get("n", 0.0),
        s.get("r", 0.0),
        s.get("phi", 0.0),
    )
    for model in ("full", "effective"):  # nothing eliminated: the same model
        tr = cavity.simulate(values, t, model=model, initial=state)
        assert set(tr.observables) == set(want)
        for name, ref in want.items():
            assert rel_err(tr[name], ref) <= 1e-11, (name, model)


@FEW
@given(
    Delta=st.floats(-2.0, 2.0),
    F=st.floats(-1.0, 1.0),
    kappa=st.floats(0.05, 3.0),
    n_th=st.sampled_from([0.0, 0.0, 0.2, 1.3]),
    omega=st.floats(0.5, 3.0),
    state=st.fixed_dictionaries(
        {
            "alpha": st.complex_numbers(max_magnitude=1.0, allow_nan=False, allow_infinity=False),
            "n": st.sampled_from([0.0, 0.4]),
            "r": st.sampled_from([0.0, 0.3]),
            "phi": st.floats(-3.0, 3.0),
        }
    ),
)
def test_cavity_closed_form_random(cavity, Delta, F, kappa, n_th, omega, state):
    values = {"Delta": Delta, "F": F, "kappa": kappa, "n_th": n_th, "omega": omega}
    t = np.linspace(0.0, 6.0 / kappa, 25)
    tr = cavity.simulate(values, t, initial={"a": state})
    want = cavity_closed_form(
        t, Delta, F, kappa, n_th, omega, state["alpha"], state["n"], state["r"], state["phi"]
    )
    for name, ref in want.items():
        assert rel_err(tr[name], ref) <= 1e-10, name


@pytest.mark.parametrize(
    ("alpha", "r", "phi", "n"),
    [
        (0.0, 0.0, 0.0, 0.4),
        (0.9 + 0.2j, 0.0, 0.0, 0.0),
        (0.7j, 0.0, 0.0, 0.5),
        (0.3, 0.35, 0.6, 0.2),
        (0.0, 0.5, -1.0, 0.0),
        (-0.4 + 0.4j, 0.25, 2.0, 0.5),
    ],
)
def test_cavity_initial_ergotropy_against_a_density_matrix(cavity, alpha, r, phi, n):
    """W_a at t = 0 is the ergotropy of the initial Gaussian state (the runtime's
    alpha, n, r, phi convention = D(alpha) S(r e^{i phi}) rho_th(n))."""
    rho, _ = fock_state(FOCK, alpha, r, phi, n)
    want, E = fock_ergotropy(rho, 1.7)
    tr = cavity.simulate(
        {"omega": 1.7}, [0.0], initial={"a": {"alpha": alpha, "n": n, "r": r, "phi": phi}}
    )
    assert tr["W_a"][0] == pytest.approx(want, rel=1e-8, abs=1e-11)
    assert tr["E_a"][0] == pytest.approx(E, rel=1e-9)


@pytest.mark.parametrize("n_th", [0.0, 0.6])
def test_cavity_steady_state_closed_form(cavity, n_th):
    values = {"kappa": 0.8, "n_th": n_th, "Delta": -0.45, "F": 0.4, "omega": 2.0}
    a_ss = -1j * 0.4 / (-0.45j + 0.4)
    ss = cavity.steady_state(values)
    assert abs(ss.amplitude["a"] - a_ss) < 1e-13
    assert ss.occupation["a"] == pytest.approx(abs(a_ss) ** 2 + n_th, rel=1e-12)
    assert ss.energy["a"] == pytest.approx(2.0 * (abs(a_ss) ** 2 + n_th), rel=1e-12)
    assert ss.power == {"a": 0.0}
    # a displaced thermal state: the thermal part carries no work
    assert ss.ergotropy["a"] == pytest.approx(2.0 * abs(a_ss) ** 2, rel=1e-10)
    assert ss["W_a"] == ss.ergotropy["a"]


# ======================================================================================
# the shipped models against the reference solver
# ======================================================================================
@st.composite
def paper_values(draw, thermal: bool = True) -> dict:
    """Parameter values of nrqb.toml with a bad cavity fast enough for the elimination."""
    g_a, g_b = draw(st.floats(0.5, 5.0)), draw(st.floats(0.5, 5.0))
    kappa_c = draw(st.floats(20.0, 60.0)) * max(g_a, g_b)
    occ = st.floats(0.0, 1.0) if thermal else st.just(0.0)
    return {
        "Delta_a": draw(st.floats(-1.0, 1.0)),
        "Delta_b": draw(st.floats(-1.0, 1.0)),
        "Delta_c": draw(st.floats(-0.2, 0.2)) * kappa_c,
        "kappa_a": draw(st.floats(0.02, 1.0)),
        "kappa_b": draw(st.floats(0.02, 1.0)),
        "kappa_c": kappa_c,
        "g_a": g_a,
        "g_b": g_b,
        "J": draw(st.floats(0.0, 1.5)),
        "theta": draw(st.floats(-math.pi, math.pi)),
        "F": draw(st.floats(-1.0, 1.0)),
        "omega_a": draw(st.floats(0.5, 2.0)),
        "omega_b": draw(st.floats(0.5, 2.0)),
        "n_a": draw(occ),
        "n_b": draw(occ),
        "n_c": draw(occ),
    }


def _check_trace_against_reference(cm, values, t, model, initial, numbers, ergotropy=None):
    """Every observable of ``simulate`` against the reference moments: amplitudes, occupations,
    energies, powers (exact occupation rates), single-mode ergotropies (from the reference's
    covariance) and the model's derived observables."""
    system = reference_system(numbers, model)
    modes = cm.modes_of(model)
    assert system.modes == modes
    ref = evolve(system, t, ref_state(initial, modes))
    tr = cm.simulate(values, t, model=model, initial=initial, ergotropy=ergotropy)
    omega = {m: values[f"omega_{m}"] for m in cm.energy_modes if m in modes}
    occ, rate = ref.occupations, ref.occupation_rates
    # each quantity relative to its largest value, or to a small fraction of its group's (a
    # quantity that stays ~0 is compared at the rounding level of its group, at least of 1)
    floor_x = 1e-6 * max(1.0, float(np.max(np.abs(ref.amplitudes))))
    floor_n = 1e-6 * max(1.0, float(np.max(occ)))
    floor_p = 1e-6 * max(1.0, float(np.max(np.abs(rate))))
    errors = {}
    for i, m in enumerate(modes):
        errors[f"x_{m}"] = rel_err(tr.amplitude[m], ref.amplitudes[:, i], floor_x)
        errors[f"n_{m}"] = rel_err(tr.occupation[m], occ[:, i], floor_n)
    for m, w in omega.items():
        i = modes.index(m)
        E = w * occ[:, i]
        errors[f"E_{m}"] = rel_err(tr.energy[m], E, w * floor_n)
        errors[f"P_{m}"] = rel_err(tr.power[m], w * rate[:, i], w * floor_p)
        work = gaussian_work(ref, modes, (m,), omega)
        errors[f"W_{m}"] = rel_err(tr.ergotropy[m], work, max(float(np.max(E)), w * floor_n))
    if "R" in cm.derived:
        Ea, Eb = omega["a"] * occ[:, 0], omega["b"] * occ[:, 1]
        defined = Ea > 1e-9  # the ratio of quantities at the rounding level is noise
        assert np.all(np.isnan(tr["R"][Ea == 0]))
        with np.errstate(all="ignore"):
            errors["R"] = rel_err(tr["R"][defined], (Eb / Ea)[defined])
            errors["eta"] = rel_err(tr["eta"][defined], (Eb / (Ea + Eb))[defined])
    return tr, ref, errors


def _paper_model_against_the_reference(paper, values, data):
    initial = data.draw(product_states(("a", "b")))
    t = data.draw(st.sampled_from([np.linspace(0.0, 30.0, 31), np.array([0.0, 0.7, 4.0, 25.0])]))
    for model in ("effective", "full"):
        _, _, errors = _check_trace_against_reference(
            paper, values, t, model, initial, paper_numbers(values)
        )
        bad = {k: v for k, v in errors.items() if not v <= 1e-9}
        assert not bad, (model, bad)


test_paper_model_against_the_reference, test_paper_model_against_the_reference_long = twice(
    _paper_model_against_the_reference, FEW, values=paper_values(), data=st.data()
)


@pytest.mark.parametrize("model", ["effective", "full"])
def test_coherent_path_against_the_reference(paper, model):
    """Vacuum baths, coherent start: the first-moment pass, n = |x|^2 exactly."""
    values = paper.preset("nonreciprocal", Delta_a=0.3, Delta_c=5.0, theta=1.2, kappa_b=0.2)
    initial = {"a": 0.4 - 0.1j, "b": 0.2j}
    t = np.linspace(0.0, 40.0, 81)
    tr, _, errors = _check_trace_against_reference(
        paper, values, t, model, initial, paper_numbers(values)
    )
    assert max(errors.values()) <= 1e-10, errors
    for m in tr.amplitude:
        assert np.allclose(tr.occupation[m], np.abs(tr.amplitude[m]) ** 2, rtol=1e-14, atol=0)
        if m in tr.energy:  # a coherent (pure) state: all its energy is work
            assert np.allclose(tr.ergotropy[m], tr.energy[m], rtol=1e-14, atol=1e-16)


def test_squeezed_charger_against_the_reference(squeezed):
    """Two-mode squeezing: the Gaussian pass from vacuum (x' columns in the drift)."""
    values = squeezed.values({"G": 0.15, "Delta_a": 0.2, "n_b": 0.1, "Delta_c": 4.0})
    numbers = paper_numbers(values, G=values["G"])
    for model in ("effective", "full"):
        _, _, errors = _check_trace_against_reference(
            squeezed, values, np.linspace(0.0, 40.0, 41), model, None, numbers
        )
        assert max(errors.values()) <= 1e-9, (model, errors)


@pytest.mark.parametrize("model", ["effective", "full"])
def test_coherent_and_gaussian_paths_agree(paper, monkeypatch, model):
    """The coherent pass and the Gaussian pass (forced by an occupation of 1e-300, which changes
    nothing at double precision) give the same numbers."""
    calls = []
    real = runtime_model.kernel

    def spy(name, nmod=0):
        calls.append(name)
        return real(name, nmod)

    monkeypatch.setattr(runtime_model, "kernel", spy)
    values = paper.preset("nonreciprocal", Delta_a=0.3, Delta_c=5.0, theta=1.2, kappa_b=0.2)
    t = np.linspace(0.0, 60.0, 1500)
    start = {"a": 0.3 - 0.2j}
    coherent = paper.simulate(values, t, model, initial=start)
    bath = paper.simulate({**values, "n_c": 1e-300}, t, model, initial=start)
    state = paper.simulate(values, t, model, initial={"a": {"alpha": 0.3 - 0.2j, "n": 1e-300}})
    assert calls == ["coherent_trace", "gaussian_trace", "gaussian_trace"]
    assert set(coherent.observables) == set(bath.observables) == set(state.observables)
    for name, want in coherent.observables.items():
        assert rel_err(bath[name], want) <= 1e-12, name
        assert rel_err(state[name], want) <= 1e-12, name


def test_trace_at_the_exceptional_point_closed_form(paper):
    r"""The fully nonreciprocal battery at resonance with Lambda_a = Lambda_b sits on an EP: the
    drift is a Jordan block, <a> = a_ss(1 - e^{-mu t}), <b> = -Gamma a_ss((1 - e^{-mu t})/mu -
    t e^{-mu t}), mu = Lambda/2 (the 0/0 of the two-exponential form removed by hand)."""
    values = paper.preset("nonreciprocal")  # Gamma = 1, kappa_a = kappa_b, Delta = 0
    Gamma = 4 * values["g_a"] * values["g_b"] / values["kappa_c"]
    Lam = values["kappa_a"] + Gamma
    mu = Lam / 2
    a_ss = -2j * values["F"] / Lam
    for t in (np.linspace(0.0, 40.0, 401), np.array([0.0, 0.01, 1.9, 2 / Lam, 33.3])):
        a = a_ss * (1 - np.exp(-mu * t))
        b = -Gamma * a_ss * ((1 - np.exp(-mu * t)) / mu - t * np.exp(-mu * t))
        tr = paper.simulate(values, t, initial=None)
        assert rel_err(tr.amplitude["a"], a) <= 1e-12
        assert rel_err(tr.amplitude["b"], b) <= 1e-12
        thermal = paper.simulate({**values, "n_b": 1e-300}, t)  # the Gaussian pass at the EP
        assert rel_err(thermal.amplitude["b"], b) <= 1e-12


def _moments_against_the_reference(paper, values, data):
    initial = data.draw(product_states(("a", "b")))
    t = np.array([0.0, 0.2, 1.5, 6.0, 20.0])
    for model in ("effective", "full"):
        system = reference_system(paper_numbers(values), model)
        ref = evolve(system, t, ref_state(initial, system.modes))
        mo = paper.moments(values, t, model, initial)
        assert mo.modes == system.modes and np.array_equal(mo.t, t)
        scale = max(1.0, float(np.max(np.abs(ref.W))))
        assert np.max(np.abs(mo.mean - ref.amplitudes)) <= 1e-9 * scale
        assert np.max(np.abs(mo.covariance - ref.W)) <= 1e-9 * scale
        normal, anomalous = ref.normal(), ref.anomalous()
        for name, want in (
            ("<a>", ref.amplitudes[:, 0]),
            ("<b'>", ref.amplitudes[:, 1].conj()),
            ("<a'a>", normal[:, 0, 0]),
            ("<a'b>", normal[:, 0, 1]),
            ("<b'a>", normal[:, 1, 0]),
            ("<ab>", anomalous[:, 0, 1]),
            ("<bb>", anomalous[:, 1, 1]),
            ("<a'b'>", anomalous[:, 0, 1].conj()),
        ):
            assert np.max(np.abs(mo.value(name) - want)) <= 1e-9 * scale, name


test_moments_against_the_reference, test_moments_against_the_reference_long = twice(
    _moments_against_the_reference, FEW, values=paper_values(), data=st.data()
)


def _second_moments_are_physical(paper, values, data):
    """Invariants of any quantum state: V + i Omega/2 >= 0 (the uncertainty principle of the
    whole covariance), N >= 0 and nu >= 1/2 per mode, Cauchy-Schwarz on the cross fluctuation,
    and 0 <= ergotropy <= energy."""
    initial = data.draw(product_states(("a", "b")))
    t = np.array([0.0, 0.3, 2.0, 9.0, 40.0])
    for model in ("effective", "full"):
        mo = paper.moments(values, t, model, initial)
        k = len(mo.modes)
        Om = np.block([[np.zeros((k, k)), np.eye(k)], [-np.eye(k), np.zeros((k, k))]])
        for W in mo.covariance:
            lowest = np.linalg.eigvalsh(W + 0.5 * np.eye(2 * k) + 0.5j * Om)[0]
            assert lowest >= -1e-10
        fluct = mo.normal()[:, :k, k:]  # <d x_i' d x_j>
        N = np.real(np.diagonal(fluct, axis1=1, axis2=2))
        assert np.all(N >= -1e-12)
        assert np.all(np.abs(fluct[:, 0, 1]) ** 2 <= N[:, 0] * N[:, 1] + 1e-12)
        tr = paper.simulate(values, t, model, initial, observables=("E_a", "E_b", "W_a", "W_b"))
        for m in ("a", "b"):
            assert np.all(tr.ergotropy[m] >= -1e-12)
            assert np.all(tr.ergotropy[m] <= tr.energy[m] * (1 + 1e-12) + 1e-12)


test_second_moments_are_physical, test_second_moments_are_physical_long = twice(
    _second_moments_are_physical, FEW, values=paper_values(), data=st.data()
)


@pytest.mark.parametrize("model", ["effective", "full"])
def test_equal_baths_thermalise_every_mode(paper, model):
    """Undriven, every bath at occupation n: the steady state is thermal, <x'x> = n for every
    mode (the passive network only mixes the baths), and carries no work."""
    values = paper.values({"F": 0.0, "n_a": 0.7, "n_b": 0.7, "n_c": 0.7, "Delta_c": 4.0})
    ss = paper.steady_state(values, model)
    long = paper.simulate(values, [0.0, 2000.0], model)
    for m in paper.modes_of(model):
        assert ss.occupation[m] == pytest.approx(0.7, rel=1e-10)
        assert long.occupation[m][-1] == pytest.approx(0.7, rel=1e-9)
        assert abs(ss.amplitude[m]) == 0.0
    for m in ("a", "b"):
        assert ss.ergotropy[m] == pytest.approx(0.0, abs=1e-12)
        assert long.ergotropy[m][-1] == pytest.approx(0.0, abs=1e-10)


def test_moments_with_squeezing_against_the_reference(squeezed):
    values = squeezed.values({"G": 0.2, "theta": 1.0, "n_a": 0.3})
    t = np.linspace(0.0, 25.0, 26)
    initial = {"b": {"alpha": 0.1, "r": 0.3, "phi": 0.4}}
    for model in ("effective", "full"):
        system = reference_system(paper_numbers(values, G=values["G"]), model)
        ref = evolve(system, t, ref_state(initial, system.modes))
        mo = squeezed.moments(values, t, model, initial)
        scale = float(np.max(np.abs(ref.W)))
        assert np.max(np.abs(mo.covariance - ref.W)) <= 1e-9 * scale
        assert np.max(np.abs(mo.mean - ref.amplitudes)) <= 1e-9 * scale


def test_matrices_and_quadrature_system_against_the_reference(paper, squeezed):
    for cm, G in ((paper, 0.0), (squeezed, 0.12)):
        over = {"Delta_c": 6.0, "theta": 0.7, "n_a": 0.2, "n_c": 0.4, "J": 0.3}
        values = cm.values({**over, **({"G": G} if G else {})})
        numbers = paper_numbers(values, G=G)
        # the printed matrix form: d<x>/dt = M1 <x> + M2 <x'> - i f (the reference's M1, M2)
        mats = cm.matrices(values)
        M1, M2 = complex_drift(numbers)
        assert np.allclose(mats["M1x"], np.hstack([M1, M2]), rtol=1e-14, atol=1e-14)
        assert np.allclose(mats["f"], -1j * numbers.f, rtol=1e-14, atol=0)
        assert np.array_equal(mats["omega"], [values["omega_a"], values["omega_b"], 0.0])
        for model in ("full", "effective"):
            ref = reference_system(numbers, model)
            A, b, DW, omega = cm.quadrature_system(values, model)
            assert np.allclose(A, ref.A, rtol=1e-13, atol=1e-13 * np.max(np.abs(ref.A)))
            assert np.allclose(b, ref.c, rtol=1e-13, atol=1e-14)
            assert np.allclose(DW, ref.D_W, rtol=1e-12, atol=1e-12 * np.max(np.abs(ref.D_W)))
            assert len(omega) == len(cm.modes_of(model))
            assert np.array_equal(omega[:2], [values["omega_a"], values["omega_b"]])
    values = paper.values({"Delta_c": 6.0, "theta": 0.7, "Delta_a": 0.4})
    M, f = hand_drift(values)
    Mg, fg, _ = paper.drift(values)
    assert np.allclose(Mg, M, rtol=1e-13, atol=1e-14)
    assert np.allclose(fg, f, rtol=1e-13, atol=1e-14)
    assert np.allclose(paper.first_moment_drift(values), M, rtol=1e-13, atol=1e-14)


# ======================================================================================
# observables, powers, time grids, passes
# ======================================================================================
SELECTIONS = [
    ("n_a",),
    ("E_b", "P_a"),
    ("W_b",),
    ("x_b",),
    ("R",),
    ("eta", "E_a"),
    ("R", "E_b"),
    ("E_b", "R"),
    ("x_a", "n_b", "W_a", "eta"),
]


@pytest.mark.parametrize("selection", SELECTIONS)
@pytest.mark.parametrize("thermal", [False, True])
def test_observables_select_exactly_what_is_asked(paper, selection, thermal):
    values = paper.preset("nonreciprocal", Delta_c=3.0, kappa_b=0.2, n_b=0.2 if thermal else 0.0)
    t = np.linspace(0.0, 30.0, 301)
    everything = paper.simulate(values, t)
    part = paper.simulate(values, t, observables=selection)
    assert set(part.observables) == set(selection)
    kinds = {"x": part.amplitude, "n": part.occupation, "E": part.energy, "P": part.power}
    kinds["W"] = part.ergotropy
    for kind, field in kinds.items():
        assert set(field) == {nm_[2:] for nm_ in selection if nm_.startswith(kind + "_")}
    assert set(part.derived) == {nm_ for nm_ in selection if nm_ in ("R", "eta")}
    for name in selection:
        assert rel_err(part[name], everything[name]) <= 1e-14, name
    absent = next(n for n in everything.observables if n not in selection)
    with pytest.raises(KeyError, match=absent):
        part[absent]
    if "R" in selection:  # undefined at t = 0 from vacuum, finite afterwards
        assert np.isnan(part["R"][0]) and np.all(np.isfinite(part["R"][1:]))
    single = paper.simulate(values, t, observables=selection[0])
    assert set(single.observables) == {selection[0]}


@pytest.mark.parametrize("thermal", [False, True])
@pytest.mark.parametrize("model", ["effective", "full"])
def test_power_is_the_derivative_of_the_energy(paper, thermal, model):
    """P against central differences of E on fine grids (the full model's cavity relaxes at
    kappa_c/2 = 50: its first instants on a grid a hundred times finer)."""
    values = paper.preset("nonreciprocal", Delta_a=0.2, kappa_b=0.3, Delta_c=4.0)
    if thermal:
        values = {**values, "n_a": 0.3, "n_c": 0.2}
    initial = {"b": {"alpha": 0.2, "n": 0.3 if thermal else 0.0}}
    scale = {}
    for lo, hi, dt in ((0.0, 0.45, 1e-5), (0.4, 12.0, 1e-3)):
        t = lo + dt * np.arange(round((hi - lo) / dt) + 1)
        tr = paper.simulate(values, t, model, initial, observables=("E_a", "E_b", "P_a", "P_b"))
        for m in ("a", "b"):
            E, P = tr.energy[m], tr.power[m]
            scale.setdefault(m, float(np.max(np.abs(P))))
            fd = (E[2:] - E[:-2]) / (2 * dt)
            assert np.max(np.abs(P[1:-1] - fd)) <= 1e-6 * scale[m], (m, lo)


@pytest.mark.parametrize("thermal", [False, True])
@pytest.mark.parametrize("model", ["effective", "full"])
def test_uniform_and_uneven_grids_agree(paper, thermal, model):
    """Evenly spaced times are stepped (a propagator per block, then one step at a time); uneven
    ones get one propagator per time: the same values."""
    values = paper.preset("nonreciprocal", Delta_c=3.0, theta=1.3, kappa_b=0.1)
    if thermal:
        values = {**values, "n_b": 0.4}
    t = np.linspace(0.0, 200.0, 5000)
    uneven = t.copy()
    uneven[1] += 1e-9
    stepped = paper.simulate(values, t, model)
    per_point = paper.simulate(values, uneven, model)
    coarse = paper.simulate(values, t[::37], model)
    offset = paper.simulate(values, t[1000:], model)  # evenly spaced, not from 0
    assert not np.array_equal(stepped["E_b"][2:], per_point["E_b"][2:])  # two routes ran
    for name, v in stepped.observables.items():
        top = float(np.nanmax(np.abs(v)))  # values ~0 late in the trace: at rounding level
        assert rel_err(v[2:], per_point[name][2:], top) <= 1e-11, name
        assert rel_err(v[::37], coarse[name], top) <= 1e-11, name
        assert rel_err(v[1000:], offset[name], top) <= 1e-11, name
    # times need not be sorted: each is computed from the start
    order = np.random.default_rng(0).permutation(40)
    shuffled = paper.simulate(values, t[::125][order], model)
    for name, v in shuffled.observables.items():
        want = stepped[name][::125][order]
        assert rel_err(v, want, float(np.nanmax(np.abs(stepped[name])))) <= 1e-11, name


def test_unrolled_and_generic_coherent_passes_agree(paper, monkeypatch):
    values = paper.preset("nonreciprocal", Delta_a=0.3, Delta_c=5.0, theta=1.2, kappa_b=0.2)
    grids = (np.linspace(0.0, 80.0, 3000), np.array([0.0, 0.5, 3.0, 7.5, 40.0, 41.0]))
    axes = {"kappa_b": np.array([0.02, 0.05, 0.3]), "Delta_b": np.array([-0.7, 0.0, 1.1])}
    out = {}
    for unroll in ("2", "0"):
        monkeypatch.setenv("NRQB_UNROLL", unroll)
        out[unroll] = (
            [paper.simulate(values, t, initial={"b": 0.1j}) for t in grids],
            paper.sweep(values, grids[0][::10], None, **axes),
            paper.sweep(values, grids[0], ("E_b", "P_b"), reduce="max", **axes),
        )
        assert (nm.kernel("coherent_sweep", 2) is nm.kernel("coherent_sweep")) == (unroll == "0")
    (tr2, sw2, red2), (tr0, sw0, red0) = out["2"], out["0"]
    for a, b in zip(tr2, tr0, strict=True):
        for name, v in a.observables.items():
            assert rel_err(v, b[name]) <= 1e-12, name
    for name, v in sw2.values.items():
        assert rel_err(v, sw0.values[name]) <= 1e-12, name
    for name, v in red2.values.items():
        assert rel_err(v, red0.values[name]) <= 1e-12, name


# ======================================================================================
# joint Gaussian ergotropy
# ======================================================================================
def _joint_ergotropy_against_williamson(two, data):
    """two_batteries from a random Gaussian product start (the Gaussian pass): the batteries b, d
    correlate through the cavity; the joint ergotropy of (b, d) against the two-mode invariants
    and of (a, b, d) against the spectrum of V^{1/2} Omega V^{1/2}."""
    initial = data.draw(product_states(("a", "b", "d")))
    initial["b"] = {**initial["b"], "n": data.draw(st.floats(0.05, 0.6))}  # never coherent
    values = two.values(
        {
            "omega_b": data.draw(st.floats(0.5, 2.0)),
            "omega_d": data.draw(st.floats(0.5, 2.0)),
            "Delta_d": data.draw(st.floats(-0.5, 0.5)),
            "g_d": data.draw(st.floats(2.0, 5.0)),
        }
    )
    t = np.array([0.0, 0.5, 2.0, 10.0, 60.0])
    groups = [("b", "d"), ("a", "b", "d"), ("b",)]
    tr, ref, errors = _check_trace_against_reference(
        two, values, t, "effective", initial, two_batteries_numbers(values), ergotropy=groups
    )
    assert max(errors.values()) <= 1e-9, errors
    modes = ("a", "b", "d")
    omega = {m: values[f"omega_{m}"] for m in modes}
    want_bd = gaussian_work(ref, modes, ("b", "d"), omega, two_mode_spectrum)
    assert np.allclose(tr.ergotropy[("b", "d")], want_bd, rtol=1e-8, atol=1e-9)
    want_abd = gaussian_work(ref, modes, ("a", "b", "d"), omega)
    assert np.allclose(tr.ergotropy[("a", "b", "d")], want_abd, rtol=1e-8, atol=1e-9)
    # one mode: the single-mode ergotropy; a group: at least what any of its modes gives
    assert np.allclose(tr.ergotropy[("b",)], tr.ergotropy["b"], rtol=1e-12, atol=1e-14)
    joint = tr.ergotropy[("b", "d")]
    assert np.all(joint >= tr.ergotropy["b"] - 1e-10)
    assert np.all(joint >= tr.ergotropy["d"] - 1e-10)
    assert np.all(tr.ergotropy[("a", "b", "d")] >= joint - 1e-10)
    assert np.all(joint <= tr.energy["b"] + tr.energy["d"] + 1e-10)


test_joint_ergotropy_against_williamson, test_joint_ergotropy_against_williamson_long = twice(
    _joint_ergotropy_against_williamson, FEW, data=st.data()
)


def test_joint_ergotropy_of_a_two_mode_squeezed_pair(squeezed):
    """Two-mode squeezing correlates a and b: the joint work exceeds the sum of the local works
    (the local states look thermal), checked against the two-mode invariants."""
    values = squeezed.values({"G": 0.2, "F": 0.1, "omega_a": 1.3})
    t = np.linspace(0.0, 30.0, 16)
    tr = squeezed.simulate(values, t, ergotropy=("a", "b"))
    ref = evolve(reference_system(paper_numbers(values, G=0.2), "effective"), t)
    omega = {"a": 1.3, "b": values["omega_b"]}
    want = gaussian_work(ref, ("a", "b"), ("a", "b"), omega, two_mode_spectrum)
    assert np.allclose(tr.ergotropy[("a", "b")], want, rtol=1e-8, atol=1e-10)
    local = tr.ergotropy["a"] + tr.ergotropy["b"]
    assert np.all(tr.ergotropy[("a", "b")][1:] > local[1:] + 1e-6)


def test_joint_ergotropy_on_the_coherent_path(two):
    """A product of coherent states is pure: the joint work is the whole energy.

    Known bug at the time of writing: on the coherent path ``_joint_ergotropy`` re-simulates
    with ``initial=None``, so the joint ergotropy is that of a start from vacuum."""
    initial = {"b": 0.3 + 0.1j, "d": -0.2}
    t = np.linspace(0.0, 20.0, 21)
    tr = two.simulate(None, t, initial=initial, ergotropy=[("b", "d"), ("a", "d")])
    ref = evolve(
        reference_system(two_batteries_numbers(two.values()), "effective"),
        t,
        ref_state(initial, ("a", "b", "d")),
    )
    occ = ref.occupations
    assert np.allclose(tr.ergotropy[("b", "d")], occ[:, 1] + occ[:, 2], rtol=1e-10, atol=1e-14)
    assert np.allclose(tr.ergotropy[("a", "d")], occ[:, 0] + occ[:, 2], rtol=1e-10, atol=1e-14)


# ======================================================================================
# steady states
# ======================================================================================
@pytest.mark.parametrize("model", ["effective", "full"])
@pytest.mark.parametrize("case", ["coherent", "thermal", "squeezed", "two"])
def test_steady_state_against_the_reference_and_a_long_trace(paper, squeezed, two, model, case):
    if case == "squeezed":
        cm = squeezed
        values = cm.values({"G": 0.15, "n_b": 0.2, "Delta_c": 3.0})
        numbers = paper_numbers(values, G=0.15)
    elif case == "two":
        cm = two
        values = cm.values({"Delta_c": 4.0, "kappa_d": 0.2})
        numbers = two_batteries_numbers(values)
    else:
        cm = paper
        over = {"n_a": 0.2, "n_b": 0.3, "n_c": 0.1} if case == "thermal" else {}
        values = cm.preset("nonreciprocal", Delta_c=5.0, Delta_a=0.3, kappa_b=0.2, **over)
        numbers = paper_numbers(values)
    system = reference_system(numbers, model)
    ref = reference_steady(system)
    ss = cm.steady_state(values, model)
    modes = cm.modes_of(model)
    long = cm.simulate(values, [3000.0], model)
    omega = {m: values[f"omega_{m}"] for m in cm.energy_modes}
    for i, m in enumerate(modes):
        assert ss.amplitude[m] == pytest.approx(ref.amplitudes[0, i], rel=1e-9, abs=1e-12)
        assert ss.occupation[m] == pytest.approx(ref.occupations[0, i], rel=1e-9, abs=1e-12)
        assert ss.occupation[m] == pytest.approx(long.occupation[m][0], rel=1e-8, abs=1e-12)
        if m in omega:
            assert ss.energy[m] == pytest.approx(omega[m] * ref.occupations[0, i], rel=1e-9)
            assert ss.power[m] == 0.0
            work = gaussian_work(ref, modes, (m,), omega)[0]
            assert ss.ergotropy[m] == pytest.approx(work, rel=1e-8, abs=1e-11)
            assert ss.ergotropy[m] == pytest.approx(long.ergotropy[m][0], rel=1e-7, abs=1e-11)
    for name, v in ss.derived.items():
        assert v == pytest.approx(long[name][0], rel=1e-8), name


def test_steady_ratio_of_the_nonreciprocal_battery(paper):
    """At resonance R = (omega_b/omega_a) 4 Gamma^2/Lambda_b^2 (the paper's "fourfold")."""
    for kappa_b in (0.05, 0.2, 1.0):
        values = paper.preset("nonreciprocal", kappa_b=kappa_b, omega_b=1.5)
        Gamma = 4 * values["g_a"] * values["g_b"] / values["kappa_c"]
        want = 1.5 * 4 * Gamma**2 / (kappa_b + 4 * values["g_b"] ** 2 / values["kappa_c"]) ** 2
        ss = paper.steady_state(values)
        assert ss["R"] == pytest.approx(want, rel=1e-10)
        assert ss["eta"] == pytest.approx(ss.energy["b"] / (ss.energy["a"] + ss.energy["b"]))


def test_unstable_drift_has_no_steady_state(squeezed):
    # threshold (sqrt(Gamma^2 + Lambda^2) - Gamma)/2 = 0.225 at the defaults
    ss = squeezed.steady_state({"G": 0.2})
    assert ss.occupation["b"] > 0
    with pytest.raises(ParameterError, match="unstable") as exc:
        squeezed.steady_state({"G": 0.3})
    assert "\n" not in str(exc.value)
    # finite times are still fine above threshold
    assert np.all(np.isfinite(squeezed.simulate({"G": 0.3}, [0.0, 5.0])["n_a"]))


# ======================================================================================
# exceptional points and nonreciprocity (paper model)
# ======================================================================================
def _defective(M: np.ndarray, lam: complex) -> bool:
    """A double eigenvalue ``lam`` with one eigenvector (rank of M - lam I is n - 1)."""
    sv = np.linalg.svd(M - lam * np.eye(M.shape[0]), compute_uv=False)
    return sv[-1] <= 1e-6 * np.max(np.abs(M)) and sv[-2] > 1e-3 * np.max(np.abs(M))


@st.composite
def rates(draw) -> dict:
    g_a, g_b = draw(st.floats(1.0, 6.0)), draw(st.floats(1.0, 6.0))
    return {
        "kappa_a": draw(st.floats(0.01, 1.0)),
        "kappa_b": draw(st.floats(0.01, 1.0)),
        "g_a": g_a,
        "g_b": g_b,
        "kappa_c": draw(st.floats(20.0, 60.0)) * max(g_a, g_b),
    }


def _exceptional_point_in_J_closed_form(paper, r, Delta, J):
    r"""theta = pi/2, Delta_c = 0, Delta_a = Delta_b: D = (L_a - L_b)^2/4 + Gamma^2 - 4J^2, so the
    only EP with J >= 0 is J = sqrt((L_a - L_b)^2/4 + Gamma^2)/2, eigenvalue -i Delta -
    (L_a + L_b)/4."""
    values = {**r, "Delta_a": Delta, "Delta_b": Delta, "Delta_c": 0.0, "theta": math.pi / 2}
    values["J"] = J
    Gamma = 4 * r["g_a"] * r["g_b"] / r["kappa_c"]
    La = r["kappa_a"] + 4 * r["g_a"] ** 2 / r["kappa_c"]
    Lb = r["kappa_b"] + 4 * r["g_b"] ** 2 / r["kappa_c"]
    want = 0.5 * math.sqrt((La - Lb) ** 2 / 4 + Gamma**2)
    found = paper.exceptional_points(values, "J")
    assert [e.value for e in found] == pytest.approx([want], rel=1e-8)
    ep = found[0]
    assert ep.parameter == "J" and ep.method == "closed form"
    assert ep.eigenvalue == pytest.approx(-1j * Delta - (La + Lb) / 4, rel=1e-6, abs=1e-9)
    M, _ = hand_drift(paper.values({**values, "J": ep.value}))
    assert _defective(M, -1j * Delta - (La + Lb) / 4)


test_exceptional_point_in_J_closed_form, test_exceptional_point_in_J_closed_form_long = twice(
    _exceptional_point_in_J_closed_form,
    SOME,
    r=rates(),
    Delta=st.floats(-1.0, 1.0),
    J=st.floats(0.0, 2.0),
)


def _exceptional_point_in_kappa_b_on_the_nonreciprocal_line(paper, r, delta_c, Delta_a, F):
    r"""With J, theta nonreciprocal (M_ab = 0) the drift is triangular: an EP where M_aa = M_bb,
    i.e. kappa_b = kappa_a + (g_a^2 - g_b^2) kappa_c/S and Delta_b = Delta_a - (g_a^2 - g_b^2)
    Delta_c/S, S = Delta_c^2 + kappa_c^2/4 (none when that kappa_b is not positive)."""
    kc = r["kappa_c"]
    Dc = delta_c * kc
    S = Dc**2 + kc**2 / 4
    dg = r["g_a"] ** 2 - r["g_b"] ** 2
    values = {
        **r,
        "Delta_c": Dc,
        "Delta_a": Delta_a,
        "Delta_b": Delta_a - dg * Dc / S,
        "J": r["g_a"] * r["g_b"] / math.sqrt(S),
        "theta": math.atan2(kc / 2, Dc),
        "F": F,
    }
    want = r["kappa_a"] + dg * kc / S
    found = paper.exceptional_points(values, "kappa_b")
    if want <= 1e-9:
        assert found == []
        return
    assert [e.value for e in found] == pytest.approx([want], rel=1e-7, abs=1e-10)
    ep = found[0]
    M, _ = hand_drift(paper.values({**values, "kappa_b": ep.value}))
    lam = -1j * Delta_a - r["kappa_a"] / 2 + r["g_a"] ** 2 / (-1j * Dc - kc / 2)
    assert ep.eigenvalue == pytest.approx(lam, rel=1e-6, abs=1e-9)
    assert _defective(M, lam)
    assert abs(ep.discriminant) <= 1e-8 * np.max(np.abs(M)) ** 2
    # the trace stays finite and exact at the EP (Jordan block): against the reference
    t = np.linspace(0.0, 30.0, 61)
    ev = paper.values({**values, "kappa_b": ep.value})
    _, _, errors = _check_trace_against_reference(
        paper, ev, t, "effective", {"b": 0.1}, paper_numbers(ev)
    )
    assert max(errors.values()) <= 1e-9, errors


(
    test_exceptional_point_in_kappa_b_on_the_nonreciprocal_line,
    test_exceptional_point_in_kappa_b_on_the_nonreciprocal_line_long,
) = twice(
    _exceptional_point_in_kappa_b_on_the_nonreciprocal_line,
    SOME,
    r=rates(),
    delta_c=st.floats(-0.3, 0.3),
    Delta_a=st.floats(-1.0, 1.0),
    F=st.floats(0.1, 1.0),
)


@pytest.mark.parametrize("name", ["J", "kappa_b"])
def test_exceptional_points_of_the_full_model(paper, name):
    """No closed EP polynomial for the three-mode drift: the discriminant is scanned. Every point
    found is a coalescence of two eigenvalues of the hand-written 3 x 3 drift, defective there."""
    values = paper.values({"kappa_b": 0.3, "J": 0.2})
    found = paper.exceptional_points(values, name, model="full")
    assert found and all(e.method == "numeric" and e.parameter == name for e in found)
    for ep in found:
        M = full_drift(ep.values)
        ev = np.linalg.eigvals(M)
        i, j = min(((0, 1), (0, 2), (1, 2)), key=lambda ij: abs(ev[ij[0]] - ev[ij[1]]))
        lam = 0.5 * (ev[i] + ev[j])
        assert abs(ev[i] - ev[j]) <= 1e-4 * abs(lam)
        assert ep.eigenvalue == pytest.approx(lam, rel=1e-4)
        sv = np.linalg.svd(M - lam * np.eye(3), compute_uv=False)
        norm = np.max(np.abs(M))
        assert sv[-1] <= 1e-4 * norm and sv[-2] > 1e-3 * norm
    if name == "J":  # the effective model's EP, up to the elimination's error (g/kappa_c)
        eff = paper.exceptional_points(values, "J")
        assert found[0].value == pytest.approx(eff[0].value, rel=0.03)


def test_numeric_ep_search_agrees_with_the_closed_form(paper, monkeypatch):
    """The discriminant scan (used where no EP polynomial is closed) finds the closed form's EP."""
    values = paper.values({"kappa_b": 0.3, "J": 0.2, "Delta_a": 0.1, "Delta_b": 0.1})
    closed = paper.exceptional_points(values, "J")
    assert [e.method for e in closed] == ["closed form"]
    k = paper.kernels
    monkeypatch.setattr(k, "EP_POLYNOMIALS", {"effective": {}, "full": {}})
    monkeypatch.setattr(k, "STRUCTURED", {"effective": {"ep:J": "structured: a test"}, "full": {}})
    numeric = paper.exceptional_points(values, "J")
    assert [e.method for e in numeric] == ["numeric"]
    assert numeric[0].value == pytest.approx(closed[0].value, rel=1e-8)


def test_no_exceptional_point_where_the_discriminant_cannot_vanish(paper):
    r"""theta = pi/2, Delta_c = 0: D(delta) = c^2 + Gamma^2 - 4J^2 - delta^2 - 2icdelta with
    c = (Lambda_a - Lambda_b)/2, delta = Delta_b - Delta_a: a real root needs delta = 0 (c != 0),
    and D(0) > 0 for J < Gamma/2; nor is there one in kappa_b (D > 0 for every kappa_b)."""
    values = paper.values({"kappa_b": 0.3, "J": 0.2})
    assert paper.exceptional_points(values, "Delta_b") == []
    assert paper.exceptional_points(values, "kappa_b") == []


def test_exceptional_points_of_the_preset(paper):
    values = paper.preset("nonreciprocal")
    for name, want in (("kappa_b", 0.05), ("kappa_a", 0.05), ("J", 0.5)):
        found = paper.exceptional_points(values, name)
        assert [e.value for e in found] == pytest.approx([want], rel=1e-9), name
        assert found[0].eigenvalue == pytest.approx(-0.525, rel=1e-9)
        assert _defective(hand_drift(found[0].values)[0], -0.525)
    thetas = sorted(e.value for e in paper.exceptional_points(values, "theta"))
    assert thetas == pytest.approx([-math.pi / 2, math.pi / 2], rel=1e-9)
    # a detuning between charger and battery lifts the EP in kappa_b
    assert paper.exceptional_points({**values, "Delta_b": 0.3}, "kappa_b") == []
    with pytest.raises(ParameterError, match="solve-for"):
        paper.exceptional_points(values, "kappa_z")


def _nonreciprocal_coupling_makes_the_drift_triangular(paper, r, delta_c, Delta_a, Delta_b):
    r"""J = g_a g_b/sqrt(Delta_c^2 + kappa_c^2/4), theta = atan2(kappa_c/2, Delta_c) (physics
    notes), and the (a, b) entry of the Schur complement vanishes there; (b, a) is the mirror."""
    values = paper.values(
        {**r, "Delta_c": delta_c * r["kappa_c"], "Delta_a": Delta_a, "Delta_b": Delta_b}
    )
    Dc, kc = values["Delta_c"], values["kappa_c"]
    J = r["g_a"] * r["g_b"] / math.sqrt(Dc**2 + kc**2 / 4)
    theta = math.atan2(kc / 2, Dc)
    got = paper.nonreciprocal_coupling(values, "a", "b")
    assert got["J"] == pytest.approx(J, rel=1e-10)
    assert np.exp(1j * got["theta"]) == pytest.approx(np.exp(1j * theta), rel=1e-10)
    M, _ = hand_drift({**values, "J": got["J"], "theta": got["theta"]})
    assert abs(M[0, 1]) <= 1e-12 * np.max(np.abs(M))
    S = Dc**2 + kc**2 / 4  # b still hears a: M_ba = 2 g_a g_b Re(1/(-i Delta_c - kappa_c/2))
    assert M[1, 0] == pytest.approx(-r["g_a"] * r["g_b"] * kc / S, rel=1e-10)
    back = paper.nonreciprocal_coupling(values, "b", "a")
    assert back["J"] == pytest.approx(J, rel=1e-10)
    M, _ = hand_drift({**values, "J": back["J"], "theta": back["theta"]})
    assert abs(M[1, 0]) <= 1e-12 * np.max(np.abs(M))
    # the preset solves the same condition at the values it is given
    pre = paper.preset("nonreciprocal", **{k: values[k] for k in (*r, "Delta_c")})
    assert pre["J"] == pytest.approx(J, rel=1e-10)
    assert abs(paper.drift(pre)[0][0, 1]) <= 1e-12 * np.max(np.abs(paper.drift(pre)[0]))


(
    test_nonreciprocal_coupling_makes_the_drift_triangular,
    test_nonreciprocal_coupling_makes_the_drift_triangular_long,
) = twice(
    _nonreciprocal_coupling_makes_the_drift_triangular,
    SOME,
    r=rates(),
    delta_c=st.floats(-0.3, 0.3),
    Delta_a=st.floats(-1.0, 1.0),
    Delta_b=st.floats(-1.0, 1.0),
)


def test_preset_keeps_overrides_and_decouples_the_charger(paper):
    pre = paper.preset("nonreciprocal", Delta_c=3.0)
    assert pre["Delta_c"] == 3.0
    assert pre["J"] == pytest.approx(25 / math.sqrt(9 + 2500), rel=1e-12)
    assert paper.preset("nonreciprocal", J=0.2)["J"] == 0.2  # an overridden coupling is kept
    # nothing flows back from b: E_a does not depend on the battery's damping or detuning
    t = np.linspace(0.0, 50.0, 201)
    E_a = [
        paper.simulate(paper.preset("nonreciprocal", Delta_c=3.0, **o), t, observables="E_a")
        for o in ({}, {"kappa_b": 0.7}, {"Delta_b": 0.9})
    ]
    assert rel_err(E_a[1]["E_a"], E_a[0]["E_a"]) <= 1e-12
    assert rel_err(E_a[2]["E_a"], E_a[0]["E_a"]) <= 1e-12
    with pytest.raises(ParameterError, match="preset"):
        paper.preset("reciprocal")
    with pytest.raises(ParameterError, match="'c'"):
        paper.nonreciprocal_coupling(None, "a", "c")


# ======================================================================================
# errors and imports
# ======================================================================================
BAD_CALLS = [
    ({"values": {"kappa_b": -1.0}}, "kappa_b"),
    ({"values": {"kappa_b": 0.0}}, "kappa_b"),
    ({"values": {"J": -0.1}}, "J"),
    ({"values": {"n_a": -0.1}}, "n_a"),
    ({"values": {"kappa_q": 1.0}}, "kappa_q"),
    ({"values": {"x": 1, "y": 2}}, "x, y"),
    ({"values": {"F": float("nan")}}, "F"),
    ({"values": {"F": float("inf")}}, "F"),
    ({"values": {"F": "1+1"}}, "F"),
    ({"values": {"kappa_b": True}}, "kappa_b"),
    ({"values": [1.0]}, "values"),
    ({"t": [-1.0, 0.0]}, "t"),
    ({"t": [0.0, float("nan")]}, "t"),
    ({"t": [[0.0, 1.0]]}, "t"),
    ({"t": []}, "t"),
    ({"t": [0.0, 2e15]}, "t"),
    ({"t": ["a"]}, "t"),
    ({"observables": ("E_c",)}, "observables"),
    ({"observables": ("E_a", 1)}, "observables"),
    ({"observables": ()}, "observables"),
    ({"observables": 3}, "observables"),
    ({"initial": {"c": 0.1}}, "initial['c']"),
    ({"initial": {"z": 0.1}}, "initial['z']"),
    ({"initial": {"a": {"n": -1.0}}}, "initial['a'].n"),
    ({"initial": {"a": {"beta": 1.0}}}, "beta"),
    ({"initial": {"a": "1+"}}, "initial['a']"),
    ({"initial": {"a": complex(math.inf, 0)}}, "initial['a']"),
    ({"initial": [0.1]}, "initial"),
    ({"model": "both"}, "model"),
    ({"ergotropy": ("a", "a")}, "ergotropy"),
    ({"ergotropy": ("c",)}, "ergotropy"),
]


@pytest.mark.parametrize(("kwargs", "name"), BAD_CALLS)
def test_parameter_errors_are_one_line_and_name_the_input(paper, kwargs, name):
    call = {"values": None, "t": [0.0, 1.0], **kwargs}
    with pytest.raises(ParameterError) as exc:
        paper.simulate(call.pop("values"), call.pop("t"), **call)
    msg = str(exc.value)
    assert "\n" not in msg and msg.strip() == msg
    assert name in msg


@pytest.mark.parametrize("method", ["steady_state", "moments", "sweep"])
def test_other_entry_points_check_values(paper, method):
    args = {"steady_state": (), "moments": ([0.0, 1.0],), "sweep": ([0.0, 1.0],)}[method]
    with pytest.raises(ParameterError, match="kappa_a = -0.5: must be > 0") as exc:
        getattr(paper, method)({"kappa_a": -0.5}, *args)
    assert "\n" not in str(exc.value)


@pytest.mark.parametrize("thermal", [False, True])
def test_overflow_is_refused_naming_a_parameter(paper, thermal):
    """E_a = omega_a F^2 t^2 (kappa_a ~ 0) leaves the float range: refused, naming the most
    extreme parameter, on either pass."""
    values = {"g_a": 1e-3, "g_b": 1e-3, "J": 0.0, "kappa_a": 1e-100, "omega_a": 1e100}
    values |= {"F": 1e100, "n_a": 0.1 if thermal else 0.0}
    with pytest.raises(ParameterError, match="out of range for double precision") as exc:
        paper.simulate(values, [0.0, 1.0, 1e5], observables=("E_a",))
    assert str(exc.value).startswith("kappa_a = 1e-100") and "\n" not in str(exc.value)
    assert np.isfinite(paper.simulate(values, [0.0, 1.0], observables=("E_a",))["E_a"]).all()


def test_values_are_read_as_floats(paper):
    """Number literals in strings and NumPy scalars are accepted (nothing is evaluated)."""
    tr = paper.simulate({"kappa_b": "0.5", "F": np.float32(0.25), "J": " 1e-1 "}, [0.0, 1.0])
    assert tr.values["kappa_b"] == 0.5 and tr.values["F"] == 0.25 and tr.values["J"] == 0.1
    assert all(type(v) is float for v in tr.values.values())
    same = paper.simulate({"kappa_b": 0.5, "F": 0.25, "J": 0.1}, [0.0, 1.0])
    assert np.array_equal(tr["E_b"], same["E_b"])


def test_eliminated_mode_exists_only_in_the_full_model(paper):
    t = [0.0, 1.0]
    tr = paper.simulate(None, t, model="full", initial={"c": 0.1})
    assert set(tr.amplitude) == {"a", "b", "c"} and tr.amplitude["c"][0] == 0.1
    eff = paper.simulate(None, t)
    assert set(eff.amplitude) == {"a", "b"}
    assert paper.modes_of("full") == ("a", "b", "c") and paper.modes_of() == ("a", "b")


def test_loading_and_simulating_does_not_import_sympy():
    code = (
        "import nrqb_sym, sys; m = nrqb_sym.load_model(); "
        "m.simulate(m.preset('nonreciprocal'), [0, 1]); "
        "m.simulate(m.preset('nonreciprocal', n_b=0.1), [0, 1]); "
        "assert 'sympy' not in sys.modules, sorted(k for k in sys.modules if 'sympy' in k)[:5]; "
        "print('ok')"
    )
    root = Path(nrqb_sym.__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "ok"


def test_unphysical_values_warn_with_mode_and_time():
    """A negative occupation beyond rounding warns once per mode, naming the mode and the first
    time; rounding-level negatives (relative 1e-9, or below 1e-12) and physical traces do not."""
    import warnings

    from nrqb_sym import UnphysicalWarning
    from nrqb_sym.runtime.model import _warn_unphysical

    t = np.linspace(0.0, 3.0, 4)
    with pytest.warns(UnphysicalWarning, match=r"occupation of b is negative \(-0\.2\) at t = 2"):
        _warn_unphysical(t, {"a": np.ones(4), "b": np.array([0.0, 0.1, -0.2, -0.3])}, "occupation")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _warn_unphysical(t, {"a": np.array([0.0, -1e-13, 1.0, 2.0])}, "occupation")
        _warn_unphysical(t, {"a": np.array([0.0, -1e-10, 1e3, 2e3])}, "ergotropy")
        cm = nrqb_sym.load_model()
        cm.simulate({"n_b": 0.3}, np.linspace(0, 20, 41), initial={"a": {"alpha": 0.5, "r": 0.4}})
