r"""The pipeline: a :class:`~nrqb_sym.model.spec.ModelSpec` -> every derived result.

Stage order (one module each, pure SymPy, every step bounded by size budgets)::

    quadratic        (nrqb_sym.derive.quadratic)       h, s, f and Kossakowski C
    reduction        (nrqb_sym.derive.reduction)       K_eff, f_eff, h_eff, C_eff (within budget)
    moments          (nrqb_sym.derive.moments)         first-moment rows M1x, f; diffusion D_n;
                                                       every moment entry by entry (small models)
    steady_state     (nrqb_sym.derive.steady_state)    stationary first moments (closed or not)
    spectrum         (nrqb_sym.derive.spectrum)        charpoly, discriminant, EP polynomials
    nonreciprocity   (nrqb_sym.derive.nonreciprocity)  (K_eff)_ij = 0 per ordered pair

:func:`derive` runs them for the full model and, when the spec eliminates modes and the
reduction is within its budget, for the effective model; :attr:`Derivation.forms` records which
form each result took (``"closed form"`` or ``"structured: ..."``, the latter evaluated
numerically by the kernels).  :func:`cached_derive` memoises the result on disk by the digest of
the model file and pipeline.
"""

from __future__ import annotations

import os
import pickle
import sys
import time
from dataclasses import dataclass, field

from ..model.names import cache_dir
from ..model.spec import ModelSpec
from .forms import CLOSED, Structured
from .moments import MOMENT_BUDGET, FirstMoments, GaussianMoments, first_moments, gaussian_moments
from .nonreciprocity import PairNonreciprocity, pair_nonreciprocity
from .quadratic import QuadraticForm, channel_keys, jump_vectors, model_where, quadratic_form
from .reduction import Reduction, check_elimination, closed_reduction, reduce_model
from .spectrum import NetworkSpectrum, network_spectrum
from .steady_state import SteadyState, steady_state

__all__ = ["Derivation", "derive", "cached_derive", "STAGES", "cache_dir"]

STAGES = ("quadratic", "reduction", "moments", "steady_state", "spectrum", "nonreciprocity")


@dataclass(frozen=True)
class Derivation:
    """SymPy results of every stage for one model.

    Attributes:
        spec: the model.
        full: its matrix form.
        reduction: the elimination (closed form), a :class:`Structured` marker past the budget,
            or ``None`` (nothing eliminated).
        first_full, first_effective: first-moment rows and diffusion (``first_effective`` is
            ``None`` when nothing is eliminated, :class:`Structured` past the reduction budget).
        moments_full, moments_effective: every moment entry by entry, or :class:`Structured`.
        steady_full, steady_effective: steady states (or ``None``/``Structured``).
        spectrum_full, spectrum_effective: spectra and EP data of the first-moment drift.
        forms: ``{"<model>: <result>": "closed form" | "structured: ..."}``.
        seconds: time per stage.
    """

    spec: ModelSpec
    full: QuadraticForm
    reduction: Reduction | Structured | None
    first_full: FirstMoments
    first_effective: FirstMoments | Structured | None
    moments_full: GaussianMoments | Structured
    moments_effective: GaussianMoments | Structured | None
    steady_full: SteadyState
    steady_effective: SteadyState | Structured | None
    spectrum_full: NetworkSpectrum
    spectrum_effective: NetworkSpectrum | Structured | None
    forms: dict[str, str]
    seconds: dict[str, float] = field(default_factory=dict, compare=False)
    _pairs: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def kept(self) -> tuple[str, ...]:
        """Modes of the effective model (all modes when nothing is eliminated)."""
        return self.spec.kept

    @property
    def effective(self) -> QuadraticForm | None:
        """The effective matrix form when derived in closed form."""
        return self.reduction.effective if isinstance(self.reduction, Reduction) else None

    def nonreciprocity(self, source: str, target: str) -> PairNonreciprocity:
        r"""The coupling :math:`h_{\mathrm{source},\mathrm{target}}` for which ``target`` does not
        act back on ``source`` (see :mod:`nrqb_sym.derive.nonreciprocity`; cached)."""
        key = (source, target)
        if key not in self._pairs:
            self._pairs[key] = pair_nonreciprocity(
                self.full, tuple(self.spec.eliminate), source, target
            )
        return self._pairs[key]

    def coupled_pairs(self) -> list[tuple[str, str]]:
        """Ordered pairs of kept modes with a coherent coupling in the model (the pairs for
        which :meth:`nonreciprocity` has something to solve for)."""
        idx = {m: i for i, m in enumerate(self.full.modes)}
        return [
            (s, t)
            for s in self.kept
            for t in self.kept
            if s != t and self.full.h[idx[s], idx[t]] != 0
        ]


def _record(forms: dict[str, str], label: str, entries: dict[str, str]) -> None:
    for k, v in entries.items():
        forms[f"{label}: {k}"] = v


def _moments(qf: QuadraticForm) -> GaussianMoments | Structured:
    count = 2 * qf.n**2 + 3 * qf.n
    if count > MOMENT_BUDGET:
        return Structured(
            f"{count} moments exceed the entry-by-entry budget ({MOMENT_BUDGET}); the kernels "
            "evolve the first moments and the covariance in Lyapunov form"
        )
    return gaussian_moments(qf)


def _one_model(qf: QuadraticForm, label: str, forms: dict[str, str], params) -> tuple:
    first = first_moments(qf)
    forms[f"{label}: first moments and diffusion"] = CLOSED
    moments = _moments(qf)
    forms[f"{label}: moment equations"] = (
        CLOSED if isinstance(moments, GaussianMoments) else str(moments)
    )
    steady = steady_state(first, moments if isinstance(moments, GaussianMoments) else None)
    _record(forms, f"{label}: steady state", steady.forms)
    spectrum = network_spectrum(first, params)
    _record(forms, label, spectrum.forms)
    return first, moments, steady, spectrum


def derive(spec: ModelSpec):
    """Run every stage on ``spec`` (see the module docstring); a model with ``order`` set gives
    its :class:`~nrqb_sym.derive.cumulants.CumulantSystem` instead.

    Raises:
        ModelError: a model outside the Gaussian class, or an elimination that is refused.
    """
    if spec.order is not None:
        from .cumulants import cumulant_system

        return cumulant_system(spec)
    seconds: dict[str, float] = {}
    forms: dict[str, str] = {}
    t = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal t
        now = time.perf_counter()
        seconds[name] = now - t
        t = now

    full = quadratic_form(spec)
    forms["full: matrix form"] = CLOSED
    lap("quadratic")
    reduction: Reduction | Structured | None = None
    if spec.eliminate:
        channels = [
            (key, text, w)
            for (key, text), (_, w) in zip(channel_keys(spec), jump_vectors(spec), strict=True)
        ]
        eliminate = tuple(spec.eliminate)
        where = model_where(spec)
        if closed_reduction(full, eliminate):
            reduction = reduce_model(full, eliminate, channels, where=where)
            forms["effective: elimination"] = CLOSED
        else:
            check_elimination(full, eliminate, channels, where=where)
            reduction = Structured(
                f"K_eff = K_PP - K_PQ K_QQ^-1 K_QP evaluated numerically by the kernels "
                f"({len(spec.kept)} kept and {len(eliminate)} eliminated modes exceed the "
                "closed-form limit)"
            )
            forms["effective: elimination"] = str(reduction)
    lap("reduction")
    first_full, moments_full, steady_full, spectrum_full = _one_model(
        full, "full", forms, full.params
    )
    first_eff = moments_eff = steady_eff = spectrum_eff = None
    if isinstance(reduction, Reduction):
        first_eff, moments_eff, steady_eff, spectrum_eff = _one_model(
            reduction.effective, "effective", forms, full.params
        )
    elif isinstance(reduction, Structured):
        first_eff = moments_eff = steady_eff = spectrum_eff = reduction
    lap("moments, steady state, spectrum")
    return Derivation(
        spec=spec,
        full=full,
        reduction=reduction,
        first_full=first_full,
        first_effective=first_eff,
        moments_full=moments_full,
        moments_effective=moments_eff,
        steady_full=steady_full,
        steady_effective=steady_eff,
        spectrum_full=spectrum_full,
        spectrum_effective=spectrum_eff,
        forms=forms,
        seconds=seconds,
    )


def cached_derive(spec: ModelSpec, digest: str, progress: bool = False) -> Derivation:
    """:func:`derive`, memoised on disk by ``digest`` (the model file and pipeline) in
    ``cache_dir()/derivations``.  A corrupt or incompatible cache file is rebuilt; a read-only
    cache is skipped."""
    path = cache_dir() / "derivations" / f"{spec.name}-{digest[:16]}.pkl"
    if path.is_file():
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        except Exception:  # noqa: BLE001 - any unpickling failure means: derive again
            path.unlink(missing_ok=True)
    if progress:
        print(f"nrqb: deriving model {spec.name!r} (once; cached by hash)...", file=sys.stderr)
    d = derive(spec)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            pickle.dump(d, fh)
        tmp.replace(path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        try:  # no cache, still correct
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
    return d
