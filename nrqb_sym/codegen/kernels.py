r"""The kernel module of a model file: its matrix form and derived observables as Numba functions.

For a :class:`~nrqb_sym.derive.pipeline.Derivation` the printed module holds

* the model's constants: ``PARAMETERS`` (the layout of the vector ``p``), ``KINDS``,
  ``DEFAULTS``, ``LATEX``, ``MODES``, ``KEPT``, ``ELIMINATED``, ``ENERGY_MODES``, the derived
  observables ``DERIVED``, the ``PRESETS``, the polar form of every coherent coupling between
  kept modes (``COUPLINGS``) and the structural flags ``DECOUPLED`` / ``PASSIVE``;
* ``matrices(p) -> (M1x, f, Dn, omega)``: the full model's first-moment rows
  (:math:`N\times 2N`), drives, normal-ordered diffusion (:math:`2N\times 2N`) and frequencies
  (stage 3; only the non-zero entries are printed, common subexpressions once), so the module
  grows like the model, not like its :math:`2N^2 + 3N` moments;
* the closed-form spectrum pieces (characteristic polynomial, discriminant, EP polynomials per
  parameter) of the effective and full first-moment drifts, where stage 5 has them;
* ``derived_<v>(p, n, E, P, W, out)`` per model variant (``effective``, ``full``): the model's
  derived observables (``[observables]`` of the file) from per-mode occupations, energies, powers
  and ergotropies, quotients ``nan`` where their denominator vanishes.

``matrices`` and ``derived_<v>`` are compiled with the fixed signatures
:data:`~nrqb_sym.runtime.numerics.MATRICES` and :data:`~nrqb_sym.runtime.numerics.DERIVED`: the
fused passes of :mod:`nrqb_sym.runtime.numerics`, compiled once and cached, take them as
first-class functions, so a new model compiles only these few small functions.

The numerics (exponentials, elimination, Lyapunov pieces) are the hand-written functions of
:mod:`nrqb_sym.runtime.numerics`.  Parameter values are bound to locals ``p_<name>`` and
temporaries are ``_c<k>``, so no parameter name can shadow a module or a local.  Printing is
deterministic: the same derivation gives a byte-identical file.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import sympy as sp
from sympy.printing.pycode import PythonCodePrinter

from ..derive.forms import Structured
from ..model.spec import KINDS
from .pedigree import header

__all__ = ["KernelPrinter", "render_kernels", "HASH_LINE"]

#: Prefix of the header line that carries the digest (read back by the runtime and ``--check``).
HASH_LINE = "Model+pipeline hash: sha256:"


class KernelPrinter(PythonCodePrinter):
    """Python/Numba printer: real arithmetic in ``math``, complex in ``cmath``."""

    def __init__(self, settings=None):
        super().__init__(settings or {"fully_qualified_modules": True})

    def _print_ImaginaryUnit(self, expr):
        return "1j"

    def _print_Pow(self, expr, rational=False):
        base, e = expr.args
        if e == sp.S.Half or e == -sp.S.Half:
            arg = self._print(base)
            root = f"math.sqrt({arg})" if base.is_nonnegative else f"cmath.sqrt(complex({arg}))"
            return root if e == sp.S.Half else f"(1.0/{root})"
        if e.is_Integer:
            b = self.parenthesize(base, sp.printing.precedence.PRECEDENCE["Pow"])
            if int(e) == -1:
                return f"(1.0/{b})"
            if int(e) < 0:
                return f"(1.0/{b}**{-int(e)})"
            return f"{b}**{int(e)}"
        b = self._print(base)
        if not base.is_nonnegative:
            b = f"complex({b})"
        return f"({b})**({self._print(e)})"

    def _print_exp(self, expr):
        (arg,) = expr.args
        mod = "math" if arg.is_real else "cmath"
        return f"{mod}.exp({self._print(arg)})"

    def _trig(self, expr, name):
        (arg,) = expr.args
        mod = "math" if arg.is_real else "cmath"
        return f"{mod}.{name}({self._print(arg)})"

    def _print_sin(self, expr):
        return self._trig(expr, "sin")

    def _print_cos(self, expr):
        return self._trig(expr, "cos")

    def _print_atan2(self, expr):
        y, x = expr.args
        return f"math.atan2({self._print(y)}, {self._print(x)})"

    def _print_conjugate(self, expr):
        (arg,) = expr.args
        if arg.is_real:
            return self._print(arg)
        return f"({self._print(arg)}).conjugate()"

    def _print_re(self, expr):
        return f"({self._print(expr.args[0])}).real"

    def _print_im(self, expr):
        return f"({self._print(expr.args[0])}).imag"

    def _print_Abs(self, expr):
        return f"abs({self._print(expr.args[0])})"

    def _print__SafeInverse(self, expr):
        return f"_nm.safe_inverse({self._print(expr.args[0])})"


def _assumed_cse(exprs: Sequence[sp.Expr], prefix: str):
    """CSE whose replacement symbols carry real/nonnegative assumptions where provable."""
    reps, reduced = sp.cse(list(exprs), symbols=sp.numbered_symbols(prefix), order="canonical")
    mapping: dict[sp.Symbol, sp.Symbol] = {}
    out = []
    for sym, e in reps:
        e = e.xreplace(mapping)
        if e.is_nonnegative:
            new = sp.Symbol(sym.name, nonnegative=True)
        elif e.is_real:
            new = sp.Symbol(sym.name, real=True)
        else:
            new = sp.Symbol(sym.name, complex=True)
        mapping[sym] = new
        out.append((new, e))
    return out, [r.xreplace(mapping) for r in reduced]


class _Context:
    """Parameter symbols of one model, renamed to the kernel's local names ``p_<name>``."""

    def __init__(self, spec):
        self.names = tuple(spec.parameters)
        self.local = {n: sp.Symbol(f"p_{n}", **KINDS[p.kind]) for n, p in spec.parameters.items()}

    def rename(self, expr: sp.Expr, where: str, extra: Mapping[str, sp.Symbol] = {}) -> sp.Expr:
        """``expr`` in the local names; refuses a free symbol that is not a parameter."""
        reps = {}
        for s in sp.sympify(expr).free_symbols:
            if s.name in self.local:
                reps[s] = self.local[s.name]
            elif s.name in extra:
                reps[s] = extra[s.name]
            else:
                raise ValueError(f"{where}: symbol {s.name} is not a declared parameter")
        return sp.sympify(expr).xreplace(reps)

    def loads(self, exprs: Sequence[sp.Expr], indent: str = "    ", array: str = "p") -> list[str]:
        used = {s.name for e in exprs for s in sp.sympify(e).free_symbols}
        return [
            f"{indent}p_{n} = {array}[{i}]" for i, n in enumerate(self.names) if f"p_{n}" in used
        ]


def _doc(text: str, indent: str = "    ") -> str:
    return textwrap.indent(f'r"""{text}"""', indent)


def _entries_function(
    name: str,
    ctx: _Context,
    blocks: Sequence[tuple[str, tuple[int, ...], Mapping[tuple[int, ...], sp.Expr], str]],
    doc: str,
    where: str,
    signature: str = "",
) -> str:
    """A ``@njit`` function of ``p`` filling arrays from their non-zero entries (compiled with
    ``signature`` when given).

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
    deco = (
        f"@njit({signature}, cache=True, error_model='numpy')"
        if signature
        else ("@njit(cache=True, error_model='numpy')")
    )
    lines = [deco, f"def {name}(p):", _doc(doc)]
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


def _matrices_function(ctx: _Context, derivation) -> str:
    first = derivation.first_full
    spec = derivation.spec
    n = first.n
    M1x, f, Dn = first.M1x, first.f, first.Dn
    m_entries = {(i, j): M1x[i, j] for i in range(n) for j in range(2 * n) if M1x[i, j] != 0}
    f_entries = {(i,): f[i] for i in range(n) if f[i] != 0}
    d_entries = {(i, j): Dn[i, j] for i in range(2 * n) for j in range(2 * n) if Dn[i, j] != 0}
    omega = {(spec.modes.index(m),): w for m, w in spec.energies.items()}
    doc = (
        "The full model's matrix form at one parameter point (stage 3):\n"
        "d<x_i>/dt = sum_j M1x[i, j] <A_j> + f[i] over A = (x, x'), the normal-ordered\n"
        "diffusion Dn (dSigma/dt = M1 Sigma + Sigma M1^T + Dn) and the frequencies omega\n"
        "(0 where the model gives none; E_m = omega_m <m'm>).\n\n"
        f"Args:\n    p: float64[{len(ctx.names)}] parameter values in PARAMETERS order.\n\n"
        f"Returns:\n    M1x: complex128[{n}, {2 * n}], f: complex128[{n}], "
        f"Dn: complex128[{2 * n}, {2 * n}], omega: float64[{n}]."
    )
    return _entries_function(
        "matrices",
        ctx,
        [
            ("M1x", (n, 2 * n), m_entries, "complex128"),
            ("f", (n,), f_entries, "complex128"),
            ("Dn", (2 * n, 2 * n), d_entries, "complex128"),
            ("omega", (n,), omega, "float64"),
        ],
        doc,
        "matrices",
        "_nm.MATRICES",
    )


# --------------------------------------------------------------------------- spectrum pieces
def _closed(x) -> bool:
    """A closed-form SymPy result (not a structured marker)."""
    return isinstance(x, sp.Basic)


def _coefficients_function(name: str, ctx: _Context, coeffs: Sequence[sp.Expr], doc: str) -> str:
    entries = {(i,): c for i, c in enumerate(coeffs)}
    return _entries_function(name, ctx, [("c", (len(coeffs),), entries, "complex128")], doc, name)


def _spectrum_blocks(ctx: _Context, spectrum, label: str):
    """Kernels of the spectrum pieces that are in closed form, and the index dictionaries."""
    body: list[str] = []
    pieces: dict[str, str] = {}
    eps: dict[str, tuple[str, bool]] = {}
    if spectrum is None or isinstance(spectrum, Structured):
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


def _structured(spectrum) -> dict[str, str]:
    """``{result: description}`` of the spectrum results not in closed form."""
    if spectrum is None:
        return {}
    if isinstance(spectrum, Structured):
        return {"spectrum": str(spectrum)}
    out = {}
    if not isinstance(spectrum.charpoly, tuple | list):
        out["charpoly"] = str(spectrum.charpoly)
    if not _closed(spectrum.discriminant):
        out["discriminant"] = str(spectrum.discriminant)
    for name in sorted(spectrum.ep):
        if getattr(spectrum.ep[name], "coefficients", None) is None:
            out[f"ep:{name}"] = str(spectrum.ep[name])
    return out


def _couplings(derivation) -> dict[tuple[str, str], tuple]:
    """``{(source, target): (c, J, theta, k)}`` for every coherent coupling between kept modes
    written :math:`cJe^{ik\\theta}` (``theta`` ``None`` for a real :math:`cJ`): what a preset
    solves from the nonreciprocity condition."""
    from ..derive.nonreciprocity import polar_form

    out = {}
    idx = {m: i for i, m in enumerate(derivation.full.modes)}
    for s, t in derivation.coupled_pairs():
        polar = polar_form(derivation.full.h[idx[s], idx[t]])
        if polar is not None:
            c, J, theta, k = polar
            out[(s, t)] = (float(c), J.name, None if theta is None else theta.name, int(k))
    return out


# --------------------------------------------------------------------------- derived observables
class _Variant:
    """One model variant (``effective`` or ``full``): its modes, which of them have an energy,
    and the indices the numerics keep and eliminate."""

    def __init__(self, label: str, modes: tuple[str, ...], spec, keep, drop):
        self.label = label
        self.modes = modes
        self.n = len(modes)
        self.energy = tuple(i for i, m in enumerate(modes) if m in spec.energies)
        self.keep = keep
        self.drop = drop
        self.derived = list(spec.observables.values())


class _SafeInverse(sp.Function):
    """``1/x``, printed as ``_nm.safe_inverse(x)`` (``nan`` where ``x == 0``)."""

    nargs = 1


def _guard_quotients(expr: sp.Expr) -> sp.Expr:
    """Every negative integer power ``b**-k`` as ``_SafeInverse(b)**k``, so that no quotient of
    a derived observable is printed as a bare division."""
    return expr.replace(
        lambda e: e.is_Pow and e.exp.is_Integer and e.exp.is_negative,
        lambda e: _SafeInverse(e.base) ** (-e.exp),
    )


def _derived_code(variant: _Variant, ctx: _Context) -> list[tuple]:
    """``[(name, code, references, free symbols)]`` of the derived observables whose modes the
    variant has: code in the per-mode locals ``n<i>``, ``E<i>``, ``P<i>``, ``erg<i>`` and the
    parameter locals (quotients guarded: ``nan`` where the denominator vanishes)."""
    value = {}
    for i, m in enumerate(variant.modes):
        value[f"n_{m}"] = f"n{i}"
        if i in variant.energy:
            value.update({f"E_{m}": f"E{i}", f"P_{m}": f"P{i}", f"W_{m}": f"erg{i}"})
    out = []
    printer = KernelPrinter()
    for o in variant.derived:
        names = {s.name for s in o.expression.free_symbols}
        refs = sorted(n for n in names if n not in ctx.local)
        if any(r not in value for r in refs):
            continue
        local = {r: sp.Symbol(value[r], real=True) for r in refs}
        expr = _guard_quotients(ctx.rename(o.expression, f"observables.{o.name}", local))
        out.append((o.name, printer.doprint(expr), refs, o.expression.free_symbols))
    return out


def _derived_function(variant: _Variant, ctx: _Context, derived) -> str:
    """``derived_<v>(p, n, E, P, W, out)``: the derived observables from per-mode values over a
    chunk of times (``[mode, time]``, the variant's mode order) into ``out[observable, time]``;
    the fused passes call it through a function pointer, once per chunk."""
    lines = [
        "@njit(_nm.DERIVED, cache=True, error_model='numpy')",
        f"def derived_{variant.label}(p, n, E, P, W, out):",
        _doc(
            f"Derived observables of the {variant.label} model (DERIVED_ORDER) from per-mode "
            "values\n[mode, time]: occupations n, energies E, powers P, ergotropies W."
        ),
    ]
    syms = set()
    for *_, free in derived:
        syms |= {s for s in free if s.name in ctx.local}
    lines += ctx.loads([ctx.local[s.name] for s in syms], "    ", "p")
    refs = sorted({r for _, _, rs, _ in derived for r in rs})
    lines.append("    for c in range(out.shape[1]):")
    for r in refs:
        kind, mode = r.split("_", 1)
        i = variant.modes.index(mode)
        name = f"erg{i}" if kind == "W" else f"{kind}{i}"
        lines.append(f"        {name} = {kind}[{i}, c]")
    for d, (_, code, _, _) in enumerate(derived):
        lines.append(f"        out[{d}, c] = {code}")
    if not derived:
        lines.append("        pass")
    return "\n".join(lines) + "\n"


def _variant_block(variant: _Variant, ctx: _Context) -> tuple[list, list, tuple]:
    V = variant.label.upper()
    consts = [
        f"KEEP_{V} = np.array({list(variant.keep)!r}, dtype=np.int64)",
        f"DROP_{V} = np.array({list(variant.drop)!r}, dtype=np.int64)",
    ]
    derived = _derived_code(variant, ctx)
    uses = {n: tuple(refs) for n, _, refs, _ in derived}
    consts.append(f"DERIVED_USES_{V} = {uses!r}")
    return consts, [_derived_function(variant, ctx, derived)], tuple(n for n, *_ in derived)


_IMPORTS = """import cmath
import math

import numpy as np
from numba import njit

from nrqb_sym.runtime import numerics as _nm
"""


def model_header(
    what: str, filename: str, model: str, digest: str, regenerate: str, comment: str = "#"
) -> str:
    """The pedigree header of a file generated from a model file."""
    produced_by = [
        f"Produced by nrqb_sym.codegen from the model file {filename} (model {model!r})",
        "through the pipeline spec -> quadratic form -> reduction -> moments ->",
        "steady state -> spectrum -> nonreciprocity.",
    ]
    return header(
        what, comment=comment, digest=digest, produced_by=produced_by, regenerate=regenerate
    )


def render_kernels(derivation, digest: str, filename: str, regenerate: str) -> str:
    """The kernel module of a model file (module docstring)."""
    spec = derivation.spec
    ctx = _Context(spec)
    modes = tuple(spec.modes)
    kept = tuple(spec.kept)
    eliminated = tuple(spec.eliminate)
    energy_modes = tuple(m for m in modes if m in spec.energies)
    body: list[str] = [_matrices_function(ctx, derivation)]
    variants = [_Variant("full", modes, spec, list(range(len(modes))), [])]
    if eliminated:
        keep = [modes.index(m) for m in kept]
        drop = [modes.index(m) for m in eliminated]
        variants.insert(0, _Variant("effective", kept, spec, keep, drop))
    consts_v: list[str] = []
    derived_names: dict[str, tuple[str, ...]] = {}
    for variant in variants:
        c, b, names = _variant_block(variant, ctx)
        consts_v += c
        body += b
        derived_names[variant.label] = names
    if not eliminated:
        derived_names["effective"] = derived_names["full"]
        consts_v += [
            "KEEP_EFFECTIVE = KEEP_FULL",
            "DROP_EFFECTIVE = DROP_FULL",
            "DERIVED_USES_EFFECTIVE = DERIVED_USES_FULL",
        ]
    spectra: dict[str, dict[str, str]] = {}
    ep_all: dict[str, dict[str, tuple[str, bool]]] = {}
    structured: dict[str, dict[str, str]] = {}
    for label, sp_ in (
        ("full", derivation.spectrum_full),
        ("effective", derivation.spectrum_effective),
    ):
        if label == "effective" and not eliminated:
            spectra[label], ep_all[label] = spectra["full"], ep_all["full"]
            structured[label] = structured["full"]
            continue
        blocks, pieces, eps = _spectrum_blocks(ctx, sp_, label)
        body += blocks
        spectra[label], ep_all[label], structured[label] = pieces, eps, _structured(sp_)
    first = derivation.first_full
    eff = derivation.first_effective
    flags_eff = first if eff is None or isinstance(eff, Structured) else eff
    kinds = {n: p.kind for n, p in spec.parameters.items()}
    defaults = {n: p.default for n, p in spec.parameters.items()}
    latex = {n: p.latex for n, p in spec.parameters.items()}
    derived = {o.name: (o.text, o.latex) for o in spec.observables.values()}
    presets = {
        p.name: {
            "description": p.description,
            "values": dict(p.values),
            "nonreciprocal": tuple(p.nonreciprocal),
        }
        for p in spec.presets.values()
    }
    consts = [
        f"MODEL = {spec.name!r}",
        f"DESCRIPTION = {spec.description!r}",
        f"DIGEST = {digest!r}",
        f"PARAMETERS = {tuple(spec.parameters)!r}",
        f"KINDS = {kinds!r}",
        f"DEFAULTS = {defaults!r}",
        f"LATEX = {latex!r}",
        f"MODES = {modes!r}",
        f"KEPT = {kept!r}",
        f"ELIMINATED = {eliminated!r}",
        f"ENERGY_MODES = {energy_modes!r}",
        "#: derived observables {name: (expression as written, LaTeX)}; per model variant, those",
        "#: whose modes it has (output order of the fused passes)",
        f"DERIVED = {derived!r}",
        f"DERIVED_ORDER = {derived_names!r}",
        f"PRESETS = {presets!r}",
        "#: coherent couplings between kept modes written c*J*exp(i*k*theta): (c, J, theta, k)",
        f"COUPLINGS = {_couplings(derivation)!r}",
        "#: whether the <x> and <x'> blocks of the first-moment drift decouple, and whether a",
        "#: coherent state stays coherent for every parameter value (D_n = 0), per variant",
        f"DECOUPLED = {{'full': {first.decoupled!r}, 'effective': {flags_eff.decoupled!r}}}",
        f"PASSIVE = {{'full': {first.passive!r}, 'effective': {flags_eff.passive!r}}}",
        *consts_v,
    ]
    tail = [
        "#: closed-form spectrum kernels per variant: {piece: function name}",
        f"SPECTRUM = {spectra!r}",
        "#: EP polynomials per variant: {parameter: (function name, polynomial in exp(i x))}",
        f"EP_POLYNOMIALS = {ep_all!r}",
        "#: spectrum results kept structured (evaluated numerically by the runtime), per variant",
        f"STRUCTURED = {structured!r}",
    ]
    if not eliminated:
        tail += ["derived_effective = derived_full"]
    doc = (
        f'"""Kernels of the model {spec.name!r}: matrix form, derived observables and spectrum '
        'pieces\n(see nrqb_sym.codegen.kernels; the fused passes are in nrqb_sym.runtime.numerics)."""\n'
    )
    return (
        model_header(
            f"Numba kernels of the model {spec.name!r}", filename, spec.name, digest, regenerate
        )
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
