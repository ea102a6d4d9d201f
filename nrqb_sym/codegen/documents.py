r"""Stage 7 - the derived formulas as readable documents (``derivations/*.md``, ``nrqb derive``).

:func:`stage_items` lists, for each stage, the model input and the derived results as labelled
SymPy objects; ``nrqb derive`` prints them and :func:`render_documents` writes one Markdown file
per stage (LaTeX in ``$$ ... $$`` blocks, which GitHub renders), each equation under the name of
the module that produced it.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..model.core import latex_name

__all__ = ["Item", "stage_items", "render_documents", "STAGE_TITLES", "latex"]

STAGE_TITLES = {
    "model": ("01_model.md", "Stage 1 - the model", "nrqb_sym.model.core"),
    "elimination": (
        "02_elimination.md",
        "Stage 2 - elimination of the bad cavity",
        "nrqb_sym.derive.elimination",
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
        "nrqb_sym.derive.solutions",
    ),
    "ergotropy": ("05b_ergotropy.md", "Stage 5b - Gaussian ergotropy", "nrqb_sym.derive.ergotropy"),
    "spectrum": (
        "06_spectrum.md",
        "Stage 6 - spectrum and exceptional points",
        "nrqb_sym.derive.spectrum",
    ),
}


@dataclass(frozen=True)
class Item:
    """One labelled result: ``lhs = rhs`` (``lhs`` may be a string label) and a remark."""

    key: str
    lhs: object
    rhs: object
    note: str = ""


_SYMBOL_NAMES = {
    "Delta_a": r"\Delta_a",
    "Delta_b": r"\Delta_b",
    "Delta_c": r"\Delta_c",
    "kappa_a": r"\kappa_a",
    "kappa_b": r"\kappa_b",
    "kappa_c": r"\kappa_c",
    "theta": r"\theta",
    "omega_a": r"\omega_a",
    "omega_b": r"\omega_b",
    "Lambda_a": r"\Lambda_a",
    "Lambda_b": r"\Lambda_b",
    "Gamma_a": r"\Gamma_a",
    "Gamma_b": r"\Gamma_b",
    "lambda": r"\lambda",
    "alpha": r"\alpha",
    "beta": r"\beta",
    "gamma": r"\gamma",
}


def latex(obj) -> str:
    """LaTeX of a SymPy object with the package's symbol names."""
    if isinstance(obj, str):
        return obj
    names = {
        s: _SYMBOL_NAMES.get(s.name, latex_name(s.name))
        for s in getattr(obj, "free_symbols", set())
        if isinstance(s, sp.Symbol)
    }
    return sp.latex(obj, symbol_names=names)


def stage_items(d, stage: str) -> list[Item]:
    """The labelled results of one stage of a :class:`~nrqb_sym.pipeline.Derivation`."""
    p = d.params
    if stage == "model":
        m = d.model
        items = [Item("H", "H", m.hamiltonian, "Hamiltonian in the frame of the drive")]
        for diss in m.dissipators:
            items.append(Item(f"L_{diss.op}", rf"\text{{rate of }} D[{latex(diss.op)}]", diss.rate))
        items.append(
            Item(
                "parameters",
                r"\text{parameters}",
                sp.Tuple(*p.values()),
                "with their SymPy assumptions: "
                + ", ".join(
                    f"{n}: "
                    + (
                        "positive"
                        if s.is_positive
                        else "nonnegative"
                        if s.is_nonnegative
                        else "real"
                    )
                    for n, s in p.items()
                ),
            )
        )
        return items
    if stage == "elimination":
        e = d.elimination
        items = [
            Item("PHP", "PHP", e.PHP, "block on the kept modes (a, b)"),
            Item("PHQ", "PHQ", e.PHQ),
            Item("QHQ", "QHQ", e.QHQ, "the eliminated mode with its decay"),
            Item("H_eff_E", r"H_\mathrm{eff}(E)", e.H_eff_E, r"$PHP + PHQ\,(E - QHQ)^{-1}\,QHP$"),
            Item("H_eff", r"H_\mathrm{eff}", e.H_eff, "at E = 0 (drive frame)"),
            Item("H_herm", r"H_h", e.H_herm, "Hermitian part (coherent coupling and shifts)"),
            Item("G", "G", e.G, r"$H_\mathrm{eff} = H_h - \tfrac{i}{2}G$"),
            Item("L_c", "L_c", e.jump, "collective jump operator of the equivalent Lindblad form"),
            Item(
                "H_L",
                r"H_\text{Lindblad}",
                e.effective.hamiltonian,
                "Hamiltonian of the equivalent Lindblad form",
            ),
        ]
        for k, v in e.definitions.items():
            items.append(Item(k, sp.Symbol(k), v))
        at0 = {p["Delta_c"]: 0}
        for k in ("Gamma_a", "Gamma_b", "Gamma", "gamma_c"):
            items.append(
                Item(
                    f"{k}@Delta_c=0",
                    sp.Symbol(k),
                    sp.simplify(e.definitions[k].subs(at0)),
                    r"at $\Delta_c = 0$",
                )
            )
        return items
    if stage == "moments":
        items = []
        for label, sysm in (("effective", d.effective), ("full", d.full)):
            for mom, rhs in sysm.equations.items():
                items.append(
                    Item(
                        f"{label}:d{mom.name}/dt",
                        sp.Derivative(mom, sp.Symbol("t")),
                        rhs,
                        f"{label} model",
                    )
                )
            items.append(
                Item(
                    f"{label}:closed",
                    rf"\text{{{label}: closed}}",
                    sp.Symbol("True" if sysm.closed else "False"),
                    "moments added by the closure: "
                    + (", ".join(m.name for m in sysm.added) or "none"),
                )
            )
            items.append(
                Item(
                    f"{label}:M",
                    f"M_{{\\text{{{label}}}}}",
                    sysm.M,
                    r"drift matrix of the first moments, $\dot x = Mx + f$",
                )
            )
            items.append(Item(f"{label}:f", f"f_{{\\text{{{label}}}}}", sysm.f))
        aug = d.augmented_effective
        items.append(
            Item(
                "effective:z",
                "z",
                sp.Matrix(aug.variables),
                "all moments of the effective model with their conjugates and 1",
            )
        )
        items.append(
            Item(
                "effective:A",
                r"\dot z = A z,\ A",
                aug.A,
                "solved by a matrix exponential for thermal baths and any Gaussian start",
            )
        )
        return items
    if stage == "nonreciprocity":
        nr = d.nonreciprocity_detail
        at0 = {p["Delta_c"]: 0}
        return [
            Item("M12", "M_{12}", nr.condition, "set to zero: b does not act back on a"),
            Item("J exp(i theta)", r"J e^{i\theta}", nr.w),
            Item("J", p["J"], nr.solution[p["J"]]),
            Item("theta", p["theta"], nr.solution[p["theta"]]),
            Item(
                "J@Delta_c=0",
                p["J"],
                sp.simplify(nr.solution[p["J"]].subs(at0)),
                r"at $\Delta_c = 0$",
            ),
            Item(
                "theta@Delta_c=0",
                p["theta"],
                sp.simplify(nr.solution[p["theta"]].subs(at0)),
                r"at $\Delta_c = 0$",
            ),
            Item("M21", "M_{21}", nr.M21, "forward coupling once the condition holds"),
        ]
    if stage == "solutions":
        s = d.solutions
        r = d.resonant
        return [
            Item("x_ss", r"x_{ss} = -M^{-1} f", s.x_ss, "steady-state (<a>, <b>)"),
            Item("tau", r"\tau", s.tau),
            Item("w", "w = D/4", s.w),
            Item("x(t)", "x(t)", s.x, "from vacuum; entire in w, finite at EPs"),
            Item(
                "P_B",
                "P_B",
                s.power,
                r"$\omega_b\,d\langle b^\dagger b\rangle/dt$ on the coherent state "
                r"$(\alpha, \beta) = (\langle a\rangle, \langle b\rangle)$",
            ),
            Item(
                "a(t) resonant",
                r"\langle a\rangle(t)",
                r.a,
                "resonance, nonreciprocity (paper Eq. 7)",
            ),
            Item(
                "b(t) resonant",
                r"\langle b\rangle(t)",
                r.b,
                r"paper Eqs. 8-9, written with the entire functions: finite at "
                r"$\Lambda_a = \Lambda_b$",
            ),
            Item(
                "b(t) naive",
                r"\langle b\rangle(t)",
                r.naive_b,
                r"the same function in two-exponential form, 0/0 at $\Lambda_a = \Lambda_b$",
            ),
            Item("a_ss", r"\langle a\rangle_{ss}", r.a_ss),
            Item("b_ss", r"\langle b\rangle_{ss}", r.b_ss),
            Item(
                "R_ss",
                r"R_{ss} = E_B/E_A",
                r.ratio_ss,
                r"the fourfold result: $\to 4\omega_b/\omega_a$ as $\kappa_b \ll \Gamma$ "
                r"($\Gamma_a = \Gamma_b = \Gamma$)",
            ),
            Item("eta_ss", r"\eta_{ss}", r.efficiency_ss, r"$\eta = E_B/(E_A + E_B)$"),
            Item(
                "E",
                "(E_A, E_B)",
                sp.Tuple(*s.energies.values()),
                r"energies on the coherent state, $\omega_x |\langle x\rangle|^2$",
            ),
        ]
    if stage == "ergotropy":
        e = d.ergotropy
        return [
            Item(
                "V", "V", e.covariance, "quadrature covariance matrix, derived by normal ordering"
            ),
            Item("det V", r"\nu^2 = \det V", e.nu2),
            Item(
                "passive",
                r"\nu - \tfrac12",
                e.passive_n,
                "occupation of the passive (thermal) state with the same spectrum",
            ),
            Item("ergotropy", r"\mathcal{E}", e.ergotropy, r"for $H = \omega x^\dagger x$"),
        ]
    if stage == "spectrum":
        sp_ = d.spectrum
        items = [
            Item("charpoly", r"\det(\lambda - M)", sp_.charpoly),
            Item("tau", r"\tau = \mathrm{tr}\,M/2", sp_.tau),
            Item("det", r"\det M", sp_.det),
            Item("D", "D", sp_.discriminant, r"$(M_{11}-M_{22})^2 + 4M_{12}M_{21}$; EP: D = 0"),
            Item("lambda+", r"\lambda_+", sp_.eigenvalues[0]),
            Item("lambda-", r"\lambda_-", sp_.eigenvalues[1]),
        ]
        pe = d.paper_ep
        items += [
            Item(
                "D (paper Sec. 4)",
                "D",
                pe.D,
                r"at $\Delta_c = 0$, $g_a = g_b$, $J = \Gamma/2$, $\Delta_b = 0$, "
                r"$\delta = \Delta_a - \Delta_b$ (paper Eq. 15)",
            ),
            Item("Re D = 0", r"\mathrm{Re}\,D", pe.re, "vanishes at an EP"),
            Item("Im D = 0", r"\mathrm{Im}\,D", pe.im, "vanishes at an EP"),
        ]
        for k, sol in enumerate(pe.solutions):
            items.append(
                Item(
                    f"EP solution {k + 1}",
                    r"(\Lambda_b, \theta)",
                    sp.Tuple(*sol.values()),
                    r"so $(\Lambda_b - \Lambda_a)^2 = 4\delta^2$ and "
                    r"$\cos\theta = \delta(\Lambda_b - \Lambda_a)/(2\Gamma^2)$",
                )
            )
        for name, ep in d.ep.items():
            items.append(
                Item(
                    f"EP[{name}]",
                    rf"\text{{EP polynomial in }} {latex(ep.variable)}",
                    sp.Tuple(*ep.coefficients),
                    f"coefficients, highest degree first ({'u = exp(i theta)' if ep.variable != ep.parameter else name})",
                )
            )
        return items
    raise KeyError(f"unknown stage {stage!r}")


def _md_item(it: Item) -> str:
    lhs = latex(it.lhs)
    rhs = latex(it.rhs)
    note = f" {it.note}" if it.note else ""
    return f"**{it.key}**.{note}\n\n$$\n{lhs} = {rhs}\n$$\n"


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


def render_stage_markdown(d, stage: str) -> str:
    """The Markdown body of one stage document."""
    import importlib

    fname, title, module = STAGE_TITLES[stage]
    mod = importlib.import_module(module)
    intro = (mod.__doc__ or "").strip()
    parts = [
        f"# {title}\n",
        f"Produced by `{module}`. Paper: {PAPER_REFERENCES[stage]}\n",
        "```text\n" + intro + "\n```\n",
    ]
    parts += [_md_item(it) for it in stage_items(d, stage)]
    return "\n".join(parts)


def render_documents(d, digest: str) -> dict[str, str]:
    """``{file name: Markdown}`` for every stage plus an index."""
    from .pedigree import header

    out = {}
    index = [
        "# Derivations\n",
        "One document per pipeline stage, regenerated by `nrqb generate`.\n",
    ]
    for stage, (fname, title, module) in STAGE_TITLES.items():
        out[fname] = header(
            f"derivation document, {title}", comment="md", digest=digest
        ) + render_stage_markdown(d, stage)
        index.append(f"- [{title}]({fname}) - `{module}`")
    out["README.md"] = (
        header("index of the derivation documents", comment="md", digest=digest)
        + "\n".join(index)
        + "\n"
    )
    return out
