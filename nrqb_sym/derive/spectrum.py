r"""Generic stage 5 - spectrum of the first-moment drift and exceptional points, bounded.

The spectrum is that of the :math:`N\times N` :math:`\langle x\rangle` block :math:`M` of the
first-moment drift when the :math:`\langle x\rangle` and :math:`\langle x^\dagger\rangle` blocks
decouple (its conjugate block has the conjugate spectrum), else of the whole :math:`2N\times 2N`
:math:`M_1`.  With

.. math::

    p(\lambda) = \det(\lambda I - M) = \sum_k c_k \lambda^k

(Faddeev-LeVerrier, on expressions without simplification), an exceptional point needs a repeated root, so the discriminant

.. math::

    \operatorname{Disc}(p) = \frac{(-1)^{n(n-1)/2}}{c_n}\operatorname{Res}(p, p')
    \quad\big(n = 2:\ c_1^2 - 4c_0c_2 = (M_{11} - M_{22})^2 + 4M_{12}M_{21}\big)

vanishes there (necessary, not sufficient).  For a parameter :math:`x`, the EP polynomial is the
numerator of :math:`\operatorname{Disc} = 0` as a polynomial in :math:`x` (in
:math:`u = e^{i\theta}` for a phase :math:`\theta`), as in :mod:`nrqb_sym.derive.spectrum`.

Every step runs only within size budgets (matrix dimension, ``count_ops``, estimated monomial
products, term counts: :data:`BUDGETS`; never seconds, so the output is the same on every
machine): beyond them the result is kept :class:`~nrqb_sym.derive.forms.Structured` (the matrix,
or the coefficients, with the discriminant evaluated numerically by the kernel), and the form
each result took is recorded in :attr:`NetworkSpectrum.forms`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp
from sympy.polys.rings import ring

from .forms import Structured, form_of
from .moments import FirstMoments

__all__ = [
    "lam",
    "BUDGETS",
    "EPPolynomial",
    "NetworkSpectrum",
    "network_spectrum",
    "ep_polynomial",
]

lam = sp.Symbol("lambda")

#: Size budgets of the spectrum stage.
BUDGETS: dict[str, int] = {
    "charpoly_dim": 4,  # largest matrix whose characteristic polynomial is expanded
    "charpoly_input": 3000,  # count_ops of the matrix
    "charpoly_work": 200000,  # monomial products per Faddeev-LeVerrier step
    "charpoly_terms": 3000,  # terms of all coefficients kept
    "discriminant_degree": 4,
    "discriminant_terms": 20000,  # estimated monomial products of the expanded discriminant
    "ep_terms": 600,  # terms of the discriminant numerator for EP polynomials
}


@dataclass(frozen=True)
class EPPolynomial:
    r"""The EP condition :math:`\operatorname{Disc} = 0` as a polynomial in one parameter.

    Attributes:
        parameter: the parameter's name.
        variable: the polynomial's variable: the parameter, or :math:`u = e^{i\theta}`.
        coefficients: highest degree first.
        denominator: what was cleared (roots where it vanishes are spurious).
    """

    parameter: str
    variable: sp.Symbol
    coefficients: tuple[sp.Expr, ...]
    denominator: sp.Expr


@dataclass(frozen=True)
class NetworkSpectrum:
    r"""Spectrum data of one model's first-moment drift.

    Attributes:
        matrix: the matrix whose spectrum is meant (:math:`M` or :math:`M_1`).
        block: which one, in words.
        charpoly: coefficients :math:`(c_n, \dots, c_0)` of :math:`\det(\lambda - M)`, or
            :class:`Structured`.
        discriminant: :math:`\operatorname{Disc}(p)` or :class:`Structured`.
        ep: ``{parameter: EPPolynomial or Structured}``.
        forms: ``{result: "closed form" | "structured: ..."}``.
    """

    matrix: sp.ImmutableMatrix
    block: str
    charpoly: tuple[sp.Expr, ...] | Structured
    discriminant: sp.Expr | Structured
    ep: dict[str, EPPolynomial | Structured]
    forms: dict[str, str] = field(default_factory=dict)


def _phases(exprs) -> dict[sp.Expr, sp.Expr]:
    r"""``{exp(k*I*theta): U_theta**k}`` for every phase factor in ``exprs`` (``theta`` a real
    symbol, ``k`` an integer), so that :math:`e^{\pm i\theta}` become powers of one
    polynomial variable."""
    out: dict[sp.Expr, sp.Expr] = {}
    for e in exprs:
        for a in e.atoms(sp.exp):
            arg = sp.expand(a.args[0] / sp.I)
            syms = arg.free_symbols
            if len(syms) != 1:
                continue
            (theta,) = syms
            k = sp.expand(arg / theta)
            if theta.is_real and k.is_integer:
                out[a] = _phase_symbol(theta) ** int(k)
    return out


def _phase_symbol(theta: sp.Symbol) -> sp.Symbol:
    return sp.Symbol(f"u_{theta.name}")


def _restore(e: sp.Expr, phases: dict[sp.Expr, sp.Expr]) -> sp.Expr:
    back = {}
    for a, u in phases.items():
        (theta,) = a.free_symbols
        back[u.as_base_exp()[0]] = sp.exp(sp.I * theta)
    return e.xreplace(back) if back else e


@dataclass(frozen=True)
class _Cleared:
    """``M = N / L`` with entries of ``N`` sparse polynomials (phases as variables
    ``u_theta``); ``out`` are the generators to print them with (phases restored)."""

    N: list[list]
    L: sp.Expr
    phases: dict
    ring: object
    out: tuple


def _clear(M: sp.Matrix) -> _Cleared:
    phases = _phases(M)
    fracs = [sp.fraction(sp.together(e.xreplace(phases))) for e in M]
    L = sp.S.One
    for _, den in fracs:
        L = sp.lcm(L, den)
    nums = [sp.expand(num * sp.cancel(L / den)) for num, den in fracs]
    x = sp.Dummy("x")  # a generator even for a purely numeric matrix
    polys, opt = sp.parallel_poly_from_expr([*nums, x])
    domain = opt.domain.get_field()
    R = ring(opt.gens, domain)[0]
    elems = [R.from_dict(q.as_dict(native=True)) for q in polys[:-1]]
    back = {
        u.as_base_exp()[0]: sp.exp(sp.I * next(iter(a.free_symbols))) for a, u in phases.items()
    }
    out = tuple(back.get(g, g) for g in opt.gens)
    n = M.shape[0]
    return _Cleared(
        N=[elems[i * n : (i + 1) * n] for i in range(n)], L=L, phases=phases, ring=R, out=out
    )


def _work(A: list[list], B: list[list]) -> int:
    """Monomial products needed for the matrix product ``A B``."""
    n = len(A)
    return sum(len(A[i][k]) * len(B[k][j]) for i in range(n) for j in range(n) for k in range(n))


def _matmul(A: list[list], B: list[list], zero) -> list[list]:
    n = len(A)
    return [[sum((A[i][k] * B[k][j] for k in range(n)), zero) for j in range(n)] for i in range(n)]


def _faddeev_leverrier(cleared: _Cleared) -> list | int:
    r"""Coefficients :math:`(1, c_{n-1}, \dots, c_0)` of :math:`\det(\mu - N)` by
    Faddeev-LeVerrier on sparse polynomials: :math:`B_1 = I`, :math:`c_{n-k} =
    -\operatorname{tr}(N B_k)/k`, :math:`B_{k+1} = N B_k + c_{n-k} I`.  Returns the work
    estimate instead when a step would pass :data:`BUDGETS` ``["charpoly_work"]``."""
    N, R = cleared.N, cleared.ring
    n = len(N)
    zero, one = R.zero, R.one
    coeffs = [one]
    B = [[one if i == j else zero for j in range(n)] for i in range(n)]
    for k in range(1, n + 1):
        work = _work(N, B)
        if work > BUDGETS["charpoly_work"]:
            return work
        NB = _matmul(N, B, zero)
        trace = sum((NB[i][i] for i in range(n)), zero)
        c = trace.mul_ground(R.domain.convert(sp.Rational(-1, k)))
        coeffs.append(c)
        B = [[NB[i][j] + (c if i == j else zero) for j in range(n)] for i in range(n)]
    return coeffs


def _charpoly(M: sp.Matrix) -> tuple[tuple[sp.Expr, ...] | Structured, tuple | None]:
    r"""Coefficients of :math:`\det(\lambda - M)` and the polynomial data for the
    discriminant (``None`` when structured)."""
    n = M.shape[0]
    if n > BUDGETS["charpoly_dim"]:
        return (
            Structured(
                f"det(lambda - M) evaluated numerically; a {n}x{n} matrix exceeds the "
                "expansion limit"
            ),
            None,
        )
    ops = sum(sp.count_ops(e) for e in M)
    if ops > BUDGETS["charpoly_input"]:
        return (
            Structured(f"det(lambda - M) evaluated numerically; a matrix of {ops} operations"),
            None,
        )
    cleared = _clear(M)
    polys = _faddeev_leverrier(cleared)
    if isinstance(polys, int):
        return (
            Structured(
                f"det(lambda - M) evaluated numerically; expansion needs about {polys} "
                "monomial products"
            ),
            None,
        )
    terms = sum(len(q) for q in polys)
    if terms > BUDGETS["charpoly_terms"]:
        return (
            Structured(f"det(lambda - M) evaluated numerically; coefficients of {terms} terms"),
            None,
        )
    L = _restore(cleared.L, cleared.phases)
    # det(lambda - N/L) = L^-n det(L lambda - N): the coefficient of lambda^(n-k) is
    # c_(n-k)(N)/L^k
    coeffs = tuple(sp.factor_terms(q.as_expr(*cleared.out)) / L**k for k, q in enumerate(polys))
    return coeffs, (polys, cleared)


def _discriminant(data: tuple | None, degree: int) -> tuple[sp.Expr | Structured, tuple | None]:
    r""":math:`\operatorname{Disc}_\lambda = \operatorname{Disc}_\mu(\det(\mu - N)) /
    L^{n(n-1)}`, by substituting the coefficients into the generic discriminant (bounded by an
    estimate of the number of monomial products)."""
    if data is None:
        return Structured("discriminant evaluated numerically from the eigenvalues"), None
    polys, cleared = data
    if degree < 2:
        return sp.S.One, None
    if degree > BUDGETS["discriminant_degree"]:
        return (
            Structured(
                f"discriminant evaluated numerically from the coefficients (degree {degree})"
            ),
            None,
        )
    d = sp.symbols(f"d0:{degree + 1}")
    generic = sp.Poly(sp.discriminant(sum(d[k] * lam**k for k in range(degree + 1)), lam), *d)
    by_power = list(reversed(polys))  # d_k multiplies mu^k
    estimate = 0
    for m, _ in generic.terms():
        t = 1
        for k, e in enumerate(m):
            t *= len(by_power[k]) ** e
        estimate += t
    if estimate > BUDGETS["discriminant_terms"]:
        return (
            Structured(
                "discriminant evaluated numerically from the coefficients "
                f"(about {estimate} monomial products when expanded)"
            ),
            None,
        )
    R = cleared.ring
    DN = R.zero
    for m, c in generic.terms():
        t = R.one
        for k, e in enumerate(m):
            for _ in range(e):
                t = t * by_power[k]
        DN = DN + t.mul_ground(R.domain.convert(c))
    L = _restore(cleared.L, cleared.phases)
    D = DN.as_expr(*cleared.out) / L ** (degree * (degree - 1))
    return D, (DN, cleared, degree)


def ep_polynomial(data: tuple, name: str, symbol: sp.Symbol) -> EPPolynomial | Structured:
    r"""The numerator of :math:`\operatorname{Disc} = 0` as a polynomial in ``symbol`` (or in
    :math:`u = e^{i\,\mathrm{symbol}}`), from the polynomial discriminant ``data``."""
    DN, cleared, degree = data
    gens = cleared.ring.symbols
    u = _phase_symbol(symbol)
    variable = symbol
    if u in gens:
        if symbol in gens:
            return Structured(f"EP condition in {name} solved numerically (not polynomial)")
        variable = u
    if len(DN) > BUDGETS["ep_terms"]:
        return Structured(f"EP condition in {name} solved numerically ({len(DN)} terms)")
    if variable not in gens:
        return Structured(f"the discriminant does not depend on {name}")
    idx = gens.index(variable)
    groups: dict[int, dict] = {}
    for monom, coeff in DN.terms():
        rest = monom[:idx] + (0,) + monom[idx + 1 :]
        groups.setdefault(monom[idx], {})[rest] = coeff
    top = max(groups)
    if top < 1:
        return Structured(f"the discriminant does not depend on {name}")
    R = cleared.ring
    coeffs = tuple(
        R.from_dict(groups[k]).as_expr(*cleared.out) if k in groups else sp.S.Zero
        for k in range(top, -1, -1)
    )
    L = _restore(cleared.L, cleared.phases)
    return EPPolynomial(
        parameter=name,
        variable=sp.Symbol("u") if variable == u else symbol,
        coefficients=coeffs,
        denominator=L ** (degree * (degree - 1)),
    )


def network_spectrum(first: FirstMoments, params: dict[str, sp.Symbol]) -> NetworkSpectrum:
    """Characteristic polynomial, discriminant and EP polynomials of the first-moment drift of
    ``first``, each within :data:`BUDGETS` (see the module docstring)."""
    n = first.n
    if first.decoupled:
        M = sp.Matrix(first.M)
        block = f"<x> block M ({n}x{n}); the <x'> block has the conjugate spectrum"
    else:
        M = sp.Matrix(first.M1)
        block = f"whole first-moment drift M1 ({2 * n}x{2 * n}; squeezing or mixed jumps)"
    forms: dict[str, str] = {}
    charpoly, data = _charpoly(M)
    forms["characteristic polynomial"] = form_of(charpoly)
    degree = M.shape[0]
    discriminant, ddata = _discriminant(data, degree)
    forms["discriminant"] = form_of(discriminant)
    ep: dict[str, EPPolynomial | Structured] = {}
    if ddata is None and degree >= 2:
        forms["EP polynomials"] = "structured: EP conditions solved numerically on the discriminant"
    else:
        for name, sym in params.items():
            if discriminant.has(sym):
                ep[name] = ep_polynomial(ddata, name, sym)
        for name, res in ep.items():
            forms[f"EP polynomial in {name}"] = form_of(res)
    return NetworkSpectrum(
        matrix=sp.ImmutableMatrix(M),
        block=block,
        charpoly=charpoly,
        discriminant=discriminant,
        ep=ep,
        forms=forms,
    )
