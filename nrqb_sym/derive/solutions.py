r"""Stage 5 - solutions: steady states, the general solution from vacuum, the paper's closed forms.

First moments obey :math:`\dot x = Mx + f` (stage 3).  With :math:`x_{ss} = -M^{-1}f`,

.. math::

    x(t) = x_{ss} + e^{Mt}(x_0 - x_{ss}), \qquad
    e^{Mt} - I = C(t)\,I + S(t)\,(M - \tau I),

    C(t) = \operatorname{expm1cosh}(\tau t, w t^2), \quad S(t) = t\,\operatorname{expsinhc}(\tau t, w t^2),
    \quad \tau = \tfrac12\operatorname{tr}M, \quad w = D/4,

(:mod:`nrqb_sym.derive.special`), and since :math:`(M - \tau I)x_{ss} = -f - \tau x_{ss}`, from vacuum

.. math::

    x(t) = -C(t)\,x_{ss} + S(t)\,(f + \tau x_{ss}).

Every factor is entire in :math:`w`, so the solution is finite at exceptional points
(:math:`D = 0`) and at :math:`\Lambda_a = \Lambda_b`.  With zero-temperature baths the state from
vacuum stays coherent, so the second moments are products of first moments; the energies are
:math:`E_A = \omega_a|\langle a\rangle|^2`, :math:`E_B = \omega_b|\langle b\rangle|^2`, and the power
:math:`P_B = \omega_b\, d\langle b^\dagger b\rangle/dt` is the right-hand side of the derived
:math:`\langle b^\dagger b\rangle` equation (stage 3) evaluated on that state.  The ratio
:math:`R = E_B/E_A` and efficiency :math:`\eta = E_B/(E_A + E_B)` are formed at run time (both are
undefined at :math:`t = 0`, where :math:`E_A = E_B = 0`).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..model.operators import Moment
from .moments import MomentSystem
from .special import expm1cosh, expsinhc

__all__ = [
    "Solutions",
    "ResonantForms",
    "general_solution",
    "coherent_substitution",
    "resonant_forms",
    "even_sqrt",
]

t = sp.Symbol("t", nonnegative=True)
alpha = sp.Symbol("alpha")  # <a>(t), complex
beta = sp.Symbol("beta")  # <b>(t), complex


@dataclass(frozen=True)
class Solutions:
    r"""General solution of the effective model from vacuum.

    Attributes:
        x_ss: steady-state first moments :math:`-M^{-1}f`.
        tau: :math:`\operatorname{tr}M/2`.
        w: :math:`D/4`, the square of :math:`s` in :math:`e^{\tau t}\cosh(st)`.
        C, S: the scalar propagator functions (see module docstring).
        x: first moments :math:`(\langle a\rangle, \langle b\rangle)(t)`.
        energies: ``{"E_A": ..., "E_B": ...}`` in terms of the symbols ``alpha``, ``beta``.
        power: :math:`P_B` in terms of ``alpha``, ``beta`` (from the moment equation).
        steady: steady-state ``E_A``, ``E_B`` in the parameters.
        static: named time-independent pieces ``{tau, s, xss_a, xss_b, y_a, y_b}`` with
            :math:`s = \sqrt{w}` (either root: everything is even in it) and
            :math:`y = f + \tau x_{ss}`.
        x_compact: :attr:`x` written in those names, :math:`w t^2 = (s t)^2`, so that the time
            dependence is explicit (what the code generator evaluates per time point).
    """

    x_ss: sp.Matrix
    tau: sp.Expr
    w: sp.Expr
    C: sp.Expr
    S: sp.Expr
    x: sp.Matrix
    energies: dict[str, sp.Expr]
    power: sp.Expr
    steady: dict[str, sp.Expr]
    static: dict[sp.Symbol, sp.Expr]
    x_compact: sp.Matrix


def coherent_substitution(first: tuple[Moment, ...], values: tuple[sp.Expr, ...]):
    r"""Map every moment of a coherent state to products of first moments.

    ``<x_i' x_j>`` becomes :math:`\bar x_i x_j`; returns a function applying this to an expression
    that contains moments and their conjugates.
    """
    from .moments import key_of_moment

    mode_of = {key_of_moment(m)[0][0]: v for m, v in zip(first, values, strict=True)}

    def value(m: Moment) -> sp.Expr:
        out = sp.S.One
        for name, nd, na in key_of_moment(m):
            out *= sp.conjugate(mode_of[name]) ** nd * mode_of[name] ** na
        return out

    def apply(expr: sp.Expr) -> sp.Expr:
        reps = {m: value(m) for m in expr.atoms(Moment)}
        return expr.xreplace(reps)

    return apply


def general_solution(system: MomentSystem, omega_a: sp.Expr, omega_b: sp.Expr) -> Solutions:
    """The general solution from vacuum of a two-mode effective model (module docstring)."""
    M, f = system.M, system.f
    if M.shape != (2, 2):
        raise ValueError("general_solution() is written for the two-mode effective model")
    x_ss = (-M.inv() * f).applyfunc(sp.cancel)
    tau = sp.cancel(M.trace() / 2)
    D = (M[0, 0] - M[1, 1]) ** 2 + 4 * M[0, 1] * M[1, 0]
    w = sp.cancel(D / 4)
    C = expm1cosh(tau * t, w * t**2)
    S = t * expsinhc(tau * t, w * t**2)
    x = -C * x_ss + S * (f + tau * x_ss)

    subst = coherent_substitution(system.first, (alpha, beta))
    a_m, b_m = system.first
    n_b = next(m for m in system.equations if m.name == f"<{b_m.name[1:-1]}' {b_m.name[1:-1]}>")
    power = _collect_quadratic(omega_b * subst(system.equations[n_b]), (alpha, beta))
    energies = {
        "E_A": omega_a * alpha * sp.conjugate(alpha),
        "E_B": omega_b * beta * sp.conjugate(beta),
    }
    steady = {
        "E_A": omega_a * x_ss[0] * sp.conjugate(x_ss[0]),
        "E_B": omega_b * x_ss[1] * sp.conjugate(x_ss[1]),
    }
    tau_s, s_s = sp.Symbol("tau"), sp.Symbol("s")
    xs_s = sp.symbols("xss_a xss_b")
    y_s = sp.symbols("y_a y_b")
    y = f + tau * x_ss
    static = {tau_s: tau, s_s: sp.sqrt(w)}
    static.update({xs_s[i]: x_ss[i] for i in range(2)})
    static.update({y_s[i]: y[i] for i in range(2)})  # cancel() would only grow it
    Cc = expm1cosh(tau_s * t, (s_s * t) ** 2)
    Sc = t * expsinhc(tau_s * t, (s_s * t) ** 2)
    x_compact = sp.Matrix([-Cc * xs_s[i] + Sc * y_s[i] for i in range(2)])
    return Solutions(
        x_ss=x_ss,
        tau=tau,
        w=w,
        C=C,
        S=S,
        x=x,
        energies=energies,
        power=power,
        steady=steady,
        static=static,
        x_compact=x_compact,
    )


def _collect_quadratic(expr: sp.Expr, amplitudes: tuple[sp.Symbol, ...]) -> sp.Expr:
    """Write ``expr`` as a polynomial in the amplitudes and their conjugates with simplified,
    amplitude-free coefficients (so the code generator hoists the coefficients)."""
    conj = {sp.conjugate(a): sp.Dummy(f"conj_{a.name}") for a in amplitudes}
    gens = [*amplitudes, *conj.values()]
    poly = sp.Poly(sp.expand(expr.xreplace(conj)), *gens)
    back = {v: k for k, v in conj.items()}
    out = sp.S.Zero
    for monom, coeff in sorted(poly.terms(), key=lambda mc: mc[0]):
        term = sp.Mul(*(g**k for g, k in zip(gens, monom, strict=True))).xreplace(back)
        out += sp.factor(sp.cancel(coeff.rewrite(sp.exp))) * term
    return out


def even_sqrt(w: sp.Expr) -> sp.Expr | None:
    """A square root of ``w`` if ``w`` factors as a perfect square, else ``None``.

    The propagator's functions are even in the root, so either sign may be returned.
    """
    coeff, factors = sp.factor_list(sp.factor(w))
    root = sp.sqrt(coeff)
    for base, e in factors:
        if e % 2:
            return None
        root *= base ** (e // 2)
    return root


@dataclass(frozen=True)
class ResonantForms:
    r"""The paper's resonant, fully nonreciprocal closed forms (its Eqs. 7-10).

    Obtained from :class:`Solutions` by setting all detunings to zero, imposing the solved
    nonreciprocity condition and writing the result in :math:`\Lambda_a, \Lambda_b, \Gamma_a,
    \Gamma_b`.  ``naive_b`` is the textbook two-exponential form of :math:`\langle b\rangle(t)`,
    which is 0/0 at :math:`\Lambda_a = \Lambda_b`; ``b`` is the same function written with
    ``expsinhc`` and finite there.
    """

    symbols: dict[str, sp.Symbol]
    a: sp.Expr
    b: sp.Expr
    naive_b: sp.Expr
    a_ss: sp.Expr
    b_ss: sp.Expr
    ratio_ss: sp.Expr
    efficiency_ss: sp.Expr


def resonant_forms(
    sol: Solutions, params: dict[str, sp.Symbol], nonreciprocity: dict[sp.Symbol, sp.Expr]
) -> ResonantForms:
    """Specialise the general solution to resonance and nonreciprocity (paper Eqs. 7-10)."""
    p = params
    La, Lb = sp.symbols("Lambda_a Lambda_b", positive=True)
    Ga, Gb = sp.symbols("Gamma_a Gamma_b", positive=True)
    resonance = {p["Delta_a"]: 0, p["Delta_b"]: 0, p["Delta_c"]: 0}
    nr = {k: sp.simplify(v.subs(resonance)) for k, v in nonreciprocity.items()}
    to_rates = {
        p["g_a"]: sp.sqrt(Ga * p["kappa_c"]) / 2,
        p["g_b"]: sp.sqrt(Gb * p["kappa_c"]) / 2,
    }
    to_lambda = {p["kappa_a"]: La - Ga, p["kappa_b"]: Lb - Gb}

    def special(expr: sp.Expr) -> sp.Expr:
        e = expr.subs(resonance).subs(nr).subs(to_rates).subs(to_lambda)
        return sp.simplify(e.rewrite(sp.cos))

    tau = special(sol.tau)
    w = sp.factor(special(sol.w))
    x_ss = sol.x_ss.applyfunc(special)
    root = even_sqrt(w)
    if root is None:
        raise ArithmeticError(f"w = {w} is not a perfect square at resonance")

    def closed(component: sp.Expr) -> sp.Expr:
        e = component.subs(resonance).subs(nr).subs(to_rates).subs(to_lambda)
        e = e.replace(
            expsinhc, lambda x, ww: sp.exp(special(x)) * sp.sinh(root * t) / (root * t)
        ).replace(expm1cosh, lambda x, ww: sp.exp(special(x)) * sp.cosh(root * t) - 1)
        e = sp.powsimp(sp.expand(e.rewrite(sp.exp)))
        return sp.collect(e, sorted(e.atoms(sp.exp), key=sp.default_sort_key), sp.factor)

    a_t = closed(sol.x[0])
    b_naive = closed(sol.x[1])
    # The same b(t) with the entire function: S and C kept symbolic in expsinhc/expm1cosh.
    b_entire = sol.x[1].subs(resonance).subs(nr).subs(to_rates).subs(to_lambda)
    b_entire = b_entire.replace(
        expsinhc, lambda x, ww: expsinhc(special(x), sp.factor(special(ww)))
    ).replace(expm1cosh, lambda x, ww: expm1cosh(special(x), sp.factor(special(ww))))
    b_entire = sp.expand(b_entire.rewrite(sp.cos))
    funcs = sorted(b_entire.atoms(expsinhc, expm1cosh), key=sp.default_sort_key)
    b_entire = sp.collect(b_entire, funcs, sp.factor)
    ratio = sp.simplify((x_ss[1] * sp.conjugate(x_ss[1])) / (x_ss[0] * sp.conjugate(x_ss[0]))) * (
        p["omega_b"] / p["omega_a"]
    )
    eff = sp.simplify(ratio / (1 + ratio))
    return ResonantForms(
        symbols={"Lambda_a": La, "Lambda_b": Lb, "Gamma_a": Ga, "Gamma_b": Gb, "tau": tau},
        a=a_t,
        b=b_entire,
        naive_b=b_naive,
        a_ss=sp.factor(x_ss[0]),
        b_ss=sp.factor(x_ss[1]),
        ratio_ss=ratio,
        efficiency_ss=eff,
    )
