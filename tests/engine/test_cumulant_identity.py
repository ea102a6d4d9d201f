r"""The cumulant stage (:mod:`nrqb_sym.derive.cumulants`) against explicit matrices.

The reference (:mod:`operator_reference`) knows nothing of the package: the Hamiltonian and the
jump operators are built as matrices from the words of a drawn model
(:mod:`cumulant_strategies`), the same description that is written as the TOML text the package
parses.  Checks:

1. **Exact identity** (the key test): for every kept moment :math:`K` and a few monomials of its
   right-hand sides, :math:`\mathrm{Tr}(K\,\mathcal L\rho) = \sum_J c_J\,\mathrm{Tr}(J\rho)` with
   :math:`c_J` from ``cs.raw[K]`` (or ``act``) at the atom values, at a random density matrix
   supported where the truncated matrices are exact.  The same draw checks the *closed* equations:
   at a product of coherent states (bosons) and arbitrary states (two-level modes) every cumulant
   of order >= 2 vanishes, so ``cs.equations[i]`` at the exact moments (conjugates included) must
   equal :math:`\sum_J c_J\langle J\rangle`, with :math:`\langle J\rangle` a product of per-mode
   values (:math:`\bar\alpha^p\alpha^q`, :math:`\mathrm{Tr}(\sigma_+^p\sigma_-^q\rho_q)`).
2. **Closure where it is exact**: the closure at orders 1-4 of random monomials of order <= 5 at a
   coherent-coherent-qubit product state (matrices, cutoff 16); the order-2 closure (and
   ``cs.expand`` of an order-2 system) of monomials of order 3-5 at a two-mode Gaussian state
   built as a matrix (:func:`operator_reference.gaussian_two_mode`, a Gaussian unitary applied to
   a thermal state, cutoff 30; its moments of order <= 5 agree with cutoff 40 to ~1e-11 for the
   parameter ranges drawn), where mean field must fail (> 1e-4); hand-written closed forms on
   symbolic placeholders.
3. **Two-level algebra**: ``key_product`` and the expression parser against matrices (exact
   columns of a truncated boson and 2x2 two-level modes); ``q*q`` vanishes in a model.

Operators are sparse (no BLAS threads), so the file runs in ~15 s.  Each check was seen to fail
when the reference was broken on purpose (Hamiltonian sign, jump sandwich, anticommutator sign,
anti-normal order, phase conjugation, non-coherent or non-Gaussian states, conjugates dropped).
"""

from __future__ import annotations

import functools
import itertools

import numpy as np
import pytest
import sympy as sp
from cumulant_strategies import (
    HTerm,
    Jump,
    JumpTerm,
    RandomModel,
    random_models,
    seeded_model,
    word_text,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from operator_reference import (
    Means,
    Space,
    coherent_vector,
    exact_cutoff,
    expectation,
    gaussian_two_mode,
    lindblad,
    random_density,
    random_qubit,
    trace_size,
)

from nrqb_sym.derive.cumulants import act, closure, cumulant_system
from nrqb_sym.model.algebra import key_product
from nrqb_sym.model.errors import ModelError
from nrqb_sym.model.expressions import parse_expression
from nrqb_sym.model.spec import parse_spec

TOL = 1e-10


def _coef(c: dict[int, complex], atoms: list[complex]) -> complex:
    return sum(w * atoms[a] for a, w in c.items())


def _relative(got: complex, want: complex, size: float) -> float:
    """``|got - want|`` relative to ``size`` (the magnitude of the terms summed)."""
    d = abs(got - want)
    return d / size if size > 0 else d


def _key_of(entries) -> tuple:
    """The key of a product of normal-ordered factors of distinct modes, or of single units of
    one mode (exponents added per mode; for units the product is then normal ordered)."""
    acc: dict[str, list[int]] = {}
    for m, p, q in entries:
        e = acc.setdefault(m, [0, 0])
        e[0] += int(p)
        e[1] += int(q)
    return tuple((m, p, q) for m, (p, q) in sorted(acc.items()) if p or q)


# ----------------------------------------------------------------------------- 1. the identity
def identity_deviations(text: str, values: dict, model, seed: int) -> dict[str, float]:
    """Worst relative deviations of the raw identity and of the closed equations (module
    docstring, check 1) for one drawn model."""
    spec = parse_spec(text)
    cs = cumulant_system(spec, model.order)
    assert cs.order == model.order
    assert cs.generator.two_level == frozenset(model.two_level)
    atoms = cs.atom_values(values)
    rng = np.random.default_rng(seed)

    n_bosons = sum(m not in model.two_level for m in model.modes)
    support = 3 if n_bosons <= 2 else 2
    cutoff = exact_cutoff(support, model.h_degree, model.jump_degree)
    space = Space(model.modes, model.two_level, cutoff)
    assert space.dim <= 600
    rho = random_density(space, support, rng)
    H = space.polynomial(model.hamiltonian_terms())
    assert abs(H - H.conj().T).max() < 1e-14
    jumps = [(g, space.polynomial(terms)) for g, terms in model.jump_terms()]
    L_rho = lindblad(rho, H, jumps)

    mean = Means(space, rho)

    def identity(key, rhs) -> float:
        K = space.key(key)
        lhs = expectation(K, L_rho)  # Tr(K L[rho])
        terms = [_coef(c, atoms) * mean(J) for J, c in rhs.items()]
        size = sum(abs(t) for t in terms) + trace_size(K, L_rho)
        return _relative(lhs, sum(terms), size)

    worst_raw = max(identity(K, cs.raw[K]) for K in cs.moments)
    beyond = sorted({J for K in cs.moments for J in cs.raw[K]} - set(cs.moments) - {()})
    for i in rng.permutation(len(beyond))[:4]:
        worst_raw = max(worst_raw, identity(beyond[i], act(cs.generator, beyond[i])))

    # the closed equations at a product state (exact closure at every order)
    alphas = {m: 0.8 * rng.uniform() * np.exp(2j * np.pi * rng.uniform()) for m in model.modes}
    qubits = {m: random_qubit(rng) for m in model.two_level}

    def product(key) -> complex:
        out = 1.0 + 0j
        for m, p, q in key:
            if m in qubits:
                out *= np.trace(space.local_key(m, p, q) @ qubits[m])
            else:
                out *= np.conj(alphas[m]) ** p * alphas[m] ** q
        return complex(out)

    values_m = [product(k) for k in cs.moments]

    def monomial(mono) -> complex:
        out = 1.0 + 0j
        for i, conj in mono:
            out *= np.conj(values_m[i]) if conj else values_m[i]
        return out

    worst_closed = 0.0
    for i, K in enumerate(cs.moments):
        exact = [_coef(c, atoms) * product(J) for J, c in cs.raw[K].items()]
        closed = [_coef(c, atoms) * monomial(mono) for mono, c in cs.equations[i].items()]
        size = sum(abs(t) for t in exact) + sum(abs(t) for t in closed)
        worst_closed = max(worst_closed, _relative(sum(closed), sum(exact), size))
    for J in [beyond[i] for i in rng.permutation(len(beyond))[:6]]:
        got = sum(w * monomial(mono) for mono, w in cs.expand(J).items())
        worst_closed = max(worst_closed, _relative(got, product(J), abs(product(J)) + 1.0))
    return {"raw": worst_raw, "closed": worst_closed, "moments": len(cs.moments)}


@settings(max_examples=25, deadline=None)
@given(random_models(), st.integers(0, 2**32 - 1))
def test_adjoint_lindbladian_matches_matrices(drawn, seed):
    text, values, model = drawn
    dev = identity_deviations(text, values, model, seed)
    assert dev["raw"] <= TOL, (text, dev)
    assert dev["closed"] <= TOL, (text, dev)


@pytest.mark.parametrize("seed", range(8))
def test_adjoint_lindbladian_matches_matrices_large(seed):
    """A fixed sweep of the larger draws (2-3 modes, order 3-4), which Hypothesis' 25 examples
    may visit rarely."""
    text, values, model = seeded_model(1000 + seed, min_modes=2, min_order=3)
    dev = identity_deviations(text, values, model, seed)
    assert dev["raw"] <= TOL, (text, dev)
    assert dev["closed"] <= TOL, (text, dev)


def test_identity_on_the_documented_example():
    """The example model of the stage (Kerr boson with two-photon loss, coupled to a dephased
    two-level mode)."""
    a, ad, q, qd = ("a", False), ("a", True), ("q", False), ("q", True)
    model = RandomModel(
        modes=("a", "q"),
        two_level=("q",),
        order=3,
        hamiltonian=(
            HTerm("D", None, (ad, a)),
            HTerm("chi", None, (ad, ad, a, a)),
            HTerm("g", None, (ad, q)),
            HTerm("F", None, (a,)),
            HTerm("w", None, (qd, q)),
        ),
        jumps=(
            Jump("k", (JumpTerm(None, None, (a, a)),)),
            Jump("k", (JumpTerm(None, None, (qd, q)),)),
        ),
        values={"D": 0.3, "chi": 0.2, "g": 0.5, "F": 0.4, "w": 1.0, "k": 0.7},
        kinds={"D": "real", "chi": "real", "g": "real", "F": "real", "w": "real", "k": "positive"},
    )
    text = model.text()
    assert "g*(dag(a)*q + dag(q)*a)" in text
    dev = identity_deviations(text, dict(model.values), model, seed=7)
    assert dev["raw"] <= TOL and dev["closed"] <= TOL, dev


# ----------------------------------------------------------------------------- 2. the closure
PRODUCT_CUTOFF = 16


@functools.cache
def _product_space() -> Space:
    return Space(("a", "q", "b"), ("q",), PRODUCT_CUTOFF)


def _product_state(alphas: tuple[complex, complex], rho_q: np.ndarray) -> tuple[Space, np.ndarray]:
    space = _product_space()
    va = coherent_vector(alphas[0], PRODUCT_CUTOFF)
    vb = coherent_vector(alphas[1], PRODUCT_CUTOFF)
    rho = np.kron(np.kron(np.outer(va, va.conj()), rho_q), np.outer(vb, vb.conj()))
    return space, rho


_complex_small = st.builds(
    lambda r, t: r * np.exp(1j * t), st.floats(0.0, 0.8), st.floats(-np.pi, np.pi)
)
_boson_exponents = st.tuples(st.integers(0, 3), st.integers(0, 3))
_product_keys = st.tuples(
    _boson_exponents, st.tuples(st.integers(0, 1), st.integers(0, 1)), _boson_exponents
).map(lambda e: _key_of([("a", *e[0]), ("q", *e[1]), ("b", *e[2])]))


@settings(max_examples=40, deadline=None)
@given(
    st.tuples(_complex_small, _complex_small),
    st.integers(0, 2**32 - 1),
    st.lists(_product_keys, min_size=4, max_size=8),
)
def test_closure_exact_at_coherent_product_states(alphas, seed, keys):
    """All cumulants of order >= 2 vanish at coherent x qubit x coherent, so the closure at any
    order 1..4 gives the exact normal-ordered moment (blocks evaluated with the matrices)."""
    two = frozenset({"q"})
    space, rho = _product_state(alphas, random_qubit(np.random.default_rng(seed)))
    mean = Means(space, rho)
    for key in keys:
        order = sum(1 if m == "q" else p + q for m, p, q in key)
        if not 1 <= order <= 5:
            continue
        exact = mean(key)
        for n in range(1, 5):
            got = 0j
            for blocks, w in closure(key, n, two):
                assert all(sum(1 if m == "q" else p + q for m, p, q in b) <= n for b in blocks)
                got += w * np.prod([mean(b) for b in blocks])
            assert abs(got - exact) <= TOL * (1 + abs(exact)), (key, n, got, exact)


GAUSS_CUTOFF = 30

_GAUSS_MODEL = """
name = "gauss"
modes = ["a", "b"]
order = 2
hamiltonian = "g*(dag(a)*b + dag(b)*a) + s*(a*a + dag(a)*dag(a) + b*b + dag(b)*dag(b) + a*b + dag(a)*dag(b)) + F*(a + dag(a) + b + dag(b)) + chi*dag(a)*dag(a)*a*a"
[parameters]
g = { kind = "real", default = 0.3 }
s = { kind = "real", default = 0.2 }
F = { kind = "real", default = 0.1 }
chi = { kind = "real", default = 0.1 }
"""


def _gaussian_parameters(rng: np.random.Generator) -> tuple:
    """Thermal occupations, squeezings, two-mode squeezing, hopping and displacements, bounded
    away from zero (a nontrivial state) and small enough for the cutoff."""

    def z(lo: float, hi: float) -> complex:
        return rng.uniform(lo, hi) * np.exp(2j * np.pi * rng.uniform())

    return (
        tuple(rng.uniform(0.05, 0.15, size=2)),
        (z(0.1, 0.15), z(0.1, 0.15)),
        z(0.1, 0.15),
        z(0.1, 0.3),
        (z(0.2, 0.5), z(0.2, 0.5)),
    )


def _gaussian_keys(rng: np.random.Generator, count: int) -> list[tuple]:
    out = []
    while len(out) < count:
        e = rng.integers(0, 4, size=4)
        if 3 <= e.sum() <= 5:
            out.append(_key_of([("a", e[0], e[1]), ("b", e[2], e[3])]))
    return out


@functools.cache
def _gauss_space() -> Space:
    return Space(("a", "b"), (), GAUSS_CUTOFF)


def gaussian_deviations(seed: int, count: int = 10) -> dict[str, float]:
    """Worst deviations of the order-2 closure (direct and through ``cs.expand``) from the exact
    moments of order 3-5 at a random two-mode Gaussian state, and of mean field (which must be
    off: the state is not a coherent product state)."""
    rng = np.random.default_rng(seed)
    keys = _gaussian_keys(rng, count)
    rho = gaussian_two_mode(GAUSS_CUTOFF, *_gaussian_parameters(rng))
    space = _gauss_space()
    levels = space.boson_levels()
    tail = float(np.real(np.diag(rho))[(levels >= GAUSS_CUTOFF - 4).any(axis=1)].sum())
    mean = Means(space, rho)
    cs = cumulant_system(parse_spec(_GAUSS_MODEL))
    moment_values = [mean(k) for k in cs.moments]
    out = {"tail": tail, "order2": 0.0, "expand": 0.0, "mean_field": 0.0}
    for key in keys:
        exact = mean(key)

        def closed(n: int, key=key) -> complex:
            return sum(
                w * np.prod([mean(b) for b in blocks]) for blocks, w in closure(key, n, frozenset())
            )

        expand = sum(
            w * np.prod([np.conj(moment_values[i]) if c else moment_values[i] for i, c in mono])
            for mono, w in cs.expand(key).items()
        )
        scale = 1 + abs(exact)
        out["order2"] = max(out["order2"], abs(closed(2) - exact) / scale)
        out["expand"] = max(out["expand"], abs(expand - exact) / scale)
        out["mean_field"] = max(out["mean_field"], abs(closed(1) - exact) / scale)
    return out


@settings(max_examples=6, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_order_two_closure_exact_at_gaussian_states(seed):
    """Cumulants of order >= 3 of normal-ordered products vanish at a Gaussian state: the order-2
    closure of monomials of order 3-5 is exact, directly and through ``cs.expand`` (which maps the
    blocks onto the kept moments and their conjugates).  Mean field must fail at the same state
    (the check has power)."""
    dev = gaussian_deviations(seed)
    assert dev["tail"] < 1e-12, dev  # the state fits the cutoff
    assert dev["order2"] <= 1e-8, dev
    assert dev["expand"] <= 1e-8, dev
    assert dev["mean_field"] > 1e-4, dev


def _placeholders(expansion) -> sp.Expr:
    """``sum w prod <block>`` with one symbol per block."""
    return sp.expand(
        sum(w * sp.Mul(*[sp.Symbol(f"<{b}>") for b in blocks]) for blocks, w in expansion)
    )


def test_closure_hand_written_forms():
    """Closed forms written out by hand, on symbolic placeholders ``<block>``."""

    def s(*entries):
        return sp.Symbol(f"<{_key_of(entries)}>")

    A, B, C, Dd = ("a", 0, 1), ("b", 1, 0), ("c", 0, 1), ("d", 1, 1)
    two = frozenset({"d"})
    # order 2, three units: <ABC> = <AB><C> + <AC><B> + <BC><A> - 2<A><B><C>
    want3 = s(A, B) * s(C) + s(A, C) * s(B) + s(B, C) * s(A) - 2 * s(A) * s(B) * s(C)
    assert _placeholders(closure(_key_of([A, B, C]), 2, two)) == sp.expand(want3)
    assert closure(_key_of([A, B, C]), 3, two) == (((_key_of([A, B, C]),), 1),)
    # order 1: everything factorises
    assert _placeholders(closure(_key_of([A, B, C, Dd]), 1, two)) == s(A) * s(B) * s(C) * s(Dd)
    # order 3, four units (the two-level q'q of mode d counts as one unit):
    # <ABCD> = sum <XYZ><W> + sum <XY><ZW> - 2 sum <XY><Z><W> + 6 <A><B><C><D>
    units = [A, B, C, Dd]
    want4 = 6 * s(A) * s(B) * s(C) * s(Dd)
    for i in range(4):
        rest = [u for j, u in enumerate(units) if j != i]
        want4 += s(*rest) * s(units[i])
    for x, y in itertools.combinations(units, 2):
        z, w = (u for u in units if u not in (x, y))
        want4 -= 2 * s(x, y) * s(z) * s(w)
    for pair in ((0, 1), (0, 2), (0, 3)):
        x, y = (units[i] for i in pair)
        z, w = (u for u in units if u not in (x, y))
        want4 += s(x, y) * s(z, w)
    key4 = _key_of(units)
    assert _placeholders(closure(key4, 3, two)) == sp.expand(want4)
    # order 2, four units: the order-3 form with every triple closed at order 2
    sub = {}
    for trip in itertools.combinations(units, 3):
        x, y, z = trip
        sub[s(*trip)] = s(x, y) * s(z) + s(x, z) * s(y) + s(y, z) * s(x) - 2 * s(x) * s(y) * s(z)
    assert _placeholders(closure(key4, 2, two)) == sp.expand(want4.subs(sub))
    # repeated units of one mode: <a'aa> at order 2 = 2<a'a><a> + <aa><a'> - 2<a'><a>^2
    ad, a = ("a", 1, 0), ("a", 0, 1)
    want = 2 * s(ad, a) * s(a) + s(("a", 0, 2)) * s(ad) - 2 * s(ad) * s(a) ** 2
    assert _placeholders(closure((("a", 1, 2),), 2, frozenset())) == sp.expand(want)


# ----------------------------------------------------------------------------- 3. two-level algebra
ALG_CUTOFF = 10
_alg_keys = st.tuples(_boson_exponents, st.integers(0, 1), st.integers(0, 1)).map(
    lambda e: _key_of([("a", *e[0]), ("q", e[1], e[2])])
)


def _exact_columns(space: Space, raise_by: int) -> np.ndarray:
    """Columns on which a product that raises the boson by ``raise_by`` stays in the space."""
    return space.boson_levels()[:, 0] <= space.cutoff - 1 - raise_by


@settings(max_examples=60, deadline=None)
@given(_alg_keys, _alg_keys)
def test_key_product_matches_matrices(k1, k2):
    space = Space(("a", "q"), ("q",), ALG_CUTOFF)
    two = frozenset({"q"})
    want = (space.key(k1) @ space.key(k2)).toarray()
    got = np.zeros_like(want)
    for w, k in key_product(k1, k2, two):
        got += w * space.key(k).toarray()
    p2 = dict((m, p) for m, p, _ in k2).get("a", 0)
    cols = _exact_columns(space, p2)
    assert np.abs(got - want)[:, cols].max() < 1e-9


_letters = st.tuples(st.sampled_from(("a", "q")), st.booleans())


@settings(max_examples=60, deadline=None)
@given(st.lists(_letters, min_size=1, max_size=4))
def test_parsed_words_match_matrices(word):
    """A written product (``q*q`` included, which is zero) parses to the normal-ordered
    polynomial of its matrix."""
    word = tuple(word)
    space = Space(("a", "q"), ("q",), ALG_CUTOFF)
    poly = parse_expression(
        word_text(word), parameters={}, modes=["a", "q"], where="t: h", two_level=["q"]
    )
    want = space.word(word).toarray()
    got = np.zeros_like(want)
    for k, c in poly.items():
        got += complex(c) * space.key(k).toarray()
    raises = sum(1 for m, d in word if m == "a" and d)
    cols = _exact_columns(space, raises)
    assert np.abs(got - want)[:, cols].max() < 1e-9, (word, poly)


def test_q_squared_vanishes_in_a_model():
    head = 'name = "m"\nmodes = ["a", "q"]\ntwo_level = ["q"]\norder = 2\n'
    params = '[parameters]\nw = { kind = "real", default = 1.0 }\n'
    text = (
        head + 'hamiltonian = "w*dag(q)*q + w*(q*q + dag(q)*dag(q)) + w*(dag(a)*q*dag(q)*q '
        '+ dag(q)*q*dag(q)*a) + w*q*dag(q)"\n' + params
    )
    spec = parse_spec(text)
    w = spec.parameters["w"].symbol
    # q'q - q'q (from q q' = 1 - q'q, constant dropped) + a'q + q'a
    assert spec.hamiltonian == {(("a", 1, 0), ("q", 0, 1)): w, (("a", 0, 1), ("q", 1, 0)): w}
    jump = '[[dissipators]]\nrate = "k"\noperator = "q*q"\n'
    bad = (
        head
        + 'hamiltonian = "w*dag(q)*q"\n'
        + params
        + 'k = { kind = "positive", default = 1.0 }\n'
    )
    with pytest.raises(ModelError, match="zero"):
        parse_spec(bad + jump)
