r"""Generic stage 1 - the canonical matrix form of a Gaussian (linear bosonic) network.

For modes :math:`x = (x_1, \dots, x_N)` the class the package handles exactly is

.. math::

    H = \sum_{ij} h_{ij}\, x_i^\dagger x_j
        + \tfrac12 \sum_{ij} \big(s_{ij}\, x_i^\dagger x_j^\dagger + s_{ij}^* x_i x_j\big)
        + \sum_i \big(f_i\, x_i^\dagger + f_i^* x_i\big),

with :math:`h` Hermitian (detunings, beam-splitter couplings), :math:`s` symmetric (squeezing)
and :math:`f` the drives, and linear jump operators
:math:`L_k = \sum_j w_{kj} A_j` over :math:`A = (x_1, \dots, x_N, x_1^\dagger, \dots,
x_N^\dagger)`.  The dissipators :math:`\sum_k \gamma_k D[L_k]` are kept in Kossakowski form

.. math::

    \sum_k \gamma_k D[L_k]\rho = \sum_{ij} C_{ij}\big(A_j \rho A_i^\dagger
        - \tfrac12\{A_i^\dagger A_j, \rho\}\big), \qquad
    C = \sum_k \gamma_k\, w_k^* w_k^T,

a :math:`2N \times 2N` Hermitian positive semidefinite matrix.  Its blocks are
:math:`G_u = C_{xx}` (:math:`(G_u)_{ij} = \sum_k\gamma_k u_{ki}^* u_{kj}`), :math:`C_{x^\dagger
x^\dagger} = G_v^T` (:math:`(G_v)_{ij} = \sum_k \gamma_k v_{ki} v_{kj}^*`) and the mixed blocks,
which are non-zero only for jumps mixing annihilation and creation operators.

The Heisenberg-picture generator in this form (used by the moment stage),

.. math::

    \frac{d\langle X\rangle}{dt} = \Big\langle i[H, X] + \sum_{ij} C_{ij}\big(A_i^\dagger X A_j
        - \tfrac12\{A_i^\dagger A_j, X\}\big)\Big\rangle,

needs no diagonalisation of :math:`C`, so an effective model (whose :math:`C` is a dense
rational matrix) is treated exactly like a model read from a file.  Any term outside the class
(a cubic or quartic Hamiltonian term, a non-linear jump operator) is refused here: its moment
equations do not close.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..model import algebra as alg
from ..model.algebra import Poly
from ..model.spec import ModelError, ModelSpec

__all__ = [
    "QuadraticForm",
    "quadratic_form",
    "ladder_vector",
    "hamiltonian_poly",
    "dissipator_terms",
    "jump_vectors",
    "channel_keys",
    "model_where",
    "DEGREE_NAMES",
]

#: Names of polynomial degrees, for the refusal message.
DEGREE_NAMES = {3: "cubic", 4: "quartic", 5: "quintic", 6: "sextic"}


@dataclass(frozen=True)
class QuadraticForm:
    r"""A Gaussian model in matrix form (see the module docstring).

    Attributes:
        modes: mode names, in matrix order.
        h: :math:`N\times N` Hermitian matrix of :math:`\sum h_{ij} x_i^\dagger x_j`.
        s: :math:`N\times N` symmetric squeezing matrix of
            :math:`\tfrac12\sum s_{ij} x_i^\dagger x_j^\dagger + \text{h.c.}`.
        f: :math:`N\times 1` drives of :math:`\sum f_i x_i^\dagger + \text{h.c.}`.
        C: :math:`2N\times 2N` Kossakowski matrix over :math:`A = (x, x^\dagger)`.
        energies: ``{mode: frequency}``, :math:`E_x = \omega_x \langle x^\dagger x\rangle`.
        params: parameter symbols by name.
    """

    modes: tuple[str, ...]
    h: sp.ImmutableMatrix
    s: sp.ImmutableMatrix
    f: sp.ImmutableMatrix
    C: sp.ImmutableMatrix
    energies: dict[str, sp.Expr]
    params: dict[str, sp.Symbol]

    @property
    def n(self) -> int:
        """Number of modes :math:`N`."""
        return len(self.modes)

    @property
    def G_u(self) -> sp.ImmutableMatrix:
        r"""Annihilation block :math:`G_u = C_{xx}`."""
        n = self.n
        return self.C[:n, :n]

    @property
    def G_v(self) -> sp.ImmutableMatrix:
        r"""Creation block :math:`G_v = (C_{x^\dagger x^\dagger})^T`."""
        n = self.n
        return self.C[n:, n:].T

    @property
    def K(self) -> sp.ImmutableMatrix:
        r""":math:`K = h - \tfrac{i}{2}(G_u - G_v)`: :math:`d\langle x\rangle/dt = -iK\langle
        x\rangle + \dots`."""
        return sp.ImmutableMatrix(self.h - sp.I / 2 * (self.G_u - self.G_v))

    @property
    def has_squeezing(self) -> bool:
        """Whether any :math:`s_{ij}` is non-zero."""
        return any(e != 0 for e in self.s)

    @property
    def has_mixed_dissipation(self) -> bool:
        """Whether the mixed (annihilation-creation) blocks of :math:`C` are non-zero."""
        n = self.n
        return any(e != 0 for e in self.C[:n, n:])


def _refuse_degree(key: alg.Key, coeff: sp.Expr, where: str) -> ModelError:
    deg = sum(a + b for _, a, b in key)
    name = DEGREE_NAMES.get(deg, f"of degree {deg}")
    term = alg.poly_text({key: coeff})
    return ModelError(
        f"{where}: the moment equations do not close: {term} is {name}; nrqb handles "
        "quadratic Hamiltonians and linear jump operators"
    )


def model_where(spec: ModelSpec) -> str:
    """How refusals name the model: its file (``ModelSpec.path``), else its name; the parser's
    messages start the same way (``FILE: KEY: reason at 'TOKEN'``)."""
    return str(spec.path) if spec.path is not None else spec.name


def channel_keys(spec: ModelSpec) -> list[tuple[str, str]]:
    """``[(key, text)]`` per channel: the model-file key ``dissipators[k].operator`` (counted
    from 0, as the parser does) and the operator as written."""
    return [
        (f"dissipators[{k}].operator", ch.operator_text or alg.poly_text(ch.operator))
        for k, ch in enumerate(spec.channels)
    ]


def _is_zero(e: sp.Expr) -> bool:
    return sp.expand(e) == 0


def quadratic_form(spec: ModelSpec) -> QuadraticForm:
    r"""Read :math:`h, s, f` off the normal-ordered Hamiltonian and build :math:`C` from the
    channels.

    The monomial :math:`x_i^\dagger x_j` contributes its coefficient to :math:`h_{ij}`;
    :math:`x_i^\dagger x_j^\dagger` (:math:`i \ne j`) is :math:`s_{ij} = s_{ji}`;
    :math:`x_i^{\dagger 2}` is :math:`\tfrac12 s_{ii}`; :math:`x_i^\dagger` is :math:`f_i`.  The
    annihilating monomials must be the adjoints (Hermiticity is checked).  A channel
    :math:`\gamma_k D[L_k]`, :math:`L_k = \sum_j u_{kj}x_j + v_{kj}x_j^\dagger`, adds
    :math:`\gamma_k w_k^* w_k^T`, :math:`w_k = (u_k, v_k)`, to :math:`C`.

    Raises:
        ModelError: a term of degree above two, a non-linear jump operator, a non-Hermitian
            Hamiltonian, or an operator on an undeclared mode.
    """
    modes = tuple(spec.modes)
    where = model_where(spec)
    idx = {m: i for i, m in enumerate(modes)}
    n = len(modes)
    h = sp.zeros(n, n)
    s = sp.zeros(n, n)
    f = sp.zeros(n, 1)
    conj_s = sp.zeros(n, n)  # coefficients of x_i x_j, to check against s^*
    conj_f = sp.zeros(n, 1)
    for key, coeff in spec.hamiltonian.items():
        for m, _, _ in key:
            if m not in idx:
                raise ModelError(
                    f"{where}: hamiltonian: unknown mode {m!r} at {alg.key_text(key)!r}"
                )
        deg = sum(a + b for _, a, b in key)
        if deg == 0:
            continue  # an energy offset does not enter any equation of motion
        if deg > 2:
            raise _refuse_degree(key, coeff, f"{where}: hamiltonian")
        cre = [(m, a) for m, a, _ in key if a]
        ann = [(m, b) for m, _, b in key if b]
        if deg == 1:
            if cre:
                f[idx[cre[0][0]]] += coeff
            else:
                conj_f[idx[ann[0][0]]] += coeff
        elif cre and ann:
            h[idx[cre[0][0]], idx[ann[0][0]]] += coeff
        elif cre:
            if cre[0][1] == 2:
                i = idx[cre[0][0]]
                s[i, i] += 2 * coeff
            else:
                i, j = idx[cre[0][0]], idx[cre[1][0]]
                s[i, j] += coeff
                s[j, i] += coeff
        else:
            if ann[0][1] == 2:
                i = idx[ann[0][0]]
                conj_s[i, i] += 2 * coeff
            else:
                i, j = idx[ann[0][0]], idx[ann[1][0]]
                conj_s[i, j] += coeff
                conj_s[j, i] += coeff
    for i in range(n):
        if (conj_f[i] != 0 or f[i] != 0) and not _is_zero(conj_f[i] - sp.conjugate(f[i])):
            raise ModelError(
                f"{where}: hamiltonian is not Hermitian: the coefficient of {modes[i]} is "
                f"not the conjugate of that of dag({modes[i]})"
            )
        for j in range(n):
            if h[j, i] == 0 and h[i, j] == 0 and conj_s[i, j] == 0 and s[i, j] == 0:
                continue  # most pairs of a large network are not coupled
            if not _is_zero(h[j, i] - sp.conjugate(h[i, j])):
                raise ModelError(
                    f"{where}: hamiltonian is not Hermitian: the coefficients of "
                    f"{modes[i]}'{modes[j]} and {modes[j]}'{modes[i]} are not conjugate"
                )
            if not _is_zero(conj_s[i, j] - sp.conjugate(s[i, j])):
                raise ModelError(
                    f"{where}: hamiltonian is not Hermitian: the coefficients of "
                    f"{modes[i]}'{modes[j]}' and {modes[i]}{modes[j]} are not conjugate"
                )
    acc: dict[tuple[int, int], list[sp.Expr]] = {}
    for ch, (key, text) in zip(spec.channels, channel_keys(spec), strict=True):
        w = _jump_vector(ch.operator, idx, f"{where}: {key}", text)
        support = [k for k in range(2 * n) if w[k] != 0]  # C += rate w^* w^T, non-zeros only
        for a in support:
            for b in support:
                acc.setdefault((a, b), []).append(ch.rate * sp.conjugate(w[a]) * w[b])
    C = sp.zeros(2 * n, 2 * n)
    for (a, b), terms in acc.items():
        C[a, b] = sp.expand(sp.Add(*terms))
    return QuadraticForm(
        modes=modes,
        h=sp.ImmutableMatrix(h),
        s=sp.ImmutableMatrix(s),
        f=sp.ImmutableMatrix(f),
        C=sp.ImmutableMatrix(C),
        energies=dict(spec.energies),
        params=spec.symbols,
    )


def _jump_vector(op: Poly, idx: dict[str, int], where: str, text: str = "") -> sp.Matrix:
    """The vector :math:`w` of a linear jump operator :math:`L = w \\cdot A` (``where`` and
    ``text``, the operator as written, name it in a refusal)."""
    token = text or alg.poly_text(op)
    n = len(idx)
    w = sp.zeros(2 * n, 1)
    for key, coeff in op.items():
        deg = sum(a + b for _, a, b in key)
        if deg != 1:
            raise ModelError(
                f"{where}: the jump operator is not linear in the mode operators "
                f"(term {alg.poly_text({key: coeff})}); nrqb handles quadratic Hamiltonians and "
                f"linear jump operators at {token!r}"
            )
        ((m, a, _),) = key
        if m not in idx:
            raise ModelError(f"{where}: unknown mode {m!r} at {token!r}")
        w[idx[m] + (n if a else 0)] += coeff
    return w


def jump_vectors(spec: ModelSpec) -> list[tuple[sp.Expr, sp.Matrix]]:
    r"""``[(gamma_k, w_k)]`` for the spec's channels, :math:`L_k = w_k\cdot A`."""
    idx = {m: i for i, m in enumerate(spec.modes)}
    where = model_where(spec)
    return [
        (ch.rate, _jump_vector(ch.operator, idx, f"{where}: {key}", text))
        for ch, (key, text) in zip(spec.channels, channel_keys(spec), strict=True)
    ]


def ladder_vector(modes: tuple[str, ...]) -> list[Poly]:
    r""":math:`A = (x_1, \dots, x_N, x_1^\dagger, \dots, x_N^\dagger)` as polynomials."""
    return [alg.ladder(m) for m in modes] + [alg.ladder(m, dag=True) for m in modes]


def hamiltonian_poly(qf: QuadraticForm) -> Poly:
    r"""The Hamiltonian back as a normal-ordered polynomial (inverse of :func:`quadratic_form`
    up to the identity term)."""
    a = ladder_vector(qf.modes)
    n = qf.n
    terms: list[Poly] = []
    for i in range(n):
        ad_i = a[n + i]
        if qf.f[i] != 0:
            terms.append(alg.scale(qf.f[i], ad_i))
            terms.append(alg.scale(sp.conjugate(qf.f[i]), a[i]))
        for j in range(n):
            if qf.h[i, j] != 0:
                terms.append(alg.scale(qf.h[i, j], alg.mul(ad_i, a[j])))
            if qf.s[i, j] != 0:
                half = sp.S.Half * qf.s[i, j]
                terms.append(alg.scale(half, alg.mul(ad_i, a[n + j])))
                terms.append(alg.scale(sp.conjugate(half), alg.mul(a[i], a[j])))
    return alg.add(*terms)


def dissipator_terms(qf: QuadraticForm) -> list[tuple[sp.Expr, Poly, Poly]]:
    r"""The non-zero Kossakowski terms ``[(C_ij, A_i, A_j)]``: the dissipators are
    :math:`\sum C_{ij}(A_j\rho A_i^\dagger - \tfrac12\{A_i^\dagger A_j, \rho\})` (no
    diagonalisation of :math:`C` needed)."""
    a = ladder_vector(qf.modes)
    out = []
    for i in range(2 * qf.n):
        for j in range(2 * qf.n):
            if qf.C[i, j] != 0:
                out.append((qf.C[i, j], a[i], a[j]))
    return out
