r"""Stage 5 - drift-matrix spectrum and exceptional points (paper Sec. 4).

For the 2x2 drift matrix :math:`M` of the first moments,

.. math::

    \lambda^2 - \operatorname{tr}(M)\,\lambda + \det M = 0, \qquad
    \lambda_\pm = \tau \pm \tfrac12\sqrt{D},\quad \tau = \tfrac12\operatorname{tr}M,\quad
    D = (M_{11} - M_{22})^2 + 4 M_{12} M_{21}.

An exceptional point is :math:`D = 0` with :math:`M` not diagonal.  For a parameter ``x`` named by
the caller, :func:`ep_polynomial` turns :math:`D = 0` into a polynomial in ``x`` (in
:math:`u = e^{i\theta}` for the phase) whose admissible roots the runtime selects.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

__all__ = [
    "Spectrum",
    "spectrum",
    "ep_polynomial",
    "EPPolynomial",
    "PaperEP",
    "paper_ep_conditions",
]

lam = sp.Symbol("lambda")


@dataclass(frozen=True)
class Spectrum:
    """Characteristic polynomial, eigenvalues and discriminant of a 2x2 drift matrix."""

    M: sp.Matrix
    charpoly: sp.Expr
    tau: sp.Expr
    det: sp.Expr
    discriminant: sp.Expr
    eigenvalues: tuple[sp.Expr, sp.Expr]


def spectrum(M: sp.Matrix) -> Spectrum:
    """Spectrum of ``M`` (see module docstring); checks the eigenvalues against ``charpoly``."""
    if M.shape != (2, 2):
        raise ValueError("spectrum() is written for 2x2 drift matrices")
    charpoly = sp.expand((lam * sp.eye(2) - M).det())
    tau = sp.simplify(M.trace() / 2)
    det = sp.simplify(M.det())
    D = sp.simplify((M[0, 0] - M[1, 1]) ** 2 + 4 * M[0, 1] * M[1, 0])
    ev = (tau + sp.sqrt(D) / 2, tau - sp.sqrt(D) / 2)
    # Vieta check: derived eigenvalues against the characteristic polynomial's coefficients.
    if (
        sp.simplify(ev[0] + ev[1] - M.trace()) != 0
        or sp.simplify(sp.expand(ev[0] * ev[1]) - det) != 0
    ):
        raise ArithmeticError("eigenvalues do not satisfy the characteristic polynomial")
    return Spectrum(M=M, charpoly=charpoly, tau=tau, det=det, discriminant=D, eigenvalues=ev)


@dataclass(frozen=True)
class EPPolynomial:
    r"""The EP condition :math:`D = 0` as a polynomial in one parameter.

    Attributes:
        parameter: the parameter solved for.
        variable: the polynomial's variable: the parameter, or :math:`u = e^{i\theta}`.
        coefficients: highest degree first (complex expressions in the other parameters).
        denominator: what was cleared; roots where it vanishes are spurious.
    """

    parameter: sp.Symbol
    variable: sp.Symbol
    coefficients: tuple[sp.Expr, ...]
    denominator: sp.Expr


def ep_polynomial(D: sp.Expr, parameter: sp.Symbol) -> EPPolynomial:
    """Write ``D = 0`` as a polynomial equation in ``parameter`` (or in ``exp(I*parameter)``)."""
    expr = sp.expand(D)
    variable = parameter
    if expr.has(sp.exp(sp.I * parameter)) or expr.has(sp.exp(-sp.I * parameter)):
        variable = sp.Symbol("u")
        expr = sp.expand(expr.subs(sp.exp(sp.I * parameter), variable))
        expr = sp.expand(expr.subs(sp.exp(-sp.I * parameter), 1 / variable))
    num, den = sp.fraction(sp.together(expr))
    # Factors of the denominator that contain the variable (a power of u from 1/u, or
    # (2 Delta_c - i kappa_c)^2 when solving for Delta_c) are dropped here: the runtime checks D
    # itself at every root, so a root where such a factor vanishes is rejected there.
    den = sp.Mul(*[f for f in sp.Mul.make_args(sp.factor_terms(den)) if not f.has(variable)])
    poly = sp.Poly(sp.expand(num), variable)
    if poly.degree() < 1:
        raise ValueError(f"the discriminant does not depend on {parameter}")
    return EPPolynomial(
        parameter=parameter,
        variable=variable,
        coefficients=tuple(poly.all_coeffs()),
        denominator=den,
    )


@dataclass(frozen=True)
class PaperEP:
    r"""The EP condition specialised as in the paper's Sec. 4.

    :math:`\Delta_c = 0`, :math:`g_a = g_b` (so :math:`\Gamma_a = \Gamma_b = \Gamma`),
    :math:`J = \Gamma/2`, drive resonant with the battery and a charger-battery detuning
    :math:`\delta = \Delta_a - \Delta_b`.  ``D`` is the discriminant there; ``re`` and ``im`` its
    real and imaginary parts, both of which vanish at an EP; ``solutions`` solves them for
    :math:`\Lambda_b` and :math:`\theta`.
    """

    D: sp.Expr
    re: sp.Expr
    im: sp.Expr
    solutions: list[dict]
    symbols: dict[str, sp.Symbol]


def paper_ep_conditions(D: sp.Expr, params: dict[str, sp.Symbol]) -> PaperEP:
    """Specialise ``D = 0`` to the paper's Sec. 4 setting (see :class:`PaperEP`)."""
    p = params
    La, Lb, G = sp.symbols("Lambda_a Lambda_b Gamma", positive=True)
    delta = sp.Symbol("delta", real=True)
    e = D.subs({p["Delta_c"]: 0, p["Delta_b"]: 0})
    g = sp.sqrt(G * p["kappa_c"]) / 2
    e = e.subs({p["g_a"]: g, p["g_b"]: g})
    e = e.subs({p["kappa_a"]: La - G, p["kappa_b"]: Lb - G, p["J"]: G / 2, p["Delta_a"]: delta})
    e = sp.simplify(sp.expand(e.rewrite(sp.cos)))
    re, im = (sp.simplify(x) for x in sp.expand_complex(e).as_real_imag())
    solutions = sp.solve([re, im], [Lb, p["theta"]], dict=True)
    return PaperEP(
        D=e,
        re=sp.factor(re),
        im=im,
        solutions=solutions,
        symbols={"Lambda_a": La, "Lambda_b": Lb, "Gamma": G, "delta": delta},
    )
