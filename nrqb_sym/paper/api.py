r"""The paper's Python API, a thin view over the engine's compiled model of ``nrqb.toml``.

Every number comes from :func:`nrqb_sym.load_model` of the paper's model file (its generated
kernels; no SymPy at run time).  This module only renames: the paper's parameters become the
frozen :class:`Params`, its observables the attributes of :class:`PaperTrace` /
:class:`PaperSteadyState` (views over the engine's results):

=================  ===========================================================================
paper              engine (``nrqb.toml``)
=================  ===========================================================================
``alpha, beta``    ``x_a``, ``x_b`` (``gamma``: ``x_c``, full model)
``n_a, n_b``       ``n_a``, ``n_b``
``E_A, E_B, P_B``  ``E_a``, ``E_b``, ``P_b``
``R, eta``         the derived observables ``R = E_b/E_a``, ``eta = E_b/(E_a + E_b)``
``ergotropy_A/B``  ``W_a``, ``W_b`` (single-mode Gaussian ergotropy)
``ab``             :math:`\langle a^\dagger b\rangle` (from the moments)
=================  ===========================================================================

:meth:`Params.nonreciprocal` picks :math:`g_a = g_b` so that the derived
:math:`\Gamma = (G_\text{eff})_{ab}` has the given value and solves ``J``, ``theta`` from the
derived nonreciprocity condition of the pair (a, b) (both numerically from the kernels).
:func:`sweep` adds the paper's derived axes ``r = kappa_b/kappa_a`` and ``detuning`` to the
engine's sweep.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, make_dataclass
from functools import lru_cache

import numpy as np

from ..runtime import values as V
from ..runtime.model import CompiledModel, ExceptionalPoint, Sweep, load_model
from ..runtime.values import EliminationWarning, ParameterError

__all__ = [
    "paper_model",
    "Params",
    "PRESETS",
    "preset",
    "InitialState",
    "VACUUM",
    "PaperTrace",
    "PaperSteadyState",
    "simulate",
    "simulate_grid",
    "steady_state",
    "sweep",
    "exceptional_points",
    "derived_rates",
    "elimination_error",
    "MODELS",
    "OBSERVABLES",
    "ParameterError",
    "EliminationWarning",
    "ExceptionalPoint",
    "Sweep",
]

MODELS = ("effective", "full")

#: The paper's observable names and the engine's.
NAMES = {
    "alpha": "x_a",
    "beta": "x_b",
    "gamma": "x_c",
    "n_a": "n_a",
    "n_b": "n_b",
    "E_A": "E_a",
    "E_B": "E_b",
    "P_B": "P_b",
    "R": "R",
    "eta": "eta",
    "ergotropy_A": "W_a",
    "ergotropy_B": "W_b",
}
#: Observables of a :class:`PaperTrace` (``gamma``: full model only; ``ab`` from the moments).
OBSERVABLES = (
    "alpha",
    "beta",
    "n_a",
    "n_b",
    "ab",
    "E_A",
    "E_B",
    "P_B",
    "R",
    "eta",
    "ergotropy_A",
    "ergotropy_B",
)


@lru_cache(maxsize=1)
def paper_model() -> CompiledModel:
    """The compiled model of the paper's ``nrqb.toml`` (generated kernels; loaded once)."""
    from ..model.names import PAPER_MODEL

    return load_model(PAPER_MODEL)


# ----------------------------------------------------------------------------- parameters
def _params_class() -> type:
    cm = paper_model()
    spec = []
    for name in cm.parameters:
        d = cm.defaults[name]
        spec.append((name, float, field(default=d) if d is not None else field()))
    return make_dataclass(
        "Params",
        spec,
        bases=(_ParamsBase,),
        frozen=True,
        kw_only=True,
        namespace={"__doc__": _ParamsBase.__doc__, "__module__": __name__},
    )


class _ParamsBase:
    r"""Parameters of the paper's model (the parameters ``nrqb.toml`` declares, with its
    defaults), validated on construction by their declared kinds: finite real numbers, rates,
    couplings and frequencies ``> 0`` or ``>= 0`` as declared, magnitudes at most 1e100."""

    def __new__(cls, *args, **kwargs):
        known = [f.name for f in fields(cls)]
        for name in kwargs:
            if name not in known:
                raise ParameterError(name, f"unknown parameter (known: {', '.join(known)})")
        return super().__new__(cls)

    def __post_init__(self):
        cm = paper_model()
        checked = cm.values({f.name: getattr(self, f.name) for f in fields(self)})
        for k, v in checked.items():
            object.__setattr__(self, k, v)

    @classmethod
    def from_mapping(cls, values: Mapping) -> Params:
        """Build from a name -> value mapping, refusing unknown names."""
        cm = paper_model()
        for name in values:
            if name not in cm.parameters:
                raise ParameterError(name, f"unknown parameter (known: {', '.join(cm.parameters)})")
        return cls(**values)

    @classmethod
    def nonreciprocal(
        cls, Gamma: float, kappa_a: float, kappa_b: float, kappa_c: float, F: float, **others
    ) -> Params:
        r"""Fully nonreciprocal parameters: :math:`g_a = g_b` chosen so that the derived
        :math:`\Gamma` has the given value, ``J`` and ``theta`` from the derived condition
        :math:`M_{ab} = 0` (``others``: any further parameter, e.g. detunings, frequencies)."""
        Gamma = V.number("Gamma", Gamma)
        if not Gamma > 0:
            raise ParameterError("Gamma", "must be > 0", Gamma)
        cm = paper_model()
        base = dict(kappa_a=kappa_a, kappa_b=kappa_b, kappa_c=kappa_c, F=F, **others)
        unit = cm.values({**base, "g_a": 1.0, "g_b": 1.0})
        # Gamma is bilinear in (g_a, g_b): scale the unit-coupling value
        g = math.sqrt(Gamma / _rates(cm, unit)["Gamma"])
        trial = {**unit, "g_a": g, "g_b": g}
        solved = cm.nonreciprocal_coupling(trial, "a", "b")
        derived = {"g_a": g, "g_b": g, **{k: v for k, v in solved.items() if k != "value"}}
        trial.update(derived)
        try:
            return cls(**trial)
        except ParameterError as exc:
            if exc.name not in derived:
                raise
            given = {"Gamma": Gamma, **{k: V.number(k, v) for k, v in base.items()}}
            culprit, value = V.most_extreme(given)
            raise ParameterError(
                culprit,
                f"the nonreciprocal parameters solve {exc.name} = {derived[exc.name]:.3g} from "
                f"this value, which breaks its rule ({exc.rule})",
                value,
            ) from None

    def replace(self, **changes) -> Params:
        """A copy with some values changed (validated again)."""
        values = self.as_dict()
        for k in changes:
            if k not in values:
                raise ParameterError(k, f"unknown parameter (known: {', '.join(values)})")
        return type(self)(**{**values, **changes})

    def as_dict(self) -> dict[str, float]:
        """Name -> value, in kernel order."""
        return {n: getattr(self, n) for n in paper_model().parameters}

    def array(self) -> np.ndarray:
        """float64 vector in the kernels' parameter order."""
        return paper_model().vector(self.as_dict())


Params = _params_class()

#: Named parameter sets (units of Gamma).  ``nonreciprocal``: the paper's fully nonreciprocal,
#: resonant battery with weak intrinsic damping and a bad cavity 100x faster than Gamma.
PRESETS: dict[str, dict[str, float]] = {
    "nonreciprocal": {"Gamma": 1.0, "kappa_a": 0.05, "kappa_b": 0.05, "kappa_c": 100.0, "F": 0.5},
}


def preset(name: str, **overrides) -> Params:
    """Parameters of a named preset with overrides: ``Gamma``, the rates, the drive, detunings,
    frequencies and occupations are applied *before* the nonreciprocal couplings are solved (so
    the preset stays nonreciprocal); ``g_a``, ``g_b``, ``J``, ``theta`` after, as given."""
    if name not in PRESETS:
        raise ParameterError("preset", f"unknown preset {name!r} (known: {', '.join(PRESETS)})")
    cm = paper_model()
    inputs = dict(PRESETS[name])
    late = {}
    for k, v in overrides.items():
        if k in ("g_a", "g_b", "J", "theta"):
            late[k] = v
        elif k == "Gamma" or k in cm.parameters:
            inputs[k] = v
        else:
            raise ParameterError(k, f"unknown parameter (known: Gamma, {', '.join(cm.parameters)})")
    base = Params.nonreciprocal(**inputs)
    return base.replace(**late) if late else base


def _values(params) -> dict[str, float]:
    if not isinstance(params, Params):
        raise ParameterError("params", "must be a Params (e.g. nrqb_sym.preset('nonreciprocal'))")
    return params.as_dict()


def _rates(cm: CompiledModel, vals: dict[str, float]) -> dict[str, float]:
    ind = cm.induced(vals)
    i, j = cm.kept.index("a"), cm.kept.index("b")
    rates, shifts = ind["rates"], ind["shifts"]
    return {
        "Gamma_a": float(rates[i, i].real),
        "Gamma_b": float(rates[j, j].real),
        "Gamma": float(rates[i, j].real),
        "Lambda_a": vals["kappa_a"] + float(rates[i, i].real),
        "Lambda_b": vals["kappa_b"] + float(rates[j, j].real),
        "delta_a": float(shifts[i, i].real),
        "delta_b": float(shifts[j, j].real),
        "delta_ab": float(shifts[i, j].real),
    }


def derived_rates(params: Params) -> dict[str, float]:
    r"""The elimination's derived rates at ``params`` (``Gamma_a``, ``Gamma_b``, ``Gamma``,
    ``Lambda_a``, ``Lambda_b``, the shifts ``delta_a``, ``delta_b``, ``delta_ab``) and the solved
    nonreciprocal ``J_nonreciprocal``, ``theta_nonreciprocal``: the induced part of
    :math:`K_\text{eff}` and the derived condition, evaluated by the kernels."""
    cm = paper_model()
    vals = _values(params)
    out = _rates(cm, vals)
    solved = cm.nonreciprocal_coupling(vals, "a", "b")
    out["J_nonreciprocal"] = float(solved["J"])
    out["theta_nonreciprocal"] = float(solved["theta"])
    for k, v in out.items():
        if not math.isfinite(v):
            raise V.range_error(vals, f"{k} of the elimination is not finite")
    return out


# ----------------------------------------------------------------------------- states
@dataclass(frozen=True, kw_only=True)
class InitialState:
    r"""A product Gaussian initial state: each mode a displaced thermal state.

    ``alpha``, ``beta``, ``gamma`` are the coherent amplitudes of a, b, c and ``n_a0``, ``n_b0``,
    ``n_c0`` their thermal occupations (``<x'x> = |amplitude|^2 + n``).  ``gamma`` and ``n_c0``
    apply to the full model only.  The default is the vacuum of the paper.
    """

    alpha: complex = 0j
    beta: complex = 0j
    gamma: complex = 0j
    n_a0: float = 0.0
    n_b0: float = 0.0
    n_c0: float = 0.0

    def __new__(cls, *args, **kwargs):
        known = [f.name for f in fields(cls)]
        for name in kwargs:
            if name not in known:
                raise ParameterError(name, f"unknown parameter (known: {', '.join(known)})")
        return super().__new__(cls)

    def __post_init__(self):
        for name in ("alpha", "beta", "gamma"):
            object.__setattr__(self, name, V.complex_number(name, getattr(self, name)))
        for name in ("n_a0", "n_b0", "n_c0"):
            v = V.number(name, getattr(self, name))
            if v < 0:
                raise ParameterError(name, "initial thermal occupations must be >= 0", v)
            object.__setattr__(self, name, v)

    @property
    def is_vacuum(self) -> bool:
        return not any((self.alpha, self.beta, self.gamma, self.n_a0, self.n_b0, self.n_c0))

    def engine(self, model: str) -> dict:
        """The engine's ``initial`` mapping."""
        if model == "effective" and (self.gamma or self.n_c0):
            raise ParameterError("gamma", "the effective model has no mode c (use model='full')")
        out = {}
        for mode, amp, n in (
            ("a", self.alpha, self.n_a0),
            ("b", self.beta, self.n_b0),
            ("c", self.gamma, self.n_c0),
        ):
            if amp or n:
                out[mode] = {"alpha": amp, "n": n}
        return out


VACUUM = InitialState()


class _View:
    """Attribute access by the paper's names over an engine result (:data:`NAMES`)."""

    def __init__(self, result, params, lazy=None):
        self._r = result
        self.params = params
        self.model = result.model
        self._lazy = lazy or {}

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self._lazy:
            value = self._lazy.pop(name)()
            setattr(self, name, value)
            return value
        if name in NAMES:
            try:
                return self._r[NAMES[name]]
            except KeyError:
                return None
        raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")


class PaperTrace(_View):
    r"""A time trace with the paper's names (``t``, ``alpha``, ``beta``, ``gamma``, ``n_a``,
    ``n_b``, ``ab``, ``E_A``, ``E_B``, ``P_B``, ``R``, ``eta``, ``ergotropy_A``,
    ``ergotropy_B``; ``None`` when not asked), a view over the engine's
    :class:`~nrqb_sym.runtime.model.Trace` (``.engine``)."""

    FIELDS = ("t", "E_A", "E_B", "P_B", "R", "eta", "ergotropy_A", "ergotropy_B")

    @property
    def t(self) -> np.ndarray:
        return self._r.t

    @property
    def engine(self):
        return self._r


class PaperSteadyState(_View):
    """A steady state with the paper's names (scalars; ``P_B = 0``), a view over the engine's
    :class:`~nrqb_sym.runtime.model.SteadyState` (``.engine``)."""

    FIELDS = ("E_A", "E_B", "P_B", "R", "eta", "ergotropy_A", "ergotropy_B")

    @property
    def engine(self):
        return self._r


def _engine_names(observables, model: str) -> tuple[str, ...]:
    known = OBSERVABLES + (("gamma",) if model == "full" else ())
    if observables is None:
        names = known
    else:
        names = (observables,) if isinstance(observables, str) else tuple(observables)
        if not names:
            raise ParameterError("observables", "need at least one observable")
        for n in names:
            if n not in known:
                raise ParameterError(
                    "observables", f"unknown observable {n!r} (known: {', '.join(known)})"
                )
    out = []
    for n in names:
        if n == "ab":
            out += ["x_a", "x_b"]
        else:
            out.append(NAMES[n])
    return tuple(dict.fromkeys(out)), names


def _thermal(vals: Mapping[str, float]) -> bool:
    """Whether a bath of the paper's model is thermal (then the state is not coherent)."""
    return any(vals.get(n, 0) for n in ("n_a", "n_b", "n_c"))


def simulate(
    params: Params,
    t,
    model: str = "effective",
    initial: InitialState | None = None,
    observables: Sequence[str] | str | None = None,
) -> PaperTrace:
    r"""A time trace of the paper's model (``model``: ``effective`` or ``full``) in one fused
    compiled pass; ``observables``: the :class:`PaperTrace` fields to compute (``None``: all).
    ``ab`` :math:`= \langle a^\dagger b\rangle` is :math:`\bar\alpha\beta` from a coherent
    state with vacuum baths, else read from the moments."""
    cm = paper_model()
    vals = _values(params)
    if model not in MODELS:
        raise ParameterError("model", f"must be one of {', '.join(MODELS)}", model)
    initial = initial or VACUUM
    if not isinstance(initial, InitialState):
        raise ParameterError("initial", "must be an InitialState")
    engine_init = initial.engine(model)
    names, asked = _engine_names(observables, model)
    tr = cm.simulate(vals, t, model, engine_init, names)
    lazy = {}
    if "ab" in asked:
        if initial.n_a0 or initial.n_b0 or initial.n_c0 or _thermal(vals):
            lazy["ab"] = lambda: cm.moments(vals, tr.t, model, engine_init).value("<a'b>")
        else:
            lazy["ab"] = lambda: np.conj(tr.amplitude["a"]) * tr.amplitude["b"]
    view = PaperTrace(tr, params, lazy)
    for n in NAMES:
        if n not in asked and n in NAMES:
            setattr(view, n, None)
    if "ab" not in asked:
        view.ab = None
    return view


def steady_state(params: Params, model: str = "effective") -> PaperSteadyState:
    """The stationary state (the engine's :meth:`~nrqb_sym.runtime.model.CompiledModel.steady_state`)."""
    cm = paper_model()
    ss = cm.steady_state(_values(params), model)
    view = PaperSteadyState(ss, params)
    if model == "effective":
        view.gamma = None
    return view


class _Rows:
    """``link`` for :func:`simulate_grid`: grid point ``k`` takes parameter row ``k``."""

    def __init__(self, rows: np.ndarray):
        self.rows = rows

    def __call__(self, P: np.ndarray, values: dict) -> None:
        P[:] = self.rows[values["point"].astype(np.int64)]


def simulate_grid(params: Sequence[Params], t, model: str = "effective") -> PaperTrace:
    """Traces from vacuum for many parameter points at once (arrays ``(len(params), len(t))``),
    one parallel kernel call (the engine's sweep over the points)."""
    params = list(params)
    if not params:
        raise ParameterError("params", "need at least one parameter point")
    cm = paper_model()
    rows = np.stack([cm.vector(_values(p)) for p in params])
    names = ("x_a", "x_b", "n_a", "n_b", "E_a", "E_b", "P_b", "R", "eta", "W_a", "W_b")
    if model == "full":
        names += ("x_c",)
    sw = cm.sweep(
        _values(params[0]),
        t,
        names,
        None,
        model,
        link=_Rows(rows),
        point=np.arange(len(params), dtype=float),
    )
    from ..runtime.model import Trace

    tr = Trace(sw.t, model, {})
    for n, v in sw.values.items():
        kind, _, mode = n.partition("_")
        if n in ("R", "eta"):
            tr.derived[n] = v
        else:
            getattr(
                tr,
                {
                    "x": "amplitude",
                    "n": "occupation",
                    "E": "energy",
                    "P": "power",
                    "W": "ergotropy",
                }[kind],
            )[mode] = v
    points = [_values(p) for p in params]

    def ab() -> np.ndarray:
        coherent = np.conj(tr.amplitude["a"]) * tr.amplitude["b"]
        for k, vals in enumerate(points):
            if _thermal(vals):
                coherent[k] = cm.moments(vals, tr.t, model).value("<a'b>")
        return coherent

    view = PaperTrace(tr, None, {"ab": ab})
    if model == "effective":
        view.gamma = None
    return view


# ----------------------------------------------------------------------------- sweeps
#: Axis names that are not parameters: ``r = kappa_b/kappa_a`` and a common ``detuning``.
DERIVED_AXES = ("r", "detuning")
HOLD = ("kappa_a", "kappa_b")


class _PaperLink:
    """``link`` for :func:`sweep`: the derived axes ``r`` (with what it holds) and ``detuning``."""

    def __init__(self, columns: dict[str, int], hold: str):
        self.columns = columns
        self.hold = hold

    def __call__(self, P: np.ndarray, values: dict) -> None:
        c = self.columns
        if "r" in values:
            if self.hold == "kappa_a":
                P[:, c["kappa_b"]] = values["r"] * P[:, c["kappa_a"]]
            else:
                P[:, c["kappa_a"]] = P[:, c["kappa_b"]] / values["r"]
        if "detuning" in values:
            P[:, c["Delta_a"]] += values["detuning"]
            P[:, c["Delta_b"]] += values["detuning"]


def sweep(
    params: Params,
    t,
    observables: str | Iterable[str] = ("E_B", "P_B"),
    reduce: str | None = None,
    chunks: int | None = None,
    *,
    hold: str = "kappa_a",
    model: str = "effective",
    progress: bool | None = None,
    use_dask: bool | None = None,
    **axes,
) -> Sweep:
    r"""The paper's observables over a grid of parameter points (the engine's sweep with the
    paper's names and its derived axes ``r = kappa_b/kappa_a``, holding ``kappa_a`` or, with
    ``hold="kappa_b"``, ``kappa_b``, and ``detuning``, added to ``Delta_a`` and ``Delta_b``).

    Returns an engine :class:`~nrqb_sym.runtime.model.Sweep` whose ``values`` are keyed by the
    paper's names."""
    cm = paper_model()
    vals = _values(params)
    if hold not in HOLD:
        raise ParameterError("hold", f"must be one of {', '.join(HOLD)}", hold)
    for name in axes:
        if name not in cm.parameters and name not in DERIVED_AXES:
            raise ParameterError(
                name,
                f"unknown axis (parameters: {', '.join(cm.parameters)}; derived: "
                f"{', '.join(DERIVED_AXES)})",
            )
    if "r" in axes:
        moved = "kappa_b" if hold == "kappa_a" else "kappa_a"
        if moved in axes:
            raise ParameterError(
                moved, f"cannot be an axis together with r holding {hold} (r sets {moved})"
            )
        if np.any(np.asarray(axes["r"], dtype=float) <= 0):
            raise ParameterError("r", "the damping ratio kappa_b/kappa_a must be > 0")
    asked = (observables,) if isinstance(observables, str) else tuple(observables)
    for n in asked:
        if n not in NAMES:
            raise ParameterError(
                "observables", f"unknown observable {n!r} (known: {', '.join(NAMES)})"
            )
    names = tuple(NAMES[n] for n in asked)
    columns = {n: cm.parameters.index(n) for n in ("kappa_a", "kappa_b", "Delta_a", "Delta_b")}
    link = _PaperLink(columns, hold) if set(axes) & set(DERIVED_AXES) else None
    sw = cm.sweep(
        vals,
        t,
        names,
        reduce,
        model,
        chunks,
        link=link,
        progress=progress,
        use_dask=use_dask,
        **axes,
    )
    back = {v: k for k, v in NAMES.items()}
    return Sweep(
        sw.axes,
        {back[k]: v for k, v in sw.values.items()},
        sw.t,
        sw.reduce,
        sw.model,
        sw.base,
        sw.seconds,
    )


# ----------------------------------------------------------------------------- spectrum
@dataclass(frozen=True)
class PaperEP:
    """An exceptional point with the paper's parameters (``params``) and the engine's result
    (``engine``)."""

    parameter: str
    value: float
    params: object
    discriminant: complex
    eigenvalue: complex
    engine: ExceptionalPoint = field(repr=False)


def exceptional_points(params: Params, solve_for: str, model: str = "effective") -> list[PaperEP]:
    """Values of ``solve_for`` (others fixed) where the drift has an exceptional point (the
    engine's search: roots of the derived EP polynomial where closed)."""
    cm = paper_model()
    found = cm.exceptional_points(_values(params), solve_for, model)
    out = [
        PaperEP(
            e.parameter,
            e.value,
            params.replace(**{solve_for: e.value}),
            e.discriminant,
            e.eigenvalue,
            e,
        )
        for e in found
    ]
    return sorted(out, key=lambda e: e.value)


def elimination_error(params: Params, t, initial: InitialState | None = None) -> dict[str, float]:
    r"""How far the effective model is from the full one along a trace: the largest deviation of
    ``E_A``, ``E_B``, ``P_B`` over ``t``, each relative to its largest full-model value, and the
    steady-state relative deviation of ``E_B``."""
    full = simulate(params, t, "full", initial)
    eff = simulate(params, t, "effective", initial)
    out = {}
    for name in ("E_A", "E_B", "P_B"):
        ref = np.max(np.abs(getattr(full, name)))
        diff = np.max(np.abs(getattr(full, name) - getattr(eff, name)))
        out[name] = float(diff / ref) if ref > 0 else float(diff)
    sf, se = steady_state(params, "full"), steady_state(params, "effective")
    out["E_B_steady"] = abs(sf.E_B - se.E_B) / sf.E_B if sf.E_B > 0 else abs(sf.E_B - se.E_B)
    return out
