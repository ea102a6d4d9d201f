r"""Stage for non-Gaussian models - closed moment equations by cumulant expansion.

**Generator.**  The model's Lindbladian, after any elimination of linear modes, is held as
coefficient *atoms* (SymPy expressions in the parameters) times unit monomials:

.. math::

    \mathcal L^\dagger X = i\sum_h \eta_h [K_h, X]
        + \sum_d \gamma_d\big(K_{d,i}^\dagger X K_{d,j}
        - \tfrac12 K_{d,i}^\dagger K_{d,j} X - \tfrac12 X K_{d,i}^\dagger K_{d,j}\big),

with :math:`H = \sum_h \eta_h K_h` and the dissipators :math:`\sum_k \gamma_k D[L_k]`,
:math:`L_k = \sum_a w_{ka} K_a`, in Kossakowski form (atoms :math:`\gamma_k w_{ka}^* w_{kb}`).
Products of monomials use the integer algebra of :mod:`nrqb_sym.model.algebra` (bosons and
two-level modes), so the equations are derived without SymPy: an equation is a dictionary
``{moment monomial: {atom: complex weight}}`` with weights in :math:`\tfrac12\mathbb Z[i]`
(exact in double precision).

**Order.**  The order of a normal-ordered monomial counts its boson ladder operators and one
per two-level factor (:math:`q`, :math:`q^\dagger` and :math:`q^\dagger q` each count one, as
QuantumCumulants.jl counts transition operators), so mean field (order 1) keeps populations.

**Completion.**  Starting from :math:`\langle x\rangle` for every mode, :math:`\langle
q^\dagger q\rangle` for two-level modes and (order :math:`\ge 2`) :math:`\langle x^\dagger
x\rangle` for bosons, every moment of order :math:`\le N` met on a right-hand side (directly or
inside a closure) is added; of each conjugate pair :math:`\langle K\rangle,
\langle K^\dagger\rangle = \langle K\rangle^*` one is kept.

**Closure.**  A moment of order :math:`M > N` is written through its factors
:math:`X_1\cdots X_M` (units as counted above) by setting the joint cumulant to zero,

.. math::

    \kappa(X_1, \dots, X_M) = \sum_P (|P|-1)!\,(-1)^{|P|-1}\prod_{B\in P}
        \Big\langle\prod_{i\in B}X_i\Big\rangle = 0,

and solving for the :math:`P = \{1..M\}` term; blocks of order above :math:`N` are expanded the
same way (memoised), so all cumulants above :math:`N` vanish.  Blocks stay normal ordered
(operators of one mode keep their order, different modes commute).

**Budget.**  :func:`estimate_count` bounds the number of equations (all normal-ordered
monomials of order :math:`\le N` of the kept modes, one per conjugate pair) before any algebra;
a model past :data:`EQUATION_BUDGET` is refused with that number.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

import sympy as sp

from ..model import algebra as alg
from ..model.algebra import Key
from ..model.spec import ModelError, ModelSpec

__all__ = [
    "EQUATION_BUDGET",
    "Generator",
    "CumulantSystem",
    "Var",
    "order_of",
    "adjoint_key",
    "canonical",
    "estimate_count",
    "generator_of",
    "act",
    "closure",
    "cumulant_system",
    "key_name",
]

#: Most equations derived (the estimate of :func:`estimate_count` is checked first).
EQUATION_BUDGET = 3000

#: ``{atom index: complex weight}``: a coefficient linear in the atoms.
Coef = dict[int, complex]
#: A moment variable in an equation: ``(index, conjugated)``.
Var = tuple[int, bool]
#: A product of moment variables (sorted, with repetition); ``()`` is 1.
Mono = tuple[Var, ...]


def order_of(key: Key, two_level: frozenset[str]) -> int:
    """Order of a monomial: boson ladder operators, plus one per two-level factor."""
    return sum(1 if m in two_level else p + q for m, p, q in key)


def adjoint_key(key: Key) -> Key:
    """The monomial of :math:`K^\\dagger` (still normal ordered)."""
    return tuple((m, q, p) for m, p, q in key)


def _rank(key: Key) -> tuple:
    """Of a conjugate pair the one with annihilation operators first is kept (``<a>``, not
    ``<a'>``)."""
    return (sum(p + q for _, p, q in key), tuple((m, p, -q) for m, p, q in key))


def canonical(key: Key) -> tuple[Key, bool]:
    """The representative of ``{K, K^dagger}`` and whether ``key`` is its adjoint."""
    adj = adjoint_key(key)
    if adj == key:
        return key, False
    return (key, False) if _rank(key) <= _rank(adj) else (adj, True)


def key_name(key: Key) -> str:
    """``<b'b'bb>`` notation of a moment."""
    return f"<{alg.key_text(key)}>"


# ----------------------------------------------------------------------------- the generator
@dataclass(frozen=True)
class Generator:
    """The Lindbladian as atoms times unit monomials (module docstring).

    Attributes:
        modes: the kept modes; two_level: those that are two-level systems.
        atoms: SymPy coefficient expressions in the parameters.
        hamiltonian: ``((K_h, atom), ...)``.
        dissipators: ``((atom, K_i, K_j), ...)`` for :math:`\\gamma(K_i^\\dagger X K_j - ...)`.
        energies: ``{mode: omega}``.
        collective: the effective jump operators written out, for the documents.
    """

    modes: tuple[str, ...]
    two_level: frozenset[str]
    atoms: tuple[sp.Expr, ...]
    hamiltonian: tuple[tuple[Key, int], ...]
    dissipators: tuple[tuple[int, Key, Key], ...]
    energies: dict[str, sp.Expr] = field(default_factory=dict, compare=False)
    hamiltonian_poly: dict = field(default_factory=dict, compare=False)
    kossakowski: tuple = field(default=(), compare=False)


class _Atoms:
    def __init__(self) -> None:
        self.index: dict[sp.Expr, int] = {}

    def __call__(self, expr: sp.Expr) -> int:
        expr = sp.sympify(expr)
        if expr not in self.index:
            self.index[expr] = len(self.index)
        return self.index[expr]


def _split(spec: ModelSpec):
    """The linear part of ``spec`` (Hamiltonian terms of degree <= 2, linear jumps) as a spec of
    the Gaussian class, and the rest: ``(linear spec, nonlinear H terms, nonlinear channels)``."""
    H_lin = {k: c for k, c in spec.hamiltonian.items() if sum(p + q for _, p, q in k) <= 2}
    H_nl = {k: c for k, c in spec.hamiltonian.items() if k not in H_lin}
    lin = tuple(
        ch for ch in spec.channels if all(sum(p + q for _, p, q in k) == 1 for k in ch.operator)
    )
    nl = tuple(ch for ch in spec.channels if not any(ch is c for c in lin))
    linear = replace(spec, hamiltonian=H_lin, channels=lin, two_level=(), order=None)
    return linear, H_nl, nl


def _refuse_nonlinear_elimination(spec: ModelSpec, H_nl, nl) -> None:
    from .quadratic import model_where

    where = model_where(spec)
    gone = set(spec.eliminate)
    for k, c in H_nl.items():
        hit = sorted({m for m, _, _ in k} & gone)
        if hit:
            raise ModelError(
                f"{where}: eliminate: {hit[0]} enters the Hamiltonian nonlinearly "
                f"({alg.poly_text({k: c})}); only a mode that enters linearly can be eliminated "
                f"at {hit[0]!r}"
            )
    for i, ch in enumerate(spec.channels):
        if any(ch is c for c in nl):
            hit = sorted({m for k in ch.operator for m, _, _ in k} & gone)
            if hit:
                raise ModelError(
                    f"{where}: dissipators[{i}].operator: the eliminated mode {hit[0]} is in a "
                    f"nonlinear jump operator; only a mode that enters linearly can be "
                    f"eliminated at {ch.operator_text!r}"
                )


def generator_of(spec: ModelSpec) -> tuple[Generator, object]:
    """The kept-mode generator of ``spec``: the linear part through the quadratic form and, when
    modes are eliminated, the reduction of :mod:`nrqb_sym.derive.reduction` (the eliminated
    modes couple linearly to kept operators, two-level ones included); the nonlinear terms,
    which involve kept modes only, are added unchanged.

    Returns:
        ``(generator, reduction or None)``.
    """
    from .quadratic import (
        channel_keys,
        dissipator_terms,
        hamiltonian_poly,
        jump_vectors,
        model_where,
        quadratic_form,
    )
    from .reduction import reduce_model

    linear, H_nl, nl = _split(spec)
    reduction = None
    full = quadratic_form(linear)
    qf = full
    if spec.eliminate:
        _refuse_nonlinear_elimination(spec, H_nl, nl)
        channels = [
            (key, text, w)
            for (key, text), (_, w) in zip(channel_keys(linear), jump_vectors(linear), strict=True)
        ]
        # reduce_model refuses what cannot be eliminated (check_elimination's rules) first
        reduction = reduce_model(full, tuple(spec.eliminate), channels, where=model_where(spec))
        qf = reduction.effective
    two = frozenset(spec.two_level)
    atoms = _Atoms()
    H = alg.add(hamiltonian_poly(qf), H_nl)
    hamiltonian = tuple((k, atoms(c)) for k, c in sorted(H.items()))
    diss: list[tuple[int, Key, Key]] = []
    kossakowski = []
    for c, ai, aj in dissipator_terms(qf):
        ((ki, ci),) = ai.items()
        ((kj, cj),) = aj.items()
        coeff = c * sp.conjugate(ci) * cj
        diss.append((atoms(coeff), ki, kj))
        kossakowski.append((coeff, ki, kj))
    for ch in nl:
        op = alg.reduce_two_level(ch.operator, two)
        for ka, ca in sorted(op.items()):
            for kb, cb in sorted(op.items()):
                coeff = ch.rate * sp.conjugate(ca) * cb
                diss.append((atoms(coeff), ka, kb))
                kossakowski.append((coeff, ka, kb))
    gen = Generator(
        modes=tuple(spec.kept),
        two_level=two,
        atoms=tuple(atoms.index),
        hamiltonian=hamiltonian,
        dissipators=tuple(diss),
        energies={m: w for m, w in spec.energies.items() if m in spec.kept},
        hamiltonian_poly=H,
        kossakowski=tuple(kossakowski),
    )
    return gen, reduction


# ----------------------------------------------------------------------------- the algebra
@lru_cache(maxsize=65536)
def _products(k1: Key, k2: Key, two: frozenset[str]) -> tuple[tuple[int, Key], ...]:
    return tuple(alg.key_product(k1, k2, two))


def _times(
    terms: Iterable[tuple[complex, Key]], k: Key, two: frozenset[str], left: bool = False
) -> list[tuple[complex, Key]]:
    out = []
    for w, x in terms:
        for v, y in _products(k, x, two) if left else _products(x, k, two):
            out.append((w * v, y))
    return out


@lru_cache(maxsize=65536)
def _h_action(hk: Key, xk: Key, two: frozenset[str]) -> tuple[tuple[Key, complex], ...]:
    """:math:`i[K_h, X]` on unit monomials."""
    acc: dict[Key, complex] = {}
    for w, k in _products(hk, xk, two):
        acc[k] = acc.get(k, 0) + 1j * w
    for w, k in _products(xk, hk, two):
        acc[k] = acc.get(k, 0) - 1j * w
    return tuple((k, w) for k, w in acc.items() if w != 0)


@lru_cache(maxsize=65536)
def _d_action(ik: Key, jk: Key, xk: Key, two: frozenset[str]) -> tuple[tuple[Key, complex], ...]:
    r""":math:`K_i^\dagger X K_j - \tfrac12\{K_i^\dagger K_j, X\}` on unit monomials."""
    idag = adjoint_key(ik)
    acc: dict[Key, complex] = {}
    for w, k in _times(_times([(1.0, idag)], xk, two), jk, two):
        acc[k] = acc.get(k, 0) + w
    ij = _times([(1.0, idag)], jk, two)
    for w, k in _times(ij, xk, two) + _times(ij, xk, two, left=True):
        acc[k] = acc.get(k, 0) - 0.5 * w
    return tuple((k, w) for k, w in acc.items() if w != 0)


def act(gen: Generator, key: Key) -> dict[Key, Coef]:
    r""":math:`\mathcal L^\dagger K` for a unit monomial ``key``: ``{monomial: {atom: weight}}``
    (exact: no truncation)."""
    two = gen.two_level
    out: dict[Key, Coef] = {}

    def put(k: Key, atom: int, w: complex) -> None:
        c = out.setdefault(k, {})
        c[atom] = c.get(atom, 0) + w

    for hk, atom in gen.hamiltonian:
        for k, w in _h_action(hk, key, two):
            put(k, atom, w)
    for atom, ik, jk in gen.dissipators:
        for k, w in _d_action(ik, jk, key, two):
            put(k, atom, w)
    return _clean(out)


def _clean(out: dict[Key, Coef]) -> dict[Key, Coef]:
    res = {}
    for k, c in out.items():
        c = {a: w for a, w in c.items() if w != 0}
        if c:
            res[k] = c
    return res


# ----------------------------------------------------------------------------- the closure
def _units(key: Key, two: frozenset[str]) -> list[Key]:
    """The factors of a monomial, one per operator (one per two-level factor)."""
    out: list[Key] = []
    for m, p, q in key:
        if m in two:
            out.append(((m, p, q),))
        else:
            out += [((m, 1, 0),)] * p + [((m, 0, 1),)] * q
    return out


def _merge(units: list[Key]) -> Key:
    acc: dict[str, list[int]] = {}
    for ((m, p, q),) in units:
        e = acc.setdefault(m, [0, 0])
        e[0] += p
        e[1] += q
    return tuple((m, p, q) for m, (p, q) in sorted(acc.items()))


def _partitions(n: int):
    """Set partitions of ``range(n)`` as lists of blocks (restricted growth strings)."""
    if n == 0:
        yield []
        return
    for part in _partitions(n - 1):
        for i in range(len(part)):
            yield [*part[:i], [*part[i], n - 1], *part[i + 1 :]]
        yield [*part, [n - 1]]


@lru_cache(maxsize=65536)
def closure(key: Key, order: int, two: frozenset[str]) -> tuple[tuple[tuple[Key, ...], int], ...]:
    """:math:`\\langle K\\rangle` as ``((blocks, integer weight), ...)`` with every block of order
    :math:`\\le` ``order`` (``key`` itself when its order is within ``order``)."""
    if order_of(key, two) <= order:
        return (((key,), 1),)
    units = _units(key, two)
    acc: dict[tuple[Key, ...], int] = {}
    for part in _partitions(len(units)):
        if len(part) == 1:
            continue
        w = -math.factorial(len(part) - 1) * (-1) ** (len(part) - 1)
        terms: list[tuple[tuple[Key, ...], int]] = [((), w)]
        for block in part:
            sub = closure(_merge([units[i] for i in block]), order, two)
            terms = [(tuple(sorted(b + bs)), tw * sw) for b, tw in terms for bs, sw in sub]
        for b, tw in terms:
            acc[b] = acc.get(b, 0) + tw
    return tuple((b, w) for b, w in sorted(acc.items()) if w != 0)


# ----------------------------------------------------------------------------- the budget
def estimate_count(modes: Iterable[str], two_level: Iterable[str], order: int) -> int:
    """Upper bound on the number of equations: normal-ordered monomials of order 1..``order``,
    one per conjugate pair (self-adjoint ones counted once)."""
    two = set(two_level)
    total = [1] + [0] * order  # monomials by order
    selfadj = [1] + [0] * order
    for m in modes:
        if m in two:
            per, per_sa = {1: 3}, {1: 1}
        else:
            per = {d: d + 1 for d in range(1, order + 1)}
            per_sa = {d: 1 for d in range(2, order + 1, 2)}
        for table, add in ((total, per), (selfadj, per_sa)):
            new = list(table)
            for d in range(order + 1):
                for e, n in add.items():
                    if d + e <= order:
                        new[d + e] += table[d] * n
            table[:] = new
    return (sum(total[1:]) + sum(selfadj[1:])) // 2


# ----------------------------------------------------------------------------- the system
@dataclass(frozen=True)
class CumulantSystem:
    r"""Closed moment equations of one model at one order.

    Attributes:
        spec: the model; order: the cumulant order.
        generator: the kept-mode generator (atoms and unit monomials).
        reduction: the elimination result (:class:`~nrqb_sym.derive.reduction.Reduction`) or
            ``None``.
        moments: the kept moments :math:`\langle K_i\rangle` (canonical monomials), in order.
        real: which of them are real (self-adjoint monomials).
        raw: ``{K_i: {monomial: {atom: weight}}}``, :math:`\mathcal L^\dagger K_i` before
            truncation.
        equations: ``{i: {Mono: {atom: weight}}}``, the closed right-hand sides.
        closed: monomials of order above ``order`` met, with their closure.
        estimate: the bound of :func:`estimate_count`.
    """

    spec: ModelSpec
    order: int
    generator: Generator
    reduction: object
    moments: tuple[Key, ...]
    real: tuple[bool, ...]
    raw: dict[Key, dict[Key, Coef]]
    equations: tuple[dict[Mono, Coef], ...]
    closed: dict[Key, tuple]
    estimate: int
    seconds: float = 0.0

    @cached_property
    def index(self) -> dict[Key, int]:
        return {k: i for i, k in enumerate(self.moments)}

    def expand(self, key: Key) -> dict[Mono, complex]:
        """:math:`\\langle K\\rangle` of any monomial as a polynomial in the moment variables
        (closure applied); integer weights."""
        return _expand(key, self.order, self.generator.two_level, self.index)

    def atom_values(self, values: Mapping[str, float]) -> list[complex]:
        """The atoms at a parameter point ``{name: value}`` (double precision)."""
        from ..model.spec import numeric_value

        symbols = {p.symbol: float(values[n]) for n, p in self.spec.parameters.items()}
        return [numeric_value(a, symbols) for a in self.generator.atoms]

    def derivative(self, key: Key) -> dict[Mono, Coef]:
        """:math:`d\\langle K\\rangle/dt` of any monomial, closed (e.g. powers of energies)."""
        return _close(act(self.generator, key), self.order, self.generator.two_level, self.index)


def _var(key: Key, index: Mapping[Key, int]) -> Var:
    rep, conj = canonical(key)
    i = index[rep]
    return (i, conj and adjoint_key(rep) != rep)


def _expand(key: Key, order: int, two, index) -> dict[Mono, complex]:
    out: dict[Mono, complex] = {}
    for blocks, w in closure(key, order, two):
        mono = tuple(sorted(_var(b, index) for b in blocks if b))
        out[mono] = out.get(mono, 0) + w
    return {m: w for m, w in out.items() if w != 0}


def _close(rhs: Mapping[Key, Coef], order: int, two, index) -> dict[Mono, Coef]:
    eq: dict[Mono, Coef] = {}
    for k, coef in rhs.items():
        for mono, w in _expand(k, order, two, index).items():
            c = eq.setdefault(mono, {})
            for a, v in coef.items():
                c[a] = c.get(a, 0) + w * v
    return {
        m: c for m, c in ((m, {a: v for a, v in c.items() if v != 0}) for m, c in eq.items()) if c
    }


def _seeds(gen: Generator, order: int) -> list[Key]:
    out = []
    for m in gen.modes:
        out.append(((m, 0, 1),))
        if m in gen.two_level or order >= 2:
            out.append(((m, 1, 1),))
    return out


def cumulant_system(spec: ModelSpec, order: int | None = None) -> CumulantSystem:
    """Derive the closed moment equations of ``spec`` at ``order`` (default ``spec.order``).

    Raises:
        ModelError: past :data:`EQUATION_BUDGET` (by the estimate, before any algebra), or an
            elimination that is refused.
    """
    import time

    from .quadratic import model_where

    t0 = time.perf_counter()
    order = spec.order if order is None else order
    if order is None or order < 1:
        raise ValueError("cumulant_system needs an order >= 1")
    estimate = estimate_count(spec.kept, spec.two_level, order)
    if estimate > EQUATION_BUDGET:
        raise ModelError(
            f"{model_where(spec)}: order: up to {estimate} moment equations at order {order} "
            f"for {len(spec.kept)} modes, above the budget of {EQUATION_BUDGET}; lower the order "
            f"at {str(order)!r}"
        )
    gen, reduction = generator_of(spec)
    two = gen.two_level
    moments: dict[Key, None] = {}
    queue: list[Key] = []

    def add(key: Key) -> None:
        rep, _ = canonical(key)
        if rep and rep not in moments:
            moments[rep] = None
            queue.append(rep)

    for k in _seeds(gen, order):
        add(k)
    raw: dict[Key, dict[Key, Coef]] = {}
    closed: dict[Key, tuple] = {}
    while queue:
        key = queue.pop(0)
        rhs = act(gen, key)
        raw[key] = rhs
        for k in rhs:
            if order_of(k, two) <= order:
                add(k)
            else:
                closed[k] = closure(k, order, two)
                for blocks, _ in closed[k]:
                    for b in blocks:
                        add(b)
    keys = tuple(moments)
    index = {k: i for i, k in enumerate(keys)}
    equations = tuple(_close(raw[k], order, two, index) for k in keys)
    return CumulantSystem(
        spec=spec,
        order=order,
        generator=gen,
        reduction=reduction,
        moments=keys,
        real=tuple(adjoint_key(k) == k for k in keys),
        raw=raw,
        equations=equations,
        closed=closed,
        estimate=estimate,
        seconds=time.perf_counter() - t0,
    )
