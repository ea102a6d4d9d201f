r"""Physical units for the circuit-QED realisation of the seed's Sec. 5 (rates in MHz, times in us).

The model's kernels are dimensionless: every rate is a number in units of a chosen rate scale
(the package's examples use the derived :math:`\Gamma`).  This module converts parameters given
with units into :class:`~nrqb_sym.paper.api.Params` and back, with the `pint` registry doing all the
parsing (no ``eval``, no SymPy parsing of user text).

Frequency convention (the one used throughout this module)
------------------------------------------------------------
**Inputs and outputs in MHz are ordinary frequencies** :math:`x/2\pi`, the way circuit-QED papers
quote rates: ``"kappa_c": "20 MHz"`` means :math:`\kappa_c/2\pi = 20\,\mathrm{MHz}`, i.e. the
angular rate :math:`\kappa_c = 2\pi \times 20\,\mathrm{MHz} = 125.7\,\mu\mathrm{s}^{-1}`.  The
master equation (:math:`\dot a = -(\kappa/2) a + \dots`) needs angular rates, so every rate is
multiplied by :math:`2\pi` on the way in and divided by it on the way out.  Pint itself treats
``Hz`` as ``1/s`` with no :math:`2\pi`, which is why the factor is applied here explicitly.
Pass ``convention="angular"`` to give angular rates instead (then ``"125.66 rad/us"`` or
``"125.66 1/us"``, and ``"20 MHz"`` would mean an angular rate of :math:`2\times10^7\,s^{-1}`).

Ratios of rates are the same in both conventions (:math:`\Gamma/2\pi = 4 (g/2\pi)^2/(\kappa_c/2\pi)`
just as :math:`\Gamma = 4 g^2/\kappa_c`); the :math:`2\pi` matters for times: a dimensionless time
:math:`\tau = \Gamma t` is :math:`t = \tau/\Gamma = \tau / (2\pi \cdot \Gamma/2\pi)`.

Which parameters carry units: detunings ``Delta_*``, dampings ``kappa_*``, couplings ``g_*``,
``J``, the drive ``F`` (the Hamiltonian term :math:`F(a+a^\dagger)` is a rate for
:math:`\hbar = 1`) and, optionally, ``omega_a``, ``omega_b`` (if omitted they stay 1, so energies
are in units of :math:`\hbar\omega` with :math:`\omega_a = \omega_b`, the paper's assumption).
``theta`` is an angle (``"90 degree"``, ``"1.5708 rad"`` or a plain number in radians).  The
bath occupations ``n_a``, ``n_b``, ``n_c`` are plain numbers and pass through unchanged.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import pint

from .api import ParameterError, Params, derived_rates

__all__ = [
    "CONVENTIONS",
    "RATE_PARAMETERS",
    "ANGLE_PARAMETERS",
    "OCCUPATION_PARAMETERS",
    "Dimensionless",
    "registry",
    "quantity",
    "angular_rate",
    "to_params",
    "from_params",
    "gamma",
    "time_to_physical",
    "time_to_dimensionless",
    "CIRCUIT_QED_EXAMPLE",
]

CONVENTIONS = ("ordinary", "angular")
RATE_PARAMETERS = (
    "Delta_a",
    "Delta_b",
    "Delta_c",
    "kappa_a",
    "kappa_b",
    "kappa_c",
    "g_a",
    "g_b",
    "J",
    "F",
    "omega_a",
    "omega_b",
)
ANGLE_PARAMETERS = ("theta",)
#: Bath occupations: plain numbers (mean thermal photon numbers), never converted.
OCCUPATION_PARAMETERS = ("n_a", "n_b", "n_c")

#: Illustrative circuit-QED numbers (ordinary frequencies x/2pi).  The seed's Sec. 5 lost its
#: experimental values; these are chosen so that kappa_c/g = 20 (elimination valid), the local
#: dampings are 5 % of Gamma and the drive is F = Gamma/2 (the package's ``nonreciprocal`` preset).
CIRCUIT_QED_EXAMPLE: dict[str, str] = {
    "kappa_a": "10 kHz",
    "kappa_b": "10 kHz",
    "kappa_c": "20 MHz",
    "g_a": "1 MHz",
    "g_b": "1 MHz",
    "F": "0.1 MHz",
}

# The angular rate unit used internally (pint treats rad as dimensionless).
_ANGULAR_UNIT = "1/microsecond"


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """The module's pint registry (created once)."""
    return pint.UnitRegistry()


def _check_convention(convention: str) -> None:
    if convention not in CONVENTIONS:
        raise ParameterError("convention", f"must be one of {', '.join(CONVENTIONS)}", convention)


def quantity(name: str, value) -> pint.Quantity:
    """Parse ``value`` (a string such as ``"20 MHz"``, a pint quantity or a number) with the
    registry; plain numbers become dimensionless quantities."""
    ureg = registry()
    if isinstance(value, pint.Quantity):
        try:
            return ureg.Quantity(value.magnitude, str(value.units))
        except Exception as exc:  # a unit of another registry this one does not know
            raise ParameterError(name, f"unknown unit ({exc})", str(value)) from None
    if isinstance(value, bool):
        raise ParameterError(name, "must be a quantity such as '20 MHz'", value)
    if isinstance(value, int | float):
        return ureg.Quantity(float(value), "")
    if not isinstance(value, str):
        raise ParameterError(name, "must be a string such as '20 MHz' or a pint quantity", value)
    try:
        q = ureg.Quantity(value)
    except Exception as exc:  # pint raises several error types (and AssertionError) on junk
        raise ParameterError(
            name, f"cannot parse as a quantity ({type(exc).__name__})", value
        ) from None
    if not isinstance(q, pint.Quantity):  # pragma: no cover - pint returns numbers for "3"
        q = ureg.Quantity(float(q), "")
    return q


def angular_rate(name: str, value, convention: str = "ordinary") -> float:
    r"""The angular rate in :math:`\mu s^{-1}` of a rate given with units.

    ``convention="ordinary"``: ``value`` is :math:`x/2\pi` (result :math:`2\pi` times the value in
    MHz); ``"angular"``: ``value`` is :math:`x` itself.
    """
    _check_convention(convention)
    q = quantity(name, value)
    if q.dimensionality != registry().Quantity(1, "1/s").dimensionality:
        raise ParameterError(name, "must be a rate with units of 1/time, e.g. '20 MHz'", str(q))
    v = float(q.to(_ANGULAR_UNIT).magnitude)
    if not math.isfinite(v):
        raise ParameterError(name, "must be finite", str(q))
    return 2.0 * math.pi * v if convention == "ordinary" else v


def _angle(name: str, value) -> float:
    q = quantity(name, value)
    if not q.dimensionless:
        raise ParameterError(name, "must be an angle ('90 degree', '1.57 rad' or radians)", str(q))
    return float(q.to("radian").magnitude)


@dataclass(frozen=True)
class Dimensionless:
    r"""Parameters in units of ``scale`` and the scale itself.

    Attributes:
        params: dimensionless parameters (rates divided by the scale).
        scale: the rate scale in the given convention (``ordinary``: :math:`s/2\pi` in MHz;
            ``angular``: :math:`s` in rad/us).
        convention: the frequency convention the physical values were given in.
    """

    params: Params
    scale: pint.Quantity
    convention: str

    def to_quantities(self) -> dict[str, pint.Quantity]:
        """Back to physical quantities (see :func:`from_params`)."""
        return from_params(self.params, self.scale, self.convention)

    @property
    def gamma(self) -> pint.Quantity:
        """The derived dissipative coupling in the chosen convention (MHz for ``ordinary``)."""
        return gamma(self.params, self.scale, self.convention)

    def time(self, tau: float) -> pint.Quantity:
        r"""A dimensionless time (in units of 1/scale) in microseconds."""
        return time_to_physical(tau, self.scale, self.convention)


def to_params(
    values: Mapping[str, object],
    scale="Gamma",
    *,
    convention: str = "ordinary",
    nonreciprocal: bool = False,
) -> Dimensionless:
    r"""Physical parameters -> dimensionless :class:`Params` in units of a rate scale.

    Args:
        values: name -> quantity (string parsed by pint, pint quantity; ``theta`` may be a plain
            number in radians).  Required: ``kappa_a kappa_b kappa_c g_a g_b F`` and, unless
            ``nonreciprocal``, ``J`` and ``theta``.
        scale: a rate with units in the same ``convention`` (e.g. ``"0.2 MHz"``), or ``"Gamma"``:
            the derived :math:`\Gamma` of these parameters (computed by the generated kernels).
        convention: ``"ordinary"`` (values are :math:`x/2\pi`, default) or ``"angular"``.
        nonreciprocal: fill ``J`` and ``theta`` from the derived nonreciprocity condition
            (:math:`M_{12} = 0`); refused if they are given too.

    Returns:
        :class:`Dimensionless` with the parameters and the angular scale.
    """
    _check_convention(convention)
    known = set(RATE_PARAMETERS) | set(ANGLE_PARAMETERS) | set(OCCUPATION_PARAMETERS)
    for name in values:
        if name not in known:
            raise ParameterError(name, f"unknown parameter (known: {', '.join(sorted(known))})")
    if nonreciprocal and ("J" in values or "theta" in values):
        raise ParameterError("J", "give J and theta, or nonreciprocal=True, not both")
    rates = {n: angular_rate(n, v, convention) for n, v in values.items() if n in RATE_PARAMETERS}
    for n in ("kappa_a", "kappa_b", "kappa_c", "g_a", "g_b", "F"):
        if n not in rates:
            raise ParameterError(n, "is required")
    theta = _angle("theta", values["theta"]) if "theta" in values else 0.0
    occupations = {n: _occupation(n, values[n]) for n in OCCUPATION_PARAMETERS if n in values}
    if not nonreciprocal and ("J" not in rates or "theta" not in values):
        raise ParameterError("J", "J and theta are required (or nonreciprocal=True)")

    if isinstance(scale, str) and scale == "Gamma":
        trial = _params(values, {**rates, "J": rates.get("J", 0.0), "theta": theta})
        s = derived_rates(trial)["Gamma"]
        if not s > 0:
            raise ParameterError("scale", "the derived Gamma is zero (g_a or g_b = 0)", s)
    else:
        s = angular_rate("scale", scale, convention)
        if not s > 0:
            raise ParameterError("scale", "must be a positive rate", str(scale))
    dimless = {n: v / s for n, v in rates.items()}
    params = _params(values, {**dimless, "J": dimless.get("J", 0.0), "theta": theta, **occupations})
    if nonreciprocal:
        d = derived_rates(params)
        params = params.replace(J=d["J_nonreciprocal"], theta=d["theta_nonreciprocal"])
    return Dimensionless(params, _rate_out(s, convention), convention)


def _occupation(name: str, value) -> float:
    q = quantity(name, value)
    if not q.dimensionless:
        raise ParameterError(name, "must be a plain number (a mean photon number)", str(value))
    return float(q.to("").magnitude)


def _params(given: Mapping[str, object], numbers: dict[str, float]) -> Params:
    """:class:`Params` from converted numbers; a refusal names the value as the user gave it."""
    try:
        return Params(**numbers)
    except ParameterError as exc:
        if exc.name in given:
            raise ParameterError(exc.name, exc.rule, str(given[exc.name])) from None
        raise


def _scale_value(scale, convention: str) -> float:
    s = angular_rate("scale", scale, convention)
    if not s > 0:
        raise ParameterError("scale", "must be a positive rate", str(scale))
    return s


def _rate_out(v_angular: float, convention: str) -> pint.Quantity:
    ureg = registry()
    if convention == "ordinary":
        return ureg.Quantity(v_angular / (2.0 * math.pi), "MHz")
    return ureg.Quantity(v_angular, "rad/us")


def from_params(
    params: Params, scale, convention: str = "ordinary", *, include_omega: bool = False
) -> dict[str, pint.Quantity]:
    r"""Dimensionless :class:`Params` -> physical quantities.

    Args:
        params: parameters in units of ``scale``.
        scale: the rate scale in the same convention (e.g. :attr:`Dimensionless.scale`).
        convention: ``"ordinary"``: rates returned as :math:`x/2\pi` in MHz; ``"angular"``: in
            rad/us.
        include_omega: also convert ``omega_a``, ``omega_b`` (off by default: left at 1 they mean
            "energies in units of hbar omega", not a frequency).

    Returns:
        name -> pint quantity; ``theta`` in radians.
    """
    _check_convention(convention)
    s = _scale_value(scale, convention)
    out = {}
    for n, v in params.as_dict().items():
        if n in ANGLE_PARAMETERS:
            out[n] = registry().Quantity(v, "radian")
        elif n in OCCUPATION_PARAMETERS:
            out[n] = registry().Quantity(v, "")
        elif n in ("omega_a", "omega_b") and not include_omega:
            continue
        else:
            out[n] = _rate_out(v * s, convention)
    return out


def gamma(params: Params, scale, convention: str = "ordinary") -> pint.Quantity:
    r"""The derived :math:`\Gamma` (generated kernels) as a physical rate: :math:`\Gamma/2\pi` in
    MHz for the ordinary convention."""
    _check_convention(convention)
    return _rate_out(derived_rates(params)["Gamma"] * _scale_value(scale, convention), convention)


def time_to_physical(tau: float, scale, convention: str = "ordinary") -> pint.Quantity:
    r"""Dimensionless time :math:`\tau` (units of 1/scale) -> microseconds: :math:`t = \tau/s`
    with ``s`` the *angular* scale (:math:`2\pi` times an ordinary-convention ``scale``)."""
    return registry().Quantity(float(tau) / _scale_value(scale, convention), "microsecond")


def time_to_dimensionless(t, scale, convention: str = "ordinary") -> float:
    r"""A time with units (e.g. ``"2 us"``) -> :math:`\tau = s\,t` with the angular scale ``s``."""
    q = quantity("t", t)
    if q.dimensionality != registry().Quantity(1, "s").dimensionality:
        raise ParameterError("t", "must be a time, e.g. '2 us'", str(q))
    return float(q.to("microsecond").magnitude) * _scale_value(scale, convention)
