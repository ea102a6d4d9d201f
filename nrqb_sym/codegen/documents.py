r"""Derivation documents of a model file: one Markdown file per generic stage.

:func:`render_documents` turns a :class:`~nrqb_sym.derive.pipeline.Derivation` into
``{file name: Markdown}``: the stage module's docstring (the equations), then each result as a
LaTeX block under its name, and a line saying which form it took (``closed form`` or
``structured: ...``, evaluated numerically by the kernels).  Small matrices are printed whole
(with common subexpressions pulled out when that helps); large sparse ones as their non-zero
entries, up to :data:`MAX_ENTRIES`, so a document grows like the model; the moment equations
are printed entry by entry for small models only (stage 3's budget), the Lyapunov form always.
Printing is deterministic, so ``--check`` can compare the text byte for byte.
"""

from __future__ import annotations

import importlib

import sympy as sp

from ..derive.forms import Structured
from ..model.algebra import Key, Poly
from .pedigree import header

__all__ = ["render_documents", "DOCUMENTS", "MATRIX_BUDGET", "CSE_BUDGET", "MAX_ENTRIES"]

#: ``(file name, title, module)`` per stage.
DOCUMENTS = {
    "model": ("01_model.md", "Stage 1 - the model in matrix form", "nrqb_sym.derive.quadratic"),
    "reduction": (
        "02_elimination.md",
        "Stage 2 - adiabatic elimination",
        "nrqb_sym.derive.reduction",
    ),
    "moments": (
        "03_moments.md",
        "Stage 3 - moment equations",
        "nrqb_sym.derive.moments",
    ),
    "steady": ("04_steady_state.md", "Stage 4 - steady state", "nrqb_sym.derive.steady_state"),
    "spectrum": (
        "05_spectrum.md",
        "Stage 5 - spectrum and exceptional points",
        "nrqb_sym.derive.spectrum",
    ),
    "nonreciprocity": (
        "06_nonreciprocity.md",
        "Stage 6 - nonreciprocity conditions",
        "nrqb_sym.derive.nonreciprocity",
    ),
    "observables": (
        "07_observables.md",
        "Stage 7 - observables",
        "nrqb_sym.derive.observables",
    ),
}

#: Matrices up to this many characters are printed entry by entry.
MATRIX_BUDGET = 6000
#: Matrices up to this many characters after ``cse`` (and at most MAX_CSE subexpressions) are
#: printed with their subexpressions.
CSE_BUDGET = 12000
MAX_CSE = 60
#: Matrices larger than this many rows or columns are printed as their non-zero entries ...
DENSE_SIZE = 8
#: ... at most this many of them.
MAX_ENTRIES = 400
#: Most ordered pairs documented in the nonreciprocity stage.
MAX_PAIRS = 12


def _names(d) -> dict[sp.Symbol, str]:
    """LaTeX names: the model file's ``latex`` where given, SymPy's default otherwise."""
    out = {}
    for p in d.spec.parameters.values():
        if p.latex:
            out[p.symbol] = p.latex
    return out


def _moment_latex(name: str, modes: tuple[str, ...]) -> str:
    r"""``"<a'b>"`` -> ``\langle a^\dagger b\rangle``."""
    body = name[1:-1]
    ordered = sorted(modes, key=len, reverse=True)
    parts, k = [], 0
    while k < len(body):
        m = next(m for m in ordered if body.startswith(m, k))
        k += len(m)
        if k < len(body) and body[k] == "'":
            parts.append(rf"{m}^{{\dagger}}")
            k += 1
        else:
            parts.append(m)
    return r"\langle " + " ".join(parts) + r"\rangle"


class _Printer:
    """LaTeX of SymPy objects with the model's symbol names."""

    def __init__(self, d):
        self.names = _names(d)
        modes = d.full.modes
        self.moments = {}
        self.modes = modes
        for m in (d.moments_full, d.moments_effective):
            if m is not None and not isinstance(m, Structured):
                for v in m.variables:
                    self.moments[sp.Symbol(v)] = _moment_latex(v, modes)

    def __call__(self, obj) -> str:
        if isinstance(obj, str):
            return obj
        names = {**self.moments, **self.names}
        used = {s: n for s, n in names.items() if s in getattr(obj, "free_symbols", set())}
        return sp.latex(obj, symbol_names=used)

    def poly(self, p: Poly) -> str:
        """A normal-ordered polynomial, creation operators first in each term."""
        if not p:
            return "0"
        terms = []
        for key, c in sorted(p.items(), key=lambda kc: _key_order(kc[0])):
            mono = " ".join(
                [rf"{m}^{{\dagger {a}}}" if a > 1 else rf"{m}^{{\dagger}}" for m, a, _ in key if a]
                + [rf"{m}^{{{b}}}" if b > 1 else m for m, _, b in key if b]
            )
            coeff = self(c)
            if isinstance(c, sp.Add):
                coeff = rf"\left({coeff}\right)"
            terms.append(f"{coeff} \\, {mono}" if mono else coeff)
        return " + ".join(terms)

    def entries(self, M, label: str, rows=None, cols=None) -> str:
        """The non-zero entries of a large matrix, ``label_{row, col} = ...`` (rows and columns
        named by ``rows``/``cols``), at most :data:`MAX_ENTRIES`."""
        rows = rows or [str(i) for i in range(M.shape[0])]
        cols = cols or [str(j) for j in range(M.shape[1])]
        items = sorted(sp.Matrix(M).todok().items())
        shown = [
            _block(f"{label}_{{{rows[i]},\\,{cols[j]}}} = {self(e)}")
            for (i, j), e in items[:MAX_ENTRIES]
        ]
        more = len(items) - len(shown)
        note = f"{M.shape[0]}x{M.shape[1]}, {len(items)} non-zero entries"
        tail = f"\n... and {more} more entries (evaluated by the kernel).\n" if more > 0 else ""
        return f"${label}$: {note}; the others vanish.\n\n" + "\n".join(shown) + tail

    def matrix(self, M, label: str, rows=None, cols=None) -> str:
        """``label = M`` as LaTeX, with ``cse`` or a summary beyond the budgets (sizes measured
        in characters of the printed expressions); large matrices as their non-zero entries."""
        M = sp.Matrix(M)
        if max(M.shape) > DENSE_SIZE:
            return self.entries(M, label, rows, cols)
        sizes = [len(str(e)) for e in M]
        if sum(sizes) <= MATRIX_BUDGET:
            return _block(f"{label} = {self(M)}")
        if sum(sizes) <= 4 * CSE_BUDGET:
            reps, (reduced,) = sp.cse([M], symbols=sp.numbered_symbols("x_"), order="canonical")
            size = sum(len(str(e)) for _, e in reps) + sum(len(str(e)) for e in reduced)
            if size <= CSE_BUDGET and len(reps) <= MAX_CSE:
                lines = [_block(f"{self(s)} = {self(e)}") for s, e in reps]
                return (
                    f"With the common subexpressions ({len(reps)}):\n\n"
                    + "\n".join(lines)
                    + "\n"
                    + _block(f"{label} = {self(reduced)}")
                )
        nonzero = sum(1 for e in M if e != 0)
        what = (
            "an expression"
            if M.shape == (1, 1)
            else f"a {M.shape[0]}x{M.shape[1]} matrix with {nonzero} non-zero entries"
        )
        return (
            f"${label}$: {what} of {sum(sizes)} characters (largest entry {max(sizes)}); too "
            "large to print usefully, it is evaluated by the kernel (common subexpressions "
            "computed once).\n"
        )


def _key_order(k: Key) -> tuple:
    return (sum(a + b for _, a, b in k), k)


def _block(tex: str) -> str:
    return f"$$\n{tex}\n$$\n"


def _form(text: str) -> str:
    return f"*Form: {text}.*\n"


def _item(title: str, body: str, note: str = "", form: str | None = None) -> str:
    out = f"**{title}**." + (f" {note}" if note else "") + "\n\n" + body
    if form:
        out += "\n" + _form(form)
    return out


def _intro(module: str) -> str:
    doc = (importlib.import_module(module).__doc__ or "").strip()
    return "```text\n" + doc + "\n```\n"


def _model_doc(d, pr: _Printer) -> list[str]:
    spec, qf = d.spec, d.full
    parts = [
        f"Model `{spec.name}`: {spec.description}\n" if spec.description else "",
        f"Modes: {', '.join(spec.modes)}"
        + (
            f"; eliminated for the effective model: {', '.join(spec.eliminate)}"
            if spec.eliminate
            else ""
        )
        + ".\n",
        "| parameter | kind | default |\n|---|---|---|\n"
        + "".join(
            f"| `{n}` | {p.kind} | {'' if p.default is None else p.default} |\n"
            for n, p in spec.parameters.items()
        ),
        _item("H", _block(f"H = {pr.poly(spec.hamiltonian)}"), "as read from the model file"),
    ]
    for k, ch in enumerate(spec.channels):
        parts.append(
            _item(
                f"dissipator {k + 1}",
                _block(rf"{pr(ch.rate)} \; D\!\left[{pr.poly(ch.operator)}\right]"),
                f"`{ch.rate_text} * D[{ch.operator_text}]`" if ch.operator_text else "",
            )
        )
    if qf.energies:
        parts.append(
            _item(
                "energies",
                _block(
                    r",\quad ".join(
                        rf"E_{{{m}}} = {pr(w)} " + _moment_latex("<" + m + "'" + m + ">", qf.modes)
                        for m, w in qf.energies.items()
                    )
                ),
            )
        )
    modes = list(qf.modes)
    lad = _ladder_names(modes)
    parts += [
        _item(
            "h",
            pr.matrix(qf.h, "h", modes, modes),
            "Hermitian: detunings and beam-splitter couplings",
        ),
        _item("s", pr.matrix(qf.s, "s", modes, modes), "symmetric: squeezing"),
        _item("f", pr.matrix(qf.f, "f", modes, [""]), "drives"),
        _item(
            "C",
            pr.matrix(qf.C, "C", lad, lad),
            r"Kossakowski matrix over $A = (x, x^\dagger)$",
        ),
        _item("K", pr.matrix(qf.K, "K", modes, modes), r"$h - \tfrac{i}{2}(G_u - G_v)$"),
    ]
    for o in spec.observables.values():
        parts.append(
            _item(f"observable {o.name}", _block(f"{o.latex} = {pr(o.expression)}"), f"`{o.text}`")
        )
    for p in spec.presets.values():
        pairs = ", ".join(f"({s}, {t})" for s, t in p.nonreciprocal)
        values = ", ".join(f"`{k} = {v:g}`" for k, v in p.values.items())
        parts.append(
            f"**preset {p.name}**. {p.description} "
            + (f"Values: {values}. " if values else "")
            + (f"Couplings solved from the nonreciprocity condition of {pairs}." if pairs else "")
            + "\n"
        )
    return parts + [_form(d.forms["full: matrix form"])]


def _ladder_names(modes) -> list[str]:
    return list(modes) + [f"{m}^\\dagger" for m in modes]


def _reduction_doc(d, pr: _Printer) -> list[str]:
    r = d.reduction
    if r is None:
        return ["No modes are eliminated: the effective model is the full model.\n"]
    if isinstance(r, Structured):
        return [
            f"Kept modes $P$: {', '.join(d.spec.kept)}; eliminated modes $Q$: "
            f"{', '.join(d.spec.eliminate)}.\n",
            "The refusals of the stage were checked (no squeezing or mixed jumps on $Q$, "
            "$K_{QQ}$ invertible); the effective matrices are left to the kernels, which "
            "eliminate numerically at each parameter point from the full model's matrices "
            "(the same Schur complement, $M_\\mathrm{eff} = M_{PP} - M_{PQ}M_{QQ}^{-1}M_{QP}$, "
            "and the noise $D_\\mathrm{eff} = Z D Z^T$).\n",
            _form(d.forms["effective: elimination"]),
        ]
    kept = list(r.kept)
    return [
        f"Kept modes $P$: {', '.join(r.kept)}; eliminated modes $Q$: {', '.join(r.eliminated)}.\n",
        _item("K_QQ", pr.matrix(r.K_QQ, "K_{QQ}"), "the eliminated block with its decay"),
        _item("X", pr.matrix(r.X, r"K_{PQ}K_{QQ}^{-1}")),
        _item(
            "K_eff",
            pr.matrix(r.K_eff, r"K_\mathrm{eff}", kept, kept),
            r"$K_{PP} - K_{PQ}K_{QQ}^{-1}K_{QP}$",
        ),
        _item("f_eff", pr.matrix(r.f_eff, r"f_\mathrm{eff}", kept, [""])),
        _item("h_eff", pr.matrix(r.h_eff, r"h_\mathrm{eff}", kept, kept), r"$z' h z'^\dagger$"),
        _item(
            "shifts",
            pr.matrix(r.shifts, r"h_\mathrm{eff} - h_{PP}", kept, kept),
            "frequency shifts and induced coherent couplings",
        ),
        _item(
            "rates",
            pr.matrix(r.rates, r"\Gamma", kept, kept),
            r"induced dissipative couplings, $(G_u - G_v)_\mathrm{eff} - (G_u - G_v)_{PP}$",
        ),
        _item(
            "C_eff",
            pr.matrix(r.C_eff, r"C_\mathrm{eff}", _ladder_names(kept), _ladder_names(kept)),
            r"$Z C Z^\dagger$",
        ),
        _form(d.forms["effective: elimination"]),
    ]


def _models(d):
    out = [("full", d.first_full, d.moments_full, d.steady_full, d.spectrum_full)]
    if d.first_effective is not None:
        out.append(
            (
                "effective",
                d.first_effective,
                d.moments_effective,
                d.steady_effective,
                d.spectrum_effective,
            )
        )
    return out


def _moments_doc(d, pr: _Printer) -> list[str]:
    parts = []
    for label, first, m, _, _ in _models(d):
        parts.append(f"## {label.capitalize()} model\n")
        if isinstance(first, Structured):
            parts.append(_form(str(first)))
            continue
        modes = list(first.modes)
        lad = _ladder_names(modes)
        parts += [
            "The first-moment drift is "
            + (
                "block diagonal"
                if first.decoupled
                else "not block diagonal (squeezing or mixed jumps)"
            )
            + (
                "; the diffusion vanishes identically: a coherent state stays coherent."
                if first.passive
                else "."
            )
            + "\n",
            _item(
                f"{label}: M1x",
                pr.matrix(first.M1x, "M_1", modes, lad),
                r"$\frac{d}{dt}\langle x_i\rangle = \sum_j (M_1)_{ij}\langle A_j\rangle + f_i$, "
                r"$A = (x, x^\dagger)$",
            ),
            _item(f"{label}: f", pr.matrix(first.f, "f", modes, [""])),
            _item(
                f"{label}: Dn",
                pr.matrix(first.Dn, "D_n", lad, lad),
                r"$\dot\Sigma = M_1\Sigma + \Sigma M_1^T + D_n$ for "
                r"$\Sigma_{kl} = \langle{:}\delta A_k\delta A_l{:}\rangle$",
            ),
            _form(d.forms[f"{label}: first moments and diffusion"]),
        ]
        if isinstance(m, Structured):
            parts.append(_item(f"{label}: moment equations", "", form=str(m)))
            continue
        z = sp.Matrix([sp.Symbol(v) for v in m.variables])
        parts += [
            _item(f"{label}: z", _block(f"z = {pr(z.T)}"), "every first and second moment"),
            _item(
                f"{label}: A",
                pr.matrix(m.A, "A", list(m.variables), list(m.variables)),
                r"$\dot z = A z + b$, entry by entry",
            ),
            _item(f"{label}: b", pr.matrix(m.b, "b", list(m.variables), [""])),
        ]
        if len(m.modes) <= 2:
            eqs = [
                _block(rf"\frac{{d}}{{dt}}{_moment_latex(v, d.full.modes)} = {pr(m.rhs(v))}")
                for v in m.variables
            ]
            parts.append(f"**{label}: equations**. row by row\n\n" + "\n".join(eqs))
        parts.append(_form(d.forms[f"{label}: moment equations"]))
    return parts


def _steady_doc(d, pr: _Printer) -> list[str]:
    parts = []
    for label, _first, _m, ss, _ in _models(d):
        parts.append(f"## {label.capitalize()} model\n")
        if isinstance(ss, Structured):
            parts.append(_form(str(ss)))
            continue
        first = ss.first
        if isinstance(first, sp.MatrixBase):
            z = sp.Matrix([sp.Symbol(v) for v in ss.first_variables])
            body = "\n".join(_block(f"{pr(z[k])}_{{ss}} = {pr(first[k])}") for k in range(len(z)))
        else:
            body = r"$-M^{-1} f$ at each parameter point." + "\n"
        parts.append(_item(f"{label}: first moments", body, form=ss.forms["first moments"]))
        everything = ss.all
        if isinstance(everything, sp.MatrixBase):
            body = pr.matrix(everything, "z_{ss}")
        else:
            body = (
                r"$M_1\Sigma + \Sigma M_1^T + D_n = 0$ at each parameter point (doubling of "
                r"$Q(t) = \int_0^t e^{As}De^{A^Ts}ds$ until converged)." + "\n"
            )
        parts.append(_item(f"{label}: all moments", body, form=ss.forms["second moments"]))
    return parts


def _spectrum_doc(d, pr: _Printer) -> list[str]:
    lam = sp.Symbol("lambda")
    parts = []
    for label, _, _, _, spec in _models(d):
        parts.append(f"## {label.capitalize()} model\n")
        if isinstance(spec, Structured):
            parts.append(_form(str(spec)))
            continue
        parts.append(f"Spectrum of the {spec.block}.\n")
        cp = spec.charpoly
        if isinstance(cp, tuple):
            deg = len(cp) - 1
            body = pr.matrix(sp.Matrix([list(cp)]), rf"(c_{{{deg}}}, \dots, c_0)")
            body += _block(
                r"\det(\lambda - M) = "
                + pr(sum(sp.Symbol(f"c_{deg - k}") * lam ** (deg - k) for k in range(deg + 1)))
            )
        else:
            body = "Evaluated numerically.\n"
        parts.append(
            _item(
                f"{label}: characteristic polynomial",
                body,
                form=spec.forms["characteristic polynomial"],
            )
        )
        D = spec.discriminant
        body = (
            "Evaluated numerically.\n"
            if not isinstance(D, sp.Expr)
            else pr.matrix(sp.Matrix([[D]]), r"\operatorname{Disc}")
        )
        parts.append(
            _item(f"{label}: discriminant", body, "EP: Disc = 0", form=spec.forms["discriminant"])
        )
        if "EP polynomials" in spec.forms:
            parts.append(_form(spec.forms["EP polynomials"]))
        for name, ep in spec.ep.items():
            if hasattr(ep, "coefficients"):
                var = pr(ep.variable)
                body = pr.matrix(sp.Matrix([list(ep.coefficients)]), "\\text{coefficients}")
                note = (
                    f"polynomial in ${var}$"
                    + (
                        rf" $= e^{{i {pr(d.spec.parameters[name].symbol)}}}$"
                        if ep.variable.name == "u"
                        else ""
                    )
                    + ", highest degree first"
                )
            else:
                body, note = "", ""
            parts.append(
                _item(
                    f"{label}: EP polynomial in {name}",
                    body,
                    note,
                    form=spec.forms[f"EP polynomial in {name}"],
                )
            )
    return parts


def _nonreciprocity_doc(d, pr: _Printer) -> list[str]:
    pairs = d.coupled_pairs()
    if not pairs:
        return ["No pair of kept modes has a coherent coupling: there is nothing to solve for.\n"]
    parts = [
        "For each ordered pair (source, target) of kept modes with a coherent coupling: the "
        "coefficient of the target in the source's first-moment equation, set to zero and "
        "solved for that coupling.  The kernels solve the same condition numerically at any "
        "parameter point (presets, `nonreciprocal_coupling`).\n"
    ]
    if len(pairs) > MAX_PAIRS:
        parts.append(f"The first {MAX_PAIRS} of {len(pairs)} pairs are listed.\n")
    for s, t in pairs[:MAX_PAIRS]:
        nr = d.nonreciprocity(s, t)
        lhs = rf"\partial_{{{_moment_latex(f'<{t}>', d.full.modes)}}} \tfrac{{d}}{{dt}}{_moment_latex(f'<{s}>', d.full.modes)}"
        parts.append(f"## {t} does not act back on {s}\n")
        parts.append(
            _item("condition", _block(f"{lhs} = {pr(nr.condition)} = 0"), f"{nr.model} model")
        )
        parts.append(_item("coupling", _block(f"{pr(nr.coupling)} = {pr(nr.value)}")))
        for sym, val in nr.solution.items():
            parts.append(_item(str(sym), _block(f"{pr(sym)} = {pr(val)}")))
        parts.append(
            _item(
                "forward",
                _block(
                    rf"\partial_{{{_moment_latex(f'<{s}>', d.full.modes)}}} \tfrac{{d}}{{dt}}"
                    rf"{_moment_latex(f'<{t}>', d.full.modes)} = {pr(nr.forward)}"
                ),
                "the one-way coupling that remains",
            )
        )
        parts.append(_form("closed form"))
    return parts


def _observables_doc(d, pr: _Printer) -> list[str]:
    from ..derive.observables import observable_table

    parts = []
    for label, modes in (("effective", d.spec.kept), ("full", d.spec.modes)):
        if label == "effective" and not d.spec.eliminate:
            continue
        rows = observable_table(d.spec, tuple(modes))
        parts.append(f"## {label.capitalize()} model\n")
        parts.append(
            "| name | what | definition |\n|---|---|---|\n"
            + "".join(f"| `{n}` | {w} | ${pr(e)}$ |\n" for n, w, e in rows)
        )
    return parts


_BUILDERS = {
    "model": _model_doc,
    "reduction": _reduction_doc,
    "moments": _moments_doc,
    "steady": _steady_doc,
    "spectrum": _spectrum_doc,
    "nonreciprocity": _nonreciprocity_doc,
    "observables": _observables_doc,
}


def render_documents(derivation, digest: str, filename: str, regenerate: str) -> dict[str, str]:
    """``{file name: Markdown}``: one document per stage plus ``README.md`` (index and forms).

    Args:
        derivation: a :class:`~nrqb_sym.derive.pipeline.Derivation`.
        digest: the model+pipeline hash for the header.
        filename: the model file as the user names it.
        regenerate: the command that regenerates the files.
    """
    d = derivation
    pr = _Printer(d)
    produced_by = [
        f"Produced by nrqb_sym.codegen from the model file {filename} (model {d.spec.name!r})",
        "through the pipeline spec -> quadratic form -> reduction -> moments ->",
        "steady state -> spectrum -> nonreciprocity.",
    ]

    def head(what: str) -> str:
        return header(
            what, comment="md", digest=digest, produced_by=produced_by, regenerate=regenerate
        )

    out = {}
    index = [
        f"# Derivations of the model `{d.spec.name}`\n",
        "One document per stage of the pipeline.\n",
    ]
    for stage, (fname, title, module) in DOCUMENTS.items():
        body = [f"# {title}\n", f"Produced by `{module}`.\n", _intro(module)]
        body += _BUILDERS[stage](d, pr)
        out[fname] = head(f"derivation document, {title}") + "\n".join(body)
        index.append(f"- [{title}]({fname}) - `{module}`")
    index += ["", "## Form of each result\n", "| result | form |", "|---|---|"]
    index += [f"| {k} | {v} |" for k, v in d.forms.items()]
    out["README.md"] = head("index of the derivation documents") + "\n".join(index) + "\n"
    return out
