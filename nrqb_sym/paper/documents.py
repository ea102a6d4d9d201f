r"""The paper's derivation documents (``derivations/*.md``) and ``nrqb derive`` for the paper.

:func:`stage_items` lists, per stage, the labelled SymPy results of the engine's derivation of
``nrqb.toml`` and of the paper's extras (:mod:`nrqb_sym.paper.derivation`), each under the name
of the module that produced it and with the paper's equation numbers; :func:`render_documents`
writes one Markdown file per stage (LaTeX in ``$$ ... $$`` blocks).  A result the model's shape
does not support (after an edit of ``nrqb.toml``) is replaced by one line saying why.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..codegen.pedigree import header
from ..derive.forms import Structured

__all__ = ["Item", "stage_items", "render_documents", "STAGE_TITLES", "latex", "generate"]

STAGE_TITLES = {
    "model": ("01_model.md", "Stage 1 - the model", "nrqb_sym.derive.quadratic"),
    "elimination": (
        "02_elimination.md",
        "Stage 2 - elimination of the bad cavity",
        "nrqb_sym.derive.reduction",
    ),
    "moments": ("03_moments.md", "Stage 3 - moment equations", "nrqb_sym.derive.moments"),
    "nonreciprocity": (
        "04_nonreciprocity.md",
        "Stage 4 - the nonreciprocity condition",
        "nrqb_sym.derive.nonreciprocity",
    ),
    "solutions": (
        "05_solutions.md",
        "Stage 5 - steady state and solutions",
        "nrqb_sym.paper.derivation",
    ),
    "ergotropy": (
        "05b_ergotropy.md",
        "Stage 5b - Gaussian ergotropy",
        "nrqb_sym.derive.observables",
    ),
    "spectrum": (
        "06_spectrum.md",
        "Stage 6 - spectrum and exceptional points",
        "nrqb_sym.derive.spectrum",
    ),
}

#: Where each stage's results appear in the paper (its equation numbers survive in the text).
PAPER_REFERENCES = {
    "model": "Eq. (1) and Appendix A, Eq. (16).",
    "elimination": "Eqs. (2)-(4) and Appendix A, Eqs. (17)-(18).",
    "moments": "Eqs. (5)-(6), (13) and Appendix B, Eqs. (19)-(20).",
    "nonreciprocity": "Sec. 2, the condition M12 = 0 stated after Eq. (6).",
    "solutions": "Eqs. (7)-(12): resonant closed forms, steady state, efficiency, power.",
    "ergotropy": "Not in the paper (its states are coherent, where ergotropy = energy).",
    "spectrum": "Sec. 4, Eqs. (13)-(15): drift matrix, eigenvalues, EP discriminant.",
}


@dataclass(frozen=True)
class Item:
    """One labelled result: ``lhs = rhs`` (``lhs`` may be a string label) and a remark; ``lhs``
    and ``rhs`` are ``None`` for a result the model's shape does not allow (the remark says
    why)."""

    key: str
    lhs: object
    rhs: object
    note: str = ""


_EXTRA_NAMES = {
    "Lambda_a": r"\Lambda_a",
    "Lambda_b": r"\Lambda_b",
    "Gamma_a": r"\Gamma_a",
    "Gamma_b": r"\Gamma_b",
    "Gamma": r"\Gamma",
    "lambda": r"\lambda",
    "alpha": r"\alpha",
    "beta": r"\beta",
    "gamma": r"\gamma",
    "delta": r"\delta",
    "omega": r"\omega",
    "tau": r"\tau",
}


def latex(obj, names: dict[str, str] | None = None) -> str:
    """LaTeX of a SymPy object with the model file's LaTeX names of the parameters."""
    if isinstance(obj, str):
        return obj
    table = {**_EXTRA_NAMES, **(names or {})}
    used = {
        s: table[s.name]
        for s in getattr(obj, "free_symbols", set())
        if isinstance(s, sp.Symbol) and s.name in table
    }
    return sp.latex(obj, symbol_names=used)


def _moment_symbol(name: str) -> sp.Symbol:
    r"""``<a'b>`` as a symbol printed :math:`\langle a^\dagger b\rangle`."""
    body = name[1:-1]
    parts, k = [], 0
    while k < len(body):
        m = body[k]
        k += 1
        if k < len(body) and body[k] == "'":
            parts.append(rf"{m}^{{\dagger}}")
            k += 1
        else:
            parts.append(m)
    return sp.Symbol(r"\langle " + " ".join(parts) + r"\rangle")


def _skip(pd, key: str) -> list[Item]:
    return [Item(f"{key} (skipped)", None, None, pd.skipped[key])]


def _model_items(pd) -> list[Item]:
    d = pd.engine
    spec = d.spec
    from ..model.algebra import poly_text

    items = [
        Item(
            "H",
            "H",
            sp.Symbol(poly_text(spec.hamiltonian)),
            "Hamiltonian in the frame of the drive, as read from nrqb.toml",
        )
    ]
    for k, ch in enumerate(spec.channels):
        items.append(
            Item(f"dissipator {k + 1}", rf"\text{{rate of }} D[{ch.operator_text}]", ch.rate)
        )
    items.append(
        Item(
            "parameters",
            r"\text{parameters}",
            sp.Tuple(*d.full.params.values()),
            "with their kinds: " + ", ".join(f"{n}: {p.kind}" for n, p in spec.parameters.items()),
        )
    )
    items += [
        Item("h", "h", d.full.h, "single-excitation matrix: detunings and couplings"),
        Item("C", "C", d.full.C, r"Kossakowski matrix of the dissipators over $(x, x^\dagger)$"),
    ]
    return items


def _elimination_items(pd) -> list[Item]:
    if "elimination" in pd.skipped:
        return _skip(pd, "elimination")
    e = pd.elimination
    items = [
        Item("PHP", "PHP", e["PHP"], "block on the kept modes"),
        Item("PHQ", "PHQ", e["PHQ"]),
        Item("QHQ", "QHQ", e["QHQ"], "the eliminated mode with its decay"),
        Item("H_eff_E", r"H_\mathrm{eff}(E)", e["H_eff_E"], r"$PHP + PHQ\,(E - QHQ)^{-1}\,QHP$"),
        Item("H_eff", r"H_\mathrm{eff}", e["H_eff"], "at E = 0 (drive frame)"),
        Item("H_herm", r"H_h", e["H_herm"], "Hermitian part (coherent coupling and shifts)"),
        Item("G", "G", e["G"], r"$H_\mathrm{eff} = H_h - \tfrac{i}{2}G$"),
        Item("L_c", "L_c", e["L_c"], "collective jump operator of the equivalent Lindblad form"),
    ]
    r = pd.engine.reduction
    if r is not None and not isinstance(r, Structured):
        items.append(
            Item(
                "K_eff",
                r"K_\mathrm{eff}",
                r.K_eff,
                r"the engine's $K_{PP} - K_{PQ}K_{QQ}^{-1}K_{QP}$",
            )
        )
    p = pd.params
    at0 = {p["Delta_c"]: 0} if "Delta_c" in p else {}
    for k, v in e.get("definitions", {}).items():
        items.append(Item(k, sp.Symbol(k), v))
    for k in ("Gamma_a", "Gamma_b", "Gamma", "gamma_c"):
        if k in e.get("definitions", {}) and at0:
            items.append(
                Item(
                    f"{k}@Delta_c=0",
                    sp.Symbol(k),
                    sp.simplify(e["definitions"][k].subs(at0)),
                    r"at $\Delta_c = 0$",
                )
            )
    return items


def _moment_items(pd) -> list[Item]:
    d = pd.engine
    items = []
    for label, mom, first in (
        ("effective", d.moments_effective, d.first_effective),
        ("full", d.moments_full, d.first_full),
    ):
        if mom is None or isinstance(mom, Structured):
            note = str(mom) if mom is not None else "nothing is eliminated"
            items.append(Item(f"{label}:moments", rf"\text{{{label}}}", r"\text{structured}", note))
            continue
        z = [sp.Symbol(v) for v in mom.variables]
        named = {s: _moment_symbol(s.name) for s in z}
        for v in mom.variables:
            rhs = mom.rhs(v).xreplace(named)
            items.append(
                Item(
                    f"{label}:d{v}/dt",
                    sp.Derivative(_moment_symbol(v), sp.Symbol("t")),
                    rhs,
                    f"{label} model",
                )
            )
        items.append(
            Item(
                f"{label}:M",
                f"M_{{\\text{{{label}}}}}",
                first.M,
                r"drift matrix of the first moments, $\dot x = Mx + f$",
            )
        )
        items.append(Item(f"{label}:f", f"f_{{\\text{{{label}}}}}", first.f))
        items.append(
            Item(
                f"{label}:Dn",
                f"D_{{n,\\text{{{label}}}}}",
                first.Dn,
                r"normal-ordered diffusion: $\dot\Sigma = M_1\Sigma + \Sigma M_1^T + D_n$",
            )
        )
    return items


def _nonreciprocity_items(pd) -> list[Item]:
    if "nonreciprocity" in pd.skipped:
        return _skip(pd, "nonreciprocity")
    nr = pd.nonreciprocity
    p = pd.params
    return [
        Item("M12", "M_{12}", -sp.I * nr["condition"], "set to zero: b does not act back on a"),
        Item("J exp(i theta)", r"J e^{i\theta}", nr["value"]),
        Item("J", p["J"], nr["J"]),
        Item("theta", p["theta"], nr["theta"]),
        Item("J@Delta_c=0", p["J"], nr["J@Delta_c=0"], r"at $\Delta_c = 0$"),
        Item("theta@Delta_c=0", p["theta"], nr["theta@Delta_c=0"], r"at $\Delta_c = 0$"),
        Item("M21", "M_{21}", nr["M21"], "forward coupling once the condition holds"),
    ]


def _solution_items(pd) -> list[Item]:
    if "solutions" in pd.skipped:
        return _skip(pd, "solutions")
    s = pd.solutions
    items = [
        Item("x_ss", r"x_{ss} = -M^{-1} f", s["x_ss"], "steady-state (<a>, <b>)"),
        Item("tau", r"\tau", s["tau"]),
        Item("w", "w = D/4", s["w"]),
        Item("x(t)", "x(t)", s["x(t)"], "from vacuum; entire in w, finite at EPs"),
        Item(
            "P_B",
            "P_B",
            s["P_B"],
            r"$\omega_b\,d\langle b^\dagger b\rangle/dt$ on the coherent state "
            r"$(\alpha, \beta) = (\langle a\rangle, \langle b\rangle)$",
        ),
    ]
    if "resonant" in pd.skipped:
        return items + _skip(pd, "resonant")
    r = pd.resonant
    items += [
        Item(
            "a(t) resonant",
            r"\langle a\rangle(t)",
            r["a(t)"],
            "resonance, nonreciprocity (paper Eq. 7)",
        ),
        Item(
            "b(t) resonant",
            r"\langle b\rangle(t)",
            r["b(t)"],
            r"paper Eqs. 8-9, written with the entire functions: finite at "
            r"$\Lambda_a = \Lambda_b$",
        ),
        Item(
            "b(t) naive",
            r"\langle b\rangle(t)",
            r["b(t) naive"],
            r"the same function in two-exponential form, 0/0 at $\Lambda_a = \Lambda_b$",
        ),
        Item("a_ss", r"\langle a\rangle_{ss}", r["a_ss"]),
        Item("b_ss", r"\langle b\rangle_{ss}", r["b_ss"]),
        Item(
            "R_ss",
            r"R_{ss} = E_B/E_A",
            r["R_ss"],
            r"the fourfold result: $\to 4\omega_b/\omega_a$ as $\kappa_b \ll \Gamma$ "
            r"($\Gamma_a = \Gamma_b = \Gamma$)",
        ),
        Item("eta_ss", r"\eta_{ss}", r["eta_ss"], r"$\eta = E_B/(E_A + E_B)$"),
        Item(
            "E",
            "(E_A, E_B)",
            sp.Tuple(*s["E"]),
            r"energies on the coherent state, $\omega_x |\langle x\rangle|^2$",
        ),
    ]
    return items


def _ergotropy_items(pd) -> list[Item]:
    e = pd.ergotropy
    return [
        Item("V", "V", e["V"], "quadrature covariance matrix, derived by normal ordering"),
        Item("det V", r"\nu^2 = \det V", e["det V"]),
        Item(
            "passive",
            r"\nu - \tfrac12",
            e["passive"],
            "occupation of the passive (thermal) state with the same spectrum",
        ),
        Item("ergotropy", r"\mathcal{E}", e["ergotropy"], r"for $H = \omega x^\dagger x$"),
    ]


def _spectrum_items(pd) -> list[Item]:
    if "spectrum" in pd.skipped:
        return _skip(pd, "spectrum")
    s = pd.spectrum
    items = [
        Item("charpoly", r"\det(\lambda - M)", s["charpoly"]),
        Item("tau", r"\tau = \mathrm{tr}\,M/2", s["tau"]),
        Item("det", r"\det M", s["det"]),
        Item("D", "D", s["D"], r"$(M_{11}-M_{22})^2 + 4M_{12}M_{21}$; EP: D = 0"),
        Item("lambda+", r"\lambda_+", s["lambda+"]),
        Item("lambda-", r"\lambda_-", s["lambda-"]),
    ]
    if "paper_ep" in pd.skipped:
        items += _skip(pd, "paper_ep")
    else:
        pe = pd.paper_ep
        items += [
            Item(
                "D (paper Sec. 4)",
                "D",
                pe["D"],
                r"at $\Delta_c = 0$, $g_a = g_b$, $J = \Gamma/2$, $\Delta_b = 0$, "
                r"$\delta = \Delta_a - \Delta_b$ (paper Eq. 15)",
            ),
            Item("Re D = 0", r"\mathrm{Re}\,D", pe["Re D"], "vanishes at an EP"),
            Item("Im D = 0", r"\mathrm{Im}\,D", pe["Im D"], "vanishes at an EP"),
        ]
        for k, sol in enumerate(pe["solutions"]):
            items.append(
                Item(
                    f"EP solution {k + 1}",
                    r"(\Lambda_b, \theta)",
                    sp.Tuple(*sol.values()),
                    r"so $(\Lambda_b - \Lambda_a)^2 = 4\delta^2$ and "
                    r"$\cos\theta = \delta(\Lambda_b - \Lambda_a)/(2\Gamma^2)$",
                )
            )
    spec = pd.engine.spectrum_effective
    if spec is not None and not isinstance(spec, Structured):
        for name, ep in spec.ep.items():
            if not hasattr(ep, "coefficients"):
                continue
            var = "u = exp(i theta)" if ep.variable.name == "u" else name
            items.append(
                Item(
                    f"EP[{name}]",
                    rf"\text{{EP polynomial in }} {latex(ep.variable)}",
                    sp.Tuple(*ep.coefficients),
                    f"coefficients, highest degree first ({var})",
                )
            )
    return items


_STAGES = {
    "model": _model_items,
    "elimination": _elimination_items,
    "moments": _moment_items,
    "nonreciprocity": _nonreciprocity_items,
    "solutions": _solution_items,
    "ergotropy": _ergotropy_items,
    "spectrum": _spectrum_items,
}


def stage_items(pd, stage: str) -> list[Item]:
    """The labelled results of one stage of a :class:`~nrqb_sym.paper.derivation.PaperDerivation`."""
    if stage not in _STAGES:
        raise KeyError(f"unknown stage {stage!r}")
    return _STAGES[stage](pd)


def _names(pd) -> dict[str, str]:
    return {n: p.latex for n, p in pd.engine.spec.parameters.items() if p.latex}


def _md_item(it: Item, names) -> str:
    note = f" {it.note}" if it.note else ""
    if it.rhs is None:
        return f"**{it.key}**.{note}\n"
    return f"**{it.key}**.{note}\n\n$$\n{latex(it.lhs, names)} = {latex(it.rhs, names)}\n$$\n"


def render_stage_markdown(pd, stage: str) -> str:
    """The Markdown body of one stage document."""
    import importlib

    _, title, module = STAGE_TITLES[stage]
    intro = (importlib.import_module(module).__doc__ or "").strip()
    names = _names(pd)
    parts = [
        f"# {title}\n",
        f"Produced by `{module}`. Paper: {PAPER_REFERENCES[stage]}\n",
        "```text\n" + intro + "\n```\n",
    ]
    parts += [_md_item(it, names) for it in stage_items(pd, stage)]
    return "\n".join(parts)


_PRODUCED_BY = [
    "Produced by nrqb_sym.paper.documents from the model file nrqb.toml",
    "through the engine's pipeline and the paper's extras (nrqb_sym.paper.derivation).",
]


def render_documents(pd, digest: str) -> dict[str, str]:
    """``{file name: Markdown}`` for every stage plus an index."""

    def head(what: str) -> str:
        return header(
            what, comment="md", digest=digest, produced_by=_PRODUCED_BY, regenerate="nrqb generate"
        )

    out = {}
    index = [
        "# Derivations\n",
        "The paper's derivation, one document per stage, regenerated by `nrqb generate` from "
        "`nrqb_sym/model/models/nrqb.toml`. The engine's own documents of every shipped model "
        "are in [models/](models/).\n",
    ]
    for stage, (fname, title, module) in STAGE_TITLES.items():
        out[fname] = head(f"derivation document, {title}") + render_stage_markdown(pd, stage)
        index.append(f"- [{title}]({fname}) - `{module}`")
    if pd.skipped:
        index += ["", "Skipped (the model's shape does not support them):", ""]
        index += [f"- {k}: {v}" for k, v in pd.skipped.items()]
    out["README.md"] = head("index of the derivation documents") + "\n".join(index) + "\n"
    return out


def generate(root, check: bool = False) -> list[str]:
    """Write (or, with ``check``, compare) ``derivations/*.md`` under ``root``; returns the stale
    relative paths."""
    from ..codegen.pedigree import model_digest
    from ..codegen.write import write_files
    from ..model.names import PAPER_MODEL
    from .derivation import derive

    pd = derive()
    digest = model_digest(PAPER_MODEL.read_text(encoding="utf-8"))
    files = {f"derivations/{k}": v for k, v in render_documents(pd, digest).items()}
    return write_files(root, files, check, ["derivations"], suffixes=(".md",))
