r"""An independent numeric reference for linear (Gaussian) bosonic networks.

Nothing here comes from ``nrqb_sym``: the model enters as plain numbers and every matrix below is
derived by hand from the master equation.  The tests compare the package's generated kernels with
it (full model) and with its numerically eliminated form (effective model).

Model
-----
Modes :math:`x_1..x_N` (:math:`[x_i, x_j^\dagger] = \delta_{ij}`, :math:`x'` is the adjoint),

.. math::

    H = \sum_{ij} h_{ij} x_i' x_j
        + \tfrac12\sum_{ij}\big(s_{ij} x_i' x_j' + s_{ij}^* x_i x_j\big)
        + \sum_i \big(f_i x_i' + f_i^* x_i\big),\qquad
    \dot\rho = -i[H,\rho] + \sum_k D[L_k]\rho,\quad
    L_k = \sum_i \big(u_{ki} x_i + v_{ki} x_i'\big)

with ``h`` Hermitian, ``s`` symmetric and the rates absorbed in ``u_k, v_k``
(:math:`\gamma D[x]` is ``u = sqrt(gamma) e_x``; a thermal bath on ``x`` is the two channels
:math:`\kappa(n+1)D[x]` and :math:`\kappa n D[x']`).

First moments (Heisenberg picture)
----------------------------------
For any operator ``O``, :math:`\frac{d}{dt}\langle O\rangle = \langle i[H, O] + \sum_k D^\dagger[L_k] O\rangle`
with :math:`D^\dagger[L]O = L'OL - \frac12\{L'L, O\} = \frac12(L'[O, L] + [L', O]L)`.

* :math:`[x_k, H] = \sum_j h_{kj}x_j + \sum_j s_{kj}x_j' + f_k` (``s`` symmetric), so the
  Hamiltonian part of :math:`\dot x_k` is :math:`-i(h x + s x' + f)_k`.
* :math:`[x_k, L] = v_k` and :math:`[L', x_k] = -u_k^*` (c-numbers, ``L`` linear), hence
  :math:`D^\dagger[L]x_k = \frac12(v_k L' - u_k^* L)
  = \frac12\sum_j\big[(v_k v_j^* - u_k^* u_j)x_j + (v_k u_j^* - u_k^* v_j)x_j'\big]`.

So :math:`\frac{d}{dt}\langle x\rangle = M_1\langle x\rangle + M_2\langle x'\rangle - i f` with

.. math::

    M_1 = -ih + \tfrac12\sum_k(v_k v_k^\dagger - u_k^* u_k^T),\qquad
    M_2 = -is + \tfrac12\sum_k(v_k u_k^\dagger - u_k^* v_k^T).

Quadratures :math:`r = (q_1..q_N, p_1..p_N)`, :math:`x = (q + ip)/\sqrt2`,
:math:`[q_i, p_j] = i\delta_{ij}`.  Writing :math:`\dot q + i\dot p = M_1(q + ip) + M_2(q - ip)
- i\sqrt2 f` and taking real and imaginary parts:

.. math::

    A = \begin{pmatrix} \mathrm{Re}(M_1 + M_2) & -\mathrm{Im}(M_1 - M_2)\\
                        \mathrm{Im}(M_1 + M_2) & \mathrm{Re}(M_1 - M_2)\end{pmatrix},\qquad
    c = \sqrt2\begin{pmatrix}\mathrm{Im} f\\ -\mathrm{Re} f\end{pmatrix},\qquad
    \frac{d}{dt}\langle r\rangle = A\langle r\rangle + c.

Second moments
--------------
For a product, :math:`D^\dagger[L](PQ) = D^\dagger[L](P)\,Q + P\,D^\dagger[L](Q) + [L', P][Q, L]`
(expand both sides) and the Hamiltonian part is a derivation.  With the centred
:math:`C_{ab} = \langle r_a r_b\rangle - \langle r_a\rangle\langle r_b\rangle` this gives
:math:`\dot C = AC + CA^T + \sum_k \beta_k^*\beta_k^T` with the c-number vectors
:math:`\beta_k = [r, L_k]` (and :math:`[L_k', r] = \beta_k^*`):

.. math::

    \beta_k = \Big(\frac{v_k - u_k}{\sqrt2},\; -i\,\frac{u_k + v_k}{\sqrt2}\Big).

The symmetrised covariance :math:`V = \frac12(C + C^T)` therefore obeys

.. math::

    \dot V = AV + VA^T + D,\qquad D = \sum_k \mathrm{Re}\big(\beta_k^*\beta_k^T\big)

(:math:`\beta^*\beta^T` is Hermitian, so its symmetric part is its real part).  Check: for
:math:`\kappa D[x]` alone, :math:`A = -\frac\kappa2 I`, :math:`D = \frac\kappa2 I` and the steady
state is the vacuum :math:`V = I/2`.  We carry :math:`W = V - I/2` (zero in the vacuum), so small
occupations keep their relative precision:

.. math::

    \dot W = AW + WA^T + D_W,\qquad D_W = D + \tfrac12(A + A^T).

Observables (:math:`\langle q_ip_j\rangle = V_{q_ip_j} + \frac i2\delta_{ij} + \langle q_i\rangle\langle p_j\rangle`):

.. math::

    \langle x_i' x_j\rangle = \tfrac12\big(W_{q_iq_j} + W_{p_ip_j} + i(W_{q_ip_j} - W_{p_iq_j})\big)
        + \langle x_i\rangle^*\langle x_j\rangle,\qquad
    \langle x_i x_j\rangle = \tfrac12\big(W_{q_iq_j} - W_{p_ip_j} + i(W_{q_ip_j} + W_{p_iq_j})\big)
        + \langle x_i\rangle\langle x_j\rangle,

in particular :math:`\langle x'x\rangle = \frac12(V_{qq} + V_{pp} - 1) + |\langle x\rangle|^2`.

Solutions
---------
Exact, by matrix exponentials of augmented affine systems (finite at exceptional points, no
eigenvectors), stepped along the time grid (one exponential per distinct step ``h``):
``expm([[A, c], [0, 0]] h)`` for the mean and, for ``W``, the Kronecker-sum form
:math:`\frac{d}{dt}\mathrm{vec}W = (A\otimes I + I\otimes A)\mathrm{vec}W + \mathrm{vec}D_W`
(row-major ``vec``), which does not overflow for stiff ``A`` as the Van Loan block
:math:`e^{-At}` would.  Steady state: :math:`\langle r\rangle = -A^{-1}c` and the Lyapunov equation
:math:`AW + WA^T + D_W = 0` (``scipy.linalg.solve_continuous_lyapunov``).

Adiabatic elimination (Langevin picture)
----------------------------------------
Split :math:`r = (r_P, r_Q)` by modes.  Slaving the fast quadratures at zero frequency,
:math:`0 = A_{QP}r_P + A_{QQ}r_Q + c_Q + \xi_Q`, and substituting into the slow equation:

.. math::

    A_\mathrm{eff} = A_{PP} - A_{PQ}A_{QQ}^{-1}A_{QP},\quad
    c_\mathrm{eff} = c_P - A_{PQ}A_{QQ}^{-1}c_Q,\quad
    D_\mathrm{eff} = BDB^T,\quad B = [I, -A_{PQ}A_{QQ}^{-1}]

(the noise :math:`\xi_P - A_{PQ}A_{QQ}^{-1}\xi_Q` has diffusion :math:`BDB^T`; note ``D``, not
``D_W``).  This is computed on the real quadrature matrices, not through a Lindblad form.

Drift of the complex amplitudes
-------------------------------
Back from quadratures (:math:`q = (x + x')/\sqrt2`, :math:`p = (x - x')/(i\sqrt2)`):
:math:`\dot{\langle x\rangle} = M_1\langle x\rangle + M_2\langle x'\rangle + \dots` with
:math:`M_1 = \frac12(A_{qq} + A_{pp}) + \frac i2(A_{pq} - A_{qp})` and
:math:`M_2 = \frac12(A_{qq} - A_{pp}) + \frac i2(A_{pq} + A_{qp})`
(:func:`amplitude_drift`); the spectrum of a model is that of :math:`M_1` when :math:`M_2 = 0`,
else of :math:`\begin{pmatrix}M_1 & M_2\\ M_2^* & M_1^*\end{pmatrix}`.

Gaussian ergotropy
------------------
For :math:`H = \sum_k\omega_k x_k'x_k` the energy is
:math:`\sum_k\omega_k(\frac12(V_{q_kq_k} + V_{p_kp_k}) - \frac12 + |\langle x_k\rangle|^2)`.
Gaussian unitaries remove the displacement and act on :math:`V` as :math:`SVS^T` with
:math:`S\Omega S^T = \Omega`, :math:`\Omega = \begin{pmatrix}0 & I\\ -I & 0\end{pmatrix}`.
Williamson's theorem gives :math:`SVS^T = \mathrm{diag}(\nu, \nu)`; the least energy over
symplectic :math:`S` is :math:`\sum_k\omega_{(k)}(\nu_{(k)} - \frac12)` with the largest
:math:`\nu` on the smallest :math:`\omega` (a thermal state per mode), so the Gaussian ergotropy
is the energy minus that.  :func:`williamson` builds :math:`S` explicitly: with
:math:`K = V^{-1/2}\Omega V^{-1/2}` (antisymmetric) in real Schur form
:math:`O^TKO = \begin{pmatrix}0 & \nu^{-1}\\ -\nu^{-1} & 0\end{pmatrix}` (blocks reordered),
:math:`S = (\nu^{1/2}\oplus\nu^{1/2})O^TV^{-1/2}` satisfies :math:`SVS^T = \nu\oplus\nu` and
:math:`S\Omega S^T = \Omega`.  One mode: :math:`\nu = \sqrt{\det V}`, and
:math:`\nu - \frac12 = (\det W + \frac12\operatorname{tr}W)/(\nu + \frac12)` keeps small
occupations at relative precision.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.linalg as sla

__all__ = [
    "GaussianModel",
    "ProductState",
    "QuadratureSystem",
    "Moments",
    "quadrature_system",
    "eliminate",
    "evolve",
    "steady",
    "moments_from",
    "complex_drift",
    "amplitude_drift",
    "symplectic_form",
    "williamson",
    "mode_ergotropy",
    "joint_ergotropy",
]

SQRT2 = np.sqrt(2.0)


@dataclass(frozen=True)
class GaussianModel:
    """Numbers of a linear network (see the module docstring for the meaning of each).

    Attributes:
        modes: names, in matrix order.
        h: (N, N) Hermitian.
        s: (N, N) symmetric.
        f: (N,) drives.
        jumps: ``(u, v)`` pairs of (N,) vectors, rates included: ``L = u.x + v.x'``.
    """

    modes: tuple[str, ...]
    h: np.ndarray
    s: np.ndarray
    f: np.ndarray
    jumps: tuple[tuple[np.ndarray, np.ndarray], ...] = ()

    def __post_init__(self) -> None:
        n = len(self.modes)
        h = np.asarray(self.h, dtype=complex)
        s = np.asarray(self.s, dtype=complex)
        f = np.asarray(self.f, dtype=complex)
        assert h.shape == (n, n) and s.shape == (n, n) and f.shape == (n,)
        assert np.allclose(h, h.conj().T, atol=1e-14), "h must be Hermitian"
        assert np.allclose(s, s.T, atol=1e-14), "s must be symmetric"
        object.__setattr__(self, "h", h)
        object.__setattr__(self, "s", s)
        object.__setattr__(self, "f", f)
        jumps = tuple(
            (np.asarray(u, dtype=complex), np.asarray(v, dtype=complex)) for u, v in self.jumps
        )
        object.__setattr__(self, "jumps", jumps)

    @property
    def n(self) -> int:
        return len(self.modes)

    def index(self, mode: str) -> int:
        return self.modes.index(mode)


@dataclass(frozen=True)
class ProductState:
    r"""A product of displaced squeezed thermal states :math:`D(\alpha)S(\xi)\rho_{th}(n_0)
    S^\dagger D^\dagger`, :math:`\xi = re^{i\phi}`, :math:`S(\xi) = e^{(\xi^*x^2 - \xi x'^2)/2}`.

    Quadratures: :math:`\langle r\rangle = \sqrt2(\mathrm{Re}\,\alpha, \mathrm{Im}\,\alpha)`.
    :math:`S^\dagger x S = x\cosh r - x'e^{i\phi}\sinh r`: in the frame
    :math:`x = e^{i\phi/2}y` the squeezing is along ``q_y`` and
    :math:`V_y = (n_0 + \frac12)\mathrm{diag}(e^{-2r}, e^{2r})`; back in the ``x`` frame
    :math:`V = R(\phi/2)V_yR(\phi/2)^T` with the rotation
    :math:`R(\varphi) = ((\cos\varphi, -\sin\varphi), (\sin\varphi, \cos\varphi))`, and
    :math:`W = V - I/2` per mode.
    """

    alpha: np.ndarray
    n0: np.ndarray
    r: np.ndarray | None = None
    phi: np.ndarray | None = None

    @classmethod
    def vacuum(cls, n: int) -> ProductState:
        return cls(np.zeros(n, dtype=complex), np.zeros(n))

    def quadratures(self) -> tuple[np.ndarray, np.ndarray]:
        alpha = np.asarray(self.alpha, dtype=complex)
        n0 = np.asarray(self.n0, dtype=float)
        N = alpha.size
        r = np.zeros(N) if self.r is None else np.asarray(self.r, dtype=float)
        phi = np.zeros(N) if self.phi is None else np.asarray(self.phi, dtype=float)
        r0 = SQRT2 * np.concatenate([alpha.real, alpha.imag])
        W0 = np.zeros((2 * N, 2 * N))
        for i in range(N):
            c, s = np.cos(phi[i] / 2), np.sin(phi[i] / 2)
            R = np.array([[c, -s], [s, c]])
            Vy = (n0[i] + 0.5) * np.diag([np.exp(-2 * r[i]), np.exp(2 * r[i])])
            Wi = R @ Vy @ R.T - 0.5 * np.eye(2)
            if r[i] == 0.0:
                Wi = n0[i] * np.eye(2)  # exact, no 1/2 - 1/2 rounding
            ix = [i, N + i]
            W0[np.ix_(ix, ix)] = Wi
        return r0, W0


@dataclass(frozen=True)
class QuadratureSystem:
    r"""``d<r>/dt = A<r> + c``, ``dV/dt = AV + VA^T + D`` over ``r = (q_1..q_N, p_1..p_N)``."""

    modes: tuple[str, ...]
    A: np.ndarray
    c: np.ndarray
    D: np.ndarray
    omega: dict[str, float] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.modes)

    @property
    def D_W(self) -> np.ndarray:
        """Diffusion of :math:`W = V - I/2`: :math:`D + (A + A^T)/2`."""
        return self.D + 0.5 * (self.A + self.A.T)

    def eigenvalues(self) -> np.ndarray:
        return np.linalg.eigvals(self.A)

    def stability_margin(self) -> float:
        """``-max Re(eig A)`` (positive when stable)."""
        return float(-np.max(self.eigenvalues().real))


def complex_drift(model: GaussianModel) -> tuple[np.ndarray, np.ndarray]:
    r""":math:`M_1, M_2` of :math:`\dot{\langle x\rangle} = M_1\langle x\rangle + M_2\langle x'\rangle - if`."""
    M1 = -1j * model.h
    M2 = -1j * model.s
    for u, v in model.jumps:
        M1 = M1 + 0.5 * (np.outer(v, v.conj()) - np.outer(u.conj(), u))
        M2 = M2 + 0.5 * (np.outer(v, u.conj()) - np.outer(u.conj(), v))
    return M1, M2


def quadrature_system(model: GaussianModel) -> QuadratureSystem:
    """The real drift ``A``, drive ``c`` and diffusion ``D`` (module docstring)."""
    M1, M2 = complex_drift(model)
    P, Mm = M1 + M2, M1 - M2
    A = np.block([[P.real, -Mm.imag], [P.imag, Mm.real]])
    c = SQRT2 * np.concatenate([model.f.imag, -model.f.real])
    D = np.zeros((2 * model.n, 2 * model.n))
    for u, v in model.jumps:
        beta = np.concatenate([(v - u) / SQRT2, -1j * (u + v) / SQRT2])
        D += np.outer(beta.conj(), beta).real
    return QuadratureSystem(model.modes, A, c, D)


def _quadrature_index(modes: Sequence[str], chosen: Sequence[str]) -> np.ndarray:
    n = len(modes)
    idx = [modes.index(m) for m in chosen]
    return np.array(idx + [i + n for i in idx], dtype=int)


def eliminate(system: QuadratureSystem, fast: Sequence[str]) -> QuadratureSystem:
    """Langevin elimination of the ``fast`` modes at zero frequency (module docstring)."""
    kept = tuple(m for m in system.modes if m not in fast)
    P = _quadrature_index(system.modes, kept)
    Q = _quadrature_index(system.modes, fast)
    A, c, D = system.A, system.c, system.D
    X = np.linalg.solve(A[np.ix_(Q, Q)].T, A[np.ix_(P, Q)].T).T  # A_PQ A_QQ^-1
    A_eff = A[np.ix_(P, P)] - X @ A[np.ix_(Q, P)]
    c_eff = c[P] - X @ c[Q]
    B = np.hstack([np.eye(len(P)), -X])
    PQ = np.concatenate([P, Q])
    D_eff = B @ D[np.ix_(PQ, PQ)] @ B.T
    return QuadratureSystem(kept, A_eff, c_eff, 0.5 * (D_eff + D_eff.T))


@dataclass(frozen=True)
class Moments:
    """First and second moments over time (or at one time: leading axis of length 1).

    Attributes:
        modes: names.
        t: times.
        r: (T, 2N) quadrature means.
        W: (T, 2N, 2N) ``V - I/2``.
        dr, dW: their time derivatives (for powers).
    """

    modes: tuple[str, ...]
    t: np.ndarray
    r: np.ndarray
    W: np.ndarray
    dr: np.ndarray
    dW: np.ndarray

    @property
    def n(self) -> int:
        return len(self.modes)

    @property
    def amplitudes(self) -> np.ndarray:
        """(T, N) complex ``<x_m>``."""
        n = self.n
        return (self.r[:, :n] + 1j * self.r[:, n:]) / SQRT2

    def normal(self) -> np.ndarray:
        """(T, N, N) ``<x_i' x_j>``."""
        n = self.n
        W = self.W
        qq, pp = W[:, :n, :n], W[:, n:, n:]
        qp, pq = W[:, :n, n:], W[:, n:, :n]
        a = self.amplitudes
        return 0.5 * (qq + pp + 1j * (qp - pq)) + a.conj()[:, :, None] * a[:, None, :]

    def anomalous(self) -> np.ndarray:
        """(T, N, N) ``<x_i x_j>``."""
        n = self.n
        W = self.W
        qq, pp = W[:, :n, :n], W[:, n:, n:]
        qp, pq = W[:, :n, n:], W[:, n:, :n]
        a = self.amplitudes
        return 0.5 * (qq - pp + 1j * (qp + pq)) + a[:, :, None] * a[:, None, :]

    @property
    def occupations(self) -> np.ndarray:
        """(T, N) ``<x_m' x_m>`` (fluctuations included)."""
        n = self.n
        d = np.diagonal(self.W, axis1=1, axis2=2)
        return 0.5 * (d[:, :n] + d[:, n:]) + np.abs(self.amplitudes) ** 2

    @property
    def occupation_rates(self) -> np.ndarray:
        """(T, N) ``d<x_m' x_m>/dt``."""
        n = self.n
        d = np.diagonal(self.dW, axis1=1, axis2=2)
        rr = self.r * self.dr
        return 0.5 * (d[:, :n] + d[:, n:]) + rr[:, :n] + rr[:, n:]

    def mode(self, name: str) -> dict[str, np.ndarray]:
        i = self.modes.index(name)
        return {
            "amplitude": self.amplitudes[:, i],
            "occupation": self.occupations[:, i],
            "occupation_rate": self.occupation_rates[:, i],
        }


def _affine_propagators(A: np.ndarray, b: np.ndarray, t: np.ndarray, z0: np.ndarray) -> np.ndarray:
    """``z(t_k)`` for ``dz/dt = A z + b``, ``z(0) = z0``, at non-decreasing times ``t_k``.

    Step by step, ``z(t_k) = E(t_k - t_{k-1}) z(t_{k-1})`` with ``E(h)`` the exponential of the
    augmented matrix ``[[A, b], [0, 0]] h`` (one exponential per distinct step)."""
    m = A.shape[0]
    aug = np.zeros((m + 1, m + 1))
    aug[:m, :m] = A
    aug[:m, m] = b
    cache: dict[float, np.ndarray] = {}
    z = np.append(z0, 1.0)
    out = []
    prev = 0.0
    for tk in t:
        h = float(tk - prev)
        if h not in cache:
            cache[h] = sla.expm(aug * h)
        z = cache[h] @ z
        out.append(z[:m])
        prev = float(tk)
    return np.array(out)


def evolve(
    system: QuadratureSystem, t: Sequence[float], initial: ProductState | None = None
) -> Moments:
    """Exact first and second moments at the non-decreasing times ``t >= 0`` (module docstring)."""
    n = system.n
    state = initial if initial is not None else ProductState.vacuum(n)
    r0, W0 = state.quadratures()
    A, c, DW = system.A, system.c, system.D_W
    m = 2 * n
    t = np.asarray(t, dtype=float)
    assert t.ndim == 1 and t[0] >= 0 and np.all(np.diff(t) >= 0), "times must be sorted, >= 0"
    K = np.kron(A, np.eye(m)) + np.kron(np.eye(m), A)  # row-major vec(AW + WA^T)
    r = _affine_propagators(A, c, t, r0)
    W = _affine_propagators(K, DW.reshape(-1), t, W0.reshape(-1)).reshape(-1, m, m)
    W = 0.5 * (W + np.transpose(W, (0, 2, 1)))
    dr = r @ A.T + c
    dW = A @ W + W @ A.T + DW
    return Moments(system.modes, t, r, W, dr, dW)


def steady(system: QuadratureSystem) -> Moments:
    """Steady state: ``<r> = -A^-1 c`` and the Lyapunov solution for ``W``."""
    r = -np.linalg.solve(system.A, system.c)
    W = sla.solve_continuous_lyapunov(system.A, -system.D_W)
    W = 0.5 * (W + W.T)
    z = np.zeros_like(W)
    return Moments(system.modes, np.array([np.inf]), r[None], W[None], 0 * r[None], z[None])


def moments_from(
    system: QuadratureSystem, t: Sequence[float], initial: ProductState | None = None
) -> Moments:
    r"""Second route for stable systems: :math:`r(t) = r_{ss} + e^{At}(r_0 - r_{ss})`,
    :math:`W(t) = W_{ss} + e^{At}(W_0 - W_{ss})e^{A^Tt}` (used to check :func:`evolve`)."""
    n = system.n
    state = initial if initial is not None else ProductState.vacuum(n)
    r0, W0 = state.quadratures()
    ss = steady(system)
    rss, Wss = ss.r[0], ss.W[0]
    t = np.asarray(t, dtype=float)
    rs, Ws = [], []
    for tk in t:
        E = sla.expm(system.A * tk)
        rs.append(rss + E @ (r0 - rss))
        Ws.append(Wss + E @ (W0 - Wss) @ E.T)
    r, W = np.array(rs), np.array(Ws)
    dr = r @ system.A.T + system.c
    dW = system.A @ W + W @ system.A.T + system.D_W
    return Moments(system.modes, t, r, W, dr, dW)


# ------------------------------------------------------------------------ spectrum, ergotropy
def amplitude_drift(system: QuadratureSystem) -> np.ndarray:
    r"""The drift whose spectrum is the model's (module docstring): :math:`M_1` when the
    :math:`\langle x\rangle` and :math:`\langle x'\rangle` blocks decouple, else the
    :math:`2N\times 2N` drift of :math:`(\langle x\rangle, \langle x'\rangle)`."""
    n = system.n
    A = system.A
    qq, qp, pq, pp = A[:n, :n], A[:n, n:], A[n:, :n], A[n:, n:]
    M1 = 0.5 * (qq + pp) + 0.5j * (pq - qp)
    M2 = 0.5 * (qq - pp) + 0.5j * (pq + qp)
    if np.max(np.abs(M2)) <= 1e-14 * max(1.0, float(np.max(np.abs(M1)))):
        return M1
    return np.block([[M1, M2], [M2.conj(), M1.conj()]])


def symplectic_form(k: int) -> np.ndarray:
    r""":math:`\Omega` over ``(q_1..q_k, p_1..p_k)``."""
    om = np.zeros((2 * k, 2 * k))
    om[:k, k:] = np.eye(k)
    om[k:, :k] = -np.eye(k)
    return om


def williamson(V: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symplectic eigenvalues ``nu`` (k,) and the symplectic ``S`` with ``S V S^T =
    diag(nu, nu)`` of a positive definite ``V`` over ``(q, p)`` (module docstring)."""
    V = 0.5 * (np.asarray(V, dtype=float) + np.asarray(V, dtype=float).T)
    k = V.shape[0] // 2
    ev, U = np.linalg.eigh(V)
    assert ev.min() > 0, "V must be positive definite"
    Vm = (U / np.sqrt(ev)) @ U.T  # V^{-1/2}
    K = Vm @ symplectic_form(k) @ Vm
    T, O = sla.schur(0.5 * (K - K.T), output="real")
    b = np.empty(k)
    for i in range(k):  # 2x2 blocks [[0, b], [-b, 0]]; make b > 0
        b[i] = T[2 * i, 2 * i + 1]
        if b[i] < 0:
            O[:, [2 * i, 2 * i + 1]] = O[:, [2 * i + 1, 2 * i]]
            b[i] = -b[i]
    O = O[:, list(range(0, 2 * k, 2)) + list(range(1, 2 * k, 2))]  # (q..., p...) order
    nu = 1.0 / b
    S = np.concatenate([np.sqrt(nu), np.sqrt(nu)])[:, None] * (O.T @ Vm)
    return nu, S


def mode_ergotropy(mo: Moments, mode: str, omega: float) -> np.ndarray:
    """(T,) single-mode Gaussian ergotropy of ``mode`` along ``mo`` (module docstring)."""
    n, i = mo.n, mo.modes.index(mode)
    wqq, wpp, wqp = mo.W[:, i, i], mo.W[:, n + i, n + i], mo.W[:, i, n + i]
    a = wqq * wpp - wqp**2 + 0.5 * (wqq + wpp)  # det V - 1/4
    nu = np.sqrt(np.maximum(a, 0.0) + 0.25)
    return omega * (mo.occupations[:, i] - np.maximum(a, 0.0) / (nu + 0.5))


def joint_ergotropy(mo: Moments, modes: Sequence[str], omega: Sequence[float]) -> np.ndarray:
    """(T,) joint Gaussian ergotropy of ``modes`` (frequencies ``omega``) along ``mo``, from the
    Williamson form of their covariance block (module docstring)."""
    n = mo.n
    idx = [mo.modes.index(m) for m in modes]
    rows = idx + [n + i for i in idx]
    w = np.asarray(omega, dtype=float)
    out = []
    for k in range(mo.t.size):
        V = mo.W[k][np.ix_(rows, rows)] + 0.5 * np.eye(len(rows))
        nu, _ = williamson(V)
        energy = float(w @ mo.occupations[k, idx])
        out.append(energy - float(np.sort(nu)[::-1] @ np.sort(w) - 0.5 * w.sum()))
    return np.array(out)


def network(modes, detuning, couplings, drives, baths, squeezing=()):
    """A GaussianModel from H = sum Delta_m m'm + sum (c m1'm2 + h.c.) + sum G (m1 m2 + h.c.) +
    sum F (m + m') and thermal baths (m, kappa, n): kappa (n+1) D[m] + kappa n D[m']."""
    n = len(modes)
    ix = {m: k for k, m in enumerate(modes)}
    h = np.zeros((n, n), complex)
    s = np.zeros((n, n), complex)
    f = np.zeros(n, complex)
    for m, d in detuning.items():
        h[ix[m], ix[m]] += d
    for m1, m2, c in couplings:
        h[ix[m1], ix[m2]] += c
        h[ix[m2], ix[m1]] += np.conj(c)
    for m1, m2, G in squeezing:
        s[ix[m1], ix[m2]] += G
        s[ix[m2], ix[m1]] += G
    for m, F in drives.items():
        f[ix[m]] += F
    jumps = []
    for m, kappa, nth in baths:
        e = np.zeros(n)
        e[ix[m]] = 1.0
        jumps.append((math.sqrt(kappa * (nth + 1)) * e, 0 * e))
        jumps.append((0 * e, math.sqrt(kappa * nth) * e))
    return GaussianModel(tuple(modes), h, s, f, tuple(jumps))
