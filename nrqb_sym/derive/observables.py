r"""Generic stage 7 - observables: what the kernels compute per mode, and why.

For every mode :math:`m` (in the effective or the full model):

* amplitude ``x_m`` :math:`= \langle m\rangle` and occupation ``n_m``
  :math:`= \langle m^\dagger m\rangle = |\langle m\rangle|^2 + \tfrac12(W_{qq} + W_{pp})`, with
  :math:`W = V - I/2` the normal-ordered quadrature covariance (stage 3);

and for every mode with an energy :math:`E_m = \omega_m\langle m^\dagger m\rangle`:

* power ``P_m`` :math:`= \omega_m\,d\langle m^\dagger m\rangle/dt`, the derived equations
  evaluated at the current state (exact, not a finite difference):
  :math:`\dot n = q\dot q + p\dot p + (AW)_{qq} + (AW)_{pp} + \tfrac12(D_{W,qq} + D_{W,pp})`;
* ergotropy ``W_m``: the work extractable from the mode by unitaries on it.  A single-mode
  Gaussian state with symmetrised covariance :math:`V_m` (vacuum :math:`I/2`) has the symplectic
  eigenvalue :math:`\nu = \sqrt{\det V_m}`; the passive state with the same spectrum is the
  thermal state of occupation :math:`\nu - \tfrac12` (a Gaussian state's spectrum is fixed by
  :math:`\nu`, and the passive state of :math:`H = \omega m^\dagger m` with that spectrum is
  thermal), so

  .. math::

      \mathcal E_m = \omega_m\Big(\langle m^\dagger m\rangle - (\nu - \tfrac12)\Big),\qquad
      \nu - \tfrac12 = \frac{\det W_m + \tfrac12\operatorname{tr}W_m}{\nu + \tfrac12},

  the last form free of cancellation for nearly pure states (coherent: :math:`\mathcal E = E`;
  thermal: :math:`\mathcal E = 0`; squeezed vacuum: :math:`\omega(\sinh^2 r - 0) > 0`).

**Joint Gaussian ergotropy** of a set :math:`S` of modes (``ergotropy=("b", "d")``): the work
extractable by Gaussian unitaries on :math:`S` (displacements and symplectic transformations).
With :math:`\nu_1 \ge \nu_2 \ge \dots` the symplectic eigenvalues of :math:`V_S` (the moduli of
the eigenvalues of :math:`i\Omega V_S`) and the frequencies sorted increasingly,
:math:`\omega_{(1)} \le \omega_{(2)} \le \dots`, the lowest energy a Gaussian unitary reaches is
:math:`\sum_k \omega_{(k)}(\nu_k - \tfrac12)` (Williamson's normal form, the largest thermal
occupation put on the lowest frequency), so

.. math::

    \mathcal E^G_S = \sum_{m\in S}\omega_m\langle m^\dagger m\rangle
        - \sum_k \omega_{(k)}\big(\nu_k - \tfrac12\big).

It is a lower bound on the full ergotropy of the joint state (non-Gaussian unitaries may
extract more from correlated modes) and equals it for one mode.  Derived observables declared in
the model file's ``[observables]`` are expressions in these.
"""

from __future__ import annotations

import sympy as sp

from ..model.names import builtin_observables

__all__ = ["observable_table"]


def observable_table(spec, modes: tuple[str, ...]) -> list[tuple[str, str, sp.Expr | str]]:
    """``[(name, what, definition)]`` of the observables of a model variant with ``modes``."""
    out: list[tuple[str, str, sp.Expr | str]] = []
    for name in builtin_observables(modes, spec.energies):
        kind, m = name.split("_", 1)
        omega = spec.energies.get(m)
        x = sp.Symbol(rf"\langle {m}\rangle")
        n = sp.Symbol(rf"\langle {m}^{{\dagger}} {m}\rangle")
        t = sp.Symbol("t")
        if kind == "x":
            out.append((name, "amplitude", x))
        elif kind == "n":
            out.append((name, "occupation", n))
        elif kind == "E":
            out.append((name, "energy", omega * n))
        elif kind == "P":
            out.append((name, "power", omega * sp.Derivative(n, t)))
        else:
            nu = sp.Symbol(rf"\nu_{{{m}}}")
            out.append((name, "ergotropy", omega * (n - (nu - sp.S.Half))))
    for o in spec.observables.values():
        if all(
            s.name in set(builtin_observables(modes, spec.energies)) | set(spec.parameters)
            for s in o.expression.free_symbols
        ):
            out.append((o.name, "derived", o.expression))
    return out
