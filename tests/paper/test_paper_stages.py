r"""The paper's derivation (:func:`nrqb_sym.paper.derivation.derive`) against physics.md, and its
SymPy results against the compiled runtime.

Part 1 - each result of :class:`~nrqb_sym.paper.derivation.PaperDerivation` (elimination,
nonreciprocity, general solution, resonant closed forms, ergotropy, spectrum, the Sec. 4 EP
condition) and the engine's stages it builds on (``pd.engine``) against expressions typed here from
``/work/shared/physics.md`` or derived here from the model as written there.  Small pieces are
compared symbolically (``simplify`` of the difference); larger ones with mpmath at 40 digits at
deterministic random points (``assert_same``: difference at most 1e-25 of the value, far below
any rounding, so a wrong formula cannot pass).  References:

* full drift of ``(<a>, <b>, <c>)``: :math:`A = -iH_1 - \tfrac12\mathrm{diag}(\kappa_a, \kappa_b,
  \kappa_c)`, ``f = (-iF, 0, 0)``; effective drift: its Schur complement on ``c``, i.e.
  :math:`-i[PHP + PHQ(0 - QHQ)^{-1}QHP] - \tfrac12\mathrm{diag}(\kappa_a, \kappa_b)`,
  :math:`QHQ = \Delta_c - i\kappa_c/2`;
* rates :math:`\Gamma_x = 4g_x^2\kappa_c/(4\Delta_c^2 + \kappa_c^2)` (:math:`4g_x^2/\kappa_c` at
  :math:`\Delta_c = 0`), :math:`L_c = (2/\sqrt{\kappa_c})(g_a a + g_b b)`;
* nonreciprocity :math:`J = g_ag_b/\sqrt{\Delta_c^2 + \kappa_c^2/4}`,
  :math:`\theta = \mathrm{atan2}(\kappa_c/2, \Delta_c)`, then :math:`M_{21} = -\Gamma`;
* resonant closed forms solved by hand (and checked against their ODE here);
* the single-mode Gaussian ergotropy from a density matrix on a truncated Fock space;
* :math:`D = (M_{11} - M_{22})^2 + 4M_{12}M_{21}` and, in the Sec. 4 variables,
  :math:`D = (\Lambda_a - \Lambda_b)^2/4 + i\delta(\Lambda_a - \Lambda_b) - \delta^2 +
  2i\Gamma^2\cos\theta`.

Part 2 - the same derived expressions, lambdified with mpmath at 40 digits (the entire functions
``expsinhc``, ``expm1cosh`` written here independently), against the compiled runtime
(``simulate``, ``steady_state``, ``derived_rates``, the generated discriminant / characteristic
polynomial / EP-polynomial kernels, eigenvalues of the runtime's drift), at random points, near
and on exceptional points.  This tests code generation and the numerics, not the physics.

Part 3 - a structurally edited model (``nrqb.toml`` with a second battery ``d``): the paper's
layer reports what it skips, with the reason, instead of failing.
"""

from __future__ import annotations

import math
import warnings

import mpmath
import numpy as np
import pytest
import scipy.linalg as sla
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from model_edits import SECOND_BATTERY, SECOND_BATTERY_DISSIPATOR, edited

import nrqb_sym as nq

I = sp.I
DPS = 40
TOL = mpmath.mpf("1e-25")


# ------------------------------------------------------------------------------ helpers
class P:
    """Parameter symbols of the derivation, by name (``P(pd).kappa_a``)."""

    def __init__(self, pd):
        self.__dict__.update(pd.params)


def _mp_expsinhc(x, w):
    x, w = mpmath.mpc(x), mpmath.mpc(w)
    if w == 0:
        return mpmath.exp(x)
    r = mpmath.sqrt(w)
    return mpmath.exp(x) * mpmath.sinh(r) / r


def _mp_expm1cosh(x, w):
    x, w = mpmath.mpc(x), mpmath.mpc(w)
    return mpmath.exp(x) * mpmath.cosh(mpmath.sqrt(w)) - 1


MODULES = [{"expsinhc": _mp_expsinhc, "expm1cosh": _mp_expm1cosh}, "mpmath"]


def _sample(symbol: sp.Symbol, rng: np.random.Generator):
    """A random value respecting the symbol's assumptions."""
    if symbol.is_positive:
        return mpmath.mpf(rng.uniform(0.05, 3.0))
    if symbol.is_nonnegative:
        return mpmath.mpf(rng.uniform(0.0, 3.0))
    if symbol.is_real:
        return mpmath.mpf(rng.uniform(-3.0, 3.0))
    return mpmath.mpc(rng.uniform(-2, 2), rng.uniform(-2, 2))


def _as_matrix(x) -> sp.Matrix:
    return x if isinstance(x, sp.MatrixBase) else sp.Matrix([x])


def assert_same(lhs, rhs, n_points: int = 6, seed: int = 0, fixed=None):
    """``lhs == rhs`` (expressions or matrices) at random points: 40 digits, difference at
    most 1e-25 max(|rhs|, 1); ``fixed`` pins some symbols."""
    lhs, rhs = _as_matrix(lhs), _as_matrix(rhs)
    assert lhs.shape == rhs.shape
    fixed = fixed or {}
    free = sorted((lhs.free_symbols | rhs.free_symbols) - set(fixed), key=lambda s: s.name)
    lhs, rhs = lhs.subs(fixed), rhs.subs(fixed)
    fl = sp.lambdify(free, list(lhs), modules=MODULES, dummify=True)
    fr = sp.lambdify(free, list(rhs), modules=MODULES, dummify=True)
    rng = np.random.default_rng(seed)
    with mpmath.workdps(DPS):
        for _ in range(n_points):
            vals = [_sample(s, rng) for s in free]
            for a, b in zip(fl(*vals), fr(*vals), strict=True):
                a, b = mpmath.mpmathify(a), mpmath.mpmathify(b)
                assert abs(a - b) <= TOL * max(abs(b), mpmath.mpf(1)), (
                    f"{a} != {b} at {dict(zip(free, vals, strict=True))}"
                )


def is_zero(expr) -> bool:
    return sp.simplify(expr) == 0


def zero_matrix(M) -> bool:
    return M.applyfunc(sp.simplify) == sp.zeros(*M.shape)


def expected_full_drift(p: P) -> tuple[sp.Matrix, sp.Matrix]:
    """physics.md: A = -i H1 - diag(kappa)/2, f = (-iF, 0, 0)."""
    Je = p.J * sp.exp(I * p.theta)
    H1 = sp.Matrix(
        [[p.Delta_a, Je, p.g_a], [sp.conjugate(Je), p.Delta_b, p.g_b], [p.g_a, p.g_b, p.Delta_c]]
    )
    A = -I * H1 - sp.diag(p.kappa_a, p.kappa_b, p.kappa_c) / 2
    return A, sp.Matrix([-I * p.F, 0, 0])


def expected_effective_drift(p: P) -> tuple[sp.Matrix, sp.Matrix]:
    """Schur complement of the full drift on the c block (any Delta_c)."""
    A, f = expected_full_drift(p)
    return A[:2, :2] - A[:2, 2] * A[2, :2] / A[2, 2], f[:2, :]


def rates_general(p: P) -> dict[str, sp.Expr]:
    den = 4 * p.Delta_c**2 + p.kappa_c**2
    Ga = 4 * p.g_a**2 * p.kappa_c / den
    Gb = 4 * p.g_b**2 * p.kappa_c / den
    return {
        "Gamma_a": Ga,
        "Gamma_b": Gb,
        "Gamma": 4 * p.g_a * p.g_b * p.kappa_c / den,
        "Lambda_a": p.kappa_a + Ga,
        "Lambda_b": p.kappa_b + Gb,
        "delta_a": -4 * p.Delta_c * p.g_a**2 / den,
        "delta_b": -4 * p.Delta_c * p.g_b**2 / den,
        "delta_ab": -4 * p.Delta_c * p.g_a * p.g_b / den,
        "gamma_c": 4 * p.kappa_c / den,
    }


def operator_coefficients(expr: sp.Expr) -> dict[tuple, sp.Expr]:
    """``{tuple of non-commutative factors: c-number coefficient}`` of an operator polynomial."""
    out: dict[tuple, sp.Expr] = {}
    for term in sp.Add.make_args(sp.expand(expr)):
        c, nc = term.args_cnc()
        out[tuple(nc)] = out.get(tuple(nc), sp.S.Zero) + sp.Mul(*c)
    return out


def named(expr, name: str) -> sp.Symbol:
    return next(s for s in _as_matrix(expr).free_symbols if s.name == name)


# =============================================================== Part 1: against physics.md
def test_model_and_quadratic_form(paper_derivation):
    """Modes a, b, c with c eliminated; H's single-excitation matrix h = H1, no squeezing,
    drive f = (F, 0, 0); the Kossakowski matrix of the thermal baths kappa (n + 1) D[x] +
    kappa n D[x'] over (x, x'): diag(kappa(n + 1), kappa n)."""
    pd = paper_derivation
    spec, q, p = pd.engine.spec, pd.engine.full, P(pd)
    assert tuple(spec.modes) == ("a", "b", "c")
    assert tuple(spec.kept) == ("a", "b") and tuple(spec.eliminate) == ("c",)
    from nrqb_sym.paper.derivation import REQUIRED_PARAMETERS

    assert set(REQUIRED_PARAMETERS) | {"F", "n_a", "n_b", "n_c"} == set(pd.params)
    assert all(s.name == n for n, s in pd.params.items())
    assert spec.energies == {"a": p.omega_a, "b": p.omega_b}
    Je = p.J * sp.exp(I * p.theta)
    H1 = sp.Matrix(
        [[p.Delta_a, Je, p.g_a], [sp.conjugate(Je), p.Delta_b, p.g_b], [p.g_a, p.g_b, p.Delta_c]]
    )
    assert zero_matrix(sp.Matrix(q.h) - H1)
    assert sp.Matrix(q.s) == sp.zeros(3, 3)
    assert sp.Matrix(q.f) == sp.Matrix([p.F, 0, 0])
    C = sp.diag(
        p.kappa_a * (p.n_a + 1),
        p.kappa_b * (p.n_b + 1),
        p.kappa_c * (p.n_c + 1),
        p.kappa_a * p.n_a,
        p.kappa_b * p.n_b,
        p.kappa_c * p.n_c,
    )
    assert zero_matrix(sp.Matrix(q.C) - C)


# ------------------------------------------------------------------------------ elimination
def test_projection_blocks(paper_derivation):
    """QHQ = Delta_c - i kappa_c/2, H_eff(E) = PHP + PHQ (E - QHQ)^-1 QHP, H_eff = H_eff(0)."""
    p, e = P(paper_derivation), paper_derivation.elimination
    PHP = sp.Matrix(
        [[p.Delta_a, p.J * sp.exp(I * p.theta)], [p.J * sp.exp(-I * p.theta), p.Delta_b]]
    )
    v = sp.Matrix([p.g_a, p.g_b])
    assert zero_matrix(e["PHP"] - PHP)
    assert zero_matrix(e["PHQ"] - v)
    assert is_zero(e["QHQ"] - (p.Delta_c - I * p.kappa_c / 2))
    E = named(e["H_eff_E"], "E")
    assert zero_matrix(e["H_eff_E"] - (PHP + v * v.T / (E - (p.Delta_c - I * p.kappa_c / 2))))
    assert zero_matrix(e["H_eff"] - (PHP + v * v.T / (0 - (p.Delta_c - I * p.kappa_c / 2))))


def test_H_eff_splits_into_hermitian_and_dissipative(paper_derivation):
    """H_eff = H_h - (i/2) G, both Hermitian; H_h = PHP + shifts -4 Delta_c g_i g_j/(4 Delta_c^2
    + kappa_c^2) and G = gamma g g^T with gamma = 4 kappa_c/(4 Delta_c^2 + kappa_c^2)."""
    p, e = P(paper_derivation), paper_derivation.elimination
    assert zero_matrix(e["H_eff"] - (e["H_herm"] - I * e["G"] / 2))
    assert zero_matrix(e["H_herm"] - e["H_herm"].H)
    assert zero_matrix(e["G"] - e["G"].H)
    den = 4 * p.Delta_c**2 + p.kappa_c**2
    g = sp.Matrix([p.g_a, p.g_b])
    PHP = sp.Matrix(
        [[p.Delta_a, p.J * sp.exp(I * p.theta)], [p.J * sp.exp(-I * p.theta), p.Delta_b]]
    )
    assert zero_matrix(e["H_herm"] - (PHP - 4 * p.Delta_c * g * g.T / den))
    assert zero_matrix(e["G"] - 4 * p.kappa_c * g * g.T / den)
    assert is_zero(e["gamma"] - 4 * p.kappa_c / den)


def test_G_rank_one_positive_semidefinite(paper_derivation):
    G = paper_derivation.elimination["G"]
    assert is_zero(G.det())
    free = sorted(G.free_symbols, key=lambda s: s.name)
    f = sp.lambdify(free, G, modules="mpmath")
    rng = np.random.default_rng(1)
    with mpmath.workdps(DPS):
        for _ in range(5):
            ev = sorted(mpmath.eig(mpmath.matrix(f(*[_sample(s, rng) for s in free])))[0], key=abs)
            assert abs(ev[0]) < mpmath.mpf("1e-30") * abs(ev[1])
            assert abs(mpmath.im(ev[1])) < mpmath.mpf("1e-30") and mpmath.re(ev[1]) > 0


def test_named_rates_general_and_at_zero_detuning(paper_derivation):
    """Gamma_a = 4 g_a^2 kappa_c/(4 Delta_c^2 + kappa_c^2) -> 4 g_a^2/kappa_c at Delta_c = 0,
    and so on; Gamma^2 = Gamma_a Gamma_b at any Delta_c."""
    p, defs = P(paper_derivation), paper_derivation.elimination["definitions"]
    expected = rates_general(p)
    assert set(defs) == set(expected)
    for name, want in expected.items():
        assert is_zero(defs[name] - want), name
    at0 = {p.Delta_c: 0}
    assert is_zero(defs["Gamma_a"].subs(at0) - 4 * p.g_a**2 / p.kappa_c)
    assert is_zero(defs["Gamma_b"].subs(at0) - 4 * p.g_b**2 / p.kappa_c)
    assert is_zero(defs["Gamma"].subs(at0) - 4 * p.g_a * p.g_b / p.kappa_c)
    assert is_zero(defs["Lambda_b"].subs(at0) - (p.kappa_b + 4 * p.g_b**2 / p.kappa_c))
    assert defs["delta_a"].subs(at0) == 0 and defs["delta_ab"].subs(at0) == 0
    assert is_zero(defs["Gamma"] ** 2 - defs["Gamma_a"] * defs["Gamma_b"])


def test_jump_operator_at_zero_detuning(paper_derivation):
    """L_c = (2/sqrt(kappa_c)) (g_a a + g_b b) at Delta_c = 0."""
    p, L = P(paper_derivation), paper_derivation.elimination["L_c"]
    a, b = named(L, "a"), named(L, "b")
    assert not a.is_commutative and not b.is_commutative
    got = operator_coefficients(L.subs(p.Delta_c, 0))
    want = {(a,): 2 * p.g_a / sp.sqrt(p.kappa_c), (b,): 2 * p.g_b / sp.sqrt(p.kappa_c)}
    assert set(got) == set(want)
    for k in want:
        assert is_zero(got[k] - want[k])


# ------------------------------------------------------------------------------ drifts
def test_full_drift(paper_derivation):
    p, fm = P(paper_derivation), paper_derivation.engine.first_full
    A, f = expected_full_drift(p)
    assert zero_matrix(sp.Matrix(fm.M) - A)
    assert zero_matrix(sp.Matrix(fm.f) - f)


def test_full_occupation_equation(paper_derivation):
    r"""Heisenberg-Lindblad by hand: d<a'a>/dt = -kappa_a(<a'a> - n_a) + iF(<a> - <a'>)
    - i(J e^{i theta} <a'b> - J e^{-i theta} <b'a>) - i g_a(<a'c> - <c'a>)."""
    p = P(paper_derivation)
    mo = paper_derivation.engine.moments_full
    m = {s.name: s for s in mo.symbols}
    Je = p.J * sp.exp(I * p.theta)
    want = (
        -p.kappa_a * (m["<a'a>"] - p.n_a)
        + I * p.F * (m["<a>"] - m["<a'>"])
        - I * (Je * m["<a'b>"] - sp.conjugate(Je) * m["<b'a>"])
        - I * p.g_a * (m["<a'c>"] - m["<c'a>"])
    )
    assert sp.expand(mo.rhs("<a'a>") - want) == 0


def test_effective_drift_any_detuning(paper_derivation):
    p, fm = P(paper_derivation), paper_derivation.engine.first_effective
    M, f = expected_effective_drift(p)
    assert zero_matrix(sp.Matrix(fm.f) - f)
    assert_same(sp.Matrix(fm.M), M)
    assert zero_matrix(sp.Matrix(fm.M) - M)
    assert fm.decoupled  # no squeezing: <x> and <x'> blocks decouple


def test_effective_drift_at_zero_detuning(paper_derivation):
    p = P(paper_derivation)
    M = sp.Matrix(paper_derivation.engine.first_effective.M).subs(p.Delta_c, 0)
    La = p.kappa_a + 4 * p.g_a**2 / p.kappa_c
    Lb = p.kappa_b + 4 * p.g_b**2 / p.kappa_c
    G = 4 * p.g_a * p.g_b / p.kappa_c
    assert is_zero(M[0, 0] - (-I * p.Delta_a - La / 2))
    assert is_zero(M[1, 1] - (-I * p.Delta_b - Lb / 2))
    assert is_zero(M[0, 1] - (-(I * p.J * sp.exp(I * p.theta) + G / 2)))
    assert is_zero(M[1, 0] - (-(I * p.J * sp.exp(-I * p.theta) + G / 2)))


def _coherent_values(al, be):
    """Every moment of the effective model on the coherent state (alpha, beta)."""
    x = {"a": al, "b": be}
    out = {}
    for i in "ab":
        out[f"<{i}>"] = x[i]
        out[f"<{i}'>"] = sp.conjugate(x[i])
        for j in "ab":
            out[f"<{i}'{j}>"] = sp.conjugate(x[i]) * x[j]
            out[f"<{i}{j}>"] = x[i] * x[j]
            out[f"<{i}'{j}'>"] = sp.conjugate(x[i] * x[j])
    return out


def test_effective_moment_equations_on_coherent_states(paper_derivation):
    r"""Vacuum baths: on a coherent state every derived moment equation is the product rule of
    the first-moment equations, d(x_i^* x_j)/dt = (Mx + f)_i^* x_j + x_i^* (Mx + f)_j and
    d(x_i x_j)/dt = (Mx + f)_i x_j + x_i (Mx + f)_j, M the Schur complement."""
    p = P(paper_derivation)
    mo = paper_derivation.engine.moments_effective
    M, f = expected_effective_drift(p)
    al, be = sp.symbols("alpha_t beta_t")
    x = {"a": al, "b": be}
    xdot = dict(zip("ab", M * sp.Matrix([al, be]) + f, strict=True))
    vals = _coherent_values(al, be)
    by_name = {s.name: s for s in mo.symbols}
    subs = {by_name[k]: v for k, v in vals.items() if k in by_name}
    vac = {p.n_a: 0, p.n_b: 0, p.n_c: 0}
    checked = 0
    for i in "ab":
        for j in "ab":
            want = {
                f"<{i}'{j}>": sp.conjugate(xdot[i]) * x[j] + sp.conjugate(x[i]) * xdot[j],
                f"<{i}{j}>": xdot[i] * x[j] + x[i] * xdot[j],
            }
            for name, w in want.items():
                if name in mo.index:
                    got = mo.rhs(name).subs(vac).xreplace(subs)
                    assert_same(got, w, n_points=3, seed=checked)
                    checked += 1
    assert checked >= 6
    assert_same(mo.rhs("<b>").xreplace(subs), xdot["b"], n_points=3)


def test_thermal_sources_of_the_moment_equations(paper_derivation):
    """Baths kappa(n + 1) D[x] + kappa n D[x'] and the eliminated cavity's bath through
    L_c = sqrt(gamma)(g_a a + g_b b): d<x_i' x_j>/dt gains kappa_i n_i delta_ij +
    gamma n_c g_i g_j, i.e. d<b'b>/dt gains kappa_b n_b + Gamma_b n_c, d<a'b>/dt gains Gamma n_c."""
    p = P(paper_derivation)
    mo = paper_derivation.engine.moments_effective
    rg = rates_general(p)
    bb, ab, aa = mo.rhs("<b'b>"), mo.rhs("<a'b>"), mo.rhs("<aa>")
    assert is_zero(sp.diff(bb, p.n_c) - rg["Gamma_b"])
    assert is_zero(sp.diff(bb, p.n_b) - p.kappa_b)
    assert is_zero(sp.diff(ab, p.n_c) - rg["Gamma"])
    assert sp.diff(ab, p.n_a) == 0 and sp.diff(ab, p.n_b) == 0
    assert not aa.has(p.n_a) and not aa.has(p.n_c)  # no squeezing from thermal baths


# ------------------------------------------------------------------------------ nonreciprocity
def test_nonreciprocity_solution(paper_derivation):
    """J = g_a g_b/sqrt(Delta_c^2 + kappa_c^2/4), theta = atan2(kappa_c/2, Delta_c)."""
    p, nr = P(paper_derivation), paper_derivation.nonreciprocity
    J_exp = p.g_a * p.g_b / sp.sqrt(p.Delta_c**2 + p.kappa_c**2 / 4)
    th_exp = sp.atan2(p.kappa_c / 2, p.Delta_c)
    assert_same(sp.Matrix([nr["J"], nr["theta"]]), sp.Matrix([J_exp, th_exp]), n_points=8)
    for dc in (sp.Rational(-7, 3), 0, sp.Rational(5, 2)):  # both sides of the atan2 branch
        vals = {p.g_a: sp.Rational(3, 4), p.g_b: sp.Rational(1, 2), p.kappa_c: 3, p.Delta_c: dc}
        assert abs(complex((nr["theta"] - th_exp).subs(vals).evalf(30))) < 1e-25
        assert abs(complex((nr["J"] - J_exp).subs(vals).evalf(30))) < 1e-25
    assert is_zero(nr["J@Delta_c=0"] - 2 * p.g_a * p.g_b / p.kappa_c)  # J = Gamma/2
    assert nr["theta@Delta_c=0"] == sp.pi / 2
    assert_same(nr["value"], J_exp * sp.exp(I * th_exp))  # w = J e^{i theta}


def test_nonreciprocity_zeroes_M12_and_gives_M21(paper_derivation):
    p, nr = P(paper_derivation), paper_derivation.nonreciprocity
    M, _ = expected_effective_drift(p)
    sol = {p.J: nr["J"], p.theta: nr["theta"]}
    assert_same(M[0, 1].subs(sol), sp.S.Zero)
    assert_same(nr["condition"].subs(sol), sp.S.Zero)
    Gamma = rates_general(p)["Gamma"]
    assert_same(M[1, 0].subs(sol), -Gamma)
    assert_same(nr["M21"], -Gamma)
    assert is_zero(nr["M21"].subs(p.Delta_c, 0) + 4 * p.g_a * p.g_b / p.kappa_c)


# ------------------------------------------------------------------------------ resonant forms
def _resonant(pd):
    r = pd.resonant
    s = r["symbols"]
    return r, s["Lambda_a"], s["Lambda_b"], s["Gamma_a"], s["Gamma_b"], pd.params["F"]


def _expected_resonant(La, Lb, Ga, Gb, t, F):
    """Solved by hand from da/dt = -Lambda_a a/2 - iF, db/dt = -Gamma a - Lambda_b b/2, vacuum."""
    G = sp.sqrt(Ga) * sp.sqrt(Gb)
    a_ss = -2 * I * F / La
    a = a_ss * (1 - sp.exp(-La * t / 2))
    b_ss = -2 * G * a_ss / Lb
    B1 = 2 * G * a_ss / (Lb - La)
    b = b_ss + B1 * sp.exp(-La * t / 2) + (-b_ss - B1) * sp.exp(-Lb * t / 2)
    b_equal = b_ss.subs(Lb, La) * (1 - sp.exp(-La * t / 2) * (1 + La * t / 2))
    return a_ss, a, b_ss, b, b_equal, G


def test_resonant_reference_solves_its_ode(paper_derivation):
    """Sanity check of the hand-solved references used below."""
    r, La, Lb, Ga, Gb, F = _resonant(paper_derivation)
    t = named(r["a(t)"], "t")
    a_ss, a, b_ss, b, b_eq, G = _expected_resonant(La, Lb, Ga, Gb, t, F)
    assert is_zero(sp.diff(a, t) - (-La * a / 2 - I * F)) and a.subs(t, 0) == 0
    assert is_zero(sp.diff(b, t) - (-G * a - Lb * b / 2)) and is_zero(b.subs(t, 0))
    a_eq = a.subs(Lb, La)
    assert is_zero(sp.diff(b_eq, t) - (-G * a_eq - La * b_eq / 2)) and is_zero(b_eq.subs(t, 0))


def test_resonant_closed_forms(paper_derivation):
    """<a>(t) = a_ss (1 - e^{-Lambda_a t/2}), a_ss = -2iF/Lambda_a, b_ss = -2 Gamma a_ss/Lambda_b,
    R = (omega_b/omega_a) 4 Gamma_a Gamma_b/Lambda_b^2, eta = R/(1 + R)."""
    r, La, Lb, Ga, Gb, F = _resonant(paper_derivation)
    p = P(paper_derivation)
    t = named(r["a(t)"], "t")
    a_ss, a, b_ss, b, _, _ = _expected_resonant(La, Lb, Ga, Gb, t, F)
    assert is_zero(r["a_ss"] - a_ss)
    assert is_zero(r["a(t)"] - a)
    assert is_zero(r["b_ss"] - b_ss)
    assert not r["a(t)"].has(Lb) and not r["a(t)"].has(Gb)  # the charger ignores the battery
    R = 4 * Ga * Gb / Lb**2 * p.omega_b / p.omega_a
    assert is_zero(r["R_ss"] - R)
    assert is_zero(r["eta_ss"] - R / (1 + R))
    ex = {Ga: 1, Gb: 1, Lb: sp.Rational(105, 100), p.omega_a: 1, p.omega_b: 1}
    assert round(float(r["R_ss"].subs(ex)), 3) == 3.628  # physics.md's example
    assert round(float(r["eta_ss"].subs(ex)), 3) == 0.784
    assert is_zero(r["b(t) naive"] - b)


def test_resonant_battery_entire_form(paper_derivation):
    """b(t) with expsinhc/expm1cosh equals the naive two-exponential form for Lambda_a !=
    Lambda_b and the confluent limit at Lambda_a = Lambda_b, where the naive form is 0/0."""
    r, La, Lb, Ga, Gb, F = _resonant(paper_derivation)
    t = named(r["b(t)"], "t")
    *_, b, b_eq, _ = _expected_resonant(La, Lb, Ga, Gb, t, F)
    from nrqb_sym.paper.special import expm1cosh, expsinhc

    assert r["b(t)"].atoms(expsinhc, expm1cosh)
    assert_same(r["b(t)"], b, n_points=10)
    at_eq = r["b(t)"].subs(Lb, La)
    assert not at_eq.has(sp.zoo, sp.nan, sp.oo)
    assert_same(at_eq, b_eq, n_points=6)
    assert r["b(t) naive"].subs(Lb, La).has(sp.zoo, sp.nan)


# ------------------------------------------------------------------------------ general solution
def test_tau_w_and_steady_state(paper_derivation):
    """tau = tr(M)/2, w = D/4 and M x_ss + f = 0 with M the Schur complement."""
    p, s = P(paper_derivation), paper_derivation.solutions
    M, f = expected_effective_drift(p)
    assert_same(s["tau"], M.trace() / 2)
    assert_same(s["w"], ((M[0, 0] - M[1, 1]) ** 2 + 4 * M[0, 1] * M[1, 0]) / 4)
    assert_same(M * s["x_ss"] + f, sp.zeros(2, 1))


def test_power_and_energies_on_coherent_states(paper_derivation):
    """P_B = omega_b d|beta|^2/dt = omega_b (conj(beta) (Mx + f)_b + c.c.) on a coherent state
    (alpha, beta), M the Schur complement; E = (omega_a |alpha|^2, omega_b |beta|^2)."""
    pd = paper_derivation
    p, s = P(pd), pd.solutions
    M, f = expected_effective_drift(p)
    al, be = named(s["P_B"], "alpha"), named(s["P_B"], "beta")
    db = (M * sp.Matrix([al, be]) + f)[1]
    want = p.omega_b * (sp.conjugate(be) * db + be * sp.conjugate(db))
    assert_same(s["P_B"], want, n_points=6)
    E_A, E_B = s["E"]
    assert sp.expand(E_A - p.omega_a * al * sp.conjugate(al)) == 0
    assert sp.expand(E_B - p.omega_b * be * sp.conjugate(be)) == 0


def test_general_solution_solves_moment_equations(paper_derivation):
    """x(0) = 0 and dx/dt = M x + f (M the Schur complement), by mpmath differentiation, at
    generic points, at Delta_c != 0 and at the nonreciprocal resonant EP."""
    p, s = P(paper_derivation), paper_derivation.solutions
    x = s["x(t)"]
    t = named(x, "t")
    M, f = expected_effective_drift(p)
    syms = sorted((x.free_symbols | M.free_symbols) - {t}, key=lambda z: z.name)
    fx = sp.lambdify([*syms, t], list(x), modules=MODULES)
    fM = sp.lambdify(syms, [M[0, 0], M[0, 1], M[1, 0], M[1, 1], f[0]], modules=MODULES)
    rng = np.random.default_rng(5)
    points = [[_sample(z, rng) for z in syms] for _ in range(4)]
    with mpmath.workdps(DPS):
        g, kc = mpmath.mpf("0.5"), mpmath.mpf(10)
        ep = dict.fromkeys((z.name for z in syms), mpmath.mpf(0))
        ep.update(
            kappa_a=mpmath.mpf("0.2"),
            kappa_b=mpmath.mpf("0.2"),
            kappa_c=kc,
            g_a=g,
            g_b=g,
            J=2 * g * g / kc,
            theta=mpmath.pi / 2,
            F=mpmath.mpf("0.7"),
        )
        points.append([ep[z.name] for z in syms])
        for args in points:
            assert all(abs(c) < mpmath.mpf("1e-30") for c in fx(*args, mpmath.mpf(0)))
            m = fM(*args)
            for tt in (mpmath.mpf("0.3"), mpmath.mpf("2.5"), mpmath.mpf(9)):
                xa, xb = fx(*args, tt)
                da = mpmath.diff(lambda u, args=args: fx(*args, u)[0], tt)
                db = mpmath.diff(lambda u, args=args: fx(*args, u)[1], tt)
                ra, rb = m[0] * xa + m[1] * xb + m[4], m[2] * xa + m[3] * xb
                scale = max(abs(ra), abs(rb), abs(m[4]))
                assert abs(da - ra) < mpmath.mpf("1e-20") * scale
                assert abs(db - rb) < mpmath.mpf("1e-20") * scale


def test_general_solution_reduces_to_resonant_forms(paper_derivation):
    """x(t) at resonance with J = Gamma/2, theta = pi/2 equals the hand-solved a(t), b(t) in
    Lambda/Gamma (Delta_c = 0), including Lambda_a = Lambda_b."""
    pd = paper_derivation
    x = pd.solutions["x(t)"]
    t = named(x, "t")
    r, La, Lb, Ga, Gb, F = _resonant(pd)
    tr_ = named(r["a(t)"], "t")
    _, a, _, b, b_eq, _ = _expected_resonant(La, Lb, Ga, Gb, tr_, F)
    names = sorted(z.name for z in x.free_symbols - {t})
    fx = sp.lambdify([*(pd.params[n] for n in names), t], list(x), modules=MODULES)
    fa = sp.lambdify([La, F, tr_], a, modules=MODULES)
    fb = sp.lambdify([La, Lb, Ga, Gb, F, tr_], b, modules=MODULES)
    fbe = sp.lambdify([La, Ga, Gb, F, tr_], b_eq, modules=MODULES)
    cases = [
        dict(kappa_a="0.3", kappa_b="0.05", g_a="0.5", g_b="0.8"),
        dict(kappa_a="0.1", kappa_b="0.9", g_a="1.1", g_b="0.4"),
        dict(kappa_a="0.25", kappa_b="0.25", g_a="0.6", g_b="0.6"),  # EP
    ]
    with mpmath.workdps(DPS):
        for case in cases:
            v = dict.fromkeys(names, mpmath.mpf(0))
            v.update({k: mpmath.mpf(val) for k, val in case.items()})
            v["kappa_c"], v["F"] = mpmath.mpf(12), mpmath.mpf("-0.4")
            v["J"] = 2 * v["g_a"] * v["g_b"] / v["kappa_c"]
            v["theta"] = mpmath.pi / 2
            ga2, gb2 = 4 * v["g_a"] ** 2 / v["kappa_c"], 4 * v["g_b"] ** 2 / v["kappa_c"]
            la, lb = v["kappa_a"] + ga2, v["kappa_b"] + gb2
            for tt in (mpmath.mpf("0.01"), mpmath.mpf("1.7"), mpmath.mpf(20), mpmath.mpf(300)):
                xa, xb = fx(*(v[n] for n in names), tt)
                ea = fa(la, v["F"], tt)
                eb = fbe(la, ga2, gb2, v["F"], tt) if la == lb else fb(la, lb, ga2, gb2, v["F"], tt)
                scale = abs(2 * v["F"] / la)
                assert abs(xa - ea) < mpmath.mpf("1e-25") * scale
                assert abs(xb - eb) < mpmath.mpf("1e-25") * scale


# ------------------------------------------------------------------------------ ergotropy
def _ergotropy_symbols(e):
    by = {s.name: s for s in e["ergotropy"].free_symbols}
    return (
        by[r"\langle x\rangle"],
        by[r"\langle x^{\dagger} x\rangle"],
        by[r"\langle x^{2}\rangle"],
        by["omega"],
    )


def test_ergotropy_covariance(paper_derivation):
    r"""V over (q, p), q = (x + x')/sqrt2, p = -i(x - x')/sqrt2, by hand: V_qq = N + Re M + 1/2,
    V_pp = N - Re M + 1/2, V_qp = Im M (N = n - |x|^2, M = m - x^2); det V = (N + 1/2)^2 - |M|^2."""
    e = paper_derivation.ergotropy
    x, n, m, _ = _ergotropy_symbols(e)
    N = n - x * sp.conjugate(x)
    Mc = m - x**2
    reM, imM = (Mc + sp.conjugate(Mc)) / 2, (Mc - sp.conjugate(Mc)) / (2 * I)
    V = sp.Matrix([[N + reM + sp.S.Half, imM], [imM, N - reM + sp.S.Half]])
    assert (sp.Matrix(e["V"]) - V).applyfunc(sp.expand) == sp.zeros(2, 2)
    assert sp.expand(e["det V"] - ((N + sp.S.Half) ** 2 - Mc * sp.conjugate(Mc))) == 0


@pytest.mark.parametrize(
    ("alpha", "r", "phi", "nth"),
    [
        (0.0, 0.0, 0.0, 0.4),
        (0.9 + 0.2j, 0.0, 0.0, 0.0),
        (0.3, 0.35, 0.6, 0.2),
        (-0.4j, 0.5, 2.0, 0.8),
    ],
)
def test_ergotropy_formula_vs_density_matrix(paper_derivation, alpha, r, phi, nth):
    """The derived formula, evaluated at the moments of a displaced squeezed thermal density
    matrix (truncated Fock space), equals that matrix's ergotropy (sorted spectrum)."""
    e = paper_derivation.ergotropy
    x, n, m, omega = _ergotropy_symbols(e)
    cutoff = 120  # populations at the top below 1e-16: the truncation is invisible
    a = np.diag(np.sqrt(np.arange(1, cutoff)), 1).astype(complex)
    ad = a.conj().T
    k = np.arange(cutoff)
    rho = np.diag((nth / (1 + nth)) ** k / (1 + nth)).astype(complex)
    xi = r * np.exp(1j * phi)
    U = sla.expm(alpha * ad - np.conj(alpha) * a) @ sla.expm(
        0.5 * (np.conj(xi) * a @ a - xi * ad @ ad)
    )
    rho = U @ rho @ U.conj().T
    assert abs(np.trace(rho) - 1) < 1e-12 and rho[-1, -1].real < 1e-15
    w = 1.3
    energies = w * k
    E = float(np.real(np.trace(rho @ np.diag(energies))))
    W_ref = E - float(np.sum(np.sort(np.linalg.eigvalsh(rho))[::-1] * energies))
    vals = {
        x: complex(np.trace(rho @ a)),
        n: float(np.real(np.trace(rho @ ad @ a))),
        m: complex(np.trace(rho @ a @ a)),
        omega: w,
    }
    got = complex(e["ergotropy"].subs(vals).evalf(30))
    assert got.real == pytest.approx(W_ref, rel=1e-8, abs=1e-10) and abs(got.imag) < 1e-12
    passive = complex(e["passive"].subs(vals).evalf(30))  # occupation of the passive state
    assert passive.real == pytest.approx(vals[n] - W_ref / w, rel=1e-8, abs=1e-10)


# ------------------------------------------------------------------------------ spectrum
def test_spectrum(paper_derivation):
    """charpoly = lambda^2 - tr(M) lambda + det M; eigenvalues are its roots;
    D = (M11 - M22)^2 + 4 M12 M21 (M the Schur complement)."""
    p, s = P(paper_derivation), paper_derivation.spectrum
    M, _ = expected_effective_drift(p)
    lam = named(s["charpoly"], "lambda")
    assert_same(s["charpoly"], lam**2 - M.trace() * lam + M.det())
    assert_same(s["D"], (M[0, 0] - M[1, 1]) ** 2 + 4 * M[0, 1] * M[1, 0])
    assert_same(s["tau"], M.trace() / 2)
    assert_same(s["det"], M.det())
    for ev in (s["lambda+"], s["lambda-"]):
        assert_same(s["charpoly"].subs(lam, ev), sp.S.Zero, n_points=4)
    assert_same(s["lambda+"] + s["lambda-"], M.trace())
    assert_same((s["lambda+"] - s["lambda-"]) ** 2, s["D"])


def test_ep_polynomials_exist_for_discriminant_parameters(paper_derivation):
    ep = paper_derivation.engine.spectrum_effective.ep
    p = P(paper_derivation)
    for name in ("Delta_a", "Delta_b", "Delta_c", "kappa_a", "kappa_b", "kappa_c"):
        assert name in ep, name
    for name in ("J", "theta", "g_a", "g_b"):
        assert name in ep, name
    for name in ("F", "omega_a", "omega_b", "n_a", "n_b", "n_c"):
        assert name not in ep
    assert ep["kappa_b"].variable == p.kappa_b
    assert ep["theta"].variable != p.theta  # a polynomial in u = exp(i theta)


def test_ep_kappa_b_nonreciprocal_resonant_double_root(paper_derivation):
    """Nonreciprocal, resonant: D = (Lambda_a - Lambda_b)^2/4, a double root
    kappa_b = kappa_a + Gamma_a - Gamma_b."""
    p = P(paper_derivation)
    ep = paper_derivation.engine.spectrum_effective.ep["kappa_b"]
    ga, gb, kc, ka = sp.Rational(1, 2), sp.Rational(3, 4), 20, sp.Rational(1, 10)
    vals = {
        p.Delta_a: 0,
        p.Delta_b: 0,
        p.Delta_c: 0,
        p.kappa_a: ka,
        p.kappa_c: kc,
        p.g_a: ga,
        p.g_b: gb,
        p.J: 2 * ga * gb / kc,
        p.theta: sp.pi / 2,
    }
    coeffs = [sp.simplify(sp.expand_complex(c.subs(vals))) for c in ep.coefficients]
    roots = sp.roots(sp.Poly(coeffs, sp.Symbol("x")))
    expected = ka + 4 * ga**2 / kc - 4 * gb**2 / kc
    assert roots == {expected: 2} and expected == sp.Rational(3, 80)


def test_ep_polynomials_detuned_relation(paper_derivation):
    r"""J = Gamma/2, Delta_c = 0, delta = Delta_a - Delta_b: every real root kappa_b of the EP
    polynomial has (Lambda_b - Lambda_a)^2 = 4 delta^2 and cos(theta) = delta (Lambda_b -
    Lambda_a)/(2 Gamma^2); the theta polynomial's unit-circle roots have cos(theta) =
    delta^2/Gamma^2 at Lambda_b = Lambda_a + 2 delta."""
    eps = paper_derivation.engine.spectrum_effective.ep
    with mpmath.workdps(DPS):
        ga, gb, kc = mpmath.mpf(1) / 2, mpmath.mpf(3) / 4, mpmath.mpf(20)
        ka, delta = mpmath.mpf(1) / 10, mpmath.mpf(1) / 20
        Ga, Gb, G = 4 * ga**2 / kc, 4 * gb**2 / kc, 4 * ga * gb / kc
        La = ka + Ga
        theta = mpmath.acos(delta**2 / G**2)
        base = {
            "Delta_a": delta + mpmath.mpf("0.3"),
            "Delta_b": mpmath.mpf("0.3"),
            "Delta_c": 0,
            "kappa_a": ka,
            "kappa_c": kc,
            "g_a": ga,
            "g_b": gb,
            "J": G / 2,
            "theta": theta,
        }

        def coefficients(ep, skip):
            vals = {k: v for k, v in base.items() if k != skip}
            free = sorted(
                set().union(*(sp.sympify(c).free_symbols for c in ep.coefficients)) - {ep.variable},
                key=lambda z: z.name,
            )
            f = sp.lambdify(free, list(ep.coefficients), modules=MODULES)
            return [mpmath.mpc(c) for c in f(*[vals[z.name] for z in free])]

        roots = mpmath.polyroots(coefficients(eps["kappa_b"], "kappa_b"), extraprec=200)
        real = [mpmath.re(r) for r in roots if abs(mpmath.im(r)) < mpmath.mpf("1e-25")]
        assert real, roots
        for kb in real:
            Lb = kb + Gb
            assert abs((Lb - La) ** 2 - 4 * delta**2) < mpmath.mpf("1e-25")
            assert abs(mpmath.cos(theta) - delta * (Lb - La) / (2 * G**2)) < mpmath.mpf("1e-25")
        assert any(abs(kb - (La + 2 * delta - Gb)) < mpmath.mpf("1e-25") for kb in real)
        base["kappa_b"] = La + 2 * delta - Gb
        us = mpmath.polyroots(coefficients(eps["theta"], "theta"), extraprec=200)
        on_circle = [u for u in us if abs(abs(u) - 1) < mpmath.mpf("1e-25")]
        assert on_circle, us
        for u in on_circle:
            assert abs(mpmath.re(u) - delta**2 / G**2) < mpmath.mpf("1e-25")


def test_paper_sec4_ep_condition(paper_derivation):
    r"""Sec. 4 variables (Delta_c = Delta_b = 0, g_a = g_b, J = Gamma/2, delta = Delta_a): D by
    hand from M; Re D = 0 iff (Lambda_b - Lambda_a)^2 = 4 delta^2, Im D = 0 iff cos(theta) =
    delta (Lambda_b - Lambda_a)/(2 Gamma^2); every solution satisfies both."""
    pe = paper_derivation.paper_ep
    La, Lb, G, d = (named(pe["D"], n) for n in ("Lambda_a", "Lambda_b", "Gamma", "delta"))
    theta = paper_derivation.params["theta"]
    M11 = -I * d - La / 2
    M22 = -Lb / 2
    M12 = -(I * G / 2 * sp.exp(I * theta) + G / 2)
    M21 = -(I * G / 2 * sp.exp(-I * theta) + G / 2)
    D = sp.expand(((M11 - M22) ** 2 + 4 * M12 * M21).rewrite(sp.cos))
    assert sp.simplify(pe["D"] - D) == 0
    assert sp.expand(pe["Re D"] - ((Lb - La) ** 2 / 4 - d**2)) == 0
    assert sp.expand(pe["Im D"] - (2 * G**2 * sp.cos(theta) - d * (Lb - La))) == 0
    assert len(pe["solutions"]) == 4
    for sol in pe["solutions"]:
        lb, th = sol[Lb], sol[theta]
        assert sp.expand((lb - La) ** 2 - 4 * d**2) == 0
        assert sp.simplify(sp.cos(th) - d * (lb - La) / (2 * G**2)) == 0


# =============================================================== Part 2: against the kernels
RTOL = 1e-9
FLOOR = 1e-5
TIMES = np.array([0.0, 1e-7, 1e-3, 0.37, 2.0, 11.0, 60.0, 400.0, 5000.0])


class Reference:
    """The paper derivation's results, lambdified for mpmath; every call takes Params."""

    def __init__(self, pd):
        self.names = list(pd.params)
        syms = [pd.params[n] for n in self.names]
        s = pd.solutions
        t = named(s["x(t)"], "t")
        al, be = named(s["P_B"], "alpha"), named(s["P_B"], "beta")
        self._x = sp.lambdify([*syms, t], list(s["x(t)"]), modules=MODULES)
        self._x_ss = sp.lambdify(syms, list(s["x_ss"]), modules=MODULES)
        self._power = sp.lambdify([*syms, al, be], s["P_B"], modules=MODULES)
        sp_ = pd.spectrum
        self._spectrum = sp.lambdify(
            syms,
            [sp_["tau"], sp_["det"], sp_["D"], sp_["lambda+"], sp_["lambda-"]],
            modules=MODULES,
        )
        defs = pd.elimination["definitions"]
        self.rate_names = [*defs, "J_nonreciprocal", "theta_nonreciprocal"]
        nr = pd.nonreciprocity
        self._rates = sp.lambdify(syms, [*defs.values(), nr["J"], nr["theta"]], modules=MODULES)
        self._drift = sp.lambdify(syms, list(pd.engine.first_effective.M), modules=MODULES)
        self._full = sp.lambdify(syms, list(pd.engine.first_full.M), modules=MODULES)
        self.ep_names = list(pd.engine.spectrum_effective.ep)
        self._ep = {
            name: sp.lambdify(syms, [*ep.coefficients, ep.denominator], modules=MODULES)
            for name, ep in pd.engine.spectrum_effective.ep.items()
        }

    def args(self, p):
        v = p.as_dict()
        return [mpmath.mpf(v[n]) for n in self.names]

    def trace(self, p, t):
        """alpha, beta, E_A, E_B, P_B at 40 digits (coherent state from vacuum)."""
        rows = []
        with mpmath.workdps(DPS):
            args = self.args(p)
            for tt in t:
                a, b = self._x(*args, mpmath.mpf(float(tt)))
                E_A = mpmath.mpf(p.omega_a) * abs(a) ** 2
                E_B = mpmath.mpf(p.omega_b) * abs(b) ** 2
                P_B = mpmath.re(self._power(*args, a, b))
                rows.append([complex(a), complex(b), float(E_A), float(E_B), float(P_B)])
        return [np.array(c) for c in zip(*rows, strict=True)]

    def steady(self, p):
        with mpmath.workdps(DPS):
            return [complex(v) for v in self._x_ss(*self.args(p))]

    def spectrum(self, p):
        with mpmath.workdps(DPS):
            return dict(
                zip(
                    ("tau", "det", "D", "lambda+", "lambda-"),
                    (complex(v) for v in self._spectrum(*self.args(p))),
                    strict=True,
                )
            )

    def drift(self, p):
        with mpmath.workdps(DPS):
            return np.array([complex(v) for v in self._drift(*self.args(p))]).reshape(2, 2)

    def full_drift(self, p):
        with mpmath.workdps(DPS):
            return np.array([complex(v) for v in self._full(*self.args(p))]).reshape(3, 3)

    def rates(self, p):
        with mpmath.workdps(DPS):
            vals = self._rates(*self.args(p))
            return {n: float(mpmath.re(v)) for n, v in zip(self.rate_names, vals, strict=True)}

    def ep(self, name, p):
        with mpmath.workdps(DPS):
            return np.array([complex(v) for v in self._ep[name](*self.args(p))])


@pytest.fixture(scope="module")
def ref(paper_derivation):
    return Reference(paper_derivation)


def assert_close(got, want, scale, what, rtol=RTOL, extra=0.0):
    """``|got - want| <= rtol max(|want|, FLOOR scale) + extra`` element-wise."""
    got, want = np.asarray(got, dtype=complex), np.asarray(want, dtype=complex)
    assert got.shape == want.shape, what
    assert np.all(np.isfinite(got)), f"{what}: kernel gave non-finite values {got}"
    bound = rtol * np.maximum(np.abs(want), FLOOR * scale) + extra
    bad = np.abs(got - want) > bound
    assert not np.any(bad), f"{what}: kernel {got[bad]} vs reference {want[bad]}"


def check_trace(ref, p, t=TIMES):
    with warnings.catch_warnings():  # the algebra is checked also where the elimination is weak
        warnings.simplefilter("ignore", nq.EliminationWarning)
        tr = nq.simulate(p, t)
    a, b, E_A, E_B, P_B = ref.trace(p, t)
    s_m = float(np.max(np.abs(ref.drift(p))))
    s_x = max(*(abs(v) for v in ref.steady(p)), float(np.max(np.abs(np.r_[a, b]))), 1e-300)
    assert_close(tr.alpha, a, s_x, "<a>(t)")
    assert_close(tr.beta, b, s_x, "<b>(t)")
    assert_close(tr.E_A, E_A, p.omega_a * s_x**2, "E_A(t)")
    assert_close(tr.E_B, E_B, p.omega_b * s_x**2, "E_B(t)")
    assert_close(tr.P_B, P_B, p.omega_b * s_m * s_x**2, "P_B(t)")


def check_steady(ref, p):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nq.EliminationWarning)
        ss = nq.steady_state(p)
    a, b = ref.steady(p)
    s_x = max(abs(a), abs(b), 1e-300)
    assert_close(ss.alpha, a, s_x, "alpha_ss")
    assert_close(ss.beta, b, s_x, "beta_ss")
    assert_close(ss.E_A, p.omega_a * abs(a) ** 2, p.omega_a * s_x**2, "E_A_ss")
    assert_close(ss.E_B, p.omega_b * abs(b) ** 2, p.omega_b * s_x**2, "E_B_ss")


def check_spectrum(ref, p, near_ep=False):
    """The generated discriminant and characteristic polynomial, and the eigenvalues of the
    runtime's drift, against the derived tau, det, D and lambda+-; near an EP the eigenvalues
    move like sqrt(D): 2 sqrt(|D_kernel - D_reference|) is added to their tolerance."""
    cm = nq.paper_model()
    k = cm.kernels
    r = ref.spectrum(p)
    s = float(np.max(np.abs(ref.drift(p))))
    x = p.array()
    D = complex(k.discriminant_effective(x)[0])
    one, c1, c0 = (complex(c) for c in k.charpoly_effective(x))
    assert one == 1
    assert_close(D, r["D"], s**2, "D")
    assert_close(-c1 / 2, r["tau"], s, "tau = -c1/2")
    assert_close(c0, r["det"], s**2, "det")
    got = np.linalg.eigvals(cm.first_moment_drift(p.as_dict()))
    want = [r["lambda+"], r["lambda-"]]
    if abs(got[0] - want[1]) + abs(got[1] - want[0]) < abs(got[0] - want[0]) + abs(
        got[1] - want[1]
    ):
        got = got[::-1]  # match by assignment
    extra = 2 * math.sqrt(abs(D - r["D"]) + 1e-16 * s**2) if near_ep else 0.0
    assert_close(got, want, s, "eigenvalues", rtol=1e-8, extra=extra)


def check_drifts(ref, p):
    """The runtime's first-moment drifts (from the printed matrices) against the derived M."""
    cm = nq.paper_model()
    M = ref.drift(p)
    got, f, _ = cm.drift(p.as_dict(), "effective")
    assert_close(got, M, float(np.max(np.abs(M))), "effective drift")
    assert_close(f, [-1j * p.F, 0], abs(p.F) or 1.0, "effective drive")
    A = ref.full_drift(p)
    assert_close(cm.drift(p.as_dict(), "full")[0], A, float(np.max(np.abs(A))), "full drift")


def check_rates(ref, p):
    got = nq.derived_rates(p)
    want = {n: v for n, v in ref.rates(p).items() if n != "gamma_c"}  # not a runtime rate
    assert set(want) <= set(got)
    scale = max(abs(v) for n, v in want.items() if not n.startswith("theta"))
    for n, w in want.items():
        assert_close(got[n], w, math.pi if n.startswith("theta") else scale, n)


def check_ep_coefficients(ref, p):
    k = nq.paper_model().kernels
    for name in ref.ep_names:
        fn, _ = k.EP_POLYNOMIALS["effective"][name]
        with np.errstate(all="ignore"):
            out = np.asarray(getattr(k, fn)(p.array()), dtype=complex)
        want = ref.ep(name, p)
        assert out.shape == want.shape, name
        scale = float(np.max(np.abs(want[:-1])))
        assert_close(out[:-1], want[:-1], scale, f"EP polynomial in {name}")
        assert_close(out[-1], want[-1], abs(want[-1]) or 1.0, f"{name} denominator")


def _f(lo, hi):
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


@st.composite
def generic_params(draw):
    """Random valid parameters, kappa_c >= 12 max(g), any Delta_c."""
    kappa_c = draw(_f(15.0, 200.0))
    gmax = min(3.0, kappa_c / 12)
    return nq.Params(
        Delta_a=draw(_f(-3.0, 3.0)),
        Delta_b=draw(_f(-3.0, 3.0)),
        Delta_c=draw(st.one_of(st.just(0.0), _f(-40.0, 40.0))),
        kappa_a=draw(_f(0.01, 2.0)),
        kappa_b=draw(_f(0.01, 2.0)),
        kappa_c=kappa_c,
        g_a=draw(_f(0.05, gmax)),
        g_b=draw(_f(0.05, gmax)),
        J=draw(_f(0.0, 2.0)),
        theta=draw(_f(-math.pi, math.pi)),
        F=draw(st.one_of(_f(-2.0, -0.01), _f(0.01, 2.0))),
        omega_a=draw(_f(0.2, 5.0)),
        omega_b=draw(_f(0.2, 5.0)),
    )


OFFSETS = (0.0, 1e-12, -1e-12, 3e-13, 1e-9, -1e-6, 1e-3)


@st.composite
def near_ep_params(draw):
    """Fully nonreciprocal, Delta_a = Delta_b, g_a = g_b: an EP at kappa_a = kappa_b; kappa_b
    on it or at a relative offset down to 1e-13 (Delta_c may be non-zero)."""
    kappa = draw(_f(0.02, 1.0))
    detuning = draw(_f(-2.0, 2.0))
    Gamma = draw(_f(0.2, 3.0))
    return nq.Params.nonreciprocal(
        Gamma=Gamma,
        kappa_a=kappa,
        kappa_b=kappa * (1 + draw(st.sampled_from(OFFSETS))),
        kappa_c=Gamma * draw(_f(40.0, 200.0)),
        F=draw(_f(0.05, 2.0)),
        Delta_a=detuning,
        Delta_b=detuning,
        Delta_c=draw(st.one_of(st.just(0.0), _f(-10.0, 10.0))),
        omega_a=draw(_f(0.5, 2.0)),
        omega_b=draw(_f(0.5, 2.0)),
    )


def resonant_ep(kappa=0.05, Delta_c=0.0, offset=0.0):
    return nq.Params.nonreciprocal(
        Gamma=1.0,
        kappa_a=kappa,
        kappa_b=kappa * (1 + offset),
        kappa_c=100.0,
        F=0.5,
        Delta_c=Delta_c,
    )


def detuned_ep(delta=0.3, kappa_a=0.2, g=2.0, kappa_c=40.0):
    """physics.md's partially nonreciprocal EP (Delta_c = 0, J = Gamma/2): Lambda_b = Lambda_a +
    2 delta and cos(theta) = delta^2/Gamma^2, delta = Delta_a - Delta_b."""
    Gamma = 4 * g * g / kappa_c
    return nq.Params(
        Delta_a=delta,
        Delta_b=0.0,
        kappa_a=kappa_a,
        kappa_b=kappa_a + 2 * delta,
        kappa_c=kappa_c,
        g_a=g,
        g_b=g,
        J=Gamma / 2,
        theta=math.acos(delta**2 / Gamma**2),
        F=0.8,
    )


EXPLICIT_EPS = {
    "resonant": lambda: resonant_ep(),
    "resonant_1e-12": lambda: resonant_ep(offset=1e-12),
    "resonant_-1e-13": lambda: resonant_ep(offset=-1e-13),
    "detuned_c": lambda: resonant_ep(kappa=0.3, Delta_c=4.0),
    "detuned_c_1e-12": lambda: resonant_ep(kappa=0.3, Delta_c=-4.0, offset=1e-12),
    "charger_battery_detuned": lambda: detuned_ep(),
}


def test_explicit_points_are_exceptional(ref):
    """Sanity: the explicit points have D ~ 0 with M not diagonal (reference values)."""
    for name, make in EXPLICIT_EPS.items():
        p = make()
        M = ref.drift(p)
        s = float(np.max(np.abs(M)))
        assert abs(ref.spectrum(p)["D"]) < 1e-10 * s**2, name
        assert abs(M[0, 1]) + abs(M[1, 0]) > 1e-3 * s, name


@pytest.mark.parametrize("name", sorted(EXPLICIT_EPS))
def test_explicit_exceptional_points(ref, name):
    p = EXPLICIT_EPS[name]()
    check_trace(ref, p, np.concatenate([TIMES, np.linspace(0.5, 300.0, 7)]))
    check_steady(ref, p)
    check_spectrum(ref, p, near_ep=True)
    check_drifts(ref, p)
    check_rates(ref, p)
    check_ep_coefficients(ref, p)


def profiles(strategy, fast: int, slow: int = 150):
    """A Hypothesis test over ``p`` with ``fast`` examples and its ``slow`` copy."""

    def make(body):
        quick = settings(max_examples=fast)(given(p=strategy)(body))
        long = pytest.mark.slow(settings(max_examples=slow)(given(p=strategy)(body)))
        return quick, long

    return make


def _trace_and_steady_state_match_symbolic(ref, p):
    check_trace(ref, p)
    check_steady(ref, p)


(
    test_trace_and_steady_state_match_symbolic,
    test_trace_and_steady_state_match_symbolic_slow,
) = profiles(generic_params(), fast=10)(_trace_and_steady_state_match_symbolic)


def _spectrum_rates_eps_match_symbolic(ref, p):
    check_spectrum(ref, p)
    check_drifts(ref, p)
    check_rates(ref, p)
    check_ep_coefficients(ref, p)


(
    test_spectrum_rates_eps_match_symbolic,
    test_spectrum_rates_eps_match_symbolic_slow,
) = profiles(generic_params(), fast=12)(_spectrum_rates_eps_match_symbolic)


def _trace_and_spectrum_match_symbolic_near_ep(ref, p):
    check_trace(ref, p)
    check_spectrum(ref, p, near_ep=True)


(
    test_trace_and_spectrum_match_symbolic_near_ep,
    test_trace_and_spectrum_match_symbolic_near_ep_slow,
) = profiles(near_ep_params(), fast=10)(_trace_and_spectrum_match_symbolic_near_ep)


# =============================================================== Part 3: an edited model
def _edited_model(tmp_path, changes: dict[str, str], extra: str = "") -> str:
    from nrqb_sym.model.names import PAPER_MODEL

    path = tmp_path / "edited.toml"
    path.write_text(edited(PAPER_MODEL.read_text(encoding="utf-8"), changes, extra), "utf-8")
    return str(path)


def test_second_battery_skips_paper_results_with_reasons(tmp_path, monkeypatch, capsys):
    """nrqb.toml with a battery d on the same cavity: the engine derives it; the paper's layer
    keeps the projection-operator elimination (one eliminated mode: H_eff = PHP +
    v v^T/(0 - QHQ), v = (g_a, g_b, g_d)) and the ergotropy, and skips the rest, each with a
    one-line reason; the documents and ``nrqb derive --paper`` say so."""
    monkeypatch.setenv("NRQB_CACHE_DIR", str(tmp_path / "cache"))
    path = _edited_model(tmp_path, SECOND_BATTERY, SECOND_BATTERY_DISSIPATOR)
    from nrqb_sym.paper.derivation import derive
    from nrqb_sym.paper.documents import render_stage_markdown, stage_items

    pd = derive(path)
    assert tuple(pd.engine.spec.kept) == ("a", "b", "d")
    assert set(pd.skipped) == {"nonreciprocity", "solutions", "resonant", "spectrum", "paper_ep"}
    for key, reason in pd.skipped.items():
        assert reason and "\n" not in reason, key
        assert getattr(pd, key) == {}
    for key in ("nonreciprocity", "solutions", "spectrum"):
        assert "keeps a, b, d" in pd.skipped[key], pd.skipped[key]
    assert pd.skipped["resonant"].startswith("needs solutions:")
    assert pd.skipped["paper_ep"].startswith("needs spectrum:")
    # what is kept is right
    e = pd.elimination
    p = pd.params
    v = sp.Matrix([p["g_a"], p["g_b"], p["g_d"]])
    QHQ = p["Delta_c"] - I * p["kappa_c"] / 2
    assert zero_matrix(e["H_eff"] - (e["PHP"] + v * v.T / (0 - QHQ)))
    assert zero_matrix(e["PHQ"] - v)
    assert "definitions" not in e  # the named rates are the paper's two-mode ones
    assert pd.ergotropy["ergotropy"] is not None
    # the documents carry the reason instead of the result
    (item,) = stage_items(pd, "nonreciprocity")
    assert item.rhs is None and item.note == pd.skipped["nonreciprocity"]
    assert pd.skipped["solutions"] in render_stage_markdown(pd, "solutions")
    # and the command line reports it on stderr, exit 0
    from nrqb_sym.cli import main

    assert main(["derive", "--paper", "--model-file", path, "--stage", "spectrum"]) == 0
    out, err = capsys.readouterr()
    assert err.startswith("nrqb: paper results skipped:") and len(err.strip().splitlines()) == 1
    assert "spectrum (skipped): " + pd.skipped["spectrum"] in out


@pytest.mark.slow
def test_renamed_coupling_skips_with_the_missing_parameter(tmp_path, monkeypatch):
    """The coherent coupling renamed (J -> K): the results written in J are skipped, naming it."""
    monkeypatch.setenv("NRQB_CACHE_DIR", str(tmp_path / "cache"))
    path = _edited_model(
        tmp_path,
        {
            "J*(exp(I*theta)*dag(a)*b + exp(-I*theta)*dag(b)*a)": (
                "K*(exp(I*theta)*dag(a)*b + exp(-I*theta)*dag(b)*a)"
            ),
            "J = { kind": "K = { kind",
        },
    )
    from nrqb_sym.paper.derivation import derive

    pd = derive(path)
    for key in ("nonreciprocity", "solutions", "spectrum"):
        assert pd.skipped[key].startswith("the model has no parameter J"), pd.skipped[key]
    assert "elimination" not in pd.skipped and "H_eff" in pd.elimination
