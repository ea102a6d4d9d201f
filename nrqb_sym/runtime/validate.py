r"""Validation against QuTiP: a mechanical translation of any model file.

:func:`qutip_moments` translates the parsed model file (the same
:class:`~nrqb_sym.model.spec.ModelSpec` every kernel comes from) into QuTiP operators on a
truncated Fock space, mechanically: each normal-ordered monomial of :math:`H` becomes a product
of ``destroy``/``create`` matrices and each dissipator ``rate * D[op]`` a collapse operator
:math:`\sqrt{\text{rate}}\,op`.  ``qutip.mesolve`` then integrates the density matrix, which is
an independent computation from the moment equations the kernels solve.  QuTiP is optional
(``pip install qutip``); SymPy is needed here (the model's coefficients are evaluated from the
parsed file).

Models with ``order`` (the cumulant expansion, :mod:`nrqb_sym.runtime.cumulant`) are checked by
:func:`cumulant_comparison`: the generated module's numeric kept-mode generator
(``GENERATOR_H``, ``GENERATOR_D`` at ``coefficients(p)``) becomes a QuTiP Liouvillian (two-level
modes of dimension 2, bosons on a Fock cutoff converged by :func:`cumulant_reference`) and
``qutip.mesolve`` gives the exact amplitudes, occupations, energies and two-level ergotropies
that the closed moment equations approximate.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from .resources import check_allocation
from .values import ParameterError, mode_state, resolve_values

__all__ = [
    "QUTIP_HINT",
    "QutipComparison",
    "qutip_available",
    "qutip_nbytes",
    "qutip_moments",
    "qutip_comparison",
    "CumulantReference",
    "CumulantComparison",
    "cumulant_nbytes",
    "passive_energy",
    "cumulant_qutip",
    "cumulant_reference",
    "cumulant_comparison",
]

QUTIP_HINT = "qutip is not installed: pip install qutip  (or: pip install -e '.[qutip]')"


#: Peak memory of ``qutip.mesolve`` per element of Liouville space (dim^2 with dim = cutoff^modes),
#: measured with QuTiP 5.3 on the three-mode model at cutoffs 6 and 8 (about 750 bytes: the
#: sparse Liouvillian with its indices and the ODE solver's working copies of the state).
LIOUVILLE_BYTES = 800


def qutip_nbytes(cutoff: int, n_times: int = 0, modes: int = 3) -> int:
    """Estimated peak memory (bytes) of :func:`qutip_moments`: :data:`LIOUVILLE_BYTES` per
    element of Liouville space plus one stored density matrix (16 bytes per element) per time."""
    dim2 = int(cutoff) ** (2 * int(modes))
    return dim2 * (LIOUVILLE_BYTES + 16 * int(n_times))


def qutip_available() -> bool:
    """Whether QuTiP can be imported."""
    try:
        import qutip  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass(frozen=True)
class QutipComparison:
    """Moments from ``qutip.mesolve`` and from the package's full-model kernels."""

    t: np.ndarray
    qutip: dict[str, np.ndarray]
    kernels: dict[str, np.ndarray]
    rel_error: dict[str, float]
    cutoff: int
    max_population_top: float

    @property
    def max_rel_error(self) -> float:
        return max(self.rel_error.values())


# ------------------------------------------------------------------------------ model files
def _numeric(expr: sp.Expr, values: dict[str, float]) -> complex:
    """A coefficient of a model file at ``values`` (symbols matched by name)."""
    expr = sp.sympify(expr)
    subs = {s: sp.Float(values[s.name], 17) for s in expr.free_symbols}
    return complex(sp.N(expr.xreplace(subs), 17))


def _poly_qutip(poly, ops: dict, identity, values: dict[str, float]):
    """A normal-ordered :data:`~nrqb_sym.model.algebra.Poly` as a QuTiP operator: each
    monomial ``((mode, n_dagger, n), ...)`` becomes the product of ``create^n_dagger
    destroy^n`` per mode (different modes commute)."""
    out = 0 * identity
    for key, coeff in poly.items():
        c = _numeric(coeff, values)
        if c == 0:
            continue
        term = identity
        for m, nd, na in key:
            for _ in range(nd):
                term = term * ops[m].dag()
            for _ in range(na):
                term = term * ops[m]
        out = out + c * term
    return out


def qutip_moments(
    spec,
    values,
    t,
    cutoff: int = 5,
    initial=None,
    check_truncation: bool = True,
) -> tuple[dict[str, np.ndarray], float]:
    r"""``<m>`` and ``<m'm>`` of every mode of a model file from ``qutip.mesolve``.

    The :class:`~nrqb_sym.model.spec.ModelSpec` is translated mechanically on a truncated Fock
    space (``cutoff`` levels per mode): :math:`H` from its normal-ordered monomials, one collapse
    operator :math:`\sqrt{\gamma_k}L_k` per dissipator with :math:`\gamma_k > 0`; the start is
    the product of displaced squeezed thermal states :math:`D(\alpha)S(re^{i\phi})\rho_n
    S^\dagger D^\dagger` (``initial`` as in :meth:`CompiledModel.simulate
    <nrqb_sym.runtime.model.CompiledModel.simulate>`).

    Returns:
        ``{"<m>": complex array, "<m'm>": float array}`` and the largest population of the top
        Fock level kept in any mode (``nan`` without ``check_truncation``).
    """
    try:
        import qutip
    except ImportError:
        raise ParameterError("qutip", QUTIP_HINT) from None
    if cutoff < 2:
        raise ParameterError("cutoff", "must be >= 2", cutoff)
    modes = tuple(spec.modes)
    kinds = {n: p.kind for n, p in spec.parameters.items()}
    defaults = {n: p.default for n, p in spec.parameters.items()}
    vals = resolve_values(tuple(spec.parameters), kinds, defaults, values, spec.name)
    initial = {} if initial is None else dict(initial)
    for m in initial:
        if m not in modes:
            raise ParameterError(f"initial[{m!r}]", f"not a mode (modes: {', '.join(modes)})")
    t = np.asarray(t, dtype=float)
    check_allocation(
        qutip_nbytes(cutoff, t.size if check_truncation else 0, len(modes)),
        f"cutoff {cutoff}",
        purpose=f"for qutip.mesolve ({len(modes)} modes)",
        hint="lower the cutoff",
    )
    eye = qutip.qeye(cutoff)
    ops = {}
    for k, m in enumerate(modes):
        factors = [eye] * len(modes)
        factors[k] = qutip.destroy(cutoff)
        ops[m] = qutip.tensor(*factors)
    identity = qutip.tensor(*([eye] * len(modes)))
    H = _poly_qutip(spec.hamiltonian, ops, identity, vals)
    c_ops = []
    for ch in spec.channels:
        rate = _numeric(ch.rate, vals).real
        if rate > 0:
            c_ops.append(np.sqrt(rate) * _poly_qutip(ch.operator, ops, identity, vals))
    states = []
    for m in modes:
        alpha, n, r, phi = mode_state(m, initial[m]) if m in initial else (0j, 0.0, 0.0, 0.0)
        rho = qutip.thermal_dm(cutoff, n) if n > 0 else qutip.fock_dm(cutoff, 0)
        if r != 0:
            S = qutip.squeeze(cutoff, r * np.exp(1j * phi))
            rho = S * rho * S.dag()
        if alpha != 0:
            D = qutip.displace(cutoff, alpha)
            rho = D * rho * D.dag()
        states.append(rho)
    rho0 = qutip.tensor(*states)
    e_ops, hermitian = {}, set()
    for m in modes:
        e_ops[f"<{m}>"] = ops[m]
        e_ops[f"<{m}'{m}>"] = ops[m].dag() * ops[m]
        hermitian.add(f"<{m}'{m}>")
    res = qutip.mesolve(
        H,
        rho0,
        t,
        c_ops=c_ops,
        e_ops=list(e_ops.values()),
        options={"nsteps": 200000, "atol": 1e-12, "rtol": 1e-10, "store_states": check_truncation},
    )
    q = {}
    for name, v in zip(e_ops, res.expect, strict=True):
        v = np.asarray(v)
        q[name] = v.real if name in hermitian else v
    top = float("nan")
    if check_truncation:
        top = 0.0
        for state in res.states:
            for k in range(len(modes)):
                top = max(top, float(state.ptrace(k).diag().real[-1]))
    return q, top


def qutip_comparison(compiled, values, t, cutoff: int = 5, initial=None) -> QutipComparison:
    """``<m>`` and ``<m'm>`` of every mode of a model file's full model: QuTiP
    (:func:`qutip_moments`) vs the compiled kernels
    (:meth:`~nrqb_sym.runtime.model.CompiledModel.simulate` with ``model="full"``); relative
    errors against the largest magnitude of each quantity over ``t``."""
    t = np.asarray(t, dtype=float)
    q, top = qutip_moments(compiled.spec, values, t, cutoff, initial)
    tr = compiled.simulate(values, t, model="full", initial=initial)
    k = {}
    for m in compiled.modes:
        k[f"<{m}>"] = tr.amplitude[m]
        k[f"<{m}'{m}>"] = tr.occupation[m]
    rel = {}
    for name in q:
        scale = np.max(np.abs(k[name]))
        diff = np.max(np.abs(q[name] - k[name]))
        rel[name] = float(diff / scale) if scale > 0 else float(diff)
    return QutipComparison(t, q, k, rel, cutoff, top)


# ------------------------------------------------------------------------------ cumulant models
#: Defaults of the cutoff loop of :func:`cumulant_reference`: first cutoff, step, largest.
CUTOFF_START = 6
CUTOFF_STEP = 2
CUTOFF_MAX = 60
#: Scales below this are treated as this in relative errors (a quantity that stays zero).
SCALE_FLOOR = 1e-10


@dataclass(frozen=True)
class CumulantReference:
    r"""The exact kept-mode dynamics of a model with ``order`` from ``qutip.mesolve``.

    Attributes:
        t: the times.
        exact: ``{name: array}``: ``x_<m>`` (complex :math:`\langle m\rangle`), ``n_<m>``
            (:math:`\langle m^\dagger m\rangle`), ``E_<m>`` (:math:`\omega_m n_m`, modes with an
            energy) and ``W_<q>`` (ergotropy of a two-level mode with an energy).
        cutoff: the largest Fock cutoff used (levels of a bosonic mode; 2 without bosons).
        cutoffs: ``{boson: levels}`` of the last run.
        cutoff_change: the largest relative change of the quantities between the previous run
            and the last (``nan`` when the cutoff was given, ``0`` without bosonic modes).
        top: ``{boson: max_t population of its top kept level}`` in the last run.
        history: ``((cutoffs, change), ...)`` of every run, in order.
        seconds: wall time of all the QuTiP runs.
    """

    t: np.ndarray
    exact: dict[str, np.ndarray]
    cutoff: int
    cutoffs: dict[str, int]
    cutoff_change: float
    top: dict[str, float]
    history: tuple
    seconds: float


@dataclass(frozen=True)
class CumulantComparison:
    r"""A model with ``order``: the closed moment equations against the exact dynamics.

    Attributes:
        t: the times.
        exact: ``{name: array}`` from ``qutip.mesolve`` (see :class:`CumulantReference`).
        cumulant: the same quantities from
            :meth:`~nrqb_sym.runtime.cumulant.CumulantModel.simulate`.
        rel_error: ``{name: max_t |cumulant - exact| / max(max_t |exact|, SCALE_FLOOR)}``.
        cutoff, cutoff_change: as in :class:`CumulantReference` (the largest Fock cutoff).
        seconds_qutip, seconds_cumulant: wall times (all QuTiP runs of the cutoff loop; one
            cumulant integration, compilation excluded when the kernels were already loaded).
        order: the cumulant order of the model compared.
        cutoffs: ``{boson: levels}`` of the exact run.
    """

    t: np.ndarray
    exact: dict[str, np.ndarray]
    cumulant: dict[str, np.ndarray]
    rel_error: dict[str, float]
    cutoff: int
    cutoff_change: float
    seconds_qutip: float
    seconds_cumulant: float
    order: int = 0
    cutoffs: dict[str, int] = field(default_factory=dict)

    @property
    def max_rel_error(self) -> float:
        return max(self.rel_error.values())


def cumulant_nbytes(dims) -> int:
    """Estimated peak memory (bytes) of one :func:`cumulant_qutip` run on a Hilbert space with
    the local dimensions ``dims``: :data:`LIOUVILLE_BYTES` per element of Liouville space."""
    dim = 1
    for d in dims:
        dim *= int(d)
    return dim * dim * LIOUVILLE_BYTES


def _boson_cutoffs(cm, cutoff) -> dict[str, int]:
    """``{boson: levels}`` from an int (every boson) or a mapping (every boson named)."""
    bosons = [m for m in cm.kept if m not in set(cm.two_level)]
    if isinstance(cutoff, Mapping):
        bad = sorted(set(cutoff) - set(bosons))
        if bad:
            raise ParameterError(
                f"cutoff[{bad[0]!r}]", f"not a bosonic kept mode (bosons: {', '.join(bosons)})"
            )
        missing = [m for m in bosons if m not in cutoff]
        if missing:
            raise ParameterError("cutoff", f"no cutoff for the boson {missing[0]!r}")
        out = dict(cutoff)
    else:
        out = {m: cutoff for m in bosons}
    for m, n in out.items():
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
            raise ParameterError(f"cutoff[{m!r}]", "must be an integer >= 2", n)
    return {m: int(n) for m, n in out.items()}


def _key_operator(key, ops: dict, identity):
    """A normal-ordered monomial ``((mode, n_dagger, n), ...)`` as a QuTiP operator."""
    term = identity
    for m, nd, na in key:
        for _ in range(nd):
            term = term * ops[m].dag()
        for _ in range(na):
            term = term * ops[m]
    return term


def _two_level_dm(p: float, s: complex) -> np.ndarray:
    r"""The 2x2 density matrix in the basis :math:`(|g\rangle, |e\rangle)` with
    :math:`\langle q^\dagger q\rangle = p` and :math:`\langle q\rangle = s` for
    :math:`q = |g\rangle\langle e|` (``[[0, 1], [0, 0]]``): :math:`\langle q\rangle =
    \mathrm{Tr}(\rho q) = \rho_{eg}`, so :math:`\rho = [[1-p, \bar s], [s, p]]`."""
    return np.array([[1 - p, np.conj(s)], [s, p]], dtype=complex)


def _coherent_ket(levels: int, alpha: complex) -> np.ndarray:
    r"""Amplitudes :math:`e^{-|\alpha|^2/2}\alpha^n/\sqrt{n!}` on ``levels`` levels, renormalised."""
    amp = np.zeros(levels, dtype=complex)
    if alpha == 0:
        amp[0] = 1.0
        return amp
    n = np.arange(levels)
    logf = np.array([math.lgamma(j + 1.0) for j in n])
    amp = np.exp(n * np.log(complex(alpha)) - 0.5 * logf)
    return amp / np.linalg.norm(amp)


def passive_energy(rho: np.ndarray, omega: float) -> float:
    r"""Energy of the passive state of a two-level ``rho`` (basis :math:`(|g\rangle,
    |e\rangle)`) for :math:`H = \omega\,|e\rangle\langle e|`: the eigenvalues of ``rho`` in
    decreasing order on the levels of :math:`H` in increasing order,
    :math:`\sum_k \lambda_k^\downarrow \epsilon_k^\uparrow`."""
    lam = np.linalg.eigvalsh(rho)  # ascending
    levels = np.sort([0.0, float(omega)])
    return float(np.dot(lam[::-1], levels))


def cumulant_qutip(
    cm, values, t, cutoff, initial=None
) -> tuple[dict[str, np.ndarray], dict[str, float]]:
    r"""The kept-mode dynamics of a model with ``order`` from ``qutip.mesolve`` at one cutoff.

    The generated module's numeric generator is translated as it stands (an independent check
    of the closed moment equations derived from it; the elimination that produced it is checked
    elsewhere): with :math:`c = \mathtt{coefficients}(p)`,

    .. math::

        \dot\rho = -i\Big[\sum_{(K, g)\in\mathtt{GENERATOR\_H}} c_g K,\ \rho\Big]
            + \sum_{(g, K_i, K_j)\in\mathtt{GENERATOR\_D}} c_g\Big(K_j\rho K_i^\dagger
            - \tfrac12\{K_i^\dagger K_j, \rho\}\Big),

    built as a Liouvillian from ``spre``/``spost``/``sprepost``.  A boson is
    ``destroy(levels)``; a two-level mode is ``destroy(2)`` :math:`= |g\rangle\langle e|`
    (:math:`q = \sigma_-` in the basis :math:`(|g\rangle, |e\rangle)`, so :math:`q^\dagger q =
    |e\rangle\langle e|`; QuTiP's ``sigmam`` uses the opposite basis order and is not used).
    The start is the product state of
    :meth:`~nrqb_sym.runtime.cumulant.CumulantModel.initial_moments`: a coherent state
    :math:`|\alpha\rangle` per boson (Poisson amplitudes, renormalised on the truncated space),
    :math:`\rho = [[1-p, \bar s], [s, p]]` per two-level mode.

    Args:
        cutoff: levels of every bosonic mode (int) or ``{boson: levels}``.

    Returns:
        ``({name: array}, {boson: max_t population of its top level})`` (names as in
        :class:`CumulantReference`).  The ergotropy of a two-level mode comes from its reduced
        density matrix :math:`\rho_q` (elements: expectations of :math:`|j\rangle\langle i|`),
        :math:`W = \mathrm{Tr}(\rho_q H) - ` :func:`passive_energy`, :math:`H = \omega
        q^\dagger q`.

    Raises:
        ParameterError: QuTiP missing, a bad cutoff or initial state.
        ResourceError: the Liouvillian would not fit in memory.
    """
    try:
        import qutip
    except ImportError:
        raise ParameterError("qutip", QUTIP_HINT) from None
    kernels = cm.kernels
    modes = tuple(cm.kept)
    two = set(cm.two_level)
    levels = _boson_cutoffs(cm, cutoff)
    dims = tuple(2 if m in two else levels[m] for m in modes)
    t = np.asarray(t, dtype=float)
    check_allocation(
        cumulant_nbytes(dims),
        "cutoff " + ", ".join(f"{m}: {n}" for m, n in levels.items()),
        purpose=f"for qutip.mesolve (dimensions {'x'.join(map(str, dims))})",
        hint="lower the cutoff",
    )
    vals = cm.values(values)
    c = cm.coefficients(vals)
    cm.initial_moments(initial)  # validates ``initial`` exactly as the cumulant run does
    initial = {} if initial is None else dict(initial)
    eyes = [qutip.qeye(d) for d in dims]
    identity = qutip.tensor(*eyes)

    def local(k: int, op):
        factors = list(eyes)
        factors[k] = op
        return qutip.tensor(*factors)

    ops = {m: local(k, qutip.destroy(dims[k])) for k, m in enumerate(modes)}
    H = 0 * identity
    for key, g in kernels.GENERATOR_H:
        H = H + complex(c[g]) * _key_operator(key, ops, identity)
    L = -1j * (qutip.spre(H) - qutip.spost(H))
    for g, ki, kj in kernels.GENERATOR_D:
        w = complex(c[g])
        if w == 0:
            continue
        Ki = _key_operator(ki, ops, identity)
        Kj = _key_operator(kj, ops, identity)
        KK = Ki.dag() * Kj
        L = L + w * (qutip.sprepost(Kj, Ki.dag()) - 0.5 * qutip.spre(KK) - 0.5 * qutip.spost(KK))
    states = []
    for k, m in enumerate(modes):
        s, p = cm._mode_start(m, initial[m]) if m in initial else (0j, 0.0)
        if m in two:
            states.append(qutip.Qobj(_two_level_dm(p, s)))
        else:
            psi = qutip.Qobj(_coherent_ket(dims[k], s).reshape(-1, 1))
            states.append(psi * psi.dag())
    rho0 = qutip.tensor(*states)
    e_ops: dict[str, object] = {}
    for m in modes:
        e_ops[f"x_{m}"] = ops[m]
        e_ops[f"n_{m}"] = ops[m].dag() * ops[m]
    for k, m in enumerate(modes):
        if m in two:
            for i in range(2):
                for j in range(2):
                    e_ops[f"rho_{m}[{i},{j}]"] = local(
                        k, qutip.basis(2, j) * qutip.basis(2, i).dag()
                    )
        else:
            e_ops[f"top_{m}"] = local(k, qutip.fock_dm(dims[k], dims[k] - 1))
    res = qutip.mesolve(
        L.to("CSR"),
        rho0,
        t,
        e_ops=list(e_ops.values()),
        options={"nsteps": 1_000_000, "atol": 1e-12, "rtol": 1e-10, "store_states": False},
    )
    raw = {name: np.asarray(v) for name, v in zip(e_ops, res.expect, strict=True)}
    out: dict[str, np.ndarray] = {}
    for m in modes:
        out[f"x_{m}"] = raw[f"x_{m}"].astype(complex)
        out[f"n_{m}"] = raw[f"n_{m}"].real
    for m in kernels.ENERGY_MODES:
        omega = float(c[kernels.OMEGA[m]].real)
        out[f"E_{m}"] = omega * out[f"n_{m}"]
        if m in two:
            H_q = np.diag([0.0, omega])
            w = np.empty(t.size)
            for i in range(t.size):
                rho = np.array([[raw[f"rho_{m}[{a},{b}]"][i] for b in range(2)] for a in range(2)])
                rho = 0.5 * (rho + rho.conj().T)
                w[i] = float(np.trace(rho @ H_q).real) - passive_energy(rho, omega)
            out[f"W_{m}"] = w
    top = {m: float(np.max(raw[f"top_{m}"].real)) for m in levels}
    return out, top


def _scale(v: np.ndarray) -> float:
    return max(float(np.max(np.abs(v))) if v.size else 0.0, SCALE_FLOOR)


def _relative(a: dict, b: dict) -> dict[str, float]:
    """``{name: max_t |a - b| / max(max_t |a|, SCALE_FLOOR)}`` over the names of ``a``."""
    return {k: float(np.max(np.abs(a[k] - b[k])) / _scale(a[k])) for k in a}


def cumulant_reference(
    cm,
    values,
    t,
    cutoff=None,
    initial=None,
    tol: float = 1e-6,
    *,
    start: int = CUTOFF_START,
    step: int = CUTOFF_STEP,
    max_cutoff: int = CUTOFF_MAX,
    progress=None,
) -> CumulantReference:
    r"""The exact dynamics of :func:`cumulant_qutip`, with the Fock cutoff converged.

    With ``cutoff`` given (int or ``{boson: levels}``), one run.  Otherwise every boson starts
    at ``start`` levels; after each run the bosons whose top level holds more than
    :math:`10^{-2}\,` ``tol`` of population (all of them if none does) get ``step`` more
    levels (``2 step`` while that population exceeds :math:`10^{-3}`), until the largest
    relative change between successive runs,

    .. math::

        \delta = \max_Q \frac{\max_t |Q_\mathrm{new}(t) - Q_\mathrm{old}(t)|}
            {\max(\max_t |Q_\mathrm{new}(t)|, 10^{-10})},

    over the compared quantities :math:`Q` (``x_m``, ``n_m``, ``E_m``, ``W_q``), is below
    ``tol``; the last run is kept and :math:`\delta` reported.  A model without bosonic modes
    is run once.  ``progress``: a callable receiving one line per run, or ``None``.

    Raises:
        ParameterError: not converged below ``max_cutoff`` levels (naming the last change).
        ResourceError: a cutoff that is needed does not fit in memory (``check_allocation``).
    """
    import time

    t = np.asarray(t, dtype=float)
    t0 = time.perf_counter()
    bosons = [m for m in cm.kept if m not in set(cm.two_level)]
    if cutoff is not None or not bosons:
        levels = _boson_cutoffs(cm, 2 if cutoff is None else cutoff)
        exact, top = cumulant_qutip(cm, values, t, levels, initial)
        change = 0.0 if cutoff is None else float("nan")
        return CumulantReference(
            t,
            exact,
            max(levels.values(), default=2),
            levels,
            change,
            top,
            ((levels, change),),
            time.perf_counter() - t0,
        )
    if not tol > 0:
        raise ParameterError("tol", "must be > 0", tol)
    levels = {m: int(start) for m in bosons}
    prev, history, change = None, [], float("inf")
    while True:
        t1 = time.perf_counter()
        exact, top = cumulant_qutip(cm, values, t, levels, initial)
        if prev is not None:
            change = max(_relative(exact, prev).values())
        history.append((dict(levels), change))
        if progress is not None:
            progress(
                "  qutip cutoff "
                + ", ".join(f"{m}: {n}" for m, n in levels.items())
                + f": change {change:.3g}, top population {max(top.values()):.2g} "
                f"({time.perf_counter() - t1:.1f} s)"
            )
        if change < tol:
            return CumulantReference(
                t,
                exact,
                max(levels.values()),
                dict(levels),
                change,
                top,
                tuple(history),
                time.perf_counter() - t0,
            )
        grow = [m for m in bosons if top[m] > 1e-2 * tol] or bosons
        nxt = {
            m: n + (0 if m not in grow else 2 * step if top[m] > 1e-3 else step)
            for m, n in levels.items()
        }
        if max(nxt.values()) > max_cutoff:
            raise ParameterError(
                "cutoff",
                f"qutip.mesolve not converged in the Fock cutoff below {max_cutoff} levels "
                f"(last relative change {change:.3g} > tol {tol:.3g} at "
                + ", ".join(f"{m}: {n}" for m, n in levels.items())
                + "); give a weaker drive, a larger max_cutoff or tol",
            )
        prev, levels = exact, nxt


def cumulant_comparison(
    cm,
    values,
    t,
    cutoff=None,
    initial=None,
    tol: float = 1e-6,
    *,
    reference: CumulantReference | None = None,
    rtol: float = 1e-10,
    atol: float = 1e-12,
) -> CumulantComparison:
    r"""A model with ``order`` (:class:`~nrqb_sym.runtime.cumulant.CumulantModel`) against
    ``qutip.mesolve`` of its kept-mode generator.

    The exact side is :func:`cumulant_reference` (``cutoff=None``: converged to ``tol``; pass
    ``reference`` to reuse one, e.g. for several orders of the same model and point: the
    generator does not depend on the order).  The cumulant side is
    :meth:`~nrqb_sym.runtime.cumulant.CumulantModel.simulate` with tolerances ``rtol``,
    ``atol``; its :class:`~nrqb_sym.runtime.values.UnphysicalWarning` and blow-up
    :class:`~nrqb_sym.runtime.values.ParameterError` reach the caller.  Compared per kept mode:
    ``x_<m>``, ``n_<m>``, ``E_<m>`` (modes with an energy) and ``W_<q>`` (two-level modes with
    an energy),

    .. math::

        \epsilon_Q = \frac{\max_t |Q_\mathrm{cumulant}(t) - Q_\mathrm{exact}(t)|}
            {\max(\max_t |Q_\mathrm{exact}(t)|, 10^{-10})}.
    """
    import time

    t = np.asarray(t, dtype=float)
    if reference is None:
        reference = cumulant_reference(cm, values, t, cutoff, initial, tol)
    elif reference.t.shape != t.shape or not np.array_equal(reference.t, t):
        raise ParameterError("reference", "was computed on other times than t")
    t0 = time.perf_counter()
    tr = cm.simulate(values, t, initial=initial, rtol=rtol, atol=atol)
    seconds = time.perf_counter() - t0
    fields = {"x": tr.amplitude, "n": tr.occupation, "E": tr.energy, "W": tr.ergotropy}
    approx: dict[str, np.ndarray] = {}
    for name in reference.exact:
        kind, _, m = name.partition("_")
        approx[name] = np.asarray(fields[kind][m])
    return CumulantComparison(
        t=t,
        exact=reference.exact,
        cumulant=approx,
        rel_error=_relative(reference.exact, approx),
        cutoff=reference.cutoff,
        cutoff_change=reference.cutoff_change,
        seconds_qutip=reference.seconds,
        seconds_cumulant=seconds,
        order=int(cm.order),
        cutoffs=dict(reference.cutoffs),
    )
