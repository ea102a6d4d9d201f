r"""Hypothesis properties of the runtime over random valid parameters.

Expected relations come from ``/work/shared/physics.md``:

* energies are non-negative and :math:`|\langle a^\dagger b\rangle|^2 \le
  \langle a^\dagger a\rangle\langle b^\dagger b\rangle`;
* fully nonreciprocal coupling (:math:`M_{12} = 0`): :math:`E_A` does not depend on
  :math:`\kappa_b`, and at resonance the steady state has
  :math:`R = (\omega_b/\omega_a)\,4\Gamma^2/\Lambda_b^2`, :math:`\Lambda_b = \kappa_b + \Gamma`
  (``g_a = g_b``);
* EPs: with :math:`J = \Gamma/2` and :math:`\delta = \Delta_a - \Delta_b`, :math:`D = 0` means
  :math:`(\Lambda_b - \Lambda_a)^2 = 4\delta^2` and
  :math:`\cos\theta = \delta(\Lambda_b - \Lambda_a)/(2\Gamma^2)`;
* kernels stay finite and continuous through an EP and at long times.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.linalg as sla
from hypothesis import assume, given
from hypothesis import strategies as st

import nrqb_sym as nq


# ------------------------------------------------------------------------------ references
def drift_dc0(p: nq.Params):
    """physics.md's drift at Delta_c = 0 (independent of the package)."""
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


def drift_schur(p: nq.Params):
    """Effective drift for any Delta_c: Schur complement of the full 3x3 drift on c."""
    Je = p.J * np.exp(1j * p.theta)
    H1 = np.array(
        [[p.Delta_a, Je, p.g_a], [np.conj(Je), p.Delta_b, p.g_b], [p.g_a, p.g_b, p.Delta_c]]
    )
    A = -1j * H1 - 0.5 * np.diag([p.kappa_a, p.kappa_b, p.kappa_c])
    return A[:2, :2] - np.outer(A[:2, 2], A[2, :2]) / A[2, 2]


def discriminant(M):
    return (M[0, 0] - M[1, 1]) ** 2 + 4 * M[0, 1] * M[1, 0]


def evolve(M, f, t):
    x_ss = -np.linalg.solve(M, f)
    return np.array([x_ss - sla.expm(M * tk) @ x_ss for tk in t])


def rel_diff(x, y):
    x, y = np.asarray(x), np.asarray(y)
    return float(np.max(np.abs(x - y)) / max(np.max(np.abs(y)), 1e-300))


# ------------------------------------------------------------------------------ strategies
rates = st.floats(0.01, 3.0)


@st.composite
def general_params(draw) -> nq.Params:
    g_a = draw(st.floats(0.0, 4.0))
    g_b = draw(st.floats(0.0, 4.0))
    ratio = draw(st.floats(10.5, 300.0))
    return nq.Params(
        Delta_a=draw(st.floats(-3.0, 3.0)),
        Delta_b=draw(st.floats(-3.0, 3.0)),
        Delta_c=draw(st.floats(-20.0, 20.0)),
        kappa_a=draw(rates),
        kappa_b=draw(rates),
        kappa_c=ratio * max(g_a, g_b, 0.05),
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
    Gamma = draw(st.floats(0.05, 5.0))
    x = 0.0 if resonant else draw(st.floats(-3.0, 3.0))  # Delta_c / kappa_c
    # Gamma = 4 g^2 kappa_c / (4 Delta_c^2 + kappa_c^2): kappa_c/g = sqrt(4 ratio) > 10
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


T = np.concatenate([np.linspace(0.0, 40.0, 81), [100.0, 300.0]])


# -------------------------------------------------------------------------- positivity etc.
@given(general_params())
def test_energies_nonnegative_and_cauchy_schwarz(p):
    for model in nq.MODELS:
        tr = nq.simulate(p, T, model=model)
        assert np.all(np.isfinite(tr.E_A)) and np.all(np.isfinite(tr.E_B))
        assert np.all(tr.E_A >= 0) and np.all(tr.E_B >= 0)
        assert tr.E_A[0] == 0 and tr.E_B[0] == 0  # vacuum start
        np.testing.assert_allclose(tr.E_A, p.omega_a * tr.n_a, rtol=1e-12)
        np.testing.assert_allclose(tr.E_B, p.omega_b * tr.n_b, rtol=1e-12)
        lhs = np.abs(tr.ab) ** 2
        rhs = tr.n_a * tr.n_b
        assert np.all(lhs <= rhs * (1 + 1e-12) + 1e-300)
        ok = tr.E_A > 0
        assert np.all((tr.eta[ok] >= 0) & (tr.eta[ok] <= 1))


@given(general_params())
def test_steady_state_is_long_time_limit(p):
    """Rates >= 0.01 bound every decay from below: t = 1e4 is ~e^-50 from the steady state."""
    for model in nq.MODELS:
        tr = nq.simulate(p, [0.0, 1e2, 1e3, 1e4], model=model)
        ss = nq.steady_state(p, model=model)
        for field in ("E_A", "E_B", "P_B", "alpha", "beta"):
            assert np.all(np.isfinite(getattr(tr, field)))
        assert tr.E_A[-1] == pytest.approx(ss.E_A, rel=1e-8, abs=1e-14)
        assert tr.E_B[-1] == pytest.approx(ss.E_B, rel=1e-8, abs=1e-14)
        scale = max(ss.E_A, ss.E_B, 1e-300)
        assert abs(tr.P_B[-1]) <= 1e-8 * scale


# ------------------------------------------------------------------------- nonreciprocity
@given(nonreciprocal_inputs(), rates)
def test_charger_independent_of_kappa_b(inputs, other_kappa_b):
    p1 = nq.Params.nonreciprocal(**inputs)
    p2 = nq.Params.nonreciprocal(**{**inputs, "kappa_b": other_kappa_b})
    assert p1.g_a == p2.g_a and p1.J == p2.J and p1.theta == p2.theta
    t1 = nq.simulate(p1, T)
    t2 = nq.simulate(p2, T)
    assert rel_diff(t1.E_A, t2.E_A) <= 1e-9
    assert rel_diff(t1.alpha, t2.alpha) <= 1e-9
    s1, s2 = nq.steady_state(p1), nq.steady_state(p2)
    assert s1.E_A == pytest.approx(s2.E_A, rel=1e-9)


@given(nonreciprocal_inputs(resonant=True))
def test_resonant_steady_state_ratio(inputs):
    p = nq.Params.nonreciprocal(**inputs)
    G = inputs["Gamma"]
    Lb = inputs["kappa_b"] + G  # g_a = g_b: Gamma_b = Gamma
    La = inputs["kappa_a"] + G
    R = (inputs["omega_b"] / inputs["omega_a"]) * 4 * G**2 / Lb**2
    ss = nq.steady_state(p)
    assert ss.R == pytest.approx(R, rel=1e-9)
    assert ss.eta == pytest.approx(R / (1 + R), rel=1e-9)
    # the charger alone: a_ss = -2iF/Lambda_a
    assert ss.E_A == pytest.approx(inputs["omega_a"] * 4 * inputs["F"] ** 2 / La**2, rel=1e-9)
    # and the trace's long-time ratio converges to the same number
    tr = nq.simulate(p, [1e4])
    assert tr.R[0] == pytest.approx(R, rel=1e-8)
    # the full model shares the steady state exactly
    assert nq.steady_state(p, model="full").R == pytest.approx(R, rel=1e-9)


def test_fourfold_example_from_physics_md():
    p = nq.preset("nonreciprocal")
    ss = nq.steady_state(p)
    assert round(ss.R, 3) == 3.628
    assert round(ss.eta, 3) == 0.784
    # the "fourfold" limit kappa_b << Gamma
    small = nq.steady_state(nq.preset("nonreciprocal", kappa_b=1e-6))
    assert small.R == pytest.approx(4.0, rel=1e-5)


@given(nonreciprocal_inputs(resonant=True))
def test_resonant_charger_closed_form(inputs):
    """physics.md Eq. 7: <a>(t) = a_ss (1 - exp(-Lambda_a t / 2)), a_ss = -2iF/Lambda_a."""
    p = nq.Params.nonreciprocal(**inputs)
    La = inputs["kappa_a"] + inputs["Gamma"]
    a_ss = -2j * inputs["F"] / La
    want = a_ss * (1 - np.exp(-La * T / 2))
    tr = nq.simulate(p, T)
    np.testing.assert_allclose(tr.alpha, want, rtol=1e-9, atol=1e-12 * abs(a_ss))


# --------------------------------------------------------------------- exceptional points
def _ep_neighbours(base: nq.Params, t):
    k = base.kappa_a
    out = {}
    for s in (-1e-12, 0.0, 1e-12):
        p = base.replace(kappa_b=k * (1 + s))
        out[s] = (nq.simulate(p, t), nq.steady_state(p))
    return out


@given(
    st.floats(0.05, 5.0),
    rates,
    st.floats(30.0, 2000.0),
    st.floats(0.01, 2.0),
)
def test_traces_finite_and_continuous_through_resonant_ep(Gamma, kappa, ratio, F):
    base = nq.Params.nonreciprocal(
        Gamma=Gamma, kappa_a=kappa, kappa_b=kappa, kappa_c=ratio * Gamma, F=F
    )
    assert base.kappa_b == base.kappa_a  # exactly on the EP
    t = np.concatenate([np.linspace(0.0, 60.0 / (kappa + Gamma), 61), [1e4]])
    res = _ep_neighbours(base, t)
    tr0, ss0 = res[0.0]
    for field in ("alpha", "beta", "E_A", "E_B", "P_B"):
        assert np.all(np.isfinite(getattr(tr0, field))), field
    for s in (-1e-12, 1e-12):
        tr, ss = res[s]
        for field in ("alpha", "beta", "E_A", "E_B", "P_B"):
            assert rel_diff(getattr(tr, field), getattr(tr0, field)) <= 1e-10, field
        assert ss.E_B == pytest.approx(ss0.E_B, rel=1e-10)
    # at the EP itself, against expm (which has no trouble with a defective matrix)
    M, f = drift_dc0(base)
    X = evolve(M, f, t)
    np.testing.assert_allclose(tr0.beta, X[:, 1], rtol=1e-9, atol=1e-12 * np.max(np.abs(X[:, 1])))


def test_paper_closed_form_for_battery_at_ep():
    """At Lambda_a = Lambda_b = L (resonance, M21 = -Gamma) the 0/0 limit of the naive form is
    <b>(t) = -Gamma a_ss [(2/L)(1 - e^{-L t/2}) - t e^{-L t/2}]."""
    G, k = 1.0, 0.3
    p = nq.Params.nonreciprocal(Gamma=G, kappa_a=k, kappa_b=k, kappa_c=100.0, F=0.5)
    L = k + G
    a_ss = -2j * 0.5 / L
    t = np.linspace(0.0, 40.0, 81)
    # d<b>/dt = -Gamma <a> - L/2 <b>, <a> = a_ss (1 - e^{-Lt/2}); solved by hand:
    e = np.exp(-L * t / 2)
    b = -G * a_ss * (2 / L * (1 - e) - t * e)
    tr = nq.simulate(p, t)
    np.testing.assert_allclose(tr.beta, b, rtol=1e-9, atol=1e-13)


def test_ep_solver_finds_resonant_ep():
    p = nq.preset("nonreciprocal", kappa_b=0.3)
    eps = nq.exceptional_points(p, "kappa_b")
    assert len(eps) == 1
    assert eps[0].value == pytest.approx(p.kappa_a, rel=1e-6)
    assert eps[0].parameter == "kappa_b"
    assert np.isfinite(eps[0].eigenvalue)
    # double eigenvalue -(Lambda_a)/2 at resonance
    assert eps[0].eigenvalue == pytest.approx(-(p.kappa_a + 1.0) / 2, rel=1e-6)


@st.composite
def ep_setup(draw):
    Gamma = draw(st.floats(0.2, 3.0))
    delta = draw(st.floats(0.02, 0.9)) * Gamma * draw(st.sampled_from([-1, 1]))
    sign = draw(st.sampled_from([-1, 1]))
    kappa_a = draw(st.floats(0.01, 2.0))
    u = 2 * sign * abs(delta)  # Lambda_b - Lambda_a
    kappa_b = kappa_a + u
    assume(kappa_b > 0.005)
    Delta_b = draw(st.floats(-1.0, 1.0))
    cos_theta = delta * u / (2 * Gamma**2)
    return dict(
        Gamma=Gamma,
        delta=delta,
        kappa_a=kappa_a,
        kappa_b=kappa_b,
        Delta_a=Delta_b + delta,
        Delta_b=Delta_b,
        cos_theta=cos_theta,
    )


def _ep_params(s, kappa_b, theta):
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


@given(ep_setup())
def test_ep_for_kappa_b_satisfies_physics_relations(s):
    theta = math.acos(s["cos_theta"])
    p = _ep_params(s, kappa_b=s["kappa_a"] + 1.0, theta=theta)  # a start value, not the EP
    eps = nq.exceptional_points(p, "kappa_b")
    assert len(eps) == 1, eps
    kb = eps[0].value
    u = kb - s["kappa_a"]  # Lambda_b - Lambda_a, since Gamma_a = Gamma_b
    assert u**2 == pytest.approx(4 * s["delta"] ** 2, rel=1e-6)
    assert math.cos(theta) == pytest.approx(
        s["delta"] * u / (2 * s["Gamma"] ** 2), rel=1e-6, abs=1e-9
    )
    assert kb == pytest.approx(s["kappa_b"], rel=1e-6)


@given(ep_setup())
def test_ep_for_theta_satisfies_physics_relations(s):
    p = _ep_params(s, kappa_b=s["kappa_b"], theta=0.3)
    eps = nq.exceptional_points(p, "theta")
    values = sorted(e.value for e in eps)
    want = sorted([math.acos(s["cos_theta"]), -math.acos(s["cos_theta"])])
    assert len(values) == 2, eps
    np.testing.assert_allclose(values, want, rtol=0, atol=1e-6)
    u = s["kappa_b"] - s["kappa_a"]
    for v in values:
        assert math.cos(v) == pytest.approx(s["delta"] * u / (2 * s["Gamma"] ** 2), abs=1e-7)


def test_ep_at_delta_a_02():
    """The documented example: Delta_a = 0.2, Gamma = 1, kappa_a = 0.05, J = Gamma/2."""
    G, delta, ka = 1.0, 0.2, 0.05
    cos_theta = delta * (2 * delta) / (2 * G**2)
    p = nq.preset("nonreciprocal", Delta_a=delta, kappa_b=0.3, theta=math.acos(cos_theta))
    (ep,) = nq.exceptional_points(p, "kappa_b")
    assert (ep.value - ka) ** 2 == pytest.approx(4 * delta**2, rel=1e-6)
    assert ep.value == pytest.approx(ka + 2 * delta, rel=1e-6)
    thetas = nq.exceptional_points(p.replace(kappa_b=ka + 2 * delta), "theta")
    np.testing.assert_allclose(
        sorted(e.value for e in thetas), [-math.acos(cos_theta), math.acos(cos_theta)], atol=1e-6
    )
    # fully nonreciprocal (theta = pi/2) and detuned: no EP in kappa_b at all
    assert nq.exceptional_points(nq.preset("nonreciprocal", Delta_a=delta), "kappa_b") == []
    # the trace at the found EP and next to it is finite and continuous
    t = np.linspace(0.0, 80.0, 81)
    at = nq.simulate(ep.params, t)
    for s in (-1e-12, 1e-12):
        nb = nq.simulate(ep.params.replace(kappa_b=ep.value * (1 + s)), t)
        assert np.all(np.isfinite(nb.E_B))
        assert rel_diff(nb.E_B, at.E_B) <= 1e-10


@given(ep_setup())
def test_traces_continuous_at_detuned_eps(s):
    theta = math.acos(s["cos_theta"])
    p = _ep_params(s, kappa_b=s["kappa_b"], theta=theta)
    M, f = drift_dc0(p)
    D = (M[0, 0] - M[1, 1]) ** 2 + 4 * M[0, 1] * M[1, 0]
    assert abs(D) <= 1e-10 * np.max(np.abs(M)) ** 2  # our own check that p sits on an EP
    t = np.concatenate([np.linspace(0.0, 30.0, 31), [1e4]])
    at = nq.simulate(p, t)
    X = evolve(M, f, t)
    np.testing.assert_allclose(at.beta, X[:, 1], rtol=1e-8, atol=1e-11 * np.max(np.abs(X[:, 1])))
    for eps_ in (-1e-12, 1e-12):
        nb = nq.simulate(p.replace(kappa_b=p.kappa_b * (1 + eps_)), t)
        assert np.all(np.isfinite(nb.E_B)) and np.all(np.isfinite(nb.P_B))
        assert rel_diff(nb.E_B, at.E_B) <= 1e-10
        assert rel_diff(nb.P_B, at.P_B) <= 1e-9


# ------------------------------------------------------------------------ long-time limits
@given(general_params(), st.floats(1e3, 1e4))
def test_long_times_finite(p, tmax):
    t = np.linspace(0.0, tmax, 7)
    for model in nq.MODELS:
        tr = nq.simulate(p, t, model=model)
        for field in ("alpha", "beta", "E_A", "E_B", "P_B"):
            assert np.all(np.isfinite(getattr(tr, field))), (model, field)
    ss = nq.steady_state(p)
    assert math.isfinite(ss.E_A) and math.isfinite(ss.E_B)


@given(nonreciprocal_inputs(), st.floats(0.0, 1e4))
def test_grid_equals_pointwise(inputs, t_last):
    p1 = nq.Params.nonreciprocal(**inputs)
    p2 = p1.replace(kappa_b=p1.kappa_b * 2)
    t = np.array([0.0, 1.0, t_last])
    g = nq.simulate_grid([p1, p2], t)
    for i, p in enumerate((p1, p2)):
        tr = nq.simulate(p, t)
        np.testing.assert_allclose(g.E_B[i], tr.E_B, rtol=1e-12, atol=1e-300)
        np.testing.assert_allclose(g.E_A[i], tr.E_A, rtol=1e-12, atol=1e-300)


EP_NAMES = ["kappa_a", "kappa_b", "kappa_c", "g_a", "g_b", "J", "theta", "Delta_a", "Delta_b"]


def _check_eps(p, name):
    eps = nq.exceptional_points(p, name)
    for e in eps:
        assert e.parameter == name
        assert getattr(e.params, name) == pytest.approx(e.value, rel=1e-12, abs=1e-12)
        others = {k: v for k, v in e.params.as_dict().items() if k != name}
        assert others == {k: v for k, v in p.as_dict().items() if k != name}
        M = drift_schur(e.params)
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
    eps = _check_eps(p, name)
    assert eps, f"expected an EP in {name} next to the resonant nonreciprocal point"


def test_no_theta_ep_when_lambdas_differ_at_resonance():
    """J = Gamma/2, delta = 0: D = (Lambda_b - Lambda_a)^2/4 + 2i Gamma^2 cos(theta) != 0."""
    p = nq.preset("nonreciprocal", kappa_b=0.3)
    assert nq.exceptional_points(p, "theta") == []


@given(general_params(), st.sampled_from(EP_NAMES))
def test_ep_solver_roots_random(p, name):
    _check_eps(p, name)


@given(
    ep_setup(),
    st.sampled_from(
        ["kappa_a", "kappa_b", "theta", "Delta_a", "Delta_b", "g_a", "g_b", "J", "kappa_c"]
    ),
)
def test_point_on_ep_is_found_whatever_is_solved_for(s, name):
    """A point on an EP is a root of D = 0 in every parameter D depends on."""
    p = _ep_params(s, kappa_b=s["kappa_b"], theta=math.acos(s["cos_theta"]))
    assert abs(discriminant(drift_schur(p))) <= 1e-10 * np.max(np.abs(drift_schur(p))) ** 2
    eps = _check_eps(p, name)
    current = getattr(p, name)
    assert any(abs(e.value - current) <= 1e-6 * max(1.0, abs(current)) for e in eps), (
        name,
        current,
        eps,
    )
