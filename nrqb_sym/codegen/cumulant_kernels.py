r"""The kernel module of a model with ``order`` set: its closed moment equations as tables.

For a :class:`~nrqb_sym.derive.cumulants.CumulantSystem` the printed module holds

* the model's constants (``PARAMETERS``, ``KINDS``, ``DEFAULTS``, ``MODES``, ``KEPT``, ...),
  ``ORDER``, the moment names ``MOMENTS`` with their slots in the real state vector ``SLOTS``
  (a real moment takes one slot, a complex one its real and imaginary parts), the observables
  ``OBSERVABLES`` and the generator in numeric form (``GENERATOR_H``, ``GENERATOR_D``: monomials
  and indices into the coefficient vector) for ``nrqb validate``;
* ``coefficients(p)``: the atoms of the generator (SymPy expressions in the parameters, common
  subexpressions once) and the distinct linear combinations of them that the equations use;
* ``TABLES``: the closed equations and the observables' polynomials (occupations, amplitudes,
  :math:`d\langle m^\dagger m\rangle/dt` for the exact powers) as flat term tables, and the
  recipes of the observables (energies, powers, the ergotropy of a two-level mode from its Bloch
  vector), read by the compiled interpreters and integrators of :mod:`nrqb_sym.runtime.odes`,
  which are the same for every model (compiled once per installation);
* ``derived(p, obs, out)``: the model file's derived observables from the built-in ones.

So the printed code does not grow with the number of equations (only the tables do) and a new
model compiles two small functions.  Printing is deterministic: the same derivation gives a
byte-identical file.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import sympy as sp

from ..derive.cumulants import CumulantSystem, Mono, key_name
from .kernels import KernelPrinter, _assumed_cse, _Context, _doc, _guard_quotients, model_header

__all__ = ["render_cumulant_kernels", "observable_layout"]

_IMPORTS = """import cmath
import math

import numba
import numpy as np
from numba import njit

from nrqb_sym.runtime import numerics as _nm
from nrqb_sym.runtime import polynomials as _pn
"""


def _num(w: complex) -> str:
    """An exact literal for a weight in (1/2)Z[i] (and integers)."""
    w = complex(w)
    re, im = w.real, w.imag
    if im == 0:
        return repr(float(re))
    if re == 0:
        return f"{float(im)!r}j"
    return f"({float(re)!r}{float(im):+}j)"


class _Groups:
    """Distinct linear combinations of atoms, each one entry of ``c``."""

    def __init__(self) -> None:
        self.index: dict[tuple, int] = {}

    def __call__(self, coef: Mapping[int, complex]) -> int:
        key = tuple(sorted((a, complex(w)) for a, w in coef.items()))
        if key not in self.index:
            self.index[key] = len(self.index)
        return self.index[key]


def _array(name: str, items, dtype: str, fmt=str) -> str:
    body = textwrap.fill(", ".join(fmt(x) for x in items), 96, subsequent_indent="    ")
    return f"{name} = np.array([{body}], dtype=np.{dtype})"


class _Monomials:
    """The distinct products of moments the tables use, each one product of an earlier one
    (its prefix) and one factor: ``mono[k] = mono[A[k]] * z[B[k]]``, ``mono[0] = 1``, with
    ``z[i + n]`` the conjugate of moment ``i`` (see :mod:`nrqb_sym.runtime.polynomials`)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.index: dict[Mono, int] = {(): 0}
        self.a: list[int] = [0]
        self.b: list[int] = [0]

    def __call__(self, mono: Mono) -> int:
        if mono not in self.index:
            prefix = self(mono[:-1])
            i, conj = mono[-1]
            self.index[mono] = len(self.a)
            self.a.append(prefix)
            self.b.append(i + self.n * bool(conj))
        return self.index[mono]

    def lines(self) -> list[str]:
        return [_array("MONO_A", self.a, "int64"), _array("MONO_B", self.b, "int64")]


class _Table:
    """Terms of polynomial outputs, printed as the flat tables of
    :mod:`nrqb_sym.runtime.polynomials` (the factors for the Jacobian, the monomial of each
    term for the evaluation)."""

    def __init__(self, monomials: _Monomials) -> None:
        self.monomials = monomials
        self.coef: list[int] = []
        self.w: list[complex] = []
        self.out: list[int] = []
        self.ptr: list[int] = [0]
        self.var: list[int] = []
        self.conj: list[bool] = []
        self.mono: list[int] = []

    def add(self, out: int, mono: Mono, coef: int, w: complex = 1.0) -> None:
        self.coef.append(coef)
        self.w.append(complex(w))
        self.out.append(out)
        self.mono.append(self.monomials(mono))
        for i, c in mono:
            self.var.append(i)
            self.conj.append(bool(c))
        self.ptr.append(len(self.var))

    def lines(self, prefix: str) -> list[str]:
        return [
            _array(f"{prefix}_COEF", self.coef, "int64"),
            _array(f"{prefix}_W", self.w, "complex128", _num),
            _array(f"{prefix}_OUT", self.out, "int64"),
            _array(f"{prefix}_PTR", self.ptr, "int64"),
            _array(f"{prefix}_VAR", self.var, "int64"),
            _array(f"{prefix}_CONJ", self.conj, "bool_", lambda b: "True" if b else "False"),
            _array(f"{prefix}_MONO", self.mono, "int64"),
        ]


def _slots(cs: CumulantSystem) -> list[int]:
    """First slot of each moment in the real state vector."""
    slots, s = [], 0
    for real in cs.real:
        slots.append(s)
        s += 1 if real else 2
    return slots


def _tables(prefix: str) -> str:
    return ", ".join(f"{prefix}_{n}" for n in ("COEF", "W", "OUT", "PTR", "VAR", "CONJ"))


def _equation_table(cs: CumulantSystem, groups: _Groups, monomials: _Monomials) -> _Table:
    tab = _Table(monomials)
    for i, eq in enumerate(cs.equations):
        for mono, coef in sorted(eq.items()):
            tab.add(i, mono, groups(coef))
    return tab


def observable_layout(cs: CumulantSystem) -> list[tuple[str, str]]:
    """``[(name, kind)]`` of ``observe``'s outputs: ``x_<m>`` (two slots: real, imaginary),
    ``n_<m>``, ``E_<m>``, ``P_<m>``, ``W_<m>`` (two-level modes with an energy); the derived
    observables of the model file come from ``derived``."""
    out: list[tuple[str, str]] = []
    modes = cs.generator.modes
    for m in modes:
        out += [(f"x_{m}.re", "x"), (f"x_{m}.im", "x"), (f"n_{m}", "n")]
    for m in modes:
        if m in cs.generator.energies:
            out += [(f"E_{m}", "E"), (f"P_{m}", "P")]
            if m in cs.generator.two_level:
                out.append((f"W_{m}", "W"))
    return out


def _derived(cs: CumulantSystem) -> dict:
    modes = cs.generator.modes
    available = {f"n_{m}" for m in modes}
    for m in modes:
        if m in cs.generator.energies:
            available |= {f"E_{m}", f"P_{m}"}
            if m in cs.generator.two_level:
                available.add(f"W_{m}")
    params = set(cs.spec.parameters)
    out = {}
    for o in cs.spec.observables.values():
        names = {s.name for s in o.expression.free_symbols} - params
        if names <= available:
            out[o.name] = o
    return out


def _observables(cs: CumulantSystem, groups: _Groups, omega: dict, monomials: _Monomials):
    """The observable tables and the recipes of ``observe`` (see
    :func:`nrqb_sym.runtime.odes.observe`), in the order of :func:`observable_layout`."""
    gen = cs.generator
    tab = _Table(monomials)
    rows: dict[str, int] = {}

    def put(name: str, poly, with_groups: bool) -> None:
        rows[name] = len(rows)
        for mono, coef in sorted(poly.items()):
            if with_groups:
                tab.add(rows[name], mono, groups(coef))
            else:
                tab.add(rows[name], mono, -1, coef)

    for m in gen.modes:
        put(f"x_{m}", cs.expand(((m, 0, 1),)), False)
        put(f"n_{m}", cs.expand(((m, 1, 1),)), False)
    for m in gen.modes:
        if m in gen.energies:
            put(f"dn_{m}", cs.derivative(((m, 1, 1),)), True)
    recipes = []
    for m in gen.modes:
        x, n = rows[f"x_{m}"], rows[f"n_{m}"]
        recipes += [(0, x, 0, 0), (1, x, 0, 0), (0, n, 0, 0)]
    for m in gen.modes:
        if m in gen.energies:
            recipes += [(2, omega[m], rows[f"n_{m}"], 0), (2, omega[m], rows[f"dn_{m}"], 0)]
            if m in gen.two_level:
                recipes.append((3, omega[m], rows[f"n_{m}"], rows[f"x_{m}"]))
    return tab, recipes, len(rows)


def _derived_function(cs: CumulantSystem, ctx: _Context) -> str:
    """``derived(p, obs, out)``: the model file's derived observables from the built-in ones
    (``obs[time, OBSERVABLES]``) into ``out[time, DERIVED]`` (quotients ``nan`` where their
    denominator vanishes)."""
    builtin = [n for n, _ in observable_layout(cs) if "." not in n]
    index = {n: i for i, (n, _) in enumerate(observable_layout(cs))}
    local = {n: sp.Symbol(f"o_{n}", real=True) for n in builtin}
    printer = KernelPrinter()
    exprs = []
    for name, ob in _derived(cs).items():
        expr = ctx.rename(ob.expression, f"observables.{name}", local)
        exprs.append((name, _guard_quotients(expr)))
    lines = [
        "@njit(cache=True, error_model='numpy')",
        "def derived(p, obs, out):",
        _doc("The derived observables DERIVED per row of obs[time, OBSERVABLES]."),
    ]
    lines += ctx.loads([e for _, e in exprs], "    ", "p")
    used = sorted({s.name for _, e in exprs for s in e.free_symbols if s.name.startswith("o_")})
    lines.append("    for k in range(obs.shape[0]):")
    for u in used:
        lines.append(f"        {u} = obs[k, {index[u[2:]]}]")
    for d, (name, e) in enumerate(exprs):
        lines.append(f"        out[k, {d}] = {printer.doprint(e)}  # {name}")
    if not exprs:
        lines.append("        pass")
    return "\n".join(lines) + "\n"


def _coefficients_function(cs: CumulantSystem, groups: _Groups, ctx: _Context, omega) -> str:
    atoms = list(cs.generator.atoms) + [cs.generator.energies[m] for m in omega]
    renamed = [ctx.rename(a, f"atom[{i}]") for i, a in enumerate(atoms)]
    reps, reduced = _assumed_cse(renamed, "_c")
    printer = KernelPrinter()
    lines = [
        "@njit(cache=True, error_model='numpy')",
        "def coefficients(p):",
        _doc(
            "The coefficient vector c of rhs/jac/observe at parameters p (PARAMETERS order):\n"
            "linear combinations of the generator's atoms a (and the frequencies)."
        ),
    ]
    lines += ctx.loads([e for _, e in reps] + list(reduced), "    ", "p")
    for s, e in reps:
        lines.append(f"    {s.name} = {printer.doprint(e)}")
    lines.append(f"    a = np.zeros({len(atoms)}, dtype=np.complex128)")
    for i, e in enumerate(reduced):
        if e != 0:
            lines.append(f"    a[{i}] = {printer.doprint(e)}")
    lines.append(f"    c = np.zeros({len(groups.index)}, dtype=np.complex128)")
    for key, g in groups.index.items():
        text = " + ".join(f"a[{a}]" if w == 1 else f"{_num(w)}*a[{a}]" for a, w in key)
        lines.append(f"    c[{g}] = {text or '0j'}")
    lines.append("    return c")
    return "\n".join(lines) + "\n"


def _first_moment_drift(cs: CumulantSystem, groups: _Groups):
    modes = cs.generator.modes
    index = cs.index
    first = {m: index[((m, 0, 1),)] for m in modes if ((m, 0, 1),) in index}
    drift, drive = [], []
    for i, m in enumerate(modes):
        if m not in first:
            continue
        eq = cs.equations[first[m]]
        for j, t in enumerate(modes):
            coef = eq.get(((first[t], False),)) if t in first else None
            if coef:
                drift.append((i, j, groups(coef)))
        if () in eq:
            drive.append((i, groups(eq[()])))
    return tuple(drift), tuple(drive)


def _couplings(cs: CumulantSystem) -> dict:
    r"""``{(source, target): (c, J, theta, k)}`` for couplings :math:`cJe^{ik\theta}
    s^\dagger t` between kept modes written in the model file (what a preset solves)."""
    from ..derive.nonreciprocity import polar_form

    out = {}
    kept = cs.spec.kept
    for k, coeff in sorted(cs.spec.hamiltonian.items()):
        if len(k) == 2 and all(m in kept for m, _, _ in k):
            (m1, p1, q1), (m2, p2, q2) = k
            if (p1, q1, p2, q2) == (1, 0, 0, 1):
                pair = (m1, m2)
            elif (p1, q1, p2, q2) == (0, 1, 1, 0):
                pair = (m2, m1)
            else:
                continue
            polar = polar_form(coeff)
            if polar is not None:
                c, J, theta, kk = polar
                out[pair] = (float(c), J.name, None if theta is None else theta.name, int(kk))
    return out


def render_cumulant_kernels(cs: CumulantSystem, digest: str, filename: str, regenerate: str) -> str:
    """The kernel module of a model with ``order`` (module docstring)."""
    spec = cs.spec
    gen = cs.generator
    ctx = _Context(spec)
    groups = _Groups()
    natoms = len(gen.atoms)
    omega = {m: None for m in gen.modes if m in gen.energies}
    # the frequencies are atoms natoms.. of coefficients(); one group each
    for i, m in enumerate(omega):
        omega[m] = groups({natoms + i: 1.0})
    h_groups = [(key, groups({atom: 1.0})) for key, atom in gen.hamiltonian]
    d_groups = [(groups({atom: 1.0}), ki, kj) for atom, ki, kj in gen.dissipators]
    monomials = _Monomials(len(cs.moments))
    eq_table = _equation_table(cs, groups, monomials)
    ob_table, recipes, nrows = _observables(cs, groups, omega, monomials)
    body = [_coefficients_function(cs, groups, ctx, omega), _derived_function(cs, ctx)]
    slots = _slots(cs)
    nvar = slots[-1] + (1 if cs.real[-1] else 2)
    drift, drive = _first_moment_drift(cs, groups)
    layout = observable_layout(cs)
    kinds = {n: p.kind for n, p in spec.parameters.items()}
    defaults = {n: p.default for n, p in spec.parameters.items()}
    latex = {n: p.latex for n, p in spec.parameters.items()}
    presets = {
        p.name: {
            "description": p.description,
            "values": dict(p.values),
            "nonreciprocal": tuple(p.nonreciprocal),
        }
        for p in spec.presets.values()
    }
    consts = [
        'KIND = "cumulant"',
        f"MODEL = {spec.name!r}",
        f"DESCRIPTION = {spec.description!r}",
        f"DIGEST = {digest!r}",
        f"ORDER = {cs.order!r}",
        f"PARAMETERS = {tuple(spec.parameters)!r}",
        f"KINDS = {kinds!r}",
        f"DEFAULTS = {defaults!r}",
        f"LATEX = {latex!r}",
        f"MODES = {tuple(spec.modes)!r}",
        f"KEPT = {tuple(spec.kept)!r}",
        f"ELIMINATED = {tuple(spec.eliminate)!r}",
        f"TWO_LEVEL = {tuple(spec.two_level)!r}",
        f"ENERGY_MODES = {tuple(omega)!r}",
        f"DERIVED = { ({o.name: (o.text, o.latex) for o in _derived(cs).values()})!r}",
        f"PRESETS = {presets!r}",
        "#: the moments <K> (normal-ordered monomials ((mode, n_dagger, n), ...)) and their",
        "#: first slot in the real state vector; REAL: one slot, else real and imaginary parts",
        f"MOMENTS = {tuple(cs.moments)!r}",
        f"MOMENT_NAMES = {tuple(key_name(k) for k in cs.moments)!r}",
        f"REAL = {tuple(cs.real)!r}",
        f"SLOTS = {tuple(slots)!r}",
        f"NVAR = {nvar}",
        f"NCOEF = {len(groups.index)}",
        "#: outputs of observe(): (name, kind)",
        f"OBSERVABLES = {tuple(layout)!r}",
        "#: the generator in numeric form: H = sum c[g] K, dissipators sum c[g] D(K_i, K_j)",
        f"GENERATOR_H = {tuple(h_groups)!r}",
        f"GENERATOR_D = {tuple(d_groups)!r}",
        f"OMEGA = {dict(omega)!r}",
        "#: the linear <x> block of the first-moment equations: d<x_i>/dt = sum_j c[g] <x_j> +",
        "#: c[f_i] + (nonlinear terms): ((i, j, g), ...) and ((i, f_i), ...) over KEPT",
        f"DRIFT = {drift!r}",
        f"DRIVE = {drive!r}",
        "#: coherent couplings between kept modes written c*J*exp(i*k*theta): (c, J, theta, k)",
        f"COUPLINGS = {_couplings(cs)!r}",
        f"NMOM = {len(cs.moments)}",
        "SLOT_A = np.array(SLOTS, dtype=np.int64)",
        "REAL_A = np.array(REAL, dtype=np.bool_)",
        "#: the closed equations as tables (nrqb_sym.runtime.polynomials): one row per term",
        *eq_table.lines("EQ"),
        "#: the observables' polynomials (x_m, n_m, d<m'm>/dt) as tables, and the recipes",
        "#: (kind, a, b, d) of each output of observe (nrqb_sym.runtime.odes.observe)",
        *ob_table.lines("OB"),
        f"RECIPES = np.array({recipes!r}, dtype=np.int64).reshape(-1, 4)",
        f"SIZES = np.array([{len(cs.moments)}, {nrows}], dtype=np.int64)",
        "#: the distinct products of moments: mono[k] = mono[MONO_A[k]] * z[MONO_B[k]]",
        *monomials.lines(),
        "#: the model's tables, in the order of nrqb_sym.runtime.odes.TABLE_NAMES",
        "TABLES = (SLOT_A, REAL_A, "
        + _tables("EQ")
        + ", "
        + _tables("OB")
        + ", RECIPES, SIZES, MONO_A, MONO_B, EQ_MONO, OB_MONO)",
    ]
    doc = (
        f'"""Kernels of the model {spec.name!r}: closed moment equations at order {cs.order}\n'
        f"({len(cs.moments)} moments, {nvar} real variables; see "
        'nrqb_sym.codegen.cumulant_kernels)."""\n'
    )
    what = f"Numba kernels of the model {spec.name!r} (cumulant expansion, order {cs.order})"
    head = model_header(what, filename, spec.name, digest, regenerate)
    head = head.replace(
        "through the pipeline spec -> quadratic form -> reduction -> moments ->\n"
        "# steady state -> spectrum -> nonreciprocity.",
        "through the pipeline spec -> quadratic form -> reduction -> cumulant moments ->\n"
        "# closure -> kernels.",
    )
    return head + doc + "\n" + _IMPORTS + "\n" + "\n".join(consts) + "\n\n\n" + "\n\n".join(body)
