r"""Random model files against an independent Gaussian reference.

Two parts.

1. The reference (:mod:`gaussian_reference`) is checked against cases done by hand: a driven
   damped cavity (:math:`\langle a\rangle(t) = -iF(1 - e^{-\lambda t})/\lambda`,
   :math:`\lambda = \kappa/2 + i\Delta`), a thermal cavity
   (:math:`\langle a'a\rangle = n_{th} + (n_0 - n_{th})e^{-\kappa t}`), resonant two-mode squeezing
   below threshold (:math:`n = 2G^2/(\kappa^2 - 4G^2)`, derived in the test), squeezed thermal
   starts (Gerry-Knight), against ``qutip.mesolve`` for a two-mode model with every kind of term,
   its two solution routes against each other on random models of every size, and against the
   paper model's shipped kernels.  Its Gaussian ergotropies are checked against closed forms
   (coherent: :math:`\omega|\alpha|^2`; thermal: 0; squeezed vacuum:
   :math:`\omega\sinh^2 r`; a two-mode squeezed vacuum: 0 per mode and its whole energy jointly),
   its Williamson form against its definition (:math:`SVS^T = \nu\oplus\nu`,
   :math:`S\Omega S^T = \Omega`) and against random symplectic transformations (none goes below
   the passive energy).  Its Langevin elimination keeps pure-loss models coherent and converges
   to the full model as :math:`\kappa_c` grows.

2. Hypothesis draws model *structures* (:mod:`model_strategies`: 1 to 11 kept modes plus the bad
   cavity, so up to 12 modes; mostly small ones), writes each as a model file, loads it with
   :func:`nrqb_sym.load_model` and compares, over a time grid including ``t = 0`` and late
   times, for several parameter draws per model (from vacuum and from random displaced squeezed
   thermal product starts):

   * the full model with the reference, the effective model with the reference eliminated
     numerically in the quadrature picture (Langevin), and the steady states of both;
   * amplitudes, occupations, energies, powers, the single-mode Gaussian ergotropy of every mode
     with an energy (reference: symplectic eigenvalue of the mode's covariance) and the joint
     ergotropy of two modes (``ergotropy=("x", "y")``; reference: Williamson form computed here),
     and every first and second moment of ``CompiledModel.moments`` (means, the covariance
     ``W = V - I/2``, ``Moments.normal()``, ``Moments.value``), at relative tolerance
     :data:`RTOL` (each quantity relative to its largest value along the trace);
   * the exceptional points ``CompiledModel.exceptional_points`` returns: at each, the
     reference drift has two coalescing eigenvalues with one eigenvector (defective).

   Exceptional points are included on purpose: tuned one-way networks (every pair of kept modes
   coupled so that no mode acts back on an earlier one, random sizes 2-5) whose EPs are known in
   closed form (equal :math:`\Lambda_x = \kappa_x + 4g_x^2/\kappa_c`); the package must find
   exactly those, the reference must be defective there, and traces at an EP must agree with the
   reference.  The shipped paper model at its EP (:math:`\kappa_a = \kappa_b`) likewise.

Drawn model files go to ``$NRQB_TEST_MODEL_DIR`` or pytest's cache folder (kept between runs:
a model text is derived and compiled once).  The default run loads 6 new models here (3 drawn,
one large, 2 one-way networks); ``pytest -m slow`` runs 60 more.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pytest
import scipy.linalg as sla
from gaussian_reference import (
    GaussianModel,
    ProductState,
    QuadratureSystem,
    amplitude_drift,
    eliminate,
    evolve,
    joint_ergotropy,
    mode_ergotropy,
    moments_from,
    quadrature_system,
    steady,
    symplectic_form,
    williamson,
)
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from model_strategies import (
    RandomModel,
    load_text,
    one_way_ep_values,
    one_way_networks,
    one_way_values,
    parameter_values,
    product_states,
    random_models,
    reference_state,
    stable,
    trace_errors,
)

from nrqb_sym import ParameterError, load_model

#: agreement of the package with the reference (relative, per mode and quantity)
RTOL = 1e-6
#: quantities whose largest value is below FLOOR x (largest of their group) are measured
#: relative to that instead
FLOOR = 1e-6
#: the reference against closed forms / its own second route
REF_RTOL = 1e-10

T_GRID = np.concatenate(
    [[0.0], np.geomspace(1e-3, 1.0, 6), np.linspace(2.0, 40.0, 20), [80.0, 200.0]]
)

CI = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def rel_err(got, want, scale: float | None = None) -> float:
    """``max|got - want| / max(max|want|, scale)``."""
    got = np.asarray(got)
    want = np.asarray(want)
    assert got.shape == want.shape, (got.shape, want.shape)
    assert np.all(np.isfinite(got)), "non-finite values"
    s = max(float(np.max(np.abs(want))), scale or 0.0, 1e-300)
    return float(np.max(np.abs(got - want))) / s


# ================================================================ part 1: the reference itself
def single_mode(Delta, kappa, F=0.0, n_th=0.0) -> GaussianModel:
    jumps = [([math.sqrt(kappa * (n_th + 1))], [0.0]), ([0.0], [math.sqrt(kappa * n_th)])]
    return GaussianModel(("a",), [[Delta]], [[0.0]], [F], jumps)


@pytest.mark.parametrize("Delta,kappa,F", [(0.0, 1.0, 0.5), (0.7, 0.3, 1.2), (-2.0, 0.05, 0.1)])
def test_reference_driven_damped_cavity(Delta, kappa, F):
    """H = Delta a'a + F(a + a'), kappa D[a]: <a> = -iF(1 - e^{-lt})/l, <a'a> = |<a>|^2."""
    t = T_GRID
    mo = evolve(quadrature_system(single_mode(Delta, kappa, F)), t)
    lam = kappa / 2 + 1j * Delta
    a = -1j * F / lam * (1 - np.exp(-lam * t))
    assert rel_err(mo.amplitudes[:, 0], a) < REF_RTOL
    assert rel_err(mo.occupations[:, 0], np.abs(a) ** 2) < REF_RTOL
    # the power route: d<a'a>/dt = 2 Re(<a>^* d<a>/dt), d<a>/dt = -iF e^{-lt}
    assert (
        rel_err(mo.occupation_rates[:, 0], 2 * np.real(np.conj(a) * (-1j * F * np.exp(-lam * t))))
        < REF_RTOL
    )
    ss = steady(quadrature_system(single_mode(Delta, kappa, F)))
    assert abs(ss.amplitudes[0, 0] - (-1j * F / lam)) < REF_RTOL * abs(F / lam)
    # the drift of <a> is -(kappa/2 + i Delta)
    M = amplitude_drift(quadrature_system(single_mode(Delta, kappa, F)))
    assert M.shape == (1, 1) and abs(M[0, 0] + lam) < 1e-15 * abs(lam)


@pytest.mark.parametrize("kappa,n_th,n0", [(1.0, 0.3, 0.0), (0.2, 2.0, 0.5), (3.0, 1e-4, 0.0)])
def test_reference_thermal_cavity(kappa, n_th, n0):
    """kappa(n+1)D[a] + kappa n D[a']: <a'a> = n + (n0 - n) e^{-kappa t} (small n: relative)."""
    sys_ = quadrature_system(single_mode(0.4, kappa, n_th=n_th))
    mo = evolve(sys_, T_GRID, ProductState(np.array([0j]), np.array([n0])))
    want = n_th + (n0 - n_th) * np.exp(-kappa * T_GRID)
    assert rel_err(mo.occupations[:, 0], want) < REF_RTOL
    assert abs(steady(sys_).occupations[0, 0] / n_th - 1) < REF_RTOL
    # a thermal state has no ergotropy
    assert np.max(np.abs(mode_ergotropy(mo, "a", 1.3))) < 1e-14


@pytest.mark.parametrize("G,kappa", [(0.1, 1.0), (0.3, 1.0), (0.45, 1.0), (0.2, 0.5)])
def test_reference_two_mode_squeezing_below_threshold(G, kappa):
    r"""H = G(ab + a'b'), kappa D[a] + kappa D[b], resonant.

    By hand: :math:`\dot n_a = iG(m - m^*) - \kappa n_a` with :math:`m = \langle ab\rangle`, and
    :math:`\dot m = -iG(n_a + n_b + 1) - \kappa m`.  Symmetric steady state:
    :math:`m = -iG(2n + 1)/\kappa`, :math:`\kappa n = 2G^2(2n + 1)/\kappa`, so
    :math:`n = 2G^2/(\kappa^2 - 4G^2)` (threshold :math:`G = \kappa/2`).
    """
    s = np.array([[0.0, G], [G, 0.0]])
    jumps = [([math.sqrt(kappa), 0.0], [0.0, 0.0]), ([0.0, math.sqrt(kappa)], [0.0, 0.0])]
    model = GaussianModel(("a", "b"), np.zeros((2, 2)), s, [0.0, 0.0], jumps)
    sys_ = quadrature_system(model)
    assert sys_.stability_margin() == pytest.approx(kappa / 2 - G)
    n = 2 * G**2 / (kappa**2 - 4 * G**2)
    ss = steady(sys_)
    np.testing.assert_allclose(ss.occupations[0], [n, n], rtol=REF_RTOL)
    np.testing.assert_allclose(
        ss.anomalous()[0, 0, 1], -1j * G * (2 * n + 1) / kappa, rtol=REF_RTOL
    )
    late = evolve(sys_, [400.0 / kappa])
    np.testing.assert_allclose(late.occupations[0], [n, n], rtol=1e-8)
    # squeezing couples <x> to <x'>: the spectrum is that of the 4 x 4 drift,
    # eigenvalues -kappa/2 +- G (each twice)
    M = amplitude_drift(sys_)
    assert M.shape == (4, 4)
    ev = np.sort(np.linalg.eigvals(M).real)
    np.testing.assert_allclose(ev, [-kappa / 2 - G] * 2 + [-kappa / 2 + G] * 2, atol=1e-12)


def general_two_mode() -> GaussianModel:
    """Every kind of term: detunings, a complex hopping, two- and one-mode squeezing with phases,
    complex drives, a thermal bath, a pure gain channel and a collective jump ``a - i b``."""
    h = np.array([[0.3, 0.4 * np.exp(0.7j)], [0.4 * np.exp(-0.7j), -0.2]])
    s = np.array([[0.08 * np.exp(-0.4j), 0.1 * np.exp(1.1j)], [0.1 * np.exp(1.1j), 0.0]])
    f = np.array([0.15 * np.exp(0.3j), -0.05j])
    ka, kb, nb = 0.9, 0.7, 0.1
    jumps = [
        ([math.sqrt(ka), 0], [0, 0]),
        ([0, math.sqrt(kb * (nb + 1))], [0, 0]),
        ([0, 0], [0, math.sqrt(kb * nb)]),
        ([math.sqrt(0.2), -1j * math.sqrt(0.2)], [0, 0]),
        ([0, 0], [math.sqrt(0.05), 0]),
    ]
    return GaussianModel(("a", "b"), h, s, f, tuple(jumps))


def test_reference_against_qutip():
    """The reference's derivation of A and D, against a Fock-space master equation."""
    qt = pytest.importorskip("qutip")
    model = general_two_mode()
    cut = 12
    a = qt.tensor(qt.destroy(cut), qt.qeye(cut))
    b = qt.tensor(qt.qeye(cut), qt.destroy(cut))
    x = [a, b]
    H = 0 * a.dag() * a
    for i in range(2):
        H += model.f[i] * x[i].dag() + np.conj(model.f[i]) * x[i]
        for j in range(2):
            H += model.h[i, j] * x[i].dag() * x[j]
            H += 0.5 * (
                model.s[i, j] * x[i].dag() * x[j].dag() + np.conj(model.s[i, j]) * x[i] * x[j]
            )
    c_ops = [sum(u[i] * x[i] + v[i] * x[i].dag() for i in range(2)) for u, v in model.jumps]
    # a: coherent; b: displaced squeezed thermal D(beta) S(xi) rho_th(n) S' D', xi = r e^{i phi}
    start = ProductState(
        np.array([0.2 - 0.1j, 0.1j]),
        np.array([0.0, 0.05]),
        np.array([0.0, 0.15]),
        np.array([0.0, 1.0]),
    )
    b0 = qt.displace(cut, start.alpha[1]) * qt.squeeze(cut, 0.15 * np.exp(1.0j))
    rho0 = qt.tensor(
        qt.ket2dm(qt.coherent(cut, start.alpha[0])), b0 * qt.thermal_dm(cut, 0.05) * b0.dag()
    )
    t = np.linspace(0.0, 8.0, 9)
    e_ops = [a, b, a.dag() * a, b.dag() * b, a.dag() * b, a * b]
    res = qt.mesolve(
        H, rho0, t, c_ops, e_ops=e_ops, options={"atol": 1e-11, "rtol": 1e-10, "nsteps": 100000}
    )
    mo = evolve(quadrature_system(model), t, start)
    normal, anom = mo.normal(), mo.anomalous()
    pairs = [
        (res.expect[0], mo.amplitudes[:, 0]),
        (res.expect[1], mo.amplitudes[:, 1]),
        (res.expect[2], mo.occupations[:, 0]),
        (res.expect[3], mo.occupations[:, 1]),
        (res.expect[4], normal[:, 0, 1]),
        (res.expect[5], anom[:, 0, 1]),
    ]
    errs = [rel_err(want, got) for want, got in pairs]
    assert max(errs) < 1e-6, errs
    assert np.max(mo.occupations) > 0.05  # not a trivially empty comparison


@pytest.mark.parametrize("alpha,n0,r,phi", [(0.3 - 0.2j, 0.0, 0.4, 0.0), (0.1j, 0.3, 0.25, 2.0)])
def test_reference_squeezed_thermal_start(alpha, n0, r, phi):
    """Gerry-Knight: <x'x> = |alpha|^2 + (n + 1/2) cosh 2r - 1/2,
    <xx> = alpha^2 - (n + 1/2) e^{i phi} sinh 2r; ergotropy of a displaced squeezed thermal
    state: omega(<x'x> - n) (its passive state is the thermal one)."""
    mo = evolve(
        quadrature_system(single_mode(0.0, 1.0)),
        [0.0],
        ProductState(np.array([alpha]), np.array([n0]), np.array([r]), np.array([phi])),
    )
    N = (n0 + 0.5) * math.cosh(2 * r) - 0.5
    M = -(n0 + 0.5) * np.exp(1j * phi) * math.sinh(2 * r)
    assert abs(mo.occupations[0, 0] - (abs(alpha) ** 2 + N)) < 1e-14
    assert abs(mo.anomalous()[0, 0, 0] - (alpha**2 + M)) < 1e-14
    assert abs(mo.amplitudes[0, 0] - alpha) < 1e-15
    w = 1.7
    want = w * (abs(alpha) ** 2 + N - n0)
    assert abs(mode_ergotropy(mo, "a", w)[0] - want) < 1e-13
    assert abs(joint_ergotropy(mo, ["a"], [w])[0] - want) < 1e-13


def test_reference_ergotropy_of_a_two_mode_squeezed_vacuum():
    r"""A two-mode squeezed vacuum :math:`e^{r(ab - a'b')}|0\rangle` with
    :math:`\langle a'a\rangle = \langle b'b\rangle = \sinh^2 r`,
    :math:`\langle ab\rangle = -\sinh r\cosh r`: each mode alone is thermal (ergotropy 0), the
    pair is pure (symplectic eigenvalues 1/2): its joint ergotropy is its whole energy, also
    with unequal frequencies."""
    r = 0.6
    n, m = math.sinh(r) ** 2, -math.sinh(r) * math.cosh(r)
    # W from <x'x> = (W_qq + W_pp)/2, <xy> = (W_qaqb - W_papb)/2 + i(...)
    W = np.zeros((4, 4))
    W[0, 0] = W[1, 1] = W[2, 2] = W[3, 3] = n
    W[0, 1] = W[1, 0] = m
    W[2, 3] = W[3, 2] = -m
    from gaussian_reference import Moments

    mo = Moments(("a", "b"), np.array([0.0]), np.zeros((1, 4)), W[None], 0 * W[None], 0 * W[None])
    assert abs(mo.anomalous()[0, 0, 1] - m) < 1e-15 and abs(mo.occupations[0, 0] - n) < 1e-15
    assert abs(mode_ergotropy(mo, "a", 1.0)[0]) < 1e-13
    for wa, wb in [(1.0, 1.0), (0.7, 1.9)]:
        assert abs(joint_ergotropy(mo, ["a", "b"], [wa, wb])[0] - (wa + wb) * n) < 1e-12


@settings(CI, max_examples=20)
@given(st.integers(1, 4), st.data())
def test_reference_williamson(k, data):
    """``williamson``: S symplectic, S V S^T = diag(nu, nu), nu the moduli of the eigenvalues
    of i Omega V; no random symplectic transformation lowers the energy below the passive
    energy sum(omega_up (nu_down - 1/2)) (random S = expm(Omega H) with H symmetric)."""
    seed = data.draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(2 * k, 2 * k))
    V = X @ X.T + 0.5 * np.eye(2 * k)  # V >= I/2: a physical covariance (V + i Omega/2 >= 0)
    nu, S = williamson(V)
    Om = symplectic_form(k)
    np.testing.assert_allclose(S @ Om @ S.T, Om, atol=1e-10)
    np.testing.assert_allclose(S @ V @ S.T, np.diag(np.concatenate([nu, nu])), atol=1e-9)
    ev = np.abs(np.linalg.eigvals(1j * Om @ V).real)
    np.testing.assert_allclose(np.sort(nu), np.sort(ev)[::2], rtol=1e-10)
    w = rng.uniform(0.5, 2.0, size=k)
    Hq = np.diag(np.concatenate([w, w])) / 2
    passive = float(np.sort(nu)[::-1] @ np.sort(w))
    for _ in range(20):
        Hs = rng.normal(size=(2 * k, 2 * k))
        T = sla.expm(Om @ (Hs + Hs.T) * 0.3)
        np.testing.assert_allclose(T @ Om @ T.T, Om, atol=1e-9)
        assert np.trace(Hq @ T @ V @ T.T) >= passive * (1 - 1e-12)
    # and the Williamson S reaches it after the best permutation of modes
    Sd = S @ V @ S.T
    order = np.argsort(-nu)
    perm = np.empty(k, dtype=int)
    perm[np.argsort(w)] = order
    P = np.zeros((2 * k, 2 * k))
    for i in range(k):
        P[i, perm[i]] = P[k + i, k + perm[i]] = 1.0
    assert abs(np.trace(Hq @ P @ Sd @ P.T) - passive) < 1e-9 * passive


@settings(CI, max_examples=8)
@given(random_models(), st.data())
def test_reference_two_routes(model: RandomModel, data):
    """Kronecker-sum exponentials against steady state + e^{At}(.)e^{A^Tt} on drawn models of
    every size (up to 12 modes)."""
    values = model.defaults
    assume(stable(model, values))
    sys_ = model.system(values)
    start = data.draw(product_states(model.modes))
    init = reference_state(start, model.modes)
    a, b = evolve(sys_, T_GRID, init), moments_from(sys_, T_GRID, init)
    assert rel_err(a.occupations, b.occupations) < 1e-9
    assert rel_err(a.amplitudes, b.amplitudes) < 1e-9
    assert rel_err(a.occupation_rates, b.occupation_rates) < 1e-8
    assert rel_err(a.anomalous(), b.anomalous()) < 1e-9


def paper_numbers(p: Mapping[str, float]) -> GaussianModel:
    """The paper's three-mode model (physics.md) as reference numbers."""
    J = p["J"] * np.exp(1j * p["theta"])
    h = np.array(
        [
            [p["Delta_a"], J, p["g_a"]],
            [np.conj(J), p["Delta_b"], p["g_b"]],
            [p["g_a"], p["g_b"], p["Delta_c"]],
        ]
    )
    jumps = []
    for i, x in enumerate("abc"):
        e = np.eye(3)[i]
        k, n = p[f"kappa_{x}"], p.get(f"n_{x}", 0.0)
        jumps += [(math.sqrt(k * (n + 1)) * e, 0 * e), (0 * e, math.sqrt(k * n) * e)]
    return GaussianModel(("a", "b", "c"), h, np.zeros((3, 3)), [p["F"], 0, 0], tuple(jumps))


def paper_systems(p: Mapping[str, float]) -> dict[str, QuadratureSystem]:
    """Full and eliminated reference systems of the paper model, with its energies."""
    omega = {"a": p["omega_a"], "b": p["omega_b"]}
    full = quadrature_system(paper_numbers(p))
    eff = eliminate(full, ["c"])
    return {
        "full": QuadratureSystem(full.modes, full.A, full.c, full.D, omega),
        "effective": QuadratureSystem(eff.modes, eff.A, eff.c, eff.D, omega),
    }


@pytest.mark.parametrize("thermal", [False, True])
def test_reference_against_paper_kernels(thermal):
    """The reference (full, and Langevin-eliminated) against the shipped paper model's kernels
    (themselves checked against QuTiP in test_qutip.py)."""
    cm = load_model()
    p = cm.preset("nonreciprocal", Delta_a=0.3, Delta_c=2.0, theta=1.2)
    if thermal:
        p = {**p, "n_a": 0.2, "n_b": 0.1, "n_c": 0.05}
    amp = [0.3 + 0.1j, -0.2j, 0.05]
    occ = [0.1, 0.3, 0.02]
    start = {m: {"alpha": a, "n": n} for m, a, n in zip("abc", amp, occ, strict=True)}
    worst = {}
    for model, sys_ in paper_systems(p).items():
        init = {m: s for m, s in start.items() if m in sys_.modes}
        tr = cm.simulate(p, T_GRID, model=model, initial=init)
        mo = evolve(sys_, T_GRID, reference_state(init, sys_.modes))
        for k, v in trace_errors(tr, mo, sys_.omega, FLOOR).items():
            worst[f"{model} {k}"] = v
    assert_agree(worst, 1e-10)


@settings(CI, max_examples=10)
@given(random_models())
def test_langevin_elimination_keeps_pure_loss_coherent(model: RandomModel):
    """With vacuum baths and no squeezing the effective model is pure loss: D_W_eff = 0, i.e.
    D_eff = -(A_eff + A_eff^T)/2, so coherent states stay coherent."""
    values = dict(model.defaults)
    for p in values:
        if p.startswith(("n_", "G_", "r_")):
            values[p] = 0.0
    eff = model.effective(values)
    scale = np.max(np.abs(eff.D))
    assert scale > 0
    assert np.max(np.abs(eff.D_W)) < 1e-12 * max(scale, 1.0)


def test_langevin_elimination_converges_to_full_model():
    """Effective - full shrinks like (g/kappa_c)^2 at fixed Gamma = 4 g^2/kappa_c."""
    errors = []
    for kappa_c in (50.0, 200.0, 800.0):
        g = math.sqrt(kappa_c) / 2  # Gamma = 1
        p = {
            "Delta_a": 0.2, "Delta_b": -0.1, "Delta_c": 0.0, "kappa_a": 0.1, "kappa_b": 0.2,
            "kappa_c": kappa_c, "g_a": g, "g_b": g, "J": 0.5, "theta": math.pi / 2, "F": 0.5,
            "n_b": 0.2,
        }  # fmt: skip
        full = quadrature_system(paper_numbers(p))
        t = np.linspace(0.0, 20.0, 41)
        mf = evolve(full, t)
        me = evolve(eliminate(full, ["c"]), t)
        errors.append(rel_err(me.occupations, mf.occupations[:, :2]))
    ratios = np.array(errors[:-1]) / np.array(errors[1:])
    assert np.all(ratios > 3.0), errors  # 4x per 4x kappa_c
    assert errors[-1] < 5e-3


# =========================================================== part 2: the package vs the reference
@pytest.fixture(scope="session")
def model_dir(request, tmp_path_factory) -> Path:
    """Where drawn model files (and their generated folders) go: ``$NRQB_TEST_MODEL_DIR``, else
    pytest's cache folder (kept between runs: each text is derived and compiled once), else a
    session temporary folder."""
    keep = os.environ.get("NRQB_TEST_MODEL_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        return Path(keep)
    cache = getattr(request.config, "cache", None)
    if cache is not None:
        return Path(cache.mkdir("nrqb-random-models"))
    return tmp_path_factory.mktemp("models")


def is_defective(M: np.ndarray) -> tuple[bool, str]:
    """Whether ``M`` has two (nearly) coalescing eigenvalues with (nearly) one eigenvector: the
    closest pair within 1e-3 of the matrix norm, their normalised eigenvectors parallel to 1e-2,
    and ``M - lambda I`` of rank n - 1 (its second smallest singular value far above the
    smallest).  Returns the verdict and the numbers."""
    ev, U = np.linalg.eig(M)
    n = ev.size
    norm = float(np.max(np.abs(M)))
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    i, j = min(pairs, key=lambda ij: abs(ev[ij[0]] - ev[ij[1]]))
    gap = abs(ev[i] - ev[j])
    u, v = U[:, i] / np.linalg.norm(U[:, i]), U[:, j] / np.linalg.norm(U[:, j])
    overlap = abs(np.vdot(u, v))
    sv = np.linalg.svd(M - 0.5 * (ev[i] + ev[j]) * np.eye(n), compute_uv=False)
    ok = gap <= 1e-3 * norm and overlap >= 1 - 1e-2 and sv[-2] >= 1e2 * max(sv[-1], 1e-300)
    return (
        ok,
        f"gap {gap:.2e} (norm {norm:.2e}), overlap {overlap:.6f}, sv {sv[-2]:.2e}/{sv[-1]:.2e}",
    )


def discriminant(M: np.ndarray) -> complex:
    """prod_{i<j} (lambda_i - lambda_j)^2 of the eigenvalues of ``M``."""
    ev = np.linalg.eigvals(M)
    out = 1.0 + 0j
    for i in range(ev.size):
        for j in range(i + 1, ev.size):
            out *= (ev[i] - ev[j]) ** 2
    return out


def depends(model: RandomModel, values, name: str) -> bool:
    """Whether the reference discriminant of the effective drift changes with ``name``."""
    d = [
        discriminant(amplitude_drift(model.effective({**values, name: values[name] * f})))
        for f in (1.0, 1.7, 3.1)
    ]
    return any(abs(x - d[0]) > 1e-8 * max(abs(d[0]), 1e-300) for x in d[1:]) or (
        amplitude_drift(model.effective(values)).shape[0] > 1 and abs(d[0]) == 0.0
    )


def reference_moments(sys_: QuadratureSystem, t, start: ProductState):
    r"""The reference moments: Kronecker-sum exponentials up to 6 modes, beyond (where the
    Kronecker matrices reach 196 x 196 and more) the steady state plus
    :math:`e^{At}(\cdot)e^{A^Tt}` (the second route, checked against the first on random
    models of every size in :func:`test_reference_two_routes`; the drawn point is stable)."""
    return evolve(sys_, t, start) if sys_.n <= 6 else moments_from(sys_, t, start)


def reference_systems(model: RandomModel, values) -> dict[str, QuadratureSystem]:
    return {"full": model.system(values), "effective": model.effective(values)}


def check_model(
    model: RandomModel,
    value_sets: list[dict[str, float]],
    starts: list[dict | None],
    folder: Path,
    t: np.ndarray = T_GRID,
    ep_parameter: str | None = None,
) -> tuple[dict[str, float], list[str]]:
    """Load ``model``'s file and compare, for each value set and start, the full model with the
    reference and the effective model with the eliminated reference: traces (with the joint
    ergotropy of the first two modes with an energy), every moment, steady states.  With
    ``ep_parameter``, the EPs the package finds in it (effective model, first value set) must be
    defective drifts of the reference.  Returns the largest relative error per (model, group)
    and the problems found."""
    compiled = load_text(model.toml(), folder)
    assert compiled.modes == model.modes
    assert tuple(compiled.kept) == model.kept
    assert set(compiled.energy_modes) == set(model.energies)
    worst: dict[str, float] = {}
    problems: list[str] = []

    def note(prefix: str, errs: Mapping[str, float]) -> None:
        for k, v in errs.items():
            worst[f"{prefix} {k}"] = max(worst.get(f"{prefix} {k}", 0.0), v)

    for values, start in zip(value_sets, starts, strict=True):
        for kind, sys_ in reference_systems(model, values).items():
            init = None if start is None else {m: s for m, s in start.items() if m in sys_.modes}
            pair = tuple(m for m in sys_.modes if m in sys_.omega)[:2]
            trace = compiled.simulate(
                values, t, model=kind, initial=init, ergotropy=pair if len(pair) == 2 else None
            )
            assert set(trace.ergotropy) == set(sys_.omega) | ({pair} if len(pair) == 2 else set())
            moments = compiled.moments(values, t, model=kind, initial=init)
            mo = reference_moments(sys_, t, reference_state(init, sys_.modes))
            note(kind, trace_errors(trace, mo, sys_.omega, FLOOR, moments=moments))
            ss = compiled.steady_state(values, model=kind)
            note(f"{kind} steady", trace_errors(ss, steady(sys_), sys_.omega, FLOOR))
    if ep_parameter is not None:
        values = value_sets[0]
        found = []
        try:
            found = compiled.exceptional_points(values, ep_parameter)
        except ParameterError as exc:
            # allowed when the discriminant does not depend on the parameter (one kept mode:
            # no discriminant at all)
            if "does not depend" not in str(exc) or depends(model, values, ep_parameter):
                problems.append(f"exceptional_points(values, {ep_parameter!r}): {exc}")
        except Exception as exc:  # noqa: BLE001 - any other exception is the finding
            problems.append(
                f"exceptional_points(values, {ep_parameter!r}) raised {type(exc).__name__}: {exc}"
            )
        for ep in found:
            ok, info = is_defective(amplitude_drift(model.effective(ep.values)))
            if not ok:
                problems.append(f"EP {ep_parameter} = {ep.value:.12g} is not defective: {info}")
    return worst, problems


def assert_agree(worst: Mapping[str, float], rtol: float = RTOL, problems=()) -> None:
    """All relative errors <= ``rtol`` and no problems (the errors are printed: visible with
    ``pytest -s``)."""
    print("max relative errors:", ", ".join(f"{k} {v:.1e}" for k, v in sorted(worst.items())))
    bad = {k: v for k, v in worst.items() if not v <= rtol}
    msg = [f"relative errors above {rtol:g}: " + ", ".join(f"{k} {v:.2e}" for k, v in bad.items())]
    assert not bad and not problems, "; ".join((msg if bad else []) + list(problems))


@st.composite
def model_cases(draw, n_values: int = 2, models=None):
    """A stable drawn model, extra stable parameter draws and starts (vacuum first), and a
    decay rate to solve the EP condition for."""
    model = draw(models if models is not None else random_models())
    # energies make the energy, power and ergotropy checks bite (and skip Hypothesis's
    # minimal first example, which has none)
    assume(len(model.energies) >= min(2, len(model.kept)))
    assume(stable(model, model.defaults))
    value_sets = [model.defaults]
    for _ in range(n_values):
        v = draw(parameter_values(model))
        if stable(model, v):
            value_sets.append(v)
    starts = [None] + [draw(product_states(model.modes)) for _ in value_sets[1:]]
    rates = [p for p in model.kinds if p.startswith("kappa_") and p != "kappa_c"]
    return model, value_sets, starts, draw(st.sampled_from(rates))


@settings(CI, max_examples=3)
@given(model_cases())
def test_random_models_match_reference(model_dir, case):
    """Random model files (mostly small): full and effective traces, every moment, ergotropies,
    steady states <= RTOL; the EPs found are EPs of the reference."""
    model, value_sets, starts, rate = case
    worst, problems = check_model(model, value_sets, starts, model_dir, ep_parameter=rate)
    assert_agree(worst, problems=problems)


@settings(CI, max_examples=1)
@given(model_cases(n_values=1, models=random_models(min_kept=11, max_kept=11)))
def test_large_random_model_matches_reference(model_dir, case):
    """One network of the largest size drawn (11 kept modes and the cavity), as :func:`test_random_models_match_reference`; the EP
    condition is solved for the largest decay rate of a kept mode (its default scan window
    reaches 1e3 times it)."""
    model, value_sets, starts, _ = case
    rates = [p for p in model.kinds if p.startswith("kappa_") and p != "kappa_c"]
    rate = max(rates, key=lambda p: value_sets[0][p])
    worst, problems = check_model(model, value_sets, starts, model_dir, ep_parameter=rate)
    assert_agree(worst, problems=problems)


@pytest.mark.slow
@settings(CI, max_examples=int(os.environ.get("NRQB_MODEL_EXAMPLES_SLOW", "60")))
@given(model_cases(n_values=4))
def test_many_random_models_match_reference(model_dir, case):
    """The same as :func:`test_random_models_match_reference` over many more models and sizes."""
    model, value_sets, starts, rate = case
    worst, problems = check_model(model, value_sets, starts, model_dir, ep_parameter=rate)
    assert_agree(worst, problems=problems)


# ----------------------------------------------------------------- exceptional points
def distinct_rates(model: RandomModel, values) -> bool:
    """The Lambda_x of a one-way network differ pairwise (by 1e-2 relative): no EP at the
    drawn point itself, so the EPs in one kappa are isolated."""
    lam = sorted(values[f"kappa_{x}"] + 4 * values[f"g_{x}"] ** 2 / values["kappa_c"]
                 for x in model.kept)  # fmt: skip
    return all(b - a > 1e-2 * b for a, b in zip(lam, lam[1:], strict=False))


@st.composite
def one_way_cases(draw, max_kept: int = 5):
    model = draw(one_way_networks(2, max_kept))
    values = one_way_values(model, draw(parameter_values(model)))
    assume(distinct_rates(model, values))
    mode = draw(st.sampled_from(model.kept))
    expected = one_way_ep_values(model, values, mode)
    assume(expected)
    return model, values, mode, expected, draw(product_states(model.modes, squeeze=False))


def check_one_way(model, values, mode, expected, start, folder) -> None:
    compiled = load_text(model.toml(), folder)
    name = f"kappa_{mode}"
    found = compiled.exceptional_points(values, name)
    got = sorted(ep.value for ep in found)
    lo, hi = values[name] * 1e-3, values[name] * 1e3  # the documented scan window
    want = [x for x in expected if lo <= x <= hi]
    assert len(got) == len(want), (got, want)
    np.testing.assert_allclose(got, want, rtol=1e-4)
    for ep in found:
        assert ep.parameter == name
        ok, info = is_defective(amplitude_drift(model.effective(ep.values)))
        assert ok, f"{name} = {ep.value}: {info}"
        assert abs(ep.values[name] - ep.value) == 0
    # at the EP itself (the closed-form value), traces and steady states against the reference
    at_ep = {**values, name: want[0]}
    ok, info = is_defective(amplitude_drift(model.effective(at_ep)))
    assert ok, info
    worst, problems = check_model(model, [at_ep, at_ep], [None, start], folder)
    assert_agree(worst, problems=problems)


@settings(CI, max_examples=2)
@given(one_way_cases())
def test_one_way_networks_exceptional_points(model_dir, case):
    """Tuned one-way networks (2-5 kept modes): the package finds exactly the EPs of the closed
    form in one decay rate, the reference drift is defective at each, and traces at an EP
    (vacuum and a random start) agree with the reference."""
    check_one_way(*case, model_dir)


@pytest.mark.slow
@settings(CI, max_examples=int(os.environ.get("NRQB_MODEL_EXAMPLES_SLOW", "60")) // 3)
@given(one_way_cases(max_kept=8))
def test_many_one_way_networks_exceptional_points(model_dir, case):
    check_one_way(*case, model_dir)


@pytest.mark.parametrize("kappa,Delta", [(0.05, 0.0), (0.3, 0.4)])
def test_exceptional_point_paper_model(kappa, Delta):
    r"""The shipped paper model, fully nonreciprocal (:math:`J = \Gamma/2`,
    :math:`\theta = \pi/2`, :math:`\Delta_c = 0`) with :math:`\kappa_a = \kappa_b` and
    :math:`\Delta_a = \Delta_b`: the effective drift is a 2 x 2 Jordan block.  The package finds
    the EP at :math:`\kappa_b = \kappa_a`, the reference is defective there, and traces and steady
    states at the EP agree with the reference (vacuum and a thermal displaced start)."""
    cm = load_model()
    g = math.sqrt(100.0) / 2  # Gamma = 4 g^2/kappa_c = 1
    values = {
        "Delta_a": Delta, "Delta_b": Delta, "Delta_c": 0.0, "kappa_a": kappa, "kappa_b": kappa,
        "kappa_c": 100.0, "g_a": g, "g_b": g, "J": 0.5, "theta": math.pi / 2, "F": 0.5,
        "omega_a": 1.0, "omega_b": 1.3,
    }  # fmt: skip
    systems = paper_systems(values)
    M = amplitude_drift(systems["effective"])
    ev = np.linalg.eigvals(M)
    assert abs(ev[0] - ev[1]) < 1e-6 and abs(M[0, 1]) < 1e-12 and abs(M[1, 0]) > 0.5
    assert is_defective(M)[0]
    found = cm.exceptional_points({**values, "kappa_b": 3 * kappa}, "kappa_b")
    assert [round(ep.value / kappa, 9) for ep in found] == [1.0]
    assert is_defective(amplitude_drift(paper_systems(found[0].values)["effective"]))[0]
    t = np.concatenate([T_GRID, np.linspace(0.0, 400.0, 9)[1:]])
    t.sort()
    worst = {}
    for start in (None, {"a": {"alpha": 0.2j, "n": 0.1}, "b": {"alpha": -0.3, "n": 0.05}}):
        for kind, sys_ in systems.items():
            trace = cm.simulate(values, t, model=kind, initial=start, ergotropy=("a", "b"))
            moments = cm.moments(values, t, model=kind, initial=start)
            mo = evolve(sys_, t, reference_state(start, sys_.modes))
            for k, v in trace_errors(trace, mo, sys_.omega, FLOOR, moments=moments).items():
                worst[f"{kind} {k}"] = max(worst.get(f"{kind} {k}", 0.0), v)
            ss = cm.steady_state(values, model=kind)
            for k, v in trace_errors(ss, steady(sys_), sys_.omega, FLOOR).items():
                worst[f"{kind} steady {k}"] = v
    assert_agree(worst)
