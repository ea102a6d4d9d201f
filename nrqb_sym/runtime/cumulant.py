r"""Runtime of models with ``order`` set: the closed moment equations of the cumulant expansion.

:class:`CumulantModel` is the :class:`~nrqb_sym.runtime.model.CompiledModel` of such a model.
Its generated module (:mod:`nrqb_sym.codegen.cumulant_kernels`) holds the closed equations
``rhs``/``jac``, the observables ``observe`` and the compiled Dormand-Prince 5(4) integrator,
Newton solver and parallel sweep; this module turns user input into their arguments and their
outputs into the package's result types (:class:`~nrqb_sym.runtime.model.Trace`,
:class:`~nrqb_sym.runtime.model.SteadyState`, :class:`~nrqb_sym.runtime.model.Sweep`).

Initial states are product states: a boson starts in a coherent state (``{mode: alpha}``), a
two-level mode in ``{"excited": p, "coherence": s}`` (:math:`\langle q^\dagger q\rangle = p`,
:math:`\langle q\rangle = s`, :math:`|s|^2 \le p(1-p)`) or ``"ground"``/``"excited"``; every
moment of a product state is the product of its modes' moments,
:math:`\langle x^{\dagger p}x^q\rangle = \bar\alpha^p\alpha^q`.

Unphysical results of the truncation are reported, never hidden: a negative occupation, a
two-level population outside :math:`[0, 1]` or a negative ergotropy gives an
:class:`~nrqb_sym.runtime.values.UnphysicalWarning` naming the first time; moments growing
without bound end the run with a :class:`~nrqb_sym.runtime.values.ParameterError` naming the
time (suggesting a lower order, or ``nrqb validate``).  Nothing here imports SymPy.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from . import odes
from . import values as V
from .model import _FIELDS, CompiledModel, SteadyState, Sweep, Trace
from .numerics import MODES as _MODES
from .values import NoSteadyState, ParameterError

__all__ = ["CumulantModel", "CumulantSteadyState", "RTOL", "ATOL", "BOUND"]

#: Default tolerances of the integrator (relative, absolute).
RTOL = 1e-8
ATOL = 1e-10
#: A moment larger than this in magnitude means the closure is blowing up.
BOUND = 1e12
#: Step budget per integration.
MAX_STEPS = 20_000_000
#: Tolerance of unphysical values relative to the largest value along a trace.
UNPHYSICAL_TOL = 1e-7


@dataclass(frozen=True)
class CumulantSteadyState(SteadyState):
    """A steady state of the closed equations: the fields of
    :class:`~nrqb_sym.runtime.model.SteadyState`, the moments, and the spectrum of the
    linearised dynamics.

    Attributes:
        moments: ``{name: complex}`` every moment of the closed set.
        eigenvalues: eigenvalues of the Jacobian at the steady state (real slots).
        stable: all eigenvalues have negative real parts.
        eigenvector_condition: the condition number of the Jacobian's eigenvector matrix
            (it diverges at an exceptional point of the linearised dynamics, where eigenvectors
            coalesce; degenerate but diagonalisable pairs, such as the real and imaginary
            parts of a damped amplitude, keep it finite).
        residual: the largest :math:`|f(y)|` left by Newton.
    """

    moments: dict = field(default_factory=dict)
    eigenvalues: np.ndarray = field(default_factory=lambda: np.zeros(0))
    stable: bool = True
    eigenvector_condition: float = 1.0
    residual: float = 0.0


def _output_times(t) -> np.ndarray:
    """Checked output times (:func:`~nrqb_sym.runtime.values.times`), non-decreasing: the
    integrator runs forward through them."""
    tt = V.times(t)
    if tt.size > 1 and not np.all(np.diff(tt) >= 0):
        raise ParameterError("t", "times must be non-decreasing")
    return tt


class CumulantModel(CompiledModel):
    """A model file with ``order``: closed moment equations and their compiled integrators.

    Attributes (besides those of :class:`CompiledModel`):
        order: the cumulant order; two_level: the two-level modes;
        moment_names: the moments of the closed set (``"<b'b>"``...).
    """

    def __init__(self, kernels, path, digest, folder):
        super().__init__(kernels, path, digest, folder)
        k = kernels
        self.order: int = k.ORDER
        self.two_level: tuple[str, ...] = k.TWO_LEVEL
        self.moment_names: tuple[str, ...] = k.MOMENT_NAMES
        self._layout = tuple(k.OBSERVABLES)
        self._index = {name: i for i, (name, _) in enumerate(self._layout)}
        self._derived_names = tuple(k.DERIVED)

    def __repr__(self) -> str:
        return (
            f"CumulantModel({self.name!r}, order={self.order}, modes={self.kept}, "
            f"{len(self.moment_names)} moments, folder={str(self.folder)!r})"
        )

    def at_order(self, order: int) -> CumulantModel:
        """The same model file derived at another cumulant ``order`` (a copy of the file with
        its ``order`` line changed, generated in the user cache on first use)."""
        import re

        from ..model.names import cache_dir
        from .model import load_model

        if isinstance(order, bool) or not isinstance(order, int) or not 1 <= order <= 6:
            raise ParameterError("order", "must be an integer 1..6", order)
        if order == self.order:
            return self
        text = self.path.read_text(encoding="utf-8")
        new, count = re.subn(r"(?m)^order\s*=\s*\d+\s*$", f"order = {order}", text)
        if count != 1:
            raise ParameterError("order", f"{self.path} has no single 'order = N' line to change")
        folder = cache_dir() / "orders"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.name}-{self.digest[:12]}-order{order}.toml"
        if not path.is_file() or path.read_text(encoding="utf-8") != new:
            path.write_text(new, encoding="utf-8")
        return load_model(path, progress=False)

    # ----------------------------------------------------------------------------- inputs
    def _model(self, model: str) -> str:
        if model == "effective" or (model == "full" and not self.eliminated):
            return "effective"
        if model == "full":
            raise ParameterError(
                "model",
                "a model with order is derived for its kept modes only (the eliminated modes "
                f"{', '.join(self.eliminated)} are adiabatically eliminated); use 'effective', "
                "or a model file without eliminate",
                model,
            )
        raise ParameterError("model", "must be 'effective'", model)

    def modes_of(self, model: str = "effective") -> tuple[str, ...]:
        self._model(model)
        return self.kept

    def observables(self, model: str = "effective") -> tuple[str, ...]:
        """Names of the observables :meth:`simulate` computes."""
        self._model(model)
        out = []
        for name, _ in self._layout:
            base = name.split(".")[0]
            if base not in out:
                out.append(base)
        return tuple(out) + self._derived_names

    def coefficients(self, values: Mapping | None = None) -> np.ndarray:
        """The coefficient vector of the generated ``rhs`` at ``values``."""
        vals = self.values(values)
        with np.errstate(all="ignore"):
            c = self.kernels.coefficients(self.vector(vals))
        if not np.isfinite(c).all():
            raise V.range_error(vals, "a coefficient of the moment equations is not finite")
        return c

    def initial_moments(self, initial: Mapping | None = None) -> np.ndarray:
        """The real state vector of a product initial state (module docstring)."""
        initial = {} if initial is None else initial
        if not isinstance(initial, Mapping):
            raise ParameterError("initial", "must be a mapping {mode: amplitude or state}")
        per: dict[str, tuple[complex, float]] = {}
        for m, state in initial.items():
            if m not in self.kept:
                raise ParameterError(
                    f"initial[{m!r}]",
                    f"not a kept mode of this model (kept: {', '.join(self.kept)})",
                )
            per[m] = self._mode_start(m, state)
        y = np.zeros(self.kernels.NVAR)
        for key, slot, real in zip(
            self.kernels.MOMENTS, self.kernels.SLOTS, self.kernels.REAL, strict=True
        ):
            v = 1 + 0j
            for m, p, q in key:
                s, pop = per.get(m, (0j, 0.0))
                if m in self.two_level:
                    v *= pop if (p, q) == (1, 1) else (s if q else s.conjugate())
                else:
                    v *= s.conjugate() ** p * s**q
            y[slot] = v.real
            if not real:
                y[slot + 1] = v.imag
        return y

    def _mode_start(self, m: str, state) -> tuple[complex, float]:
        where = f"initial[{m!r}]"
        if m not in self.two_level:
            if isinstance(state, Mapping):
                bad = [k for k in state if k != "alpha"]
                if bad:
                    raise ParameterError(
                        where,
                        f"a model with order starts from coherent states: give the amplitude "
                        f"(key {bad[0]!r} is not supported)",
                    )
                state = state.get("alpha", 0.0)
            return V.complex_number(where, state), 0.0
        if state in ("ground", "excited"):
            return 0j, 1.0 if state == "excited" else 0.0
        if not isinstance(state, Mapping):
            raise ParameterError(
                where,
                "a two-level mode starts from 'ground', 'excited' or {'excited': p, "
                "'coherence': s}",
            )
        bad = [k for k in state if k not in ("excited", "coherence")]
        if bad:
            raise ParameterError(where, f"unknown key {bad[0]!r} (known: excited, coherence)")
        p = V.number(f"{where}.excited", state.get("excited", 0.0))
        s = V.complex_number(f"{where}.coherence", state.get("coherence", 0.0))
        if not 0 <= p <= 1:
            raise ParameterError(f"{where}.excited", "a population must be in [0, 1]", p)
        if abs(s) ** 2 > p * (1 - p) * (1 + 1e-12) + 1e-300:
            raise ParameterError(
                f"{where}.coherence", "|coherence|^2 must be <= p (1 - p) for a state", s
            )
        return s, p

    def drift(self, values: Mapping | None = None, model: str = "effective"):
        r""":math:`(M, f, \omega)`: the linear :math:`\langle x\rangle` block of the closed
        first-moment equations (what the nonreciprocity condition reads), the drives and the
        frequencies of the kept modes."""
        self._model(model)
        c = self.coefficients(values)
        n = len(self.kept)
        M = np.zeros((n, n), dtype=complex)
        f = np.zeros(n, dtype=complex)
        for i, j, g in self.kernels.DRIFT:
            M[i, j] = c[g]
        for i, g in self.kernels.DRIVE:
            f[i] = c[g]
        omega = np.zeros(n)
        for m, g in self.kernels.OMEGA.items():
            omega[self.kept.index(m)] = c[g].real
        return M, f, omega

    def drift_entries(self, P: np.ndarray, i: int, j: int, model: str = "effective") -> np.ndarray:
        r""":math:`M_{ij}` of the linear :math:`\langle x\rangle` block (see :meth:`drift`) for
        every parameter row of ``P``."""
        self._model(model)
        g = next((g for a, b, g in self.kernels.DRIFT if (a, b) == (i, j)), None)
        out = np.zeros(P.shape[0], dtype=complex)
        if g is not None:
            with np.errstate(all="ignore"):
                for r in range(P.shape[0]):
                    out[r] = self.kernels.coefficients(P[r])[g]
        return out

    def _gaussian_only(self, what: str):
        raise ParameterError(
            what,
            f"is defined for Gaussian models; this model is derived by the cumulant expansion "
            f"at order {self.order} (use simulate, steady_state, sweep)",
        )

    def matrices(self, values=None):
        self._gaussian_only("matrices")

    def quadrature_system(self, values=None, model="effective"):
        self._gaussian_only("quadrature_system")

    def first_moment_drift(self, values=None, model="effective"):
        return self.drift(values, model)[0]

    def exceptional_points(self, *args, **kwargs):
        self._gaussian_only("exceptional_points")

    def induced(self, values=None):
        self._gaussian_only("induced")

    # ----------------------------------------------------------------------------- runs
    def _selection(self, names: Iterable[str] | str | None) -> tuple[str, ...]:
        known = self.observables()
        if names is None:
            return known
        if isinstance(names, str):
            names = (names,)
        names = tuple(names)
        for n in names:
            if n not in known:
                raise ParameterError(
                    "observables", f"unknown observable (known: {', '.join(known)})", n
                )
        return names

    def _tolerances(self, rtol, atol) -> tuple[float, float]:
        r = V.number("rtol", rtol)
        a = V.number("atol", atol)
        if not 1e-14 <= r <= 0.1:
            raise ParameterError("rtol", "must be in [1e-14, 0.1]", rtol)
        if not 0 < a <= 1:
            raise ParameterError("atol", "must be in (0, 1]", atol)
        return r, a

    def _blowup(self, status: int, t_fail: float, vals) -> ParameterError:
        if status == 2:
            return ParameterError(
                "order",
                f"the moments grow without bound at t = {t_fail:.6g} (closure at order "
                f"{self.order}); try a lower order, or compare with `nrqb validate`",
                self.order,
            )
        return ParameterError(
            "rtol",
            f"the integrator stopped at t = {t_fail:.6g} (step budget or step size underflow: "
            "a stiff or singular point); loosen rtol/atol or rescale the parameters",
        )

    def moment_trace(
        self,
        values: Mapping | None,
        t,
        initial: Mapping | None = None,
        rtol: float = RTOL,
        atol: float = ATOL,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The real state vector along ``t``: ``(times, y[T, NVAR])`` (slots in ``SLOTS``)."""
        vals = self.values(values)
        tt = _output_times(t)
        rtol, atol = self._tolerances(rtol, atol)
        c = self.coefficients(vals)
        y0 = self.initial_moments(initial)
        V.check_memory(
            tt.size * 8 * (self.kernels.NVAR + len(self._layout)), f"t ({tt.size} times)"
        )
        out = np.empty((tt.size, self.kernels.NVAR))
        with np.errstate(all="ignore"):
            status, _, t_fail, _ = odes.dp5_trace(
                y0, odes.prepare(c, self.kernels.TABLES), tt, rtol, atol, MAX_STEPS, BOUND, out
            )
        if status:
            raise self._blowup(status, t_fail, vals)
        return tt, out

    def moments_of(self, y: np.ndarray) -> dict[str, np.ndarray]:
        """``{moment name: complex values}`` of state vectors ``y[..., NVAR]``."""
        y = np.asarray(y)
        out = {}
        for name, slot, real in zip(
            self.moment_names, self.kernels.SLOTS, self.kernels.REAL, strict=True
        ):
            out[name] = y[..., slot] + (0j if real else 1j * y[..., slot + 1])
        return out

    def simulate(
        self,
        values: Mapping | None,
        t,
        model: str = "effective",
        initial: Mapping | None = None,
        observables: str | Iterable[str] | None = None,
        ergotropy=None,
        rtol: float = RTOL,
        atol: float = ATOL,
    ) -> Trace:
        r"""Observables along ``t`` from the closed moment equations (adaptive Dormand-Prince
        5(4) with dense output at the requested times).

        Args:
            values, t, model, initial, observables: as for Gaussian models (``initial``: see
                the module docstring); the observables are ``x_<m>``, ``n_<m>``, ``E_<m>``,
                ``P_<m>``, ``W_<m>`` of two-level modes and the derived ones.
            ergotropy: not available (the state is not Gaussian); must be ``None``.
            rtol, atol: the integrator's tolerances.

        Raises:
            ParameterError: bad input, or moments growing without bound (naming the time).
        """
        self._model(model)
        if ergotropy is not None:
            raise ParameterError(
                "ergotropy",
                "joint ergotropy needs a Gaussian state; a model with order gives W_<q> of its "
                "two-level modes",
                ergotropy,
            )
        names = self._selection(observables)
        vals = self.values(values)
        tt, y = self.moment_trace(vals, t, initial, rtol, atol)
        obs = self._observe(self.coefficients(vals), y)
        dobs = self._derived(vals, obs)
        tr = Trace(tt, "effective", vals)
        self._fill(tr, names, obs, dobs)
        self._check_physical(tt, obs)
        return tr

    def _fill(self, result, names, obs: np.ndarray, dobs: np.ndarray) -> None:
        """Put the observables ``names`` of a :class:`Trace` or :class:`SteadyState` from the
        built-in values ``obs[..., OBSERVABLES]`` and the derived ones ``dobs[..., DERIVED]``
        (the amplitude ``x_<m>`` from its real and imaginary outputs)."""
        for name in names:
            kind, _, mode = name.partition("_")
            if kind == "x" and mode in self.kept:
                re, im = self._index[f"x_{mode}.re"], self._index[f"x_{mode}.im"]
                result.amplitude[mode] = obs[..., re] + 1j * obs[..., im]
            elif name in self._index:
                getattr(result, _FIELDS[kind])[mode] = obs[..., self._index[name]]
            else:
                result.derived[name] = dobs[..., self._derived_names.index(name)]

    def _observe(self, c: np.ndarray, y: np.ndarray) -> np.ndarray:
        """The built-in observables (``OBSERVABLES``) of states ``y[time, NVAR]``."""
        out = np.empty((y.shape[0], len(self._layout)))
        model = odes.prepare(c, self.kernels.TABLES)
        with np.errstate(all="ignore"):
            odes.observe_all(np.ascontiguousarray(y), model, out)
        return out

    def _derived(self, vals: Mapping, obs: np.ndarray) -> np.ndarray:
        """The derived observables (``DERIVED``) from the built-in ones ``obs[time, :]``."""
        out = np.empty((obs.shape[0], len(self._derived_names)))
        with np.errstate(all="ignore"):
            self.kernels.derived(self.vector(vals), obs, out)
        return out

    def _check_physical(self, tt: np.ndarray, obs: np.ndarray) -> None:
        """Warn (naming the mode and the first time) where the closure left the physical
        states: a negative occupation or ergotropy, a two-level population above 1."""
        for m in self.kept:
            n = obs[:, self._index[f"n_{m}"]]
            scale = max(float(np.nanmax(np.abs(n), initial=0.0)), 1e-3)
            tol = UNPHYSICAL_TOL * scale
            bad = np.nonzero((n < -tol) | ((n > 1 + tol) if m in self.two_level else False))[0]
            what = "population" if m in self.two_level else "occupation"
            if bad.size:
                k = int(bad[0])
                rule = "outside [0, 1]" if m in self.two_level else "negative"
                warnings.warn(
                    f"{what} of {m} is {rule} ({n[k]:.4g}) at t = {tt[k]:.6g}: the order-"
                    f"{self.order} closure left the physical states; try another order or "
                    "compare with `nrqb validate`",
                    V.UnphysicalWarning,
                    stacklevel=3,
                )
            if f"W_{m}" in self._index:
                w = obs[:, self._index[f"W_{m}"]]
                bad = np.nonzero(w < -tol * max(1.0, float(np.nanmax(np.abs(w), initial=0.0))))[0]
                if bad.size:
                    k = int(bad[0])
                    warnings.warn(
                        f"ergotropy of {m} is negative ({w[k]:.4g}) at t = {tt[k]:.6g}: not a "
                        f"physical state (order-{self.order} closure)",
                        V.UnphysicalWarning,
                        stacklevel=3,
                    )

    # ----------------------------------------------------------------------------- steady state
    def steady_state(
        self,
        values: Mapping | None = None,
        model: str = "effective",
        initial: Mapping | None = None,
        settle: float | None = None,
    ) -> CumulantSteadyState:
        r"""The stationary state of the closed equations: integrate from ``initial`` (vacuum)
        over ``settle`` (default :math:`40/\gamma_\mathrm{min}`, :math:`\gamma_\mathrm{min}` the
        slowest decay rate of the linear first-moment drift, at most :math:`10^6`), then Newton
        with the generated Jacobian; stability from the Jacobian's eigenvalues.

        Raises:
            NoSteadyState: Newton does not converge, or the state found is unstable.
        """
        self._model(model)
        vals = self.values(values)
        c = self.coefficients(vals)
        if settle is None:
            M = self.drift(vals)[0]
            rates = -np.linalg.eigvals(M).real if M.size else np.array([1.0])
            slow = float(np.min(rates)) if rates.size else 1.0
            settle = 40.0 / slow if slow > 0 else 1e3
            settle = min(settle, 1e6)
        settle = V.number("settle", settle)
        _, y = self.moment_trace(vals, np.array([0.0, settle]), initial)
        out = np.empty(self.kernels.NVAR)
        model = odes.prepare(c, self.kernels.TABLES)
        with np.errstate(all="ignore"):
            status, _, residual = odes.newton(y[-1], model, 1e-12, 100, out)
        if status:
            raise NoSteadyState(
                "values",
                f"Newton did not converge to a steady state of the order-{self.order} equations "
                f"(status {status}, residual {residual:.3g} after t = {settle:.4g})",
            )
        J = np.empty((out.size, out.size))
        odes.jac(out, model, J)
        ev, vec = np.linalg.eig(J)
        stable = bool(np.all(ev.real < 0))
        with np.errstate(all="ignore"):
            cond = float(np.linalg.cond(vec))
        obs2 = self._observe(c, out[None, :])
        obs, dobs = obs2[0], self._derived(vals, obs2)[0]
        st = CumulantSteadyState(
            "effective",
            vals,
            moments={k: v[()] for k, v in self.moments_of(out).items()},
            eigenvalues=ev,
            stable=stable,
            eigenvector_condition=cond if math.isfinite(cond) else math.inf,
            residual=float(residual),
        )
        self._fill(st, self.observables(), obs, dobs)
        st.amplitude.update({m: complex(v) for m, v in st.amplitude.items()})
        for field_ in (st.occupation, st.energy, st.ergotropy, st.derived):
            field_.update({k: float(v) for k, v in field_.items()})
        st.power.update(dict.fromkeys(st.power, 0.0))  # stationary: dE/dt = 0
        return st

    # ----------------------------------------------------------------------------- sweeps
    def _derived_sweep(self, P: np.ndarray, full: np.ndarray, names, reduce) -> np.ndarray:
        """The requested observables of a sweep with derived ones: built-in values at every
        time ``full[point, OBSERVABLES, time]``, the derived ones computed per point, then
        reduced over time with NumPy (nan-skipping like the compiled reductions)."""
        size, _, T = full.shape
        out = np.empty((size, len(names), T))
        dout = np.empty((T, len(self._derived_names)))
        for p in range(size):
            obs = np.ascontiguousarray(full[p].T)
            with np.errstate(all="ignore"):
                self.kernels.derived(P[p], obs, dout)
            for j, n in enumerate(names):
                if n in self._index:
                    out[p, j] = full[p, self._index[n]]
                else:
                    out[p, j] = dout[:, self._derived_names.index(n)]
        if reduce is None:
            return out
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)
            if reduce == "last":
                return out[..., -1]
            if reduce == "argmax":
                allnan = np.isnan(out).all(axis=-1)
                arg = np.argmax(np.where(np.isnan(out), -np.inf, out), axis=-1).astype(float)
                return np.where(allnan, -1.0, arg)
            f = {"max": np.nanmax, "min": np.nanmin, "mean": np.nanmean}[reduce]
            return f(out, axis=-1)

    # ----------------------------------------------------------------------------- sweeps
    def sweep(
        self,
        values: Mapping | None,
        t,
        observables: str | Iterable[str] | None = None,
        reduce: str | None = None,
        model: str = "effective",
        chunks: int | None = None,
        initial: Mapping | None = None,
        *,
        link=None,
        progress: bool | None = None,
        use_dask: bool | None = None,
        rtol: float = RTOL,
        atol: float = ATOL,
        **axes,
    ) -> Sweep:
        r"""Real observables over the outer product of parameter axes: one adaptive integration
        per grid point, in parallel, reduced over time in the kernel (``reduce``: ``None``,
        ``max``, ``argmax``, ``min``, ``last``, ``mean``).  A point whose moments grow without
        bound gives ``nan`` (and a warning naming how many)."""
        from tqdm.auto import tqdm

        self._model(model)
        if link is not None or use_dask:
            raise ParameterError("link", "not supported for models with order")
        if reduce is not None and reduce not in _MODES:
            raise ParameterError("reduce", f"must be None or one of {', '.join(_MODES)}", reduce)
        names = self._selection(observables)
        names = tuple(n for n in names if not n.startswith("x_")) if observables is None else names
        bad = [n for n in names if n.startswith("x_")]
        if bad:
            raise ParameterError("observables", "sweeps take real observables", bad[0])
        vals = self.values(values)
        tt = _output_times(t)
        rtol, atol = self._tolerances(rtol, atol)
        checked = []
        for name, v in axes.items():
            if name not in self.kinds:
                raise ParameterError(
                    name, f"unknown axis (parameters: {', '.join(self.parameters)})"
                )
            checked.append((name, V.check_axis(name, self.kinds[name], v)))
        shape = tuple(len(v) for _, v in checked)
        size = int(np.prod(shape)) if shape else 1
        per = len(names) * (1 if reduce else tt.size)
        V.check_memory(size * 8 * (per + len(self.kernels.PARAMETERS)), f"sweep over {size} points")
        grids = np.meshgrid(*[v for _, v in checked], indexing="ij") if checked else []
        P = np.repeat(self.vector(vals)[None, :], size, axis=0)
        for (name, _), g in zip(checked, grids, strict=True):
            P[:, self.parameters.index(name)] = g.ravel()
        y0 = self.initial_moments(initial)
        derived = [n for n in names if n in self._derived_names]
        builtin = [n for n, _ in self._layout] if derived else list(names)
        sel = np.array([self._index[n] for n in builtin], dtype=np.int64)
        mode = 0 if reduce is None or derived else _MODES[reduce]
        if derived:
            V.check_memory(size * 8 * len(builtin) * tt.size, f"sweep over {size} points")
        out = np.empty((size, len(builtin)) + (() if mode else (tt.size,)))
        status = np.zeros(size, dtype=np.int64)
        chunk = int(chunks) if chunks else max(1, min(size, 2048))
        t0 = time.perf_counter()
        show = size > chunk if progress is None else bool(progress)
        bar = tqdm(total=size, disable=not show, desc="sweep", unit="pt")
        coefficients = self.kernels.coefficients
        tables = self.kernels.TABLES
        with np.errstate(all="ignore"):
            for start in range(0, size, chunk):
                stop = min(size, start + chunk)
                C = np.stack([coefficients(P[i]) for i in range(start, stop)])
                odes.dp5_sweep(
                    y0, C, tables, tt, rtol, atol, MAX_STEPS, BOUND, sel, mode,
                    out[start:stop], status[start:stop], len(self._layout),
                )  # fmt: skip
                bar.update(stop - start)
        bar.close()
        failed = int(np.count_nonzero(status))
        if failed:
            warnings.warn(
                f"{failed} of {size} grid points stopped early (moments growing without bound "
                f"or a stiff point); their values are nan from there on (order {self.order})",
                V.UnphysicalWarning,
                stacklevel=2,
            )
        if derived:
            out = self._derived_sweep(P, out, names, reduce)
        res_shape = shape + (() if reduce else (tt.size,))
        ordered = {}
        for i, n in enumerate(names):
            v = out[:, i].reshape(res_shape)
            ordered[n] = np.where(np.isnan(v), -1, v).astype(np.int64) if reduce == "argmax" else v
        return Sweep(
            dict(checked), ordered, tt, reduce, "effective", vals, time.perf_counter() - t0
        )
