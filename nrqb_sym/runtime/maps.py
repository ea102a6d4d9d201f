r"""Maps: one reduced observable of any model over a plane of two parameters, with derived curves.

:func:`compute_map` runs a reduced :meth:`~nrqb_sym.runtime.model.CompiledModel.sweep` over the
grid of two parameter axes and adds, where they cross the plane,

* the **nonreciprocity** set of a named ordered pair (source, target): where the coefficient
  :math:`M_{st}` of :math:`\langle t\rangle` in :math:`d\langle s\rangle/dt` vanishes (the
  derived condition, evaluated by the kernels' ``drift_entry`` on a fine grid of the plane).
  When its real or imaginary part vanishes identically on the plane the set is the other's zero
  contour; when both do, the whole plane is nonreciprocal; else it is the points where the two
  contours meet;
* the **exceptional points** :math:`\operatorname{Disc} = 0`, from the model's EP polynomials
  (stage 5, where closed): along finely sampled values of one axis the polynomial in the other
  axis' parameter is solved (roots followed from sample to sample by assignment); real roots
  (for a phase: roots on the unit circle) trace curves, and a root whose imaginary part changes
  sign between samples is refined by bisection to an isolated EP.  Candidates are kept when
  admissible and when the drift is defective there
  (:meth:`~nrqb_sym.runtime.model.CompiledModel.exceptional_points`' test).

Neither is found by searching the map itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .values import ParameterError

__all__ = ["Curves", "MapData", "compute_map", "plot_map", "write_map", "summary", "map_json"]

#: Fine sampling of the plane for the curves.
CURVE_SAMPLES = 401
#: Real-root runs shorter than this many samples are reported as one isolated EP.
MIN_LINE = 6


@dataclass(frozen=True)
class Curves:
    """A derived set drawn on a map.

    Attributes:
        lines: polylines, each an ``(k, 2)`` array of ``(x, y)`` (axis values).
        points: ``(k, 2)`` isolated points.
        everywhere: the condition holds on the whole plotted plane.
        note: what was done, for captions.
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

    model_name: str
    model: str
    x_name: str
    x: np.ndarray
    y_name: str
    y: np.ndarray
    values: np.ndarray
    observable: str
    reduce: str
    t: np.ndarray
    base: dict
    pair: tuple[str, str] | None
    nonreciprocal: Curves
    exceptional: Curves
    labels: dict = field(default_factory=dict)
    log: tuple[bool, bool] = (False, False)


def _samples(values: np.ndarray, log: bool, n: int = CURVE_SAMPLES) -> np.ndarray:
    lo, hi = float(np.min(values)), float(np.max(values))
    if hi == lo:
        return np.array([lo])
    if log and lo > 0:
        return np.geomspace(lo, hi, n)
    return np.linspace(lo, hi, n)


def _rows(cm, base: np.ndarray, **coords) -> np.ndarray:
    """Parameter rows at paired coordinates (``name=array`` of equal lengths)."""
    count = len(next(iter(coords.values())))
    P = np.empty((count, base.size))
    P[:] = base
    for name, v in coords.items():
        P[:, cm.parameters.index(name)] = v
    return P


def _contour_lines(X, Y, Z) -> list[np.ndarray]:
    import contourpy

    if not (np.nanmin(Z) <= 0 <= np.nanmax(Z)):
        return []
    gen = contourpy.contour_generator(x=X, y=Y, z=Z, line_type="Separate")
    return [np.asarray(line) for line in gen.lines(0.0) if len(line) >= 2]


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


# ----------------------------------------------------------------------- nonreciprocity
def nonreciprocity_curves(cm, vals, pair, x, y, model: str = "effective", log=(False, False)):
    r"""Where :math:`M_{st} = 0` on the plane (module docstring); ``x``, ``y`` = ``(axis name,
    values)``, ``pair`` = ``(source, target)``."""
    modes = cm.modes_of(model)
    for role, m in zip(("source", "target"), pair, strict=True):
        if m not in modes:
            raise ParameterError(f"--pair {role}", f"not a mode of the {model} model", m)
    i, j = modes.index(pair[0]), modes.index(pair[1])

    def kernel(P, a, b):
        return cm.drift_entries(np.ascontiguousarray(P), a, b, model)

    base = cm.vector(vals)
    xs, ys = _samples(x[1], log[0]), _samples(y[1], log[1])
    X, Y = np.meshgrid(xs, ys, indexing="xy")
    P = _rows(cm, base, **{x[0]: X.ravel(), y[0]: Y.ravel()})
    with np.errstate(all="ignore"):
        r = kernel(np.ascontiguousarray(P), i, j)
        diag = np.abs(kernel(np.ascontiguousarray(P), i, i)) + np.abs(kernel(P, j, j))
    scale = np.maximum(diag, 1e-300)
    re, im = r.real.reshape(X.shape), r.imag.reshape(X.shape)
    zero_re = bool(np.all(np.abs(r.real) <= 1e-9 * scale))
    zero_im = bool(np.all(np.abs(r.imag) <= 1e-9 * scale))
    name = f"M_{pair[0]}{pair[1]} = 0"
    if zero_re and zero_im:
        return Curves(everywhere=True, note=f"{name} on the whole plane")
    if zero_im:
        return Curves(lines=_contour_lines(X, Y, re), note=f"{name} (Re; Im vanishes on the plane)")
    if zero_re:
        return Curves(lines=_contour_lines(X, Y, im), note=f"{name} (Im; Re vanishes on the plane)")
    points = []
    for line in _contour_lines(X, Y, re):
        Pl = _rows(cm, base, **{x[0]: line[:, 0], y[0]: line[:, 1]})
        with np.errstate(all="ignore"):
            s = kernel(Pl, i, j).imag
        for k in range(len(line) - 1):
            if s[k] == 0:
                points.append(line[k])
            elif s[k] * s[k + 1] < 0:
                w = s[k] / (s[k] - s[k + 1])
                points.append(line[k] + w * (line[k + 1] - line[k]))
    pts = np.array(points).reshape(-1, 2)
    return Curves(points=_dedupe(pts, x[1], y[1]), note=f"points where {name}")


# ----------------------------------------------------------------------- exceptional points
def _roots(cm, fn: str, in_exp: bool, row: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(values, deviations) of the EP polynomial's roots at ``row`` (deviation 0: a real value;
    for a phase the value is the angle of a root on the unit circle, the deviation log|z|)."""
    with np.errstate(all="ignore"):
        out = getattr(cm.kernels, fn)(row)
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
    if in_exp:  # z = e^{i phase}: z = 0 (or a root at the float64 edge) is no phase
        r = r[(np.abs(r) > 1e-300) & np.isfinite(r)]
        return np.angle(r), np.log(np.abs(r))
    return r.real, r.imag


def _match(prev: np.ndarray, cur: np.ndarray) -> list[tuple[int, int]]:
    from scipy.optimize import linear_sum_assignment

    if prev.size == 0 or cur.size == 0:
        return []
    cost = np.abs(prev[:, None] - cur[None, :])
    cost[~np.isfinite(cost)] = 1e300
    i, j = linear_sum_assignment(cost)
    return list(zip(i.tolist(), j.tolist(), strict=True))


def _is_ep(cm, row: np.ndarray, model: str, name: str) -> bool:
    vals = dict(zip(cm.parameters, (float(v) for v in row), strict=True))
    try:
        vals = cm.values(vals)
    except ParameterError:
        return False
    return cm._ep_point(vals, model, name, "closed form") is not None


def _solve_along(cm, vals, model, target, tvals, other, ovals, log_other):
    """EP curves and points of parameter ``target`` solved along samples of ``other``."""
    eps = cm.kernels.EP_POLYNOMIALS.get(model, {})
    if target not in eps:
        return None
    fn, in_exp = eps[target]
    base = cm.vector(vals)
    samples = _samples(ovals, log_other)
    rows = _rows(cm, base, **{other: samples})
    lo, hi = float(np.min(tvals)), float(np.max(tvals))
    span = (hi - lo) or max(abs(hi), 1.0)
    col = cm.parameters.index(target)

    def to_point(v: float, s: float):
        if in_exp:
            cands = [v + 2 * np.pi * k for k in range(-3, 4)]
            inside = [c for c in cands if lo - 1e-9 * span <= c <= hi + 1e-9 * span]
            v = inside[0] if inside else v
        if not (lo - 1e-9 * span <= v <= hi + 1e-9 * span) or not math.isfinite(v):
            return None
        row = _rows(cm, base, **{other: np.array([s])})[0]
        row[col] = v
        if not np.all(np.isfinite(row)) or not _is_ep(cm, row, model, target):
            return None
        return (s, v)

    per_sample = [_roots(cm, fn, in_exp, row) for row in rows]
    pscale = 1.0 if in_exp else (max(abs(vals[target]), span) or 1.0)
    tol = 1e-6

    def scale(v):
        return np.abs(v) + pscale

    lines: list[list[tuple[float, float, float]]] = []
    points: list[tuple[float, float]] = []
    open_lines: dict[int, list] = {}
    for i, s in enumerate(samples):
        values, devs = per_sample[i]
        real = np.abs(devs) <= tol * scale(values)
        pts = {}
        for k in range(len(values)):
            pt = to_point(float(values[k]), float(s)) if real[k] else None
            pts[k] = None if pt is None else (*pt, abs(devs[k]) / scale(values[k]))
        new_open: dict[int, list] = {}
        if i > 0:
            pv, pd = per_sample[i - 1]
            for a, b in _match(pv + 1j * pd, values + 1j * devs):
                if a in open_lines and pts.get(b) is not None:
                    open_lines[a].append(pts[b])
                    new_open[b] = open_lines.pop(a)
                both = abs(pd[a]) > tol * scale(pv[a]) and abs(devs[b]) > tol * scale(values[b])
                if both and pd[a] * devs[b] < 0:
                    p = _bisect(cm, base, other, samples[i - 1], s, fn, in_exp, pv[a])
                    if p is not None and (q := to_point(p[1], p[0])) is not None:
                        points.append(q)
        lines += open_lines.values()
        for k, pt in pts.items():
            if pt is not None and k not in new_open:
                new_open[k] = [pt]
        open_lines = new_open
    lines += open_lines.values()
    out_lines = [np.array(line)[:, :2] for line in lines if len(line) >= MIN_LINE]
    points += [min(line, key=lambda p: p[2])[:2] for line in lines if len(line) < MIN_LINE]
    return out_lines, points


def _bisect(cm, base, other, s0, s1, fn, in_exp, v0, steps: int = 60):
    """Refine a sign change of a root's deviation between samples ``s0`` and ``s1``."""
    vals, devs = _roots(cm, fn, in_exp, _rows(cm, base, **{other: np.array([s0])})[0])
    if vals.size == 0:
        return None
    k = int(np.argmin(np.abs(vals - v0)))
    d0, v = devs[k], vals[k]
    a, b = float(s0), float(s1)
    for _ in range(steps):
        m = 0.5 * (a + b)
        vals, devs = _roots(cm, fn, in_exp, _rows(cm, base, **{other: np.array([m])})[0])
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


def ep_curves(cm, vals, x, y, model: str = "effective", log=(False, False)) -> Curves:
    """Exceptional points of the first-moment drift on the plane (module docstring)."""
    if getattr(cm, "order", None) is not None:
        return Curves(
            note="EP curves are drawn for Gaussian models; a model with order reports the "
            "eigenvector condition of its linearised dynamics in steady_state()"
        )
    lines: list[np.ndarray] = []
    points: list[tuple[float, float]] = []
    solved = []
    along_x = _solve_along(cm, vals, model, y[0], y[1], x[0], x[1], log[0])
    if along_x is not None:
        solved.append(f"{y[0]} along {x[0]}")
        lines += along_x[0]
        points += along_x[1]
    along_y = _solve_along(cm, vals, model, x[0], x[1], y[0], y[1], log[1])
    if along_y is not None:
        solved.append(f"{x[0]} along {y[0]}")
        lines += [line[:, ::-1] for line in along_y[0]]
        points += [(b, a) for a, b in along_y[1]]
    if not solved:
        return Curves(
            note="no EP polynomial in closed form for either axis: EP curves not drawn (use "
            "nrqb ep for single points)"
        )
    pts = _dedupe(np.array(points, dtype=float).reshape(-1, 2), x[1], y[1], 4.0 / CURVE_SAMPLES)
    return Curves(lines=lines, points=pts, note="EP polynomial solved for " + "; ".join(solved))


# ----------------------------------------------------------------------- the map
def compute_map(
    cm,
    values,
    x: tuple[str, np.ndarray],
    y: tuple[str, np.ndarray],
    t,
    observable: str,
    reduce: str = "max",
    model: str = "effective",
    pair: tuple[str, str] | None = None,
    log: tuple[bool, bool] = (False, False),
    progress: bool | None = None,
) -> MapData:
    """``reduce`` over ``t`` of ``observable`` on the grid ``x`` x ``y`` (each ``(parameter name,
    values)``), with the nonreciprocity set of ``pair`` and the EP curves (module docstring)."""
    if x[0] == y[0]:
        raise ParameterError(y[0], "the two axes must differ")
    if reduce is None:
        raise ParameterError("reduce", "a map needs a reduction over time")
    if observable.startswith("x_"):
        raise ParameterError("observable", f"{observable} is complex; a map needs a real one")
    vals = cm.values(values)
    sw = cm.sweep(
        vals, t, (observable,), reduce, model, progress=progress, **{x[0]: x[1], y[0]: y[1]}
    )
    xv, yv = sw.axes[x[0]], sw.axes[y[0]]
    nr = (
        nonreciprocity_curves(cm, vals, pair, (x[0], xv), (y[0], yv), model, log)
        if pair is not None
        else Curves(note="no pair given (--pair SOURCE,TARGET)")
    )
    return MapData(
        model_name=cm.name,
        model=model,
        x_name=x[0],
        x=xv,
        y_name=y[0],
        y=yv,
        values=sw.values[observable],
        observable=observable,
        reduce=reduce,
        t=sw.t,
        base=vals,
        pair=pair,
        nonreciprocal=nr,
        exceptional=ep_curves(cm, vals, (x[0], xv), (y[0], yv), model, log),
        labels={n: cm.latex.get(n, n) for n in (x[0], y[0])},
        log=log,
    )


def plot_map(data: MapData, path) -> None:
    """Heat map with the EP (red) and nonreciprocity (white, dashed, on top) curves."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.6, 4.8))
    V = np.asarray(data.values, dtype=float).T
    mesh = ax.pcolormesh(data.x, data.y, V, shading="nearest", cmap="viridis")
    fig.colorbar(mesh, ax=ax, label=f"{data.reduce} over t of {data.observable}")
    handles = []
    pair = "".join(data.pair) if data.pair else ""
    for curves, style, label in (
        (data.exceptional, dict(color="r", ls="-", lw=1.8), "exceptional points (Disc = 0)"),
        (
            data.nonreciprocal,
            dict(color="w", ls="--", lw=1.4),
            rf"nonreciprocal ($M_{{{pair}}}=0$)",
        ),
    ):
        shown = False
        h = None
        for line in curves.lines:
            (h,) = ax.plot(line[:, 0], line[:, 1], **style)
            shown = True
        if len(curves.points):
            (h,) = ax.plot(
                curves.points[:, 0],
                curves.points[:, 1],
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
        if shown and h is not None:
            h.set_label(label)
            handles.append(h)
    if handles:
        ax.legend(handles=handles, loc="upper right", fontsize=8, framealpha=0.6)
    if data.log[0]:
        ax.set_xscale("log")
    if data.log[1]:
        ax.set_yscale("log")
    ax.set_xlim(np.min(data.x), np.max(data.x))
    ax.set_ylim(np.min(data.y), np.max(data.y))
    ax.set_xlabel(f"${data.labels.get(data.x_name, data.x_name)}$")
    ax.set_ylabel(f"${data.labels.get(data.y_name, data.y_name)}$")
    ax.set_title(
        f"{data.reduce} of {data.observable} over $t \\leq$ {data.t[-1]:.3g} "
        f"({data.model_name}, {data.model} model)",
        fontsize=10,
    )
    fig.tight_layout()
    try:
        fig.savefig(path, dpi=120)
    finally:
        plt.close(fig)


def _finite(v: float):
    return None if not math.isfinite(v) else float(v)


def map_json(data: MapData) -> dict:
    """Everything of a map as JSON-ready data (``nan`` as ``null``)."""
    return {
        "model": data.model_name,
        "form": data.model,
        "x": {"name": data.x_name, "values": data.x.tolist()},
        "y": {"name": data.y_name, "values": data.y.tolist()},
        "observable": data.observable,
        "reduce": data.reduce,
        "values": [[_finite(v) for v in row] for row in np.asarray(data.values, float)],
        "values_index": "values[i][j] at x[i], y[j]",
        "t_max": float(data.t[-1]),
        "points": int(data.t.size),
        "parameters": data.base,
        "pair": list(data.pair) if data.pair else None,
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
        f"{data.reduce} over t in [0, {data.t[-1]:g}] of {data.observable} ({data.model_name}, "
        f"{data.model}) on {data.x_name} in [{data.x.min():g}, {data.x.max():g}] ({data.x.size}) x "
        f"{data.y_name} in [{data.y.min():g}, {data.y.max():g}] ({data.y.size})"
    ]
    if np.any(np.isfinite(V)):
        i, j = np.unravel_index(np.nanargmax(V), V.shape)
        lines.append(
            f"  range {np.nanmin(V):.6g} .. {np.nanmax(V):.6g}; largest at "
            f"{data.x_name} = {data.x[i]:.6g}, {data.y_name} = {data.y[j]:.6g}"
        )
    pair = f"M_{''.join(data.pair)} = 0" if data.pair else "no pair"
    for label, c in (
        (f"nonreciprocal ({pair})", data.nonreciprocal),
        ("exceptional points (Disc = 0)", data.exceptional),
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
