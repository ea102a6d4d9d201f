r"""Stage 6 - code generation: derived SymPy expressions -> Numba kernels in ``generated/``.

Each kernel module is printed from the :class:`~nrqb_sym.derive.pipeline.Derivation` by a small printer
that knows which sub-expressions are real (from the SymPy assumptions) so that real arithmetic
stays in ``math`` and everything else is done in complex arithmetic (``cmath``; no silent ``nan``
from the square root of a negative float).  Common sub-expressions are eliminated once; for time
traces those that do not depend on ``t`` are hoisted out of the time loop and computed once per
parameter point.

Every file starts with a header giving the generator, the SHA-256 of the model and pipeline
sources plus the SymPy version, and the command that regenerates it.  Printing is deterministic:
the same sources give byte-identical files.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import sympy as sp
from sympy.printing.pycode import PythonCodePrinter

from ..derive.special import expm1cosh, expsinhc
from ..model.core import PARAMETER_NAMES
from .pedigree import header, pipeline_hash

__all__ = ["KernelPrinter", "Output", "render_kernels"]


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

    def _print_Function(self, expr):
        if isinstance(expr, expsinhc | expm1cosh):
            x, w = (self._print(a) for a in expr.args)
            return f"{type(expr).__name__}(complex({x}), complex({w}))"
        return super()._print_Function(expr)


@dataclass(frozen=True)
class Output:
    """One output of a generated function: a name, its expression, and whether it is real."""

    name: str
    expr: sp.Expr
    real: bool = False


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


def _param_lines(exprs, indent="    ", array="p") -> list[str]:
    used = set().union(*(e.free_symbols for e in exprs)) if exprs else set()
    names = {s.name for s in used}
    return [f"{indent}{n} = {array}[{i}]" for i, n in enumerate(PARAMETER_NAMES) if n in names]


def _value(printer: KernelPrinter, out: Output, e: sp.Expr) -> str:
    text = printer.doprint(e)
    if out.real and not e.is_real:
        return f"({text}).real"
    if out.real:
        return f"float({text})"
    return f"complex({text})"


def scalar_function(
    name: str, outputs: Sequence[Output], doc: str, extra_args=(), with_p: bool = True
) -> str:
    """A ``@njit`` function of the parameter vector ``p`` returning a tuple of outputs."""
    printer = KernelPrinter()
    reps, reduced = _assumed_cse([o.expr for o in outputs], "_x")
    args = ", ".join(["p", *extra_args] if with_p else list(extra_args))
    lines = [
        "@njit(cache=True, error_model='numpy')",
        f"def {name}({args}):",
        textwrap.indent(f'r"""{doc}"""', "    "),
    ]
    lines += _param_lines([e for _, e in reps] + reduced)
    for s, e in reps:
        lines.append(f"    {s.name} = {printer.doprint(e)}")
    vals = [_value(printer, o, e) for o, e in zip(outputs, reduced, strict=True)]
    lines.append(
        f"    return ({', '.join(vals)},)" if len(vals) == 1 else f"    return ({', '.join(vals)})"
    )
    names = tuple(o.name for o in outputs)
    lines.append(f"\n\n{name.upper()}_OUTPUTS = {names!r}")
    return "\n".join(lines) + "\n"


def matrix_function(name: str, A: sp.Matrix, doc: str) -> str:
    """A ``@njit`` function of ``p`` returning the complex matrix ``A`` (zeros not written)."""
    printer = KernelPrinter()
    entries = [(i, j, A[i, j]) for i in range(A.rows) for j in range(A.cols) if A[i, j] != 0]
    reps, reduced = _assumed_cse([e for _, _, e in entries], "_x")
    lines = [
        "@njit(cache=True, error_model='numpy')",
        f"def {name}(p):",
        textwrap.indent(f'r"""{doc}"""', "    "),
    ]
    lines += _param_lines([e for _, e in reps] + reduced)
    for s_, e in reps:
        lines.append(f"    {s_.name} = {printer.doprint(e)}")
    lines.append(f"    A = np.zeros(({A.rows}, {A.cols}), dtype=np.complex128)")
    for (i, j, _), e in zip(entries, reduced, strict=True):
        lines.append(f"    A[{i}, {j}] = {printer.doprint(e)}")
    lines.append("    return A")
    return "\n".join(lines) + "\n"


def _variable_names(aug) -> tuple[str, ...]:
    out = []
    for v in aug.variables:
        if v == 1:
            out.append("1")
        elif isinstance(v, sp.conjugate):
            out.append("conj " + v.args[0].name)
        else:
            out.append(v.name)
    return tuple(out)


_ERGOTROPY_ARRAY = '''@njit(parallel=True, cache=True)
def ergotropy_array(omega, x, n, m):
    """ergotropy() over 1-d arrays x (complex), n (float), m (complex)."""
    out = np.empty(x.shape[0], dtype=np.float64)
    for i in prange(x.shape[0]):
        out[i] = ergotropy(omega, x[i], n[i], m[i])[0]
    return out
'''


_MOMENTS_TEMPLATE = '''@njit(parallel=True, cache=True)
def {prefix}_moments_trace(p, z0, t):
    r"""All first and second moments z(t) = expm(A t) z0 of the {label} model; rows over t,
    columns in {upper}_MOMENTS order."""
    A = {prefix}_moment_matrix(p)
    n = t.shape[0]
    Z = np.empty((n, A.shape[0]), dtype=np.complex128)
    for i in prange(n):
        Z[i] = expm(A * t[i]) @ z0
    return Z
'''


def _fuse_propagators(exprs: Sequence[sp.Expr], printer: KernelPrinter, prefix: str):
    """Replace each ``expm1cosh(x, r**2)``/``expsinhc(x, r**2)`` pair by two symbols filled by
    one :func:`nrqb_sym.runtime.numerics.propagator` call (shared exponentials, root ``r`` given)."""
    pairs: dict[tuple, tuple[sp.Symbol, sp.Symbol]] = {}
    lines: list[str] = []
    reps: dict[sp.Expr, sp.Symbol] = {}
    calls = sorted(
        {f for e in exprs for f in e.atoms(expm1cosh, expsinhc)}, key=sp.default_sort_key
    )
    for f in calls:
        x, w = f.args
        base, e = w.as_base_exp()
        if e != 2:
            continue  # not written with its root: printed as a plain call
        key = (x, base)
        if key not in pairs:
            k = len(pairs)
            pairs[key] = (sp.Symbol(f"{prefix}C{k}"), sp.Symbol(f"{prefix}S{k}"))
            c, s_ = pairs[key]
            lines.append(
                f"    {c.name}, {s_.name} = propagator(complex({printer.doprint(x)}), "
                f"complex({printer.doprint(base)}))"
            )
        reps[f] = pairs[key][0] if isinstance(f, expm1cosh) else pairs[key][1]
    return [e.xreplace(reps) for e in exprs], lines, {s for p in pairs.values() for s in p}


def _hoist(expr: sp.Expr, moving: set, named: dict, prefix: str) -> sp.Expr:
    """Replace every maximal time-independent factor (in products) and group of terms (in
    sums) by a new symbol recorded in ``named``; ``moving`` are the time-dependent symbols."""

    def is_moving(e):
        return bool(e.free_symbols & moving)

    def new(e):
        if e.is_Number or e.is_NumberSymbol or e == sp.I or (e.is_Symbol and e in named):
            return e
        if e.is_Symbol and e.name.startswith("_"):
            return e
        for sym, val in named.items():
            if val == e:
                return sym
        kind = {"real": True} if e.is_real else {"complex": True}
        sym = sp.Symbol(f"{prefix}{len(named)}", **kind)
        named[sym] = e
        return sym

    def walk(e):
        if not is_moving(e):
            return new(e)
        if e.is_Add or e.is_Mul:
            ind, dep = e.as_independent(*moving, as_Add=e.is_Add)
            parts = [walk(a) for a in (sp.Add if e.is_Add else sp.Mul).make_args(dep)]
            dep_new = e.func(*parts)
            if ind == (0 if e.is_Add else 1):
                return dep_new
            return e.func(new(ind), dep_new)
        if not e.args:
            return e
        return e.func(*[walk(a) for a in e.args])

    return walk(expr)


def trace_functions(
    prefix: str,
    groups: Sequence[Sequence[Output]],
    t: sp.Symbol,
    doc: str,
    static: dict[sp.Symbol, sp.Expr] | None = None,
) -> str:
    r"""``_prepare``/``_evaluate``/``trace``/``grid`` kernels for time-dependent outputs.

    ``static`` names time-independent pieces (computed once per parameter point in
    ``_prepare``); ``groups`` are evaluated per time point, in order, and a later group may use
    the names of earlier outputs.  Sub-expressions free of ``t`` are hoisted into ``_prepare``
    too, and the two propagator functions of one argument pair are evaluated by one call.
    """
    printer = KernelPrinter()
    dynamic = {t}
    static_real: list[tuple[sp.Symbol, sp.Expr]] = []
    static_cplx: list[tuple[sp.Symbol, sp.Expr]] = []
    dyn_lines: list[str] = []
    all_outputs: list[Output] = []
    order: dict[sp.Symbol, int] = {}
    named: dict[sp.Symbol, sp.Expr] = {}
    rename: dict[sp.Symbol, sp.Symbol] = {}
    for n, e in (static or {}).items():
        sym = sp.Symbol(f"_{n.name}", complex=True)
        rename[n] = sym
        named[sym] = e
    # pass 1: per group, fuse the propagator calls and hoist every t-independent factor/term
    prepared = []
    for k, group in enumerate(groups):
        exprs = [o.expr.xreplace(rename) for o in group]
        exprs, call_lines, fused = _fuse_propagators(exprs, printer, f"_p{k}_")
        moving = {t} | fused | {sp.Symbol(o.name) for g in groups[:k] for o in g}
        exprs = [_hoist(e, moving, named, f"_h{k}_") for e in exprs]
        prepared.append((group, exprs, call_lines, fused))
    # the static block: named pieces and hoisted factors, one CSE, computed in _prepare
    if named:
        keys = list(named)
        reps, reduced = _assumed_cse([named[n] for n in keys], "_s")
        for s_, e in reps:
            order[s_] = len(order)
            (static_real if s_.is_real else static_cplx).append((s_, e))
        for n, e in zip(keys, reduced, strict=True):
            order[n] = len(order)
            (static_real if n.is_real else static_cplx).append((n, sp.sympify(e)))
    # pass 2: the per-time code
    first_group_end = None
    for k, (group, exprs, call_lines, fused) in enumerate(prepared):
        if k == 1:
            first_group_end = len(dyn_lines)
        dyn_lines += call_lines
        dynamic |= fused
        reps, reduced = _assumed_cse(exprs, f"_g{k}_")
        for s, e in reps:
            order[s] = len(order)
            if e.free_symbols & dynamic:
                dynamic.add(s)
                dyn_lines.append(f"    {s.name} = {printer.doprint(e)}")
            elif s.is_real:
                static_real.append((s, e))
            else:
                static_cplx.append((s, e))
        for o, e in zip(group, reduced, strict=True):
            dyn_lines.append(f"    {o.name} = {_value(printer, o, e)}")
            dynamic.add(sp.Symbol(o.name))
            dynamic.update(sp.Symbol(o.name, **a) for a in ({"real": True}, {"complex": True}))
            all_outputs.append(o)

    static_all = sorted(static_real + static_cplx, key=lambda se: order[se[0]])
    static_exprs = [e for _, e in static_all]
    prep = [
        "@njit(cache=True, error_model='numpy')",
        f"def {prefix}_prepare(p):",
        '    """Time-independent sub-expressions at one parameter point."""',
    ]
    prep += _param_lines(static_exprs)
    for s, e in static_all:
        prep.append(f"    {s.name} = {printer.doprint(e)}")
    prep.append(f"    hr = np.empty({max(len(static_real), 1)}, dtype=np.float64)")
    prep.append(f"    hc = np.empty({max(len(static_cplx), 1)}, dtype=np.complex128)")
    for i, (s, _) in enumerate(static_real):
        prep.append(f"    hr[{i}] = {s.name}")
    for i, (s, _) in enumerate(static_cplx):
        prep.append(f"    hc[{i}] = {s.name}")
    prep.append("    return hr, hc")

    dyn_text = "\n".join(dyn_lines)
    # values the per-time code needs, passed as scalars (loaded once per parameter point)
    import re

    used = set(re.findall(r"[A-Za-z_][A-Za-z_0-9]*", dyn_text))
    loads: list[tuple[str, str, str]] = []  # (name, array, index)
    for k_, n in enumerate(PARAMETER_NAMES):
        if n in used:
            loads.append((n, "p", str(k_)))
    for i, (s, _) in enumerate(static_real):
        if s.name in used:
            loads.append((s.name, "hr", str(i)))
    for i, (s, _) in enumerate(static_cplx):
        if s.name in used:
            loads.append((s.name, "hc", str(i)))
    arg_names = ", ".join(["t", *(n for n, _, _ in loads)])
    ev = [
        "@njit(cache=True, error_model='numpy', inline='always')",
        f"def {prefix}_evaluate({arg_names}):",
        '    """Outputs at one time from the prepared sub-expressions."""',
    ]
    ev += dyn_lines
    ev.append(f"    return ({', '.join(o.name for o in all_outputs)})")

    def dtype(o: Output) -> str:
        return "np.float64" if o.real else "np.complex128"

    names = [o.name for o in all_outputs]
    tr = [
        "@njit(parallel=True, cache=True, error_model='numpy')",
        f"def {prefix}_trace(p, t):",
        textwrap.indent(
            f'r"""{doc}\n\nArgs:\n    p: float64[{len(PARAMETER_NAMES)}] parameters '
            f"in PARAMETERS order.\n    t: float64[n] times.\n\nReturns:\n    "
            f'({", ".join(names)}), each of shape (n,)."""',
            "    ",
        ),
        f"    hr, hc = {prefix}_prepare(p)",
        "    n = t.shape[0]",
    ]
    for o in all_outputs:
        tr.append(f"    o_{o.name} = np.empty(n, dtype={dtype(o)})")
    for n, arr, idx in loads:
        tr.append(f"    {n} = {arr}[{idx}]")
    call_args = ", ".join(n for n, _, _ in loads)
    tr.append("    for i in prange(n):")
    tr.append(f"        r = {prefix}_evaluate(t[i], {call_args})")
    for j, o in enumerate(all_outputs):
        tr.append(f"        o_{o.name}[i] = r[{j}]")
    tr.append(f"    return ({', '.join('o_' + n for n in names)})")
    tr.append(f"\n\n{prefix.upper()}_OUTPUTS = {tuple(names)!r}")

    gr = [
        "@njit(parallel=True, cache=True, error_model='numpy')",
        f"def {prefix}_grid(P, t):",
        textwrap.indent(
            f'r"""{doc}\n\nArgs:\n    P: float64[m, {len(PARAMETER_NAMES)}] parameter '
            f"points.\n    t: float64[n] times.\n\nReturns:\n    "
            f'({", ".join(names)}), each of shape (m, n)."""',
            "    ",
        ),
        "    m = P.shape[0]",
        "    n = t.shape[0]",
        f"    hr0, hc0 = {prefix}_prepare(P[0])",
        "    HR = np.empty((m, hr0.shape[0]), dtype=np.float64)",
        "    HC = np.empty((m, hc0.shape[0]), dtype=np.complex128)",
        "    for j in prange(m):",
        f"        hr, hc = {prefix}_prepare(P[j])",
        "        HR[j] = hr",
        "        HC[j] = hc",
    ]
    for o in all_outputs:
        gr.append(f"    o_{o.name} = np.empty((m, n), dtype={dtype(o)})")
    gr.append("    for k in prange(m * n):")
    gr.append("        j = k // n")
    gr.append("        i = k - j * n")
    src = {"p": "P[j, {}]", "hr": "HR[j, {}]", "hc": "HC[j, {}]"}
    grid_args = ", ".join(src[arr].format(idx) for _, arr, idx in loads)
    gr.append(f"        r = {prefix}_evaluate(t[i], {grid_args})")
    for j, o in enumerate(all_outputs):
        gr.append(f"        o_{o.name}[j, i] = r[{j}]")
    gr.append(f"    return ({', '.join('o_' + n for n in names)})")
    blocks = [prep, ev, tr, gr]
    if first_group_end is not None and len(groups) > 1:
        first = [o.name for o in groups[0]]
        later = [o for g in groups[1:] for o in g]
        ob = [
            "@njit(cache=True, error_model='numpy', inline='always')",
            f"def {prefix}_observables({', '.join(first)}, {call_args}):",
            f'    """{", ".join(o.name for o in later)} from {", ".join(first)}."""',
            *dyn_lines[first_group_end:],
            f"    return ({', '.join(o.name for o in later)},)",
        ]
        n_first = len(first)
        un = [
            "@njit(parallel=True, cache=True, error_model='numpy')",
            f"def {prefix}_trace_uniform(p, t0, dt, n):",
            '    r"""The trace on the uniform grid t_k = t0 + k dt, k < n: blocks of 256 points start',
            "    from the closed form and step x_{k+1} = x_ss + e^{M dt}(x_k - x_ss) (first moments",
            '    affine, dx/dt = M x + f); same outputs as the trace kernel."""',
            f"    hr, hc = {prefix}_prepare(p)",
            *[f"    {n_} = {arr}[{idx}]" for n_, arr, idx in loads],
            f"    d = {prefix}_drift(p)",
            f"    M = np.empty(({n_first}, {n_first}), dtype=np.complex128)",
            f"    f = np.empty({n_first}, dtype=np.complex128)",
            f"    for i in range({n_first}):",
            f"        for j in range({n_first}):",
            f"            M[i, j] = d[{n_first} * i + j]",
            f"        f[i] = d[{n_first * n_first} + i]",
            "    x_ss = np.linalg.solve(M, -f)",
            "    E = expm(M * dt)",
        ]
        for o in all_outputs:
            un.append(f"    o_{o.name} = np.empty(n, dtype={dtype(o)})")
        rng = range(n_first)
        un += [f"    e{i}{j} = E[{i}, {j}]" for i in rng for j in rng]
        un += [f"    xs{i} = x_ss[{i}]" for i in rng]
        un += [
            "    nblocks = (n + 255) // 256",
            "    for b in prange(nblocks):",
            "        start = 256 * b",
            "        stop = min(n, start + 256)",
            f"        r = {prefix}_evaluate(t0 + start * dt, {call_args})",
            *[f"        x{j} = r[{j}]" for j in rng],
            "        for k in range(start, stop):",
            "            if k > start:",
            *[f"                d{j} = x{j} - xs{j}" for j in rng],
            *[
                f"                x{i} = xs{i} + " + " + ".join(f"e{i}{j} * d{j}" for j in rng)
                for i in rng
            ],
            f"            q = {prefix}_observables({', '.join(f'x{j}' for j in rng)}, {call_args})",
        ]
        for j in range(n_first):
            un.append(f"            o_{all_outputs[j].name}[k] = x{j}")
        for j, o in enumerate(later):
            un.append(f"            o_{o.name}[k] = q[{j}]")
        un.append(f"    return ({', '.join('o_' + n for n in names)})")
        blocks += [ob, un]
    return "\n\n\n".join("\n".join(block) for block in blocks) + "\n"


#: Time steps between closed-form restarts in the fused stepping kernels (bounds the rounding
#: accumulated by x_{k+1} = x_ss + e^{M dt}(x_k - x_ss)).
RESTART = 256


def _real_polynomial(
    expr: sp.Expr, amplitudes: Sequence[sp.Symbol]
) -> list[tuple[sp.Expr, list[sp.Expr]]] | None:
    r"""A real-valued sum of (coefficient) x (monomial in the amplitudes and their conjugates)
    written in real arithmetic: with :math:`z = z_{re} + i z_{im}` each term
    :math:`c\,m` contributes :math:`\mathrm{Re}(c)\,\mathrm{Re}(m) - \mathrm{Im}(c)\,\mathrm{Im}(m)`.

    Returns ``[(coefficient, [real monomials sharing it]), ...]`` with coefficients free of
    the amplitudes (``re``/``im`` of the complex ones left unevaluated), or ``None`` when
    ``expr`` is not such a sum.
    """
    reals = {}
    parts = {}
    for z in amplitudes:
        zr = sp.Symbol(f"{z.name}_re", real=True)
        zi = sp.Symbol(f"{z.name}_im", real=True)
        reals[z] = (zr, zi)
        parts[z] = zr + sp.I * zi
        parts[sp.conjugate(z)] = zr - sp.I * zi
    real_syms = [s for pair in reals.values() for s in pair]
    acc: dict[sp.Expr, sp.Expr] = {}
    for term in sp.Add.make_args(expr):
        coef, mono = term.as_independent(*amplitudes, as_Add=False)
        powers = mono.as_powers_dict() if mono != 1 else {}
        if any(g not in parts or not (k.is_Integer and k > 0) for g, k in powers.items()):
            return None
        value = sp.expand(sp.Mul(*[parts[g] ** k for g, k in powers.items()]))
        X, Y = value.as_real_imag()
        if coef.is_real:
            contrib = coef * X
        else:
            cre, cim = sp.re(coef, evaluate=False), sp.im(coef, evaluate=False)
            contrib = cre * X - cim * Y
        for piece in sp.Add.make_args(sp.expand(contrib)):
            c, m = piece.as_independent(*real_syms, as_Add=False)
            acc[m] = acc.get(m, sp.S.Zero) + c
    grouped: dict[sp.Expr, list[sp.Expr]] = {}
    for m, c in acc.items():
        if c != 0:
            grouped.setdefault(c, []).append(m)
    return sorted(
        ((c, sorted(ms, key=sp.default_sort_key)) for c, ms in grouped.items()),
        key=lambda cm: sp.default_sort_key(cm[1][0]),
    )


def fused_functions(
    prefix: str,
    amplitudes: Sequence[Output],
    observables: Sequence[Output],
    t: sp.Symbol,
    static: dict[sp.Symbol, sp.Expr],
    steady: Sequence[sp.Expr],
    tau: sp.Expr,
    root: sp.Expr,
    shifted: sp.Matrix,
    doc: str,
) -> str:
    r"""Fused kernels: every requested observable in one compiled pass, written into outputs the
    caller allocated (a zero-length output is not computed).

    ``amplitudes`` are the first moments x(t) from vacuum (closed form in ``t`` and the named
    ``static`` pieces); ``observables`` are functions of the amplitudes (and of earlier
    observables).  On an evenly spaced grid the kernels step
    :math:`x_{k+1} = x_{ss} + e^{M\,dt}(x_k - x_{ss})` with
    :math:`e^{M\,dt} = (1 + C(dt))I + S(dt)(M - \tau I)` (``steady`` = :math:`x_{ss}`, ``tau``,
    ``root`` = :math:`s = \sqrt{w}`, ``shifted`` = :math:`M - \tau I`), restarting from the
    closed form every :data:`RESTART` steps (one step past the end of each block is computed
    and dropped: the loops have no per-step branch).  Printed functions:

    * ``{prefix}_fused_setup(p, dt)``: every time-independent value, one tuple;
    * ``{prefix}_fused_trace(p, times, uniform, o_...)``: one trace, parallel over time blocks;
    * ``{prefix}_sweep_trace(P, times, uniform, o_...)``: many points, outputs ``(m, n)``;
    * ``{prefix}_sweep_reduce(P, times, uniform, mode, o_...)``: many points, each output
      reduced over time inside the kernel (:mod:`nrqb_sym.runtime.reductions`), shape ``(m,)``.
    """
    import re

    printer = KernelPrinter()
    n_amp = len(amplitudes)
    amp_names = [o.name for o in amplitudes]
    all_outputs = [*amplitudes, *observables]
    # kernel locals are v_<name> (observable names may equal parameter names, e.g. n_a)
    var = {o.name: f"v_{o.name}" for o in all_outputs}
    local: dict[sp.Symbol, sp.Symbol] = {}
    for o in amplitudes:
        local[sp.Symbol(o.name)] = sp.Symbol(var[o.name])
    for o in observables:
        kind = {"real": True} if o.real else {}
        local[sp.Symbol(o.name, **kind)] = sp.Symbol(var[o.name], **kind)
    obs_exprs = [o.expr.xreplace(local) for o in observables]
    named: dict[sp.Symbol, sp.Expr] = {}
    rename: dict[sp.Symbol, sp.Symbol] = {}
    for n, e in static.items():
        sym = sp.Symbol(f"_{n.name}", complex=True)
        rename[n] = sym
        named[sym] = e
    step_names = {
        "tau": sp.Symbol("_step_tau", complex=True),
        "root": sp.Symbol("_step_root", complex=True),
    }
    named[step_names["tau"]] = tau
    named[step_names["root"]] = root
    xs = [sp.Symbol(f"_xs{i}", complex=True) for i in range(n_amp)]
    for i, e in enumerate(steady):
        named[xs[i]] = e
    ks = {}
    for i in range(n_amp):
        for j in range(n_amp):
            if shifted[i, j] != 0:
                ks[i, j] = sp.Symbol(f"_k{i}{j}", complex=True)
                named[ks[i, j]] = shifted[i, j]

    # per-time code: the closed form of the amplitudes ...
    exprs = [o.expr.xreplace(rename) for o in amplitudes]
    exprs, call_lines, fused = _fuse_propagators(exprs, printer, "_q")
    exprs = [_hoist(e, {t} | fused, named, "_ha") for e in exprs]
    reps, reduced = _assumed_cse(exprs, "_a")
    closed = [ln.strip() for ln in call_lines]
    closed += [f"{s.name} = {printer.doprint(e)}" for s, e in reps]
    closed += [
        f"{var[o.name]} = {_value(printer, o, e)}" for o, e in zip(amplitudes, reduced, strict=True)
    ]
    # ... and each observable on its own (so that it can be skipped)
    known = {var[n] for n in amp_names}
    obs_code: list[list[str]] = []
    amp_syms = [local[sp.Symbol(n)] for n in amp_names]
    for idx, (o, e) in enumerate(zip(observables, obs_exprs, strict=True)):
        moving = {x for x in e.free_symbols if x.name in known}
        only_amplitudes = bool(moving) and moving <= set(amp_syms)
        form = _real_polynomial(e, amp_syms) if o.real and only_amplitudes else None
        if form is not None:  # sum of (real static coefficient) x (monomial in Re, Im)
            terms = []
            for k, (coef, monos) in enumerate(form):
                if coef.is_Number:
                    terms.append(coef * sp.Add(*monos))
                else:
                    sym = sp.Symbol(f"_r{idx}_{k}", real=True)
                    named[sym] = coef
                    terms.append(sym * sp.Add(*monos))
            e = sp.Add(*terms)
        elif not e.has(sp.Piecewise):
            moving = {s for s in e.free_symbols if s.name in known}
            e = _hoist(e, moving, named, f"_h{idx}_")
        reps, (red,) = _assumed_cse([e], f"_o{idx}_")
        lines = [f"{s.name} = {printer.doprint(x)}" for s, x in reps]
        lines.append(f"{var[o.name]} = {_value(printer, o, red)}")
        obs_code.append(lines)
        known.add(var[o.name])
    users = {
        o.name: [
            q.name
            for q, e in zip(observables, obs_exprs, strict=True)
            if e.has(sp.Symbol(var[o.name], **({"real": True} if o.real else {})))
        ]
        for o in observables
    }
    parts = [(f"{var[n]}_re", f"{var[n]}.real") for n in amp_names] + [
        (f"{var[n]}_im", f"{var[n]}.imag") for n in amp_names
    ]
    closed_parts = []  # real and imaginary parts of the amplitudes, where used

    # the static block: named pieces and hoisted factors, one CSE
    keys = list(named)
    reps, reduced = _assumed_cse([named[k] for k in keys], "_s")
    static_lines = [f"    {s.name} = {printer.doprint(e)}" for s, e in reps]
    static_lines += [
        f"    {k.name} = {printer.doprint(sp.sympify(e))}"
        for k, e in zip(keys, reduced, strict=True)
    ]
    dyn_text = "\n".join(closed + [ln for block in obs_code for ln in block])
    used = set(re.findall(r"[A-Za-z_][A-Za-z_0-9]*", dyn_text))
    closed_parts = [f"{a} = {b}" for a, b in parts if a in used]
    static_all = [s.name for s, _ in reps] + [k.name for k in keys]
    loads = [n for n in PARAMETER_NAMES if n in used] + [n for n in static_all if n in used]
    C, S, dt = sp.symbols("_step_C _step_S dt")
    e_names = []
    e_lines = [
        f"    {C.name}, {S.name} = propagator(complex({step_names['tau'].name} * dt), "
        f"complex({step_names['root'].name} * dt))"
    ]
    for i in range(n_amp):
        for j in range(n_amp):
            val = (1 + C if i == j else 0) + (dt * S * ks[i, j] if (i, j) in ks else 0)
            e_names.append(f"_e{i}{j}")
            e_lines.append(f"    _e{i}{j} = complex({printer.doprint(sp.sympify(val))})")
    ret = loads + e_names + [x.name for x in xs]
    setup = [
        "@njit(cache=True, error_model='numpy')",
        f"def {prefix}_fused_setup(p, dt):",
        '    r"""Every time-independent value of the fused kernels at one parameter point: the',
        "    prepared sub-expressions, e^{M dt} (entries _eij, from C(dt), S(dt) and M - tau I)",
        '    and x_ss (_xs0, ...), as one tuple."""',
        *_param_lines([named[k] for k in keys] + [e for _, e in reps]),
        *static_lines,
        *e_lines,
        f"    return ({', '.join(ret)})",
    ]
    unpack = f"({', '.join(ret)},) = {prefix}_fused_setup"

    def step(ind: str) -> list[str]:
        out = [f"{ind}_d{i} = {var[amp_names[i]]} - _xs{i}" for i in range(n_amp)]
        for i in range(n_amp):
            terms = " + ".join(f"_e{i}{j} * _d{j}" for j in range(n_amp))
            out.append(f"{ind}{var[amp_names[i]]} = _xs{i} + {terms}")
        return out

    def finite(o: Output) -> list[str]:
        """``_fin`` stays True while every delivered value is finite (outputs defined as nan
        somewhere, such as a ratio with a vanishing denominator, are not checked)."""
        if o.expr.has(sp.nan):
            return []
        v = var[o.name]
        size = f"abs({v})" if o.real else f"abs({v}.real) + abs({v}.imag)"
        return [f"_fin = _fin & ({size} < math.inf)"]

    def observe(ind: str, store) -> list[str]:
        out = [ind + ln for ln in closed_parts]
        for o in amplitudes:
            out += [f"{ind}if w_{o.name}:", f"{ind}    {store(o)}"]
            out += [f"{ind}    {ln}" for ln in finite(o)]
        for o, lines in zip(observables, obs_code, strict=True):
            if users[o.name]:  # computed when it or an observable using it is asked for
                out.append(f"{ind}if u_{o.name}:")
                out += [ind + "    " + ln for ln in lines]
                out += [f"{ind}    if w_{o.name}:", f"{ind}        {store(o)}"]
                out += [f"{ind}        {ln}" for ln in finite(o)]
            else:
                out.append(f"{ind}if w_{o.name}:")
                out += [ind + "    " + ln for ln in lines]
                out.append(f"{ind}    {store(o)}")
                out += [f"{ind}    {ln}" for ln in finite(o)]
        return out

    def dtype(o: Output) -> str:
        return "np.float64" if o.real else "np.complex128"

    def time_loops(first: str, store) -> list[str]:
        """The time loop of one parameter point (inside ``for j in prange(m)``): blocks of
        RESTART steps from a closed-form start when ``uniform``, else the closed form."""
        return [
            "        if uniform:",
            f"            for kb in range({first}, n, {RESTART}):",
            "                t = times[kb]",
            *["                " + ln for ln in closed],
            f"                for k in range(kb, min(n, kb + {RESTART})):",
            *observe("                    ", store),
            *step("                    "),
            "        else:",
            f"            for k in range({first}, n):",
            "                t = times[k]",
            *["                " + ln for ln in closed],
            *observe("                ", store),
        ]

    outs = ", ".join(f"o_{o.name}" for o in all_outputs)
    flags = [f"    w_{o.name} = o_{o.name}.shape[0] > 0" for o in all_outputs]
    for o in reversed(observables):
        if users[o.name]:
            flags.append(
                f"    u_{o.name} = "
                + " or ".join(
                    [f"w_{o.name}"] + [f"u_{q}" if users[q] else f"w_{q}" for q in users[o.name]]
                )
            )
    zeros = [f"{var[o.name]} = {'0.0' if o.real else '0j'}" for o in all_outputs]
    names_doc = ", ".join(o.name for o in all_outputs)
    trace = [
        "@njit(parallel=True, cache=True, error_model='numpy')",
        f"def {prefix}_fused_trace(p, times, uniform, finite, {outs}):",
        textwrap.indent(
            f'r"""{doc}\n\nOne trace, every requested output in one parallel pass over blocks of '
            f"{RESTART} times.\n\nArgs:\n    p: float64[{len(PARAMETER_NAMES)}] parameters in "
            "PARAMETERS order.\n    times: float64[n] times (evenly spaced when ``uniform``).\n"
            "    uniform: step x_{k+1} = x_ss + e^{M dt}(x_k - x_ss) inside each block.\n"
            f"    finite: bool[(n + {RESTART - 1}) // {RESTART}], set to whether every checked "
            "value of a block is finite.\n"
            f"    o_*: outputs ({names_doc}), each float64[n] or complex128[n]\n"
            '        (see FUSED_REAL), or of length 0 to skip it."""',
            "    ",
        ),
        "    n = times.shape[0]",
        "    dt = (times[n - 1] - times[0]) / (n - 1) if uniform and n > 1 else 0.0",
        f"    {unpack}(p, dt)",
        *flags,
        f"    for b in prange((n + {RESTART - 1}) // {RESTART}):",
        f"        start = {RESTART} * b",
        f"        stop = min(n, start + {RESTART})",
        "        _fin = True",
        *[f"        {z}" for z in zeros],
        "        if uniform:",
        "            t = times[start]",
        *["            " + ln for ln in closed],
        "            for k in range(start, stop):",
        *observe("                ", lambda o: f"o_{o.name}[k] = {var[o.name]}"),
        *step("                "),
        "        else:",
        "            for k in range(start, stop):",
        "                t = times[k]",
        *["                " + ln for ln in closed],
        *observe("                ", lambda o: f"o_{o.name}[k] = {var[o.name]}"),
        "        finite[b] = _fin",
    ]
    sweep = [
        "@njit(parallel=True, cache=True, error_model='numpy')",
        f"def {prefix}_sweep_trace(P, times, uniform, finite, {outs}):",
        textwrap.indent(
            f'r"""{doc}\n\nMany parameter points (parallel over points), full traces.\n\nArgs:\n'
            f"    P: float64[m, {len(PARAMETER_NAMES)}] parameter points.\n"
            "    times: float64[n] times (evenly spaced when ``uniform``).\n"
            f"    uniform: step from closed-form restarts every {RESTART} times.\n"
            "    finite: bool[m], set to whether every checked value of a point is finite.\n"
            "    o_*: outputs of shape (m, n), or (0, 0) to skip."
            '"""',
            "    ",
        ),
        "    m = P.shape[0]",
        "    n = times.shape[0]",
        "    dt = (times[n - 1] - times[0]) / (n - 1) if uniform and n > 1 else 0.0",
        *flags,
        "    for j in prange(m):",
        f"        {unpack}(P[j], dt)",
        "        _fin = True",
        *[f"        {z}" for z in zeros],
        *time_loops("0", lambda o: f"o_{o.name}[j, k] = {var[o.name]}"),
        "        finite[j] = _fin",
    ]

    # running accumulators of one point in small arrays indexed by output (kept in L1): with
    # one scalar per output and statistic the loop would carry dozens of values in registers
    slot = {o.name: i for i, o in enumerate(all_outputs)}

    def accumulate(o: Output) -> str:
        i = slot[o.name]
        if o.real:
            return (
                f"_racc[{i}], _ridx[{i}], _rcnt[{i}] = reduce_real(mode, _racc[{i}], "
                f"_ridx[{i}], _rcnt[{i}], {var[o.name]}, k)"
            )
        return (
            f"_cacc[{i}], _rcnt[{i}] = reduce_complex(mode, _cacc[{i}], _rcnt[{i}], {var[o.name]})"
        )

    size = len(all_outputs)
    init = [
        f"        _racc = np.zeros({size}, dtype=np.float64)",
        f"        _cacc = np.zeros({size}, dtype=np.complex128)",
        f"        _ridx = np.zeros({size}, dtype=np.int64)",
        f"        _rcnt = np.zeros({size}, dtype=np.int64)",
    ]
    final = []
    for o in all_outputs:
        i = slot[o.name]
        if o.real:
            value = f"finish_real(mode, _racc[{i}], _ridx[{i}], _rcnt[{i}])"
        else:
            value = f"finish_complex(mode, _cacc[{i}], _rcnt[{i}])"
        final.append(f"        if w_{o.name}:\n            o_{o.name}[j] = {value}")
    reduce = [
        "@njit(parallel=True, cache=True, error_model='numpy')",
        f"def {prefix}_sweep_reduce(P, times, uniform, mode, finite, {outs}):",
        textwrap.indent(
            f'r"""{doc}\n\nMany parameter points (parallel over points), each output reduced over '
            "time inside\nthe loop (mode: nrqb_sym.runtime.reductions.MODES); no point x time "
            f"array.\n\nArgs:\n    P: float64[m, {len(PARAMETER_NAMES)}] parameter points.\n"
            "    times: float64[n] times (evenly spaced when ``uniform``).\n"
            "    mode: reduction code (> 0).\n"
            "    finite: bool[m], set to whether every checked sample of a point is finite.\n"
            "    o_*: outputs of shape (m,), or (0,) to skip (argmax: the index as a float)."
            '"""',
            "    ",
        ),
        "    m = P.shape[0]",
        "    n = times.shape[0]",
        "    dt = (times[n - 1] - times[0]) / (n - 1) if uniform and n > 1 else 0.0",
        "    k0 = first_sample(mode, n)",
        *flags,
        "    for j in prange(m):",
        f"        {unpack}(P[j], dt)",
        *[f"        {z}" for z in zeros],
        "        _fin = True",
        *init,
        *time_loops("k0", accumulate),
        *final,
        "        finite[j] = _fin",
    ]
    consts = [
        f"{prefix.upper()}_FUSED_OUTPUTS = {tuple(o.name for o in all_outputs)!r}",
        f"{prefix.upper()}_FUSED_REAL = {tuple(bool(o.real) for o in all_outputs)!r}",
    ]
    blocks = [setup, trace, sweep, reduce, consts]
    return "\n\n\n".join("\n".join(block) for block in blocks) + "\n"


_IMPORTS = """import cmath
import math

import numpy as np
from numba import njit, prange

from nrqb_sym.runtime.numerics import expm, expm1cosh, expsinhc, propagator
from nrqb_sym.runtime.reductions import (
    finish_complex, finish_real, first_sample, reduce_complex, reduce_real,
)

PARAMETERS = {params!r}
"""


def _module(what: str, doc: str, body: list[str], digest: str) -> str:
    text = (
        header(what, digest=digest)
        + f'"""{doc}"""\n\n'
        + _IMPORTS.format(params=tuple(PARAMETER_NAMES))
    )
    return text + "\n\n" + "\n\n".join(body)


def coherent_observables(d, system, amplitudes: Sequence[sp.Symbol]) -> list[Output]:
    r"""Every observable of the coherent state with first moments ``amplitudes`` (the state from
    vacuum with zero-temperature baths), in those symbols:

    occupations :math:`n_x = \langle x^\dagger x\rangle` and :math:`\langle a^\dagger b\rangle`
    (``ab``) by the coherent substitution of the moments (stage 5), the energies ``E_A``,
    ``E_B`` (:math:`E_x = \omega_x n_x`, the model's energies), the power ``P_B`` (the derived
    :math:`\langle b^\dagger b\rangle` equation), ``R = E_B/E_A`` and ``eta = E_B/(E_A + E_B)``
    (``nan`` where the denominator vanishes), and the Gaussian ergotropies of stage 5b on that
    state.
    """
    from ..derive.solutions import coherent_substitution

    subst = coherent_substitution(system.first, tuple(amplitudes))
    moments = {m.name: m for m in system.equations}
    a, b = amplitudes
    energy = d.model.energies
    occ = {"a": subst(moments["<a' a>"]), "b": subst(moments["<b' b>"])}
    square = {"a": subst(moments["<a^2>"]), "b": subst(moments["<b^2>"])}
    E_A, E_B = sp.Symbol("E_A", real=True), sp.Symbol("E_B", real=True)
    erg = d.ergotropy

    def ergotropy(mode: str, x: sp.Symbol) -> sp.Expr:
        reps = {
            erg.symbols["x"]: x,
            erg.symbols["n"]: occ[mode],
            erg.symbols["m"]: square[mode],
            erg.symbols["omega"]: energy[mode],
        }
        return erg.ergotropy.xreplace(reps)

    outs = [
        Output("n_a", occ["a"], True),
        Output("n_b", occ["b"], True),
        Output("ab", subst(moments["<a' b>"])),
        Output("E_A", energy["a"] * occ["a"], True),
        Output("E_B", energy["b"] * occ["b"], True),
        Output("P_B", d.solutions.power, True),
        Output("R", sp.Piecewise((E_B / E_A, E_A > 0), (sp.nan, True)), True),
        Output("eta", sp.Piecewise((E_B / (E_A + E_B), E_A + E_B > 0), (sp.nan, True)), True),
        Output("ergotropy_A", ergotropy("a", a), True),
        Output("ergotropy_B", ergotropy("b", b), True),
    ]
    return outs


def render_kernels(derivation, digest: str | None = None) -> dict[str, str]:
    """All generated kernel modules, ``{file name: text}``."""
    from ..derive.solutions import alpha, beta, t

    digest = digest or pipeline_hash()
    d = derivation
    sol = d.solutions
    files: dict[str, str] = {}

    # --- effective model: time traces from vacuum --------------------------------------------
    groups = [
        [Output("alpha", sol.x_compact[0]), Output("beta", sol.x_compact[1])],
        [
            Output("E_A", d.params["omega_a"] * (sp.re(alpha) ** 2 + sp.im(alpha) ** 2), True),
            Output("E_B", d.params["omega_b"] * (sp.re(beta) ** 2 + sp.im(beta) ** 2), True),
            Output("P_B", sol.power, True),
        ],
    ]
    body = [
        trace_functions(
            "effective",
            groups,
            t,
            "Effective (c eliminated) model from vacuum: <a>, <b>, E_A, E_B, P_B = dE_B/dt.\n\n"
            "x(t) = -C(t) x_ss + S(t) (f + tau x_ss), finite at exceptional points.",
            static=sol.static,
        ),
        fused_functions(
            "effective",
            [Output("alpha", sol.x_compact[0]), Output("beta", sol.x_compact[1])],
            coherent_observables(d, d.effective, (alpha, beta)),
            t,
            sol.static,
            steady=list(sol.x_ss),
            tau=sol.tau,
            root=sp.sqrt(sol.w),
            shifted=d.effective.M - sol.tau * sp.eye(2),
            doc="Effective (c eliminated) model from vacuum: every observable of the coherent\n"
            "state, x(t) = -C(t) x_ss + S(t) (f + tau x_ss) (or stepped on a uniform grid).",
        ),
        scalar_function(
            "effective_steady",
            [
                Output("alpha", sol.x_ss[0]),
                Output("beta", sol.x_ss[1]),
                Output("E_A", sol.steady["E_A"], True),
                Output("E_B", sol.steady["E_B"], True),
            ],
            "Steady state of the effective model: x_ss = -M^{-1} f, E_A, E_B.",
        ),
        scalar_function(
            "effective_drift",
            [Output(f"M{i}{j}", d.effective.M[i, j]) for i in range(2) for j in range(2)]
            + [Output(f"f{i}", d.effective.f[i]) for i in range(2)],
            "Drift matrix and drive of the effective first moments: (M11, M12, M21, M22, f1, f2).",
        ),
        scalar_function(
            "effective_spectrum",
            [
                Output("tau", d.spectrum.tau),
                Output("det", d.spectrum.det),
                Output("D", d.spectrum.discriminant),
                Output("lambda_plus", d.spectrum.eigenvalues[0]),
                Output("lambda_minus", d.spectrum.eigenvalues[1]),
            ],
            "tr(M)/2, det(M), discriminant D and eigenvalues tau +- sqrt(D)/2.",
        ),
        scalar_function(
            "effective_rates",
            [Output(k, v, True) for k, v in d.elimination.definitions.items()]
            + [Output(f"{k}_nonreciprocal", v, True) for k, v in d.nonreciprocity_named.items()],
            "Derived rates and shifts of the elimination, and the solved nonreciprocity (J, theta):\n"
            + ", ".join(
                list(d.elimination.definitions)
                + [f"{k}_nonreciprocal" for k in d.nonreciprocity_named]
            )
            + ".",
        ),
    ]
    aug = d.augmented_effective
    body.append(
        matrix_function(
            "effective_moment_matrix",
            aug.A,
            "Matrix A of dz/dt = A z for all first and second moments of the effective model\n"
            "(and their conjugates, and the constant 1); order EFFECTIVE_MOMENTS.",
        )
    )
    body.append(f"EFFECTIVE_MOMENTS = {_variable_names(aug)!r}\n")
    body.append(_MOMENTS_TEMPLATE.format(prefix="effective", label="effective", upper="EFFECTIVE"))
    erg = d.ergotropy
    xs = {
        erg.symbols["x"]: sp.Symbol("x", complex=True),
        erg.symbols["n"]: sp.Symbol("n", real=True),
        erg.symbols["m"]: sp.Symbol("m", complex=True),
        erg.symbols["omega"]: sp.Symbol("omega", positive=True),
    }
    body.append(
        scalar_function(
            "ergotropy",
            [Output("ergotropy", erg.ergotropy.xreplace(xs), True)],
            "Gaussian single-mode ergotropy omega (<x'x> - (nu - 1/2)) from x = <x>,\n"
            "n = <x'x>, m = <x^2> (stage nrqb_sym.derive.ergotropy).",
            extra_args=("omega", "x", "n", "m"),
            with_p=False,
        )
    )
    body.append(_ERGOTROPY_ARRAY)
    defs = d.elimination.definitions
    back = {d.resonant.symbols[k]: defs[k] for k in ("Lambda_a", "Lambda_b", "Gamma_a", "Gamma_b")}
    body.append(
        scalar_function(
            "effective_resonant",
            [
                Output("R_ss", d.resonant.ratio_ss.subs(back), True),
                Output("eta_ss", d.resonant.efficiency_ss.subs(back), True),
            ],
            "The paper's resonant nonreciprocal closed forms of the steady-state ratio and\n"
            "efficiency (Eq. 10), in the derived rates.  Valid only at resonance with the\n"
            "nonreciprocity condition; the general steady state is effective_steady.",
        )
    )
    files["effective.py"] = _module(
        "kernels of the effective two-mode model", "Effective-model kernels.", body, digest
    )

    # --- exceptional points --------------------------------------------------------------------
    body = []
    names = []
    for name, ep in d.ep.items():
        outs = [Output(f"c{i}", c) for i, c in enumerate(ep.coefficients)]
        outs.append(Output("denominator", ep.denominator))
        body.append(
            scalar_function(
                f"ep_{name}",
                outs,
                f"Coefficients (highest degree first) and cleared denominator of D = 0 as a\n"
                f"polynomial in {ep.variable} ({'exp(i theta)' if ep.variable != ep.parameter else name}).",
            )
        )
        names.append(name)
    body.append(
        "EP_SOLVERS = {\n"
        + "".join(f"    {n!r}: (ep_{n}, {d.ep[n].variable != d.ep[n].parameter}),\n" for n in names)
        + "}\n"
    )
    files["exceptional_points.py"] = _module(
        "exceptional-point polynomials of the effective drift matrix",
        "EP condition D = 0 as polynomials in one parameter; EP_SOLVERS[name] = (kernel, in_exp).",
        body,
        digest,
    )

    # --- full three-mode model -----------------------------------------------------------------
    full = d.full
    gamma = sp.Symbol("gamma")
    power_full = d.full_power(alpha, beta, gamma)
    energy = {m: d.model.energies[m] for m in ("a", "b")}
    body = [
        scalar_function(
            "full_drift",
            [Output(f"M{i}{j}", full.M[i, j]) for i in range(3) for j in range(3)]
            + [Output(f"f{i}", full.f[i]) for i in range(3)],
            "Drift matrix (row major) and drive of the full model's first moments (<a>, <b>, <c>).",
        ),
        scalar_function(
            "full_observables",
            [
                Output("E_A", energy["a"] * (sp.re(alpha) ** 2 + sp.im(alpha) ** 2), True),
                Output("E_B", energy["b"] * (sp.re(beta) ** 2 + sp.im(beta) ** 2), True),
                Output("P_B", power_full, True),
            ],
            "E_A, E_B and P_B = omega_b d<b'b>/dt of the full model on the coherent state\n"
            "with first moments (alpha, beta, gamma).",
            extra_args=("alpha", "beta", "gamma"),
        ),
        _FULL_TEMPLATE,
        matrix_function(
            "full_moment_matrix",
            d.augmented_full.A,
            "Matrix A of dz/dt = A z for all first and second moments of the full model\n"
            "(and their conjugates, and the constant 1); order FULL_MOMENTS.",
        ),
        f"FULL_MOMENTS = {_variable_names(d.augmented_full)!r}\n",
        _MOMENTS_TEMPLATE.format(prefix="full", label="full three-mode", upper="FULL"),
    ]
    files["full.py"] = _module(
        "kernels of the full three-mode model (no elimination)",
        "Full-model kernels: generated drift and power, solved with a dense matrix exponential.",
        body,
        digest,
    )
    init = header("package marker of the generated kernels", digest=digest)
    init += '"""Generated Numba kernels of nrqb-sym (see ``nrqb generate``)."""\n'
    init += f'\nPIPELINE_HASH = "{digest}"\n'
    files["__init__.py"] = init
    return files


_FULL_TEMPLATE = '''@njit(cache=True)
def _full_matrices(p):
    r = full_drift(p)
    M = np.empty((3, 3), dtype=np.complex128)
    f = np.empty(3, dtype=np.complex128)
    for i in range(3):
        for j in range(3):
            M[i, j] = r[3 * i + j]
        f[i] = r[9 + i]
    return M, f


@njit(parallel=True, cache=True)
def full_trace(p, t):
    r"""Full model from vacuum: x(t) = x_ss + e^{Mt}(0 - x_ss); returns (alpha, beta, gamma,
    E_A, E_B, P_B), each of shape (n,)."""
    M, f = _full_matrices(p)
    x_ss = -np.linalg.solve(M, f)
    n = t.shape[0]
    oa = np.empty(n, dtype=np.complex128)
    ob = np.empty(n, dtype=np.complex128)
    oc = np.empty(n, dtype=np.complex128)
    ea = np.empty(n, dtype=np.float64)
    eb = np.empty(n, dtype=np.float64)
    pb = np.empty(n, dtype=np.float64)
    for i in prange(n):
        x = x_ss - expm(M * t[i]) @ x_ss
        oa[i] = x[0]
        ob[i] = x[1]
        oc[i] = x[2]
        ea[i], eb[i], pb[i] = full_observables(p, x[0], x[1], x[2])
    return oa, ob, oc, ea, eb, pb


@njit(cache=True)
def full_steady(p):
    """Steady state of the full model: (alpha, beta, gamma, E_A, E_B)."""
    M, f = _full_matrices(p)
    x = -np.linalg.solve(M, f)
    e_a, e_b, _ = full_observables(p, x[0], x[1], x[2])
    return x[0], x[1], x[2], e_a, e_b
'''
