r"""Maps: one reduced observable over a plane of two parameters, with the derived curves on it.

:func:`compute_map` runs a reduced :func:`~nrqb_sym.runtime.sweep.sweep` over the grid of two
axes and adds, where they cross the plotted plane,

* the **nonreciprocity** set :math:`M_{12} = 0`, from the derived solution
  :math:`(J, \theta) = (J_{nr}, \theta_{nr})` (stage 4, the ``effective_rates`` kernel): the zero
  contours of :math:`J - J_{nr}` and :math:`\sin(\theta - \theta_{nr})` (with
  :math:`\cos(\theta - \theta_{nr}) > 0`) on a fine grid of the plane, both residuals evaluated
  by the kernel; when one of them vanishes identically on the plane the set is the other's
  contour, when both do the whole plane is nonreciprocal, else it is the points where the two
  contours meet;
* the **exceptional points** :math:`D = 0`, from the derived EP polynomials (stage 6, the
  ``exceptional_points`` kernels): along finely sampled values of one axis the polynomial in
  the other axis' parameter is solved (roots followed from sample to sample by assignment);
  real roots (for ``theta``: roots on the unit circle) trace curves, and a root whose
  imaginary part changes sign between samples is refined by bisection to an isolated EP.
  Both axes are solved for when they can be; candidates are kept when admissible and when
  :math:`D \approx 0` with :math:`M` not diagonal there (as :func:`exceptional_points`).

Neither is found by searching the map itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..model.core import PARAMETER_NAMES, latex_name
from .simulation import ParameterError, Params, derived_rates
from .sweep import point_parameters, rates_rows, sweep

__all__ = ["Curves", "MapData", "compute_map", "nonreciprocity_curves", "ep_curves", "AXIS_LABELS"]

_COL = {n: i for i, n in enumerate(PARAMETER_NAMES)}
#: Axes measured in units of Gamma on a map (rates, detunings, couplings, the drive).
RATE_AXES = (
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
    "detuning",
)
#: LaTeX names of the axes: the parameters' spellings declared in ``nrqb.toml``, and the derived
#: axes.
AXIS_LABELS = {
    **{n: latex_name(n) for n in PARAMETER_NAMES},
    "r": r"r = \kappa_b/\kappa_a",
    "detuning": r"\delta",
}
_NONNEGATIVE = ("kappa_a", "kappa_b", "kappa_c", "g_a", "g_b", "J")
#: Fine sampling of the plane for the curves.
CURVE_SAMPLES = 401
_EP_TOL = 1e-7
#: Real-root runs shorter than this many samples are reported as one isolated EP.
MIN_LINE = 6


@dataclass(frozen=True)
class Curves:
    """A derived set drawn on a map.

    Attributes:
        lines: polylines, each an ``(k, 2)`` array of ``(x, y)`` (axis values).
        points: ``(k, 2)`` isolated points.
        everywhere: the condition holds on the whole plotted plane.
        note: what was done (e.g. which axes were solved for), for captions.
    """

    lines: list[np.ndarray] = field(default_factory=list)
    points: np.ndarray = field(default_factory=lambda: np.empty((0, 2)))
    everywhere: bool = False
    note: str = ""

    def packed(self) -> np.ndarray:
        """Lines as one ``(k, 2)`` array, ``nan`` rows between lines."""
        parts = []
        for line in self.lines:
            parts += [line, np.full((1, 2), np.nan)]
        return np.concatenate(parts) if parts else np.empty((0, 2))

    def as_json(self) -> dict:
        return {
            "lines": [line.tolist() for line in self.lines],
            "points": self.points.tolist(),
            "everywhere": self.everywhere,
            "note": self.note,
        }


@dataclass(frozen=True)
class MapData:
    """Result of :func:`compute_map`: ``values[i, j]`` at ``x[i]``, ``y[j]``."""

    x_name: str
    x: np.ndarray
    y_name: str
    y: np.ndarray
    values: np.ndarray
    observable: str
    reduce: str
    t: np.ndarray
    params: Params
    hold: str
    Gamma: float
    nonreciprocal: Curves
    exceptional: Curves
    log: tuple[bool, bool] = (False, False)


def _samples(values: np.ndarray, log: bool, n: int = CURVE_SAMPLES) -> np.ndarray:
    lo, hi = float(np.min(values)), float(np.max(values))
    if hi == lo:
        return np.array([lo])
    if log and lo > 0:
        return np.geomspace(lo, hi, n)
    return np.linspace(lo, hi, n)


def _rows(params: Params, hold: str, **coords) -> np.ndarray:
    """Parameter vectors at paired coordinates (``name=array`` of equal lengths)."""
    count = len(next(iter(coords.values())))
    return point_parameters(params.array(), coords, hold, count)


# ------------------------------------------------------------------------ nonreciprocity
def _contour_lines(X, Y, Z) -> list[np.ndarray]:
    import contourpy

    if not (np.nanmin(Z) <= 0 <= np.nanmax(Z)):
        return []
    gen = contourpy.contour_generator(x=X, y=Y, z=Z, line_type="Separate")
    return [np.asarray(line) for line in gen.lines(0.0) if len(line) >= 2]


def nonreciprocity_curves(
    params: Params,
    x: tuple[str, np.ndarray],
    y: tuple[str, np.ndarray],
    hold: str = "kappa_a",
    log: tuple[bool, bool] = (False, False),
) -> Curves:
    r"""Where :math:`J = J_{nr}` and :math:`\theta = \theta_{nr}` (mod :math:`2\pi`) on the plane
    (module docstring); ``x``, ``y`` = ``(axis name, values)``."""
    xs = _samples(x[1], log[0])
    ys = _samples(y[1], log[1])
    X, Y = np.meshgrid(xs, ys, indexing="xy")  # (ny, nx)
    P = _rows(params, hold, **{x[0]: X.ravel(), y[0]: Y.ravel()})
    rates = rates_rows(P)
    J, theta = P[:, _COL["J"]], P[:, _COL["theta"]]
    r1 = J - rates["J_nonreciprocal"]
    dth = theta - rates["theta_nonreciprocal"]
    scale = np.maximum(np.maximum(np.abs(J), np.abs(rates["J_nonreciprocal"])), 1e-300)
    zero1 = bool(np.all(np.abs(r1) <= 1e-9 * scale))
    zero2 = bool(np.all((np.abs(np.sin(dth)) <= 1e-9) & (np.cos(dth) > 0)))
    if zero1 and zero2:
        return Curves(everywhere=True, note="M12 = 0 on the whole plane")
    shape = X.shape
    if zero2:
        lines = _contour_lines(X, Y, r1.reshape(shape))
        return Curves(lines=lines, note="J = J_nr (theta = theta_nr on the whole plane)")
    if zero1:
        lines = _contour_lines(X, Y, np.sin(dth).reshape(shape))
        lines = _keep(lines, lambda pts: _cos_theta(params, hold, x[0], y[0], pts) > 0)
        return Curves(lines=lines, note="theta = theta_nr (J = J_nr on the whole plane)")
    # both vary: the points of the J contour where theta matches too
    points = []
    for line in _contour_lines(X, Y, r1.reshape(shape)):
        Pl = _rows(params, hold, **{x[0]: line[:, 0], y[0]: line[:, 1]})
        d = Pl[:, _COL["theta"]] - rates_rows(Pl)["theta_nonreciprocal"]
        s, c = np.sin(d), np.cos(d)
        for i in range(len(line) - 1):
            if s[i] == 0 and c[i] > 0:
                points.append(line[i])
            elif s[i] * s[i + 1] < 0 and c[i] > 0 and c[i + 1] > 0:
                w = s[i] / (s[i] - s[i + 1])
                points.append(line[i] + w * (line[i + 1] - line[i]))
    pts = np.array(points).reshape(-1, 2)
    return Curves(
        points=_dedupe(pts, x[1], y[1]), note="points where J = J_nr and theta = theta_nr"
    )


def _cos_theta(params, hold, xname, yname, pts) -> np.ndarray:
    P = _rows(params, hold, **{xname: pts[:, 0], yname: pts[:, 1]})
    return np.cos(P[:, _COL["theta"]] - rates_rows(P)["theta_nonreciprocal"])


def _keep(lines: list[np.ndarray], ok) -> list[np.ndarray]:
    """Split polylines where ``ok(points)`` is False."""
    out = []
    for line in lines:
        good = ok(line)
        start = None
        for i, g in enumerate([*good, False]):
            if g and start is None:
                start = i
            elif not g and start is not None:
                if i - start >= 2:
                    out.append(line[start:i])
                start = None
    return out


def _dedupe(points: np.ndarray, xv: np.ndarray, yv: np.ndarray, rel: float = 1e-6) -> np.ndarray:
    """Points closer than ``rel`` of the axis spans merged (the first kept)."""
    if len(points) == 0:
        return np.empty((0, 2))
    span = np.array([np.ptp(xv) or 1.0, np.ptp(yv) or 1.0])
    kept: list[np.ndarray] = []
    for p in points:
        if all(np.max(np.abs(p - q) / span) > rel for q in kept):
            kept.append(p)
    return np.array(kept)


# ------------------------------------------------------------------------ exceptional points
def _solver(target: str, other: str, hold: str):
    """How to solve D = 0 for axis ``target`` with axis ``other`` sampled: the kernel
    parameter, and ``(root value, row) -> axis value``; ``None`` when it cannot be solved for."""
    if target == "detuning":
        return None
    if target == "r":
        if hold == "kappa_a":
            return "kappa_b", lambda v, row: v / row[_COL["kappa_a"]]
        return "kappa_a", lambda v, row: row[_COL["kappa_b"]] / v if v > 0 else math.nan
    if other == "r" and target == hold:
        return None  # r ties the other rate to this one
    if other == "detuning" and target in ("Delta_a", "Delta_b"):
        return target, None  # shifted below by the sampled detuning
    return target, (lambda v, row: v)


def _roots(kernel, in_exp: bool, row: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(values, deviations) of the EP polynomial's roots at ``row`` (deviation 0: admissible
    as a real value; for theta the value is the angle of a root on the unit circle)."""
    with np.errstate(all="ignore"):
        out = kernel(row)
    coeffs = np.array(out[:-1], dtype=complex)
    scale = np.max(np.abs(coeffs)) if coeffs.size else 0.0
    if not np.isfinite(scale) or scale == 0:
        return np.empty(0), np.empty(0)
    coeffs = coeffs / scale
    nz = np.nonzero(np.abs(coeffs) > 1e-14)[0]
    coeffs = coeffs[nz[0] :]
    if coeffs.size < 2:
        return np.empty(0), np.empty(0)
    r = np.roots(coeffs)
    if in_exp:
        with np.errstate(divide="ignore"):
            return np.angle(r), np.log(np.abs(r))
    return r.real, r.imag


def _is_ep(row: np.ndarray) -> bool:
    from nrqb_sym_generated import effective as eff

    with np.errstate(all="ignore"):
        tau, det, D, lp, lm = eff.effective_spectrum(row)
        M11, M12, M21, M22, _, _ = eff.effective_drift(row)
    size = max(abs(M11), abs(M22), abs(M12), abs(M21), 1e-300)
    if not np.isfinite(D) or abs(D) > _EP_TOL * size**2:
        return False
    return abs(M12) + abs(M21) >= 1e-12 * size


def _match(prev: np.ndarray, cur: np.ndarray) -> list[tuple[int, int]]:
    from scipy.optimize import linear_sum_assignment

    if prev.size == 0 or cur.size == 0:
        return []
    cost = np.abs(prev[:, None] - cur[None, :])
    i, j = linear_sum_assignment(cost)
    return list(zip(i.tolist(), j.tolist(), strict=True))


def _solve_along(params, hold, target, tvals, other, ovals, log_other):
    """EP curves and points of axis ``target`` solved along sampled values of ``other``."""
    from nrqb_sym_generated import exceptional_points as epk

    how = _solver(target, other, hold)
    if how is None or how[0] not in epk.EP_SOLVERS:
        return None
    param, to_axis = how
    kernel, in_exp = epk.EP_SOLVERS[param]
    samples = _samples(ovals, log_other)
    rows = _rows(params, hold, **{other: samples})
    lo, hi = float(np.min(tvals)), float(np.max(tvals))
    span = (hi - lo) or max(abs(hi), 1.0)

    def axis_value(v: float, row: np.ndarray, s: float) -> float:
        if to_axis is None:  # Delta with a sampled common detuning
            return v - s
        return to_axis(v, row)

    def admissible(v: float, s: float) -> np.ndarray | None:
        """The parameter row with the root applied, when admissible and an EP."""
        if in_exp:
            cands = [v + 2 * np.pi * k for k in range(-3, 4)]
            inside = [c for c in cands if lo - 1e-9 * span <= c <= hi + 1e-9 * span]
            v = inside[0] if inside else v
        if param in _NONNEGATIVE and v < 0:
            return None
        row = _rows(params, hold, **{other: np.array([s])})[0]
        row[_COL[param]] = v
        if not np.all(np.isfinite(row)) or not _is_ep(row):
            return None
        return row

    def to_point(v: float, s: float):
        row = admissible(v, s)
        if row is None:
            return None
        y = axis_value(v, row, s)
        if in_exp:
            cands = [y + 2 * np.pi * k for k in range(-3, 4)]
            y = min(cands, key=lambda c: 0 if lo <= c <= hi else min(abs(c - lo), abs(c - hi)))
        if not (lo - 1e-9 * span <= y <= hi + 1e-9 * span) or not math.isfinite(y):
            return None
        return (s, y)

    per_sample = [_roots(kernel, in_exp, row) for row in rows]
    # a root counts as real when its imaginary part (theta: log|z|) is below 1e-6 of a scale in
    # the solved parameter's units: the root itself, the base value, the axis span converted
    if in_exp:
        pscale = 1.0
    else:
        pscale = abs(params.as_dict()[param])
        if target == "r" and hold == "kappa_a":
            pscale = max(pscale, span * params.kappa_a)
        elif target != "r":
            pscale = max(pscale, span)
        pscale = pscale or 1.0
    tol = 1e-6

    def scale(v):
        return np.abs(v) + pscale

    lines: list[list[tuple[float, float]]] = []
    points: list[tuple[float, float]] = []
    open_lines: dict[int, list[tuple[float, float]]] = {}
    for i, s in enumerate(samples):
        vals, devs = per_sample[i]
        real = np.abs(devs) <= tol * scale(vals)
        pts = {}
        for k in range(len(vals)):
            pt = to_point(float(vals[k]), float(s)) if real[k] else None
            pts[k] = None if pt is None else (*pt, abs(devs[k]) / scale(vals[k]))
        new_open: dict[int, list] = {}
        if i > 0:
            pv, pd = per_sample[i - 1]
            pairs = _match(pv + 1j * pd, vals + 1j * devs)
            for a, b in pairs:
                if a in open_lines and pts.get(b) is not None:
                    open_lines[a].append(pts[b])
                    new_open[b] = open_lines.pop(a)
                # an imaginary part changing sign between the samples: refine the crossing
                both = abs(pd[a]) > tol * scale(pv[a]) and abs(devs[b]) > tol * scale(vals[b])
                if both and pd[a] * devs[b] < 0:
                    p = _bisect(params, hold, other, samples[i - 1], s, kernel, in_exp, pv[a])
                    if p is not None:
                        q = to_point(p[1], p[0])
                        if q is not None:
                            points.append(q)
        lines += open_lines.values()
        for k, pt in pts.items():
            if pt is not None and k not in new_open:
                new_open[k] = [pt]
        open_lines = new_open
    lines += open_lines.values()
    # a few samples within the tolerance around a crossing are an isolated EP, not a curve
    out_lines = [np.array(line)[:, :2] for line in lines if len(line) >= MIN_LINE]
    points += [min(line, key=lambda p: p[2])[:2] for line in lines if len(line) < MIN_LINE]
    return out_lines, points


def _bisect(params, hold, other, s0, s1, kernel, in_exp, v0, steps: int = 60):
    """Refine a sign change of a root's deviation between samples ``s0`` and ``s1``."""
    row0 = _rows(params, hold, **{other: np.array([s0])})[0]
    vals, devs = _roots(kernel, in_exp, row0)
    k = int(np.argmin(np.abs(vals - v0)))
    d0, v = devs[k], vals[k]
    a, b = float(s0), float(s1)
    for _ in range(steps):
        m = 0.5 * (a + b)
        row = _rows(params, hold, **{other: np.array([m])})[0]
        vals, devs = _roots(kernel, in_exp, row)
        if vals.size == 0:
            return None
        k = int(np.argmin(np.abs(vals + 1j * devs - (v + 1j * d0))))
        v = vals[k]
        if devs[k] == 0:
            a = b = m
            break
        if np.sign(devs[k]) == np.sign(d0):
            a, d0 = m, devs[k]
        else:
            b = m
        if abs(b - a) <= 1e-13 * max(abs(a), abs(b), 1e-300):
            break
    return (0.5 * (a + b), float(v))


def ep_curves(
    params: Params,
    x: tuple[str, np.ndarray],
    y: tuple[str, np.ndarray],
    hold: str = "kappa_a",
    log: tuple[bool, bool] = (False, False),
) -> Curves:
    """Exceptional points of the effective drift matrix on the plane (module docstring)."""
    lines: list[np.ndarray] = []
    points: list[tuple[float, float]] = []
    solved = []
    along_x = _solve_along(params, hold, y[0], y[1], x[0], x[1], log[0])
    if along_x is not None:
        solved.append(f"{y[0]} along {x[0]}")
        lines += along_x[0]
        points += along_x[1]
    along_y = _solve_along(params, hold, x[0], x[1], y[0], y[1], log[1])
    if along_y is not None:
        solved.append(f"{x[0]} along {y[0]}")
        lines += [line[:, ::-1] for line in along_y[0]]
        points += [(b, a) for a, b in along_y[1]]
    if not solved:
        row = _rows(params, hold, **{x[0]: np.array([x[1][0]]), y[0]: np.array([y[1][0]])})[0]
        every = _is_ep(row)
        note = "D does not depend on either axis: " + ("an EP everywhere" if every else "no EP")
        return Curves(everywhere=every, note=note)
    # bisected crossings first (most accurate); within a few samples is the same EP
    pts = _dedupe(np.array(points, dtype=float).reshape(-1, 2), x[1], y[1], 4.0 / CURVE_SAMPLES)
    return Curves(lines=lines, points=pts, note="EP polynomial solved for " + "; ".join(solved))


# ------------------------------------------------------------------------ the map
def compute_map(
    params: Params,
    x: tuple[str, np.ndarray],
    y: tuple[str, np.ndarray],
    t,
    observable: str = "P_B",
    reduce: str = "max",
    hold: str = "kappa_a",
    log: tuple[bool, bool] = (False, False),
    progress: bool | None = None,
) -> MapData:
    """``reduce`` over ``t`` of ``observable`` on the grid ``x`` x ``y`` (each ``(name,
    values)``), with the nonreciprocity and EP curves (module docstring)."""
    if x[0] == y[0]:
        raise ParameterError(y[0], "the two axes must differ")
    if reduce is None:
        raise ParameterError("reduce", "a map needs a reduction over time")
    from .fused import _observables

    known, real = _observables()
    if observable in known and not real[observable]:
        raise ParameterError(
            "observable", f"{observable} is complex; a map needs a real observable", observable
        )
    sw = sweep(
        params,
        t,
        (observable,),
        reduce=reduce,
        hold=hold,
        progress=progress,
        **{x[0]: x[1], y[0]: y[1]},
    )
    xv, yv = sw.axes[x[0]], sw.axes[y[0]]
    try:
        Gamma = derived_rates(params)["Gamma"]
    except ParameterError:
        Gamma = math.nan
    return MapData(
        x_name=x[0],
        x=xv,
        y_name=y[0],
        y=yv,
        values=sw.values[observable],
        observable=observable,
        reduce=reduce,
        t=sw.t,
        params=params,
        hold=hold,
        Gamma=Gamma,
        nonreciprocal=nonreciprocity_curves(params, (x[0], xv), (y[0], yv), hold, log),
        exceptional=ep_curves(params, (x[0], xv), (y[0], yv), hold, log),
        log=log,
    )


def axis_label(name: str, Gamma: float) -> tuple[str, float]:
    """Axis label and the factor the values are divided by (Gamma for rate-like axes)."""
    tex = AXIS_LABELS.get(name, name)
    if name in RATE_AXES and math.isfinite(Gamma) and Gamma > 0:
        return rf"${tex}/\Gamma$", Gamma
    if name == "theta":
        return rf"${tex}$ [rad]", 1.0
    return rf"${tex}$", 1.0


def plot_map(data: MapData, path) -> None:
    """Heat map with the EP (red) and nonreciprocity (white, dashed, on top) curves."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    xl, xs = axis_label(data.x_name, data.Gamma)
    yl, ys = axis_label(data.y_name, data.Gamma)
    fig, ax = plt.subplots(figsize=(6.6, 4.8))
    V = np.asarray(data.values, dtype=float).T
    mesh = ax.pcolormesh(data.x / xs, data.y / ys, V, shading="nearest", cmap="viridis")
    T = data.t[-1] * (data.Gamma if math.isfinite(data.Gamma) else 1.0)
    unit = r"/\Gamma" if math.isfinite(data.Gamma) else ""
    fig.colorbar(mesh, ax=ax, label=f"{data.reduce} over t of {data.observable}")
    handles = []
    for curves, style, label in (
        (data.exceptional, dict(color="r", ls="-", lw=1.8), "exceptional points ($D=0$)"),
        (data.nonreciprocal, dict(color="w", ls="--", lw=1.4), r"nonreciprocal ($M_{12}=0$)"),
    ):
        shown = False
        for line in curves.lines:
            (h,) = ax.plot(line[:, 0] / xs, line[:, 1] / ys, **style)
            shown = True
        if len(curves.points):
            (h,) = ax.plot(
                curves.points[:, 0] / xs,
                curves.points[:, 1] / ys,
                ls="none",
                marker="o",
                mfc="none",
                mec=style["color"],
                mew=1.8,
                ms=9,
            )
            shown = True
        if curves.everywhere:
            label += ": whole plane"
            (h,) = ax.plot([], [], **style)
            shown = True
        if shown:
            h.set_label(label)
            handles.append(h)
    if handles:
        ax.legend(handles=handles, loc="upper right", fontsize=8, framealpha=0.6)
    if data.log[0]:
        ax.set_xscale("log")
    if data.log[1]:
        ax.set_yscale("log")
    ax.set_xlim(np.min(data.x) / xs, np.max(data.x) / xs)
    ax.set_ylim(np.min(data.y) / ys, np.max(data.y) / ys)
    ax.set_xlabel(xl)
    ax.set_ylabel(yl)
    ax.set_title(
        f"{data.reduce} of {data.observable} over $t \\leq$ {T:.3g}${unit}$ "
        "(effective model, from vacuum; $\\Gamma$ of the base point)",
        fontsize=10,
    )
    fig.tight_layout()
    try:
        fig.savefig(path, dpi=120)
    finally:
        plt.close(fig)


# ------------------------------------------------------------------------ output
def _finite(v: float):
    return None if not math.isfinite(v) else float(v)


def map_json(data: MapData) -> dict:
    """Everything of a map as JSON-ready data (``nan`` as ``null``)."""
    return {
        "x": {"name": data.x_name, "values": data.x.tolist()},
        "y": {"name": data.y_name, "values": data.y.tolist()},
        "observable": data.observable,
        "reduce": data.reduce,
        "values": [[_finite(v) for v in row] for row in np.asarray(data.values, float)],
        "values_index": "values[i][j] at x[i], y[j]",
        "t_max": float(data.t[-1]),
        "points": int(data.t.size),
        "hold": data.hold,
        "Gamma": _finite(data.Gamma),
        "params": data.params.as_dict(),
        "curves": {
            "nonreciprocal": data.nonreciprocal.as_json(),
            "exceptional_points": data.exceptional.as_json(),
        },
    }


def write_map(data: MapData, fmt: str, out=None) -> None:
    """Write a map as ``csv`` (one row per grid point), ``json`` (values and curves) or ``npz``
    (arrays; curves as ``(k, 2)`` arrays with ``nan`` rows between lines) to ``out`` (a path;
    ``None``: stdout, not for npz)."""
    import io
    import json
    import sys

    if fmt == "npz":
        if out is None:
            raise ParameterError("--out", "npz output needs a file (--out map.npz)")
        np.savez(
            out,
            x=data.x,
            y=data.y,
            values=data.values,
            t=data.t,
            x_name=np.array(data.x_name),
            y_name=np.array(data.y_name),
            observable=np.array(data.observable),
            reduce=np.array(data.reduce),
            Gamma=np.array(data.Gamma),
            nonreciprocal_lines=data.nonreciprocal.packed(),
            nonreciprocal_points=data.nonreciprocal.points,
            nonreciprocal_everywhere=np.array(data.nonreciprocal.everywhere),
            ep_lines=data.exceptional.packed(),
            ep_points=data.exceptional.points,
            ep_everywhere=np.array(data.exceptional.everywhere),
        )
        return
    buf = io.StringIO()
    if fmt == "json":
        json.dump(map_json(data), buf, indent=1)
        buf.write("\n")
    elif fmt == "csv":
        buf.write(f"{data.x_name},{data.y_name},{data.reduce}_{data.observable}\n")
        V = np.asarray(data.values, dtype=float)
        for i, xv in enumerate(data.x):
            for j, yv in enumerate(data.y):
                buf.write(f"{float(xv)!r},{float(yv)!r},{float(V[i, j])!r}\n")
    else:
        raise ParameterError("--format", "must be csv, json or npz", fmt)
    if out is None:
        sys.stdout.write(buf.getvalue())
    else:
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(buf.getvalue())


def summary(data: MapData) -> list[str]:
    """A few lines describing a map (for the command line)."""
    V = np.asarray(data.values, dtype=float)
    lines = [
        f"{data.reduce} over t in [0, {data.t[-1]:g}] of {data.observable} on "
        f"{data.x_name} in [{data.x.min():g}, {data.x.max():g}] ({data.x.size}) x "
        f"{data.y_name} in [{data.y.min():g}, {data.y.max():g}] ({data.y.size})"
    ]
    if np.any(np.isfinite(V)):
        i, j = np.unravel_index(np.nanargmax(V), V.shape)
        lines.append(
            f"  range {np.nanmin(V):.6g} .. {np.nanmax(V):.6g}; largest at "
            f"{data.x_name} = {data.x[i]:.6g}, {data.y_name} = {data.y[j]:.6g}"
        )
    for label, c in (
        ("nonreciprocal (M12 = 0)", data.nonreciprocal),
        ("exceptional points (D = 0)", data.exceptional),
    ):
        if c.everywhere:
            what = "the whole plane"
        else:
            parts = []
            if c.lines:
                parts.append(f"{len(c.lines)} curve(s)")
            for p in c.points[:5]:
                parts.append(f"point ({data.x_name} = {p[0]:.6g}, {data.y_name} = {p[1]:.6g})")
            what = ", ".join(parts) if parts else "not on this plane"
        lines.append(f"  {label}: {what}   [{c.note}]")
    return lines
