r"""Generic stage 2 - adiabatic elimination of fast modes (several at once).

Split the modes into kept ones :math:`P` and eliminated ones :math:`Q`.  The first moments obey
:math:`d\langle x\rangle/dt = -iK\langle x\rangle - if + \dots` with

.. math::

    K = h - \tfrac{i}{2}(G_u - G_v),

(:math:`G_u, G_v` the annihilation and creation blocks of the Kossakowski matrix, see
:mod:`nrqb_sym.derive.quadratic`).  Setting :math:`d x_Q/dt = 0` at zero frequency in the drive
frame (the projection result :math:`PHP + PHQ(E - QHQ)^{-1}QHP` at :math:`E = 0`, with the
non-Hermitian :math:`QHQ = K_{QQ}`) gives, with the Langevin noise of :math:`x_Q` carried along,

.. math::

    K_\text{eff} &= K_{PP} - K_{PQ}K_{QQ}^{-1}K_{QP} = z' K z'^\dagger, \qquad
        z' = [\,I,\ -K_{PQ}K_{QQ}^{-1}\,], \\
    f_\text{eff} &= f_P - K_{PQ}K_{QQ}^{-1} f_Q = z' f, \\
    h_\text{eff} &= z' h z'^\dagger, \qquad
    G_{u,\text{eff}} = z' G_u z'^\dagger, \qquad G_{v,\text{eff}} = z' G_v z'^\dagger, \\
    C_\text{eff} &= Z C Z^\dagger, \qquad Z = \operatorname{diag}(z', z'^*)
        \text{ over } A = (x, x^\dagger).

(:math:`K_\text{eff} = z'Kz'^\dagger` holds because :math:`z'K = [K_\text{eff}, 0]`.)  With
:math:`K_{QQ}^{-1} = \operatorname{adj}K_{QQ}/\delta`, :math:`\delta = \det K_{QQ}`, every
effective matrix is a polynomial matrix over :math:`\delta` or :math:`|\delta|^2` (the
mixed blocks of :math:`C_\text{eff}` are those of :math:`C_{PP}`), so no polynomial gcd is
needed and the cost stays polynomial in the size of the model.  So the
effective model is again a Lindblad model: Hermitian :math:`h_\text{eff}`, positive
semidefinite :math:`C_\text{eff}`, and :math:`h_\text{eff} - \tfrac{i}{2}(G_{u,\text{eff}} -
G_{v,\text{eff}}) = K_\text{eff}` exactly.  A thermal bath of occupation :math:`n_q` on an
eliminated mode reaches the kept modes as a collective bath with the same occupation.

Budgets: the closed-form effective matrices are derived for at most :data:`REDUCTION_KEPT`
kept and :data:`REDUCTION_FAST` eliminated modes (:func:`closed_reduction`); beyond, the kernels
eliminate numerically from the full model's matrices (the same Schur complement, at each
parameter point) and only the refusals below are checked (:func:`check_elimination`).
Single entries :math:`(K_\text{eff})_{ij}` (:func:`effective_entry`) are always derived.

Refused (``ModelError("FILE: KEY: reason at 'TOKEN'")`` naming the model file when given, the
key - ``eliminate`` or the offending ``dissipators[k].operator`` - the mode and the reason): squeezing touching an eliminated mode, a
jump operator mixing annihilation and creation operators on an eliminated mode, mixed blocks of
:math:`C` coupling an eliminated mode's annihilation and creation parts, and a singular
:math:`K_{QQ}` (an undamped eliminated mode).  In all these cases :math:`x_Q` would not follow
:math:`x_P` alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..model import algebra as alg
from ..model.spec import ModelError
from .quadratic import QuadraticForm

__all__ = [
    "Reduction",
    "reduce_model",
    "check_elimination",
    "effective_entry",
    "closed_reduction",
    "tidy",
    "TIDY_BUDGET",
    "REDUCTION_KEPT",
    "REDUCTION_FAST",
]

#: The effective matrices are derived in closed form for at most this many kept modes ...
REDUCTION_KEPT = 8
#: ... and this many eliminated ones; larger models keep the structured form
#: :math:`K_\text{eff} = K_{PP} - K_{PQ}K_{QQ}^{-1}K_{QP}`, evaluated by the kernels (single entries,
#: as the nonreciprocity stage needs, are always derived).
REDUCTION_FAST = 4

#: Entries with at most this many operations are simplified by ``cancel`` (polynomial gcds,
#: whose cost grows quickly with size; larger entries keep their numerator/denominator form).
TIDY_BUDGET = 60


def tidy(e: sp.Expr, budget: int = TIDY_BUDGET) -> sp.Expr:
    """``cancel`` an expression of at most ``budget`` operations; larger ones are returned as
    they are (``cancel`` runs polynomial gcds, whose cost grows quickly with size)."""
    if budget < 0 or e == 0 or sp.count_ops(e) > budget:
        return e
    return sp.cancel(e)


def _fraction(num: sp.Expr, den: sp.Expr, budget: int) -> sp.Expr:
    """``num/den`` with the numerator expanded, the denominator's rational content moved to
    the numerator, and ``cancel`` when small."""
    num = sp.expand(num)
    if num == 0:
        return sp.S.Zero
    content, primitive = sp.expand(den).as_content_primitive()
    return tidy(sp.expand(num / content) / primitive, budget)


@dataclass(frozen=True)
class Reduction:
    r"""Result of eliminating the modes :math:`Q`.

    Attributes:
        full: the full model.
        kept: kept modes :math:`P` (in model order).
        eliminated: eliminated modes :math:`Q` (in model order).
        K: :math:`K = h - \tfrac{i}{2}(G_u - G_v)` of the full model.
        K_QQ: the eliminated block (its inverse is the zero-frequency resolvent).
        X: :math:`K_{PQ}K_{QQ}^{-1}`.
        z: :math:`z' = [I, -X]` (:math:`|P|\times N`, columns in model order).
        K_eff: :math:`K_{PP} - K_{PQ}K_{QQ}^{-1}K_{QP}`.
        f_eff: :math:`f_P - X f_Q`.
        h_eff: :math:`z' h z'^\dagger` (Hermitian part of :math:`K_\text{eff}`).
        C_eff: :math:`Z C Z^\dagger`.
        shifts: :math:`h_\text{eff} - h_{PP}` (frequency shifts and induced coherent couplings).
        rates: :math:`G_{u,\text{eff}} - G_{v,\text{eff}} - (G_u - G_v)_{PP}`, the induced
            dissipative matrix (:math:`\Gamma_a = 4g_a^2/\kappa_c` etc. for the paper's model).
        effective: the effective :class:`QuadraticForm` on :math:`P`.
    """

    full: QuadraticForm
    kept: tuple[str, ...]
    eliminated: tuple[str, ...]
    K: sp.ImmutableMatrix
    K_QQ: sp.ImmutableMatrix
    X: sp.ImmutableMatrix
    z: sp.ImmutableMatrix
    K_eff: sp.ImmutableMatrix
    f_eff: sp.ImmutableMatrix
    h_eff: sp.ImmutableMatrix
    C_eff: sp.ImmutableMatrix
    shifts: sp.ImmutableMatrix
    rates: sp.ImmutableMatrix
    effective: QuadraticForm


def _refusal(where: str | None, key: str, reason: str, token: str) -> ModelError:
    """``ModelError("FILE: KEY: reason at 'TOKEN'")``, the convention of the model-file parser
    (without ``FILE: `` when the form was not read from a file)."""
    prefix = f"{where}: " if where else ""
    return ModelError(f"{prefix}{key}: {reason} at {token!r}")


def _check(
    qf: QuadraticForm,
    Q: list[int],
    channels: list[tuple[str, str, sp.Matrix]] | None,
    where: str | None,
) -> None:
    n = qf.n
    for q in Q:
        name = qf.modes[q]
        for j in range(n):
            if qf.s[q, j] != 0:
                coeff = qf.s[q, j] if j != q else qf.s[q, q] / 2
                pair = alg.mul(alg.ladder(name, dag=True), alg.ladder(qf.modes[j], dag=True))
                term = alg.poly_text(alg.scale(coeff, pair))
                raise _refusal(
                    where,
                    "eliminate",
                    f"cannot eliminate mode {name!r}: the squeezing term {term} (and its "
                    "conjugate) touches it; elimination needs an eliminated mode coupled only "
                    "through beam-splitter terms",
                    name,
                )
        for key, text, w in channels or []:
            if (w[q] != 0 or w[n + q] != 0) and (
                any(w[k] != 0 for k in range(n)) and any(w[n + k] != 0 for k in range(n))
            ):
                raise _refusal(
                    where,
                    key,
                    f"cannot eliminate mode {name!r}: the jump operator acts on it and mixes "
                    "annihilation and creation operators; elimination needs its jumps purely "
                    "annihilating or purely creating",
                    text,
                )
        mixed = [qf.C[q, n + j] for j in range(n)] + [qf.C[j, n + q] for j in range(n)]
        if any(sp.expand(e) != 0 for e in mixed):
            raise _refusal(
                where,
                "eliminate",
                f"cannot eliminate mode {name!r}: the dissipators couple its annihilation and "
                "creation parts (mixed blocks of the Kossakowski matrix); elimination needs its "
                "jumps purely annihilating or purely creating",
                name,
            )


def _split(qf: QuadraticForm, eliminate, where: str | None) -> tuple[list[int], list[int]]:
    modes = qf.modes
    listed = ", ".join(eliminate)
    for m in eliminate:
        if m not in modes:
            raise _refusal(where, "eliminate", f"unknown mode (modes: {', '.join(modes)})", m)
    if len(set(eliminate)) != len(eliminate):
        raise _refusal(where, "eliminate", "a mode is listed twice", listed)
    Q = [i for i, m in enumerate(modes) if m in eliminate]
    P = [i for i, m in enumerate(modes) if m not in eliminate]
    if not P:
        raise _refusal(where, "eliminate", "every mode is eliminated; keep at least one", listed)
    return P, Q


def _singular(qf: QuadraticForm, Q: list[int], where: str | None) -> ModelError:
    names = ", ".join(qf.modes[q] for q in Q)
    return _refusal(
        where,
        "eliminate",
        f"cannot eliminate {names}: K_QQ = h_QQ - (i/2)(G_u - G_v)_QQ is singular "
        "(an undamped eliminated mode has no zero-frequency response)",
        names,
    )


def _prepare(qf, eliminate, channels, where):
    """Refusals, then ``(P, Q, K, K_QQ, det K_QQ)`` (the determinant expanded)."""
    P, Q = _split(qf, eliminate, where)
    _check(qf, Q, channels, where)
    K = sp.Matrix(qf.K).applyfunc(sp.expand)
    K_QQ = K.extract(Q, Q)
    delta = sp.expand(K_QQ.det(method="berkowitz"))
    if delta == 0:
        raise _singular(qf, Q, where)
    return P, Q, K, K_QQ, delta


def closed_reduction(qf: QuadraticForm, eliminate) -> bool:
    """Whether the effective matrices are derived in closed form (module docstring)."""
    return len(eliminate) <= REDUCTION_FAST and qf.n - len(eliminate) <= REDUCTION_KEPT


def check_elimination(
    qf: QuadraticForm,
    eliminate,
    channels: list[tuple[str, str, sp.Matrix]] | None = None,
    where: str | None = None,
) -> None:
    r"""The refusals of :func:`reduce_model` without deriving the effective matrices (for models
    past the closed-form budget).  :math:`K_{QQ}` is checked for singularity symbolically when
    :math:`|Q| \le` :data:`REDUCTION_FAST`, else at sample points of the parameter domain.

    Raises:
        ModelError: as :func:`reduce_model`.
    """
    P, Q = _split(qf, eliminate, where)
    _check(qf, Q, channels, where)
    K_QQ = sp.Matrix(qf.K).extract(Q, Q).applyfunc(sp.expand)
    if len(Q) <= REDUCTION_FAST:
        if sp.expand(K_QQ.det(method="berkowitz")) == 0:
            raise _singular(qf, Q, where)
        return
    import numpy as np

    from ..model.spec import numeric_value

    syms = sorted(K_QQ.free_symbols, key=lambda x: x.name)
    for point in range(3):
        values = {
            x: (0.37 + ((7 * k + 11 * point) % 17) / 6.1)
            * (-1 if (k + point) % 2 and not x.is_nonnegative else 1)
            for k, x in enumerate(syms)
        }
        num = np.array([[numeric_value(e, values) for e in row] for row in K_QQ.tolist()])
        if abs(np.linalg.det(num)) > 0:
            return
    raise _singular(qf, Q, where)


def effective_entry(qf: QuadraticForm, eliminate, i: int, j: int) -> sp.Expr:
    r""":math:`(K_\text{eff})_{ij} = K_{ij} - K_{iQ}K_{QQ}^{-1}K_{Qj}` for kept modes ``i``, ``j``
    (indices of the full model), with :math:`K_{QQ}^{-1} = \operatorname{adj}K_{QQ}/\det K_{QQ}`
    (no simplification; refusals are the caller's)."""
    Q = [k for k, m in enumerate(qf.modes) if m in eliminate]
    K = sp.Matrix(qf.K)
    if not Q:
        return sp.expand(K[i, j])
    K_QQ = K.extract(Q, Q).applyfunc(sp.expand)
    delta = sp.expand(K_QQ.det(method="berkowitz"))
    adj = K_QQ.adjugate(method="berkowitz")
    row = K.extract([i], Q)
    col = K.extract(Q, [j])
    num = sp.expand((row * adj * col)[0, 0])
    return K[i, j] - num / delta


def reduce_model(
    qf: QuadraticForm,
    eliminate: tuple[str, ...] | list[str],
    channels: list[tuple[str, str, sp.Matrix]] | None = None,
    simplify: bool = True,
    where: str | None = None,
) -> Reduction:
    """Eliminate the modes ``eliminate`` from ``qf`` (see the module docstring).

    Args:
        qf: the full model.
        eliminate: names of the fast modes (one or several).
        channels: optional ``[(key, text, w_k)]``: the jump vectors with the model-file key
            (``dissipators[0].operator``) and operator text, for a refusal that names the channel.
        simplify: put small entries over one denominator (``cancel``); ``False`` keeps the raw
            matrix products (for callers that need one entry only).
        where: the model file (or model name) that refusals start with, as the parser's
            ``FILE: KEY: reason at 'TOKEN'``.

    Raises:
        ModelError: unknown, duplicate or all modes listed, or a refused structure.
    """
    P, Q, K, K_QQ, delta = _prepare(qf, eliminate, channels, where)
    modes = qf.modes
    n = qf.n
    budget = TIDY_BUDGET if simplify else -1
    nP = len(P)
    # K_QQ^-1 = adj(K_QQ)/delta and X = K_PQ K_QQ^-1 = Y/delta: every effective matrix is a
    # polynomial matrix over delta or |delta|^2 (no gcd needed, so the cost stays polynomial).
    adj = K_QQ.adjugate(method="berkowitz").applyfunc(sp.expand)
    Y = (K.extract(P, Q) * adj).applyfunc(sp.expand)
    delta2 = sp.expand(delta * sp.conjugate(delta))
    zt = sp.zeros(nP, n)  # z' = zt/delta
    for r, p in enumerate(P):
        zt[r, p] = delta
    for c, q in enumerate(Q):
        for r in range(nP):
            zt[r, q] = -Y[r, c]

    def over(num: sp.Matrix, den: sp.Expr) -> sp.ImmutableMatrix:
        return sp.ImmutableMatrix(num.applyfunc(lambda e: _fraction(e, den, budget)))

    X = over(Y, delta)
    z = over(zt, delta)
    K_eff = over(delta * K.extract(P, P) - Y * K.extract(Q, P), delta)
    f = sp.Matrix(qf.f)
    f_eff = over(delta * f.extract(P, [0]) - Y * f.extract(Q, [0]), delta)
    h = sp.Matrix(qf.h)
    h_num = zt * h * zt.H
    h_eff = over(h_num, delta2)
    C = sp.Matrix(qf.C)
    Cuu, Cvv = C[:n, :n], C[n:, n:]
    uu = zt * Cuu * zt.H
    vv = zt.conjugate() * Cvv * zt.T
    # the mixed blocks do not touch Q (checked above), and z' = I on P
    uv = C[:n, n:].extract(P, P)
    C_eff = sp.ImmutableMatrix(
        sp.Matrix.vstack(
            sp.Matrix.hstack(over(uu, delta2), uv), sp.Matrix.hstack(uv.H, over(vv, delta2))
        )
    )
    Gu, Gv = qf.G_u, qf.G_v
    rates = over(uu - vv.T - delta2 * (Gu.extract(P, P) - Gv.extract(P, P)), delta2)
    shifts = over(h_num - delta2 * h.extract(P, P), delta2)
    kept = tuple(modes[p] for p in P)
    effective = QuadraticForm(
        modes=kept,
        h=h_eff,
        s=sp.ImmutableMatrix(sp.Matrix(qf.s).extract(P, P)),
        f=f_eff,
        C=C_eff,
        energies={m: e for m, e in qf.energies.items() if m in kept},
        params=qf.params,
    )
    return Reduction(
        full=qf,
        kept=kept,
        eliminated=tuple(modes[q] for q in Q),
        K=sp.ImmutableMatrix(K),
        K_QQ=sp.ImmutableMatrix(K_QQ),
        X=X,
        z=z,
        K_eff=K_eff,
        f_eff=f_eff,
        h_eff=h_eff,
        C_eff=C_eff,
        shifts=shifts,
        rates=rates,
        effective=effective,
    )
