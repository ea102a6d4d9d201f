r"""Each derivation stage against the structure and results stated in ``/work/shared/physics.md``.

Every expected expression below is typed by hand from the physics notes (or derived in the test
from the model as written there), never taken from the package.  Symbols are the derivation's own
parameter symbols, looked up by name.  Where a symbolic ``simplify`` of the difference would be
slow or fragile, both sides are evaluated with mpmath at 40 digits at several deterministic
random points (``assert_same``) - the comparison is then at ~1e-25 relative, far tighter than any
rounding, so a wrong formula cannot pass.

References used:

* full drift of ``(<a>, <b>, <c>)``: :math:`A = -iH_1 - \tfrac12\mathrm{diag}(\kappa_a, \kappa_b,
  \kappa_c)`, ``f = (-iF, 0, 0)``, :math:`H_1` the single-particle matrix of H;
* effective drift for any :math:`\Delta_c`: the Schur complement of ``A`` on ``c``, which is the
  projection formula :math:`-i[PHP + PHQ(0 - QHQ)^{-1}QHP] - \tfrac12\mathrm{diag}(\kappa_a,
  \kappa_b)` with :math:`QHQ = \Delta_c - i\kappa_c/2`;
* at :math:`\Delta_c = 0`: :math:`\Gamma_x = 4g_x^2/\kappa_c`, :math:`\Gamma = 4g_ag_b/\kappa_c`,
  :math:`M_{11} = -i\Delta_a - \Lambda_a/2`, :math:`M_{12} = -(iJe^{i\theta} + \Gamma/2)`, ...;
* nonreciprocity: :math:`J = g_ag_b/\sqrt{\Delta_c^2 + \kappa_c^2/4}`,
  :math:`\theta = \operatorname{atan2}(\kappa_c/2, \Delta_c)`;
* resonant closed forms, solved here by hand (and checked against their ODE in the test).
"""

from __future__ import annotations

import mpmath
import numpy as np
import sympy as sp
from sympy.physics.quantum import Dagger
from sympy.physics.quantum.boson import BosonOp

from nrqb_sym.derive.moments import close
from nrqb_sym.derive.special import expm1cosh, expsinhc
from nrqb_sym.model.core import PARAMETER_NAMES
from nrqb_sym.model.operators import Moment, moment_of

I = sp.I
DPS = 40
TOL = mpmath.mpf("1e-25")


# ------------------------------------------------------------------------------ helpers
class P:
    """Parameter symbols of the derivation, by name (``P(d).kappa_a``)."""

    def __init__(self, derivation):
        self.__dict__.update(derivation.params)


def _mp_functions():
    """Independent mpmath versions of the package's entire functions (for lambdify)."""

    def expsinhc(x, w):
        x, w = mpmath.mpc(x), mpmath.mpc(w)
        if w == 0:
            return mpmath.exp(x)
        r = mpmath.sqrt(w)
        return mpmath.exp(x) * mpmath.sinh(r) / r

    def expm1cosh(x, w):
        x, w = mpmath.mpc(x), mpmath.mpc(w)
        return mpmath.exp(x) * mpmath.cosh(mpmath.sqrt(w)) - 1

    return {"expsinhc": expsinhc, "expm1cosh": expm1cosh}


MODULES = [_mp_functions(), "mpmath"]


def _sample(symbol: sp.Symbol, rng: np.random.Generator):
    """A random value respecting the symbol's assumptions."""
    if symbol.is_positive:
        v = rng.uniform(0.05, 3.0)
    elif symbol.is_nonnegative:
        v = rng.uniform(0.0, 3.0)
    elif symbol.is_real:
        v = rng.uniform(-3.0, 3.0)
    else:
        return mpmath.mpc(rng.uniform(-2, 2), rng.uniform(-2, 2))
    return mpmath.mpf(v)


def _as_matrix(x) -> sp.Matrix:
    return x if isinstance(x, sp.MatrixBase) else sp.Matrix([x])


def assert_same(lhs, rhs, n_points: int = 6, seed: int = 0):
    """``lhs == rhs`` (expressions or matrices) at random points: 40 digits, difference at most
    1e-25 max(|rhs|, 1)."""
    lhs, rhs = _as_matrix(lhs), _as_matrix(rhs)
    assert lhs.shape == rhs.shape
    free = sorted(lhs.free_symbols | rhs.free_symbols, key=lambda s: s.name)
    fl = sp.lambdify(free, list(lhs), modules=MODULES)
    fr = sp.lambdify(free, list(rhs), modules=MODULES)
    rng = np.random.default_rng(seed)
    with mpmath.workdps(DPS):
        for _ in range(n_points):
            vals = [_sample(s, rng) for s in free]
            for a, b in zip(fl(*vals), fr(*vals), strict=True):
                a, b = mpmath.mpmathify(a), mpmath.mpmathify(b)
                scale = max(abs(b), mpmath.mpf(1))
                assert abs(a - b) <= TOL * scale, (
                    f"{a} != {b} at {dict(zip(free, vals, strict=True))}"
                )


def is_zero(expr) -> bool:
    return sp.simplify(expr) == 0


def expected_full_drift(p: P) -> tuple[sp.Matrix, sp.Matrix]:
    """physics.md: A = -i H1 - diag(kappa)/2, f = (-iF, 0, 0)."""
    Je = p.J * sp.exp(I * p.theta)
    H1 = sp.Matrix(
        [
            [p.Delta_a, Je, p.g_a],
            [sp.conjugate(Je), p.Delta_b, p.g_b],
            [p.g_a, p.g_b, p.Delta_c],
        ]
    )
    A = -I * H1 - sp.diag(p.kappa_a, p.kappa_b, p.kappa_c) / 2
    return A, sp.Matrix([-I * p.F, 0, 0])


def expected_effective_drift(p: P) -> tuple[sp.Matrix, sp.Matrix]:
    """Schur complement of the full drift on the c block (any Delta_c)."""
    A, f = expected_full_drift(p)
    M = A[:2, :2] - A[:2, 2] * A[2, :2] / A[2, 2]
    return M, f[:2, :]


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
    }


def operator_coefficients(expr: sp.Expr) -> dict[tuple, sp.Expr]:
    """``{tuple of non-commutative factors: c-number coefficient}`` of an operator polynomial."""
    out: dict[tuple, sp.Expr] = {}
    for term in sp.Add.make_args(sp.expand(expr)):
        c, nc = term.args_cnc()
        key = tuple(nc)
        out[key] = out.get(key, sp.S.Zero) + sp.Mul(*c)
    return out


a_op, b_op, c_op = BosonOp("a"), BosonOp("b"), BosonOp("c")


# ------------------------------------------------------------------------------ stage 1
def test_model_stage(derivation):
    """Modes a, b, c; parameter symbols named exactly as PARAMETER_NAMES; energies omega_x."""
    m = derivation.model
    assert tuple(m.modes) == ("a", "b", "c")
    assert {str(s) for s in derivation.params.values()} == set(PARAMETER_NAMES)
    assert all(str(derivation.params[n]) == n for n in PARAMETER_NAMES)
    p = P(derivation)
    assert m.energies["a"] == p.omega_a and m.energies["b"] == p.omega_b
    # H's drive is F (a + a'): the only terms linear in the operators
    coeffs = operator_coefficients(m.hamiltonian)
    linear = {k: v for k, v in coeffs.items() if len(k) == 1}
    assert set(linear) == {(a_op,), (Dagger(a_op),)}
    assert all(v == p.F for v in linear.values())


# ------------------------------------------------------------------------------ stage 2
def test_projection_blocks(derivation):
    """QHQ = Delta_c - i kappa_c/2 and H_eff = PHP + PHQ (0 - QHQ)^-1 QHP, 2x2."""
    p, e = P(derivation), derivation.elimination
    assert tuple(e.kept) == ("a", "b") and e.eliminated == "c"
    assert is_zero(e.QHQ - (p.Delta_c - I * p.kappa_c / 2))
    assert e.H_eff.shape == (2, 2)
    PHP = sp.Matrix(
        [
            [p.Delta_a, p.J * sp.exp(I * p.theta)],
            [p.J * sp.exp(-I * p.theta), p.Delta_b],
        ]
    )
    v = sp.Matrix([p.g_a, p.g_b])
    expected = PHP + v * v.T / (0 - (p.Delta_c - I * p.kappa_c / 2))
    assert (e.H_eff - expected).applyfunc(sp.simplify) == sp.zeros(2, 2)


def test_H_eff_splits_into_hermitian_and_dissipative(derivation):
    e = derivation.elimination
    assert e.H_herm.shape == (2, 2) and e.G.shape == (2, 2)
    assert (e.H_eff - (e.H_herm - I * e.G / 2)).applyfunc(sp.simplify) == sp.zeros(2, 2)
    assert (e.H_herm - e.H_herm.H).applyfunc(sp.simplify) == sp.zeros(2, 2)
    assert (e.G - e.G.H).applyfunc(sp.simplify) == sp.zeros(2, 2)


def test_hermitian_part_and_G_explicit(derivation):
    """H_herm = PHP + frequency shifts -4 Delta_c g_i g_j/(4 Delta_c^2 + kappa_c^2);
    G = 4 kappa_c/(4 Delta_c^2 + kappa_c^2) g g^T."""
    p, e = P(derivation), derivation.elimination
    den = 4 * p.Delta_c**2 + p.kappa_c**2
    g = sp.Matrix([p.g_a, p.g_b])
    PHP = sp.Matrix(
        [[p.Delta_a, p.J * sp.exp(I * p.theta)], [p.J * sp.exp(-I * p.theta), p.Delta_b]]
    )
    assert (e.H_herm - (PHP - 4 * p.Delta_c * g * g.T / den)).applyfunc(sp.simplify) == sp.zeros(
        2, 2
    )
    assert (e.G - 4 * p.kappa_c * g * g.T / den).applyfunc(sp.simplify) == sp.zeros(2, 2)


def test_G_rank_one_positive_semidefinite(derivation):
    G = derivation.elimination.G
    assert is_zero(G.det())
    assert G[0, 0].is_nonnegative and G[1, 1].is_nonnegative
    # numerically: eigenvalues {0, tr G >= 0} at random points
    free = sorted(G.free_symbols, key=lambda s: s.name)
    f = sp.lambdify(free, G, modules="mpmath")
    rng = np.random.default_rng(1)
    with mpmath.workdps(DPS):
        for _ in range(5):
            Gn = mpmath.matrix(f(*[_sample(s, rng) for s in free]))
            ev = sorted(mpmath.eig(Gn)[0], key=abs)
            assert abs(ev[0]) < mpmath.mpf("1e-30") * abs(ev[1])
            assert abs(mpmath.im(ev[1])) < mpmath.mpf("1e-30") and mpmath.re(ev[1]) > 0


def test_eliminated_rates_general_and_at_zero_detuning(derivation):
    """Gamma_a = 4 g_a^2 kappa_c/(4 Delta_c^2 + kappa_c^2) -> 4 g_a^2/kappa_c at Delta_c = 0."""
    p, defs = P(derivation), derivation.elimination.definitions
    for name, expected in rates_general(p).items():
        assert is_zero(defs[name] - expected), name
    at0 = {p.Delta_c: 0}
    assert is_zero(defs["Gamma_a"].subs(at0) - 4 * p.g_a**2 / p.kappa_c)
    assert is_zero(defs["Gamma_b"].subs(at0) - 4 * p.g_b**2 / p.kappa_c)
    assert is_zero(defs["Gamma"].subs(at0) - 4 * p.g_a * p.g_b / p.kappa_c)
    assert is_zero(defs["Lambda_a"].subs(at0) - (p.kappa_a + 4 * p.g_a**2 / p.kappa_c))
    assert is_zero(defs["Lambda_b"].subs(at0) - (p.kappa_b + 4 * p.g_b**2 / p.kappa_c))
    # Gamma is the geometric mean of the two eliminated rates (any Delta_c)
    assert is_zero(defs["Gamma"] ** 2 - defs["Gamma_a"] * defs["Gamma_b"])


def test_jump_operator_at_zero_detuning(derivation):
    """L_c = (2/sqrt(kappa_c)) (g_a a + g_b b) at Delta_c = 0."""
    p, e = P(derivation), derivation.elimination
    expected = 2 / sp.sqrt(p.kappa_c) * (p.g_a * a_op + p.g_b * b_op)
    got = operator_coefficients(e.jump.subs(p.Delta_c, 0))
    want = operator_coefficients(expected)
    assert set(got) == set(want) == {(a_op,), (b_op,)}
    for k in want:
        assert is_zero(got[k] - want[k])


def test_effective_lindblad_model(derivation):
    """Effective model (vacuum baths, Delta_c = 0): H = H_herm + F(a + a'), and the dissipators
    kappa_a D[a] + kappa_b D[b] + D[L_c] with the jump operator above."""
    p = P(derivation)
    eff = derivation.elimination.effective
    assert tuple(eff.modes) == ("a", "b")
    vac = {getattr(p, n): 0 for n in ("n_a", "n_b", "n_c") if hasattr(p, n)}
    at = {p.Delta_c: 0, **vac}
    jumps = []
    for dis in eff.dissipators:
        rate = sp.simplify(dis.rate.subs(at))
        if rate != 0:
            jumps.append(operator_coefficients(sp.sqrt(rate) * dis.op))
    expected = [
        {(a_op,): sp.sqrt(p.kappa_a)},
        {(b_op,): sp.sqrt(p.kappa_b)},
        {(a_op,): 2 * p.g_a / sp.sqrt(p.kappa_c), (b_op,): 2 * p.g_b / sp.sqrt(p.kappa_c)},
    ]
    assert len(jumps) == len(expected)
    for want in expected:
        matches = [
            j for j in jumps if set(j) == set(want) and all(is_zero(j[k] - want[k]) for k in want)
        ]
        assert len(matches) == 1, want
    # Hamiltonian: the Hermitian part of H_eff and the drive, nothing else
    coeffs = operator_coefficients(eff.hamiltonian.subs(p.Delta_c, 0))
    ops = [a_op, b_op]
    want = {(a_op,): p.F, (Dagger(a_op),): p.F}
    PHP = sp.Matrix(
        [[p.Delta_a, p.J * sp.exp(I * p.theta)], [p.J * sp.exp(-I * p.theta), p.Delta_b]]
    )
    for i in range(2):
        for j in range(2):
            want[(Dagger(ops[i]), ops[j])] = PHP[i, j]
    assert set(coeffs) == set(want)
    for k in want:
        assert is_zero(coeffs[k] - want[k]), k


# ------------------------------------------------------------------------------ stage 3
def test_effective_moments_close_without_additions(derivation):
    """{<a>, <b>, <a'a>, <b'b>, <a'b>} closes on itself: nothing has to be added."""
    eff_model = derivation.elimination.effective
    wanted = [a_op, b_op, Dagger(a_op) * a_op, Dagger(b_op) * b_op, Dagger(a_op) * b_op]
    eqs, added = close(eff_model, wanted)
    assert added == ()
    syms = {moment_of(x) for x in wanted}
    assert set(eqs) == syms
    for rhs in eqs.values():
        assert rhs.atoms(Moment) <= syms
    # the pipeline's own system: closed, nothing added, first moments (<a>, <b>)
    sys_ = derivation.effective
    assert sys_.closed and tuple(sys_.added) == ()
    assert tuple(sys_.first) == (moment_of(a_op), moment_of(b_op))
    assert syms <= set(sys_.equations)
    for rhs in sys_.equations.values():
        assert rhs.atoms(Moment) <= set(sys_.equations)


def test_full_model_closes_with_expected_drift(derivation):
    p, full = P(derivation), derivation.full
    assert full.closed and tuple(full.added) == ()
    assert tuple(full.first) == (moment_of(a_op), moment_of(b_op), moment_of(c_op))
    A, f = expected_full_drift(p)
    assert full.M.shape == (3, 3)
    assert (full.M - A).applyfunc(sp.simplify) == sp.zeros(3, 3)
    assert (full.f - f).applyfunc(sp.simplify) == sp.zeros(3, 1)
    for rhs in full.equations.values():
        assert rhs.atoms(Moment) <= set(full.equations)


def test_full_occupation_equation(derivation):
    r"""d<a'a>/dt = -kappa_a(<a'a> - n_a) + iF(<a> - <a>^*) - iJ(e^{i theta}<a'b> - c.c.)
    - i g_a(<a'c> - c.c.)  (Heisenberg-Lindblad by hand; n_a = 0 if the model has no baths)."""
    p, full = P(derivation), derivation.full
    ad_a, ad_b, ad_c = (moment_of(Dagger(a_op) * x) for x in (a_op, b_op, c_op))
    ma = moment_of(a_op)
    n_a = getattr(p, "n_a", 0)
    Je = p.J * sp.exp(I * p.theta)
    expected = (
        -p.kappa_a * (ad_a - n_a)
        + I * p.F * (ma - sp.conjugate(ma))
        - I * (Je * ad_b - sp.conjugate(Je) * sp.conjugate(ad_b))
        - I * p.g_a * (ad_c - sp.conjugate(ad_c))
    )
    assert sp.expand(full.equations[ad_a] - expected) == 0


def test_effective_drift_any_detuning(derivation):
    """M of the effective model equals the Schur complement of the full drift on c."""
    p, eff = P(derivation), derivation.effective
    M, f = expected_effective_drift(p)
    assert eff.M.shape == (2, 2)
    assert (eff.f - f).applyfunc(sp.simplify) == sp.zeros(2, 1)
    assert_same(eff.M, M)
    assert (eff.M - M).applyfunc(sp.simplify) == sp.zeros(2, 2)


def test_effective_drift_at_zero_detuning(derivation):
    p = P(derivation)
    M = derivation.effective.M.subs(p.Delta_c, 0)
    La = p.kappa_a + 4 * p.g_a**2 / p.kappa_c
    Lb = p.kappa_b + 4 * p.g_b**2 / p.kappa_c
    G = 4 * p.g_a * p.g_b / p.kappa_c
    assert is_zero(M[0, 0] - (-I * p.Delta_a - La / 2))
    assert is_zero(M[1, 1] - (-I * p.Delta_b - Lb / 2))
    assert is_zero(M[0, 1] - (-(I * p.J * sp.exp(I * p.theta) + G / 2)))
    assert is_zero(M[1, 0] - (-(I * p.J * sp.exp(-I * p.theta) + G / 2)))


def test_effective_second_moments_follow_coherent_states(derivation):
    r"""With vacuum baths, the derived second-moment equations on a coherent state are the
    product rule of the first-moment equations: d(x_i^* x_j)/dt = (Mx+f)_i^* x_j + x_i^* (Mx+f)_j
    and d(x_i x_j)/dt likewise (M from the Schur complement, not from the package)."""
    p, eqs = P(derivation), derivation.effective.equations
    M, f = expected_effective_drift(p)
    al, be = sp.symbols("alpha_t beta_t")  # complex
    x = sp.Matrix([al, be])
    xdot = M * x + f
    ops = [a_op, b_op]
    value = {}
    deriv = {}
    for i in range(2):
        for j in range(2):
            if i <= j:
                m = moment_of(Dagger(ops[i]) * ops[j])
                value[m] = sp.conjugate(x[i]) * x[j]
                deriv[m] = sp.conjugate(xdot[i]) * x[j] + sp.conjugate(x[i]) * xdot[j]
                m2 = moment_of(ops[i] * ops[j])
                value[m2] = x[i] * x[j]
                deriv[m2] = xdot[i] * x[j] + x[i] * xdot[j]
    value[moment_of(a_op)], value[moment_of(b_op)] = al, be
    vac = {getattr(p, n): 0 for n in ("n_a", "n_b", "n_c") if hasattr(p, n)}
    checked = 0
    for m, want in deriv.items():
        if m not in eqs:
            continue
        got = eqs[m].subs(vac).xreplace(value)
        assert_same(got, want, n_points=3, seed=checked)
        checked += 1
    assert checked >= 3  # at least <a'a>, <b'b>, <a'b>


# ------------------------------------------------------------------------------ stage 4
def test_nonreciprocity_solution(derivation):
    """J = g_a g_b/sqrt(Delta_c^2 + kappa_c^2/4), theta = atan2(kappa_c/2, Delta_c)."""
    p = P(derivation)
    sol = derivation.nonreciprocity
    assert set(sol) == {p.J, p.theta}
    J_exp = p.g_a * p.g_b / sp.sqrt(p.Delta_c**2 + p.kappa_c**2 / 4)
    th_exp = sp.atan2(p.kappa_c / 2, p.Delta_c)
    assert_same(sp.Matrix([sol[p.J], sol[p.theta]]), sp.Matrix([J_exp, th_exp]), n_points=8)
    # explicitly on both sides of Delta_c = 0 (atan2 branch) and at it
    for dc in (sp.Rational(-7, 3), 0, sp.Rational(5, 2)):
        vals = {p.g_a: sp.Rational(3, 4), p.g_b: sp.Rational(1, 2), p.kappa_c: 3, p.Delta_c: dc}
        assert abs(complex(sol[p.theta].subs(vals) - th_exp.subs(vals))) < 1e-25
        assert abs(complex(sol[p.J].subs(vals) - J_exp.subs(vals))) < 1e-25
    # at Delta_c = 0: J = Gamma/2, theta = pi/2
    assert is_zero(sol[p.J].subs(p.Delta_c, 0) - 2 * p.g_a * p.g_b / p.kappa_c)
    assert is_zero(sol[p.theta].subs(p.Delta_c, 0) - sp.pi / 2)


def test_nonreciprocity_zeroes_M12_and_gives_M21(derivation):
    p = P(derivation)
    M, _ = expected_effective_drift(p)
    sol = derivation.nonreciprocity
    J_exp = p.g_a * p.g_b / sp.sqrt(p.Delta_c**2 + p.kappa_c**2 / 4)
    th_exp = sp.atan2(p.kappa_c / 2, p.Delta_c)
    assert_same(M[0, 1].subs({p.J: J_exp, p.theta: th_exp}), sp.S.Zero)
    assert_same(M[0, 1].subs(sol), sp.S.Zero)
    Gamma = rates_general(p)["Gamma"]
    # M21 = -Gamma (any Delta_c), both from the reference drift and the stage's own result
    assert_same(M[1, 0].subs(sol), -Gamma)
    assert_same(derivation.nonreciprocity_detail.M21, -Gamma)
    assert is_zero(
        derivation.nonreciprocity_detail.M21.subs(p.Delta_c, 0) + 4 * p.g_a * p.g_b / p.kappa_c
    )
    assert_same(derivation.effective.M[1, 0].subs(sol), -Gamma)


# ------------------------------------------------------------------------------ stage 5
def _resonant(derivation):
    r = derivation.resonant
    La, Lb = r.symbols["Lambda_a"], r.symbols["Lambda_b"]
    Ga, Gb = r.symbols["Gamma_a"], r.symbols["Gamma_b"]
    t = next(s for s in r.a.free_symbols if s.name == "t")
    F = derivation.params["F"]
    return r, La, Lb, Ga, Gb, t, F


def _expected_resonant(La, Lb, Ga, Gb, t, F):
    """Solved by hand from da/dt = -Lambda_a a/2 - iF, db/dt = -Gamma a - Lambda_b b/2."""
    G = sp.sqrt(Ga) * sp.sqrt(Gb)
    a_ss = -2 * I * F / La
    a = a_ss * (1 - sp.exp(-La * t / 2))
    b_ss = -2 * G * a_ss / Lb
    B1 = 2 * G * a_ss / (Lb - La)
    b = b_ss + B1 * sp.exp(-La * t / 2) + (-b_ss - B1) * sp.exp(-Lb * t / 2)
    b_equal = b_ss.subs(Lb, La) * (
        1 - sp.exp(-La * t / 2) * (1 + La * t / 2)
    )  # Lambda_b = Lambda_a
    return a_ss, a, b_ss, b, b_equal, G


def test_resonant_reference_solves_its_ode(derivation):
    """Sanity check of the hand-solved references used below."""
    r, La, Lb, Ga, Gb, t, F = _resonant(derivation)
    a_ss, a, b_ss, b, b_eq, G = _expected_resonant(La, Lb, Ga, Gb, t, F)
    assert is_zero(sp.diff(a, t) - (-La * a / 2 - I * F)) and a.subs(t, 0) == 0
    assert is_zero(sp.diff(b, t) - (-G * a - Lb * b / 2)) and is_zero(b.subs(t, 0))
    a_eq = a.subs(Lb, La)
    assert is_zero(sp.diff(b_eq, t) - (-G * a_eq - La * b_eq / 2)) and is_zero(b_eq.subs(t, 0))


def test_resonant_charger_closed_form(derivation):
    """<a>(t) = a_ss (1 - exp(-Lambda_a t/2)), a_ss = -2iF/Lambda_a."""
    r, La, Lb, Ga, Gb, t, F = _resonant(derivation)
    a_ss, a, b_ss, *_ = _expected_resonant(La, Lb, Ga, Gb, t, F)
    assert is_zero(r.a_ss - a_ss)
    assert is_zero(r.a - a)
    assert is_zero(r.b_ss - b_ss)
    assert not r.a.has(Lb) and not r.a.has(Gb)  # the charger does not see the battery


def test_resonant_ratio_and_efficiency(derivation):
    r, La, Lb, Ga, Gb, t, F = _resonant(derivation)
    p = P(derivation)
    R = 4 * Ga * Gb / Lb**2 * p.omega_b / p.omega_a
    assert is_zero(r.ratio_ss - R)
    assert is_zero(r.efficiency_ss - R / (1 + R))
    # physics.md example: kappa_b = 0.05 Gamma (Gamma_a = Gamma_b = Gamma = 1) -> R = 3.628,
    # eta = 0.784
    ex = {Ga: 1, Gb: 1, Lb: sp.Rational(105, 100), p.omega_a: 1, p.omega_b: 1}
    assert abs(float(r.ratio_ss.subs(ex)) - 3.628) < 5e-4
    assert abs(float(r.efficiency_ss.subs(ex)) - 0.784) < 5e-4


def test_resonant_battery_naive_form(derivation):
    r, La, Lb, Ga, Gb, t, F = _resonant(derivation)
    *_, b, _, _ = _expected_resonant(La, Lb, Ga, Gb, t, F)
    assert is_zero(r.naive_b - b)


def test_resonant_battery_entire_form(derivation):
    """b(t) with expsinhc/expm1cosh equals the naive two-exponential form for Lambda_a !=
    Lambda_b and is finite (the confluent limit) at Lambda_a = Lambda_b."""
    r, La, Lb, Ga, Gb, t, F = _resonant(derivation)
    _, _, _, b, b_eq, _ = _expected_resonant(La, Lb, Ga, Gb, t, F)
    assert r.b.atoms(expsinhc, expm1cosh)  # written with the entire functions
    assert_same(r.b, b, n_points=10)
    at_eq = r.b.subs(Lb, La)
    assert not at_eq.has(sp.zoo, sp.nan, sp.oo)
    assert_same(at_eq, b_eq, n_points=6)
    # the naive form really is 0/0 there (which is why the entire form exists)
    assert r.naive_b.subs(Lb, La).has(sp.zoo, sp.nan)


def test_general_solution_solves_moment_equations(derivation):
    """x(0) = 0 and dx/dt = M x + f (M from the Schur complement), by mpmath differentiation,
    at generic points, at Delta_c != 0, and at the nonreciprocal resonant EP."""
    p = P(derivation)
    sol = derivation.solutions
    t = next(s for s in sol.x.free_symbols if s.name == "t")
    M, f = expected_effective_drift(p)
    names = [
        n for n in PARAMETER_NAMES if derivation.params[n] in sol.x.free_symbols | M.free_symbols
    ]
    syms = [derivation.params[n] for n in names]
    fx = sp.lambdify([*syms, t], list(sol.x), modules=MODULES)
    fM = sp.lambdify(syms, [M[0, 0], M[0, 1], M[1, 0], M[1, 1], f[0], f[1]], modules=MODULES)
    rng = np.random.default_rng(5)
    points = []
    for _ in range(4):
        v = {n: _sample(derivation.params[n], rng) for n in names}
        points.append(v)
    # nonreciprocal, resonant, Lambda_a = Lambda_b (EP): g_a = g_b, kappa_a = kappa_b
    with mpmath.workdps(DPS):
        g, kc = mpmath.mpf("0.5"), mpmath.mpf(10)
        ep = {n: mpmath.mpf(0) for n in names}
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
        points.append({n: ep[n] for n in names})
    with mpmath.workdps(DPS):
        for v in points:
            args = [v[n] for n in names]
            x0 = fx(*args, mpmath.mpf(0))
            assert all(abs(c) < mpmath.mpf("1e-30") for c in x0)
            m = fM(*args)
            for tt in (mpmath.mpf("0.3"), mpmath.mpf("2.5"), mpmath.mpf(9)):
                xa, xb = fx(*args, tt)
                da = mpmath.diff(lambda s, args=args: fx(*args, s)[0], tt)
                db = mpmath.diff(lambda s, args=args: fx(*args, s)[1], tt)
                ra = m[0] * xa + m[1] * xb + m[4]
                rb = m[2] * xa + m[3] * xb + m[5]
                scale = max(abs(ra), abs(rb), abs(m[4]))
                assert abs(da - ra) < mpmath.mpf("1e-20") * scale
                assert abs(db - rb) < mpmath.mpf("1e-20") * scale


def test_steady_state_solves_drift(derivation):
    p = P(derivation)
    M, f = expected_effective_drift(p)
    x_ss = derivation.solutions.x_ss
    assert_same(M * x_ss + f, sp.zeros(2, 1))


def test_general_solution_reduces_to_resonant_forms(derivation):
    """solutions.x at resonance with the nonreciprocal (J, theta) equals the hand-solved a(t),
    b(t) in Lambda/Gamma (Delta_c = 0), including Lambda_a = Lambda_b."""
    sol = derivation.solutions
    r, La, Lb, Ga, Gb, t, F = _resonant(derivation)
    _, a, _, b, b_eq, _ = _expected_resonant(La, Lb, Ga, Gb, t, F)
    cases = [
        dict(kappa_a="0.3", kappa_b="0.05", g_a="0.5", g_b="0.8"),
        dict(kappa_a="0.1", kappa_b="0.9", g_a="1.1", g_b="0.4"),
        dict(kappa_a="0.25", kappa_b="0.25", g_a="0.6", g_b="0.6"),  # EP
    ]
    names = [n for n in PARAMETER_NAMES if derivation.params[n] in sol.x.free_symbols]
    fx = sp.lambdify(
        [*(derivation.params[n] for n in names), sol_t(sol)], list(sol.x), modules=MODULES
    )
    fa = sp.lambdify([La, F, t], a, modules=MODULES)
    fb = sp.lambdify([La, Lb, Ga, Gb, F, t], b, modules=MODULES)
    fbe = sp.lambdify([La, Ga, Gb, F, t], b_eq, modules=MODULES)
    with mpmath.workdps(DPS):
        for case in cases:
            v = {n: mpmath.mpf(0) for n in names}
            v.update({k: mpmath.mpf(s) for k, s in case.items()})
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


def sol_t(sol):
    return next(s for s in sol.x.free_symbols if s.name == "t")


# ------------------------------------------------------------------------------ stage 6
def test_spectrum(derivation):
    """charpoly = lambda^2 - tr(M) lambda + det(M); eigenvalues are its roots; D = (M11 -
    M22)^2 + 4 M12 M21, tau = tr(M)/2 (M from the Schur complement)."""
    p, s = P(derivation), derivation.spectrum
    M, _ = expected_effective_drift(p)
    lam = next(x for x in s.charpoly.free_symbols if x.name == "lambda")
    assert_same(s.charpoly, lam**2 - M.trace() * lam + M.det())
    assert_same(s.discriminant, (M[0, 0] - M[1, 1]) ** 2 + 4 * M[0, 1] * M[1, 0])
    assert_same(s.tau, M.trace() / 2)
    assert_same(s.det, M.det())
    assert len(s.eigenvalues) == 2
    for ev in s.eigenvalues:
        assert_same(s.charpoly.subs(lam, ev), sp.S.Zero, n_points=4)
    assert_same(s.eigenvalues[0] + s.eigenvalues[1], M.trace())
    assert_same((s.eigenvalues[0] - s.eigenvalues[1]) ** 2, s.discriminant)


def test_ep_polynomials_exist_for_discriminant_parameters(derivation):
    p = P(derivation)
    for name in ("Delta_a", "Delta_b", "kappa_a", "kappa_b", "J", "theta", "g_a", "g_b"):
        assert name in derivation.ep, name
    for name in ("F", "omega_a", "omega_b"):
        assert name not in derivation.ep
    assert derivation.ep["kappa_b"].variable == p.kappa_b
    assert derivation.ep["theta"].variable != p.theta  # a polynomial in u = exp(i theta)


def test_ep_kappa_b_nonreciprocal_resonant_double_root(derivation):
    """Nonreciprocal, resonant: D = 0 iff Lambda_b = Lambda_a, i.e. a double root
    kappa_b = kappa_a + Gamma_a - Gamma_b ((Lambda_b - Lambda_a)^2 = 4 delta^2 with delta = 0)."""
    p = P(derivation)
    ep = derivation.ep["kappa_b"]
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
    x = sp.Symbol("x")
    roots = sp.roots(sp.Poly(coeffs, x))
    expected = ka + 4 * ga**2 / kc - 4 * gb**2 / kc
    assert roots == {expected: 2}
    assert expected == sp.Rational(3, 80)


def test_ep_kappa_b_detuned_relation(derivation):
    r"""J = Gamma/2, Delta_c = 0, delta = Delta_a - Delta_b: every real root kappa_b of the EP
    polynomial satisfies (Lambda_b - Lambda_a)^2 = 4 delta^2 and cos(theta) = delta (Lambda_b -
    Lambda_a)/(2 Gamma^2); with cos(theta) = delta^2/Gamma^2 the root Lambda_b = Lambda_a + 2 delta
    is there; the theta polynomial's unit-circle roots have cos(theta) = delta^2/Gamma^2."""
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
                key=lambda s: s.name,
            )
            f = sp.lambdify(free, list(ep.coefficients), modules=MODULES)
            return [mpmath.mpc(c) for c in f(*[vals[s.name] for s in free])]

        roots = mpmath.polyroots(coefficients(derivation.ep["kappa_b"], "kappa_b"), extraprec=200)
        real = [mpmath.re(r) for r in roots if abs(mpmath.im(r)) < mpmath.mpf("1e-25")]
        assert real, roots
        for kb in real:
            Lb = kb + Gb
            assert abs((Lb - La) ** 2 - 4 * delta**2) < mpmath.mpf("1e-25")
            assert abs(mpmath.cos(theta) - delta * (Lb - La) / (2 * G**2)) < mpmath.mpf("1e-25")
        assert any(abs(kb - (La + 2 * delta - Gb)) < mpmath.mpf("1e-25") for kb in real)

        base["kappa_b"] = La + 2 * delta - Gb
        us = mpmath.polyroots(coefficients(derivation.ep["theta"], "theta"), extraprec=200)
        on_circle = [u for u in us if abs(abs(u) - 1) < mpmath.mpf("1e-25")]
        assert on_circle, us
        for u in on_circle:
            assert abs(mpmath.re(u) - delta**2 / G**2) < mpmath.mpf("1e-25")
