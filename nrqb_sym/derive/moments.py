r"""Stage 3 - Heisenberg-Lindblad moment equations (paper Eqs. 5-6, 19-20).

For an operator :math:`X`, the adjoint master equation gives

.. math::

    \frac{d\langle X\rangle}{dt} = \Big\langle i[H, X] + \sum_k \gamma_k\big(L_k^\dagger X L_k
        - \tfrac12\{L_k^\dagger L_k, X\}\big)\Big\rangle .

The right-hand side is normal ordered by :func:`nrqb_sym.model.operators.normal_order` and each
monomial replaced by its moment.  The model is quadratic, so the first moments close on
themselves and the second moments close together with the first ones; :func:`close` shows it by
adding every moment a right-hand side needs until nothing new appears.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sympy as sp
from sympy.physics.quantum import Commutator, Dagger

from ..model.core import Model
from ..model.operators import (
    Moment,
    MonomialKey,
    adjoint_key,
    expectation,
    key_of,
    moment,
    monomials,
    normal_order,
)

__all__ = [
    "MomentSystem",
    "adjoint_generator",
    "moment_equations",
    "close",
    "first_moments",
    "second_moments",
    "linear_drift",
    "moment_system",
    "AugmentedSystem",
    "augmented_system",
]


@dataclass(frozen=True)
class MomentSystem:
    r"""Closed moment equations of one model.

    Attributes:
        model: the model they were derived from.
        equations: ``{moment symbol: right-hand side}``; right-hand sides are linear in the moment
            symbols of :attr:`equations` and their complex conjugates.
        closed: whether every moment on a right-hand side (or its conjugate) has an equation.
        added: moments that :func:`close` had to add to the requested ones.
        first: the first moments, in mode order.
        M: drift matrix of the first moments, :math:`\dot x = M x + f`.
        f: drive vector of the first moments.
    """

    model: Model
    equations: dict[Moment, sp.Expr]
    closed: bool
    added: tuple[Moment, ...]
    first: tuple[Moment, ...]
    M: sp.Matrix
    f: sp.Matrix
    second: tuple[Moment, ...] = ()


def adjoint_generator(model: Model, X: sp.Expr) -> sp.Expr:
    r"""Normal-ordered :math:`\mathcal{L}^\dagger X = i[H,X] + \sum_k \gamma_k(L^\dagger X L
    - \tfrac12\{L^\dagger L, X\})`."""
    out = sp.I * Commutator(model.hamiltonian, X).doit()
    for d in model.dissipators:
        L, Ld = d.op, Dagger(d.op)
        out += d.rate * (Ld * X * L - (Ld * L * X + X * Ld * L) / 2)
    return normal_order(out)


def _key(X: sp.Expr) -> MonomialKey:
    ((key, coeff),) = monomials(normal_order(X)).items()
    if coeff != 1:
        raise ValueError(f"observable must be a bare monomial, got {X}")
    return key


def _op_of(key: MonomialKey) -> sp.Expr:
    from ..model.core import mode

    out = sp.S.One
    for m, nd, _ in key:
        out *= Dagger(mode(m)) ** nd
    for m, _, na in key:
        out *= mode(m) ** na
    return out


def moment_equations(model: Model, observables: Sequence[sp.Expr]) -> dict[Moment, sp.Expr]:
    """Right-hand sides of ``d<X>/dt`` for each observable, in moments of the listed observables.

    A moment whose adjoint is listed is written as the complex conjugate of the listed one.
    """
    keys = [_key(X) for X in observables]
    basis = {k: moment(k) for k in keys}
    return {
        moment(k): sp.expand(expectation(adjoint_generator(model, _op_of(k)), basis)) for k in keys
    }


def _needed(rhs: sp.Expr) -> set[MonomialKey]:
    out = set()
    for s in rhs.atoms(Moment):
        out.add(key_of_moment(s))
    return out


def key_of_moment(m: Moment) -> MonomialKey:
    """Inverse of :func:`nrqb_sym.model.operators.moment`."""
    from ..model.core import mode

    inner = m.name[1:-1].split()
    factors = []
    for tok in inner:
        base, _, power = tok.partition("^")
        p = int(power) if power else 1
        op = Dagger(mode(base.rstrip("'"))) if base.endswith("'") else mode(base)
        factors.append(op**p if p > 1 else op)
    return key_of(factors)


def close(model: Model, observables: Sequence[sp.Expr], max_rounds: int = 10):
    """Add the moments the right-hand sides need until the set is closed.

    Returns:
        ``(equations, added)``: the closed equations and the moments that had to be added.

    Raises:
        RuntimeError: if the set does not close in ``max_rounds`` rounds (non-quadratic model).
    """
    keys = [_key(X) for X in observables]
    added: list[Moment] = []
    for _ in range(max_rounds):
        eqs = moment_equations(model, [_op_of(k) for k in keys])
        have = set(keys) | {adjoint_key(k) for k in keys}
        missing = sorted(set().union(*(_needed(r) for r in eqs.values())) - have)
        if not missing:
            return eqs, tuple(added)
        for k in missing:
            if adjoint_key(k) not in keys and k not in keys:
                keys.append(k)
                added.append(moment(k))
    raise RuntimeError("moment equations did not close")


def first_moments(model: Model) -> list[sp.Expr]:
    """The annihilation operators of the model's modes."""
    return list(model.operators)


def second_moments(model: Model) -> list[sp.Expr]:
    r"""Occupations :math:`x^\dagger x`, cross moments :math:`x_i^\dagger x_j` (i < j) and the
    anomalous moments :math:`x_i x_j` (i <= j) a Gaussian state needs besides them."""
    ops = model.operators
    n = len(ops)
    out = [Dagger(x) * x for x in ops]
    out += [Dagger(ops[i]) * ops[j] for i in range(n) for j in range(i + 1, n)]
    out += [ops[i] * ops[j] for i in range(n) for j in range(i, n)]
    return out


def linear_drift(equations: dict[Moment, sp.Expr], variables: Sequence[Moment]):
    r"""Write ``d x/dt = M x + f`` for the listed moments.

    Raises:
        ValueError: if a right-hand side is not affine in ``variables`` (e.g. needs conjugates).
    """
    x = sp.Matrix(variables)
    rhs = sp.Matrix([equations[v] for v in variables])
    M = rhs.jacobian(x)
    f = rhs.subs({v: 0 for v in variables})
    if (M * x + f - rhs).applyfunc(sp.expand) != sp.zeros(len(variables), 1):
        raise ValueError("right-hand sides are not affine in the first moments")
    if any(sp.conjugate(v) in r.atoms(sp.conjugate) for v in variables for r in rhs):
        raise ValueError("first-moment equations involve conjugated first moments")
    return M.applyfunc(sp.simplify), f.applyfunc(sp.simplify)


def moment_system(model: Model) -> MomentSystem:
    """First and second moment equations of ``model``, closed, with the first-moment drift."""
    requested = first_moments(model) + second_moments(model)
    eqs, added = close(model, requested)
    first = tuple(moment(_key(x)) for x in first_moments(model))
    M, f = linear_drift(eqs, first)
    second = tuple(m for m in eqs if m not in first)
    return MomentSystem(
        model=model,
        equations=eqs,
        closed=True,
        added=added,
        first=first,
        M=M,
        f=f,
        second=second,
    )


@dataclass(frozen=True)
class AugmentedSystem:
    r"""All moments as one linear system :math:`\dot z = A z` with :math:`z = (m, \bar m, 1)`.

    Attributes:
        variables: the moments, then the conjugates of the non-real ones (as ``conjugate(m)``),
            then the constant 1.
        A: the matrix; the last row is zero.
    """

    variables: tuple[sp.Expr, ...]
    A: sp.Matrix

    def index(self, m: sp.Expr) -> int:
        """Position of a moment (or its conjugate) in :attr:`variables`."""
        return self.variables.index(m)


def augmented_system(system: MomentSystem) -> AugmentedSystem:
    r"""Write the closed moment equations and their complex conjugates as :math:`\dot z = A z`.

    Solved by a matrix exponential, this evolves every first and second moment from any initial
    Gaussian state (thermal, coherent, ...), not only along coherent states.
    """
    moments = list(system.equations)
    conj = [sp.conjugate(m) for m in moments if not m.is_real]
    variables = [*moments, *conj]
    rhs = [system.equations[m] for m in moments]
    rhs += [sp.conjugate(system.equations[m]) for m in moments if not m.is_real]
    # treat conjugate(m) as an independent variable
    stand_in = {c: sp.Symbol(f"conj{i}") for i, c in enumerate(conj)}
    xs = [*moments, *stand_in.values()]
    rows = [sp.expand(r.xreplace(stand_in)) for r in rhs]
    A, b = sp.linear_eq_to_matrix(rows, xs)
    # linear_eq_to_matrix writes rows = A x - b... as A x = b with b = -constant
    n = len(variables)
    full = sp.zeros(n + 1, n + 1)
    full[:n, :n] = A
    full[:n, n] = -b
    check = (A * sp.Matrix(xs) - b - sp.Matrix(rows)).applyfunc(sp.expand)
    if check != sp.zeros(n, 1):
        raise ArithmeticError("moment equations are not affine in the moments")
    return AugmentedSystem(variables=(*variables, sp.S.One), A=full)
