r"""Random model files against an independent Gaussian reference.

Two parts.

1. The reference (:mod:`gaussian_reference`) is checked against cases done by hand: a driven
   damped cavity (:math:`\langle a\rangle(t) = -iF(1 - e^{-\lambda t})/\lambda`,
   :math:`\lambda = \kappa/2 + i\Delta`), a thermal cavity
   (:math:`\langle a'a\rangle = n_{th}(1 - e^{-\kappa t})`), resonant two-mode squeezing below
   threshold (:math:`n = 2G^2/(\kappa^2 - 4G^2)`, derived in the test), against ``qutip.mesolve``
   for a two-mode model with every kind of term, its two solution routes against each other, and
   against the paper model's kernels (which are themselves tested against QuTiP).  Its Langevin
   elimination is checked to keep pure-loss models coherent and to converge to the full model as
   :math:`\kappa_c` grows.

2. Hypothesis draws model *structures* (:mod:`model_strategies`), writes each as a model file,
   loads it with :func:`nrqb_sym.load_model` and compares, over a time grid including ``t = 0`` and
   late times and for several parameter draws per model (from vacuum and from random displaced
   squeezed thermal product starts):

   * the full model with the reference,
   * the effective model with the reference eliminated numerically in the quadrature picture,
   * steady states of both,

   amplitudes, occupations, energies, powers and every first and second moment the runtime
   keeps, at relative tolerance :data:`RTOL` (each quantity relative to its largest value along
   the trace).  Derivations are cached by the hash of the model text (one file per text).
   Also the paper-like two-mode nonreciprocal configuration at its exceptional point
   (:math:`\Lambda_a = \Lambda_b`, :math:`\Delta_a = \Delta_b`).
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pytest
from gaussian_reference import (
    GaussianModel,
    ProductState,
    QuadratureSystem,
    eliminate,
    evolve,
    moments_from,
    quadrature_system,
    steady,
)
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from model_strategies import (
    RandomModel,
    load_text,
    parameter_values,
    product_states,
    random_models,
    reference_state,
    stable,
    trace_errors,
)

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
    max_examples=int(os.environ.get("NRQB_MODEL_EXAMPLES", "6")),
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


@pytest.mark.parametrize("kappa,n_th,n0", [(1.0, 0.3, 0.0), (0.2, 2.0, 0.5), (3.0, 1e-4, 0.0)])
def test_reference_thermal_cavity(kappa, n_th, n0):
    """kappa(n+1)D[a] + kappa n D[a']: <a'a> = n + (n0 - n) e^{-kappa t} (small n: relative)."""
    sys_ = quadrature_system(single_mode(0.4, kappa, n_th=n_th))
    mo = evolve(sys_, T_GRID, ProductState(np.array([0j]), np.array([n0])))
    want = n_th + (n0 - n_th) * np.exp(-kappa * T_GRID)
    assert rel_err(mo.occupations[:, 0], want) < REF_RTOL
    assert abs(steady(sys_).occupations[0, 0] / n_th - 1) < REF_RTOL


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
    <xx> = alpha^2 - (n + 1/2) e^{i phi} sinh 2r."""
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


@settings(CI, max_examples=10)
@given(random_models(), st.data())
def test_reference_two_routes(model: RandomModel, data):
    """Kronecker-sum exponentials against steady state + e^{At}(.)e^{A^Tt} on drawn models."""
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


@pytest.mark.parametrize("thermal", [False, True])
def test_reference_against_paper_kernels(thermal):
    """The reference (full, and Langevin-eliminated) against the paper model's kernels."""
    import nrqb_sym as nq

    p = nq.preset("nonreciprocal").replace(Delta_a=0.3, Delta_c=2.0, theta=1.2)
    if thermal:
        p = p.replace(n_a=0.2, n_b=0.1, n_c=0.05)
    d = p.as_dict()
    t = T_GRID
    amp = np.array([0.3 + 0.1j, -0.2j, 0.05])
    occ = np.array([0.1, 0.3, 0.02])
    full = quadrature_system(paper_numbers(d))
    init = nq.InitialState(
        alpha=amp[0], beta=amp[1], gamma=amp[2], n_a0=occ[0], n_b0=occ[1], n_c0=occ[2]
    )
    for model, sys_, start in [
        ("full", full, ProductState(amp, occ)),
        ("effective", eliminate(full, ["c"]), ProductState(amp[:2], occ[:2])),
    ]:
        if model == "effective":
            init = nq.InitialState(alpha=amp[0], beta=amp[1], n_a0=occ[0], n_b0=occ[1])
        tr = nq.simulate(p, t, model=model, initial=init)
        mo = evolve(sys_, t, start)
        assert rel_err(tr.alpha, mo.amplitudes[:, 0]) < 1e-10
        assert rel_err(tr.beta, mo.amplitudes[:, 1]) < 1e-10
        assert rel_err(tr.n_a, mo.occupations[:, 0]) < 1e-10
        assert rel_err(tr.n_b, mo.occupations[:, 1]) < 1e-10
        assert rel_err(tr.P_B, d["omega_b"] * mo.occupation_rates[:, 1]) < 1e-10


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
def model_dir(tmp_path_factory) -> Path:
    """Where drawn model files (and their generated folders) go: ``$NRQB_TEST_MODEL_DIR`` to keep
    them between runs, else a session temporary folder."""
    keep = os.environ.get("NRQB_TEST_MODEL_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        return Path(keep)
    return tmp_path_factory.mktemp("models")


def check_model(
    model: RandomModel,
    value_sets: list[dict[str, float]],
    starts: list[dict | None],
    folder: Path,
    t: np.ndarray = T_GRID,
) -> dict[str, float]:
    """Load ``model``'s file and compare, for each value set and start, the full model with the
    reference and the effective model with the eliminated reference (traces and steady states).
    Returns the largest relative error per (model, group)."""
    compiled = load_text(model.toml(), folder)
    assert compiled.modes == model.modes
    assert tuple(compiled.kept) == model.kept
    worst: dict[str, float] = {}

    def note(prefix: str, errs: Mapping[str, float]) -> None:
        for k, v in errs.items():
            worst[f"{prefix} {k}"] = max(worst.get(f"{prefix} {k}", 0.0), v)

    for values, start in zip(value_sets, starts, strict=True):
        for kind, sys_ in (("full", model.system(values)), ("effective", model.effective(values))):
            init = None if start is None else {m: s for m, s in start.items() if m in sys_.modes}
            trace = compiled.simulate(values, t, model=kind, initial=init)
            mo = evolve(sys_, t, reference_state(init, sys_.modes))
            note(kind, trace_errors(trace, mo, sys_.omega, FLOOR))
            ss = compiled.steady_state(values, model=kind)
            note(f"{kind} steady", trace_errors(ss, steady(sys_), sys_.omega, FLOOR))
    return worst


def assert_agree(worst: Mapping[str, float], rtol: float = RTOL) -> None:
    """All relative errors <= ``rtol`` (the errors are printed: visible with ``pytest -s``)."""
    print("max relative errors:", ", ".join(f"{k} {v:.1e}" for k, v in sorted(worst.items())))
    bad = {k: v for k, v in worst.items() if not v <= rtol}
    assert not bad, f"relative errors above {rtol:g}: " + ", ".join(
        f"{k} {v:.2e}" for k, v in bad.items()
    )


@st.composite
def model_cases(draw, n_values: int = 2):
    """A stable drawn model, extra stable parameter draws and starts (vacuum first)."""
    model = draw(random_models())
    assume(stable(model, model.defaults))
    value_sets = [model.defaults]
    for _ in range(n_values):
        v = draw(parameter_values(model))
        if stable(model, v):
            value_sets.append(v)
    starts = [None] + [draw(product_states(model.modes)) for _ in value_sets[1:]]
    return model, value_sets, starts


@settings(CI)
@given(model_cases())
def test_random_models_match_reference(model_dir, case):
    """Random model files: full and effective traces, steady states, every moment <= RTOL."""
    model, value_sets, starts = case
    assert_agree(check_model(model, value_sets, starts, model_dir))


@pytest.mark.slow
@settings(CI, max_examples=int(os.environ.get("NRQB_MODEL_EXAMPLES_SLOW", "60")))
@given(model_cases(n_values=4))
def test_many_random_models_match_reference(model_dir, case):
    """The same as :func:`test_random_models_match_reference` over many more models."""
    model, value_sets, starts = case
    assert_agree(check_model(model, value_sets, starts, model_dir))


# ----------------------------------------------------------------- an exceptional point
PAPER_LIKE = """\
name = "paper_like"
description = "charger a, battery b, bad cavity c"
modes = ["a", "b", "c"]
eliminate = ["c"]
hamiltonian = "Delta_a*dag(a)*a + Delta_b*dag(b)*b + Delta_c*dag(c)*c + J*(exp(I*theta)*dag(a)*b + exp(-I*theta)*dag(b)*a) + g_a*(dag(a)*c + dag(c)*a) + g_b*(dag(b)*c + dag(c)*b) + F*(a + dag(a))"

[parameters]
Delta_a = "real"
Delta_b = "real"
Delta_c = "real"
kappa_a = "positive"
kappa_b = "positive"
kappa_c = "positive"
g_a = "positive"
g_b = "positive"
J = "nonnegative"
theta = "real"
F = "real"
omega_a = "positive"
omega_b = "positive"

[energies]
a = "omega_a"
b = "omega_b"

[[dissipators]]
rate = "kappa_a"
operator = "a"

[[dissipators]]
rate = "kappa_b"
operator = "b"

[[dissipators]]
rate = "kappa_c"
operator = "c"
"""


def paper_like_values(kappa: float, Delta: float, kappa_c: float = 100.0) -> dict[str, float]:
    """Fully nonreciprocal at Delta_c = 0 (J = Gamma/2, theta = pi/2, Gamma = 4 g^2/kappa_c = 1)
    with kappa_a = kappa_b (so Lambda_a = Lambda_b) and Delta_a = Delta_b: an exceptional point
    of the effective drift."""
    g = math.sqrt(kappa_c) / 2
    return {
        "Delta_a": Delta, "Delta_b": Delta, "Delta_c": 0.0, "kappa_a": kappa, "kappa_b": kappa,
        "kappa_c": kappa_c, "g_a": g, "g_b": g, "J": 0.5, "theta": math.pi / 2, "F": 0.5,
        "omega_a": 1.0, "omega_b": 1.3,
    }  # fmt: skip


@pytest.mark.parametrize("kappa,Delta", [(0.05, 0.0), (0.3, 0.4)])
def test_exceptional_point_paper_like(model_dir, kappa, Delta):
    values = paper_like_values(kappa, Delta)
    model = paper_numbers({**values, "n_a": 0.0})
    full = quadrature_system(model)
    full = QuadratureSystem(full.modes, full.A, full.c, full.D, {"a": 1.0, "b": 1.3})
    eff = eliminate(full, ["c"])
    eff = QuadratureSystem(eff.modes, eff.A, eff.c, eff.D, {"a": 1.0, "b": 1.3})
    # the effective <x> drift is a 2x2 Jordan block: double eigenvalue, not diagonal
    n = 2
    M = eff.A[:n, :n] + 1j * eff.A[n:, :n]  # d<x>/dt block: Re and Im rows of (q + ip)/sqrt2
    ev = np.linalg.eigvals(M)
    assert abs(ev[0] - ev[1]) < 1e-6 and abs(M[0, 1]) < 1e-12 and abs(M[1, 0]) > 0.5
    t = np.concatenate([T_GRID, np.linspace(0.0, 400.0, 9)[1:]])
    t.sort()
    compiled = load_text(PAPER_LIKE, model_dir)
    worst = {}
    for kind, sys_ in (("full", full), ("effective", eff)):
        trace = compiled.simulate(values, t, model=kind)
        mo = evolve(sys_, t)
        for k, v in trace_errors(trace, mo, sys_.omega, FLOOR).items():
            worst[f"{kind} {k}"] = v
        ss = compiled.steady_state(values, model=kind)
        for k, v in trace_errors(ss, steady(sys_), sys_.omega, FLOOR).items():
            worst[f"{kind} steady {k}"] = v
    assert_agree(worst)
