r"""Numba kernels of a model file: the derived affine moment system printed as one module.

For a :class:`~nrqb_sym.derive.network.NetworkDerivation` the module holds

* ``PARAMETERS`` (declaration order: the layout of the vector ``p``), ``KINDS``, ``MODES``,
  ``KEPT`` (modes of the effective model), ``ENERGY_MODES``, ``VARIABLES_FULL``,
  ``VARIABLES_EFFECTIVE`` (names such as ``"<a>"``, ``"<a'b>"``);
* ``drift_full(p) -> (A, b)`` and ``drift_effective(p) -> (A, b)``: the moment equations
  :math:`\dot z = A z + b` as complex128 arrays (zeros, then the non-zero entries; common
  sub-expressions computed once);
* ``energies(p)``: :math:`\omega_m` per mode in ``MODES`` order (0 where the model gives none),
  :math:`E_m = \omega_m\langle m^\dagger m\rangle`;
* the spectrum pieces the derivation has in closed form: coefficients of the characteristic
  polynomial of the first-moment drift, its discriminant, and per parameter the EP polynomial
  (``SPECTRUM`` and ``EP_POLYNOMIALS`` say what is there).

The numerics (matrix exponentials, linear solves) are in :mod:`nrqb_sym.runtime.gaussian`.
Parameter values are bound to locals ``p_<name>`` and temporaries are ``_c<k>``, so no
parameter name can shadow a module or a local.  Printing is deterministic: the same derivation
gives a byte-identical file.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import sympy as sp

from .kernels import KernelPrinter, _assumed_cse
from .pedigree import header

__all__ = ["model_header", "render_network_kernels", "HASH_LINE"]

#: Prefix of the header line that carries the digest (read back by the runtime and ``--check``).
HASH_LINE = "Model+pipeline hash: sha256:"


def model_header(what: str, filename: str, model: str, digest: str, comment: str = "#") -> str:
    """The pedigree header of a file generated from a model file (the layout of
    :func:`nrqb_sym.codegen.pedigree.header`, with the model file and its regenerate command)."""
    produced_by = [
        f"Produced by nrqb_sym.codegen from the model file {filename} (model {model!r})",
        "through the pipeline spec -> quadratic form -> reduction -> Gaussian moments ->",
        "steady state -> spectrum.",
    ]
    return header(
        what,
        comment=comment,
        digest=digest,
        produced_by=produced_by,
        regenerate=f"nrqb generate --model-file {filename}",
    )


class _Context:
    """Parameter symbols of one model, renamed to the kernel's local names."""

    def __init__(self, spec):
        self.names = tuple(spec.parameters)
        self.local = {
            n: sp.Symbol(f"p_{n}", **_assumptions(p.kind)) for n, p in spec.parameters.items()
        }

    def rename(self, expr: sp.Expr, where: str) -> sp.Expr:
        """``expr`` in the local names; refuses a free symbol that is not a parameter."""
        expr = sp.sympify(expr)
        reps = {}
        for s in expr.free_symbols:
            if s.name not in self.local:
                raise ValueError(f"{where}: symbol {s.name} is not a declared parameter")
            reps[s] = self.local[s.name]
        return expr.xreplace(reps)

    def loads(self, exprs: Sequence[sp.Expr], indent: str = "    ") -> list[str]:
        used = {s.name for e in exprs for s in e.free_symbols}
        return [f"{indent}p_{n} = p[{i}]" for i, n in enumerate(self.names) if f"p_{n}" in used]


def _assumptions(kind: str) -> dict[str, bool]:
    from ..model.spec import KINDS

    return dict(KINDS[kind])


def _doc(text: str) -> str:
    return textwrap.indent(f'r"""{text}"""', "    ")


def _entries_function(
    name: str,
    ctx: _Context,
    blocks: Sequence[tuple[str, tuple[int, ...], Mapping[tuple[int, ...], sp.Expr], str]],
    doc: str,
    where: str,
) -> str:
    """A ``@njit`` function of ``p`` filling arrays from their non-zero entries.

    ``blocks``: ``(array name, shape, {index: expr}, dtype)``; the function returns the arrays
    in order (a tuple when there are several).
    """
    printer = KernelPrinter()
    flat: list[tuple[int, tuple[int, ...], sp.Expr]] = []
    for k, (_, _, entries, _) in enumerate(blocks):
        for idx in sorted(entries):
            e = ctx.rename(entries[idx], f"{where}[{idx}]")
            if e != 0:
                flat.append((k, idx, e))
    reps, reduced = _assumed_cse([e for _, _, e in flat], "_c")
    lines = ["@njit(cache=True, error_model='numpy')", f"def {name}(p):", _doc(doc)]
    lines += ctx.loads([e for _, e in reps] + list(reduced))
    for s, e in reps:
        lines.append(f"    {s.name} = {printer.doprint(e)}")
    for arr, shape, _, dtype in blocks:
        dims = f"({shape[0]},)" if len(shape) == 1 else f"({', '.join(map(str, shape))})"
        lines.append(f"    {arr} = np.zeros({dims}, dtype=np.{dtype})")
    for (k, idx, _), e in zip(flat, reduced, strict=True):
        arr, _, _, dtype = blocks[k]
        text = printer.doprint(e)
        if dtype == "float64":
            text = f"({text}).real" if not e.is_real else f"float({text})"
        lines.append(f"    {arr}[{', '.join(map(str, idx))}] = {text}")
    names = [arr for arr, _, _, _ in blocks]
    lines.append(f"    return {', '.join(names)}" if len(names) > 1 else f"    return {names[0]}")
    return "\n".join(lines) + "\n"


def _drift(name: str, ctx: _Context, moments, label: str) -> str:
    A, b = moments.A, moments.b
    d = A.rows
    if A.shape != (d, d) or b.rows != d or len(moments.variables) != d:
        raise ValueError(f"{label} moments: A, b and variables do not match in size")
    a_entries = {(i, j): A[i, j] for i in range(d) for j in range(d) if A[i, j] != 0}
    b_entries = {(i,): b[i, 0] for i in range(d) if b[i, 0] != 0}
    doc = (
        f"Moment equations dz/dt = A z + b of the {label} model, z in VARIABLES_"
        f"{label.upper()} order.\n\n"
        f"Args:\n    p: float64[{len(ctx.names)}] parameter values in PARAMETERS order.\n\n"
        f"Returns:\n    A: complex128[{d}, {d}], b: complex128[{d}]."
    )
    return _entries_function(
        name,
        ctx,
        [("A", (d, d), a_entries, "complex128"), ("b", (d,), b_entries, "complex128")],
        doc,
        f"{label} drift",
    )


def _coefficients_function(name: str, ctx: _Context, coeffs: Sequence[sp.Expr], doc: str) -> str:
    entries = {(i,): c for i, c in enumerate(coeffs)}
    return _entries_function(name, ctx, [("c", (len(coeffs),), entries, "complex128")], doc, name)


def _closed(x) -> bool:
    """A closed-form SymPy result (not a structured marker such as a string or ``None``)."""
    return isinstance(x, sp.Basic)


def _spectrum_blocks(ctx: _Context, spectrum, label: str):
    """Kernels of the spectrum pieces that are in closed form, and the index dictionaries.

    ``spectrum`` is a :class:`~nrqb_sym.derive.ep.NetworkSpectrum`: ``charpoly`` (coefficients,
    highest degree first), ``discriminant`` and ``ep`` (``{name: EPPolynomial}``), each possibly
    structured (then nothing is printed and the runtime evaluates it numerically).
    """
    body: list[str] = []
    pieces: dict[str, str] = {}
    eps: dict[str, tuple[str, bool]] = {}
    if spectrum is None:
        return body, pieces, eps
    coeffs = spectrum.charpoly
    if isinstance(coeffs, tuple | list) and all(_closed(c) for c in coeffs):
        fn = f"charpoly_{label}"
        body.append(
            _coefficients_function(
                fn,
                ctx,
                list(coeffs),
                f"Characteristic polynomial det(lambda - M) of the {label} first-moment drift\n"
                f"({spectrum.block}): coefficients, highest degree first.",
            )
        )
        pieces["charpoly"] = fn
    if _closed(spectrum.discriminant):
        fn = f"discriminant_{label}"
        body.append(
            _coefficients_function(
                fn,
                ctx,
                [spectrum.discriminant],
                f"Discriminant of the {label} characteristic polynomial (c[0]).",
            )
        )
        pieces["discriminant"] = fn
    for name in sorted(spectrum.ep):
        ep = spectrum.ep[name]
        coeffs = getattr(ep, "coefficients", None)
        if coeffs is None or not all(_closed(c) for c in coeffs):
            continue
        in_exp = ep.variable.name != name
        fn = f"ep_{label}_{name}"
        denom = ep.denominator if _closed(ep.denominator) else sp.S.One
        body.append(
            _coefficients_function(
                fn,
                ctx,
                [*coeffs, denom],
                f"EP condition Disc = 0 of the {label} model as a polynomial in "
                f"{'u = exp(i ' + name + ')' if in_exp else name}:\ncoefficients highest "
                "first, then the cleared denominator (its zeros are spurious roots).",
            )
        )
        eps[name] = (fn, in_exp)
    return body, pieces, eps


def _keys(moments) -> tuple:
    """The monomial key of each moment variable (from the stage's own name table)."""
    from ..derive.gaussian_moments import moment_table

    table = moment_table(tuple(moments.modes))
    out = []
    for v in moments.variables:
        (key,) = table[v]
        out.append(key)
    return tuple(out)


def _structured(spectrum) -> dict[str, str]:
    """``{result: description}`` of the spectrum results not in closed form."""
    if spectrum is None:
        return {}
    out = {}
    if not isinstance(spectrum.charpoly, tuple | list):
        out["charpoly"] = str(spectrum.charpoly)
    if not _closed(spectrum.discriminant):
        out["discriminant"] = str(spectrum.discriminant)
    for name in sorted(spectrum.ep):
        if getattr(spectrum.ep[name], "coefficients", None) is None:
            out[f"ep:{name}"] = str(spectrum.ep[name])
    return out


#: Largest ``count_ops`` of a nonreciprocity solution printed into the kernels.
NONRECIPROCITY_BUDGET = 3000


def _nonreciprocity_blocks(ctx: _Context, derivation):
    """Kernels of the solved nonreciprocity condition of every coherently coupled pair of kept
    modes: ``(w, J, theta)`` with ``w`` the complex coupling that zeroes the back-action
    (``J``, ``theta`` NaN when the coupling is not written as ``c J exp(i k theta)``)."""
    body: list[str] = []
    table: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {}
    pairs = getattr(derivation, "coupled_pairs", lambda: [])()
    for k, (source, target) in enumerate(pairs):
        nr = derivation.nonreciprocity(source, target)
        exprs = [nr.value]
        names = ["value"]
        for key, v in sorted(nr.solution_named.items()):
            exprs.append(v)
            names.append(key)
        if any(not _closed(e) for e in exprs):
            continue
        if sum(sp.count_ops(e) for e in exprs) > NONRECIPROCITY_BUDGET:
            continue
        fn = f"nonreciprocity_{k}"
        body.append(
            _coefficients_function(
                fn,
                ctx,
                exprs,
                f"Nonreciprocity of the pair ({source}, {target}): <{target}> does not act on "
                f"<{source}>\n({nr.model} model) when the coupling is c[0]; then "
                + (", ".join(f"{n} = c[{i}]" for i, n in enumerate(names) if i) or "-")
                + ".",
            )
        )
        table[(source, target)] = (fn, tuple(names))
    return body, table


_IMPORTS = """import cmath
import math

import numpy as np
from numba import njit
"""


def render_network_kernels(derivation, digest: str, filename: str) -> str:
    """The kernel module of a model file (text of ``kernels.py``)."""
    spec = derivation.spec
    ctx = _Context(spec)
    modes = tuple(spec.modes)
    kept = tuple(spec.kept)
    full = derivation.moments_full
    eff = derivation.moments_effective or full
    energy_modes = tuple(m for m in modes if m in spec.energies)

    body: list[str] = []
    body.append(_drift("drift_full", ctx, full, "full"))
    if derivation.moments_effective is None:
        body.append(
            '@njit(cache=True)\ndef drift_effective(p):\n    """Nothing is eliminated: the '
            'full model."""\n    return drift_full(p)\n'
        )
    else:
        body.append(_drift("drift_effective", ctx, eff, "effective"))
    body.append(
        _entries_function(
            "energies",
            ctx,
            [
                (
                    "omega",
                    (len(modes),),
                    {(modes.index(m),): spec.energies[m] for m in energy_modes},
                    "float64",
                )
            ],
            "Mode frequencies omega_m in MODES order (0 where the model gives none);\n"
            "E_m = omega_m <m'm>.",
            "energies",
        )
    )
    spectra: dict[str, dict[str, str]] = {}
    ep_all: dict[str, dict[str, tuple[str, bool]]] = {}
    for label, attr in (("full", "spectrum_full"), ("effective", "spectrum_effective")):
        if label == "effective" and derivation.moments_effective is None:
            spectra[label], ep_all[label] = spectra["full"], ep_all["full"]
            continue  # nothing eliminated: the full model's kernels serve both
        blocks, pieces, eps = _spectrum_blocks(ctx, getattr(derivation, attr, None), label)
        body += blocks
        spectra[label] = pieces
        ep_all[label] = eps

    decoupled = {"full": bool(full.decoupled), "effective": bool(eff.decoupled)}
    structured = {"full": _structured(derivation.spectrum_full)}
    structured["effective"] = (
        structured["full"]
        if derivation.moments_effective is None
        else _structured(derivation.spectrum_effective)
    )
    nr_body, nr_table = _nonreciprocity_blocks(ctx, derivation)
    body += nr_body
    kinds = {n: p.kind for n, p in spec.parameters.items()}
    defaults = {n: p.default for n, p in spec.parameters.items()}
    consts = [
        f"MODEL = {spec.name!r}",
        f"DIGEST = {digest!r}",
        f"PARAMETERS = {tuple(spec.parameters)!r}",
        f"KINDS = {kinds!r}",
        f"DEFAULTS = {defaults!r}",
        f"MODES = {modes!r}",
        f"KEPT = {kept!r}",
        f"ENERGY_MODES = {energy_modes!r}",
        f"VARIABLES_FULL = {tuple(full.variables)!r}",
        f"VARIABLES_EFFECTIVE = {tuple(eff.variables)!r}",
        "#: normal-ordered monomial of each variable: ((mode, n_dagger, n_annihilation), ...)",
        f"MOMENT_KEYS_FULL = {_keys(full)!r}",
        f"MOMENT_KEYS_EFFECTIVE = {_keys(eff)!r}",
        "#: whether the <x> and <x'> blocks of the first-moment drift decouple, per model",
        f"DECOUPLED = {decoupled!r}",
    ]
    tail = [
        "#: closed-form spectrum kernels per model: {piece: function name}",
        f"SPECTRUM = {spectra!r}",
        "#: EP polynomials per model: {parameter: (function name, polynomial in exp(i x))}",
        f"EP_POLYNOMIALS = {ep_all!r}",
        "#: spectrum results kept structured (evaluated numerically by the runtime), per model",
        f"STRUCTURED = {structured!r}",
        "#: solved nonreciprocity per ordered pair: {(source, target): (function, outputs)}",
        f"NONRECIPROCITY = {nr_table!r}",
    ]
    doc = (
        f'"""Kernels of the model {spec.name!r}: moment equations dz/dt = A z + b (full and '
        'effective),\nenergies and closed-form spectrum pieces."""\n'
    )
    text = (
        model_header(f"Numba kernels of the model {spec.name!r}", filename, spec.name, digest)
        + doc
        + "\n"
        + _IMPORTS
        + "\n"
        + "\n".join(consts)
        + "\n\n\n"
        + "\n\n".join(body)
        + "\n\n"
        + "\n".join(tail)
        + "\n"
    )
    return text
