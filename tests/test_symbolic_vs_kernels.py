r"""Derived SymPy expressions, evaluated with mpmath at 40 digits, against the compiled kernels.

What is compared (the *same* derivation results, evaluated two ways): ``solutions.x``,
``solutions.x_ss`` and ``solutions.steady``, ``solutions.power``, the spectrum (``tau``, ``det``,
discriminant, eigenvalues), the first-moment drifts, the elimination's definitions and the
nonreciprocity solution, and the EP polynomials, against ``nrqb_sym.simulate``,
``steady_state``, ``derived_rates`` and the generated ``effective_*``, ``full_drift`` and
``ep_*`` kernels.  This tests the code generator, the printer's real/complex choices, CSE and
hoisting, and the Numba numerics of the entire functions - not the physics (see
``test_stages.py`` for that).

The symbolic side is lambdified with ``modules=[{expsinhc, expm1cosh}, "mpmath"]``, where the two
entire functions are written here independently in mpmath (``e^x sinh(sqrt w)/sqrt w`` and
``e^x cosh(sqrt w) - 1``); the parameters are the kernels' float64 values converted exactly.

Tolerance: ``|kernel - reference| <= 1e-9 * max(|reference|, floor)``, the floor being 1e-5 of
the natural scale of the quantity (its steady-state or largest value, ``max|M_ij|`` for the
spectrum, ``max|M_ij| |x|^2`` for the power whose terms cancel at steady state): values near zero
are compared to ~1e-14 of that scale (some 50 ulps).  Eigenvalues close to an exceptional point are
ill-conditioned (they move like the square root of a perturbation of ``D``); there the
eigenvalue tolerance adds ``2 sqrt(|D_kernel - D_reference|)``, with the discriminant itself
held to the 1e-9 rule.
"""

from __future__ import annotations

import math
import warnings

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import nrqb_sym as nq
from nrqb_sym.model.core import PARAMETER_NAMES

RTOL = 1e-9
FLOOR = 1e-5
DPS = 40
TIMES = np.array([0.0, 1e-7, 1e-3, 0.37, 2.0, 11.0, 60.0, 400.0, 5000.0])


# ------------------------------------------------------------------------------ reference
def _expsinhc(x, w):
    x, w = mpmath.mpc(x), mpmath.mpc(w)
    if w == 0:
        return mpmath.exp(x)
    r = mpmath.sqrt(w)
    return mpmath.exp(x) * mpmath.sinh(r) / r


def _expm1cosh(x, w):
    x, w = mpmath.mpc(x), mpmath.mpc(w)
    return mpmath.exp(x) * mpmath.cosh(mpmath.sqrt(w)) - 1


MODULES = [{"expsinhc": _expsinhc, "expm1cosh": _expm1cosh}, "mpmath"]


def _named(expr, name):
    return next(s for s in sp.sympify(expr).free_symbols if s.name == name)


class Reference:
    """Lambdified derivation results; every call takes a :class:`nrqb_sym.Params`."""

    def __init__(self, d):
        syms = [d.params[n] for n in PARAMETER_NAMES]
        sol = d.solutions
        t = _named(sol.x[0], "t")
        alpha, beta = _named(sol.power, "alpha"), _named(sol.power, "beta")
        self._x = sp.lambdify([*syms, t], list(sol.x), modules=MODULES)
        self._steady = sp.lambdify(
            syms, [*sol.x_ss, sol.steady["E_A"], sol.steady["E_B"]], modules=MODULES
        )
        self._power = sp.lambdify([*syms, alpha, beta], sol.power, modules=MODULES)
        s = d.spectrum
        self._spectrum = sp.lambdify(
            syms, [s.tau, s.det, s.discriminant, *s.eigenvalues], modules=MODULES
        )
        self._eff_drift = sp.lambdify(syms, [*d.effective.M, *d.effective.f], modules=MODULES)
        self._full_drift = sp.lambdify(syms, [*d.full.M, *d.full.f], modules=MODULES)
        defs = dict(d.elimination.definitions)
        self.rate_names = list(defs) + [f"{k}_nonreciprocal" for k in d.nonreciprocity_named]
        self._rates = sp.lambdify(
            syms, list(defs.values()) + list(d.nonreciprocity_named.values()), modules=MODULES
        )
        self._ep = {
            name: sp.lambdify(syms, [*ep.coefficients, ep.denominator], modules=MODULES)
            for name, ep in d.ep.items()
        }

    @staticmethod
    def _args(p: nq.Params):
        values = p.as_dict()
        return [mpmath.mpf(values[n]) for n in PARAMETER_NAMES]

    def x(self, p, t):
        with mpmath.workdps(DPS):
            args = self._args(p)
            return np.array(
                [[complex(v) for v in self._x(*args, mpmath.mpf(float(tt)))] for tt in t]
            )

    def trace(self, p, t):
        """alpha, beta, E_A, E_B, P_B at 40 digits (coherent state from vacuum)."""
        with mpmath.workdps(DPS):
            args = self._args(p)
            rows = []
            for tt in t:
                a, b = self._x(*args, mpmath.mpf(float(tt)))
                E_A = mpmath.mpf(p.omega_a) * abs(a) ** 2
                E_B = mpmath.mpf(p.omega_b) * abs(b) ** 2
                P_B = mpmath.re(self._power(*args, a, b))
                rows.append([complex(a), complex(b), float(E_A), float(E_B), float(P_B)])
        return [np.array(c) for c in zip(*rows, strict=True)]

    def steady(self, p):
        with mpmath.workdps(DPS):
            a, b, ea, eb = self._steady(*self._args(p))
            return complex(a), complex(b), float(mpmath.re(ea)), float(mpmath.re(eb))

    def spectrum(self, p):
        with mpmath.workdps(DPS):
            return dict(
                zip(
                    ("tau", "det", "D", "lambda_1", "lambda_2"),
                    (complex(v) for v in self._spectrum(*self._args(p))),
                    strict=True,
                )
            )

    def eff_drift(self, p):
        with mpmath.workdps(DPS):
            v = [complex(x) for x in self._eff_drift(*self._args(p))]
        return np.array(v[:4]).reshape(2, 2), np.array(v[4:])

    def full_drift(self, p):
        with mpmath.workdps(DPS):
            v = [complex(x) for x in self._full_drift(*self._args(p))]
        return np.array(v[:9]).reshape(3, 3), np.array(v[9:])

    def rates(self, p):
        with mpmath.workdps(DPS):
            vals = self._rates(*self._args(p))
            return {n: float(mpmath.re(v)) for n, v in zip(self.rate_names, vals, strict=True)}

    def ep(self, name, p):
        with mpmath.workdps(DPS):
            return np.array([complex(v) for v in self._ep[name](*self._args(p))])


@pytest.fixture(scope="module")
def ref(derivation):
    return Reference(derivation)


# ------------------------------------------------------------------------------ comparison
def assert_close(got, want, scale, what, rtol=RTOL):
    """``|got - want| <= rtol max(|want|, FLOOR scale)`` elementwise."""
    got = np.asarray(got, dtype=complex)
    want = np.asarray(want, dtype=complex)
    assert got.shape == want.shape, what
    assert np.all(np.isfinite(got)), f"{what}: kernel gave non-finite values {got}"
    bound = rtol * np.maximum(np.abs(want), FLOOR * scale)
    err = np.abs(got - want)
    bad = err > bound
    assert not np.any(bad), (
        f"{what}: kernel {got[bad]} vs reference {want[bad]} "
        f"(relative error {np.max(err / np.maximum(np.abs(want), FLOOR * scale)):.3g})"
    )


def _natural_scales(ref, p, x_ref):
    M, _ = ref.eff_drift(p)
    s_m = float(np.max(np.abs(M)))
    a_ss, b_ss, _, _ = ref.steady(p)
    s_x = max(abs(a_ss), abs(b_ss), float(np.max(np.abs(x_ref))), 1e-300)
    return s_m, s_x


def check_trace(ref, p, t=TIMES):
    # these checks are about the algebra, also where the elimination is physically weak
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nq.EliminationWarning)
        tr = nq.simulate(p, t)
    a, b, E_A, E_B, P_B = ref.trace(p, t)
    s_m, s_x = _natural_scales(ref, p, np.concatenate([a, b]))
    assert_close(tr.alpha, a, s_x, "<a>(t)")
    assert_close(tr.beta, b, s_x, "<b>(t)")
    assert_close(tr.E_A, E_A, p.omega_a * s_x**2, "E_A(t)")
    assert_close(tr.E_B, E_B, p.omega_b * s_x**2, "E_B(t)")
    assert_close(tr.P_B, P_B, p.omega_b * s_m * s_x**2, "P_B(t)")


def check_steady(ref, p):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nq.EliminationWarning)
        ss = nq.steady_state(p)
    a, b, ea, eb = ref.steady(p)
    s_x = max(abs(a), abs(b), 1e-300)
    assert_close(ss.alpha, a, s_x, "alpha_ss")
    assert_close(ss.beta, b, s_x, "beta_ss")
    assert_close(ss.E_A, ea, p.omega_a * s_x**2, "E_A_ss")
    assert_close(ss.E_B, eb, p.omega_b * s_x**2, "E_B_ss")


def _kernel(module, name, p):
    """Outputs of a generated scalar kernel as ``{output name: value}``."""
    fn = getattr(module, name)
    names = getattr(module, f"{name.upper()}_OUTPUTS")
    with np.errstate(all="ignore"):
        out = fn(p.array())
    return dict(zip(names, out, strict=True))


def check_spectrum(ref, p, ep_tolerance=False):
    from nrqb_sym_generated import effective

    k = _kernel(effective, "effective_spectrum", p)
    r = ref.spectrum(p)
    M, _ = ref.eff_drift(p)
    s = float(np.max(np.abs(M)))
    assert_close(k["tau"], r["tau"], s, "tau")
    assert_close(k["det"], r["det"], s**2, "det")
    assert_close(k["D"], r["D"], s**2, "D")
    got = [complex(k["lambda_plus"]), complex(k["lambda_minus"])]
    want = [r["lambda_1"], r["lambda_2"]]
    # match by assignment (the branch of sqrt(D) may differ near its cut)
    direct = abs(got[0] - want[0]) + abs(got[1] - want[1])
    swapped = abs(got[0] - want[1]) + abs(got[1] - want[0])
    if swapped < direct:
        got = got[::-1]
    extra = 2 * math.sqrt(abs(complex(k["D"]) - r["D"])) if ep_tolerance else 0.0
    for g, w in zip(got, want, strict=True):
        assert abs(g - w) <= RTOL * max(abs(w), FLOOR * s) + extra, (g, w, r["D"])
    # the kernel eigenvalues are the reference's tau +- sqrt(D)/2 pair
    assert abs(got[0] + got[1] - 2 * r["tau"]) <= 2 * RTOL * max(abs(r["tau"]), FLOOR * s)


def check_drifts(ref, p):
    from nrqb_sym_generated import effective, full

    k = _kernel(effective, "effective_drift", p)
    M, f = ref.eff_drift(p)
    s = float(np.max(np.abs(M)))
    for i in range(2):
        assert_close(k[f"M{i}{0}"], M[i, 0], s, f"M{i}0")
        assert_close(k[f"M{i}{1}"], M[i, 1], s, f"M{i}1")
        assert_close(k[f"f{i}"], f[i], max(abs(p.F), 1e-300), f"f{i}")
    k = _kernel(full, "full_drift", p)
    A, g = ref.full_drift(p)
    s = float(np.max(np.abs(A)))
    for i in range(3):
        for j in range(3):
            assert_close(k[f"M{i}{j}"], A[i, j], s, f"full M{i}{j}")
        assert_close(k[f"f{i}"], g[i], max(abs(p.F), 1e-300), f"full f{i}")


def check_rates(ref, p):
    got = nq.derived_rates(p)
    want = ref.rates(p)
    assert set(want) <= set(got)
    scale = max(abs(v) for n, v in want.items() if not n.startswith("theta"))
    for n, w in want.items():
        s = math.pi if n.startswith("theta") else scale
        assert_close(got[n], w, s, n)


def check_ep_coefficients(ref, p):
    from nrqb_sym_generated import exceptional_points as epk

    for name in ref._ep:
        fn, _ = epk.EP_SOLVERS[name]
        names = getattr(epk, f"EP_{name.upper()}_OUTPUTS")
        with np.errstate(all="ignore"):
            out = dict(zip(names, fn(p.array()), strict=True))
        want = ref.ep(name, p)
        coeff_names = [n for n in names if n != "denominator"]
        assert len(coeff_names) == len(want) - 1, name
        got = np.array([complex(out[n]) for n in coeff_names])
        scale = float(np.max(np.abs(want[:-1])))
        assert_close(got, want[:-1], scale, f"EP polynomial in {name}")
        assert_close(out["denominator"], want[-1], abs(want[-1]) or 1.0, f"{name} denominator")


# ------------------------------------------------------------------------------ strategies
def _f(lo, hi):
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


@st.composite
def generic_params(draw):
    """Random valid parameters, kappa_c >= 12 max(g) (no elimination warning), any Delta_c."""
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
    """Fully nonreciprocal, Delta_a = Delta_b, g_a = g_b: an EP at kappa_a = kappa_b; kappa_b is
    put on it or at a relative offset down to 1e-13 (Delta_c may be non-zero)."""
    kappa = draw(_f(0.02, 1.0))
    offset = draw(st.sampled_from(OFFSETS))
    detuning = draw(_f(-2.0, 2.0))
    Gamma = draw(_f(0.2, 3.0))
    return nq.Params.nonreciprocal(
        Gamma=Gamma,
        kappa_a=kappa,
        kappa_b=kappa * (1 + offset),
        kappa_c=Gamma * draw(_f(40.0, 200.0)),  # kappa_c/g = sqrt(4 kappa_c/Gamma) >= 12
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
    """Partially nonreciprocal EP (physics.md, Delta_c = 0, J = Gamma/2): Lambda_b = Lambda_a +
    2 delta and cos(theta) = delta^2/Gamma^2, with delta = Delta_a - Delta_b."""
    Gamma = 4 * g * g / kappa_c
    assert delta < Gamma
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


EXPLICIT_EPS = {  # built lazily: Params.nonreciprocal calls a kernel
    "resonant": lambda: resonant_ep(),
    "resonant_1e-12": lambda: resonant_ep(offset=1e-12),
    "resonant_-1e-13": lambda: resonant_ep(offset=-1e-13),
    "detuned_c": lambda: resonant_ep(kappa=0.3, Delta_c=4.0),
    "detuned_c_1e-12": lambda: resonant_ep(kappa=0.3, Delta_c=-4.0, offset=1e-12),
    "charger_battery_detuned": lambda: detuned_ep(),
}


# ------------------------------------------------------------------------------ tests
def test_explicit_points_are_exceptional(ref):
    """The explicit EP points really have D ~ 0 with M not diagonal (reference values)."""
    for name, make in EXPLICIT_EPS.items():
        p = make()
        M, _ = ref.eff_drift(p)
        s = float(np.max(np.abs(M)))
        D = ref.spectrum(p)["D"]
        assert abs(D) < 1e-10 * s**2, (name, D)
        assert abs(M[0, 1]) + abs(M[1, 0]) > 1e-3 * s, name


@settings(max_examples=20)
@given(p=generic_params())
def test_trace_matches_symbolic(ref, p):
    check_trace(ref, p)


@settings(max_examples=15)
@given(p=near_ep_params())
def test_trace_matches_symbolic_near_ep(ref, p):
    check_trace(ref, p)
    check_spectrum(ref, p, ep_tolerance=True)


@pytest.mark.parametrize("name", sorted(EXPLICIT_EPS))
def test_explicit_exceptional_points(ref, name):
    p = EXPLICIT_EPS[name]()
    check_trace(ref, p, np.concatenate([TIMES, np.linspace(0.5, 300.0, 7)]))
    check_steady(ref, p)
    check_spectrum(ref, p, ep_tolerance=True)
    check_drifts(ref, p)
    check_rates(ref, p)


@settings(max_examples=20)
@given(p=generic_params())
def test_steady_state_matches_symbolic(ref, p):
    check_steady(ref, p)


@settings(max_examples=20)
@given(p=generic_params())
def test_spectrum_and_drifts_match_symbolic(ref, p):
    check_spectrum(ref, p)
    check_drifts(ref, p)


@settings(max_examples=20)
@given(p=generic_params())
def test_rates_and_nonreciprocity_match_symbolic(ref, p):
    check_rates(ref, p)


@settings(max_examples=15)
@given(p=generic_params())
def test_ep_polynomials_match_symbolic(ref, p):
    check_ep_coefficients(ref, p)
