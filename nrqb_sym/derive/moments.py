r"""Generic stage 3 - moment equations of a Gaussian model: first moments and the covariance.

**First moments.**  For every mode :math:`x_i` the right-hand side of

.. math::

    \frac{d\langle X\rangle}{dt} = \Big\langle i[H, X] + \sum_{ij} C_{ij}\big(A_i^\dagger X A_j
        - \tfrac12\{A_i^\dagger A_j, X\}\big)\Big\rangle

at :math:`X = x_i` is derived with the normal-ordered algebra of :mod:`nrqb_sym.model.algebra`
(:func:`adjoint_generator`; Kossakowski form of :mod:`nrqb_sym.derive.quadratic`).  For a
quadratic :math:`H` and linear jumps it is affine in :math:`A = (x, x^\dagger)`:

.. math::

    \frac{d\langle x_i\rangle}{dt} = \sum_j (M_1)_{ij}\langle A_j\rangle + f_i ,

the :math:`N\times 2N` rows :math:`M_{1x}` (the :math:`x^\dagger` rows are their conjugates).
Without squeezing and mixed jumps the :math:`\langle x^\dagger\rangle` columns vanish and the
:math:`\langle x\rangle` block is :math:`M = -iK`, :math:`K = h - \tfrac{i}{2}(G_u - G_v)`.

**Covariance (Lyapunov form).**  The generator obeys a product rule with one extra term for
linear jump operators,
:math:`\mathcal L^\dagger(XY) = \mathcal L^\dagger(X)Y + X\mathcal L^\dagger(Y) +
\sum_{ij}C_{ij}[A_i^\dagger, X][Y, A_j]`, and the commutators of ladder operators are numbers,
:math:`[A_k, A_l] = \Omega_{kl}`, :math:`\Omega = \begin{pmatrix}0 & I\\-I & 0\end{pmatrix}`.  So the
normal-ordered covariance :math:`\Sigma_{kl} = \langle{:}\delta A_k\,\delta A_l{:}\rangle` obeys

.. math::

    \dot\Sigma = M_1\Sigma + \Sigma M_1^T + D_n, \qquad
    D_n = (P\Omega)^T C\,\Omega^T + M_1\Lambda + \Lambda M_1^T,

with :math:`P` the permutation :math:`A_i^\dagger = A_{\sigma(i)}` and :math:`\Lambda_{i,N+i} = 1`
(the normal-ordering shift :math:`x_ix_i^\dagger = x_i^\dagger x_i + 1`); entrywise
:math:`(D_n)_{kl} = s_{\sigma(k)}s_l\,C_{k\sigma(l)} + [l > N]\,(M_1)_{k,l-N} + [k \le N]\,(M_1)_{l,N+k}`,
:math:`s_a = \pm1` for annihilation/creation.  :math:`D_n` vanishes for passive networks with
vacuum baths (a coherent state stays coherent).  This is what the kernels print: the
:math:`N\times 2N` rows, the drives and :math:`D_n`, whose sizes grow like the model, not like
the :math:`2N^2 + 3N` moments.

**Entry by entry** (small models only, :data:`MOMENT_BUDGET`): every first and second moment

.. math::

    z = \big(\langle x_i\rangle,\ \langle x_i^\dagger\rangle,\ \langle x_i^\dagger x_j\rangle
        \ (\text{all } i, j),\ \langle x_i x_j\rangle\ (i \le j),\
        \langle x_i^\dagger x_j^\dagger\rangle\ (i \le j)\big)

with its own derived right-hand side, the affine system :math:`\dot z = A z + b` of the
derivation documents (and of the tests, which check it against the Lyapunov form).

The operator algebra acts on monomials with unit coefficients (each product of two monomials is
computed once and cached) and the model's entries multiply the results.  Contributions to one
entry are grouped by denominator with expanded numerators (no polynomial gcd).
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
    "FirstMoments",
    "first_moments",
    "diffusion",
    "MOMENT_BUDGET",
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


#: Largest number of moments (:math:`2N^2 + 3N`) derived entry by entry (:math:`N \le 4`); larger
#: models keep the Lyapunov form only.
MOMENT_BUDGET = 44


@dataclass(frozen=True)
class FirstMoments:
    r"""The first-moment rows and the normal-ordered diffusion of one model.

    Attributes:
        modes: mode names (the order of :math:`x`).
        M1x: :math:`N\times 2N` matrix, :math:`d\langle x_i\rangle/dt = \sum_j (M_{1x})_{ij}
            \langle A_j\rangle + f_i` over :math:`A = (x, x^\dagger)`.
        f: :math:`N\times 1` drives.
        Dn: :math:`2N\times 2N` symmetric normal-ordered diffusion (module docstring).
        decoupled: whether the :math:`\langle x^\dagger\rangle` columns of :math:`M_{1x}` vanish
            (no squeezing, no mixed jumps: :math:`M = -iK`).
        passive: decoupled and :math:`D_n = 0` identically (a coherent state stays coherent for
            every parameter value).
    """

    modes: tuple[str, ...]
    M1x: sp.ImmutableMatrix
    f: sp.ImmutableMatrix
    Dn: sp.ImmutableMatrix
    decoupled: bool
    passive: bool

    @property
    def n(self) -> int:
        return len(self.modes)

    @property
    def M(self) -> sp.ImmutableMatrix:
        r"""The :math:`\langle x\rangle` block (:math:`N\times N`)."""
        return sp.ImmutableMatrix(self.M1x[:, : self.n])

    @property
    def M1(self) -> sp.ImmutableMatrix:
        r"""The whole :math:`2N\times 2N` first-moment drift over :math:`(x, x^\dagger)`."""
        n = self.n
        out = sp.zeros(2 * n, 2 * n)
        for i in range(n):
            for j in range(2 * n):
                e = self.M1x[i, j]
                if e != 0:
                    out[i, j] = e
                    out[n + i, (j + n) % (2 * n)] = sp.conjugate(e)
        return sp.ImmutableMatrix(out)

    @property
    def f1(self) -> sp.ImmutableMatrix:
        r"""Drives of :math:`(x, x^\dagger)`."""
        return sp.ImmutableMatrix([*self.f, *(sp.conjugate(e) for e in self.f)])


def first_moments(qf: QuadraticForm) -> FirstMoments:
    r"""Derive :math:`M_{1x}` and :math:`f` with the operator algebra and :math:`D_n` from them
    (module docstring).

    Raises:
        AssertionError: a right-hand side that is not affine in the ladder operators.
    """
    n = qf.n
    hamiltonian, diss = _model_terms(qf)
    column = {}
    for i, m in enumerate(qf.modes):
        column[((m, 0, 1),)] = i
        column[((m, 1, 0),)] = n + i
    M1x = sp.zeros(n, 2 * n)
    f = sp.zeros(n, 1)
    for i, m in enumerate(qf.modes):
        rhs = adjoint_generator(hamiltonian, diss, alg.ladder(m))
        for k, c in rhs.items():
            if k == alg.ONE:
                f[i] = tidy(c, FIRST_ROW_BUDGET)
            elif k in column:
                M1x[i, column[k]] = tidy(c, FIRST_ROW_BUDGET)
            else:
                raise AssertionError(f"d<{m}>/dt is not affine: {alg.poly_text(rhs)}")
    Dn = diffusion(qf.C, M1x)
    decoupled = all(M1x[i, j] == 0 for i in range(n) for j in range(n, 2 * n))
    passive = decoupled and all(e == 0 for e in Dn)
    return FirstMoments(
        modes=qf.modes,
        M1x=sp.ImmutableMatrix(M1x),
        f=sp.ImmutableMatrix(f),
        Dn=sp.ImmutableMatrix(Dn),
        decoupled=decoupled,
        passive=passive,
    )


def diffusion(C: sp.Matrix, M1x: sp.Matrix) -> sp.ImmutableMatrix:
    r""":math:`(D_n)_{kl} = s_{\sigma(k)}s_l C_{k\sigma(l)} + [l > N](M_1)_{k,l-N} +
    [k \le N](M_1)_{l,N+k}` (module docstring), from the Kossakowski matrix and the first-moment
    rows, visiting the non-zero entries only."""
    n = M1x.shape[0]
    m = 2 * n

    def sigma(a: int) -> int:
        return (a + n) % m

    def sign(a: int) -> int:
        return 1 if a < n else -1

    def row(k: int, j: int) -> sp.Expr:
        # (M_1)_{kj} for any row k of the whole drift: x' rows are conjugates of x rows
        if k < n:
            return M1x[k, j]
        return sp.conjugate(M1x[k - n, sigma(j)])

    # D_n is symmetric; its lower triangle (k >= l) needs no cancellation of the Hermitian
    # couplings (those enter only the x-x' block above the diagonal), so it is computed there
    # and mirrored.
    acc: dict[tuple[int, int], list[sp.Expr]] = {}

    def add(k: int, l: int, e: sp.Expr) -> None:
        if k >= l:
            acc.setdefault((k, l), []).append(e)

    for (k, b), c in sp.Matrix(C).todok().items():
        add(k, sigma(b), sign(sigma(k)) * sign(sigma(b)) * c)
    for k in range(m):
        for j in range(n):  # [l > N] term: l = N + j
            if k >= n + j and (e := row(k, j)) != 0:
                add(k, n + j, e)
    for l in range(n):
        for k in range(l, n):  # [k <= N] term: (M_1)_{l, N+k}, at k >= l (so l <= N too)
            if (e := row(l, n + k)) != 0:
                add(k, l, e)
    D = sp.zeros(m, m)
    for (k, l), terms in acc.items():
        D[k, l] = D[l, k] = _combine(terms)
    return sp.ImmutableMatrix(D)


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
