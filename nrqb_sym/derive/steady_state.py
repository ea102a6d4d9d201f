r"""Generic stage 4 - steady states, in closed form only where cheap.

The stationary first moments solve :math:`M_1 \langle A\rangle_{ss} + f_1 = 0`,

.. math::

    \langle x\rangle_{ss} = -M^{-1} f \quad(\text{decoupled: the } \langle x\rangle \text{ block}),
    \qquad \langle A\rangle_{ss} = -M_1^{-1} f_1 \quad(\text{otherwise}),

and, for models small enough to have their moments entry by entry (stage 3), all moments
:math:`z_{ss} = -A^{-1}b`.  The stationary covariance solves the Lyapunov equation
:math:`M_1\Sigma + \Sigma M_1^T + D_n = 0`; it is always left to the kernels.

A closed form is kept only when it is cheap: a system of at most :data:`FIRST_DIM_LIMIT`
unknowns (the entry-by-entry system up to :data:`FULL_DIM_LIMIT`), an input below
:data:`INPUT_BUDGET` operations and a result below :data:`RESULT_BUDGET` (``count_ops``), solved
by ``LUsolve``, each entry put over one denominator (``together``).  Otherwise the result is
:class:`~nrqb_sym.derive.forms.Structured`: the kernels solve the linear system numerically at
each parameter point.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .forms import Structured, form_of
from .moments import FirstMoments, GaussianMoments

__all__ = [
    "SteadyState",
    "steady_state",
    "LINEAR_SOLVE",
    "FIRST_DIM_LIMIT",
    "FULL_DIM_LIMIT",
    "INPUT_BUDGET",
    "RESULT_BUDGET",
]

LINEAR_SOLVE = "solved numerically (linear solve in the kernel)"

#: Largest first-moment system solved in closed form.
FIRST_DIM_LIMIT = 2
#: Largest complete moment system (first and second moments) solved in closed form.
FULL_DIM_LIMIT = 5
#: Largest ``count_ops`` of the matrix and right-hand side attempted.
INPUT_BUDGET = 300
#: Largest ``count_ops`` of a closed-form result kept.
RESULT_BUDGET = 1500


@dataclass(frozen=True)
class SteadyState:
    r"""Steady state of one model's moments.

    Attributes:
        first_variables: the first-moment names solved for (:math:`\langle x\rangle`, and
            :math:`\langle x^\dagger\rangle` when the blocks do not decouple).
        first: their stationary values (a column matrix) or :class:`Structured`.
        variables: all moment names (entry-by-entry system), or ``()``.
        all: the stationary :math:`z` or :class:`Structured`.
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


def steady_state(first: FirstMoments, moments: GaussianMoments | None = None) -> SteadyState:
    """The stationary first moments (and, for tiny entry-by-entry systems, all moments)."""
    modes = first.modes
    if first.decoupled:
        names = tuple(f"<{m}>" for m in modes)
        sol = _budgeted_solve(sp.Matrix(first.M), -sp.Matrix(first.f), FIRST_DIM_LIMIT)
    else:
        names = tuple(f"<{m}>" for m in modes) + tuple(f"<{m}'>" for m in modes)
        sol = _budgeted_solve(sp.Matrix(first.M1), -sp.Matrix(first.f1), FIRST_DIM_LIMIT)
    if moments is None:
        everything: sp.ImmutableMatrix | Structured = Structured(
            "covariance from the Lyapunov equation, solved numerically in the kernel"
        )
        variables: tuple[str, ...] = ()
    else:
        variables = moments.variables
        everything = _budgeted_solve(sp.Matrix(moments.A), -sp.Matrix(moments.b), FULL_DIM_LIMIT)
        if isinstance(everything, sp.ImmutableMatrix):
            idx = moments.index
            sol = sp.ImmutableMatrix([everything[idx[v], 0] for v in names])
    return SteadyState(
        first_variables=names,
        first=sol,
        variables=variables,
        all=everything,
        forms={"first moments": form_of(sol), "second moments": form_of(everything)},
    )
