r"""The pipeline: one model definition -> every derived result, stage by stage.

Stage order (each a module of pure SymPy functions)::

    model            (nrqb_sym.model.core)          H, jump operators, parameter symbols
    elimination      (nrqb_sym.derive.elimination)     H_eff = PHP + PHQ (E - QHQ)^-1 QHP, Lindblad form
    moments          (nrqb_sym.derive.moments)         d<X>/dt, normal ordered, closed; drift matrix M
    nonreciprocity   (nrqb_sym.derive.nonreciprocity)  M12 = 0 solved for (J, theta)
    solutions        (nrqb_sym.derive.solutions)       steady state, general solution, Eqs. 7-10
    spectrum         (nrqb_sym.derive.spectrum)        charpoly, eigenvalues, discriminant, EP polynomials
    codegen          (nrqb_sym.codegen.kernels)      Numba kernels in generated/
    documents        (nrqb_sym.codegen.documents)      Markdown derivations in derivations/

:func:`derive` runs them once per process and caches the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from ..model.core import Model, three_mode_model
from .elimination import Elimination, eliminate
from .ergotropy import Ergotropy, gaussian_ergotropy
from .moments import AugmentedSystem, MomentSystem, augmented_system, moment_system
from .nonreciprocity import Nonreciprocity, solve_nonreciprocity
from .solutions import (
    ResonantForms,
    Solutions,
    coherent_substitution,
    general_solution,
    resonant_forms,
)
from .spectrum import EPPolynomial, PaperEP, Spectrum, ep_polynomial, paper_ep_conditions, spectrum

__all__ = ["Derivation", "derive", "cached_derive", "STAGES"]

STAGES = (
    "model",
    "elimination",
    "moments",
    "nonreciprocity",
    "solutions",
    "ergotropy",
    "spectrum",
)


@dataclass(frozen=True)
class Derivation:
    """SymPy results of every stage.

    Attributes:
        model: the three-mode model (stage 1).
        elimination: elimination of ``c`` (stage 2); ``elimination.effective`` is the
            effective Lindblad model.
        effective: moment equations of the effective model (stage 3).
        full: moment equations of the full three-mode model (stage 3).
        nonreciprocity: ``{J: ..., theta: ...}`` solving :math:`M_{12} = 0` (stage 4).
        nonreciprocity_detail: the condition, :math:`Je^{i\\theta}` and :math:`M_{21}`.
        solutions: steady state and general solution from vacuum (stage 5).
        resonant: the paper's resonant nonreciprocal closed forms (stage 5).
        spectrum: characteristic polynomial, eigenvalues, discriminant (stage 6).
        ep: ``{parameter name: EP polynomial}`` for every parameter the discriminant depends on.
        augmented_effective, augmented_full: all first and second moments as one linear
            system :math:`\\dot z = Az` (thermal baths, any Gaussian initial state).
        ergotropy: the single-mode Gaussian ergotropy in the moments of a generic mode ``x``.
        paper_ep: the EP condition specialised to the paper's Sec. 4 (stage 6).
    """

    model: Model
    elimination: Elimination
    effective: MomentSystem
    full: MomentSystem
    nonreciprocity: dict[sp.Symbol, sp.Expr]
    nonreciprocity_detail: Nonreciprocity
    solutions: Solutions
    resonant: ResonantForms
    spectrum: Spectrum
    ep: dict[str, EPPolynomial]
    augmented_effective: AugmentedSystem
    augmented_full: AugmentedSystem
    ergotropy: Ergotropy
    paper_ep: PaperEP

    @property
    def params(self) -> dict[str, sp.Symbol]:
        """Parameter symbols by name."""
        return self.model.params

    @property
    def nonreciprocity_named(self) -> dict[str, sp.Expr]:
        """The nonreciprocity solution keyed by parameter name."""
        return {str(k): v for k, v in self.nonreciprocity.items()}

    def full_power(self, a: sp.Expr, b: sp.Expr, c: sp.Expr) -> sp.Expr:
        r""":math:`P_B = \omega_b\,d\langle b^\dagger b\rangle/dt` of the full model on a coherent
        state with first moments ``(a, b, c)``."""
        subst = coherent_substitution(self.full.first, (a, b, c))
        nb = next(m for m in self.full.equations if m.name == "<b' b>")
        return self.model.energies["b"] * subst(self.full.equations[nb])


@lru_cache(maxsize=1)
def derive() -> Derivation:
    """Run every derivation stage on :func:`~nrqb_sym.model.three_mode_model` (cached)."""
    model = three_mode_model()
    p = model.params
    elim = eliminate(model, "c")
    eff = moment_system(elim.effective)
    full = moment_system(model)
    nr = solve_nonreciprocity(eff.M, p["J"], p["theta"])
    sol = general_solution(eff, p["omega_a"], p["omega_b"])
    res = resonant_forms(sol, p, nr.solution)
    spec = spectrum(eff.M)
    ep = {}
    for name, sym in p.items():
        if spec.discriminant.has(sym):
            ep[name] = ep_polynomial(spec.discriminant, sym)
    omega = sp.Symbol("omega", positive=True)
    return Derivation(
        augmented_effective=augmented_system(eff),
        augmented_full=augmented_system(full),
        ergotropy=gaussian_ergotropy("x", omega),
        paper_ep=paper_ep_conditions(spec.discriminant, p),
        model=model,
        elimination=elim,
        effective=eff,
        full=full,
        nonreciprocity=nr.solution,
        nonreciprocity_detail=nr,
        solutions=sol,
        resonant=res,
        spectrum=spec,
        ep=ep,
    )


def cached_derive() -> Derivation:
    """:func:`derive`, memoised on disk by the model+pipeline hash (for ``nrqb derive``).

    The cache lives in ``$NRQB_CACHE_DIR`` (default ``~/.cache/nrqb-sym``); a changed model,
    pipeline or SymPy version changes the hash and so the file name.  ``nrqb generate`` does not
    use it: generated files always come from a fresh derivation.
    """
    import os
    import pickle
    from pathlib import Path

    from ..codegen.pedigree import pipeline_hash

    folder = Path(os.environ.get("NRQB_CACHE_DIR", Path.home() / ".cache" / "nrqb-sym"))
    path = folder / f"derivation-{pipeline_hash()[:16]}.pkl"
    if path.is_file():
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        except Exception:  # a corrupt or incompatible cache file is rebuilt
            path.unlink(missing_ok=True)
    d = derive()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(d, fh)
        tmp.replace(path)
    except OSError:
        pass  # read-only home: no cache, still correct
    return d
