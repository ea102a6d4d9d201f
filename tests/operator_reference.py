r"""An independent dense-matrix reference for open networks of bosons and two-level modes.

Nothing here comes from ``nrqb_sym``: operators are plain NumPy matrices, built from the model as
a list of *words* (products of ladder operators in the order they are written), and the master
equation is applied to a density matrix directly,

.. math::

    \mathcal L\rho = -i[H, \rho] + \sum_k \gamma_k\big(L_k\rho L_k^\dagger
        - \tfrac12\{L_k^\dagger L_k, \rho\}\big),

so that :math:`\frac{d}{dt}\langle K\rangle = \mathrm{Tr}(K\,\mathcal L\rho)`.

Conventions
-----------
* A *letter* is ``(mode, dagger)``; a *word* is a tuple of letters in written order.
* A *key* is ``((mode, p, q), ...)``: the normal-ordered monomial
  :math:`\prod_x x^{\dagger p_x} x^{q_x}` (different modes commute, so the order of the modes in
  a key does not matter).
* A boson is truncated at ``cutoff`` Fock states, :math:`a = \sum_n \sqrt n\,|n-1\rangle\langle
  n|`; a two-level mode has the basis :math:`(|g\rangle, |e\rangle)` and :math:`q = \sigma_- =
  |g\rangle\langle e|`.  The tensor product follows the order of :attr:`Space.modes`.

Exactness of the truncation
---------------------------
With :math:`P` the projector on the kept Fock states, the truncated matrices are :math:`PaP` and
:math:`Pa^\dagger P`, and

* a normal-ordered monomial is exact: :math:`(Pa^\dagger P)^p(PaP)^q = Pa^{\dagger p}a^qP`
  (lowering never leaves the kept space, raising past it is projected out anyway);
* a word of degree :math:`d` applied to a vector with at most :math:`s` quanta per boson is exact
  when :math:`s + d \le` ``cutoff - 1``.

So for a density matrix supported on at most ``s`` quanta per boson (:func:`random_density`), a
Hamiltonian of degree :math:`\le d_H` and jumps of degree :math:`\le d_L`, the matrix
:math:`\mathcal L\rho` is exact when ``cutoff >= s + max(d_H, 2 d_L) + 1``
(:func:`exact_cutoff`), and then :math:`\mathrm{Tr}(K\mathcal L\rho)` is exact for every
normal-ordered :math:`K`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import reduce

import numpy as np
import scipy.sparse
import scipy.sparse.linalg

__all__ = [
    "Letter",
    "Word",
    "Space",
    "adjoint_word",
    "exact_cutoff",
    "lindblad",
    "expectation",
    "Means",
    "trace_size",
    "random_density",
    "coherent_vector",
    "random_qubit",
    "gaussian_two_mode",
]

Letter = tuple[str, bool]
Word = tuple[Letter, ...]


def adjoint_word(word: Word) -> Word:
    """The word of the adjoint operator: reversed, every letter daggered."""
    return tuple((m, not d) for m, d in reversed(word))


def exact_cutoff(support: int, h_degree: int, jump_degree: int) -> int:
    """The smallest boson cutoff at which :math:`\\mathcal L\\rho` is exact (module docstring)."""
    return support + max(h_degree, 2 * jump_degree) + 1


Sparse = scipy.sparse.csr_array


def _lower(dim: int) -> Sparse:
    return Sparse(scipy.sparse.diags(np.sqrt(np.arange(1, dim, dtype=complex)), 1))


def _identity(dim: int) -> Sparse:
    return Sparse(scipy.sparse.identity(dim, dtype=complex, format="csr"))


def _right(X: np.ndarray, S: Sparse) -> np.ndarray:
    """``X @ S`` for a dense ``X`` and a sparse ``S``."""
    return np.asarray((S.T @ X.T).T)


class Space:
    """The Hilbert space of ``modes`` (bosons cut off at ``cutoff``, ``two_level`` ones 2-dim).
    Operators are sparse CSR arrays; states are dense."""

    def __init__(self, modes: Sequence[str], two_level: Iterable[str], cutoff: int) -> None:
        self.modes = tuple(modes)
        self.two_level = frozenset(two_level)
        self.cutoff = cutoff
        self.dims = tuple(2 if m in self.two_level else cutoff for m in self.modes)
        self.dim = int(np.prod(self.dims))
        self._local = {m: _lower(d) for m, d in zip(self.modes, self.dims, strict=True)}
        self._full: dict[Letter, Sparse] = {}
        self._keys: dict[tuple, Sparse] = {}

    # -- single-mode pieces
    def local(self, mode: str, dagger: bool = False) -> Sparse:
        """The ladder operator of ``mode`` on its own factor (``sigma_-`` for a two-level mode)."""
        x = self._local[mode]
        return Sparse(x.conj().T) if dagger else x

    def local_key(self, mode: str, p: int, q: int) -> Sparse:
        """:math:`x^{\\dagger p}x^q` on the factor of ``mode``."""
        if mode in self.two_level and (p > 1 or q > 1):
            raise ValueError(f"two-level exponents are 0 or 1, got {mode}: ({p}, {q})")
        out = _identity(self._local[mode].shape[0])
        for _ in range(p):
            out = out @ self.local(mode, True)
        for _ in range(q):
            out = out @ self.local(mode)
        return Sparse(out)

    def embed(self, factors: Mapping[str, Sparse]) -> Sparse:
        """Tensor product of per-mode matrices (identity on the modes not given)."""
        mats = [factors.get(m, _identity(d)) for m, d in zip(self.modes, self.dims, strict=True)]
        return Sparse(reduce(lambda x, y: scipy.sparse.kron(x, y, format="csr"), mats))

    # -- operators on the whole space
    def letter(self, letter: Letter) -> Sparse:
        if letter not in self._full:
            m, d = letter
            self._full[letter] = self.embed({m: self.local(m, d)})
        return self._full[letter]

    def word(self, word: Word) -> Sparse:
        """The product of the letters of ``word`` in written order."""
        out = _identity(self.dim)
        for letter in word:
            out = out @ self.letter(letter)
        return Sparse(out)

    def key(self, key: Iterable[tuple[str, int, int]]) -> Sparse:
        """The normal-ordered monomial ``key`` (``()`` is the identity; cached: do not modify)."""
        key = tuple(key)
        if key in self._keys:
            return self._keys[key]
        factors: dict[str, Sparse] = {}
        for m, p, q in key:
            if m in factors:
                raise ValueError(f"mode {m} twice in a key")
            factors[m] = self.local_key(m, p, q)
        self._keys[key] = out = self.embed(factors)
        return out

    def polynomial(self, terms: Iterable[tuple[complex, Word]]) -> Sparse:
        """:math:`\\sum c\\,W` for ``[(c, word), ...]``."""
        out = Sparse((self.dim, self.dim), dtype=complex)
        for c, w in terms:
            out = out + c * self.word(w)
        return Sparse(out)

    def boson_levels(self) -> np.ndarray:
        """``levels[i, j]``: the Fock number of the ``j``-th mode in basis state ``i`` (two-level
        modes: 0 for ``g``, 1 for ``e``)."""
        grids = np.meshgrid(*[np.arange(d) for d in self.dims], indexing="ij")
        return np.stack([g.ravel() for g in grids], axis=1)

    def support_mask(self, support: int) -> np.ndarray:
        """Basis states with at most ``support`` quanta in every boson."""
        lv = self.boson_levels()
        ok = np.ones(self.dim, dtype=bool)
        for j, m in enumerate(self.modes):
            if m not in self.two_level:
                ok &= lv[:, j] <= support
        return ok


def lindblad(rho: np.ndarray, H: Sparse, jumps: Iterable[tuple[float, Sparse]]) -> np.ndarray:
    """:math:`\\mathcal L\\rho` for the Hamiltonian ``H`` and ``[(gamma, L), ...]`` (sparse
    operators, dense ``rho``)."""
    out = -1j * (np.asarray(H @ rho) - _right(rho, H))
    for gamma, L in jumps:
        Ld = Sparse(L.conj().T)
        LdL = Sparse(Ld @ L)
        sandwich = _right(np.asarray(L @ rho), Ld)
        out = out + gamma * (sandwich - 0.5 * (np.asarray(LdL @ rho) + _right(rho, LdL)))
    return out


def expectation(op: Sparse, rho: np.ndarray) -> complex:
    """:math:`\\mathrm{Tr}(O\\rho) = \\sum_{ij} O_{ij}\\rho_{ji}`."""
    c = op.tocoo()
    return complex(np.sum(c.data * rho[c.col, c.row]))


def trace_size(op: Sparse, X: np.ndarray) -> float:
    """:math:`\\sum_{ij}|O_{ij}||X_{ji}|`, the magnitude of the terms of
    :math:`\\mathrm{Tr}(OX)`."""
    c = op.tocoo()
    return float(np.sum(np.abs(c.data) * np.abs(X[c.col, c.row])))


class Means:
    """:math:`\\langle K\\rangle = \\mathrm{Tr}(K\\rho)` of keys at one state (cached)."""

    def __init__(self, space: Space, rho: np.ndarray) -> None:
        self.space = space
        self.rho = rho
        self._cache: dict[tuple, complex] = {}

    def __call__(self, key: Iterable[tuple[str, int, int]]) -> complex:
        key = tuple(key)
        if key not in self._cache:
            self._cache[key] = expectation(self.space.key(key), self.rho)
        return self._cache[key]


def random_density(space: Space, support: int, rng: np.random.Generator) -> np.ndarray:
    """A full-rank random density matrix on the states with at most ``support`` quanta in every
    boson (zero elsewhere)."""
    mask = space.support_mask(support)
    n = int(mask.sum())
    A = rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n))
    small = A @ A.conj().T
    small /= np.trace(small).real
    rho = np.zeros((space.dim, space.dim), dtype=complex)
    idx = np.flatnonzero(mask)
    rho[np.ix_(idx, idx)] = small
    return rho


def coherent_vector(alpha: complex, cutoff: int) -> np.ndarray:
    """:math:`|\\alpha\\rangle` from its Fock amplitudes :math:`\\alpha^n/\\sqrt{n!}`, truncated and
    normalised (the tail must be negligible at ``cutoff``)."""
    amp = np.empty(cutoff, dtype=complex)
    amp[0] = 1.0
    for n in range(1, cutoff):
        amp[n] = amp[n - 1] * alpha / np.sqrt(n)
    return amp / np.linalg.norm(amp)


def random_qubit(rng: np.random.Generator) -> np.ndarray:
    """A random mixed 2x2 density matrix (basis ``g, e``)."""
    A = rng.normal(size=(2, 2)) + 1j * rng.normal(size=(2, 2))
    rho = A @ A.conj().T
    return rho / np.trace(rho).real


def gaussian_two_mode(
    cutoff: int,
    thermal: tuple[float, float],
    squeeze: tuple[complex, complex],
    two_mode: complex,
    hopping: complex,
    displacement: tuple[complex, complex],
    floor: float = 1e-20,
) -> np.ndarray:
    r"""A two-mode Gaussian state (modes ``a, b``, both bosons) as a matrix:
    :math:`U(\rho_{th,a}\otimes\rho_{th,b})U^\dagger` with :math:`U = e^{-iG}` and

    .. math::

        G = \tfrac12\sum_{x}(\xi_x x^{\dagger2} + \xi_x^* x^2) + (\zeta a^\dagger b^\dagger
            + \zeta^* ab) + (J a^\dagger b + J^* b^\dagger a)
            + i\sum_x(\beta_x x^\dagger - \beta_x^* x),

    a quadratic-plus-linear Hermitian generator, so :math:`U` is a Gaussian unitary and the state
    is Gaussian (thermal occupations ``thermal``; the squeezing, hopping and displacement are
    mixed by the one exponential).  :math:`U` acts on the Fock states of the thermal mixture with
    weight above ``floor`` (``scipy.sparse.linalg.expm_multiply`` of the truncated generator); for
    small couplings the state's weight near the cutoff is negligible (check the tail, or compare two
    cutoffs).
    """
    space = Space(("a", "b"), (), cutoff)
    a = space.letter(("a", False))
    b = space.letter(("b", False))
    ad, bd = a.conj().T, b.conj().T
    G = Sparse((space.dim, space.dim), dtype=complex)
    for x, xd, xi, beta in (
        (a, ad, squeeze[0], displacement[0]),
        (b, bd, squeeze[1], displacement[1]),
    ):
        G = G + 0.5 * (xi * (xd @ xd) + np.conj(xi) * (x @ x))
        G = G + 1j * (beta * xd - np.conj(beta) * x)
    G = G + two_mode * (ad @ bd) + np.conj(two_mode) * (a @ b)
    G = G + hopping * (ad @ b) + np.conj(hopping) * (bd @ a)
    G = 0.5 * (G + G.conj().T)
    pops = []
    for n in thermal:
        w = (n / (1 + n)) ** np.arange(cutoff) if n > 0 else np.eye(cutoff)[0]
        pops.append(w / w.sum())
    weights = np.kron(pops[0], pops[1])
    keep = np.flatnonzero(weights > floor)
    start = np.zeros((space.dim, keep.size), dtype=complex)
    start[keep, np.arange(keep.size)] = 1.0
    vecs = scipy.sparse.linalg.expm_multiply(-1j * G.tocsc(), start)
    rho = (vecs * weights[keep]) @ vecs.conj().T
    rho /= np.trace(rho).real
    return 0.5 * (rho + rho.conj().T)
