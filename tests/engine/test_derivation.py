r"""The derivation stages (``nrqb_sym.derive.*`` and ``pipeline.derive``) against independent
references.

What is checked against what:

* Stage 1 (``quadratic``): :math:`h, s, f` and the Kossakowski matrix
  :math:`C = \sum_k\gamma_k w_k^* w_k^T` against SymPy matrices written by hand from the model
  text; the refusals of non-Gaussian terms.
* Stage 2 (``reduction``): the paper's model against the closed forms of ``physics.md``
  (:math:`\Gamma_a = 4g_a^2/\kappa_c`, :math:`\Gamma = 4g_ag_b/\kappa_c`, the drift :math:`M`, the
  collective bath); :math:`K_\text{eff}` against a NumPy Schur complement of :math:`K = h -
  \tfrac i2(G_u - G_v)` built here from the model's numbers; the effective model is a Lindblad
  model; the refusals (also past the closed-form budget).
* Stage 3 (``moments``): :math:`M_{1x}`, :math:`f` and :math:`D_n` against the quadrature
  reference ``tests/gaussian_reference.py`` (hand-derived :math:`A, c, D_W`, numerically
  eliminated for the effective model) at random parameter points, on every shipped model and on
  random models (Hypothesis, 3-5 modes), through :math:`r = TA`,
  :math:`T = \tfrac1{\sqrt2}\begin{pmatrix}I & I\\ -iI & iI\end{pmatrix}`:
  :math:`A_r = TM_1T^\dagger`, :math:`c = Tf_1`, :math:`D_W = TD_nT^T`.  The entry-by-entry moment
  equations (``GaussianMoments``) equal the Lyapunov form :math:`\dot\Sigma = M_1\Sigma +
  \Sigma M_1^T + D_n` (structural :math:`D_n`) and the reference on random Gaussian states.
* Budgets: a star of 31 batteries around one eliminated cavity (33 modes, generator below)
  derives with every large result :class:`Structured`, and what is derived (first-moment rows,
  a nonreciprocity condition) still agrees with the reference.
* Stages 4-5: closed steady states against ``numpy.linalg.solve``; characteristic polynomials
  against ``numpy.poly``; discriminants against :math:`\prod(\lambda_i - \lambda_j)^2` of NumPy
  eigenvalues; roots of the EP polynomials are points where NumPy eigenvalues coalesce.
* Stage 6: the solved coupling makes the :math:`(i, j)` entry of the NumPy Schur-complement drift
  vanish (every coupled pair of every shipped model), its :math:`(J, \theta)` reproduce it, and
  the paper's :math:`J = g_ag_b/\sqrt{\Delta_c^2 + \kappa_c^2/4}`,
  :math:`\theta = \operatorname{atan2}(\kappa_c/2, \Delta_c)`.
* Stage 7: the Gaussian ergotropy (the formula of ``derive.observables``, its kernel
  ``runtime.numerics.mode_ergotropy`` and the joint form) against Fock-space density matrices of
  displaced squeezed thermal states (passive-state energy from the sorted spectrum).
* Documents (``codegen.documents.render_documents``): entry-by-entry equations for small models,
  the structured form for large ones, the forms of ``Derivation.forms``.
"""

from __future__ import annotations

import dataclasses
import math
import re
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import pytest
import scipy.linalg as sla
import sympy as sp
from gaussian_reference import GaussianModel, ProductState, eliminate, quadrature_system
from hypothesis import given, settings
from hypothesis import strategies as st
from model_strategies import parameter_values, random_models

from nrqb_sym.codegen.documents import render_documents
from nrqb_sym.codegen.pedigree import model_digest
from nrqb_sym.derive.forms import CLOSED, Structured, form_of
from nrqb_sym.derive.moments import (
    MOMENT_BUDGET,
    FirstMoments,
    GaussianMoments,
    adjoint_generator,
    first_moments,
    gaussian_moments,
)
from nrqb_sym.derive.nonreciprocity import pair_nonreciprocity
from nrqb_sym.derive.pipeline import Derivation, cached_derive, derive
from nrqb_sym.derive.quadratic import dissipator_terms, hamiltonian_poly, quadratic_form
from nrqb_sym.derive.reduction import (
    REDUCTION_FAST,
    REDUCTION_KEPT,
    Reduction,
    check_elimination,
    reduce_model,
)
from nrqb_sym.derive.spectrum import EPPolynomial
from nrqb_sym.model import algebra as alg
from nrqb_sym.model.names import PAPER_MODEL, shipped_models
from nrqb_sym.model.spec import Channel, ModelError, ModelSpec, Parameter, load_spec, parse_spec

#: The shipped Gaussian models (those with order are derived by the cumulant stage and tested in
#: test_cumulant_models.py).
SHIPPED = sorted(n for n, p in shipped_models().items() if load_spec(p).order is None)

# ---------------------------------------------------------------------------------------------
# numbers of a model, read off its polynomials here (not through derive.quadratic)


def values_for(spec: ModelSpec, rng_or_draw) -> dict[str, float]:
    """Random values inside each parameter's kind (occupations small)."""
    draw = rng_or_draw
    out = {}
    for name, p in spec.parameters.items():
        if name.startswith("n_"):
            out[name] = draw(0.0, 0.8)
        elif p.kind == "real":
            out[name] = draw(-1.5, 1.5)
        else:
            out[name] = draw(0.3, 2.0)
    return out


def numeric_model(spec: ModelSpec, values: dict[str, float]) -> GaussianModel:
    """The reference's ``GaussianModel`` of ``spec`` at ``values``: ``h, s, f`` from the
    normal-ordered monomials of H, jumps ``sqrt(rate) (u, v)`` from the channels."""
    modes = list(spec.modes)
    N = len(modes)
    idx = {m: i for i, m in enumerate(modes)}
    subs = {p.symbol: values[name] for name, p in spec.parameters.items()}

    def num(c) -> complex:
        return complex(sp.N(sp.sympify(c).xreplace(subs), 17))

    h = np.zeros((N, N), complex)
    s = np.zeros((N, N), complex)
    f = np.zeros(N, complex)
    for key, c in spec.hamiltonian.items():
        cre = [m for m, p, _ in key for _ in range(p)]
        ann = [m for m, _, q in key for _ in range(q)]
        if len(cre) == 1 and len(ann) == 1:
            h[idx[cre[0]], idx[ann[0]]] += num(c)
        elif len(cre) == 2 and not ann:
            i, j = idx[cre[0]], idx[cre[1]]
            s[i, j] += num(c) if i != j else 2 * num(c)
            if i != j:
                s[j, i] += num(c)
        elif len(cre) == 1 and not ann:
            f[idx[cre[0]]] += num(c)
    jumps = []
    for ch in spec.channels:
        rate = num(ch.rate).real
        u, v = np.zeros(N, complex), np.zeros(N, complex)
        for ((m, p, _),), c in ch.operator.items():
            (v if p else u)[idx[m]] += num(c)
        jumps.append((math.sqrt(rate) * u, math.sqrt(rate) * v))
    return GaussianModel(tuple(modes), h, s, f, tuple(jumps))


def K_matrix(model: GaussianModel) -> np.ndarray:
    r""":math:`K = h - \tfrac i2(G_u - G_v)`, :math:`G_u = \sum u^*u^T`, :math:`G_v = \sum vv^\dagger`
    (physics.md)."""
    Gu = sum((np.outer(u.conj(), u) for u, _ in model.jumps), np.zeros_like(model.h))
    Gv = sum((np.outer(v, v.conj()) for _, v in model.jumps), np.zeros_like(model.h))
    return model.h - 0.5j * (Gu - Gv)


def schur(K: np.ndarray, modes, fast) -> np.ndarray:
    """``K_PP - K_PQ K_QQ^-1 K_QP`` (NumPy)."""
    P = [i for i, m in enumerate(modes) if m not in fast]
    Q = [i for i, m in enumerate(modes) if m in fast]
    if not Q:
        return K
    return K[np.ix_(P, P)] - K[np.ix_(P, Q)] @ np.linalg.solve(K[np.ix_(Q, Q)], K[np.ix_(Q, P)])


@lru_cache(maxsize=1024)
def _lambdified(names: tuple[str, ...], obj):
    syms = [sp.Symbol(n) for n in names]
    expr = obj.xreplace({s: sp.Symbol(s.name) for s in obj.free_symbols})
    return sp.lambdify(syms, expr, modules="numpy")


def evaluate(obj, spec: ModelSpec, values: dict[str, float]) -> np.ndarray:
    """A SymPy matrix or expression at ``values`` (complex NumPy)."""
    names = tuple(spec.parameters)
    fn = _lambdified(names, obj)
    out = fn(*[values[n] for n in names])
    return np.array(out, dtype=complex)


def T_matrix(n: int) -> np.ndarray:
    """``r = T A`` for ``r = (q, p)``, ``A = (x, x')``, ``x = (q + ip)/sqrt 2``."""
    eye = np.eye(n)
    return np.block([[eye, eye], [-1j * eye, 1j * eye]]) / np.sqrt(2)


def full_drift(first: FirstMoments, spec, values):
    """``(M1, f1, Dn)`` of a FirstMoments at ``values`` (2N x 2N over (x, x'))."""
    n = first.n
    M1x = evaluate(first.M1x, spec, values).reshape(n, 2 * n)
    f = evaluate(first.f, spec, values).reshape(n)
    Dn = evaluate(first.Dn, spec, values).reshape(2 * n, 2 * n)
    M1 = np.zeros((2 * n, 2 * n), complex)
    M1[:n] = M1x
    M1[n:] = np.roll(M1x.conj(), n, axis=1)
    return M1, np.concatenate([f, f.conj()]), Dn


def assert_matches_reference(first: FirstMoments, spec, values, ref, tol=1e-9):
    """M1x, f and Dn against the quadrature reference ``ref`` (A, c, D_W)."""
    n = first.n
    assert first.modes == ref.modes
    M1, f1, Dn = full_drift(first, spec, values)
    T = T_matrix(n)
    A = T @ M1 @ T.conj().T
    c = T @ f1
    DW = T @ Dn @ T.T
    scale = max(1.0, np.abs(ref.A).max())
    assert np.abs(A.imag).max() < tol * scale and np.abs(c.imag).max() < tol * scale
    assert np.allclose(A.real, ref.A, rtol=tol, atol=tol * scale)
    assert np.allclose(c.real, ref.c, rtol=tol, atol=tol * scale)
    assert np.allclose(DW, ref.D_W, rtol=tol, atol=tol * scale)
    # Dn is symmetric; the passive flag means exactly: no <x'> columns and no diffusion
    assert np.allclose(Dn, Dn.T, atol=tol * scale)
    if first.passive:
        assert np.abs(Dn).max() == 0 and np.abs(M1[:n, n:]).max() == 0


# ---------------------------------------------------------------------------------------------
# models


def _spec(name, modes, kinds, hamiltonian, channels, eliminate=(), energies=None) -> ModelSpec:
    params = {k: Parameter(k, v) for k, v in kinds.items()}
    return ModelSpec(
        name=name,
        description=name,
        modes=tuple(modes),
        eliminate=tuple(eliminate),
        parameters=params,
        hamiltonian=hamiltonian,
        channels=tuple(Channel(r, op) for r, op in channels),
        energies=energies or {},
    )


SQUEEZE_TOML = """
name = "squeeze"
modes = ["a", "b"]
hamiltonian = '''
    Delta_a*dag(a)*a + Delta_b*dag(b)*b + G*(a*b + dag(a)*dag(b))
    + r/2*(exp(I*phi)*dag(b)**2 + exp(-I*phi)*b**2) + K*(dag(a)*b + dag(b)*a)
    + F*(exp(I*phi)*dag(a) + exp(-I*phi)*a)
'''
[parameters]
Delta_a = "real"
Delta_b = "real"
kappa_a = "positive"
kappa_b = "positive"
n_a = "nonnegative"
n_b = "nonnegative"
G = "nonnegative"
r = "real"
phi = "real"
K = "real"
F = "real"
eps = "positive"
[energies]
a = "1"
b = "2"
[[dissipators]]
rate = "kappa_a*(n_a + 1)"
operator = "a"
[[dissipators]]
rate = "kappa_a*n_a"
operator = "dag(a)"
[[dissipators]]
rate = "kappa_b*(n_b + 1)"
operator = "b"
[[dissipators]]
rate = "kappa_b*n_b"
operator = "dag(b)"
[[dissipators]]
rate = "kappa_a"
operator = "a + eps*dag(b)"
"""


@pytest.fixture(scope="module")
def squeeze_spec() -> ModelSpec:
    """Two-mode and single-mode squeezing, a beam splitter, a complex drive and a jump that mixes
    annihilation and creation operators (``L = a + eps b'``)."""
    return parse_spec(SQUEEZE_TOML, filename="squeeze.toml")


RING_TOML = """
name = "ring"
modes = ["a", "b", "d"]
hamiltonian = "Delta*dag(d)*d + J*(dag(a)*b + dag(b)*a) + K*(dag(b)*d + dag(d)*b) + F*(a + dag(a))"
[parameters]
Delta = "real"
J = "nonnegative"
K = "positive"
F = "real"
kappa_a = "positive"
kappa_b = "positive"
kappa_d = "positive"
[[dissipators]]
rate = "kappa_a"
operator = "a"
[[dissipators]]
rate = "kappa_b"
operator = "b"
[[dissipators]]
rate = "kappa_d"
operator = "d"
"""


def star_toml(batteries: int) -> str:
    """A driven charger ``a`` and ``batteries`` batteries ``b1..`` each coupled (coherently, with
    the one-way phase, and through the damped cavity ``c``, eliminated) to the charger."""
    bs = [f"b{i}" for i in range(1, batteries + 1)]
    modes = ["a", *bs, "c"]
    H = ["Delta_c*dag(c)*c", "g_a*(dag(a)*c + dag(c)*a)", "F*(a + dag(a))"]
    H += [f"g_b*(dag({b})*c + dag(c)*{b})" for b in bs]
    H += [f"J*(exp(I*theta)*dag(a)*{b} + exp(-I*theta)*dag({b})*a)" for b in bs]
    lines = [
        f'name = "star{batteries}"',
        "modes = [" + ", ".join(f'"{m}"' for m in modes) + "]",
        'eliminate = ["c"]',
        'hamiltonian = "' + " + ".join(H) + '"',
        "[parameters]",
        'Delta_c = { kind = "real", default = 0.0 }',
        'g_a = { kind = "positive", default = 5.0 }',
        'g_b = { kind = "positive", default = 5.0 }',
        'J = { kind = "nonnegative", default = 0.5 }',
        'theta = { kind = "real", default = 1.5707963267948966 }',
        'F = { kind = "real", default = 0.5 }',
        'kappa = { kind = "positive", default = 0.05 }',
        'kappa_c = { kind = "positive", default = 100.0 }',
        'omega = { kind = "positive", default = 1.0 }',
        "[energies]",
        *[f'{m} = "omega"' for m in modes if m != "c"],
    ]
    for m in modes:
        lines += ["[[dissipators]]", f'rate = "{"kappa_c" if m == "c" else "kappa"}"']
        lines += [f'operator = "{m}"']
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def shipped() -> dict[str, Derivation]:
    """Every shipped model's derivation (cached on disk by digest, like the package does)."""
    out = {}
    for name in SHIPPED:
        spec = load_spec(shipped_models()[name])
        out[name] = cached_derive(spec, model_digest(spec.source))
    return out


@pytest.fixture(scope="module")
def paper(shipped) -> Derivation:
    return shipped["nrqb"]


@pytest.fixture(scope="module")
def star() -> Derivation:
    """The one large derivation of the default run: 33 modes."""
    return derive(parse_spec(star_toml(31), filename="star.toml"))


# ---------------------------------------------------------------------------------------------
# stage 1


def test_matrix_form_against_hand_built(squeeze_spec):
    qf = quadratic_form(squeeze_spec)
    s = squeeze_spec.symbols
    I, e = sp.I, sp.exp
    h = sp.Matrix([[s["Delta_a"], s["K"]], [s["K"], s["Delta_b"]]])
    sq = sp.Matrix([[0, s["G"]], [s["G"], s["r"] * e(I * s["phi"])]])
    f = sp.Matrix([s["F"] * e(I * s["phi"]), 0])
    # C = sum_k rate_k w_k^* w_k^T over A = (a, b, a', b')
    ka, kb, na, nb, eps = s["kappa_a"], s["kappa_b"], s["n_a"], s["n_b"], s["eps"]
    chans = [
        (ka * (na + 1), [1, 0, 0, 0]),
        (ka * na, [0, 0, 1, 0]),
        (kb * (nb + 1), [0, 1, 0, 0]),
        (kb * nb, [0, 0, 0, 1]),
        (ka, [1, 0, 0, eps]),
    ]
    C = sp.zeros(4, 4)
    for rate, w in chans:
        w = sp.Matrix(w)
        C += rate * w.conjugate() * w.T
    for got, want in ((qf.h, h), (qf.s, sq), (qf.f, f), (qf.C, C)):
        assert (sp.Matrix(got) - want).applyfunc(sp.expand) == sp.zeros(*want.shape)
    Gu, Gv = C[:2, :2], C[2:, 2:].T
    K = h - I / 2 * (Gu - Gv)
    assert (sp.Matrix(qf.K) - K).applyfunc(sp.expand) == sp.zeros(2, 2)
    assert qf.has_squeezing and qf.has_mixed_dissipation
    assert qf.energies == {"a": 1, "b": 2}
    # hamiltonian_poly inverts quadratic_form
    assert alg.add(hamiltonian_poly(qf), alg.scale(-1, squeeze_spec.hamiltonian)) == {}
    # the Kossakowski generator reproduces the channel-by-channel Lindblad adjoint
    for x in (alg.mul(alg.ladder("a", True), alg.ladder("b")), alg.ladder("b")):
        jumps = [(c.rate, c.operator) for c in squeeze_spec.channels]
        ref = alg.adjoint_lindblad(squeeze_spec.hamiltonian, jumps, x)
        got = adjoint_generator(squeeze_spec.hamiltonian, dissipator_terms(qf), x)
        assert alg.add(ref, alg.scale(-1, got)) == {}


def test_passive_model_has_no_squeezing_blocks(paper):
    qf = paper.full
    assert not qf.has_squeezing and not qf.has_mixed_dissipation
    assert sp.Matrix(qf.s) == sp.zeros(3, 3)


def test_refuses_quartic_and_nonlinear():
    kinds = {"chi": "real", "kappa": "positive"}
    s = {k: Parameter(k, v).symbol for k, v in kinds.items()}
    b, bd = alg.ladder("b"), alg.ladder("b", True)
    kerr = alg.scale(s["chi"], alg.mul(bd, bd, b, b))
    spec = _spec("kerr", "b", kinds, kerr, [(s["kappa"], b)])
    with pytest.raises(ModelError, match=r"^kerr: hamiltonian: the moment equations do not close"):
        quadratic_form(spec)
    with pytest.raises(ModelError, match=r"chi\*b'b'bb is quartic; nrqb handles"):
        quadratic_form(spec)
    bad = _spec("nl", "b", kinds, {}, [(s["kappa"], alg.mul(b, b))])
    with pytest.raises(ModelError, match=r"^nl: dissipators\[0\]\.operator: .*not linear"):
        quadratic_form(bad)
    one_sided = _spec("nh", "bc", kinds, alg.scale(s["chi"], alg.mul(bd, alg.ladder("c"))), [])
    with pytest.raises(ModelError, match="not Hermitian"):
        quadratic_form(one_sided)


# ---------------------------------------------------------------------------------------------
# stage 2


def test_paper_reduction_matches_physics(paper):
    r = paper.reduction
    assert isinstance(r, Reduction)
    p = paper.full.params
    at0 = {p["Delta_c"]: 0}
    ga, gb, kc = p["g_a"], p["g_b"], p["kappa_c"]
    Gamma = sp.Matrix([[4 * ga**2 / kc, 4 * ga * gb / kc], [4 * ga * gb / kc, 4 * gb**2 / kc]])
    assert (r.rates.subs(at0) - Gamma).applyfunc(sp.simplify) == sp.zeros(2, 2)
    assert r.shifts.subs(at0).applyfunc(sp.simplify) == sp.zeros(2, 2)
    assert sp.simplify(r.h_eff[0, 1].subs(at0) - p["J"] * sp.exp(sp.I * p["theta"])) == 0
    # M of physics.md at Delta_c = 0
    La = p["kappa_a"] + Gamma[0, 0]
    Lb = p["kappa_b"] + Gamma[1, 1]
    J, th = p["J"], p["theta"]
    M_ref = sp.Matrix(
        [
            [-sp.I * p["Delta_a"] - La / 2, -(sp.I * J * sp.exp(sp.I * th) + Gamma[0, 1] / 2)],
            [-(sp.I * J * sp.exp(-sp.I * th) + Gamma[0, 1] / 2), -sp.I * p["Delta_b"] - Lb / 2],
        ]
    )
    M = paper.first_effective.M.subs(at0)
    assert (M - M_ref).applyfunc(lambda e: sp.simplify(sp.expand(e))) == sp.zeros(2, 2)
    assert paper.first_effective.f == sp.Matrix([-sp.I * p["F"], 0])
    assert paper.first_effective.decoupled
    # the bath of c (occupation n_c) reaches a as a collective bath with the same occupation
    Gu = r.C_eff[0, 0].subs(at0)
    ref = p["kappa_a"] * (p["n_a"] + 1) + Gamma[0, 0] * (p["n_c"] + 1)
    assert sp.simplify(Gu - ref) == 0
    Gv = r.C_eff[2, 3].subs(at0)  # x'x' block, (a', b'): the absorption part only
    assert sp.simplify(Gv - Gamma[0, 1] * p["n_c"]) == 0


@settings(max_examples=8)
@given(st.data())
def test_paper_reduction_against_numpy_schur(paper, data):
    """Any Delta_c: K_eff, f_eff and h_eff, C_eff against the Schur complement of the numbers of
    physics.md; the effective model is a Lindblad model (h_eff Hermitian, C_eff PSD)."""
    spec = paper.spec

    def draw(lo, hi):
        return data.draw(st.floats(lo, hi))

    v = values_for(spec, draw)
    r = paper.reduction
    model = numeric_model(spec, v)
    K = K_matrix(model)
    K_eff = schur(K, spec.modes, spec.eliminate)
    assert np.allclose(evaluate(r.K_eff, spec, v), K_eff, rtol=1e-10, atol=1e-12)
    X = K[:2, 2:] / K[2, 2]
    assert np.allclose(evaluate(r.f_eff, spec, v).ravel(), model.f[:2] - X @ model.f[2:])
    h = evaluate(r.h_eff, spec, v)
    C = evaluate(r.C_eff, spec, v)
    assert np.allclose(h, h.conj().T) and np.allclose(C, C.conj().T)
    assert np.linalg.eigvalsh(C).min() > -1e-12 * np.abs(C).max()
    assert np.allclose(h - 0.5j * (C[:2, :2] - C[2:, 2:].T), K_eff)


def _paper_like(extra_h=None, extra_channels=(), kinds_extra=None, eliminate=("c",), drop=0):
    """The paper's model built from polynomials (for structures the parser or the pipeline
    refuses later)."""
    kinds = {
        **{f"Delta_{m}": "real" for m in "abc"},
        **{f"kappa_{m}": "positive" for m in "abc"},
        "g_a": "positive",
        "g_b": "positive",
        "J": "nonnegative",
        "theta": "real",
        "F": "real",
        **(kinds_extra or {}),
    }
    s = {k: Parameter(k, v).symbol for k, v in kinds.items()}
    a = {m: alg.ladder(m) for m in "abc"}
    ad = {m: alg.ladder(m, True) for m in "abc"}
    H = alg.add(
        *(alg.scale(s[f"Delta_{m}"], alg.mul(ad[m], a[m])) for m in "abc"),
        alg.scale(s["J"] * sp.exp(sp.I * s["theta"]), alg.mul(ad["a"], a["b"])),
        alg.scale(s["J"] * sp.exp(-sp.I * s["theta"]), alg.mul(ad["b"], a["a"])),
        alg.scale(s["g_a"], alg.add(alg.mul(ad["a"], a["c"]), alg.mul(ad["c"], a["a"]))),
        alg.scale(s["g_b"], alg.add(alg.mul(ad["b"], a["c"]), alg.mul(ad["c"], a["b"]))),
        alg.scale(s["F"], alg.add(a["a"], ad["a"])),
        *(extra_h(s, a, ad) if extra_h else []),
    )
    channels = [(s[f"kappa_{m}"], a[m]) for m in "abc"]
    channels = channels[: len(channels) - drop] + [c(s, a, ad) for c in extra_channels]
    return _spec("paper_like", "abc", kinds, H, channels, eliminate)


def test_elimination_refusals():
    def squeeze(s, a, ad):
        return [alg.scale(s["G"], alg.add(alg.mul(a["a"], a["c"]), alg.mul(ad["a"], ad["c"])))]

    spec = _paper_like(squeeze, kinds_extra={"G": "nonnegative"})
    # the parser's format "FILE: KEY: reason at 'TOKEN'" (the model name when there is no file)
    with pytest.raises(
        ModelError,
        match=r"^paper_like: eliminate: cannot eliminate mode 'c': the squeezing term G\*a'c'",
    ) as info:
        derive(spec)
    assert str(info.value).endswith(" at 'c'")
    with pytest.raises(ModelError, match=r"^models/sq\.toml: eliminate: cannot eliminate mode 'c'"):
        derive(dataclasses.replace(spec, path=Path("models/sq.toml")))
    mixed = _paper_like(extra_channels=[lambda s, a, ad: (s["kappa_c"], alg.add(a["c"], ad["c"]))])
    # dissipators counted from 0, as the parser does: the fourth is dissipators[3]
    with pytest.raises(
        ModelError,
        match=r"^paper_like: dissipators\[3\]\.operator: cannot eliminate mode 'c': .*mixes.* at "
        r"\"c \+ c'\"$",
    ):
        derive(mixed)
    # without the channel keys, the mixed blocks of C are what is refused
    with pytest.raises(ModelError, match="^eliminate: cannot eliminate mode 'c'.*mixed blocks"):
        reduce_model(quadratic_form(mixed), ("c",))

    def lossless(s, a, ad):
        return [alg.scale(-s["Delta_c"], alg.mul(ad["c"], a["c"]))]

    undamped = _paper_like(lossless, drop=1)  # no detuning and no decay on c
    with pytest.raises(ModelError, match="singular"):
        reduce_model(quadratic_form(undamped), ("c",))
    with pytest.raises(
        ModelError, match=r"^undamped\.toml: eliminate: cannot eliminate c: .*singular"
    ):
        reduce_model(quadratic_form(undamped), ("c",), where="undamped.toml")
    # the same refusals without the closed form (the checks models past the budget get)
    with pytest.raises(ModelError, match="singular"):
        check_elimination(quadratic_form(undamped), ("c",))
    with pytest.raises(ModelError, match="the squeezing term G"):
        check_elimination(quadratic_form(spec), ("c",))
    # a damped (or detuned) cavity is fine
    check_elimination(quadratic_form(_paper_like()), ("c",))
    check_elimination(quadratic_form(_paper_like(drop=1)), ("c",))  # Delta_c != 0 generically


def test_elimination_refusals_past_the_closed_form_budget():
    """More eliminated modes than REDUCTION_FAST: the singularity of K_QQ is checked at sample
    points; an undamped, undetuned cavity among them is refused, a damped set is not, and the
    pipeline keeps the elimination structured."""
    n_fast = REDUCTION_FAST + 1
    fast = [f"c{i}" for i in range(n_fast)]
    H = ["F*(a + dag(a))"] + [f"g*(dag(a)*{c} + dag({c})*a)" for c in fast]
    body = [
        'name = "many_fast"',
        "modes = [" + ", ".join(f'"{m}"' for m in ["a", *fast]) + "]",
        "eliminate = [" + ", ".join(f'"{m}"' for m in fast) + "]",
        'hamiltonian = "' + " + ".join(H) + '"',
        "[parameters]",
        'F = "real"',
        'g = "positive"',
        'kappa = "positive"',
    ]
    damped = [*body]
    for m in ["a", *fast]:
        damped += ["[[dissipators]]", 'rate = "kappa"', f'operator = "{m}"']
    d = derive(parse_spec("\n".join(damped) + "\n", filename="many_fast.toml"))
    assert isinstance(d.reduction, Structured)
    assert d.forms["effective: elimination"].startswith("structured: K_eff")
    assert isinstance(d.first_effective, Structured)
    undamped = [*body]
    for m in ["a", *fast[:-1]]:
        undamped += ["[[dissipators]]", 'rate = "kappa"', f'operator = "{m}"']
    with pytest.raises(
        ModelError, match=r"^many_fast: eliminate: cannot eliminate c0, c1, c2, c3, c4: .*singular"
    ):
        derive(parse_spec("\n".join(undamped) + "\n", filename="many_fast.toml"))


# ---------------------------------------------------------------------------------------------
# stage 3 against the quadrature reference


def _draw_values(data, spec):
    return values_for(spec, lambda lo, hi: data.draw(st.floats(lo, hi)))


@pytest.mark.parametrize("name", SHIPPED)
@settings(max_examples=4)
@given(data=st.data())
def test_shipped_first_moments_against_reference(shipped, name, data):
    d = shipped[name]
    spec = d.spec
    v = _draw_values(data, spec)
    full = quadrature_system(numeric_model(spec, v))
    assert_matches_reference(d.first_full, spec, v, full)
    assert isinstance(d.first_effective, FirstMoments)
    assert_matches_reference(d.first_effective, spec, v, eliminate(full, spec.eliminate))


@settings(max_examples=8)
@given(data=st.data())
def test_random_models_first_moments_against_reference(data):
    """Random networks (3-5 modes, squeezing, thermal and collective baths): the derived full and
    effective first-moment rows, drives and diffusion against the reference and its numeric
    elimination."""
    model = data.draw(random_models())
    spec = parse_spec(model.toml(), filename="random.toml")
    qf = quadratic_form(spec)
    red = reduce_model(qf, spec.eliminate)
    values = data.draw(parameter_values(model))
    assert_matches_reference(first_moments(qf), spec, values, model.system(values))
    assert_matches_reference(
        first_moments(red.effective), spec, values, model.effective(values), tol=1e-8
    )


def test_squeezing_and_mixed_jumps_against_reference(squeeze_spec):
    first = first_moments(quadratic_form(squeeze_spec))
    assert not first.decoupled and not first.passive
    rng = np.random.default_rng(17)
    for _ in range(3):
        v = values_for(squeeze_spec, rng.uniform)
        assert_matches_reference(
            first, squeeze_spec, v, quadrature_system(numeric_model(squeeze_spec, v))
        )


def test_passive_flag_means_coherent_states_stay_coherent(paper, squeeze_spec):
    """nrqb.toml: passive exactly when the baths are empty (checked numerically: D_n = 0 at
    n = 0, and non-zero with any occupation); squeezing is never passive."""
    first = paper.first_full
    assert not first.passive  # thermal occupations are parameters
    rng = np.random.default_rng(2)
    v = values_for(paper.spec, rng.uniform)
    for m in "abc":
        v[f"n_{m}"] = 0.0
    _, _, Dn = full_drift(first, paper.spec, v)
    assert np.abs(Dn).max() < 1e-14
    v["n_b"] = 0.3
    assert np.abs(full_drift(first, paper.spec, v)[2]).max() > 1e-3


# ---------------------------------------------------------------------------------------------
# entry-by-entry moments against the structural (Lyapunov) form


def _parse_moment(name: str, modes) -> list[tuple[int, bool]]:
    body = name[1:-1]
    ordered = sorted(modes, key=len, reverse=True)
    out, k = [], 0
    while k < len(body):
        m = next(m for m in ordered if body.startswith(m, k))
        k += len(m)
        dag = k < len(body) and body[k] == "'"
        k += dag
        out.append((list(modes).index(m), dag))
    return out


def moments_of(variables, modes, mean, Sigma):
    """``z`` from the means of ``A = (x, x')`` and ``Sigma_kl = <:dA_k dA_l:>``; linear in
    ``Sigma`` and bilinear in the means, so its derivative is
    ``moments_of(dmean, dSigma) + the product rule``."""
    n = len(modes)
    out = []
    for v in variables:
        ops = [i + n * dag for i, dag in _parse_moment(v, modes)]
        if len(ops) == 1:
            out.append(mean[ops[0]])
        else:
            k, l = ops
            out.append(Sigma[k, l] + mean[k] * mean[l])
    return np.array(out)


def d_moments(variables, modes, M1, f1, Dn, mean, Sigma):
    dmean = M1 @ mean + f1
    dSigma = M1 @ Sigma + Sigma @ M1.T + Dn
    n = len(modes)
    out = []
    for v in variables:
        ops = [i + n * dag for i, dag in _parse_moment(v, modes)]
        if len(ops) == 1:
            out.append(dmean[ops[0]])
        else:
            k, l = ops
            out.append(dSigma[k, l] + dmean[k] * mean[l] + mean[k] * dmean[l])
    return np.array(out)


def random_state(n: int, rng):
    """Means of (x, x') and the normal-ordered covariance of a random Gaussian state (a squeezed,
    rotated thermal state: W = V - I/2 with V = S (I/2 + T) S^T)."""
    a = rng.normal(size=n) + 1j * rng.normal(size=n)
    X = rng.normal(size=(2 * n, 2 * n)) * 0.3
    S = sla.expm(X - X.T) @ np.diag(np.exp(rng.uniform(-0.3, 0.3, 2 * n)))
    Tth = np.diag(np.repeat(rng.uniform(0.0, 1.0, n), 2))
    W = S @ (np.eye(2 * n) / 2 + Tth) @ S.T - np.eye(2 * n) / 2
    T = T_matrix(n)
    Sigma = T.conj().T @ W @ T.conj()  # W = T Sigma T^T
    return np.concatenate([a, a.conj()]), Sigma


def _moment_cases():
    for name in SHIPPED:
        for label in ("full", "effective"):
            yield name, label


@pytest.mark.parametrize("name, label", list(_moment_cases()))
def test_moment_equations_equal_lyapunov_form(shipped, name, label):
    """On every shipped model (where the moments are derived entry by entry): A z + b equals the
    derivative from M1, f1 and the structural D_n, and from the reference (A, c, D_W) mapped
    back to (x, x')."""
    d = shipped[name]
    spec = d.spec
    m = d.moments_full if label == "full" else d.moments_effective
    first = d.first_full if label == "full" else d.first_effective
    n = first.n
    if 2 * n * n + 3 * n > MOMENT_BUDGET:
        assert isinstance(m, Structured) and str(MOMENT_BUDGET) in str(m)
        assert d.forms[f"{label}: moment equations"] == str(m)
        return
    assert isinstance(m, GaussianMoments)
    assert len(m.variables) == 2 * n * n + 3 * n
    rng = np.random.default_rng(hash(name) % 2**32)
    for _ in range(2):
        v = values_for(spec, rng.uniform)
        mean, Sigma = random_state(n, rng)
        z = moments_of(m.variables, first.modes, mean, Sigma)
        A = evaluate(m.A, spec, v).reshape(len(z), len(z))
        b = evaluate(m.b, spec, v).ravel()
        got = A @ z + b
        M1, f1, Dn = full_drift(first, spec, v)
        structural = d_moments(m.variables, first.modes, M1, f1, Dn, mean, Sigma)
        full = quadrature_system(numeric_model(spec, v))
        ref = full if label == "full" else eliminate(full, spec.eliminate)
        T = T_matrix(n)
        Ti = T.conj().T
        ref_form = (Ti @ ref.A @ T, Ti @ ref.c, Ti @ ref.D_W @ Ti.T)
        reference = d_moments(m.variables, first.modes, *ref_form, mean, Sigma)
        scale = np.abs(reference).max()
        assert np.allclose(got, structural, rtol=1e-9, atol=1e-10 * scale)
        assert np.allclose(got, reference, rtol=1e-8, atol=1e-9 * scale)


def test_moment_equations_with_squeezing_and_mixed_jumps(squeeze_spec):
    m = gaussian_moments(quadratic_form(squeeze_spec))
    first = first_moments(quadratic_form(squeeze_spec))
    assert not m.decoupled and m.M.shape == (4, 4) and len(m.variables) == 14
    rng = np.random.default_rng(5)
    v = values_for(squeeze_spec, rng.uniform)
    mean, Sigma = random_state(2, rng)
    z = moments_of(m.variables, ("a", "b"), mean, Sigma)
    got = (
        evaluate(m.A, squeeze_spec, v).reshape(14, 14) @ z + evaluate(m.b, squeeze_spec, v).ravel()
    )
    ref = quadrature_system(numeric_model(squeeze_spec, v))
    Ti = T_matrix(2).conj().T
    want = d_moments(
        m.variables,
        ("a", "b"),
        Ti @ ref.A @ Ti.conj().T,
        Ti @ ref.c,
        Ti @ ref.D_W @ Ti.T,
        mean,
        Sigma,
    )
    assert np.allclose(got, want, rtol=1e-9, atol=1e-10 * np.abs(want).max())
    # M1 of the entry-by-entry system is the first-moment drift of the rows
    M1, f1, _ = full_drift(first, squeeze_spec, v)
    assert np.allclose(evaluate(m.M1, squeeze_spec, v).reshape(4, 4), M1)
    assert np.allclose(evaluate(m.f1, squeeze_spec, v).ravel(), f1)


def test_moment_budget_boundary(shipped):
    """2N^2 + 3N moments: 44 (N = 4) are derived entry by entry, 65 (N = 5) are not."""
    assert MOMENT_BUDGET == 44
    assert isinstance(shipped["two_batteries"].moments_full, GaussianMoments)
    assert len(shipped["two_batteries"].moments_full.variables) == 44
    assert isinstance(shipped["chain"].moments_full, Structured)
    assert "65 moments" in str(shipped["chain"].moments_full)


# ---------------------------------------------------------------------------------------------
# budgets: a large model derives with structured results


def test_star_of_batteries_is_structured_and_derived(star):
    d = star
    assert len(d.spec.modes) == 33 and d.spec.kept[0] == "a"
    assert len(d.spec.kept) > REDUCTION_KEPT
    structured = {k for k, v in d.forms.items() if v.startswith("structured: ")}
    for key in (
        "effective: elimination",
        "full: moment equations",
        "full: steady state: first moments",
        "full: steady state: second moments",
        "full: characteristic polynomial",
        "full: discriminant",
    ):
        assert key in structured, key
    assert d.forms["full: first moments and diffusion"] == CLOSED
    assert isinstance(d.reduction, Structured) and isinstance(d.first_effective, Structured)
    assert isinstance(d.moments_full, Structured) and "2277 moments" in str(d.moments_full)
    assert isinstance(d.spectrum_full.charpoly, Structured)
    assert form_of(d.spectrum_full.charpoly).startswith("structured: det(lambda - M)")
    assert d.first_full.M1x.shape == (33, 66) and d.first_full.Dn.shape == (66, 66)
    assert d.first_full.passive  # vacuum baths, no squeezing


def test_star_first_moments_against_reference(star):
    spec = star.spec
    rng = np.random.default_rng(7)
    v = values_for(spec, rng.uniform)
    ref = quadrature_system(numeric_model(spec, v))
    assert_matches_reference(star.first_full, spec, v, ref)
    # the numeric elimination of the reference is what the kernels do past the budget: the
    # derived full drift, eliminated numerically, is the reference's effective drift
    M1, _, _ = full_drift(star.first_full, spec, v)
    n = len(spec.modes)
    K_eff = schur(1j * M1[:n, :n], spec.modes, spec.eliminate)
    eff = eliminate(ref, spec.eliminate)
    kept = len(spec.kept)
    T = T_matrix(kept)
    M_eff = -1j * K_eff
    A = T @ np.block([[M_eff, 0 * M_eff], [0 * M_eff, M_eff.conj()]]) @ T.conj().T
    assert np.allclose(A.real, eff.A, atol=1e-10 * np.abs(eff.A).max())


def test_star_nonreciprocity_of_one_pair(star):
    """A single entry of K_eff is derived even past the budget: solved for the pair (a, b1), the
    coupling zeroes the Schur-complement entry computed with NumPy."""
    nr = star.nonreciprocity("a", "b1")
    assert nr.model == "effective"
    _check_pair(star.spec, nr, np.random.default_rng(3))


# ---------------------------------------------------------------------------------------------
# stages 4 and 5


def test_steady_state_and_spectrum_of_the_paper_model(paper):
    ss = paper.steady_effective
    assert ss.forms["first moments"] == CLOSED
    assert isinstance(ss.all, Structured)
    assert paper.forms["full: steady state: second moments"].startswith("structured: ")
    assert paper.forms["effective: discriminant"] == CLOSED
    spec = paper.spec
    spec_e = paper.spectrum_effective
    rng = np.random.default_rng(19)
    for _ in range(4):
        v = values_for(spec, rng.uniform)
        model = numeric_model(spec, v)
        M = -1j * schur(K_matrix(model), spec.modes, spec.eliminate)
        X = K_matrix(model)[:2, 2:] / K_matrix(model)[2, 2]
        f = -1j * (model.f[:2] - X @ model.f[2:])
        first = evaluate(ss.first, spec, v).ravel()
        assert ss.first_variables == ("<a>", "<b>")
        assert np.allclose(first, -np.linalg.solve(M, f))
        coeffs = np.array([evaluate(c, spec, v) for c in spec_e.charpoly], dtype=complex)
        assert np.allclose(coeffs, np.poly(M))
        ev = np.linalg.eigvals(M)
        D = complex(evaluate(spec_e.discriminant, spec, v))
        assert np.isclose(D, (ev[0] - ev[1]) ** 2)
        for param in ("J", "kappa_b", "Delta_a"):
            ep = spec_e.ep[param]
            assert isinstance(ep, EPPolynomial) and ep.variable.name == param
            x = v[param]
            num = sum(
                complex(evaluate(c, spec, v)) * x**k for k, c in enumerate(ep.coefficients[::-1])
            )
            assert np.isclose(num / complex(evaluate(ep.denominator, spec, v)), D)


def _roots(ep: EPPolynomial, spec, v) -> np.ndarray:
    coeffs = np.array([complex(evaluate(c, spec, v)) for c in ep.coefficients])
    return np.roots(coeffs)


def test_ep_root_in_J_is_a_coalescence_of_the_paper_drift(paper):
    """At theta = pi/2, Delta_c = 0 and equal detunings physics.md predicts an EP at
    J^2 = Gamma^2/4 + (Lambda_a - Lambda_b)^2/16; the EP polynomial has that root and the NumPy
    eigenvalues of the Schur-complement drift coalesce there (and not at 1.2 J)."""
    spec = paper.spec
    v = {k: p.default for k, p in spec.parameters.items()}
    v.update(kappa_a=0.3, kappa_b=1.1, Delta_a=0.2, Delta_b=0.2, g_a=1.0, g_b=1.5, kappa_c=8.0)
    Gamma = 4 * v["g_a"] * v["g_b"] / v["kappa_c"]
    La = v["kappa_a"] + 4 * v["g_a"] ** 2 / v["kappa_c"]
    Lb = v["kappa_b"] + 4 * v["g_b"] ** 2 / v["kappa_c"]
    J_ep = math.sqrt(Gamma**2 / 4 + (La - Lb) ** 2 / 16)
    roots = _roots(paper.spectrum_effective.ep["J"], spec, v)
    assert np.min(np.abs(roots - J_ep)) < 1e-9 * J_ep

    def gap(J):
        model = numeric_model(spec, {**v, "J": J})
        ev = np.linalg.eigvals(schur(K_matrix(model), spec.modes, spec.eliminate))
        return abs(ev[0] - ev[1])

    scale = La + Lb
    assert gap(J_ep) < 1e-6 * scale
    assert gap(1.2 * J_ep) > 1e-2 * scale


@settings(max_examples=10)
@given(data=st.data())
def test_ep_polynomials_of_a_three_mode_ring(data):
    """A 3x3 drift (no elimination): Disc = prod (lambda_i - lambda_j)^2 of NumPy eigenvalues,
    and every real positive root of the EP polynomial in J (sextic) is a point where two NumPy
    eigenvalues coincide."""
    d = _ring()
    spec = d.spectrum_full
    sp_ = d.spec
    v = _draw_values(data, sp_)
    M = -1j * K_matrix(numeric_model(sp_, v))
    ev = np.linalg.eigvals(M)
    disc = np.prod([(ev[i] - ev[j]) ** 2 for i in range(3) for j in range(i + 1, 3)])
    D = complex(evaluate(spec.discriminant, sp_, v))
    assert np.isclose(D, disc, rtol=1e-8, atol=1e-12)
    ep = spec.ep["J"]
    assert isinstance(ep, EPPolynomial) and len(ep.coefficients) == 7
    for root in _roots(ep, sp_, v):
        if abs(root.imag) > 1e-9 * abs(root) or root.real <= 0:
            continue
        ev = np.linalg.eigvals(-1j * K_matrix(numeric_model(sp_, {**v, "J": root.real})))
        gaps = [abs(ev[i] - ev[j]) for i in range(3) for j in range(i + 1, 3)]
        assert min(gaps) < 1e-5 * np.abs(ev).max(), (root, ev)


def test_ring_has_real_ep_roots_where_expected():
    """The same check at a point where the sextic has a real positive root (so the property above
    is not vacuous): a strongly damped end mode d."""
    d = _ring()
    v = {"Delta": 0.0, "J": 0.5, "K": 0.34, "F": 1.0, "kappa_a": 0.18, "kappa_b": 0.13}
    v["kappa_d"] = 1.65
    roots = [
        r.real
        for r in _roots(d.spectrum_full.ep["J"], d.spec, v)
        if abs(r.imag) < 1e-9 and r.real > 0
    ]
    assert roots
    for J in roots:
        ev = np.linalg.eigvals(-1j * K_matrix(numeric_model(d.spec, {**v, "J": J})))
        gaps = [abs(ev[i] - ev[j]) for i in range(3) for j in range(i + 1, 3)]
        assert min(gaps) < 1e-5
        ev2 = np.linalg.eigvals(-1j * K_matrix(numeric_model(d.spec, {**v, "J": 1.3 * J})))
        assert min(abs(ev2[i] - ev2[j]) for i in range(3) for j in range(i + 1, 3)) > 1e-3


@cache
def _ring() -> Derivation:
    return derive(parse_spec(RING_TOML, filename="ring.toml"))


def test_spectrum_budget_boundary(shipped):
    """Characteristic polynomials are expanded up to 4x4 (two_batteries full), not 5x5
    (chain full) or 6x6 (squeezed_charger full: squeezing doubles the drift)."""
    assert isinstance(shipped["two_batteries"].spectrum_full.charpoly, tuple)
    assert len(shipped["two_batteries"].spectrum_full.charpoly) == 5
    assert isinstance(shipped["chain"].spectrum_full.charpoly, Structured)
    sq = shipped["squeezed_charger"].spectrum_full
    assert isinstance(sq.charpoly, Structured) and sq.matrix.shape == (6, 6)
    assert "6x6" in str(sq.charpoly)


# ---------------------------------------------------------------------------------------------
# stage 6


def _check_pair(spec, nr, rng):
    """The derived condition against NumPy at a random point: with the solved coupling the
    Schur-complement entry (i, j) vanishes; with the model's own coupling it generally does
    not; the solved (J, theta) reproduce the coupling; ``forward`` is the remaining entry."""
    modes = list(spec.modes)
    i, j = modes.index(nr.source), modes.index(nr.target)
    kept = [m for m in modes if m not in spec.eliminate]
    ki, kj = kept.index(nr.source), kept.index(nr.target)
    v = values_for(spec, rng.uniform)
    model = numeric_model(spec, v)
    before = schur(K_matrix(model), modes, spec.eliminate)
    w = complex(evaluate(nr.value, spec, v))
    h = model.h.copy()
    h[i, j], h[j, i] = w, np.conj(w)
    solved = dataclasses.replace(model, h=h)
    after = schur(K_matrix(solved), modes, spec.eliminate)
    scale = np.abs(after).max()
    assert abs(after[ki, kj]) < 1e-10 * scale
    assert abs(before[ki, kj]) > 1e-6 * scale  # random values: the condition does not hold
    assert np.isclose(complex(evaluate(nr.forward, spec, v)), -1j * after[kj, ki])
    assert np.isclose(complex(evaluate(nr.condition, spec, v)), -1j * before[ki, kj])
    if nr.solution:
        named = nr.solution_named
        v2 = dict(v)
        for name, expr in named.items():
            v2[name] = float(np.real(evaluate(expr, spec, v)))
        redo = schur(K_matrix(numeric_model(spec, v2)), modes, spec.eliminate)
        assert abs(redo[ki, kj]) < 1e-10 * np.abs(redo).max()
    return v


@pytest.mark.parametrize("name", SHIPPED)
def test_nonreciprocity_zeroes_the_schur_entry(shipped, name):
    d = shipped[name]
    pairs = d.coupled_pairs()
    assert pairs
    rng = np.random.default_rng(len(name))
    for source, target in pairs:
        nr = d.nonreciprocity(source, target)
        assert nr.model == "effective"
        assert set(nr.solution_named) == {
            n for n in d.spec.parameters if n.startswith(("J", "theta"))
        } & {str(s) for s in nr.coupling.free_symbols}
        for _ in range(2):
            _check_pair(d.spec, nr, rng)


def test_nonreciprocity_of_the_paper_pair(paper):
    nr = paper.nonreciprocity("a", "b")
    p = paper.full.params
    J, th = p["J"], p["theta"]
    assert set(nr.solution) == {J, th}
    rng = np.random.default_rng(23)
    for _ in range(5):
        ga, gb, kc = rng.uniform(0.3, 2, 3)
        dc = rng.uniform(-2, 2)
        at = {p["g_a"]: ga, p["g_b"]: gb, p["kappa_c"]: kc, p["Delta_c"]: dc}
        assert np.isclose(float(nr.solution[J].subs(at)), ga * gb / np.sqrt(dc**2 + kc**2 / 4))
        assert np.isclose(float(nr.solution[th].subs(at)), np.arctan2(kc / 2, dc))
    at0 = {p["Delta_c"]: 0}
    # what remains at Delta_c = 0: M21 = -Gamma (physics.md)
    assert sp.simplify(nr.forward.subs(at0) + 4 * p["g_a"] * p["g_b"] / p["kappa_c"]) == 0
    with pytest.raises(ModelError, match="eliminated"):
        paper.nonreciprocity("a", "c")
    with pytest.raises(ModelError, match="must be different"):
        paper.nonreciprocity("a", "a")
    with pytest.raises(ModelError, match="unknown mode"):
        paper.nonreciprocity("a", "q")


def test_nonreciprocity_without_elimination_and_without_coupling(squeeze_spec):
    """Without eliminated modes the condition is on the full drift: K_ab itself, which the
    coupling K*(a'b + b'a) then must cancel exactly (value 0 relative to the collective jump's
    contribution); a pair without coherent coupling is refused."""
    qf = quadratic_form(squeeze_spec)
    nr = pair_nonreciprocity(qf, (), "a", "b")
    assert nr.model == "full" and nr.solution == {}  # K is real, not J exp(i theta)
    s = squeeze_spec.symbols
    # K_ab = K - (i/2)(G_u - G_v)_ab with G_u from L = a + eps b' (no a-b annihilation pair) and
    # G_v from it: (G_v)_ab = 0 too: the condition is K = 0
    assert sp.simplify(nr.value) == 0
    assert sp.simplify(nr.condition + sp.I * s["K"]) == 0
    ring = _ring()
    with pytest.raises(ModelError, match="no coherent coupling"):
        ring.nonreciprocity("a", "d")
    rng = np.random.default_rng(4)
    _check_pair(ring.spec, ring.nonreciprocity("a", "b"), rng)


# ---------------------------------------------------------------------------------------------
# stage 7: Gaussian ergotropy against Fock space

CUTOFF = 100


def _fock_ops(cutoff: int):
    a = np.diag(np.sqrt(np.arange(1, cutoff)), 1)
    return a, a.conj().T


def fock_state(alpha: complex, n0: float, r: float, phi: float, cutoff: int = CUTOFF):
    r""":math:`D(\alpha)S(\xi)\rho_{th}(n_0)S^\dagger D^\dagger`, :math:`\xi = re^{i\phi}`,
    :math:`S(\xi) = e^{(\xi^*a^2 - \xi a^{\dagger2})/2}`, in a truncated Fock space."""
    a, ad = _fock_ops(cutoff)
    k = np.arange(cutoff)
    p = (n0**k / (n0 + 1) ** (k + 1)) if n0 > 0 else (k == 0).astype(float)
    rho = np.diag(p).astype(complex)
    xi = r * np.exp(1j * phi)
    S = sla.expm(0.5 * (np.conj(xi) * a @ a - xi * ad @ ad))
    D = sla.expm(alpha * ad - np.conj(alpha) * a)
    U = D @ S
    return U @ rho @ U.conj().T


def fock_ergotropy(rho: np.ndarray, energies: np.ndarray) -> float:
    """``Tr(rho H) - sum_k p_k^(desc) E_k^(asc)`` (the passive state's energy)."""
    H = np.diag(energies)
    p = np.sort(np.linalg.eigvalsh(0.5 * (rho + rho.conj().T)))[::-1]
    return float(np.real(np.trace(rho @ H)) - np.sort(energies) @ p)


def fock_quadratures(rho, ops):
    """Means of ``r = (q_1..q_N, p_1..p_N)`` and ``W = V - I/2`` from Fock-space operators."""
    q = [(x + x.conj().T) / np.sqrt(2) for x in ops]
    p = [(x - x.conj().T) / (1j * np.sqrt(2)) for x in ops]
    r_ops = q + p
    mean = np.array([np.real(np.trace(rho @ o)) for o in r_ops])
    m = len(r_ops)
    V = np.zeros((m, m))
    for i in range(m):
        for j in range(m):
            sym = 0.5 * (r_ops[i] @ r_ops[j] + r_ops[j] @ r_ops[i])
            V[i, j] = np.real(np.trace(rho @ sym)) - mean[i] * mean[j]
    return mean, V - np.eye(m) / 2


@settings(max_examples=12)
@given(
    st.complex_numbers(max_magnitude=1.0),
    st.floats(0.0, 0.6),
    st.floats(0.0, 0.5),
    st.floats(-math.pi, math.pi),
    st.floats(0.5, 2.0),
)
def test_single_mode_ergotropy_against_fock_space(alpha, n0, r, phi, omega):
    """The kernel ``mode_ergotropy`` (from the reference's W of the product state) and the
    stage-7 definition ``omega (n - (nu - 1/2))`` with ``nu = sqrt(det V)`` from Fock-space
    moments, against the passive-state energy of the Fock-space density matrix."""
    from nrqb_sym.derive.observables import observable_table
    from nrqb_sym.runtime.numerics import mode_ergotropy

    rho = fock_state(alpha, n0, r, phi)
    a, ad = _fock_ops(CUTOFF)
    assert abs(np.trace(rho) - 1) < 1e-10 and abs(rho[-1, -1]) < 1e-13  # truncation harmless
    want = fock_ergotropy(rho, omega * np.arange(CUTOFF))
    _, W = ProductState(
        np.array([alpha]), np.array([n0]), np.array([r]), np.array([phi])
    ).quadratures()
    got = mode_ergotropy(omega, abs(alpha) ** 2, W[0, 0], W[1, 1], W[0, 1])
    assert got == pytest.approx(want, rel=1e-7, abs=1e-9)
    # the definition of derive.observables, with n and nu from Fock space
    spec = load_spec(PAPER_MODEL)
    row = {n: e for n, _, e in observable_table(spec, spec.kept)}["W_a"]
    mean, Wf = fock_quadratures(rho, [a])
    nu = math.sqrt(np.linalg.det(Wf + np.eye(2) / 2))
    n_occ = float(np.real(np.trace(rho @ ad @ a)))
    subs = {}
    for s in row.free_symbols:
        subs[s] = omega if s.name == "omega_a" else (nu if "nu" in s.name else n_occ)
    assert float(row.xreplace(subs)) == pytest.approx(want, rel=1e-7, abs=1e-9)
    # coherent: ergotropy = energy; thermal: 0
    if r == 0 and n0 == 0:
        assert got == pytest.approx(omega * abs(alpha) ** 2, rel=1e-12, abs=1e-15)


def _two_mode(cutoff=18):
    a1, ad1 = _fock_ops(cutoff)
    eye = np.eye(cutoff)
    return np.kron(a1, eye), np.kron(eye, a1)


def _joint(rho, omegas, ops):
    from nrqb_sym.runtime.model import _joint_ergotropy

    mean, W = fock_quadratures(rho, ops)
    return float(
        _joint_ergotropy(
            ("a", "b"),
            ("a", "b"),
            list(omegas),
            None,
            False,
            mean[None],
            W[None],
            None,
            None,
            None,
            "full",
        )[0]
    )


@pytest.mark.parametrize("r, alpha", [(0.3, 0.0), (0.4, 0.5 - 0.2j)])
def test_joint_ergotropy_of_a_pure_two_mode_state(r, alpha):
    """A displaced two-mode squeezed vacuum is pure: every symplectic eigenvalue is 1/2 and the
    joint Gaussian ergotropy is its whole energy (Fock space: passive state = vacuum)."""
    a, b = _two_mode()
    omegas = (1.0, 1.7)
    U = sla.expm(r * (a @ b - a.conj().T @ b.conj().T))
    D = sla.expm(alpha * a.conj().T - np.conj(alpha) * a)
    psi0 = np.zeros(a.shape[0], complex)
    psi0[0] = 1
    psi = D @ U @ psi0
    rho = np.outer(psi, psi.conj())
    levels = np.add.outer(omegas[0] * np.arange(18), omegas[1] * np.arange(18)).ravel()
    full = fock_ergotropy(rho, levels)
    energy = float(np.real(psi.conj() @ np.diag(levels) @ psi))
    assert full == pytest.approx(energy, rel=1e-8)
    assert _joint(rho, omegas, [a, b]) == pytest.approx(full, rel=1e-6)


def test_joint_ergotropy_of_thermal_states_swaps_occupations():
    """Thermal product with the hotter mode at the higher frequency: a Gaussian swap extracts
    (omega_a - omega_b)(n_a - n_b); the full (Fock-space) ergotropy is at least that, and a
    beam splitter mixing them leaves the joint value unchanged but the single-mode ones lower."""
    cutoff = 18
    a, b = _two_mode(cutoff)
    na, nb, wa, wb = 0.5, 0.1, 1.8, 1.0
    k = np.arange(cutoff)
    pa, pb = na**k / (na + 1) ** (k + 1), nb**k / (nb + 1) ** (k + 1)
    rho = np.diag(np.kron(pa, pb)).astype(complex)
    levels = np.add.outer(wa * k, wb * k).ravel()
    swap = (wa - wb) * (na - nb)
    joint = _joint(rho, (wa, wb), [a, b])
    assert joint == pytest.approx(swap, rel=1e-6)
    assert fock_ergotropy(rho, levels) >= joint - 1e-9
    # a 50:50 beam splitter (a Gaussian unitary) then local ergotropies no longer vanish, and the
    # joint Gaussian ergotropy is at least their sum
    U = sla.expm(np.pi / 4 * (a.conj().T @ b - b.conj().T @ a))
    rho2 = U @ rho @ U.conj().T
    joint2 = _joint(rho2, (wa, wb), [a, b])
    from nrqb_sym.runtime.numerics import mode_ergotropy

    mean, W = fock_quadratures(rho2, [a, b])
    local = sum(
        mode_ergotropy(
            w, 0.5 * (mean[i] ** 2 + mean[2 + i] ** 2), W[i, i], W[2 + i, 2 + i], W[i, 2 + i]
        )
        for i, w in enumerate((wa, wb))
    )
    assert local >= -1e-12
    assert joint2 >= local - 1e-9
    assert fock_ergotropy(rho2, levels) >= joint2 - 1e-9


# ---------------------------------------------------------------------------------------------
# documents

SMALL_TOML = """
name = "small"
description = "a driven cavity a coupled to a battery b"
modes = ["a", "b"]
hamiltonian = "Delta*dag(a)*a + J*(dag(a)*b + dag(b)*a) + F*(a + dag(a))"
[parameters]
Delta = { kind = "real", default = 0.0, latex = '\\Delta' }
J = { kind = "nonnegative", default = 0.5 }
F = { kind = "real", default = 0.5 }
kappa = { kind = "positive", default = 1.0, latex = '\\kappa' }
n_b = { kind = "nonnegative", default = 0.0 }
[energies]
b = "1"
[[dissipators]]
rate = "kappa"
operator = "a"
[[dissipators]]
rate = "kappa*(n_b + 1)"
operator = "b"
[[dissipators]]
rate = "kappa*n_b"
operator = "dag(b)"
"""


def _check_headers(docs: dict[str, str], digest: str, regenerate: str):
    for name, text in docs.items():
        assert text.startswith("<!--\nGENERATED FILE - DO NOT EDIT.\n"), name
        head = text.split("-->", 1)[0]
        assert f"Model+pipeline hash: sha256:{digest}" in head
        assert f"Regenerate with: {regenerate}" in head


def test_documents_of_a_small_model_keep_every_equation():
    d = derive(parse_spec(SMALL_TOML, filename="small.toml"))
    digest = "f" * 64
    docs = render_documents(d, digest, "small.toml", "nrqb generate --model-file small.toml")
    assert docs == render_documents(
        d, digest, "small.toml", "nrqb generate --model-file small.toml"
    )
    assert set(docs) == {
        "01_model.md",
        "02_elimination.md",
        "03_moments.md",
        "04_steady_state.md",
        "05_spectrum.md",
        "06_nonreciprocity.md",
        "07_observables.md",
        "README.md",
    }
    _check_headers(docs, digest, "nrqb generate --model-file small.toml")
    moments = docs["03_moments.md"]
    assert "**full: A**" in moments and "**full: equations**" in moments
    m = d.moments_full
    assert isinstance(m, GaussianMoments)
    lines = re.findall(r"^\\frac\{d\}\{dt\}(\\langle [^=]*\\rangle) = ", moments, flags=re.M)
    assert len(lines) == len(m.variables) == 14
    assert len(set(lines)) == 14
    # each printed right-hand side is the derived one (printed with the same names)
    eq_a = re.search(r"^\\frac\{d\}\{dt\}\\langle a\\rangle = (.*)$", moments, flags=re.M)
    assert eq_a is not None and r"\kappa" in eq_a.group(1) and "F" in eq_a.group(1)
    # every result's form is stated, and the README's table is d.forms
    for name, text in docs.items():
        if name not in ("README.md", "02_elimination.md", "07_observables.md"):
            assert "*Form: " in text, name
    for key, form in d.forms.items():
        assert f"| {key} | {form} |" in docs["README.md"]
    assert "No modes are eliminated" in docs["02_elimination.md"]
    assert "| `W_b` | ergotropy |" in docs["07_observables.md"]


def test_documents_of_the_paper_model_state_forms(paper):
    docs = render_documents(paper, "0" * 64, "nrqb.toml", "nrqb generate")
    for key, form in paper.forms.items():
        assert f"| {key} | {form} |" in docs["README.md"]
    assert "| effective: steady state: first moments | closed form |" in docs["README.md"]
    assert r"\Gamma" in docs["02_elimination.md"]
    assert "**effective: equations**" in docs["03_moments.md"]  # 2 kept modes
    assert "**full: equations**" not in docs["03_moments.md"]  # 3 modes: matrix only
    assert "**full: A**" in docs["03_moments.md"]
    assert "## b does not act back on a" in docs["06_nonreciprocity.md"]
    assert "| `R` | derived |" in docs["07_observables.md"]


def test_documents_of_a_large_model_keep_the_structured_form(star):
    docs = render_documents(star, "1" * 64, "star.toml", "nrqb generate --model-file star.toml")
    _check_headers(docs, "1" * 64, "nrqb generate --model-file star.toml")
    moments = docs["03_moments.md"]
    assert "**full: A**" not in moments and "**full: equations**" not in moments
    assert "structured: 2277 moments exceed the entry-by-entry budget (44)" in moments
    # the 66x66 diffusion and the 33x66 rows as their non-zero entries, not as dense matrices
    assert "$M_1$: 33x66," in moments and "non-zero entries; the others vanish" in moments
    assert "$D_n$: 66x66, 0 non-zero entries" in moments  # vacuum baths: passive
    assert (
        "the kernels" in docs["02_elimination.md"]
        and "structured: K_eff" in docs["02_elimination.md"]
    )
    assert "structured: det(lambda - M) evaluated numerically" in docs["05_spectrum.md"]
    assert "The first 12 of" in docs["06_nonreciprocity.md"]
    for key, form in star.forms.items():
        assert f"| {key} | {form} |" in docs["README.md"]
    # a document grows like the model: far below what 2277 printed equations would take
    assert sum(len(t) for t in docs.values()) < 2_000_000
