r"""The paper's own presentation, added on top of the engine's derivation of ``nrqb.toml``.

The engine derives every model file the same way (:mod:`nrqb_sym.derive.pipeline`).  For the
paper's model this module adds, where the model has the shape each result needs, what the paper
shows beyond that:

* **elimination** (paper Eqs. 2-4, Appendix A): the projection-operator form
  :math:`H_\text{eff} = PHP + PHQ\,(E - QHQ)^{-1}QHP` at :math:`E = 0` on the single-excitation
  matrix :math:`h` of the engine's quadratic form (:math:`QHQ = h_{cc} - \tfrac{i}{2}\kappa_c`), its
  split :math:`H_h - \tfrac{i}{2}G` with :math:`G = \gamma vv^\dagger` and the named rates
  :math:`\Gamma_a, \Gamma_b, \Gamma, \Lambda_a, \Lambda_b`; needs one eliminated mode;
* **nonreciprocity** (Sec. 2): the engine's solution for the pair (a, b) at :math:`\Delta_c = 0`
  and the forward coupling :math:`M_{21}`;
* **solutions** (Eqs. 7-12): the general solution from vacuum written with the entire functions
  of :mod:`nrqb_sym.paper.special` (finite at exceptional points and at
  :math:`\Lambda_a = \Lambda_b`), and the resonant, fully nonreciprocal closed forms; needs two
  kept modes ``a``, ``b`` with decoupled first moments;
* **ergotropy**: the single-mode Gaussian formula in the moments of a mode;
* **spectrum** (Sec. 4): the 2x2 characteristic polynomial, eigenvalues and discriminant, and
  the EP condition specialised as in Sec. 4.

Each step simplifies only expressions below :data:`SIMPLIFY_BUDGET` operations; a model whose
shape does not fit a result skips it, and :attr:`PaperDerivation.skipped` says which and why in
one line each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import sympy as sp

from .special import expm1cosh, expsinhc

__all__ = [
    "PaperDerivation",
    "derive",
    "paper_extras",
    "SIMPLIFY_BUDGET",
    "REQUIRED_PARAMETERS",
]

#: Largest ``count_ops`` given to ``simplify`` (larger expressions are kept as derived).
SIMPLIFY_BUDGET = 400
#: Parameters the paper's closed forms are written in.
REQUIRED_PARAMETERS = (
    "Delta_a",
    "Delta_b",
    "Delta_c",
    "kappa_a",
    "kappa_b",
    "kappa_c",
    "g_a",
    "g_b",
    "J",
    "theta",
    "omega_a",
    "omega_b",
)

t = sp.Symbol("t", nonnegative=True)
alpha = sp.Symbol("alpha")
beta = sp.Symbol("beta")
lam = sp.Symbol("lambda")


def small(e: sp.Expr, f=sp.simplify) -> sp.Expr:
    """``f(e)`` when ``e`` is below :data:`SIMPLIFY_BUDGET` operations, else ``e``."""
    return f(e) if sp.count_ops(e) <= SIMPLIFY_BUDGET else e


def _vanishes(e: sp.Expr) -> bool:
    """``e == 0``: by simplification when small, else at three sample points (40 digits)."""
    if small(sp.expand(e)) == 0:
        return True
    syms = sorted(e.free_symbols, key=lambda x: x.name)
    for k in range(3):
        values = {x: sp.Rational(37 + 11 * i + 7 * k, 29) for i, x in enumerate(syms)}
        if abs(complex(e.subs(values).evalf(40))) > 1e-25:
            return False
    return True


class Skipped(Exception):
    """A paper result the model's shape does not support (the message says why)."""


@dataclass(frozen=True)
class PaperDerivation:
    """The engine's derivation of the paper's model file and the paper's extras.

    Attributes:
        engine: the :class:`~nrqb_sym.derive.pipeline.Derivation`.
        elimination, nonreciprocity, solutions, resonant, ergotropy, spectrum, paper_ep:
            dictionaries of named SymPy results (empty when skipped).
        skipped: ``{result: one-line reason}``.
    """

    engine: object
    elimination: dict = field(default_factory=dict)
    nonreciprocity: dict = field(default_factory=dict)
    solutions: dict = field(default_factory=dict)
    resonant: dict = field(default_factory=dict)
    ergotropy: dict = field(default_factory=dict)
    spectrum: dict = field(default_factory=dict)
    paper_ep: dict = field(default_factory=dict)
    skipped: dict = field(default_factory=dict)

    @property
    def params(self) -> dict[str, sp.Symbol]:
        return self.engine.full.params


def _require(d, what: str) -> None:
    spec = d.spec
    missing = [p for p in REQUIRED_PARAMETERS if p not in spec.parameters]
    if missing:
        raise Skipped(f"the model has no parameter {missing[0]} ({what} is written in them)")
    if tuple(spec.kept) != ("a", "b") or tuple(spec.eliminate) != ("c",):
        raise Skipped(
            f"{what} needs the paper's two-mode shape (kept a, b; eliminated c); the model keeps "
            f"{', '.join(spec.kept)} and eliminates {', '.join(spec.eliminate) or 'nothing'}"
        )
    if d.first_effective is None or not hasattr(d.first_effective, "M"):
        raise Skipped(f"{what} needs the effective model in closed form")
    if not d.first_effective.decoupled:
        raise Skipped(f"{what} needs decoupled <x> and <x'> blocks (no squeezing)")


# ----------------------------------------------------------------------------- elimination
def _elimination(d) -> dict:
    """Projection-operator form of the elimination of ``c`` (module docstring)."""
    spec = d.spec
    if len(spec.eliminate) != 1:
        raise Skipped("the projection-operator form eliminates exactly one mode")
    qf = d.full
    modes = qf.modes
    q = modes.index(spec.eliminate[0])
    P = [modes.index(m) for m in spec.kept]
    h = sp.Matrix(qf.h)
    E = sp.Symbol("E", real=True)
    PHP, PHQ, QHP = h.extract(P, P), h.extract(P, [q]), h.extract([q], P)
    net = sp.expand(qf.G_u[q, q] - qf.G_v[q, q])
    QHQ = h[q, q] - sp.I * net / 2
    resolvent = 1 / (E - QHQ)
    H_eff_E = PHP + PHQ * resolvent * QHP
    H_eff = H_eff_E.subs(E, 0).applyfunc(small)
    H_herm = ((H_eff + H_eff.H) / 2).applyfunc(small)
    G = (sp.I * (H_eff - H_eff.H)).applyfunc(small)
    gamma = small(-2 * sp.im(resolvent.subs(E, 0)))
    residual = (G - gamma * PHQ * PHQ.H).applyfunc(small)
    if any(e != 0 for e in residual):
        raise Skipped("the induced dissipation is not of rank one (gamma v v^dagger)")
    ops = [sp.Symbol(m, commutative=False) for m in spec.kept]
    jump = sp.sqrt(gamma) * sum((PHQ[i] * ops[i] for i in range(len(P))), sp.S.Zero)
    out = {
        "PHP": PHP,
        "PHQ": PHQ,
        "QHQ": QHQ,
        "H_eff_E": H_eff_E,
        "H_eff": H_eff,
        "H_herm": H_herm,
        "G": G,
        "gamma": gamma,
        "L_c": jump,
    }
    if tuple(spec.kept) == ("a", "b") and all(k in spec.parameters for k in ("kappa_a", "kappa_b")):
        s = qf.params
        shifts = (H_herm - PHP).applyfunc(small)
        out["definitions"] = {
            "Gamma_a": G[0, 0],
            "Gamma_b": G[1, 1],
            "Gamma": small(sp.re(G[0, 1])),
            "Lambda_a": s["kappa_a"] + G[0, 0],
            "Lambda_b": s["kappa_b"] + G[1, 1],
            "delta_a": shifts[0, 0],
            "delta_b": shifts[1, 1],
            "delta_ab": small(sp.re(shifts[0, 1])),
            "gamma_c": gamma,
        }
    return out


# ----------------------------------------------------------------------------- nonreciprocity
def _nonreciprocity(d) -> dict:
    _require(d, "the nonreciprocity condition of (a, b)")
    nr = d.nonreciprocity("a", "b")
    if not nr.solution:
        raise Skipped("the coupling of (a, b) is not written as J*exp(I*theta)")
    p = d.full.params
    at0 = {p["Delta_c"]: 0}
    return {
        "condition": nr.condition,
        "value": nr.value,
        "J": nr.solution[p["J"]],
        "theta": nr.solution[p["theta"]],
        "J@Delta_c=0": small(nr.solution[p["J"]].subs(at0)),
        "theta@Delta_c=0": small(nr.solution[p["theta"]].subs(at0)),
        "M21": small(nr.forward, lambda e: sp.simplify(e.rewrite(sp.cos))),
    }


# ----------------------------------------------------------------------------- solutions
def _solutions(d) -> dict:
    r"""General solution from vacuum, :math:`x(t) = -C(t)x_{ss} + S(t)(f + \tau x_{ss})` with
    :math:`C = \operatorname{expm1cosh}(\tau t, wt^2)`, :math:`S = t\operatorname{expsinhc}(\tau t,
    wt^2)`, :math:`w = D/4` (finite at EPs)."""
    _require(d, "the general solution")
    fm = d.first_effective
    M, f = sp.Matrix(fm.M), sp.Matrix(fm.f)
    ss = d.steady_effective
    x_ss = ss.first if isinstance(ss.first, sp.MatrixBase) else (-M.inv() * f)
    x_ss = sp.Matrix(x_ss).applyfunc(lambda e: small(e, sp.cancel))
    tau = small(M.trace() / 2, sp.cancel)
    D = (M[0, 0] - M[1, 1]) ** 2 + 4 * M[0, 1] * M[1, 0]
    w = small(D / 4, sp.cancel)
    C = expm1cosh(tau * t, w * t**2)
    S = t * expsinhc(tau * t, w * t**2)
    x = -C * x_ss + S * (f + tau * x_ss)
    p = d.full.params
    power = _coherent_power(d)
    return {
        "x_ss": x_ss,
        "tau": tau,
        "w": w,
        "x(t)": x,
        "P_B": power,
        "E": (p["omega_a"] * alpha * sp.conjugate(alpha), p["omega_b"] * beta * sp.conjugate(beta)),
    }


def _coherent_power(d) -> sp.Expr:
    r""":math:`P_B = \omega_b\,d\langle b^\dagger b\rangle/dt` of the effective model on a coherent
    state :math:`(\alpha, \beta)`: the derived first-moment rows, :math:`2\omega_b\,
    \mathrm{Re}(\bar\beta\,\dot\beta)`, collected in the amplitudes."""
    fm = d.first_effective
    p = d.full.params
    xdot = sp.Matrix(fm.M) * sp.Matrix([alpha, beta]) + sp.Matrix(fm.f)
    expr = p["omega_b"] * (sp.conjugate(beta) * xdot[1] + beta * sp.conjugate(xdot[1]))
    conj = {sp.conjugate(a): sp.Dummy(f"conj_{a.name}") for a in (alpha, beta)}
    gens = [alpha, beta, *conj.values()]
    poly = sp.Poly(sp.expand(expr.xreplace(conj)), *gens)
    back = {v: k for k, v in conj.items()}
    out = sp.S.Zero
    for monom, coeff in sorted(poly.terms(), key=lambda mc: mc[0]):
        term = sp.Mul(*(g**k for g, k in zip(gens, monom, strict=True))).xreplace(back)
        out += small(coeff.rewrite(sp.exp), lambda e: sp.factor(sp.cancel(e))) * term
    return out


def _even_sqrt(w: sp.Expr) -> sp.Expr | None:
    """A square root of ``w`` when it factors as a perfect square (either sign)."""
    coeff, factors = sp.factor_list(sp.factor(w))
    root = sp.sqrt(coeff)
    for base, e in factors:
        if e % 2:
            return None
        root *= base ** (e // 2)
    return root


def _resonant(d, sol: dict, nr: dict) -> dict:
    """The resonant, fully nonreciprocal closed forms (paper Eqs. 7-10)."""
    p = d.full.params
    La, Lb = sp.symbols("Lambda_a Lambda_b", positive=True)
    Ga, Gb = sp.symbols("Gamma_a Gamma_b", positive=True)
    resonance = {p["Delta_a"]: 0, p["Delta_b"]: 0, p["Delta_c"]: 0}
    solved = {
        p["J"]: small(nr["J"].subs(resonance)),
        p["theta"]: small(nr["theta"].subs(resonance)),
    }
    to_rates = {p["g_a"]: sp.sqrt(Ga * p["kappa_c"]) / 2, p["g_b"]: sp.sqrt(Gb * p["kappa_c"]) / 2}
    to_lambda = {p["kappa_a"]: La - Ga, p["kappa_b"]: Lb - Gb}

    def special(expr: sp.Expr) -> sp.Expr:
        e = expr.subs(resonance).subs(solved).subs(to_rates).subs(to_lambda)
        return small(e.rewrite(sp.cos))

    if any(s not in {*p.values(), t} for e in sol["x(t)"] for s in e.free_symbols):
        raise Skipped("the resonant closed forms need a model with the paper's parameters only")
    w = sp.factor(special(sol["w"]))
    x_ss = sol["x_ss"].applyfunc(special)
    root = _even_sqrt(w)
    if root is None:
        raise Skipped("w = D/4 is not a perfect square at resonance")

    def closed(component: sp.Expr) -> sp.Expr:
        e = component.subs(resonance).subs(solved).subs(to_rates).subs(to_lambda)
        e = e.replace(
            expsinhc, lambda x, ww: sp.exp(special(x)) * sp.sinh(root * t) / (root * t)
        ).replace(expm1cosh, lambda x, ww: sp.exp(special(x)) * sp.cosh(root * t) - 1)
        e = sp.powsimp(sp.expand(e.rewrite(sp.exp)))
        return sp.collect(e, sorted(e.atoms(sp.exp), key=sp.default_sort_key), sp.factor)

    b_entire = sol["x(t)"][1].subs(resonance).subs(solved).subs(to_rates).subs(to_lambda)
    b_entire = b_entire.replace(
        expsinhc, lambda x, ww: expsinhc(special(x), sp.factor(special(ww)))
    ).replace(expm1cosh, lambda x, ww: expm1cosh(special(x), sp.factor(special(ww))))
    b_entire = sp.expand(b_entire.rewrite(sp.cos))
    funcs = sorted(b_entire.atoms(expsinhc, expm1cosh), key=sp.default_sort_key)
    b_entire = sp.collect(b_entire, funcs, sp.factor)
    ratio = small((x_ss[1] * sp.conjugate(x_ss[1])) / (x_ss[0] * sp.conjugate(x_ss[0]))) * (
        p["omega_b"] / p["omega_a"]
    )
    return {
        "a(t)": closed(sol["x(t)"][0]),
        "b(t)": b_entire,
        "b(t) naive": closed(sol["x(t)"][1]),
        "a_ss": sp.factor(x_ss[0]),
        "b_ss": sp.factor(x_ss[1]),
        "R_ss": ratio,
        "eta_ss": small(ratio / (1 + ratio)),
        "symbols": {"Lambda_a": La, "Lambda_b": Lb, "Gamma_a": Ga, "Gamma_b": Gb},
    }


# ----------------------------------------------------------------------------- ergotropy
def _ergotropy() -> dict:
    r"""Single-mode Gaussian ergotropy in the moments of a mode ``x``: :math:`\nu^2 = \det V =
    (N + \tfrac12)^2 - |M|^2`, :math:`\mathcal E = \omega(\langle x^\dagger x\rangle - (\nu -
    \tfrac12))` (checked against the covariance built from the normal-ordered algebra)."""
    from ..model import algebra as alg

    x, xd = alg.ladder("x"), alg.ladder("x", dag=True)
    a1, n, m = (
        sp.Symbol(r"\langle x\rangle"),
        sp.Symbol(r"\langle x^{\dagger} x\rangle"),
        sp.Symbol(r"\langle x^{2}\rangle"),
    )
    value = {((("x", 0, 1),)): a1, ((("x", 1, 0),)): sp.conjugate(a1)}
    value[(("x", 1, 1),)] = n
    value[(("x", 0, 2),)] = m
    value[(("x", 2, 0),)] = sp.conjugate(m)
    value[()] = sp.S.One
    h = 1 / sp.sqrt(2)
    R = [
        alg.add(alg.scale(h, x), alg.scale(h, xd)),
        alg.add(alg.scale(-sp.I * h, x), alg.scale(sp.I * h, xd)),
    ]

    def mean(p):
        return sp.expand(sum((c * value[k] for k, c in p.items()), sp.S.Zero))

    V = sp.zeros(2, 2)
    for i in range(2):
        for j in range(2):
            sym = alg.scale(sp.S.Half, alg.add(alg.mul(R[i], R[j]), alg.mul(R[j], R[i])))
            V[i, j] = sp.expand(mean(sym) - mean(R[i]) * mean(R[j]))
    nu2 = sp.expand(V.det())
    N = n - a1 * sp.conjugate(a1)
    Mc = m - a1**2
    if sp.expand(nu2 - ((N + sp.S.Half) ** 2 - Mc * sp.conjugate(Mc))) != 0:
        raise ArithmeticError("det V is not (N + 1/2)^2 - |M|^2")
    nu = sp.sqrt((N + sp.S.Half) ** 2 - Mc * sp.conjugate(Mc))
    omega = sp.Symbol("omega", positive=True)
    passive = (N**2 + N - Mc * sp.conjugate(Mc)) / (nu + sp.S.Half)
    return {"V": V, "det V": nu2, "passive": passive, "ergotropy": omega * (n - passive)}


# ----------------------------------------------------------------------------- spectrum
def _spectrum(d) -> dict:
    _require(d, "the 2x2 spectrum")
    M = sp.Matrix(d.first_effective.M)
    charpoly = sp.expand((lam * sp.eye(2) - M).det())
    tau = small(M.trace() / 2)
    det = small(M.det())
    D = small((M[0, 0] - M[1, 1]) ** 2 + 4 * M[0, 1] * M[1, 0])
    ev = (tau + sp.sqrt(D) / 2, tau - sp.sqrt(D) / 2)
    if not (_vanishes(ev[0] * ev[1] - det) and _vanishes(ev[0] + ev[1] - M.trace())):
        raise ArithmeticError("eigenvalues do not satisfy the characteristic polynomial")
    return {
        "charpoly": charpoly,
        "tau": tau,
        "det": det,
        "D": D,
        "lambda+": ev[0],
        "lambda-": ev[1],
    }


def _paper_ep(d, D: sp.Expr) -> dict:
    r"""The EP condition as in the paper's Sec. 4: :math:`\Delta_c = \Delta_b = 0`,
    :math:`g_a = g_b`, :math:`J = \Gamma/2`, :math:`\delta = \Delta_a`."""
    p = d.full.params
    La, Lb, G = sp.symbols("Lambda_a Lambda_b Gamma", positive=True)
    delta = sp.Symbol("delta", real=True)
    g = sp.sqrt(G * p["kappa_c"]) / 2
    e = D.subs({p["Delta_c"]: 0, p["Delta_b"]: 0}).subs({p["g_a"]: g, p["g_b"]: g})
    e = e.subs({p["kappa_a"]: La - G, p["kappa_b"]: Lb - G, p["J"]: G / 2, p["Delta_a"]: delta})
    e = small(sp.expand(e.rewrite(sp.cos)))
    if e.free_symbols - {La, Lb, G, delta, p["theta"], p["kappa_c"]}:
        raise Skipped("the Sec. 4 condition needs a model with the paper's parameters only")
    re, im = (small(x) for x in sp.expand_complex(e).as_real_imag())
    solutions = sp.solve([re, im], [Lb, p["theta"]], dict=True)
    return {"D": e, "Re D": sp.factor(re), "Im D": im, "solutions": solutions}


# ----------------------------------------------------------------------------- the whole
def paper_extras(engine) -> PaperDerivation:
    """The paper's extras for an engine derivation (module docstring); what the model's shape
    does not support is skipped, with the reason."""
    out = PaperDerivation(engine)
    steps = [
        ("elimination", lambda: out.elimination.update(_elimination(engine))),
        ("nonreciprocity", lambda: out.nonreciprocity.update(_nonreciprocity(engine))),
        ("solutions", lambda: out.solutions.update(_solutions(engine))),
        (
            "resonant",
            lambda: out.resonant.update(_resonant(engine, out.solutions, out.nonreciprocity)),
        ),
        ("ergotropy", lambda: out.ergotropy.update(_ergotropy())),
        ("spectrum", lambda: out.spectrum.update(_spectrum(engine))),
        ("paper_ep", lambda: out.paper_ep.update(_paper_ep(engine, out.spectrum["D"]))),
    ]
    needs = {"resonant": ("solutions", "nonreciprocity"), "paper_ep": ("spectrum",)}
    for name, step in steps:
        missing = [n for n in needs.get(name, ()) if n in out.skipped]
        if missing:
            out.skipped[name] = f"needs {missing[0]}: {out.skipped[missing[0]]}"
            continue
        try:
            step()
        except Skipped as exc:
            out.skipped[name] = str(exc)
    return out


def derive(path: str | None = None) -> PaperDerivation:
    """The engine's derivation of the paper's model file (default ``nrqb.toml``) with the
    paper's extras (cached on disk by the model and pipeline digest, and per process)."""
    from ..model.names import PAPER_MODEL

    return _derive(str(path or PAPER_MODEL))


@lru_cache(maxsize=2)
def _derive(path: str) -> PaperDerivation:
    from ..codegen.pedigree import model_digest
    from ..derive.pipeline import cached_derive
    from ..model.spec import load_spec

    spec = load_spec(path)
    engine = cached_derive(spec, model_digest(spec.source))
    return paper_extras(engine)
