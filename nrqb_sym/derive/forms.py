"""How a stage result is kept: in closed form, or structured (evaluated numerically by the kernels).

Every stage has budgets (matrix sizes, operation and term counts; never seconds, so generated
files are the same on every machine).  A result past its budget is a :class:`Structured` marker
saying what the kernels evaluate numerically instead; the derivation documents print which form
each result took.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CLOSED", "Structured", "form_of"]

CLOSED = "closed form"


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
