r"""The generic pipeline: a :class:`~nrqb_sym.model.spec.ModelSpec` -> every derived result.

Stage order (one module each, pure SymPy, every step bounded)::

    quadratic            (nrqb_sym.derive.quadratic)            h, s, f and Kossakowski C
    reduction            (nrqb_sym.derive.reduction)            K_eff, f_eff, h_eff, C_eff
    gaussian_moments     (nrqb_sym.derive.gaussian_moments)     dz/dt = A z + b, drift M1
    steady_state         (nrqb_sym.derive.steady_state)         z_ss = -A^-1 b (closed or not)
    ep                   (nrqb_sym.derive.ep)                   charpoly, discriminant, EPs
    pair_nonreciprocity  (nrqb_sym.derive.pair_nonreciprocity)  (K_eff)_ij = 0 per pair

:func:`derive_network` runs them for the full model and, when the spec eliminates modes, for the
effective model; :attr:`NetworkDerivation.forms` records which form each result took
(``"closed form"`` or ``"structured: ..."``, the latter evaluated numerically by the kernels).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..model.spec import ModelSpec
from .ep import NetworkSpectrum, network_spectrum
from .gaussian_moments import GaussianMoments, gaussian_moments
from .pair_nonreciprocity import PairNonreciprocity, pair_nonreciprocity
from .quadratic import QuadraticForm, channel_keys, jump_vectors, model_where, quadratic_form
from .reduction import Reduction, reduce_model
from .steady_state import CLOSED, SteadyState, Structured, steady_state

__all__ = ["NetworkDerivation", "derive_network", "NETWORK_STAGES", "Structured"]

NETWORK_STAGES = (
    "quadratic",
    "reduction",
    "gaussian_moments",
    "steady_state",
    "ep",
    "pair_nonreciprocity",
)


@dataclass(frozen=True)
class NetworkDerivation:
    """SymPy results of every generic stage for one model.

    Attributes:
        spec: the model.
        full: its matrix form.
        effective: the effective model on the kept modes, or ``None`` (nothing eliminated).
        reduction: details of the elimination, or ``None``.
        moments_full, moments_effective: closed moment systems.
        steady_full, steady_effective: steady states.
        spectrum_full, spectrum_effective: spectra and EP data of the first-moment drift.
        forms: ``{"<model>: <result>": "closed form" | "structured: ..."}``.
        seconds: time per stage and model.
    """

    spec: ModelSpec
    full: QuadraticForm
    effective: QuadraticForm | None
    reduction: Reduction | None
    moments_full: GaussianMoments
    moments_effective: GaussianMoments | None
    steady_full: SteadyState
    steady_effective: SteadyState | None
    spectrum_full: NetworkSpectrum
    spectrum_effective: NetworkSpectrum | None
    forms: dict[str, str]
    seconds: dict[str, float] = field(default_factory=dict, compare=False)
    _pairs: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def kept(self) -> tuple[str, ...]:
        """Modes of the effective model (all modes when nothing is eliminated)."""
        return self.spec.kept

    def nonreciprocity(self, source: str, target: str) -> PairNonreciprocity:
        r"""The coupling :math:`h_{\mathrm{source},\mathrm{target}}` for which ``target`` does not
        act back on ``source`` (see :mod:`nrqb_sym.derive.pair_nonreciprocity`; cached)."""
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


def derive_network(spec: ModelSpec) -> NetworkDerivation:
    """Run every generic stage on ``spec`` (see the module docstring).

    Raises:
        ModelError: a model outside the Gaussian class, or an elimination that is refused.
    """
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
    reduction = None
    effective = None
    if spec.eliminate:
        channels = [
            (key, text, w)
            for (key, text), (_, w) in zip(channel_keys(spec), jump_vectors(spec), strict=True)
        ]
        reduction = reduce_model(full, tuple(spec.eliminate), channels, where=model_where(spec))
        effective = reduction.effective
        forms["effective: elimination"] = CLOSED
    lap("reduction")
    moments_full = gaussian_moments(full)
    forms["full: moment equations"] = CLOSED
    moments_effective = gaussian_moments(effective) if effective is not None else None
    if moments_effective is not None:
        forms["effective: moment equations"] = CLOSED
    lap("gaussian_moments")
    steady_full = steady_state(moments_full)
    _record(forms, "full: steady state", steady_full.forms)
    steady_effective = steady_state(moments_effective) if moments_effective else None
    if steady_effective is not None:
        _record(forms, "effective: steady state", steady_effective.forms)
    lap("steady_state")
    spectrum_full = network_spectrum(moments_full, full.params)
    _record(forms, "full", spectrum_full.forms)
    spectrum_effective = (
        network_spectrum(moments_effective, full.params) if moments_effective else None
    )
    if spectrum_effective is not None:
        _record(forms, "effective", spectrum_effective.forms)
    lap("ep")
    return NetworkDerivation(
        spec=spec,
        full=full,
        effective=effective,
        reduction=reduction,
        moments_full=moments_full,
        moments_effective=moments_effective,
        steady_full=steady_full,
        steady_effective=steady_effective,
        spectrum_full=spectrum_full,
        spectrum_effective=spectrum_effective,
        forms=forms,
        seconds=seconds,
    )
