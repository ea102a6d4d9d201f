r"""Model files: the frozen :class:`ModelSpec` that every stage of the generic pipeline reads.

A model file (TOML, read with :mod:`tomllib`) names the modes, the parameters with their kinds,
the Hamiltonian and the dissipators as expressions; :func:`load_spec` parses it through the
whitelist parser of :mod:`nrqb_sym.model.expressions` (nothing in the file is evaluated) and
validates it:

.. math::

    \dot\rho = -i[H, \rho] + \sum_k \gamma_k D[L_k]\rho,\qquad
    D[L]\rho = L\rho L^\dagger - \tfrac12\{L^\dagger L, \rho\},

with :math:`H` Hermitian and at most quadratic in the mode operators (plus linear drives) and
every :math:`L_k` linear in them, so that first and second moments close exactly (the Gaussian
class).  With a top-level ``order = N`` (the cumulant order, 1 = mean field) :math:`H` may be a
polynomial of degree :math:`\le 4` and the :math:`L_k` of degree :math:`\le 2`, and modes
listed in ``two_level`` are two-level systems (``q`` is :math:`\sigma_-`); such models are
derived by the cumulant expansion of :mod:`nrqb_sym.derive.cumulants`.
"""

from __future__ import annotations

import cmath
import keyword
import math
import re
import tomllib
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import sympy as sp

from .algebra import ONE, Key, Poly, key_text
from .errors import ModelError, ModelWarning
from .expressions import RESERVED, is_scalar, parse_expression, scalar_value
from .names import MODELS_DIR, OBSERVABLE_KINDS, PAPER_MODEL, builtin_observables, shipped_models

__all__ = [
    "KINDS",
    "ModelError",
    "ModelWarning",
    "Parameter",
    "Channel",
    "Observable",
    "Preset",
    "ModelSpec",
    "OBSERVABLE_KINDS",
    "MODELS_DIR",
    "PAPER_MODEL",
    "TOP_LEVEL_KEYS",
    "parse_spec",
    "load_spec",
    "shipped_models",
    "numeric_value",
    "builtin_observables",
]

#: Parameter kinds and the SymPy assumptions they carry.
KINDS: dict[str, dict[str, bool]] = {
    "real": {"real": True},
    "positive": {"positive": True},
    "nonnegative": {"nonnegative": True},
}


@dataclass(frozen=True)
class Parameter:
    """One declared parameter.

    Attributes:
        name: identifier, as used in expressions, the CLI and the runtime API.
        kind: one of :data:`KINDS`.
        default: default value, or ``None``.
        latex: LaTeX spelling for documents.
    """

    name: str
    kind: str
    default: float | None = None
    latex: str = ""

    @property
    def symbol(self) -> sp.Symbol:
        """The SymPy symbol, with the assumptions of :attr:`kind`."""
        return sp.Symbol(self.name, **KINDS[self.kind])


@dataclass(frozen=True)
class Channel:
    r"""One dissipator ``rate * D[operator]``.

    Attributes:
        rate: the non-negative rate :math:`\gamma_k` (SymPy, in the parameter symbols).
        operator: the linear jump operator :math:`L_k` as a normal-ordered :data:`Poly`.
        rate_text, operator_text: the expressions as written in the file.
    """

    rate: sp.Expr
    operator: Poly = field(compare=False)
    rate_text: str = ""
    operator_text: str = ""


@dataclass(frozen=True)
class Observable:
    r"""A derived observable declared in ``[observables]``: a real expression in the built-in
    observables ``n_<mode>``, ``E_<mode>``, ``P_<mode>``, ``W_<mode>`` and the parameters (a
    quotient is ``nan`` where its denominator vanishes).

    Attributes:
        name: identifier.
        expression: SymPy expression in symbols named like the built-in observables and
            parameters.
        text: the expression as written.
        latex: LaTeX spelling for documents and figures.
    """

    name: str
    expression: sp.Expr
    text: str = ""
    latex: str = ""


@dataclass(frozen=True)
class Preset:
    """A named parameter set declared in ``[presets.NAME]``.

    Attributes:
        name: identifier.
        description: one line.
        values: parameter values over the defaults.
        nonreciprocal: ordered pairs ``(source, target)`` whose coherent coupling (written
            ``c*J*exp(I*k*theta)``) is solved from the derived nonreciprocity condition at the
            preset's values (after any user overrides).
    """

    name: str
    description: str = ""
    values: dict[str, float] = field(default_factory=dict)
    nonreciprocal: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ModelSpec:
    r"""An immutable, validated open bosonic network.

    Attributes:
        name: identifier of the model.
        description: one line for documents.
        modes: mode names, in matrix order.
        eliminate: modes eliminated for the effective model (may be empty).
        parameters: declared parameters, in declaration order.
        hamiltonian: :math:`H` as a normal-ordered :data:`Poly` (identity term dropped).
        channels: the dissipators.
        energies: ``{mode: frequency}``; :math:`E_x = \omega_x\langle x^\dagger x\rangle`.
        observables: derived observables ``{name: Observable}`` (``[observables]``).
        presets: named parameter sets ``{name: Preset}`` (``[presets.NAME]``).
        two_level: modes that are two-level systems (``two_level``).
        order: the cumulant order (``order``), or ``None`` for the exact Gaussian engine.
        source: the file text (hashed into the pedigree of generated files).
        path: where it was read from, or ``None``.
    """

    name: str
    description: str
    modes: tuple[str, ...]
    eliminate: tuple[str, ...]
    parameters: dict[str, Parameter] = field(compare=False)
    hamiltonian: Poly = field(compare=False)
    channels: tuple[Channel, ...] = field(compare=False)
    energies: dict[str, sp.Expr] = field(compare=False)
    observables: dict[str, Observable] = field(default_factory=dict, compare=False)
    presets: dict[str, Preset] = field(default_factory=dict, compare=False)
    two_level: tuple[str, ...] = ()
    order: int | None = None
    source: str = field(default="", compare=False)
    path: Path | None = field(default=None, compare=False)

    @property
    def kept(self) -> tuple[str, ...]:
        """The modes of the effective model (all modes when nothing is eliminated)."""
        return tuple(m for m in self.modes if m not in self.eliminate)

    @property
    def symbols(self) -> dict[str, sp.Symbol]:
        """Parameter symbols by name, in declaration order."""
        return {n: p.symbol for n, p in self.parameters.items()}


# ---------------------------------------------------------------------------------------------
# Reading and validating model files
# ---------------------------------------------------------------------------------------------

#: Top-level keys of a model file.
TOP_LEVEL_KEYS = (
    "name",
    "description",
    "modes",
    "eliminate",
    "hamiltonian",
    "parameters",
    "energies",
    "dissipators",
    "observables",
    "presets",
    "two_level",
    "order",
)
_PARAMETER_KEYS = ("kind", "default", "latex")
_DISSIPATOR_KEYS = ("rate", "operator")
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
MAX_IDENTIFIER = 40
MAX_SOURCE = 500_000
MAX_MODES = 128
MAX_PARAMETERS = 1000
MAX_DISSIPATORS = 1000
_DEGREE_NAMES = {3: "cubic", 4: "quartic"}
_CLASS = "nrqb handles quadratic Hamiltonians and linear jump operators"
#: Highest cumulant order accepted in ``order``.
MAX_ORDER = 6
_ADD_ORDER = (
    "add order = N (1 = mean field, 2, ..., 6) for the cumulant expansion, or keep the "
    "Hamiltonian quadratic and the jump operators linear (exact Gaussian engine)"
)
_ORDER_CLASS = (
    "with order set, nrqb handles Hamiltonians of degree <= 4 and jump operators of degree <= 2"
)


def load_spec(path: str | Path) -> ModelSpec:
    """Read and validate a model file (see :func:`parse_spec`).

    Raises:
        ModelError: unreadable file, TOML syntax error, or any rule of :func:`parse_spec`.
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise ModelError(f"{path}: cannot read the model file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ModelError(f"{path}: the model file is not UTF-8 text") from None
    return parse_spec(text, filename=str(path), path=path)


class _Reader:
    """Helpers that raise ``ModelError("FILE: KEY: reason at 'TOKEN'")``."""

    def __init__(self, filename: str):
        self.filename = filename

    def error(self, key: str, reason: str, token: object) -> ModelError:
        token = token if isinstance(token, str) else repr(token)
        token = " ".join(token.split())
        if len(token) > 80:
            token = f"{token[:60]}... ({len(token)} characters)"
        return ModelError(f"{self.filename}: {key}: {reason} at {token!r}")

    def where(self, key: str) -> str:
        return f"{self.filename}: {key}"

    def string(self, key: str, value: object) -> str:
        if not isinstance(value, str):
            raise self.error(key, f"expected a string, not {type(value).__name__}", value)
        return value

    def identifier(self, key: str, value: object, what: str) -> str:
        value = self.string(key, value)
        if not _IDENTIFIER.match(value) or len(value) > MAX_IDENTIFIER or keyword.iskeyword(value):
            raise self.error(
                key,
                f"bad {what} name: use a letter followed by letters, digits or underscores "
                f"(at most {MAX_IDENTIFIER} characters, not a Python keyword)",
                value,
            )
        return value

    def names(self, key: str, value: object, limit: int) -> list[str]:
        if not isinstance(value, list):
            raise self.error(key, f"expected a list of names, not {type(value).__name__}", value)
        if len(value) > limit:
            raise self.error(key, f"more than {limit} entries", value)
        out: list[str] = []
        for item in value:
            name = self.identifier(key, item, "mode")
            if name in out:
                raise self.error(key, "duplicate mode", name)
            out.append(name)
        return out


def _brief(expr: object, limit: int = 60) -> str:
    """``str(expr)`` cut to ``limit`` characters (messages stay one short line)."""
    text = str(expr)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _term_text(coeff: sp.Expr, key: Key) -> str:
    """``coefficient*monomial`` in the package's plain notation (``chi*b'b'bb``)."""
    mono = key_text(key)
    if coeff == 1:
        return mono
    if coeff == -1:
        return f"-{mono}"
    c = _brief(coeff)
    if isinstance(coeff, sp.Add):
        c = f"({c})"
    return c if not key else f"{c}*{mono}"


def _adjoint_key(key: Key) -> Key:
    return tuple((m, q, p) for m, p, q in key)


def _sample_values(parameters: dict[str, Parameter], point: int) -> dict[sp.Symbol, float]:
    """Deterministic sample values inside each parameter's domain (several distinct points)."""
    out = {}
    for i, p in enumerate(parameters.values()):
        v = 0.35 + ((7 * i + 11 * point) % 17) / 6.1
        if p.kind == "real" and (i + point) % 2:
            v = -v
        out[p.symbol] = v
    return out


_NUMERIC_FUNCTIONS = {
    sp.exp: cmath.exp,
    sp.sin: cmath.sin,
    sp.cos: cmath.cos,
    sp.Abs: abs,
    sp.re: lambda z: complex(z.real),
    sp.im: lambda z: complex(z.imag),
    sp.arg: cmath.phase,
    sp.conjugate: lambda z: z.conjugate(),
}


def numeric_value(expr: sp.Basic, values: Mapping[sp.Symbol, float]) -> complex:
    """Value of a coefficient in double precision (no SymPy evaluation, so no huge numbers:
    overflow raises ``OverflowError``); unknown node types raise ``TypeError``."""
    if expr.is_Symbol:
        return complex(values[expr])
    if expr.is_Number:
        return complex(float(expr.p) / float(expr.q)) if expr.is_Rational else complex(expr)
    if expr is sp.I:
        return 1j
    if expr is sp.pi:
        return complex(math.pi)
    if expr is sp.E:
        return complex(math.e)
    args = [numeric_value(a, values) for a in expr.args]
    if expr.is_Add:
        return sum(args, 0j)
    if expr.is_Mul:
        out = 1 + 0j
        for a in args:
            out *= a
        return out
    if expr.is_Pow:
        return args[0] ** args[1]
    f = _NUMERIC_FUNCTIONS.get(expr.func)
    if f is None:
        raise TypeError(f"no numeric value for {expr.func}")
    return complex(f(*args))


def _numerically_zero(
    diff: sp.Expr,
    scale: tuple[sp.Expr, ...],
    parameters: dict[str, Parameter],
    points: int = 3,
    extra: tuple[sp.Symbol, ...] = (),
) -> bool:
    """``diff`` vanishes, relative to the size of the ``scale`` expressions, at a few sample points
    of the parameter domain (used only when ``sp.expand`` leaves the question open); ``extra``
    symbols (real observables) take real sample values too."""
    for point in range(points):
        values = _sample_values(parameters, point)
        values |= {x: 0.45 + ((5 * i + 3 * point) % 13) / 4.3 for i, x in enumerate(extra)}
        try:
            d = numeric_value(diff, values)
            size = max((abs(numeric_value(e, values)) for e in scale), default=0.0)
        except (TypeError, ValueError, ArithmeticError, KeyError, RecursionError):
            return False
        if not (math.isfinite(abs(d)) and math.isfinite(size)):
            return False
        if d != 0 and not abs(d) <= 1e-9 * size:
            return False
    return True


def _is_real(
    expr: sp.Expr, parameters: dict[str, Parameter], extra: tuple[sp.Symbol, ...] = ()
) -> bool:
    """``expr`` is real over the parameter domain: by SymPy's assumptions, or, when they leave
    it open, because its imaginary part vanishes at sample points (``extra``: real symbols that
    are not parameters, e.g. built-in observables)."""
    real = _ask(lambda: expr.is_real)
    if real is not None:
        return bool(real)
    return _numerically_zero(sp.im(expr), (expr,), parameters, extra=extra)


_SYMPY_FAILURES = (ArithmeticError, ValueError, TypeError, MemoryError, RecursionError)


def _ask(question: Callable[[], object]) -> object:
    """A SymPy query that may evaluate numbers (assumptions, expansion); ``None`` if it fails."""
    try:
        return question()
    except _SYMPY_FAILURES:
        return None


def _check_hamiltonian(
    r: _Reader, H: Poly, parameters: dict[str, Parameter], order: int | None, two_level
) -> None:
    """Degree <= 2 without ``order`` (the moment equations close), <= 4 with it; Hermitian."""
    key = "hamiltonian"
    limit = 2 if order is None else 4
    high = [(k, c) for k, c in H.items() if sum(p + q for _, p, q in k) > limit]
    if high:
        k, c = max(high, key=lambda kc: (sum(p + q for _, p, q in kc[0]), kc[0]))
        deg = sum(p + q for _, p, q in k)
        term = _term_text(c, k)
        what = _DEGREE_NAMES.get(deg, f"of degree {deg}")
        rule = _ADD_ORDER if order is None else _ORDER_CLASS
        raise r.error(key, f"the moment equations do not close: {term} is {what}; {rule}", term)
    for k, c in H.items():
        kd = _adjoint_key(k)
        cd = H.get(kd, sp.S.Zero)
        diff = _ask(lambda c=c, cd=cd: sp.expand(cd - sp.conjugate(c)))
        if diff is not None and (diff == 0 or _numerically_zero(diff, (c, cd), parameters)):
            continue
        term = _term_text(c, k)
        if kd not in H:
            reason = (
                f"the Hamiltonian is not Hermitian: {term} appears without its adjoint "
                f"{_term_text(sp.conjugate(c), kd)}"
            )
        else:
            reason = (
                f"the Hamiltonian is not Hermitian: the coefficient of {key_text(kd)} is {_brief(cd)}, "
                f"not the complex conjugate of the coefficient of {key_text(k)}"
            )
        raise r.error(key, reason, term)


def _parameters(r: _Reader, table: object, modes: list[str]) -> dict[str, Parameter]:
    if not isinstance(table, dict):
        raise r.error("parameters", "expected a table", table)
    if len(table) > MAX_PARAMETERS:
        raise r.error("parameters", f"more than {MAX_PARAMETERS} parameters", f"{len(table)}")
    out: dict[str, Parameter] = {}
    for name, entry in table.items():
        key = f"parameters.{name}"
        r.identifier(key, name, "parameter")
        if name in RESERVED:
            raise r.error(key, f"{name} is a reserved name", name)
        if name in modes:
            raise r.error(key, f"{name} is already a mode name", name)
        if isinstance(entry, str):
            entry = {"kind": entry}
        if not isinstance(entry, dict):
            raise r.error(key, "expected a kind or a table {kind, default, latex}", entry)
        for k in entry:
            if k not in _PARAMETER_KEYS:
                raise r.error(
                    f"{key}.{k}", f"unknown key (allowed: {', '.join(_PARAMETER_KEYS)})", k
                )
        if "kind" not in entry:
            raise r.error(key, "missing kind (real, positive or nonnegative)", name)
        kind = r.string(f"{key}.kind", entry["kind"])
        if kind not in KINDS:
            raise r.error(f"{key}.kind", f"unknown kind (use {', '.join(KINDS)})", kind)
        default = entry.get("default")
        if default is not None:
            dkey = f"{key}.default"
            if isinstance(default, bool) or not isinstance(default, int | float):
                raise r.error(dkey, "expected a number", default)
            default = float(default)
            if not math.isfinite(default):
                raise r.error(dkey, "expected a finite number", default)
            if kind == "positive" and not default > 0:
                raise r.error(dkey, "a positive parameter needs a default > 0", default)
            if kind == "nonnegative" and not default >= 0:
                raise r.error(dkey, "a nonnegative parameter needs a default >= 0", default)
        latex = entry.get("latex")
        if latex is None:
            latex = sp.latex(sp.Symbol(name))
        else:
            latex = r.string(f"{key}.latex", latex)
            if len(latex) > 200:
                raise r.error(f"{key}.latex", "longer than 200 characters", latex)
        out[name] = Parameter(name=name, kind=kind, default=default, latex=latex)
    return out


def _observables(
    r: _Reader, table: object, modes: list[str], energies: dict, parameters: dict
) -> dict[str, Observable]:
    if not isinstance(table, dict):
        raise r.error("observables", "expected a table name = expression", table)
    builtin = builtin_observables(modes, energies)
    real = {n: sp.Symbol(n, real=True) for n in builtin if not n.startswith("x_")}
    symbols = {n: p.symbol for n, p in parameters.items()} | real
    out: dict[str, Observable] = {}
    for name, entry in table.items():
        key = f"observables.{name}"
        r.identifier(key, name, "observable")
        if name in builtin or name in parameters or name in modes or name in RESERVED:
            raise r.error(key, "the name is taken (a mode, parameter or built-in observable)", name)
        latex = ""
        if isinstance(entry, dict):
            for k in entry:
                if k not in ("expression", "latex"):
                    raise r.error(f"{key}.{k}", "unknown key (allowed: expression, latex)", k)
            if "expression" not in entry:
                raise r.error(key, "missing expression", entry)
            latex = r.string(f"{key}.latex", entry.get("latex", ""))
            entry = entry["expression"]
        text = r.string(key, entry)
        poly = parse_expression(text, parameters=symbols, modes=(), where=r.where(key))
        if not is_scalar(poly):
            raise r.error(key, "an observable must not contain mode operators", text)
        expr = scalar_value(poly)
        if not _is_real(expr, parameters, extra=tuple(real.values())):
            raise r.error(key, "an observable must be a real expression", text)
        out[name] = Observable(name, expr, text, latex or sp.latex(sp.Symbol(name)))
    return out


def _presets(
    r: _Reader, table: object, modes: list[str], eliminate: list[str], parameters: dict
) -> dict[str, Preset]:
    if not isinstance(table, dict):
        raise r.error("presets", "expected tables [presets.NAME]", table)
    out: dict[str, Preset] = {}
    for name, entry in table.items():
        key = f"presets.{name}"
        r.identifier(key, name, "preset")
        if not isinstance(entry, dict):
            raise r.error(key, "expected a table {description, values, nonreciprocal}", entry)
        for k in entry:
            if k not in ("description", "values", "nonreciprocal"):
                raise r.error(
                    f"{key}.{k}", "unknown key (allowed: description, values, nonreciprocal)", k
                )
        description = r.string(f"{key}.description", entry.get("description", ""))
        values = entry.get("values", {})
        if not isinstance(values, dict):
            raise r.error(f"{key}.values", "expected a table parameter = number", values)
        checked: dict[str, float] = {}
        for p, v in values.items():
            vkey = f"{key}.values.{p}"
            if p not in parameters:
                raise r.error(vkey, f"unknown parameter (known: {', '.join(parameters)})", p)
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
                raise r.error(vkey, "expected a finite number", v)
            kind = parameters[p].kind
            if (kind == "positive" and not v > 0) or (kind == "nonnegative" and not v >= 0):
                raise r.error(vkey, f"must be {'> 0' if kind == 'positive' else '>= 0'}", v)
            checked[p] = float(v)
        pairs = entry.get("nonreciprocal", [])
        if not isinstance(pairs, list):
            raise r.error(f"{key}.nonreciprocal", "expected a list of [source, target]", pairs)
        solved: list[tuple[str, str]] = []
        for pair in pairs:
            pkey = f"{key}.nonreciprocal"
            if not (
                isinstance(pair, list) and len(pair) == 2 and all(isinstance(m, str) for m in pair)
            ):
                raise r.error(pkey, "expected pairs [source, target] of mode names", pair)
            for m in pair:
                if m not in modes or m in eliminate:
                    raise r.error(pkey, "not a kept mode", m)
            if pair[0] == pair[1]:
                raise r.error(pkey, "source and target must differ", pair)
            solved.append((pair[0], pair[1]))
        out[name] = Preset(name, description, checked, tuple(solved))
    return out


def _two_level(r: _Reader, value: object, modes: list[str], eliminate: list[str]) -> list[str]:
    names = r.names("two_level", value, MAX_MODES)
    for m in names:
        if m not in modes:
            raise r.error("two_level", f"unknown mode (modes: {', '.join(modes)})", m)
        if m in eliminate:
            raise r.error(
                "eliminate",
                f"{m} is a two-level mode; only bosonic modes that enter linearly can be "
                "eliminated",
                m,
            )
    return names


def _order(r: _Reader, value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise r.error("order", f"expected an integer 1..{MAX_ORDER}", value)
    if not 1 <= value <= MAX_ORDER:
        raise r.error("order", f"the cumulant order must be 1..{MAX_ORDER}", value)
    return value


def parse_spec(text: str, filename: str = "<string>", path: str | Path | None = None) -> ModelSpec:
    r"""Parse and validate the text of a model file.

    Rules (each broken rule is a :class:`ModelError` naming the file, the key and the token):
    only the keys of :data:`TOP_LEVEL_KEYS`; identifiers for the name, modes and parameters;
    no duplicate modes; ``eliminate`` a proper subset of ``modes``; parameter kinds from
    :data:`KINDS` with finite defaults inside the kind; no parameter named like a mode or a
    reserved name; every name in an expression declared; :math:`H` Hermitian and of degree at
    most 2 (its identity term is dropped); jump operators linear without constant term; rates
    non-negative for every allowed parameter value (SymPy's assumptions decide); energies keyed by
    modes with scalar values. A declared parameter that appears nowhere gives a
    :class:`ModelWarning`.

    Args:
        text: the TOML text.
        filename: how the file is named in messages.
        path: stored in :attr:`ModelSpec.path`.
    """
    r = _Reader(filename)
    if not isinstance(text, str):
        raise ModelError(f"{filename}: expected the text of a model file")
    if len(text) > MAX_SOURCE:
        raise ModelError(f"{filename}: the model file is longer than {MAX_SOURCE} characters")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(f"{filename}: TOML syntax error: {exc}") from None
    except RecursionError:
        raise ModelError(f"{filename}: TOML syntax error: nesting too deep") from None

    for k in data:
        if k not in TOP_LEVEL_KEYS:
            raise r.error(k, f"unknown key (allowed: {', '.join(TOP_LEVEL_KEYS)})", k)
    for k in ("name", "modes", "hamiltonian"):
        if k not in data:
            raise ModelError(
                f"{filename}: {k}: missing (every model file needs name, modes and hamiltonian)"
            )

    name = r.identifier("name", data["name"], "model")
    description = r.string("description", data.get("description", ""))
    modes = r.names("modes", data["modes"], MAX_MODES)
    if not modes:
        raise r.error("modes", "at least one mode is needed", data["modes"])
    for m in modes:
        if m in RESERVED:
            raise r.error("modes", f"{m} is a reserved name", m)

    eliminate = r.names("eliminate", data.get("eliminate", []), MAX_MODES)
    for m in eliminate:
        if m not in modes:
            raise r.error("eliminate", f"unknown mode (modes: {', '.join(modes)})", m)
    if eliminate and len(eliminate) == len(modes):
        raise r.error("eliminate", "cannot eliminate every mode", data["eliminate"])

    two_level = _two_level(r, data.get("two_level", []), modes, eliminate)
    order = _order(r, data.get("order"))
    parameters = _parameters(r, data.get("parameters", {}), modes)
    symbols = {n: p.symbol for n, p in parameters.items()}

    def expression(key: str, value: object) -> Poly:
        value = r.string(key, value)
        return parse_expression(
            value, parameters=symbols, modes=modes, where=r.where(key), two_level=two_level
        )

    H_text = r.string("hamiltonian", data["hamiltonian"])
    H = {k: c for k, c in expression("hamiltonian", H_text).items() if k != ONE}
    _check_hamiltonian(r, H, parameters, order, two_level)

    raw = data.get("dissipators", [])
    if not isinstance(raw, list):
        raise r.error("dissipators", "expected an array of tables [[dissipators]]", raw)
    if len(raw) > MAX_DISSIPATORS:
        raise r.error("dissipators", f"more than {MAX_DISSIPATORS} dissipators", f"{len(raw)}")
    channels: list[Channel] = []
    for i, entry in enumerate(raw):
        key = f"dissipators[{i}]"
        if not isinstance(entry, dict):
            raise r.error(key, "expected a table {rate, operator}", entry)
        for k in entry:
            if k not in _DISSIPATOR_KEYS:
                raise r.error(f"{key}.{k}", "unknown key (allowed: rate, operator)", k)
        for k in _DISSIPATOR_KEYS:
            if k not in entry:
                raise r.error(key, f"missing {k}", entry)
        rate_text = r.string(f"{key}.rate", entry["rate"])
        op_text = r.string(f"{key}.operator", entry["operator"])
        rate_poly = expression(f"{key}.rate", rate_text)
        if not is_scalar(rate_poly):
            raise r.error(f"{key}.rate", "a rate must not contain mode operators", rate_text)
        rate = scalar_value(rate_poly)
        if (
            _ask(lambda rate=rate: rate.is_nonnegative) is not True
            and _ask(lambda rate=rate: sp.expand(rate).is_nonnegative) is not True
        ):
            raise r.error(
                f"{key}.rate",
                "rate may be negative for allowed parameter values (declare the kinds of its "
                "parameters so that it is non-negative)",
                rate_text,
            )
        op = expression(f"{key}.operator", op_text)
        if ONE in op:
            raise r.error(
                f"{key}.operator",
                f"a jump operator may not have a constant term; {_CLASS}",
                op_text,
            )
        if not op:
            raise r.error(f"{key}.operator", "the jump operator is zero", op_text)
        for k, c in op.items():
            deg = sum(p + q for _, p, q in k)
            if deg > (1 if order is None else 2):
                what = {2: "quadratic"}.get(deg, _DEGREE_NAMES.get(deg, f"of degree {deg}"))
                rule = _ADD_ORDER if order is None else _ORDER_CLASS
                raise r.error(
                    f"{key}.operator",
                    f"the moment equations do not close: {_term_text(c, k)} in the jump "
                    f"operator is {what}; {rule}",
                    op_text,
                )
        channels.append(Channel(rate, op, rate_text, op_text))

    raw_energies = data.get("energies", {})
    if not isinstance(raw_energies, dict):
        raise r.error("energies", "expected a table mode = frequency", raw_energies)
    energies: dict[str, sp.Expr] = {}
    for m, value in raw_energies.items():
        key = f"energies.{m}"
        if m not in modes:
            raise r.error(key, f"not a mode (modes: {', '.join(modes)})", m)
        poly = expression(key, value)
        if not is_scalar(poly):
            raise r.error(key, "a frequency must not contain mode operators", value)
        omega = scalar_value(poly)
        if not _is_real(omega, parameters):
            raise r.error(key, "a frequency must be real", value)
        energies[m] = omega
    energies = {m: energies[m] for m in modes if m in energies}

    if two_level and order is None:
        raise r.error(
            "two_level",
            "the moment equations of two-level modes do not close; add order = N (1 = mean "
            "field, 2, 3, 4) for the cumulant expansion",
            two_level[0],
        )
    observables = _observables(r, data.get("observables", {}), modes, energies, parameters)
    presets = _presets(r, data.get("presets", {}), modes, eliminate, parameters)

    used: set[sp.Basic] = set()
    for c in (*H.values(), *energies.values(), *(o.expression for o in observables.values())):
        used |= c.free_symbols
    for ch in channels:
        used |= ch.rate.free_symbols
        for c in ch.operator.values():
            used |= c.free_symbols
    for n, p in parameters.items():
        if p.symbol not in used:
            warnings.warn(
                f"{filename}: parameters.{n}: declared but not used at {n!r}",
                ModelWarning,
                stacklevel=2,
            )

    return ModelSpec(
        name=name,
        description=description,
        modes=tuple(modes),
        eliminate=tuple(eliminate),
        parameters=parameters,
        hamiltonian=H,
        channels=tuple(channels),
        energies=energies,
        observables=observables,
        presets=presets,
        two_level=tuple(two_level),
        order=order,
        source=text,
        path=None if path is None else Path(path),
    )
