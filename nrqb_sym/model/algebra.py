r"""Normal-ordered polynomials in boson ladder operators and two-level transition operators.

A :data:`Poly` maps normal-ordered monomials to SymPy coefficients.  A monomial is keyed as a tuple ``((mode, n_dagger, n_annihilation), ...)`` sorted by
mode name, so ``(("a", 1, 0), ("b", 0, 1))`` is :math:`a^\dagger b` and ``()`` is the identity.

Operators of different modes commute, so a product factorises mode by mode, and for one mode
(:math:`[x, x^\dagger] = 1`)

.. math::

    (x^{\dagger p} x^{q})(x^{\dagger r} x^{s})
        = \sum_{k=0}^{\min(q, r)} \binom{q}{k}\binom{r}{k}\,k!\; x^{\dagger\,p+r-k} x^{q+s-k}.

A two-level mode :math:`q` (named in ``two_level``) has :math:`q = \sigma_-`,
:math:`q^2 = 0` and :math:`qq^\dagger = 1 - q^\dagger q`; its normal-ordered monomials are
:math:`1, q^\dagger, q, q^\dagger q` (exponents 0 or 1) and

.. math::

    (q^{\dagger p} q^{a})(q^{\dagger b} q^{s}) =
        \begin{cases} q^{\dagger p} q^{s} - q^{\dagger p+1} q^{s+1} & a = b = 1\\
        q^{\dagger p+b} q^{a+s} & \text{otherwise,}\end{cases}

with every monomial of exponent 2 dropped.  This is exact and needs no rewriting loop, so every
product, commutator and Lindblad adjoint used by the stages costs a bounded number of integer
multiplications.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from math import comb, factorial

import sympy as sp

__all__ = [
    "Key",
    "Poly",
    "ONE",
    "ladder",
    "constant",
    "add",
    "scale",
    "mul",
    "key_product",
    "reduce_two_level",
    "dagger",
    "commutator",
    "degree",
    "adjoint_lindblad",
    "key_text",
    "poly_text",
]

Key = tuple[tuple[str, int, int], ...]
Poly = dict[Key, sp.Expr]

ONE: Key = ()


def _clean(p: Mapping[Key, sp.Expr]) -> Poly:
    """Drop zero coefficients (after expansion, which is cheap for the small coefficients here)."""
    out: Poly = {}
    for k, c in p.items():
        c = sp.expand(c)
        if c != 0:
            out[k] = c
    return out


def ladder(mode: str, dag: bool = False) -> Poly:
    """The annihilation operator of ``mode`` (or its adjoint with ``dag``)."""
    return {((mode, 1, 0) if dag else (mode, 0, 1),): sp.S.One}


def constant(c: sp.Expr) -> Poly:
    """``c`` times the identity."""
    return _clean({ONE: sp.sympify(c)})


def add(*ps: Mapping[Key, sp.Expr]) -> Poly:
    """Sum of polynomials."""
    out: dict[Key, sp.Expr] = {}
    for p in ps:
        for k, c in p.items():
            out[k] = out.get(k, sp.S.Zero) + c
    return _clean(out)


def scale(c: sp.Expr, p: Mapping[Key, sp.Expr]) -> Poly:
    """``c * p`` for a scalar ``c``."""
    return _clean({k: c * v for k, v in p.items()})


def _mode_product(x: tuple[int, int], y: tuple[int, int]) -> list[tuple[int, int, int]]:
    """Normal-ordered product of one mode's ``x'^p x^q`` and ``x'^r x^s``: ``[(weight, n', n)]``."""
    p, q = x
    r, s = y
    return [
        (comb(q, k) * comb(r, k) * factorial(k), p + r - k, q + s - k) for k in range(min(q, r) + 1)
    ]


def _two_level_product(x: tuple[int, int], y: tuple[int, int]) -> list[tuple[int, int, int]]:
    """The same for a two-level mode (module docstring): exponents above 1 vanish."""
    p, a = x
    b, s = y
    terms = [(1, p, s), (-1, p + 1, s + 1)] if a == 1 and b == 1 else [(1, p + b, a + s)]
    return [(w, u, v) for w, u, v in terms if u <= 1 and v <= 1]


def _key_product(
    k1: Key, k2: Key, two_level: frozenset[str] = frozenset()
) -> list[tuple[int, Key]]:
    """Normal-ordered product of two monomials as ``[(integer weight, monomial)]``."""
    d1 = {m: (p, q) for m, p, q in k1}
    d2 = {m: (p, q) for m, p, q in k2}
    terms: list[tuple[int, list[tuple[str, int, int]]]] = [(1, [])]
    for m in sorted(set(d1) | set(d2)):
        product = _two_level_product if m in two_level else _mode_product
        parts = product(d1.get(m, (0, 0)), d2.get(m, (0, 0)))
        terms = [(w * pw, [*f, (m, p, q)] if p or q else f) for w, f in terms for pw, p, q in parts]
    return [(w, tuple(f)) for w, f in terms]


def key_product(k1: Key, k2: Key, two_level: frozenset[str] = frozenset()) -> list[tuple[int, Key]]:
    """Normal-ordered product of two monomials as ``[(integer weight, monomial)]`` (modes in
    ``two_level`` are two-level systems)."""
    return _key_product(k1, k2, two_level)


def reduce_two_level(p: Mapping[Key, sp.Expr], two_level: frozenset[str]) -> Poly:
    """``p`` with the two-level rule :math:`q^2 = 0` applied (monomials with an exponent above 1
    on a two-level mode dropped); a normal-ordered boson monomial of a two-level mode with
    exponents 0 or 1 is already the two-level monomial."""
    if not two_level:
        return dict(p)
    return {k: c for k, c in p.items() if all(a <= 1 and b <= 1 for m, a, b in k if m in two_level)}


def mul(*ps: Mapping[Key, sp.Expr], two_level: frozenset[str] = frozenset()) -> Poly:
    """Normal-ordered product of polynomials, left to right."""
    out: Poly = {ONE: sp.S.One}
    for p in ps:
        acc: dict[Key, sp.Expr] = {}
        for k1, c1 in out.items():
            for k2, c2 in p.items():
                for w, k in _key_product(k1, k2, two_level):
                    acc[k] = acc.get(k, sp.S.Zero) + w * c1 * c2
        out = _clean(acc)
    return out


def dagger(p: Mapping[Key, sp.Expr]) -> Poly:
    """The adjoint: coefficients conjugated, creation and annihilation swapped (still normal
    ordered, since different modes commute)."""
    return _clean({tuple((m, q, pp) for m, pp, q in k): sp.conjugate(c) for k, c in p.items()})


def commutator(
    p: Mapping[Key, sp.Expr], q: Mapping[Key, sp.Expr], two_level: frozenset[str] = frozenset()
) -> Poly:
    """:math:`[p, q] = pq - qp`."""
    return add(mul(p, q, two_level=two_level), scale(-1, mul(q, p, two_level=two_level)))


def degree(p: Mapping[Key, sp.Expr]) -> int:
    """Total operator degree (0 for a scalar or the zero polynomial)."""
    return max((sum(a + b for _, a, b in k) for k in p), default=0)


def adjoint_lindblad(
    hamiltonian: Mapping[Key, sp.Expr],
    jumps: Iterable[tuple[sp.Expr, Mapping[Key, sp.Expr]]],
    x: Mapping[Key, sp.Expr],
    two_level: frozenset[str] = frozenset(),
) -> Poly:
    r"""The Heisenberg-picture generator applied to ``x``:

    .. math::

        \mathcal L^\dagger X = i[H, X] + \sum_k \gamma_k \big(L_k^\dagger X L_k
            - \tfrac12 L_k^\dagger L_k X - \tfrac12 X L_k^\dagger L_k\big),

    for ``jumps`` given as ``(gamma_k, L_k)``; :math:`d\langle X\rangle/dt = \langle
    \mathcal L^\dagger X\rangle`.
    """
    t = two_level
    terms = [scale(sp.I, commutator(hamiltonian, x, t))]
    for rate, jump in jumps:
        ld = dagger(jump)
        ldl = mul(ld, jump, two_level=t)
        sandwich = mul(ld, x, jump, two_level=t)
        anti = add(mul(ldl, x, two_level=t), mul(x, ldl, two_level=t))
        terms.append(scale(rate, add(sandwich, scale(-sp.S.Half, anti))))
    return add(*terms)


def key_text(k: Key) -> str:
    """Monomial in the package's plain notation: ``b'b'bb`` for :math:`b^{\\dagger2}b^2`."""
    if not k:
        return "1"
    cre = "".join(f"{m}'" * p for m, p, _ in k)
    ann = "".join(m * q for m, _, q in k)
    return cre + ann


def poly_text(p: Mapping[Key, sp.Expr]) -> str:
    """A polynomial as ``coefficient*monomial + ...`` (for messages)."""
    return " + ".join(
        key_text(k) if c == 1 else (str(c) if not k else f"{c}*{key_text(k)}")
        for k, c in sorted(p.items(), key=lambda kc: (sum(a + b for _, a, b in kc[0]), kc[0]))
    )
