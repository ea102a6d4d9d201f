r"""Boson-operator algebra shared by the stages: normal ordering, monomials, moment symbols.

A *monomial* is a normal-ordered product of creation and annihilation operators, keyed as a tuple
``((mode, n_dagger, n_annihilation), ...)`` sorted by mode name.  The expectation value of a
monomial is a :class:`Moment` symbol; ``<x^dagger ...>`` of the adjoint monomial is its complex
conjugate.
"""

from __future__ import annotations

from collections import defaultdict

import sympy as sp
from sympy.physics.quantum import Dagger
from sympy.physics.quantum.boson import BosonOp
from sympy.physics.quantum.operatorordering import normal_ordered_form

__all__ = [
    "MonomialKey",
    "Moment",
    "normal_order",
    "monomials",
    "moment",
    "moment_of",
    "expectation",
    "adjoint_key",
    "key_of",
]

MonomialKey = tuple[tuple[str, int, int], ...]


class Moment(sp.Symbol):
    r"""The expectation value :math:`\langle m \rangle` of a normal-ordered monomial ``m``.

    Hermitian monomials (such as :math:`a^\dagger a`) give real symbols, the others complex ones.
    """

    def _latex(self, printer):  # noqa: D401 - SymPy printer hook
        inner = self.name[1:-1]
        parts = []
        for tok in inner.split():
            base, _, power = tok.partition("^")
            dag = base.endswith("'")
            base = base.rstrip("'")
            s = base + (r"^\dagger" if dag else "")
            if power:
                s = "{" + s + "}^{" + power + "}"
            parts.append(s)
        return r"\langle " + " ".join(parts) + r" \rangle"


def _factor_parts(factor: sp.Expr) -> tuple[str, bool, int]:
    """(mode, is_creation, power) of one non-commutative factor."""
    power = 1
    if isinstance(factor, sp.Pow):
        factor, power = factor.base, int(factor.exp)
    if isinstance(factor, Dagger) and isinstance(factor.args[0], BosonOp):
        return str(factor.args[0].name), True, power
    if isinstance(factor, BosonOp):
        return str(factor.name), not factor.is_annihilation, power
    raise TypeError(f"not a boson operator factor: {factor}")


def key_of(nc_part: list[sp.Expr]) -> MonomialKey:
    """Key of a product of boson factors, checking that it is normal ordered mode by mode.

    Raises:
        ValueError: if some annihilator stands left of a creator of the same mode.
    """
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for f in nc_part:
        name, creation, power = _factor_parts(f)
        if creation:
            if counts[name][1]:
                raise ValueError(f"product is not normal ordered in mode {name}: {nc_part}")
            counts[name][0] += power
        else:
            counts[name][1] += power
    return tuple(sorted((m, nd, na) for m, (nd, na) in counts.items()))


def normal_order(expr: sp.Expr) -> sp.Expr:
    r"""Normal-ordered form of an operator polynomial, modes treated as independent.

    Uses :func:`sympy.physics.quantum.operatorordering.normal_ordered_form` with a recursion limit
    well above what the degree-4 products of this package need, and then *verifies* the result
    (that function can return an unordered result with only a warning).
    """
    out = normal_ordered_form(sp.expand(expr), independent=True, recursive_limit=200)
    out = sp.expand(out)
    monomials(out)  # raises if any term is not normal ordered
    return out


def monomials(expr: sp.Expr) -> dict[MonomialKey, sp.Expr]:
    """Split a normal-ordered operator polynomial into ``{monomial key: c-number coefficient}``."""
    terms: dict[MonomialKey, sp.Expr] = defaultdict(lambda: sp.S.Zero)
    for term in sp.Add.make_args(sp.expand(expr)):
        c, nc = term.args_cnc()
        terms[key_of(nc)] += sp.Mul(*c)
    return {k: v for k, v in terms.items() if v != 0}


def adjoint_key(key: MonomialKey) -> MonomialKey:
    """Key of the adjoint monomial."""
    return tuple((m, na, nd) for m, nd, na in key)


def _name(key: MonomialKey) -> str:
    toks = []
    for m, nd, _na in key:
        if nd:
            toks.append(f"{m}'" + (f"^{nd}" if nd > 1 else ""))
    for m, _nd, na in key:
        if na:
            toks.append(m + (f"^{na}" if na > 1 else ""))
    return "<" + " ".join(toks) + ">"


def moment(key: MonomialKey) -> Moment:
    """The moment symbol of a monomial key."""
    hermitian = adjoint_key(key) == key
    return Moment(_name(key), real=True) if hermitian else Moment(_name(key), complex=True)


def moment_of(op_expr: sp.Expr) -> Moment:
    """The moment symbol of a single monomial given as an operator product, e.g. ``a'b``."""
    (key, coeff), *rest = monomials(normal_order(op_expr)).items()
    if rest or coeff != 1:
        raise ValueError(f"not a single normal-ordered monomial: {op_expr}")
    return moment(key)


def expectation(expr: sp.Expr, basis: dict[MonomialKey, sp.Expr] | None = None) -> sp.Expr:
    r"""Replace each normal-ordered monomial by its moment symbol.

    Args:
        expr: a normal-ordered operator polynomial.
        basis: optional map from keys to the expression to use for them; where a key is missing
            but its adjoint is present, the complex conjugate of the adjoint's entry is used.
    """
    out = sp.S.Zero
    for key, coeff in monomials(expr).items():
        if key == ():
            out += coeff
            continue
        if basis is not None and key in basis:
            out += coeff * basis[key]
        elif basis is not None and adjoint_key(key) in basis:
            out += coeff * sp.conjugate(basis[adjoint_key(key)])
        else:
            out += coeff * moment(key)
    return out


def dagger(op: sp.Expr) -> sp.Expr:
    """Hermitian adjoint of an operator expression."""
    return Dagger(op)
