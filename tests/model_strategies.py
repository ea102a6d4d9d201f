r"""Hypothesis strategies that draw random linear networks and write them as model files.

A drawn :class:`RandomModel` is a *structure* (which terms exist between which modes) plus
parameter defaults.  It writes itself as TOML text (what the package reads) and, for any parameter
values, as the plain numbers ``h, s, f, jumps`` of :class:`gaussian_reference.GaussianModel` (what
the reference reads).  Both are produced here from the same term list, independently of the
package: the TOML text is what a user would type, the numbers follow the conventions of
``gaussian_reference``:

=================  =====================================================  ==========================
term               model-file text                                        numbers
=================  =====================================================  ==========================
detuning           ``Delta_a*dag(a)*a``                                   ``h[a,a] += Delta_a``
hopping            ``J*(exp(I*t)*dag(a)*b + exp(-I*t)*dag(b)*a)``         ``h[a,b] += J e^{it}``
cavity coupling    ``g_a*(dag(a)*c + dag(c)*a)``                          ``h[a,c] += g_a``
drive              ``F*(exp(I*p)*dag(a) + exp(-I*p)*a)``                  ``f[a] += F e^{ip}``
two-mode squeeze   ``G*(exp(I*p)*dag(a)*dag(b) + exp(-I*p)*a*b)``         ``s[a,b] = s[b,a] += G e^{ip}``
one-mode squeeze   ``r/2*(exp(I*p)*dag(a)**2 + exp(-I*p)*a**2)``          ``s[a,a] += r e^{ip}``
decay / bath       ``kappa*(n + 1)`` on ``a``, ``kappa*n`` on ``dag(a)``   ``u = sqrt(.) e_a``, ``v``
collective decay   ``gamma`` on ``a - I*b``                               ``u = sqrt(gamma)(e_a - i e_b)``
=================  =====================================================  ==========================

Every drawn model has 1-11 kept modes (:data:`KEPT_NAMES`) and one bad cavity ``c``
(eliminated), so up to 12 modes, with :math:`\kappa_c \ge 30\,\max_x g_x`, at least one drive,
and optional hoppings (with phases), squeezing between kept modes, thermal baths and a collective
jump.  Sizes: :func:`random_models` draws mostly small networks (1-4 kept modes; Hypothesis
shrinks towards them) and about one draw in six from the large range (5-11 kept modes); in large
networks the number of hoppings grows like the number of modes, not its square.
``random_models(min_kept=..., max_kept=...)`` restricts the range.  Stability is not guaranteed by
construction (squeezing can push a mode over threshold): tests ``assume`` it with the reference.

:func:`one_way_networks` draws tuned networks with exceptional points: every pair of kept modes
coupled coherently and through the cavity (at :math:`\Delta_c = 0`), with the coherent link
:math:`J_{xy}e^{i\theta_{xy}}` set to :math:`i\Gamma_{xy}/2`, :math:`\Gamma_{xy} = 4g_xg_y/\kappa_c`
(physics notes), so that no mode acts back on an earlier one: the eliminated drift is triangular,
and two modes with equal :math:`\Lambda_x = \kappa_x + 4g_x^2/\kappa_c` (and a common detuning)
sit on an exceptional point (:func:`one_way_ep_values` gives the decay rate that puts them there).

The package side: :func:`load_text` loads a model text once per folder and process,
:func:`trace_errors` measures a trace or steady state (and, when given, the package's
:class:`~nrqb_sym.runtime.model.Moments`) against the reference.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from gaussian_reference import (
    GaussianModel,
    Moments,
    ProductState,
    QuadratureSystem,
    eliminate,
    joint_ergotropy,
    mode_ergotropy,
    quadrature_system,
)
from hypothesis import strategies as st

__all__ = [
    "Term",
    "Channel",
    "Sampler",
    "RandomModel",
    "random_models",
    "parameter_values",
    "product_states",
    "reference_state",
    "stable",
    "load_text",
    "moment_reference",
    "trace_errors",
    "moments_errors",
    "model_sizes",
    "one_way_networks",
    "one_way_values",
    "one_way_ep_values",
    "KEPT_NAMES",
    "SMALL_MAX",
]

#: names of the kept modes, in order (single letters; ``c`` is the cavity)
KEPT_NAMES = ("a", "b", "d", "e", "f", "g", "h", "k", "m", "p", "q")
#: the largest "small" network (kept modes); larger ones are drawn about once in six
SMALL_MAX = 4
FAST = "c"
#: smallest kappa_c / max(g) drawn (the elimination is then meaningful)
MIN_RATIO = 30.0
MAX_RATIO = 80.0


@dataclass(frozen=True)
class Term:
    """One Hermitian Hamiltonian term: ``kind`` in detuning, hop, drive, tms, sms; its modes and
    parameter names (``phase`` may be ``None``: then the coupling is real and written without
    ``exp``)."""

    kind: str
    modes: tuple[str, ...]
    strength: str
    phase: str | None = None
    square: bool = False  # write dag(x)**2 instead of dag(x)*dag(x)

    def text(self) -> str:
        m, g, p = self.modes, self.strength, self.phase
        if self.kind == "detuning":
            return f"{g}*dag({m[0]})*{m[0]}"
        if self.kind == "hop":
            x, y = m
            if p is None:
                return f"{g}*(dag({x})*{y} + dag({y})*{x})"
            return f"{g}*(exp(I*{p})*dag({x})*{y} + exp(-I*{p})*dag({y})*{x})"
        if self.kind == "drive":
            x = m[0]
            if p is None:
                return f"{g}*({x} + dag({x}))"
            return f"{g}*(exp(I*{p})*dag({x}) + exp(-I*{p})*{x})"
        if self.kind == "tms":
            x, y = m
            if p is None:
                return f"{g}*({x}*{y} + dag({x})*dag({y}))"
            return f"{g}*(exp(I*{p})*dag({x})*dag({y}) + exp(-I*{p})*{x}*{y})"
        if self.kind == "sms":
            x = m[0]
            cc, aa = (
                (f"dag({x})**2", f"{x}**2") if self.square else (f"dag({x})*dag({x})", f"{x}*{x}")
            )
            if p is None:
                return f"{g}/2*({cc} + {aa})"
            return f"{g}/2*(exp(I*{p})*{cc} + exp(-I*{p})*{aa})"
        raise ValueError(self.kind)

    def add_to(self, v: Mapping[str, float], idx: dict[str, int], h, s, f) -> None:
        g = v[self.strength]
        e = np.exp(1j * v[self.phase]) if self.phase is not None else 1.0
        i = idx[self.modes[0]]
        if self.kind == "detuning":
            h[i, i] += g
        elif self.kind == "hop":
            j = idx[self.modes[1]]
            h[i, j] += g * e
            h[j, i] += g * np.conj(e)
        elif self.kind == "drive":
            f[i] += g * e
        elif self.kind == "tms":
            j = idx[self.modes[1]]
            s[i, j] += g * e
            s[j, i] += g * e
        elif self.kind == "sms":
            s[i, i] += g * e


#: collective jump operators: text and the coefficient of the second mode
COLLECTIVE = {"+": 1.0, "-": -1.0, "+ I*": 1j, "- I*": -1j}


@dataclass(frozen=True)
class Channel:
    """Dissipators: ``decay`` (``kappa D[x]``, or a thermal bath with occupation ``n``) or
    ``collective`` (``gamma D[x <op> y]``)."""

    kind: str
    modes: tuple[str, ...]
    rate: str
    occupation: str | None = None
    op: str = "+"

    def entries(self) -> list[tuple[str, str]]:
        """``(rate text, operator text)`` of each ``[[dissipators]]`` table."""
        if self.kind == "decay":
            x = self.modes[0]
            if self.occupation is None:
                return [(self.rate, x)]
            n = self.occupation
            return [(f"{self.rate}*({n} + 1)", x), (f"{self.rate}*{n}", f"dag({x})")]
        x, y = self.modes
        return [(self.rate, f"{x} {self.op}{y}")]

    def jumps(self, v: Mapping[str, float], idx: dict[str, int], n: int) -> list:
        zero = np.zeros(n, dtype=complex)
        i = idx[self.modes[0]]
        if self.kind == "decay":
            k = v[self.rate]
            e = np.eye(n, dtype=complex)[i]
            if self.occupation is None:
                return [(math.sqrt(k) * e, zero)]
            nn = v[self.occupation]
            return [(math.sqrt(k * (nn + 1)) * e, zero), (zero, math.sqrt(k * nn) * e)]
        j = idx[self.modes[1]]
        u = zero.copy()
        u[i] = 1.0
        u[j] = COLLECTIVE[self.op]
        return [(math.sqrt(v[self.rate]) * u, zero)]


@dataclass(frozen=True)
class Sampler:
    """How to draw a parameter: ``uniform`` in ``[lo, hi]``, or ``ratio`` (``lo..hi`` times the
    largest of the ``ref`` parameters, for kappa_c), or ``fraction`` (``lo..hi`` times ``ref[0]``,
    for Delta_c), or, drawing nothing, ``one_way`` (``J = 2 g_x g_y / kappa_c`` from
    ``ref = (g_x, g_y, kappa_c)``) or ``constant`` (the value ``lo``)."""

    kind: str
    lo: float
    hi: float
    ref: tuple[str, ...] = ()


@dataclass(frozen=True)
class RandomModel:
    """A drawn network: structure, parameter declarations and defaults.

    Attributes:
        modes: all modes in matrix (file) order.
        eliminate: the eliminated modes (``("c",)``).
        kinds: parameter name -> kind, in declaration order (kappa_c after the g's).
        samplers: parameter name -> :class:`Sampler`.
        defaults: parameter name -> default value (written to the file for those in ``with_default``).
        with_default: parameters declared as a table with a default.
        terms, channels: the Hamiltonian and the dissipators.
        energies: mode -> frequency parameter.
    """

    modes: tuple[str, ...]
    eliminate: tuple[str, ...]
    kinds: dict[str, str]
    samplers: dict[str, Sampler]
    defaults: dict[str, float]
    with_default: frozenset[str]
    terms: tuple[Term, ...]
    channels: tuple[Channel, ...]
    energies: dict[str, str] = field(default_factory=dict)
    name: str = "random_network"

    @property
    def kept(self) -> tuple[str, ...]:
        return tuple(m for m in self.modes if m not in self.eliminate)

    def toml(self) -> str:
        """The model file, as a user would write it."""

        def q(items):
            return "[" + ", ".join(f'"{x}"' for x in items) + "]"

        lines = [
            f'name = "{self.name}"',
            f'description = "random network: {len(self.kept)} kept mode(s) and a bad cavity"',
            f"modes = {q(self.modes)}",
            f"eliminate = {q(self.eliminate)}",
            'hamiltonian = "' + " + ".join(t.text() for t in self.terms) + '"',
            "",
            "[parameters]",
        ]
        for p, kind in self.kinds.items():
            if p in self.with_default:
                lines.append(f'{p} = {{ kind = "{kind}", default = {self.defaults[p]!r} }}')
            else:
                lines.append(f'{p} = "{kind}"')
        if self.energies:
            lines += ["", "[energies]"] + [f'{m} = "{w}"' for m, w in self.energies.items()]
        for ch in self.channels:
            for rate, op in ch.entries():
                lines += ["", "[[dissipators]]", f'rate = "{rate}"', f'operator = "{op}"']
        return "\n".join(lines) + "\n"

    def numeric(self, values: Mapping[str, float]) -> GaussianModel:
        """The reference's numbers at these parameter values."""
        n = len(self.modes)
        idx = {m: i for i, m in enumerate(self.modes)}
        h = np.zeros((n, n), dtype=complex)
        s = np.zeros((n, n), dtype=complex)
        f = np.zeros(n, dtype=complex)
        for t in self.terms:
            t.add_to(values, idx, h, s, f)
        jumps = []
        for ch in self.channels:
            jumps += ch.jumps(values, idx, n)
        return GaussianModel(self.modes, h, s, f, tuple(jumps))

    def system(self, values: Mapping[str, float]) -> QuadratureSystem:
        """Full quadrature system, with the mode frequencies attached."""
        sys_ = quadrature_system(self.numeric(values))
        omega = {m: float(values[w]) for m, w in self.energies.items()}
        return QuadratureSystem(sys_.modes, sys_.A, sys_.c, sys_.D, omega)

    def effective(self, values: Mapping[str, float]) -> QuadratureSystem:
        """Numerically eliminated quadrature system of the kept modes."""
        full = self.system(values)
        eff = eliminate(full, self.eliminate)
        omega = {m: w for m, w in full.omega.items() if m in eff.modes}
        return QuadratureSystem(eff.modes, eff.A, eff.c, eff.D, omega)


def _draw_value(draw, sampler: Sampler, values: Mapping[str, float]) -> float:
    if sampler.kind == "one_way":
        gx, gy, kc = (values[r] for r in sampler.ref)
        return 2.0 * gx * gy / kc
    if sampler.kind == "constant":
        return sampler.lo
    u = draw(st.floats(sampler.lo, sampler.hi, allow_nan=False, allow_infinity=False))
    if sampler.kind == "uniform":
        return u
    if sampler.kind == "ratio":
        return u * max(values[r] for r in sampler.ref)
    if sampler.kind == "fraction":
        return u * values[sampler.ref[0]]
    raise ValueError(sampler.kind)


def _draw_all(draw, samplers: Mapping[str, Sampler]) -> dict[str, float]:
    values: dict[str, float] = {}
    for p, smp in samplers.items():  # samplers are ordered so references come first
        values[p] = _draw_value(draw, smp, values)
    return values


@st.composite
def model_sizes(draw, min_kept: int = 1, max_kept: int = len(KEPT_NAMES)) -> int:
    """A number of kept modes in ``[min_kept, max_kept]``: mostly small (up to
    :data:`SMALL_MAX`; Hypothesis shrinks towards ``min_kept``), about one draw in six large."""
    assert 1 <= min_kept <= max_kept <= len(KEPT_NAMES), (min_kept, max_kept)
    if min_kept > SMALL_MAX or max_kept <= SMALL_MAX:
        return draw(st.integers(min_kept, max_kept))
    if draw(st.integers(0, 5)) == 5:
        return draw(st.integers(SMALL_MAX + 1, max_kept))
    return draw(st.integers(min_kept, SMALL_MAX))


@st.composite
def random_models(
    draw, min_kept: int = 1, max_kept: int = len(KEPT_NAMES), name: str = "random_network"
) -> RandomModel:
    """A random network (module docstring) with drawn defaults: ``min_kept..max_kept`` kept
    modes (:func:`model_sizes`) plus the bad cavity ``c``."""
    nk = draw(model_sizes(min_kept, max_kept))
    kept = list(KEPT_NAMES[:nk])
    modes = list(kept)
    modes.insert(draw(st.integers(0, nk)), FAST)
    kinds: dict[str, str] = {}
    samplers: dict[str, Sampler] = {}
    terms: list[Term] = []
    channels: list[Channel] = []
    energies: dict[str, str] = {}

    def declare(name: str, kind: str, sampler: Sampler) -> str:
        kinds[name] = kind
        samplers[name] = sampler
        return name

    boolean = st.booleans()
    # kept modes: detuning, decay (optionally thermal), cavity coupling, energy
    g_names = []
    for x in kept:
        if draw(st.integers(0, 4)) > 0:
            terms.append(
                Term("detuning", (x,), declare(f"Delta_{x}", "real", Sampler("uniform", -1, 1)))
            )
        kap = declare(f"kappa_{x}", "positive", Sampler("uniform", 0.05, 1.0))
        nth = None
        if draw(st.integers(0, 3)) == 0:
            nth = declare(f"n_{x}", "nonnegative", Sampler("uniform", 0.0, 1.0))
        channels.append(Channel("decay", (x,), kap, nth))
        if draw(st.integers(0, 3)) > 0 or not g_names:
            g = declare(f"g_{x}", "positive", Sampler("uniform", 0.2, 1.0))
            g_names.append(g)
            terms.append(Term("hop", (x, FAST), g))
        if draw(boolean):
            energies[x] = declare(f"omega_{x}", "positive", Sampler("uniform", 0.5, 2.0))
    # the bad cavity
    kc = declare("kappa_c", "positive", Sampler("ratio", MIN_RATIO, MAX_RATIO, tuple(g_names)))
    if draw(boolean):
        terms.append(
            Term(
                "detuning",
                (FAST,),
                declare("Delta_c", "real", Sampler("fraction", -0.2, 0.2, (kc,))),
            )
        )
    nth_c = None
    if draw(st.integers(0, 4)) == 0:
        nth_c = declare("n_c", "nonnegative", Sampler("uniform", 0.0, 0.5))
    channels.append(Channel("decay", (FAST,), kc, nth_c))
    # hoppings between kept modes, with or without phase: each pair with probability
    # 1/2 in small networks, about 2/(nk + 1) in large ones (O(nk) hoppings)
    top = 1 if nk <= SMALL_MAX else nk
    for i, x in enumerate(kept):
        for y in kept[i + 1 :]:
            if draw(st.integers(0, top)) < 1 + (nk > SMALL_MAX):
                J = declare(f"J_{x}{y}", "nonnegative", Sampler("uniform", 0.0, 1.0))
                ph = None
                if draw(st.integers(0, 3)) > 0:
                    ph = declare(f"theta_{x}{y}", "real", Sampler("uniform", -math.pi, math.pi))
                terms.append(Term("hop", (x, y), J, ph))
    # drives: at least one
    driven = [x for x in kept if draw(boolean)] or [kept[draw(st.integers(0, nk - 1))]]
    for x in driven:
        F = declare(f"F_{x}", "positive", Sampler("uniform", 0.05, 1.0))
        ph = None
        if draw(boolean):
            ph = declare(f"phi_{x}", "real", Sampler("uniform", -math.pi, math.pi))
        terms.append(Term("drive", (x,), F, ph))
    # optional squeezing between kept modes (small: stability is assumed by the tests)
    squeeze = draw(st.sampled_from(["none", "none", "two", "one"]))
    if squeeze == "two" and nk >= 2:
        i, j = sorted(draw(st.lists(st.integers(0, nk - 1), min_size=2, max_size=2, unique=True)))
        x, y = kept[i], kept[j]
        G = declare(f"G_{x}{y}", "nonnegative", Sampler("uniform", 0.0, 0.2))
        ph = None
        if draw(boolean):
            ph = declare(f"chi_{x}{y}", "real", Sampler("uniform", -math.pi, math.pi))
        terms.append(Term("tms", (x, y), G, ph))
    elif squeeze in ("one", "two"):
        x = kept[draw(st.integers(0, nk - 1))]
        r = declare(f"r_{x}", "nonnegative", Sampler("uniform", 0.0, 0.2))
        ph = None
        if draw(boolean):
            ph = declare(f"chi_{x}", "real", Sampler("uniform", -math.pi, math.pi))
        terms.append(Term("sms", (x,), r, ph, square=draw(boolean)))
    # optional collective jump between two kept modes
    if nk >= 2 and draw(st.integers(0, 3)) == 0:
        i, j = sorted(draw(st.lists(st.integers(0, nk - 1), min_size=2, max_size=2, unique=True)))
        x, y = kept[i], kept[j]
        gam = declare(f"gamma_{x}{y}", "positive", Sampler("uniform", 0.02, 0.3))
        channels.append(
            Channel("collective", (x, y), gam, op=draw(st.sampled_from(list(COLLECTIVE))))
        )

    defaults = _draw_all(draw, samplers)
    with_default = frozenset(p for p in kinds if draw(st.integers(0, 4)) > 0)
    return RandomModel(
        modes=tuple(modes),
        eliminate=(FAST,),
        kinds=kinds,
        samplers=samplers,
        defaults=defaults,
        with_default=with_default,
        terms=tuple(terms),
        channels=tuple(channels),
        energies=energies,
        name=name,
    )


@st.composite
def one_way_networks(
    draw, min_kept: int = 2, max_kept: int = 5, name: str = "one_way_network"
) -> RandomModel:
    """A tuned one-way network (module docstring): kept modes ``x_1..x_n`` with a common
    detuning ``Delta``, decays ``kappa_x`` (optionally thermal), couplings ``g_x`` to the cavity
    ``c`` (resonant, ``kappa_c >= 30 max g``), a coherent link ``J_xy e^{i theta_xy}`` for every
    pair with the defaults ``J_xy = 2 g_x g_y/kappa_c``, ``theta_xy = pi/2`` (so ``x_j`` does not
    act back on ``x_i`` for ``i < j``), drives, energies; no squeezing."""
    nk = draw(st.integers(min_kept, max_kept))
    kept = list(KEPT_NAMES[:nk])
    modes = list(kept)
    modes.insert(draw(st.integers(0, nk)), FAST)
    kinds: dict[str, str] = {}
    samplers: dict[str, Sampler] = {}
    terms: list[Term] = []
    channels: list[Channel] = []
    energies: dict[str, str] = {}

    def declare(name: str, kind: str, sampler: Sampler) -> str:
        kinds[name] = kind
        samplers[name] = sampler
        return name

    delta = declare("Delta", "real", Sampler("uniform", -1.0, 1.0))
    g_names = []
    for x in kept:
        terms.append(Term("detuning", (x,), delta))
        kap = declare(f"kappa_{x}", "positive", Sampler("uniform", 0.05, 1.0))
        nth = None
        if draw(st.integers(0, 3)) == 0:
            nth = declare(f"n_{x}", "nonnegative", Sampler("uniform", 0.0, 1.0))
        channels.append(Channel("decay", (x,), kap, nth))
        g = declare(f"g_{x}", "positive", Sampler("uniform", 0.3, 1.0))
        g_names.append(g)
        terms.append(Term("hop", (x, FAST), g))
        if draw(st.integers(0, 3)) > 0:
            energies[x] = declare(f"omega_{x}", "positive", Sampler("uniform", 0.5, 2.0))
    kc = declare("kappa_c", "positive", Sampler("ratio", MIN_RATIO, MAX_RATIO, tuple(g_names)))
    channels.append(Channel("decay", (FAST,), kc))
    for i, x in enumerate(kept):
        for y in kept[i + 1 :]:
            J = declare(
                f"J_{x}{y}", "nonnegative", Sampler("one_way", 0, 0, (f"g_{x}", f"g_{y}", kc))
            )
            th = declare(f"theta_{x}{y}", "real", Sampler("constant", math.pi / 2, math.pi / 2))
            terms.append(Term("hop", (x, y), J, th))
    driven = [x for x in kept if draw(st.booleans())] or [kept[0]]
    for x in driven:
        F = declare(f"F_{x}", "positive", Sampler("uniform", 0.05, 1.0))
        terms.append(Term("drive", (x,), F))
    defaults = _draw_all(draw, samplers)
    return RandomModel(
        modes=tuple(modes),
        eliminate=(FAST,),
        kinds=kinds,
        samplers=samplers,
        defaults=defaults,
        with_default=frozenset(kinds),
        terms=tuple(terms),
        channels=tuple(channels),
        energies=energies,
        name=name,
    )


def one_way_values(model: RandomModel, values: Mapping[str, float]) -> dict[str, float]:
    """``values`` with every link of a :func:`one_way_networks` model re-tuned to one-way
    (``J_xy = 2 g_x g_y/kappa_c``, ``theta_xy = pi/2``) for the values' ``g`` and ``kappa_c``."""
    out = dict(values)
    for p, smp in model.samplers.items():
        if smp.kind == "one_way":
            gx, gy, kc = (out[r] for r in smp.ref)
            out[p] = 2.0 * gx * gy / kc
        elif smp.kind == "constant":
            out[p] = smp.lo
    return out


def one_way_ep_values(model: RandomModel, values: Mapping[str, float], mode: str) -> list[float]:
    r"""The values of ``kappa_<mode>`` (> 0) at which ``mode`` and another kept mode ``x`` of a
    one-way network have equal :math:`\Lambda = \kappa + 4g^2/\kappa_c`: the eliminated drift is
    triangular with diagonal :math:`-i\Delta - \Lambda_x/2`, so these are its exceptional
    points in ``kappa_<mode>`` (closed form, from the physics notes)."""
    kc = values["kappa_c"]
    lam = {x: values[f"kappa_{x}"] + 4 * values[f"g_{x}"] ** 2 / kc for x in model.kept}
    shift = 4 * values[f"g_{mode}"] ** 2 / kc
    return sorted(lam[x] - shift for x in model.kept if x != mode and lam[x] - shift > 0)


@st.composite
def parameter_values(draw, model: RandomModel) -> dict[str, float]:
    """New values for every parameter of ``model``, from the same ranges as its defaults."""
    return _draw_all(draw, model.samplers)


@st.composite
def product_states(draw, modes: tuple[str, ...], squeeze: bool = True) -> dict[str, dict]:
    """A random product start: mode -> ``{"alpha", "n", "r", "phi"}`` (displaced squeezed
    thermal state, the runtime's ``initial`` format)."""
    amp = st.floats(-0.5, 0.5, allow_nan=False)
    out = {}
    for m in modes:
        state = {"alpha": complex(draw(amp), draw(amp)), "n": draw(st.floats(0.0, 0.5))}
        if squeeze and draw(st.booleans()):
            state["r"] = draw(st.floats(0.0, 0.4))
            state["phi"] = draw(st.floats(-math.pi, math.pi))
        out[m] = state
    return out


def reference_state(initial: Mapping[str, Mapping] | None, modes: tuple[str, ...]) -> ProductState:
    """The reference's :class:`ProductState` of a runtime-style ``initial`` mapping."""
    initial = initial or {}

    def get(key: str, default):
        return np.array([initial.get(m, {}).get(key, default) for m in modes])

    return ProductState(get("alpha", 0j), get("n", 0.0), get("r", 0.0), get("phi", 0.0))


def stable(model: RandomModel, values: Mapping[str, float], margin: float = 1e-2) -> bool:
    """Both the full and the eliminated drift are stable with ``margin`` (units of the rates)."""
    return (
        model.system(values).stability_margin() > margin
        and model.effective(values).stability_margin() > margin
    )


# ------------------------------------------------------------- the package against the reference
_COMPILED: dict[str, object] = {}


def load_text(text: str, folder: Path):
    """``nrqb_sym.load_model`` of a model file holding ``text``, written to ``folder`` under a
    name derived from its hash: the same text is derived and compiled once per folder (and once
    per process)."""
    from nrqb_sym import load_model

    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    if digest not in _COMPILED:
        Path(folder).mkdir(parents=True, exist_ok=True)
        path = Path(folder) / f"model_{digest}.toml"
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
        _COMPILED[digest] = load_model(path)
    return _COMPILED[digest]


def _parse_moment(name: str, modes: tuple[str, ...]) -> list[tuple[str, bool]]:
    """``"<a'b>"`` -> ``[("a", True), ("b", False)]`` (mode names matched longest first)."""
    inner = name[1:-1]
    out: list[tuple[str, bool]] = []
    by_length = sorted(modes, key=len, reverse=True)
    while inner:
        m = next((m for m in by_length if inner.startswith(m)), None)
        assert m is not None, f"cannot read moment {name!r}"
        inner = inner[len(m) :]
        dag = inner.startswith("'")
        inner = inner[1:] if dag else inner
        out.append((m, dag))
    assert 1 <= len(out) <= 2, name
    return out


def moment_reference(name: str, mo: Moments) -> np.ndarray:
    """The reference value of a runtime moment name along ``mo``'s times."""
    ops = _parse_moment(name, mo.modes)
    amp = mo.amplitudes
    if len(ops) == 1:
        m, dag = ops[0]
        i = mo.modes.index(m)
        return amp[:, i].conj() if dag else amp[:, i]
    (x, dx), (y, dy) = ops
    i, j = mo.modes.index(x), mo.modes.index(y)
    if dx and not dy:
        return mo.normal()[:, i, j]
    if not dx and not dy:
        return mo.anomalous()[:, i, j]
    if dx and dy:
        return mo.anomalous()[:, i, j].conj()
    return mo.normal()[:, j, i] + (1.0 if i == j else 0.0)  # <x y'> = <y'x> + [x, y']


def _group_errors(
    pairs: dict[str, tuple[np.ndarray, np.ndarray]], floor: float, top: float | None = None
) -> float:
    """Largest of ``max|got - want| / max(max|want|, floor * top)``, ``top`` the largest value
    in the group unless given."""
    if not pairs:
        return 0.0
    if top is None:
        top = max(float(np.max(np.abs(w))) for _, w in pairs.values())
    worst = 0.0
    for key, (got, want) in pairs.items():
        got, want = np.asarray(got), np.asarray(want)
        assert got.shape == want.shape, (key, got.shape, want.shape)
        assert np.all(np.isfinite(got)), f"{key}: non-finite values"
        scale = max(float(np.max(np.abs(want))), floor * top, 1e-300)
        worst = max(worst, float(np.max(np.abs(got - want))) / scale)
    return worst


def _reference_matrix(mo: Moments) -> np.ndarray:
    """(T, 2N, 2N) ``<A_k A_l>`` over ``A = (x, x')``, normal ordered, from the reference."""
    n = mo.n
    normal, anom = mo.normal(), mo.anomalous()
    R = np.empty((mo.t.size, 2 * n, 2 * n), dtype=complex)
    R[:, :n, :n] = anom
    R[:, n:, :n] = normal
    R[:, :n, n:] = np.transpose(normal, (0, 2, 1))
    R[:, n:, n:] = anom.conj()
    return R


def moments_errors(moments, mo: Moments, floor: float = 1e-6, named: int = 4) -> dict:
    """Relative errors of the package's :class:`~nrqb_sym.runtime.model.Moments` (from
    ``CompiledModel.moments``) against the reference moments at the same times, by group:
    ``mean`` (every ``<x>``), ``covariance`` (every entry of ``W = V - I/2``, on the scale of the
    largest second moment), ``moments``
    (every normal-ordered second moment ``<A_k A_l>``, from ``Moments.normal()`` plus the means)
    and ``named`` (``Moments.value`` of ``<x>``, ``<x'>``, ``<x'y>``, ``<xy>``, ``<x'y'>`` for
    the first ``named`` modes against :func:`moment_reference`)."""
    assert tuple(moments.modes) == tuple(mo.modes), (moments.modes, mo.modes)
    assert np.array_equal(moments.t, mo.t)
    n = mo.n
    mean = {m: (moments.mean[:, i], mo.amplitudes[:, i]) for i, m in enumerate(mo.modes)}
    cov = {
        (i, j): (moments.covariance[:, i, j], mo.W[:, i, j])
        for i in range(2 * n)
        for j in range(2 * n)
    }
    mu = np.concatenate([moments.mean, moments.mean.conj()], axis=1)
    got = moments.normal() + mu[:, :, None] * mu[:, None, :]
    want = _reference_matrix(mo)
    second = {(i, j): (got[:, i, j], want[:, i, j]) for i in range(2 * n) for j in range(2 * n)}
    # fluctuations are measured against the largest second moment (means included): W may
    # vanish (a coherent state) where the reference holds rounding noise
    top = float(np.max(np.abs(want)))
    names = []
    first = mo.modes[:named]
    for x in first:
        names += [f"<{x}>", f"<{x}'>"]
        for y in first:
            names += [f"<{x}'{y}>", f"<{x}{y}>", f"<{x}'{y}'>"]
    by_name = {nm: (moments.value(nm), moment_reference(nm, mo)) for nm in names}
    return {
        "mean": _group_errors(mean, floor),
        "covariance": _group_errors(cov, floor, top),
        "moments": _group_errors(second, floor),
        "named": _group_errors(by_name, floor),
    }


def trace_errors(
    trace, mo: Moments, omega: Mapping[str, float], floor: float = 1e-6, moments=None
) -> dict:
    """Relative errors of a runtime trace (or steady state) against the reference moments, by
    group: amplitude, occupation, energy, power (traces only), ergotropy (the single-mode
    Gaussian ergotropy of every mode the trace holds one for, and the joint ergotropy of every
    group of modes it holds, against :func:`gaussian_reference.mode_ergotropy` /
    :func:`gaussian_reference.joint_ergotropy`), and, when ``moments`` (the package's
    ``CompiledModel.moments`` at the same times) is given, the groups of :func:`moments_errors`.
    Each quantity is measured relative to its own largest value along the trace (or, when that
    is below ``floor`` times the largest of its group, to that)."""
    modes = mo.modes
    steady_state = not hasattr(trace, "t")
    assert set(trace.amplitude) == set(modes), (set(trace.amplitude), modes)

    def arr(x):
        return np.atleast_1d(np.asarray(x))

    amp = {m: (arr(trace.amplitude[m]), mo.mode(m)["amplitude"]) for m in modes}
    occ = {m: (arr(trace.occupation[m]), mo.mode(m)["occupation"]) for m in modes}
    assert set(trace.energy) == set(omega), (set(trace.energy), set(omega))
    energy = {m: (arr(trace.energy[m]), w * mo.mode(m)["occupation"]) for m, w in omega.items()}
    out = {
        "amplitude": _group_errors(amp, floor),
        "occupation": _group_errors(occ, floor),
        "energy": _group_errors(energy, floor),
    }
    if not steady_state:
        power = {
            m: (arr(trace.power[m]), w * mo.mode(m)["occupation_rate"]) for m, w in omega.items()
        }
        out["power"] = _group_errors(power, floor)
        assert np.array_equal(trace.t, mo.t)
    erg = {}
    for key, v in getattr(trace, "ergotropy", {}).items():
        if isinstance(key, str):
            erg[key] = (arr(v), mode_ergotropy(mo, key, omega[key]))
        else:
            erg[key] = (arr(v), joint_ergotropy(mo, key, [omega[m] for m in key]))
    if erg:
        out["ergotropy"] = _group_errors(erg, floor)
    legacy = getattr(trace, "moments", None)  # traces of the previous API carried them
    if isinstance(legacy, Mapping):
        pairs = {nm: (arr(v), moment_reference(nm, mo)) for nm, v in legacy.items()}
        out["moments"] = _group_errors(pairs, floor)
    if moments is not None:
        out.update(moments_errors(moments, mo, floor))
    return out
