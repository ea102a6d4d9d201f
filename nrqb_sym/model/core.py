r"""Stage 1 - the model: modes, parameters, Hamiltonian and jump operators.

This module is the single source of truth of the package.  Every later stage, every generated
kernel and every document in ``derivations/`` is computed from :func:`three_mode_model`.

The model (frame rotating at the drive frequency, :math:`\hbar = 1`):

.. math::

    H = \Delta_a a^\dagger a + \Delta_b b^\dagger b + \Delta_c c^\dagger c
        + J (e^{i\theta} a^\dagger b + e^{-i\theta} b^\dagger a)
        + g_a (a^\dagger c + c^\dagger a) + g_b (b^\dagger c + c^\dagger b) + F (a + a^\dagger)

    \dot\rho = -i[H, \rho] + \sum_{x=a,b,c} \kappa_x\big[(n_x + 1) D[x]\rho + n_x D[x^\dagger]\rho\big],
    \qquad D[L]\rho = L\rho L^\dagger - \tfrac12\{L^\dagger L, \rho\},

with thermal bath occupations :math:`n_x` (zero in the paper).

Sign conventions: the couplings ``g_a``, ``g_b`` and ``J`` are taken non-negative (a sign is a
phase of a mode and is absorbed into ``theta``); rates are non-negative; everything is real.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp
from sympy.physics.quantum import Dagger
from sympy.physics.quantum.boson import BosonOp

__all__ = [
    "PARAMETER_NAMES",
    "Model",
    "Dissipator",
    "symbols",
    "mode",
    "three_mode_model",
]

#: Parameter names, in the order the generated kernels take them.
PARAMETER_NAMES: tuple[str, ...] = (
    "Delta_a",
    "Delta_b",
    "Delta_c",
    "kappa_a",
    "kappa_b",
    "kappa_c",
    "g_a",
    "g_b",
    "J",
    "theta",
    "F",
    "omega_a",
    "omega_b",
    "n_a",
    "n_b",
    "n_c",
)

_ASSUMPTIONS: dict[str, dict[str, bool]] = {
    "Delta_a": {"real": True},
    "Delta_b": {"real": True},
    "Delta_c": {"real": True},
    "kappa_a": {"positive": True},
    "kappa_b": {"positive": True},
    "kappa_c": {"positive": True},
    "g_a": {"positive": True},
    "g_b": {"positive": True},
    "J": {"nonnegative": True},
    "theta": {"real": True},
    "F": {"real": True},
    "omega_a": {"positive": True},
    "omega_b": {"positive": True},
    "n_a": {"nonnegative": True},
    "n_b": {"nonnegative": True},
    "n_c": {"nonnegative": True},
}

_LATEX = {
    "Delta_a": r"\Delta_a",
    "Delta_b": r"\Delta_b",
    "Delta_c": r"\Delta_c",
    "kappa_a": r"\kappa_a",
    "kappa_b": r"\kappa_b",
    "kappa_c": r"\kappa_c",
    "g_a": "g_a",
    "g_b": "g_b",
    "J": "J",
    "theta": r"\theta",
    "F": "F",
    "omega_a": r"\omega_a",
    "omega_b": r"\omega_b",
    "n_a": r"n_a",
    "n_b": r"n_b",
    "n_c": r"n_c",
}


def symbols() -> dict[str, sp.Symbol]:
    """The model parameters as SymPy symbols, named exactly as in the CLI and the runtime API.

    SymPy caches symbols by name and assumptions, so repeated calls return identical objects.
    """
    return {name: sp.Symbol(name, **_ASSUMPTIONS[name]) for name in PARAMETER_NAMES}


def latex_name(name: str) -> str:
    """LaTeX spelling of a parameter name (``kappa_b`` -> ``\\kappa_b``)."""
    return _LATEX.get(name, name)


def mode(name: str) -> BosonOp:
    """The annihilation operator of the bosonic mode ``name``."""
    return BosonOp(name)


@dataclass(frozen=True)
class Dissipator:
    r"""One Lindblad term ``rate * D[op]`` of the master equation."""

    rate: sp.Expr
    op: sp.Expr

    @property
    def jump(self) -> sp.Expr:
        r"""The jump operator :math:`L = \sqrt{\text{rate}}\,\text{op}`."""
        return sp.sqrt(self.rate) * self.op


@dataclass(frozen=True)
class Model:
    r"""An immutable open bosonic model: :math:`\dot\rho = -i[H,\rho] + \sum_k \gamma_k D[L_k]\rho`.

    Attributes:
        name: short label used in documents.
        modes: names of the bosonic modes, in matrix order.
        hamiltonian: :math:`H` as a SymPy operator expression (drive frame).
        dissipators: the Lindblad terms.
        params: the parameter symbols the model uses (name -> symbol).
        energies: frequencies that turn mode occupations into energies (mode -> expression).
    """

    name: str
    modes: tuple[str, ...]
    hamiltonian: sp.Expr
    dissipators: tuple[Dissipator, ...]
    params: dict[str, sp.Symbol] = field(compare=False)
    energies: dict[str, sp.Expr] = field(compare=False)

    def op(self, name: str) -> BosonOp:
        """Annihilation operator of one of this model's modes."""
        if name not in self.modes:
            raise KeyError(f"model {self.name!r} has no mode {name!r}")
        return mode(name)

    @property
    def operators(self) -> tuple[BosonOp, ...]:
        """Annihilation operators, in :attr:`modes` order."""
        return tuple(mode(m) for m in self.modes)


def three_mode_model() -> Model:
    r"""The paper's model: charger ``a``, battery ``b`` and bad cavity ``c`` (physics notes, Eq. 1).

    .. math::

        H = \sum_{x=a,b,c} \Delta_x x^\dagger x + J(e^{i\theta}a^\dagger b + e^{-i\theta}b^\dagger a)
            + \sum_{x=a,b} g_x (x^\dagger c + c^\dagger x) + F(a + a^\dagger)
    """
    s = symbols()
    a, b, c = mode("a"), mode("b"), mode("c")
    ad, bd, cd = Dagger(a), Dagger(b), Dagger(c)
    H = (
        s["Delta_a"] * ad * a
        + s["Delta_b"] * bd * b
        + s["Delta_c"] * cd * c
        + s["J"] * (sp.exp(sp.I * s["theta"]) * ad * b + sp.exp(-sp.I * s["theta"]) * bd * a)
        + s["g_a"] * (ad * c + cd * a)
        + s["g_b"] * (bd * c + cd * b)
        + s["F"] * (a + ad)
    )
    dissipators = tuple(
        d
        for x, name in ((a, "a"), (b, "b"), (c, "c"))
        for d in (
            Dissipator(s[f"kappa_{name}"] * (s[f"n_{name}"] + 1), x),
            Dissipator(s[f"kappa_{name}"] * s[f"n_{name}"], Dagger(x)),
        )
    )
    return Model(
        name="three-mode",
        modes=("a", "b", "c"),
        hamiltonian=H,
        dissipators=dissipators,
        params=s,
        energies={"a": s["omega_a"], "b": s["omega_b"]},
    )
