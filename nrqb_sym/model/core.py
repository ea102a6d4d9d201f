r"""Stage 1 - the model: modes, parameters, Hamiltonian and jump operators.

The single source of truth is the model file ``nrqb_sym/model/models/nrqb.toml``
(:data:`~nrqb_sym.model.spec.PAPER_MODEL`); this module turns it into the operator form the paper
pipeline works on.  Every later stage, every generated kernel and every document in
``derivations/`` is computed from :func:`three_mode_model`.

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

from collections.abc import Mapping
from dataclasses import dataclass, field

import sympy as sp
from sympy.physics.quantum import Dagger
from sympy.physics.quantum.boson import BosonOp

from .algebra import Key
from .spec import KINDS, PAPER_MODEL, ModelSpec, load_spec

__all__ = [
    "PARAMETER_NAMES",
    "PAPER_SPEC",
    "Model",
    "Dissipator",
    "symbols",
    "mode",
    "three_mode_model",
    "operator_expression",
    "model_from_spec",
]

#: The paper's model as read from its model file (``nrqb_sym/model/models/nrqb.toml``).
PAPER_SPEC: ModelSpec = load_spec(PAPER_MODEL)

#: Parameter names, in the order the generated kernels take them (declaration order of the file).
PARAMETER_NAMES: tuple[str, ...] = tuple(PAPER_SPEC.parameters)

_ASSUMPTIONS: dict[str, dict[str, bool]] = {
    n: dict(KINDS[p.kind]) for n, p in PAPER_SPEC.parameters.items()
}

_LATEX: dict[str, str] = {n: p.latex for n, p in PAPER_SPEC.parameters.items()}


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


def operator_expression(poly: Mapping[Key, sp.Expr]) -> sp.Expr:
    r"""A normal-ordered polynomial as a SymPy operator expression,
    :math:`\sum_k c_k \prod_x x^{\dagger p_{kx}} \prod_x x^{q_{kx}}` (creators left of annihilators).

    Terms whose coefficients share the same product of parameter symbols are grouped under it
    (``F*(a' + a)``, ``J*(exp(I*theta)*a'b + exp(-I*theta)*b'a)``), as a physicist writes them.
    """
    groups: dict[sp.Expr, sp.Expr] = {}
    for key, coeff in poly.items():
        term = sp.S.One
        for m, nd, _ in key:
            term = term * Dagger(mode(m)) ** nd
        for m, _, na in key:
            term = term * mode(m) ** na
        factor = sp.Mul(
            *(f for f in sp.Mul.make_args(coeff) if f.is_Symbol or (f.is_Pow and f.base.is_Symbol))
        )
        groups[factor] = groups.get(factor, sp.S.Zero) + (coeff / factor) * term
    return sp.Add(*(factor * group for factor, group in groups.items()))


def model_from_spec(spec: ModelSpec, name: str | None = None) -> Model:
    """The operator-form :class:`Model` of a model file: :math:`H` and the jump operators as
    SymPy boson-operator expressions, one :class:`Dissipator` per channel."""
    return Model(
        name=name or spec.name,
        modes=spec.modes,
        hamiltonian=operator_expression(spec.hamiltonian),
        dissipators=tuple(
            Dissipator(ch.rate, operator_expression(ch.operator)) for ch in spec.channels
        ),
        params=spec.symbols,
        energies=dict(spec.energies),
    )


def three_mode_model() -> Model:
    r"""The paper's model: charger ``a``, battery ``b`` and bad cavity ``c`` (physics notes, Eq. 1),
    read from its model file :data:`~nrqb_sym.model.spec.PAPER_MODEL`:

    .. math::

        H = \sum_{x=a,b,c} \Delta_x x^\dagger x + J(e^{i\theta}a^\dagger b + e^{-i\theta}b^\dagger a)
            + \sum_{x=a,b} g_x (x^\dagger c + c^\dagger x) + F(a + a^\dagger)

    with the thermal baths :math:`\kappa_x(n_x + 1)D[x] + \kappa_x n_x D[x^\dagger]`.
    """
    return model_from_spec(PAPER_SPEC, name="three-mode")
