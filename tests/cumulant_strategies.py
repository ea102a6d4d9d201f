r"""Hypothesis strategies for small random models of bosons and two-level modes (cumulant stage).

A drawn :class:`RandomModel` is a list of Hamiltonian terms and jump operators, each a *word* (a
product of ladder operators in written order, ``((mode, dagger), ...)``, the convention of
:mod:`operator_reference`) with parameter names for its coefficients.  From the same description
it writes

* the TOML text that the package reads (:meth:`RandomModel.text`), and
* the plain numbers for the reference (:meth:`RandomModel.hamiltonian_terms`,
  :meth:`RandomModel.jump_terms`): ``[(complex coefficient, word), ...]``.

=====================  ============================================  ===========================
term                   model-file text                               numbers
=====================  ============================================  ===========================
Hermitian word ``W``   ``g*W``                                       ``(g, W)``
other word             ``g*(exp(I*p)*W + exp(-I*p)*W')``             ``(g e^{ip}, W), (g e^{-ip}, W')``
  without phase        ``g*(W + W')``                                ``(g, W), (g, W')``
jump                   rate ``k``, operator ``W1 + c*exp(I*r)*W2``   ``gamma = k, L = W1 + c e^{ir} W2``
=====================  ============================================  ===========================

(``W'`` is the adjoint word: reversed, every letter daggered.)  Words are made valid for the
package: a two-level mode never has two equal letters in a row within its own letters (that
product vanishes, and a vanishing term would leave a parameter unused), and a jump word never is
``x*dag(x)`` (its constant term is refused; it is written ``dag(x)*x`` instead).  Sizes: 1-3
modes, 0-2 of them two-level, 1-4 Hamiltonian words of length 1-4, 0-2 jumps with 1-2 words of
length 1-2, cumulant order 1-4.  :func:`random_models` draws them with Hypothesis (which
shrinks a failure), :func:`seeded_model` the same way from a NumPy seed (a fixed sweep that is sure
to include the largest models).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
from hypothesis import strategies as st
from operator_reference import Word, adjoint_word

__all__ = [
    "HTerm",
    "JumpTerm",
    "Jump",
    "RandomModel",
    "word_text",
    "is_hermitian_word",
    "random_models",
    "seeded_model",
    "build_model",
    "MODE_NAMES",
]

#: names the modes are drawn from
MODE_NAMES = ("a", "b", "c")


def word_text(word: Word) -> str:
    return "*".join(f"dag({m})" if d else m for m, d in word)


def is_hermitian_word(word: Word) -> bool:
    """Whether the operator of ``word`` is Hermitian: modes commute, so the word of each mode must
    equal its own adjoint word (distinct words of one mode are distinct operators)."""
    for m in {m for m, _ in word}:
        sub = tuple(x for x in word if x[0] == m)
        if sub != adjoint_word(sub):
            return False
    return True


@dataclass(frozen=True)
class HTerm:
    strength: str
    phase: str | None
    word: Word

    @property
    def hermitian(self) -> bool:
        return is_hermitian_word(self.word)

    def text(self) -> str:
        w = word_text(self.word)
        if self.hermitian:
            return f"{self.strength}*{w}"
        wd = word_text(adjoint_word(self.word))
        if self.phase is None:
            return f"{self.strength}*({w} + {wd})"
        return f"{self.strength}*(exp(I*{self.phase})*{w} + exp(-I*{self.phase})*{wd})"

    def numbers(self, v: dict[str, float]) -> list[tuple[complex, Word]]:
        g = v[self.strength]
        if self.hermitian:
            return [(complex(g), self.word)]
        e = np.exp(1j * v[self.phase]) if self.phase is not None else 1.0
        return [(g * e, self.word), (g * np.conj(e), adjoint_word(self.word))]


@dataclass(frozen=True)
class JumpTerm:
    coefficient: str | None  # None: 1
    phase: str | None
    word: Word

    def text(self) -> str:
        w = word_text(self.word)
        if self.coefficient is None:
            return w
        if self.phase is None:
            return f"{self.coefficient}*{w}"
        return f"{self.coefficient}*exp(I*{self.phase})*{w}"

    def number(self, v: dict[str, float]) -> complex:
        if self.coefficient is None:
            return 1.0
        e = np.exp(1j * v[self.phase]) if self.phase is not None else 1.0
        return v[self.coefficient] * e


@dataclass(frozen=True)
class Jump:
    rate: str
    terms: tuple[JumpTerm, ...]


@dataclass(frozen=True)
class RandomModel:
    """A drawn model: ``modes`` in the order of the file (and of the reference's tensor
    product), ``values`` the parameter values (also written as the defaults)."""

    modes: tuple[str, ...]
    two_level: tuple[str, ...]
    order: int
    hamiltonian: tuple[HTerm, ...]
    jumps: tuple[Jump, ...]
    values: dict[str, float] = field(hash=False)
    kinds: dict[str, str] = field(hash=False)

    @property
    def h_degree(self) -> int:
        return max(len(t.word) for t in self.hamiltonian)

    @property
    def jump_degree(self) -> int:
        return max((len(t.word) for j in self.jumps for t in j.terms), default=0)

    def text(self) -> str:
        lines = [
            'name = "random_cumulant"',
            f"modes = {json.dumps(list(self.modes))}",
            f"two_level = {json.dumps(list(self.two_level))}",
            f"order = {self.order}",
            f'hamiltonian = "{" + ".join(t.text() for t in self.hamiltonian)}"',
            "[parameters]",
        ]
        for n, v in self.values.items():
            lines.append(f'{n} = {{ kind = "{self.kinds[n]}", default = {v:.6f} }}')
        for j in self.jumps:
            lines += [
                "[[dissipators]]",
                f'rate = "{j.rate}"',
                f'operator = "{" + ".join(t.text() for t in j.terms)}"',
            ]
        return "\n".join(lines) + "\n"

    def hamiltonian_terms(self) -> list[tuple[complex, Word]]:
        return [x for t in self.hamiltonian for x in t.numbers(self.values)]

    def jump_terms(self) -> list[tuple[float, list[tuple[complex, Word]]]]:
        return [
            (self.values[j.rate], [(t.number(self.values), t.word) for t in j.terms])
            for j in self.jumps
        ]


def _valid(word: list[tuple[str, bool]], two: frozenset[str]) -> list[tuple[str, bool]]:
    """Flip letters so that no two-level mode has two equal letters in a row (a zero product)."""
    last: dict[str, bool] = {}
    out = []
    for m, d in word:
        if m in two and last.get(m) == d:
            d = not d
        last[m] = d
        out.append((m, d))
    return out


def _jump_word(word: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """``x*dag(x)`` has a constant term (refused in a jump): write ``dag(x)*x``."""
    if len(word) == 2 and word[0][0] == word[1][0] and not word[0][1] and word[1][1]:
        return [word[1], word[0]]
    return word


class _HypothesisPick:
    """The choices of :func:`build_model` drawn by Hypothesis (shrinks)."""

    def __init__(self, draw) -> None:
        self.draw = draw

    def integer(self, lo: int, hi: int) -> int:
        return self.draw(st.integers(lo, hi))

    def boolean(self) -> bool:
        return self.draw(st.booleans())

    def uniform(self, lo: float, hi: float) -> float:
        return self.draw(st.floats(lo, hi, allow_nan=False, allow_infinity=False))

    def permutation(self, items: tuple) -> tuple:
        return tuple(self.draw(st.permutations(items)))

    def choice(self, items: tuple):
        return self.draw(st.sampled_from(items))


class _RngPick:
    """The same choices from a NumPy generator (:func:`seeded_model`)."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng

    def integer(self, lo: int, hi: int) -> int:
        return int(self.rng.integers(lo, hi + 1))

    def boolean(self) -> bool:
        return bool(self.rng.integers(0, 2))

    def uniform(self, lo: float, hi: float) -> float:
        return float(self.rng.uniform(lo, hi))

    def permutation(self, items: tuple) -> tuple:
        return tuple(items[i] for i in self.rng.permutation(len(items)))

    def choice(self, items: tuple):
        return items[int(self.rng.integers(0, len(items)))]


def build_model(
    pick, min_modes: int = 1, max_modes: int = 3, min_order: int = 1, max_order: int = 4
) -> tuple[str, dict[str, float], RandomModel]:
    """``(toml text, parameter values, RandomModel)`` from the choices of ``pick``."""
    n = pick.integer(min_modes, max_modes)
    modes = pick.permutation(MODE_NAMES[:n])
    n_two = pick.integer(0, min(2, n))
    two_level = tuple(sorted(pick.permutation(modes)[:n_two]))
    two = frozenset(two_level)
    order = pick.integer(min_order, max_order)
    values: dict[str, float] = {}
    kinds: dict[str, str] = {}

    def param(prefix: str, kind: str, lo: float, hi: float, signed: bool = False) -> str:
        name = f"{prefix}{sum(1 for k in values if k.startswith(prefix))}"
        v = round(pick.uniform(lo, hi), 3) + 0.0
        if signed and pick.boolean():
            v = -v  # magnitude in [lo, hi], either sign (never 0: every term counts)
        values[name] = v
        kinds[name] = kind
        return name

    def word(max_len: int) -> list[tuple[str, bool]]:
        return [(pick.choice(modes), pick.boolean()) for _ in range(pick.integer(1, max_len))]

    hamiltonian = []
    for _ in range(pick.integer(1, 4)):
        w = tuple(_valid(word(4), two))
        strength = param("g", "real", 0.2, 1.0, signed=True)
        phase = None
        if not is_hermitian_word(w) and pick.boolean():
            phase = param("p", "real", -3.0, 3.0)
        hamiltonian.append(HTerm(strength, phase, w))
    jumps = []
    for _ in range(pick.integer(0, 2)):
        rate = param("k", "positive", 0.1, 1.0)
        terms = []
        for i in range(pick.integer(1, 2)):
            w = tuple(_jump_word(_valid(word(2), two)))
            if i == 0:
                terms.append(JumpTerm(None, None, w))
                continue
            c = param("c", "real", 0.2, 1.0, signed=True)
            phase = param("r", "real", -3.0, 3.0) if pick.boolean() else None
            terms.append(JumpTerm(c, phase, w))
        jumps.append(Jump(rate, tuple(terms)))
    model = RandomModel(
        modes=modes,
        two_level=two_level,
        order=order,
        hamiltonian=tuple(hamiltonian),
        jumps=tuple(jumps),
        values=values,
        kinds=kinds,
    )
    return model.text(), dict(values), model


@st.composite
def random_models(draw, **bounds):
    """Hypothesis strategy: ``(toml text, parameter values, RandomModel)`` (``bounds``: the
    keyword arguments of :func:`build_model`)."""
    return build_model(_HypothesisPick(draw), **bounds)


def seeded_model(seed: int, **bounds) -> tuple[str, dict[str, float], RandomModel]:
    """The same draw from ``numpy.random.default_rng(seed)`` (for fixed sweeps)."""
    return build_model(_RngPick(np.random.default_rng(seed)), **bounds)
