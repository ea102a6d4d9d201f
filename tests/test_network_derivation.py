r"""The generic derivation stages (nrqb_sym.derive.quadratic ... network) against independent
references.

* Reduction of the paper's model against the closed forms of physics.md
  (:math:`\Gamma_a = 4g_a^2/\kappa_c`, ...) and against the paper pipeline's effective drift.
* Moment equations against a quadrature reference written here: for numeric :math:`h, s, f` and
  jump vectors, :math:`H = \tfrac12 r^TGr + c^Tr`, :math:`L_k = \lambda_k^T r`,
  :math:`r = (q, p)`, :math:`x = (q + ip)/\sqrt2`,

  .. math::

      \dot{\langle r\rangle} = A_q\langle r\rangle + \Omega c, \quad
      A_q = \Omega\big(G - \operatorname{Im}\textstyle\sum_k\lambda_k\lambda_k^\dagger\big), \quad
      \dot V = A_qV + VA_q^T + \Omega\operatorname{Re}\big(\textstyle\sum_k
      \lambda_k\lambda_k^\dagger\big)\Omega^T,

  evaluated on a random Gaussian state and compared with the derived :math:`Az + b`.
* Nonreciprocity of the pair (a, b) against the paper pipeline and physics.md.
* Refusals and the bounded cost on a five-mode model.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from nrqb_sym.codegen.network_documents import render_network_documents
from nrqb_sym.derive.ep import EPPolynomial
from nrqb_sym.derive.gaussian_moments import adjoint_generator, gaussian_moments
from nrqb_sym.derive.network import derive_network
from nrqb_sym.derive.quadratic import dissipator_terms, hamiltonian_poly, quadratic_form
from nrqb_sym.derive.reduction import reduce_model
from nrqb_sym.derive.steady_state import Structured
from nrqb_sym.model import algebra as alg
from nrqb_sym.model.spec import Channel, ModelError, ModelSpec, Parameter

# ---------------------------------------------------------------------------------------------
# models, built directly from polynomials


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


def _ops(modes):
    return {m: alg.ladder(m) for m in modes}, {m: alg.ladder(m, True) for m in modes}


def _thermal(s, modes):
    out = []
    for m in modes:
        k, n = s[f"kappa_{m}"], s[f"n_{m}"]
        out += [(k * (n + 1), alg.ladder(m)), (k * n, alg.ladder(m, True))]
    return out


PAPER_KINDS = {
    **{f"Delta_{m}": "real" for m in "abc"},
    **{f"kappa_{m}": "positive" for m in "abc"},
    "g_a": "positive",
    "g_b": "positive",
    "J": "nonnegative",
    "theta": "real",
    "F": "real",
    **{f"n_{m}": "nonnegative" for m in "abc"},
}


def _sym(kinds):
    return {k: Parameter(k, v).symbol for k, v in kinds.items()}


def paper_spec() -> ModelSpec:
    s = _sym(PAPER_KINDS)
    a, ad = _ops("abc")
    H = alg.add(
        *(alg.scale(s[f"Delta_{m}"], alg.mul(ad[m], a[m])) for m in "abc"),
        alg.scale(s["J"] * sp.exp(sp.I * s["theta"]), alg.mul(ad["a"], a["b"])),
        alg.scale(s["J"] * sp.exp(-sp.I * s["theta"]), alg.mul(ad["b"], a["a"])),
        alg.scale(s["g_a"], alg.add(alg.mul(ad["a"], a["c"]), alg.mul(ad["c"], a["a"]))),
        alg.scale(s["g_b"], alg.add(alg.mul(ad["b"], a["c"]), alg.mul(ad["c"], a["b"]))),
        alg.scale(s["F"], alg.add(a["a"], ad["a"])),
    )
    return _spec("paper", "abc", PAPER_KINDS, H, _thermal(s, "abc"), eliminate=("c",))


SQUEEZE_KINDS = {
    "Delta_a": "real",
    "Delta_b": "real",
    "kappa_a": "positive",
    "kappa_b": "positive",
    "n_a": "nonnegative",
    "n_b": "nonnegative",
    "G": "nonnegative",
    "r": "real",
    "phi": "real",
    "K": "real",
    "F": "real",
    "eps": "positive",
}


def squeeze_spec() -> ModelSpec:
    """Two-mode and single-mode squeezing, a beam splitter, a complex drive and a jump that
    mixes annihilation and creation operators (L = a + eps b')."""
    s = _sym(SQUEEZE_KINDS)
    a, ad = _ops("ab")
    H = alg.add(
        alg.scale(s["Delta_a"], alg.mul(ad["a"], a["a"])),
        alg.scale(s["Delta_b"], alg.mul(ad["b"], a["b"])),
        alg.scale(s["G"], alg.add(alg.mul(a["a"], a["b"]), alg.mul(ad["a"], ad["b"]))),
        alg.scale(
            s["r"] / 2,
            alg.add(
                alg.scale(sp.exp(sp.I * s["phi"]), alg.mul(ad["b"], ad["b"])),
                alg.scale(sp.exp(-sp.I * s["phi"]), alg.mul(a["b"], a["b"])),
            ),
        ),
        alg.scale(s["K"], alg.add(alg.mul(ad["a"], a["b"]), alg.mul(ad["b"], a["a"]))),
        alg.scale(s["F"] * sp.exp(sp.I * s["phi"]), ad["a"]),
        alg.scale(s["F"] * sp.exp(-sp.I * s["phi"]), a["a"]),
    )
    channels = _thermal(s, "ab") + [(s["kappa_a"], alg.add(a["a"], alg.scale(s["eps"], ad["b"])))]
    return _spec("squeeze", "ab", SQUEEZE_KINDS, H, channels)


FIVE_KINDS = {
    **{f"Delta_{m}": "real" for m in "abdec"},
    **{f"kappa_{m}": "positive" for m in "abdec"},
    **{f"g_{m}": "positive" for m in "abde"},
    **{f"n_{m}": "nonnegative" for m in "abdec"},
    "J": "nonnegative",
    "theta": "real",
    "K": "nonnegative",
    "G": "nonnegative",
    "F": "real",
    "F_d": "real",
}


def five_mode_spec() -> ModelSpec:
    """Four kept modes sharing one bad cavity c, a coherent link, a beam splitter d-e, two-mode
    squeezing between a and b, two drives and thermal baths everywhere (symbolic)."""
    s = _sym(FIVE_KINDS)
    a, ad = _ops("abdec")
    terms = [alg.scale(s[f"Delta_{m}"], alg.mul(ad[m], a[m])) for m in "abdec"]
    terms += [
        alg.scale(s[f"g_{m}"], alg.add(alg.mul(ad[m], a["c"]), alg.mul(ad["c"], a[m])))
        for m in "abde"
    ]
    terms += [
        alg.scale(s["J"] * sp.exp(sp.I * s["theta"]), alg.mul(ad["a"], a["b"])),
        alg.scale(s["J"] * sp.exp(-sp.I * s["theta"]), alg.mul(ad["b"], a["a"])),
        alg.scale(s["K"], alg.add(alg.mul(ad["d"], a["e"]), alg.mul(ad["e"], a["d"]))),
        alg.scale(s["G"], alg.add(alg.mul(a["a"], a["b"]), alg.mul(ad["a"], ad["b"]))),
        alg.scale(s["F"], alg.add(a["a"], ad["a"])),
        alg.scale(s["F_d"], alg.add(a["d"], ad["d"])),
    ]
    return _spec(
        "five", "abdec", FIVE_KINDS, alg.add(*terms), _thermal(s, "abdec"), eliminate=("c",)
    )


TWO_CAVITY_KINDS = {
    **{f"Delta_{m}": "real" for m in "abce"},
    **{f"kappa_{m}": "positive" for m in "abce"},
    **{f"n_{m}": "nonnegative" for m in "abce"},
    "g_a": "positive",
    "g_b": "positive",
    "g_e": "positive",
    "phi": "real",
    "K_ce": "real",
    "G": "nonnegative",
    "F": "real",
    "F_c": "real",
}


def two_cavity_spec() -> ModelSpec:
    """Kept a, b; two coupled fast cavities c, e eliminated at once; a complex coupling
    g_b e^{i phi} b'c, a driven cavity, squeezing between the kept modes, thermal baths."""
    s = _sym(TWO_CAVITY_KINDS)
    a, ad = _ops("abce")

    def bs(c, x, y):
        return alg.scale(c, alg.add(alg.mul(ad[x], a[y]), alg.mul(ad[y], a[x])))

    H = alg.add(
        *(alg.scale(s[f"Delta_{m}"], alg.mul(ad[m], a[m])) for m in "abce"),
        bs(s["g_a"], "a", "c"),
        alg.scale(s["g_b"] * sp.exp(sp.I * s["phi"]), alg.mul(ad["b"], a["c"])),
        alg.scale(s["g_b"] * sp.exp(-sp.I * s["phi"]), alg.mul(ad["c"], a["b"])),
        bs(s["g_e"], "b", "e"),
        bs(s["K_ce"], "c", "e"),
        alg.scale(s["G"], alg.add(alg.mul(a["a"], a["b"]), alg.mul(ad["a"], ad["b"]))),
        alg.scale(s["F"], alg.add(a["a"], ad["a"])),
        alg.scale(s["F_c"], alg.add(a["c"], ad["c"])),
    )
    return _spec(
        "two_cavities", "abce", TWO_CAVITY_KINDS, H, _thermal(s, "abce"), eliminate=("c", "e")
    )


# ---------------------------------------------------------------------------------------------
# independent numeric reference (quadratures)


def _U(n):
    return np.hstack([np.eye(n), 1j * np.eye(n)]) / np.sqrt(2)


def quadrature_reference(h, s, f, jumps):
    """``(A_q, b_q, D)`` of the quadrature equations for numeric ``h, s, f`` and
    ``jumps = [(rate, u, v)]`` (L = u.x + v.x')."""
    n = len(f)
    U = _U(n)
    W = U.conj().T @ h @ U + 0.5 * (U.conj().T @ s @ U.conj() + U.T @ s.conj() @ U)
    G = W + W.T
    assert np.allclose(G.imag, 0)
    c = 2 * (U.conj().T @ f).real
    Om = np.block([[np.zeros((n, n)), np.eye(n)], [-np.eye(n), np.zeros((n, n))]])
    Lam = np.zeros((2 * n, 2 * n), complex)
    for rate, u, v in jumps:
        lam = U.T @ u + U.conj().T @ v
        Lam += rate * np.outer(lam, lam.conj())
    A = Om @ (G.real - Lam.imag)
    return A, Om @ c, Om @ Lam.real @ Om.T


def random_gaussian(n, rng):
    """Mean and a valid symmetrised covariance (a thermal state squeezed and rotated)."""
    m = rng.normal(size=2 * n)
    X = rng.normal(size=(2 * n, 2 * n)) * 0.3
    S = np.eye(2 * n) + X - X.T  # any real matrix; V = S (I/2 + T) S^T is positive
    T = np.diag(np.repeat(rng.uniform(0.1, 1.0, n), 2))
    V = S @ (np.eye(2 * n) / 2 + T) @ S.T
    return m, V


def moments_of(modes, variables, m, S):
    """The moment vector z for a mean ``m`` and second-moment matrix ``S = <r r^T>``."""
    n = len(modes)
    U = _U(n)
    x = U @ m
    xd = x.conj()
    N = U.conj() @ S @ U.T  # <x_i' x_j>
    P = U @ S @ U.T  # <x_i x_j>
    Q = U.conj() @ S @ U.conj().T  # <x_i' x_j'>
    idx = {k: i for i, k in enumerate(modes)}
    out = []
    for v in variables:
        body = v[1:-1]
        toks = []
        k = 0
        while k < len(body):
            mode = body[k]
            dag = k + 1 < len(body) and body[k + 1] == "'"
            toks.append((idx[mode], dag))
            k += 2 if dag else 1
        if len(toks) == 1:
            i, dag = toks[0]
            out.append(xd[i] if dag else x[i])
        else:
            (i, di), (j, dj) = toks
            out.append(N[i, j] if di and not dj else Q[i, j] if di else P[i, j])
    return np.array(out)


def reference_derivative(A, b, D, m, V, modes, variables):
    """``dz/dt`` from the quadrature equations on the state (m, V)."""
    n = len(modes)
    Om = np.block([[np.zeros((n, n)), np.eye(n)], [-np.eye(n), np.zeros((n, n))]])
    dm = A @ m + b
    dV = A @ V + V @ A.T + D
    dS = dV + np.outer(dm, m) + np.outer(m, dm)
    S = V + np.outer(m, m) + 0.5j * Om
    z = moments_of(modes, variables, m, S)
    # the moments are linear in (m, S): their derivatives are the same maps applied to (dm, dS)
    return z, moments_of(modes, variables, dm, dS)


def numeric(expr_matrix, symbols, values):
    f = sp.lambdify(list(symbols), expr_matrix, modules="numpy")
    return np.array(f(*[values[s] for s in symbols]), dtype=complex)


def random_values(spec, rng):
    out = {}
    for name, p in spec.parameters.items():
        sym = p.symbol
        if name.startswith("n_"):
            out[sym] = rng.uniform(0.0, 0.8)
        elif p.kind == "real":
            out[sym] = rng.uniform(-1.5, 1.5)
        else:
            out[sym] = rng.uniform(0.3, 2.0)
    return out


def derived_derivative(moments, values, z):
    syms = sorted(moments.A.free_symbols | moments.b.free_symbols, key=str)
    A = numeric(moments.A, syms, values) if syms else np.array(moments.A, dtype=complex)
    b = numeric(moments.b, syms, values) if syms else np.array(moments.b, dtype=complex)
    return A @ z + b.ravel()


# ---------------------------------------------------------------------------------------------
# fixtures


@pytest.fixture(scope="module")
def paper():
    return derive_network(paper_spec())


@pytest.fixture(scope="module")
def pipeline_pieces():
    """The paper pipeline's elimination, effective drift and nonreciprocity (no derive())."""
    from nrqb_sym.derive.elimination import eliminate
    from nrqb_sym.derive.moments import moment_system
    from nrqb_sym.derive.nonreciprocity import solve_nonreciprocity
    from nrqb_sym.model.core import three_mode_model

    model = three_mode_model()
    eff = moment_system(eliminate(model, "c").effective)
    nr = solve_nonreciprocity(eff.M, model.params["J"], model.params["theta"])
    return model, eff, nr


def paper_numbers(v, p):
    """h, s, f and jumps of the paper's model as numbers (from physics.md, not the code)."""
    Da, Db, Dc = v[p["Delta_a"]], v[p["Delta_b"]], v[p["Delta_c"]]
    ga, gb, J, th, F = v[p["g_a"]], v[p["g_b"]], v[p["J"]], v[p["theta"]], v[p["F"]]
    h = np.array(
        [
            [Da, J * np.exp(1j * th), ga],
            [J * np.exp(-1j * th), Db, gb],
            [ga, gb, Dc],
        ]
    )
    jumps = []
    for i, mname in enumerate("abc"):
        k, n = v[p[f"kappa_{mname}"]], v[p[f"n_{mname}"]]
        e = np.eye(3)[i]
        jumps += [(k * (n + 1), e, 0 * e), (k * n, 0 * e, e)]
    return h, np.zeros((3, 3)), np.array([F, 0, 0], complex), jumps


# ---------------------------------------------------------------------------------------------
# stage 1


def test_quadratic_form_round_trip():
    spec = squeeze_spec()
    qf = quadratic_form(spec)
    back = hamiltonian_poly(qf)
    assert alg.add(back, alg.scale(-1, spec.hamiltonian)) == {}
    s = spec.symbols
    # squeezing: G(ab + a'b') is s_ab = G; r/2 e^{i phi} b'b' is s_bb/2
    assert sp.simplify(qf.s[0, 1] - s["G"]) == 0
    assert sp.simplify(qf.s[1, 1] - s["r"] * sp.exp(sp.I * s["phi"])) == 0
    assert qf.has_squeezing and qf.has_mixed_dissipation
    # the Kossakowski generator reproduces adjoint_lindblad channel by channel
    x = alg.mul(alg.ladder("a", True), alg.ladder("b"))
    ref = alg.adjoint_lindblad(spec.hamiltonian, [(c.rate, c.operator) for c in spec.channels], x)
    got = adjoint_generator(spec.hamiltonian, dissipator_terms(qf), x)
    assert alg.add(ref, alg.scale(-1, got)) == {}


def test_refuses_quartic_and_nonlinear():
    s = _sym({"chi": "real", "kappa": "positive"})
    b, bd = alg.ladder("b"), alg.ladder("b", True)
    kerr = alg.scale(s["chi"], alg.mul(bd, bd, b, b))
    spec = _spec("kerr", "b", {"chi": "real", "kappa": "positive"}, kerr, [(s["kappa"], b)])
    with pytest.raises(ModelError, match=r"do not close: chi\*b'b'bb is quartic; nrqb handles"):
        quadratic_form(spec)
    bad = _spec("nl", "b", {"kappa": "positive"}, {}, [(s["kappa"], alg.mul(b, b))])
    with pytest.raises(ModelError, match="not linear"):
        quadratic_form(bad)


# ---------------------------------------------------------------------------------------------
# stage 2


def test_paper_reduction_matches_physics(paper):
    r = paper.reduction
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
    M = paper.moments_effective.M.subs(at0)
    assert (M - M_ref).applyfunc(lambda e: sp.simplify(sp.expand(e))) == sp.zeros(2, 2)
    assert (paper.moments_effective.f - sp.Matrix([-sp.I * p["F"], 0])) == sp.zeros(2, 1)
    # the thermal bath of c reaches a as a collective bath with occupation n_c
    Gu = r.C_eff[0, 0].subs(at0)
    ref = p["kappa_a"] * (p["n_a"] + 1) + Gamma[0, 0] * (p["n_c"] + 1)
    assert sp.simplify(Gu - ref) == 0


def test_paper_reduction_matches_pipeline(paper, pipeline_pieces):
    model, eff, _ = pipeline_pieces
    rng = np.random.default_rng(3)
    ours = paper.moments_effective.M
    names = sorted(model.params)
    for _ in range(5):
        vals = {n: rng.uniform(0.3, 1.7) for n in names}
        vals["Delta_c"] = rng.uniform(-2, 2)
        a = complex_matrix(
            ours, {paper.full.params[n]: v for n, v in vals.items() if n in paper.full.params}
        )
        b = complex_matrix(eff.M, {model.params[n]: v for n, v in vals.items()})
        assert np.allclose(a, b, rtol=1e-12, atol=1e-12)


def complex_matrix(M, subs):
    return np.array(sp.Matrix(M).evalf(subs=subs), dtype=complex)


def test_reduction_is_a_lindblad_model(paper):
    """K_eff = h_eff - (i/2)(G_u - G_v)_eff, h_eff Hermitian, C_eff Hermitian PSD."""
    r = paper.reduction
    rng = np.random.default_rng(5)
    for _ in range(3):
        v = random_values(paper.spec, rng)
        K = complex_matrix(r.K_eff, v)
        h = complex_matrix(r.h_eff, v)
        C = complex_matrix(r.C_eff, v)
        Gu, Gv = C[:2, :2], C[2:, 2:].T
        assert np.allclose(K, h - 0.5j * (Gu - Gv))
        assert np.allclose(h, h.conj().T)
        assert np.allclose(C, C.conj().T)
        assert np.linalg.eigvalsh(C).min() > -1e-12


def test_elimination_refusals():
    kinds = {**PAPER_KINDS, "G": "nonnegative"}
    s = _sym(kinds)
    a, ad = _ops("abc")
    base = paper_spec()
    channels = [(c.rate, c.operator) for c in base.channels]
    squeezed = alg.add(
        base.hamiltonian,
        alg.scale(s["G"], alg.add(alg.mul(a["a"], a["c"]), alg.mul(ad["a"], ad["c"]))),
    )
    spec = _spec("sq", "abc", kinds, squeezed, channels, ("c",))
    # the parser's format "FILE: KEY: reason at 'TOKEN'" (the model name when there is no file)
    with pytest.raises(
        ModelError, match=r"^sq: eliminate: cannot eliminate mode 'c': the squeezing term G\*a'c'"
    ) as info:
        derive_network(spec)
    assert str(info.value).endswith(" at 'c'")
    with pytest.raises(ModelError, match=r"^models/sq\.toml: eliminate: cannot eliminate mode 'c'"):
        derive_network(dataclasses.replace(spec, path=Path("models/sq.toml")))
    mixed = _spec(
        "mixed",
        "abc",
        PAPER_KINDS,
        base.hamiltonian,
        [*channels, (s["kappa_c"], alg.add(a["c"], ad["c"]))],
        ("c",),
    )
    # dissipators counted from 0, as the parser does: the seventh is dissipators[6]
    with pytest.raises(
        ModelError,
        match=r"^mixed: dissipators\[6\]\.operator: cannot eliminate mode 'c': .*mixes.* at "
        r"\"c \+ c'\"$",
    ):
        derive_network(mixed)
    with pytest.raises(ModelError, match="^eliminate: cannot eliminate mode 'c'.*mixed blocks"):
        reduce_model(quadratic_form(mixed), ("c",))
    lossless = alg.add(base.hamiltonian, alg.scale(-s["Delta_c"], alg.mul(ad["c"], a["c"])))
    undamped = _spec("undamped", "abc", PAPER_KINDS, lossless, channels[:4], ("c",))
    with pytest.raises(ModelError, match="singular"):
        reduce_model(quadratic_form(undamped), ("c",))
    with pytest.raises(
        ModelError, match=r"^undamped\.toml: eliminate: cannot eliminate c: .*singular"
    ):
        reduce_model(quadratic_form(undamped), ("c",), where="undamped.toml")


def _full_steady_moments(spec, values, names):
    """Steady-state moments of the FULL model from the quadrature reference (Lyapunov solve),
    with h, s, f and the jump vectors evaluated numerically from the spec's polynomials."""
    from scipy.linalg import solve_continuous_lyapunov

    modes = spec.modes
    n = len(modes)
    idx = {m: i for i, m in enumerate(modes)}
    h = np.zeros((n, n), complex)
    sq = np.zeros((n, n), complex)
    f = np.zeros(n, complex)
    for key, c in spec.hamiltonian.items():
        c = complex(c.subs(values))
        cre = [m for m, p, _ in key for _ in range(p)]
        ann = [m for m, _, q in key for _ in range(q)]
        if len(cre) == 1 and len(ann) == 1:
            h[idx[cre[0]], idx[ann[0]]] += c
        elif len(cre) == 2:
            i, j = idx[cre[0]], idx[cre[1]]
            sq[i, j] += c if i != j else 2 * c
            if i != j:
                sq[j, i] += c
        elif len(cre) == 1 and not ann:
            f[idx[cre[0]]] += c
    jumps = []
    for ch in spec.channels:
        u, v = np.zeros(n, complex), np.zeros(n, complex)
        for ((m, p, _),), c in ch.operator.items():
            (v if p else u)[idx[m]] += complex(c.subs(values))
        jumps.append((float(ch.rate.subs(values)), u, v))
    A, b, D = quadrature_reference(h, sq, f, jumps)
    m = -np.linalg.solve(A, b)
    V = solve_continuous_lyapunov(A, -D)
    Om = np.block([[np.zeros((n, n)), np.eye(n)], [-np.eye(n), np.zeros((n, n))]])
    return moments_of(modes, names, m, V + np.outer(m, m) + 0.5j * Om)


def test_two_fast_modes_converge_to_the_effective_model():
    """Eliminating two coupled cavities at once, with a complex coupling, a driven cavity and
    thermal noise on the cavities: the effective model's steady state approaches the full
    model's as the cavities get faster (kappa -> s kappa, g -> sqrt(s) g, Delta -> s Delta,
    F_c -> sqrt(s) F_c keep the effective rates, shifts and drives fixed)."""
    spec = two_cavity_spec()
    d = derive_network(spec)
    eff = d.moments_effective
    assert not eff.decoupled  # the squeezing G couples <x> and <x'>
    sy = spec.symbols
    names = ("<a>", "<b>", "<a'a>", "<b'b>", "<a'b>", "<ab>", "<aa>")
    errors = []
    for scale in (100.0, 1000.0):
        v = {
            sy["Delta_a"]: 0.2,
            sy["Delta_b"]: -0.1,
            sy["kappa_a"]: 0.6,
            sy["kappa_b"]: 0.5,
            sy["n_a"]: 0.1,
            sy["n_b"]: 0.2,
            sy["phi"]: 0.7,
            sy["G"]: 0.05,
            sy["F"]: 0.3,
            sy["Delta_c"]: 0.3 * scale,
            sy["Delta_e"]: -0.2 * scale,
            sy["kappa_c"]: scale,
            sy["kappa_e"]: 0.8 * scale,
            sy["K_ce"]: 0.4 * scale,
            sy["n_c"]: 0.7,
            sy["n_e"]: 0.3,
            sy["g_a"]: 0.5 * np.sqrt(scale),
            sy["g_b"]: 0.4 * np.sqrt(scale),
            sy["g_e"]: 0.3 * np.sqrt(scale),
            sy["F_c"]: 0.2 * np.sqrt(scale),
        }
        A = numeric(eff.A, sorted(eff.A.free_symbols, key=str), v)
        b = numeric(eff.b, sorted(eff.b.free_symbols, key=str), v).ravel()
        z = -np.linalg.solve(A, b)
        ours = np.array([z[eff.variables.index(k)] for k in names])
        ref = _full_steady_moments(spec, v, names)
        errors.append(np.max(np.abs(ours - ref)) / np.max(np.abs(ref)))
    assert errors[1] < 5e-3
    assert errors[1] < errors[0] / 5  # the deviation falls like 1/scale


# ---------------------------------------------------------------------------------------------
# stage 3


def test_full_moments_against_quadrature_reference(paper):
    rng = np.random.default_rng(11)
    p = paper.full.params
    for _ in range(3):
        v = random_values(paper.spec, rng)
        h, s, f, jumps = paper_numbers(v, p)
        A_q, b_q, D = quadrature_reference(h, s, f, jumps)
        m, V = random_gaussian(3, rng)
        z, dz_ref = reference_derivative(A_q, b_q, D, m, V, "abc", paper.moments_full.variables)
        dz = derived_derivative(paper.moments_full, v, z)
        assert np.allclose(dz, dz_ref, rtol=1e-10, atol=1e-10)


def test_effective_moments_against_numeric_elimination(paper):
    """The effective equations against the quadrature reference of a model eliminated
    numerically here (physics.md: K_eff, f_eff, z' G z'^dagger)."""
    rng = np.random.default_rng(13)
    p = paper.full.params
    for _ in range(3):
        v = random_values(paper.spec, rng)
        h, s, f, jumps = paper_numbers(v, p)
        Gu = sum(r * np.outer(u.conj(), u) for r, u, _ in jumps)
        Gv = sum(r * np.outer(w, w.conj()) for r, _, w in jumps)
        K = h - 0.5j * (Gu - Gv)
        P, Q = [0, 1], [2]
        X = K[np.ix_(P, Q)] @ np.linalg.inv(K[np.ix_(Q, Q)])
        z = np.hstack([np.eye(2), -X])
        h_eff = z @ h @ z.conj().T
        f_eff = z @ f
        Gu_eff, Gv_eff = z @ Gu @ z.conj().T, z @ Gv @ z.conj().T
        # jumps with these Kossakowski blocks: eigen-decompose the (PSD) matrices
        jumps_eff = []
        for Gm, kind in ((Gu_eff, "u"), (Gv_eff.T, "v")):
            w, vecs = np.linalg.eigh(Gm)
            for lam, vec in zip(w, vecs.T, strict=True):
                if lam > 1e-14:
                    u = vec.conj()  # C = sum rate w^* w^T with w = conj(vec)
                    jumps_eff.append((lam, u, 0 * u) if kind == "u" else (lam, 0 * u, u))
        A_q, b_q, D = quadrature_reference(h_eff, np.zeros((2, 2)), f_eff, jumps_eff)
        m, V = random_gaussian(2, rng)
        zz, dz_ref = reference_derivative(
            A_q, b_q, D, m, V, "ab", paper.moments_effective.variables
        )
        dz = derived_derivative(paper.moments_effective, v, zz)
        assert np.allclose(dz, dz_ref, rtol=1e-10, atol=1e-10)


def test_squeezing_moments_against_quadrature_reference():
    spec = squeeze_spec()
    qf = quadratic_form(spec)
    mom = gaussian_moments(qf)
    assert not mom.decoupled and mom.M.shape == (4, 4)
    assert len(mom.variables) == 2 * 2**2 + 3 * 2
    sy = spec.symbols
    rng = np.random.default_rng(17)
    for _ in range(3):
        v = random_values(spec, rng)
        x = {k: v[sy[k]] for k in sy}
        h = np.array([[x["Delta_a"], x["K"]], [x["K"], x["Delta_b"]]], complex)
        s = np.array([[0, x["G"]], [x["G"], x["r"] * np.exp(1j * x["phi"])]])
        f = np.array([x["F"] * np.exp(1j * x["phi"]), 0])
        e = np.eye(2)
        jumps = []
        for i, m in enumerate("ab"):
            k, n = x[f"kappa_{m}"], x[f"n_{m}"]
            jumps += [(k * (n + 1), e[i], 0 * e[i]), (k * n, 0 * e[i], e[i])]
        jumps.append((x["kappa_a"], e[0], x["eps"] * e[1]))
        A_q, b_q, D = quadrature_reference(h, s, f, jumps)
        m, V = random_gaussian(2, rng)
        z, dz_ref = reference_derivative(A_q, b_q, D, m, V, "ab", mom.variables)
        dz = derived_derivative(mom, v, z)
        assert np.allclose(dz, dz_ref, rtol=1e-10, atol=1e-10)


# ---------------------------------------------------------------------------------------------
# stages 4 and 5


def test_steady_state_and_spectrum(paper):
    ss = paper.steady_effective
    assert ss.forms["first moments"] == "closed form"
    assert isinstance(ss.all, Structured)
    assert paper.forms["full: steady state: second moments"].startswith("structured: ")
    rng = np.random.default_rng(19)
    spec_e = paper.spectrum_effective
    for _ in range(3):
        v = random_values(paper.spec, rng)
        M = complex_matrix(paper.moments_effective.M, v)
        f = complex_matrix(paper.moments_effective.f, v).ravel()
        first = complex_matrix(ss.first, v).ravel()
        assert np.allclose(first[:2], -np.linalg.solve(M, f))
        assert np.allclose(first[2:], first[:2].conj())
        ev = np.linalg.eigvals(M)
        coeffs = [complex(sp.N(c.subs(v))) for c in spec_e.charpoly]
        assert np.allclose(coeffs, np.poly(M))
        D = complex(sp.N(spec_e.discriminant.subs(v)))
        assert np.isclose(D, (ev[0] - ev[1]) ** 2)
        ep = spec_e.ep["kappa_b"]
        assert isinstance(ep, EPPolynomial)
        kb = v[paper.full.params["kappa_b"]]
        num = sum(complex(sp.N(c.subs(v))) * kb**k for k, c in enumerate(reversed(ep.coefficients)))
        assert np.isclose(num / complex(sp.N(ep.denominator.subs(v))), D)
    # the fully nonreciprocal system with Lambda_a = Lambda_b, Delta_a = Delta_b is on an EP
    p = paper.full.params
    at = {p["Delta_c"]: 0, p["Delta_a"]: 0.3, p["Delta_b"]: 0.3, p["g_a"]: 1, p["g_b"]: 1}
    at.update({p["kappa_c"]: 8, p["kappa_a"]: 0.2, p["kappa_b"]: 0.2, p["J"]: 0.25})
    at[p["theta"]] = np.pi / 2
    assert abs(complex(sp.N(spec_e.discriminant.subs(at)))) < 1e-12
    assert "closed form" in paper.forms["effective: discriminant"]


# ---------------------------------------------------------------------------------------------
# stage 6


def test_nonreciprocity_matches_pipeline_and_physics(paper, pipeline_pieces):
    model, _, nr_ref = pipeline_pieces
    nr = paper.nonreciprocity("a", "b")
    p = paper.full.params
    J, th = p["J"], p["theta"]
    assert set(nr.solution) == {J, th}
    rng = np.random.default_rng(23)
    for _ in range(5):
        ga, gb, kc, dc = rng.uniform(0.3, 2, 3).tolist() + [rng.uniform(-2, 2)]
        ours = {p["g_a"]: ga, p["g_b"]: gb, p["kappa_c"]: kc, p["Delta_c"]: dc}
        mp = model.params
        ref = {mp["g_a"]: ga, mp["g_b"]: gb, mp["kappa_c"]: kc, mp["Delta_c"]: dc}
        for key, ref_key in ((J, mp["J"]), (th, mp["theta"])):
            assert np.isclose(
                float(nr.solution[key].subs(ours)), float(nr_ref.solution[ref_key].subs(ref))
            )
        assert np.isclose(float(nr.solution[J].subs(ours)), ga * gb / np.sqrt(dc**2 + kc**2 / 4))
        assert np.isclose(float(nr.solution[th].subs(ours)), np.arctan2(kc / 2, dc))
    at0 = {p["Delta_c"]: 0}
    assert sp.simplify(nr.forward.subs(at0) + 4 * p["g_a"] * p["g_b"] / p["kappa_c"]) == 0
    with pytest.raises(ModelError, match="eliminated"):
        paper.nonreciprocity("a", "c")


# ---------------------------------------------------------------------------------------------
# the driver and the documents, bounded


def test_five_mode_model_is_bounded():
    start = time.perf_counter()
    d = derive_network(five_mode_spec())
    assert time.perf_counter() - start < 60
    assert len(d.moments_full.variables) == 2 * 5**2 + 3 * 5
    assert len(d.moments_effective.variables) == 2 * 4**2 + 3 * 4
    assert not d.moments_effective.decoupled  # squeezing between a and b
    structured = [k for k, v in d.forms.items() if v.startswith("structured: ")]
    assert "full: characteristic polynomial" in structured
    assert "effective: steady state: second moments" in structured
    with pytest.raises(ModelError, match="no coherent coupling"):
        d.nonreciprocity("a", "d")
    nr = d.nonreciprocity("d", "e")
    assert nr.solution == {}  # K is real, not K*exp(I*phase): the complex value is returned
    p = d.full.params
    assert (
        sp.simplify(nr.value - 2 * p["g_d"] * p["g_e"] / (2 * p["Delta_c"] - sp.I * p["kappa_c"]))
        == 0
    )
    docs = render_network_documents(d, "0" * 64, "five.toml")
    assert set(docs) >= {"01_model.md", "02_elimination.md", "05_spectrum.md", "README.md"}
    assert "structured: det(lambda - M) evaluated numerically" in docs["05_spectrum.md"]
    assert "nrqb generate --model-file five.toml" in docs["README.md"]


def test_documents_state_forms_and_are_deterministic(paper):
    docs = render_network_documents(paper, "f" * 64, "paper.toml")
    again = render_network_documents(paper, "f" * 64, "paper.toml")
    assert docs == again
    for name, text in docs.items():
        assert text.startswith("<!--\nGENERATED FILE - DO NOT EDIT.")
        assert "sha256:" + "f" * 64 in text
        if name != "README.md":
            assert "*Form: " in text, name
    assert "| effective: steady state: first moments | closed form |" in docs["README.md"]
    assert r"\Gamma" in docs["02_elimination.md"]
