r"""Generic stage 4 - steady states of the moment system, closed form only where cheap.

The stationary point of :math:`\dot z = Az + b` is

.. math::

    z_{ss} = -A^{-1} b,

and of the first moments alone :math:`(\langle x\rangle, \langle x^\dagger\rangle)_{ss} =
-M_1^{-1} f_1` (when :math:`M_1` is block diagonal, each :math:`N\times N` block separately).
A closed form is kept only when it is cheap: a block of at most :data:`FIRST_DIM_LIMIT` rows
(the whole system only up to :data:`FULL_DIM_LIMIT` unknowns), an input below
:data:`INPUT_BUDGET` operations and a result below :data:`RESULT_BUDGET` (``count_ops``), solved
by ``LUsolve``, each entry put over one denominator (``together``).  Otherwise the result is :class:`Structured`:
the kernel solves the linear system numerically at each parameter point.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .gaussian_moments import GaussianMoments

__all__ = [
    "Structured",
    "SteadyState",
    "steady_state",
    "form_of",
    "CLOSED",
    "LINEAR_SOLVE",
    "FIRST_DIM_LIMIT",
    "FULL_DIM_LIMIT",
    "INPUT_BUDGET",
    "RESULT_BUDGET",
]

CLOSED = "closed form"
LINEAR_SOLVE = "solved numerically (linear solve in the kernel)"

#: Largest first-moment block solved in closed form.
FIRST_DIM_LIMIT = 2
#: Largest complete moment system (first and second moments) solved in closed form.
FULL_DIM_LIMIT = 5
#: Largest ``count_ops`` of the matrix and right-hand side attempted.
INPUT_BUDGET = 300
#: Largest ``count_ops`` of a closed-form result kept.
RESULT_BUDGET = 1500


@dataclass(frozen=True)
class Structured:
    """A result kept in structured form (matrices), to be evaluated numerically.

    Attributes:
        description: what is evaluated numerically and where, e.g.
            ``"solved numerically (linear solve in the kernel)"``.
    """

    description: str

    def __str__(self) -> str:
        return f"structured: {self.description}"


def form_of(result: object) -> str:
    """``"closed form"`` or ``"structured: ..."`` for a stage result."""
    return str(result) if isinstance(result, Structured) else CLOSED


@dataclass(frozen=True)
class SteadyState:
    r"""Steady state of one model's moments.

    Attributes:
        first_variables: the first-moment names, :math:`(\langle x\rangle, \langle x^\dagger
            \rangle)`.
        first: their stationary values (a :math:`2N\times 1` matrix) or :class:`Structured`.
        variables: all moment names.
        all: the stationary :math:`z` (:math:`D\times 1`) or :class:`Structured`.
        forms: ``{"first moments": form, "second moments": form}``.
    """

    first_variables: tuple[str, ...]
    first: sp.ImmutableMatrix | Structured
    variables: tuple[str, ...]
    all: sp.ImmutableMatrix | Structured
    forms: dict[str, str]


def _combine(e: sp.Expr) -> sp.Expr:
    """One fraction, common factors pulled out (``together``; no polynomial gcd, so cheap)."""
    if e == 0 or sp.count_ops(e) > RESULT_BUDGET:
        return e
    return sp.factor_terms(sp.together(e))


def _budgeted_solve(
    M: sp.Matrix, rhs: sp.Matrix, dim_limit: int
) -> sp.ImmutableMatrix | Structured:
    """``M^{-1} rhs`` when small and cheap, else :class:`Structured`."""
    if M.shape[0] > dim_limit:
        return Structured(f"{LINEAR_SOLVE}; {M.shape[0]} unknowns exceed the closed-form limit")
    ops = sum(sp.count_ops(e) for e in M) + sum(sp.count_ops(e) for e in rhs)
    if ops > INPUT_BUDGET:
        return Structured(f"{LINEAR_SOLVE}; input of {ops} operations exceeds the budget")
    if all(e == 0 for e in rhs):
        return sp.ImmutableMatrix.zeros(*rhs.shape)
    sol = sp.Matrix(M).LUsolve(sp.Matrix(rhs)).applyfunc(_combine)
    size = sum(sp.count_ops(e) for e in sol)
    if size > RESULT_BUDGET:
        return Structured(f"{LINEAR_SOLVE}; closed form of {size} operations exceeds the budget")
    return sp.ImmutableMatrix(sol)


def steady_state(moments: GaussianMoments) -> SteadyState:
    """The stationary first (and, for tiny systems, all) moments of ``moments``."""
    n = len(moments.modes)
    M1, f1 = sp.Matrix(moments.M1), sp.Matrix(moments.f1)
    if moments.decoupled:
        blocks = [(M1[:n, :n], f1[:n, :]), (M1[n:, n:], f1[n:, :])]
    else:
        blocks = [(M1, f1)]
    parts = [_budgeted_solve(M, -f, FIRST_DIM_LIMIT) for M, f in blocks]
    structured = [p for p in parts if isinstance(p, Structured)]
    if structured:
        first: sp.ImmutableMatrix | Structured = structured[0]
    else:
        first = sp.ImmutableMatrix(sp.Matrix.vstack(*parts))
    everything = _budgeted_solve(sp.Matrix(moments.A), -sp.Matrix(moments.b), FULL_DIM_LIMIT)
    if isinstance(everything, sp.ImmutableMatrix):
        first = everything[: 2 * n, :]
    return SteadyState(
        first_variables=moments.variables[: 2 * n],
        first=first,
        variables=moments.variables,
        all=everything,
        forms={"first moments": form_of(first), "second moments": form_of(everything)},
    )
