r"""Derivation documents of a model with ``order``: the generator, the closure, the equations.

For a :class:`~nrqb_sym.derive.cumulants.CumulantSystem` the documents are

* ``README.md``: index, the order, the equation count per order (counted by the same stage at
  every order up to ``max(order, 4)`` within the budget) beside the a-priori bound;
* ``generator.md``: the kept modes' Hamiltonian and dissipators after any elimination (the
  coefficient atoms :math:`a_k` in LaTeX), in the Kossakowski form the stage reads;
* ``equations.md``: the order counting, the closure rule, the moments and every closed
  equation in the atoms.

Deterministic: the same derivation gives byte-identical text.
"""

from __future__ import annotations

import sympy as sp

from ..derive.cumulants import EQUATION_BUDGET, CumulantSystem, cumulant_system, key_name
from ..model.algebra import key_text
from .pedigree import header

__all__ = ["render_cumulant_documents", "count_table"]

#: Orders counted in the README table (at least up to this one).
COUNT_ORDERS = 4


def _num(w: complex) -> str:
    w = complex(w)
    if w.imag == 0:
        r = w.real
        return str(int(r)) if r == int(r) else repr(r)
    if w.real == 0:
        i = w.imag
        return (str(int(i)) if i == int(i) else repr(i)) + "i"
    return f"({_num(w.real)} + {_num(1j * w.imag)})"


def _coef(coef) -> str:
    parts = []
    for a, w in sorted(coef.items()):
        w = complex(w)
        if w == 1:
            parts.append(f"a{a}")
        elif w == -1:
            parts.append(f"-a{a}")
        else:
            parts.append(f"{_num(w)}·a{a}")
    text = " + ".join(parts).replace("+ -", "- ")
    return f"({text})" if len(parts) > 1 else text


def _mono(cs: CumulantSystem, mono) -> str:
    names = []
    for i, conj in mono:
        n = key_name(cs.moments[i])
        names.append(n + "*" if conj else n)
    return "·".join(names)


def _equation(cs: CumulantSystem, i: int) -> str:
    terms = []
    for mono, coef in sorted(cs.equations[i].items()):
        c = _coef(coef)
        terms.append(c if not mono else f"{c}·{_mono(cs, mono)}")
    return " + ".join(terms) or "0"


def count_table(cs: CumulantSystem) -> list[tuple[int, int, int]]:
    """``[(order, bound, equations)]`` for orders ``1..max(cs.order, COUNT_ORDERS)`` within the
    budget (each counted by the cumulant stage itself)."""
    from ..derive.cumulants import estimate_count

    rows = []
    for order in range(1, max(cs.order, COUNT_ORDERS) + 1):
        bound = estimate_count(cs.spec.kept, cs.spec.two_level, order)
        if bound > EQUATION_BUDGET:
            break
        n = len(cs.moments) if order == cs.order else len(cumulant_system(cs.spec, order).moments)
        rows.append((order, bound, n))
    return rows


def _generator_doc(cs: CumulantSystem) -> list[str]:
    gen = cs.generator
    out = [
        "## Coefficient atoms\n",
        "Every coefficient of the equations is a linear combination of these (SymPy, in the "
        "parameters; after the elimination when the model eliminates modes).\n",
        "| atom | value |",
        "|---|---|",
    ]
    out += [f"| a{k} | ${sp.latex(a)}$ |" for k, a in enumerate(gen.atoms)]
    out += ["", "## Hamiltonian\n", "$H = \\sum_h a_h K_h$ over the normal-ordered monomials:\n"]
    out += ["| monomial | atom |", "|---|---|"]
    out += [f"| `{key_text(k)}` | a{a} |" for k, a in gen.hamiltonian]
    out += [
        "",
        "## Dissipators (Kossakowski form)\n",
        "$\\mathcal D\\rho = \\sum_d a_d\\,(K_j \\rho K_i^\\dagger - \\tfrac12\\{K_i^\\dagger K_j, "
        "\\rho\\})$; a collective jump $\\sqrt\\Gamma(a + q)$ of an elimination appears as the "
        "four terms $(i, j) \\in \\{a, q\\}^2$ with the same atom.\n",
        "| atom | K_i | K_j |",
        "|---|---|---|",
    ]
    out += [f"| a{a} | `{key_text(ki)}` | `{key_text(kj)}` |" for a, ki, kj in gen.dissipators]
    if cs.reduction is not None:
        out += [
            "",
            f"The modes {', '.join(cs.spec.eliminate)} entered linearly and were eliminated at "
            "zero frequency (`nrqb_sym.derive.reduction`); the nonlinear terms act on kept "
            "modes only and are unchanged.",
        ]
    return out


def _equations_doc(cs: CumulantSystem) -> list[str]:
    two = ", ".join(cs.spec.two_level) or "none"
    out = [
        f"Order {cs.order}; two-level modes: {two}.\n",
        "**Order of a moment.** The number of boson ladder operators plus one per two-level "
        "factor ($q$, $q^\\dagger$ and $q^\\dagger q$ each count one), so mean field keeps "
        "populations.\n",
        "**Closure.** A moment of order $M > N$ is replaced by setting its joint cumulant to "
        "zero, $\\sum_P (|P|-1)!(-1)^{|P|-1}\\prod_{B\\in P}\\langle\\prod_{i\\in B}X_i\\rangle "
        "= 0$, solved for the $P = \\{1..M\\}$ term; blocks above $N$ are expanded the same "
        "way. At order 2, $\\langle ABC\\rangle = \\langle AB\\rangle\\langle C\\rangle + "
        "\\langle AC\\rangle\\langle B\\rangle + \\langle BC\\rangle\\langle A\\rangle - "
        "2\\langle A\\rangle\\langle B\\rangle\\langle C\\rangle$.\n",
        f"**Moments** ({len(cs.moments)}; of each conjugate pair one, `*` marks the conjugate "
        "in the equations):\n",
        ", ".join(f"`{key_name(k)}`" for k in cs.moments) + "\n",
        f"**Closed** ({len(cs.closed)} moments above order {cs.order} met on right-hand sides):\n",
    ]
    for k, terms in sorted(cs.closed.items(), key=lambda kv: (len(kv[0]), kv[0]))[:40]:
        rhs = " + ".join(
            f"{w}·" * (w != 1) + "·".join(key_name(b) for b in blocks) for blocks, w in terms
        )
        out.append(f"- `{key_name(k)}` = {rhs.replace('+ -', '- ')}")
    if len(cs.closed) > 40:
        out.append(f"- ... and {len(cs.closed) - 40} more")
    out += ["", "## Equations\n"]
    for i, k in enumerate(cs.moments):
        out.append(f"- d`{key_name(k)}`/dt = {_equation(cs, i)}")
    return out


def render_cumulant_documents(
    cs: CumulantSystem, digest: str, filename: str, regenerate: str
) -> dict[str, str]:
    """``{file name: Markdown}`` (module docstring)."""
    produced_by = [
        f"Produced by nrqb_sym.codegen from the model file {filename} (model {cs.spec.name!r})",
        "through the pipeline spec -> quadratic form -> reduction -> cumulant moments -> closure.",
    ]

    def head(what: str) -> str:
        return header(
            what, comment="md", digest=digest, produced_by=produced_by, regenerate=regenerate
        )

    rows = count_table(cs)
    index = [
        f"# Derivations of the model `{cs.spec.name}` (cumulant expansion, order {cs.order})\n",
        "- [Generator after elimination](generator.md) - `nrqb_sym.derive.cumulants`",
        "- [Closed moment equations](equations.md) - `nrqb_sym.derive.cumulants`",
        "",
        "## Equations per order\n",
        "Counted by the stage itself (one equation per conjugate pair of moments); the bound is "
        "the a-priori estimate checked against the budget before any algebra "
        f"({EQUATION_BUDGET} equations).\n",
        "| order | bound | equations |",
        "|---|---|---|",
    ]
    index += [f"| {o} | {b} | {n} |" for o, b, n in rows]
    out = {
        "README.md": head("index of the derivation documents") + "\n".join(index) + "\n",
        "generator.md": head("derivation document, generator")
        + "\n".join(["# Generator of the kept modes\n", *_generator_doc(cs)])
        + "\n",
        "equations.md": head("derivation document, closed moment equations")
        + "\n".join([f"# Closed moment equations at order {cs.order}\n", *_equations_doc(cs)])
        + "\n",
    }
    return out
