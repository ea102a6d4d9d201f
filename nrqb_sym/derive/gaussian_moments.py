r"""Generic stage 3 - closed equations for all first and second moments of a Gaussian model.

For every moment :math:`X` in

.. math::

    z = \big(\langle x_i\rangle,\ \langle x_i^\dagger\rangle,\ \langle x_i^\dagger x_j\rangle
        \ (\text{all } i, j),\ \langle x_i x_j\rangle\ (i \le j),\
        \langle x_i^\dagger x_j^\dagger\rangle\ (i \le j)\big)

the right-hand side is derived with the normal-ordered algebra of
:mod:`nrqb_sym.model.algebra` (:func:`~nrqb_sym.model.algebra.adjoint_lindblad` for the
Hamiltonian part, the Kossakowski form of :mod:`nrqb_sym.derive.quadratic` for the
dissipators):

.. math::

    \frac{d\langle X\rangle}{dt} = \Big\langle i[H, X] + \sum_{ij} C_{ij}\big(A_i^\dagger X A_j
        - \tfrac12\{A_i^\dagger A_j, X\}\big)\Big\rangle .

For a quadratic :math:`H` and linear :math:`A_i` the degree of the right-hand side never exceeds
that of :math:`X` (asserted), so the moments close into the affine system

.. math::

    \dot z = A z + b,

(:math:`A` is :math:`D\times D`, :math:`D = 2N^2 + 3N`).  Its first-moment block is the drift
:math:`M_1` over :math:`(\langle x\rangle, \langle x^\dagger\rangle)` with inhomogeneity
:math:`f_1`; without squeezing and mixed jumps it is block diagonal and its
:math:`\langle x\rangle` block is :math:`M = -iK`, :math:`K = h - \tfrac{i}{2}(G_u - G_v)`.

The operator algebra acts on monomials with unit coefficients (each product of two monomials is
computed once and cached) and the model's entries multiply the results, so the cost is
:math:`O(N^4)` cached lookups whatever the size of the model's expressions.  Contributions to
one entry are grouped by denominator with expanded numerators (no polynomial gcd); first-moment
entries of small models are also ``cancel``-ed when small.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from ..model import algebra as alg
from ..model.algebra import Key, Poly
from .quadratic import QuadraticForm, dissipator_terms
from .reduction import tidy

__all__ = [
    "GaussianMoments",
    "moment_table",
    "moment_variables",
    "moment_operator",
    "adjoint_generator",
    "gaussian_moments",
    "moment_equation",
]


#: First-moment entries up to this many operations are simplified by ``cancel`` ...
FIRST_ROW_BUDGET = 60
#: ... in models with at most this many modes.
TIDY_MODES = 3


def _same(e: sp.Expr) -> sp.Expr:
    return e


def moment_table(modes: tuple[str, ...]) -> dict[str, Poly]:
    """``{moment name: normal-ordered operator}`` in the order of :math:`z` (module docstring)."""
    a = {m: alg.ladder(m) for m in modes}
    ad = {m: alg.ladder(m, dag=True) for m in modes}
    table: dict[str, Poly] = {f"<{x}>": a[x] for x in modes}
    table.update({f"<{x}'>": ad[x] for x in modes})
    table.update({f"<{x}'{y}>": alg.mul(ad[x], a[y]) for x in modes for y in modes})
    table.update({f"<{x}{y}>": alg.mul(a[x], a[y]) for i, x in enumerate(modes) for y in modes[i:]})
    table.update(
        {f"<{x}'{y}'>": alg.mul(ad[x], ad[y]) for i, x in enumerate(modes) for y in modes[i:]}
    )
    return table


def moment_variables(modes: tuple[str, ...]) -> tuple[str, ...]:
    """Names of all first and second moments, in the order of :math:`z` (module docstring)."""
    return tuple(moment_table(modes))


def moment_operator(name: str, modes: tuple[str, ...]) -> Poly:
    """The normal-ordered operator of a moment name such as ``"<a'b>"``."""
    table = moment_table(modes)
    if name not in table:
        raise ValueError(f"not a moment of the modes {', '.join(modes)}: {name!r}")
    return table[name]


def _variable_keys(modes: tuple[str, ...]) -> dict[Key, str]:
    out = {}
    for name, op in moment_table(modes).items():
        (key,) = op
        out[key] = name
    return out


@lru_cache(maxsize=4096)
def _hamiltonian_action(hk: Key, xk: Key) -> tuple[tuple[Key, sp.Expr], ...]:
    """:math:`i[m, X]` for two monomials, via the normal-ordered algebra (cached)."""
    return tuple(alg.adjoint_lindblad({hk: sp.S.One}, [], {xk: sp.S.One}).items())


@lru_cache(maxsize=16384)
def _dissipator_action(ik: Key, jk: Key, xk: Key) -> tuple[tuple[Key, sp.Expr], ...]:
    r""":math:`A_i^\dagger X A_j - \tfrac12\{A_i^\dagger A_j, X\}` for monomials (cached)."""
    ai, aj, x = {ik: sp.S.One}, {jk: sp.S.One}, {xk: sp.S.One}
    aid = alg.dagger(ai)
    aa = alg.mul(aid, aj)
    p = alg.add(alg.mul(aid, x, aj), alg.scale(-sp.S.Half, alg.add(alg.mul(aa, x), alg.mul(x, aa))))
    return tuple(p.items())


def _combine(terms: list[sp.Expr]) -> sp.Expr:
    """Sum of contributions, grouped by denominator with expanded numerators (cheap: no
    polynomial gcd), so that equal model entries cancel and each denominator appears once."""
    groups: dict[sp.Expr, list[sp.Expr]] = {}
    for t in terms:
        coeff, rest = t.as_coeff_Mul()
        num, den = sp.fraction(rest)
        dc, den = den.as_coeff_Mul()
        groups.setdefault(den, []).append(coeff / dc * num)
    return sp.Add(*(sp.expand(sp.Add(*nums)) / den for den, nums in groups.items()))


def adjoint_generator(
    hamiltonian: Mapping[Key, sp.Expr],
    terms: list[tuple[sp.Expr, Poly, Poly]],
    x: Mapping[Key, sp.Expr],
) -> Poly:
    r"""The Heisenberg generator in Kossakowski form applied to ``x``:

    .. math::

        i[H, X] + \sum_{ij} C_{ij}\big(A_i^\dagger X A_j - \tfrac12 A_i^\dagger A_j X
            - \tfrac12 X A_i^\dagger A_j\big),

    with ``terms = [(C_ij, A_i, A_j)]`` (``A_i`` single ladder operators).  Every product is
    computed by :mod:`nrqb_sym.model.algebra` on monomials with unit coefficients (cached, so
    the cost is one lookup per pair of monomials) and multiplied by the model's coefficients
    at the end; for a diagonal :math:`C` this is
    :func:`~nrqb_sym.model.algebra.adjoint_lindblad`.
    """
    acc: dict[Key, list[sp.Expr]] = {}
    for xk, xc in x.items():
        for hk, hc in hamiltonian.items():
            for k, w in _hamiltonian_action(hk, xk):
                acc.setdefault(k, []).append(w * hc * xc)
        for c, ai, aj in terms:
            ((ik, ic),) = ai.items()
            ((jk, jc),) = aj.items()
            for k, w in _dissipator_action(ik, jk, xk):
                acc.setdefault(k, []).append(w * c * sp.conjugate(ic) * jc * xc)
    out = {k: _combine(v) for k, v in acc.items()}
    return {k: v for k, v in out.items() if v != 0}


def _model_terms(qf: QuadraticForm) -> tuple[Poly, list[tuple[sp.Expr, Poly, Poly]]]:
    """The Hamiltonian and the non-zero Kossakowski terms of ``qf``, with the model's entries as
    coefficients (not expanded)."""
    n = qf.n
    a = [alg.ladder(m) for m in qf.modes]
    ad = [alg.ladder(m, dag=True) for m in qf.modes]

    def key(p: Poly) -> Key:
        (k,) = p
        return k

    acc: dict[Key, list[sp.Expr]] = {}
    for i in range(n):
        if qf.f[i] != 0:
            acc.setdefault(key(ad[i]), []).append(qf.f[i])
            acc.setdefault(key(a[i]), []).append(sp.conjugate(qf.f[i]))
        for j in range(n):
            if qf.h[i, j] != 0:
                acc.setdefault(key(alg.mul(ad[i], a[j])), []).append(qf.h[i, j])
            if qf.s[i, j] != 0:
                half = qf.s[i, j] / 2
                acc.setdefault(key(alg.mul(ad[i], ad[j])), []).append(half)
                acc.setdefault(key(alg.mul(a[i], a[j])), []).append(sp.conjugate(half))
    hamiltonian = {k: sp.Add(*v) for k, v in acc.items()}
    return hamiltonian, dissipator_terms(qf)


@dataclass(frozen=True)
class GaussianMoments:
    r"""The closed moment system :math:`\dot z = Az + b` of one model.

    Attributes:
        modes: mode names.
        variables: moment names, the order of :math:`z`.
        A: :math:`D\times D` drift of all moments.
        b: :math:`D\times 1` inhomogeneity.
        M1: :math:`2N\times 2N` first-moment drift over
            :math:`(\langle x\rangle, \langle x^\dagger\rangle)`.
        f1: :math:`2N\times 1` first-moment inhomogeneity.
        decoupled: whether :math:`M_1` is block diagonal (no squeezing, no mixed jumps).
        M: the :math:`N\times N` :math:`\langle x\rangle` block when ``decoupled``, else
            :math:`M_1`.
        f: the matching inhomogeneity.
    """

    modes: tuple[str, ...]
    variables: tuple[str, ...]
    A: sp.ImmutableMatrix
    b: sp.ImmutableMatrix
    M1: sp.ImmutableMatrix
    f1: sp.ImmutableMatrix
    decoupled: bool
    M: sp.ImmutableMatrix
    f: sp.ImmutableMatrix

    @property
    def index(self) -> dict[str, int]:
        """Position of each moment in :math:`z`."""
        return {v: k for k, v in enumerate(self.variables)}

    @property
    def symbols(self) -> sp.ImmutableMatrix:
        """:math:`z` as a column of symbols named like the moments."""
        return sp.ImmutableMatrix([sp.Symbol(v) for v in self.variables])

    def rhs(self, name: str) -> sp.Expr:
        r""":math:`d\langle X\rangle/dt` as an expression in the moment symbols."""
        k = self.index[name]
        return (self.A[k, :] * self.symbols)[0] + self.b[k]

    def coefficient(self, source: str, target: str) -> sp.Expr:
        r"""The coefficient of ``target`` in :math:`d\,\mathrm{source}/dt`."""
        return self.A[self.index[source], self.index[target]]


def _rows(
    qf: QuadraticForm, names: tuple[str, ...]
) -> tuple[list[dict[str, sp.Expr]], list[sp.Expr]]:
    """Derive the right-hand sides of ``names``: ``([{variable: coeff}], [constant])``.

    Raises:
        AssertionError: a right-hand side of higher degree than its moment (no closure).
    """
    modes = qf.modes
    keys = _variable_keys(modes)
    hamiltonian, diss = _model_terms(qf)
    table = moment_table(modes)
    rows, consts = [], []
    for name in names:
        op = table[name]
        rhs = adjoint_generator(hamiltonian, diss, op)
        if alg.degree(rhs) > alg.degree(op) or any(k and k not in keys for k in rhs):
            raise AssertionError(f"moment equations do not close at {name}: {alg.poly_text(rhs)}")
        rows.append({keys[k]: c for k, c in rhs.items() if k != alg.ONE})
        consts.append(rhs.get(alg.ONE, sp.S.Zero))
    return rows, consts


def moment_equation(qf: QuadraticForm, name: str) -> tuple[dict[str, sp.Expr], sp.Expr]:
    r"""One equation: :math:`d\langle X\rangle/dt = \sum_v c_v v + c_0` as ``({v: c_v}, c_0)``."""
    rows, consts = _rows(qf, (name,))
    return rows[0], consts[0]


def gaussian_moments(qf: QuadraticForm) -> GaussianMoments:
    """Derive the closed moment system of ``qf`` (see the module docstring)."""
    variables = moment_variables(qf.modes)
    index = {v: k for k, v in enumerate(variables)}
    D = len(variables)
    n = qf.n
    rows, consts = _rows(qf, variables)
    A = sp.zeros(D, D)
    b = sp.zeros(D, 1)
    m = 2 * n
    for r, (row, const) in enumerate(zip(rows, consts, strict=True)):
        # First-moment rows are put over one denominator when small; second-moment rows stay
        # linear combinations of the model's (already tidy) entries: O(N^4) cancels would
        # dominate the cost.
        light = (lambda e: tidy(e, FIRST_ROW_BUDGET)) if r < m and n <= TIDY_MODES else _same
        for v, c in row.items():
            A[r, index[v]] = light(c)
        b[r] = light(const)
    if any(A[r, c] != 0 for r in range(m) for c in range(m, D)):
        raise AssertionError("first moments couple to second moments: the model is not Gaussian")
    M1 = A[:m, :m]
    f1 = b[:m, :]
    decoupled = all(M1[r, c] == 0 for r in range(n) for c in range(n, m)) and all(
        M1[r, c] == 0 for r in range(n, m) for c in range(n)
    )
    M, f = (M1[:n, :n], f1[:n, :]) if decoupled else (M1, f1)
    return GaussianMoments(
        modes=qf.modes,
        variables=variables,
        A=sp.ImmutableMatrix(A),
        b=sp.ImmutableMatrix(b),
        M1=sp.ImmutableMatrix(M1),
        f1=sp.ImmutableMatrix(f1),
        decoupled=decoupled,
        M=sp.ImmutableMatrix(M),
        f=sp.ImmutableMatrix(f),
    )
