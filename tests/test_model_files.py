r"""Model files: the whitelist expression parser, the validating loader and the shipped models.

References are written independently here: hand-built SymPy expressions and normal-ordered
dictionaries, and, for the stability of the shipped defaults, the first-moment drift of a linear
network from its textbook formula (not from the package's algebra). For
:math:`H = \sum h_{ij}x_i^\dagger x_j + \tfrac12\sum(s_{ij}x_i^\dagger x_j^\dagger + \text{h.c.})
+ \dots` and jumps :math:`L_k = \sum_j (u_{kj}x_j + v_{kj}x_j^\dagger)` at rates :math:`\gamma_k`,

.. math::

    \frac{d\langle x\rangle}{dt} = \Big(-ih + \tfrac12\sum_k\gamma_k(v_k v_k^\dagger
        - u_k^* u_k^T)\Big)\langle x\rangle + \Big(-is + \tfrac12\sum_k\gamma_k(v_k u_k^\dagger
        - u_k^* v_k^T)\Big)\langle x^\dagger\rangle + \dots
"""

from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from sympy.physics.quantum import Dagger
from sympy.physics.quantum.boson import BosonOp

from nrqb_sym.model.expressions import parse_expression
from nrqb_sym.model.spec import (
    PAPER_MODEL,
    ModelError,
    ModelWarning,
    load_spec,
    parse_spec,
    shipped_models,
)

LIMIT_S = 10.0

# ------------------------------------------------------------------------------------------------
# A valid base file; each hostile case changes one piece of it
# ------------------------------------------------------------------------------------------------

BASE_H = (
    "J*(exp(I*theta)*dag(a)*b + exp(-I*theta)*dag(b)*a) "
    "+ g*(dag(a)*c + dag(c)*a + dag(b)*c + dag(c)*b) + chi*dag(a)*a"
)


def model_text(
    hamiltonian: str = BASE_H,
    rate: str = "kappa_a",
    operator: str = "a",
    modes: str = '["a", "b", "c"]',
    eliminate: str = '["c"]',
    parameters: str = "",
    top: str = "",
    energies: str = 'b = "omega_b"',
) -> str:
    """TOML text of a small valid model (charger a, battery b, cavity c) with one piece replaced."""
    return f"""{top}
name = "test_model"
description = "a small test network"
modes = {modes}
eliminate = {eliminate}
hamiltonian = {json.dumps(hamiltonian)}

[parameters]
J = "nonnegative"
theta = "real"
chi = "real"
g = {{ kind = "positive", default = 1.0 }}
kappa_a = "positive"
kappa_b = "positive"
kappa_c = "positive"
omega_b = "positive"
{parameters}

[energies]
{energies}

[[dissipators]]
rate = {json.dumps(rate)}
operator = {json.dumps(operator)}

[[dissipators]]
rate = "kappa_b"
operator = "b"

[[dissipators]]
rate = "kappa_c"
operator = "c"
"""


def refused(tmp_path: Path, text: str, key: str, token: str) -> str:
    """Write ``text`` as a model file and check it is refused quickly with a ModelError naming
    the file, the key and the token; returns the message."""
    path = tmp_path / "hostile_model.toml"
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(ModelError) as info:
        load_spec(path)
    elapsed = time.perf_counter() - start
    message = str(info.value)
    assert elapsed < LIMIT_S, f"took {elapsed:.1f} s"
    assert "hostile_model.toml" in message
    assert f": {key}:" in message, message
    assert token in message, message
    assert "\n" not in message
    return message


def test_base_model_is_valid(tmp_path):
    path = tmp_path / "ok.toml"
    path.write_text(model_text(), encoding="utf-8")
    spec = load_spec(path)
    assert spec.modes == ("a", "b", "c")
    assert spec.kept == ("a", "b")
    assert spec.path == path
    assert isinstance(ModelError("x"), ValueError)


# ------------------------------------------------------------------------------------------------
# Hostile and malformed expressions
# ------------------------------------------------------------------------------------------------

QUARTIC = (
    "the moment equations do not close: chi*b'b'bb is quartic; nrqb handles quadratic "
    "Hamiltonians and linear jump operators"
)

HAMILTONIAN_CASES = [
    # (id, hamiltonian text, token that must be quoted, a word of the reason)
    ("import", "__import__('os').system('x')", "__import__('os').system('x')", "calls"),
    ("attribute", "a.real", "a.real", "attribute"),
    ("lambda", "(lambda: a)()", "(lambda: a)()", "calls"),
    ("bare-lambda", "lambda x: x", "lambda x: x", "lambda"),
    ("subscript", "a[0]", "a[0]", "subscript"),
    ("comprehension", "[x for x in a]", "[x for x in a]", "comprehension"),
    ("string", "'abc'*a", "'abc'", "string"),
    ("open", "open('model.toml')", "open('model.toml')", "calls"),
    ("huge-power", "(a+dag(a))**100000", "(a+dag(a))**100000", "degree"),
    ("power-tower", "10**10**10*dag(a)*a", "10**10**10", "exponent"),
    ("long-literal", "1" * 5000 + "*dag(a)*a", "1" * 60, "syntax"),
    ("literal-4000", "1" * 4000 + "*dag(a)*a", "1" * 60, "literal"),
    ("unknown-name", "x*dag(a)*a", "'x'", "unknown name"),
    ("undeclared", BASE_H + " + Delta_b*dag(b)*b", "'Delta_b'", "not a declared parameter"),
    ("kerr", "chi*dag(b)*dag(b)*b*b", "chi*b'b'bb", QUARTIC),
    ("kerr-unordered", "chi*dag(b)*b*dag(b)*b", "chi*b'b'bb", QUARTIC),
    ("cubic", "chi*(dag(a)*dag(a)*b + dag(b)*a*a)", "a'a'b", "is cubic; nrqb handles"),
    ("non-hermitian", "J*dag(a)*b", "J*a'b", "not Hermitian"),
    ("anti-hermitian", "I*J*(dag(a)*b + dag(b)*a)", "I*J*a'b", "not Hermitian"),
    ("complex-detuning", "I*chi*dag(a)*a", "I*chi*a'a", "not Hermitian"),
    ("sqrt-of-real", "sqrt(chi)*dag(a)*a", "sqrt(chi)*a'a", "not Hermitian"),
    ("division-by-operator", "J/a", "J/a", "division"),
    ("division-by-zero", "J/(g - g)*dag(a)*a", "J/(g - g)", "division by zero"),
    ("exp-of-operator", "exp(a)", "exp(a)", "operator"),
    ("bool", "True*dag(a)*a", "True", "bool"),
    ("complex-literal", "1j*dag(a)*a", "1j", "complex"),
    ("keyword-argument", "exp(x=1)*dag(a)*a", "exp(x=1)", "one positional"),
    ("starred", "exp(*a)", "exp(*a)", "one positional"),
    ("comparison", "a < b", "a < b", "comparison"),
    ("walrus", "(x := a)", "x := a", "assignment"),
    ("f-string", "f'{a}'", "f'{a}'", "string"),
    ("floor-division", "a // 2", "a // 2", "FloorDiv"),
    ("bit-not", "~a", "~a", "Invert"),
    ("tuple", "a, b", "a, b", "tuple"),
    ("function-as-value", "exp*dag(a)*a", "exp", "function"),
    ("nested-parentheses", "(" * 300 + "a" + ")" * 300, "(((", "syntax"),
    ("nested-functions", "exp(exp(exp(exp(exp(chi)))))*dag(a)*a", "exp(exp(exp(exp(", "nested"),
    ("long-sum", "+".join(["a"] * 1500), "a+a+a+a", "syntax nodes"),
    ("deep-sum", "+".join(["a"] * 4000), "a+a+a+a", "syntax nodes"),
    ("scalar-blowup", "(J+g+chi+theta)**64*dag(a)*a", "(J+g+chi+theta)**64", "terms"),
    ("huge-number", "((10**30)**60)**60*dag(a)*a", "((10**30)**60)**60", "large"),
    ("operator-exponent", "chi**a", "chi**a", "exponent"),
    ("symbolic-exponent", "chi**theta*dag(a)*a", "chi**theta", "exponent"),
    ("empty", "   ", "", "empty"),
]


@pytest.mark.parametrize(
    "hamiltonian, token, reason",
    [c[1:] for c in HAMILTONIAN_CASES],
    ids=[c[0] for c in HAMILTONIAN_CASES],
)
def test_hostile_hamiltonian_refused(tmp_path, monkeypatch, hamiltonian, token, reason):
    calls = []
    monkeypatch.setattr(os, "system", lambda *a: calls.append(a))
    message = refused(tmp_path, model_text(hamiltonian=hamiltonian), "hamiltonian", token)
    assert reason in message
    assert calls == []


def test_kerr_message_exact(tmp_path):
    message = refused(tmp_path, model_text(hamiltonian="chi*dag(b)*dag(b)*b*b"), "hamiltonian", "b")
    assert message == f"{tmp_path / 'hostile_model.toml'}: hamiltonian: {QUARTIC} at \"chi*b'b'bb\""


DISSIPATOR_CASES = [
    # (id, rate, operator, key, token, reason)
    ("nonlinear-jump", "kappa_a", "dag(a)*a", "dissipators[0].operator", "dag(a)*a", "quadratic"),
    ("constant-jump", "kappa_a", "a + 1", "dissipators[0].operator", "a + 1", "constant term"),
    ("scalar-jump", "kappa_a", "2", "dissipators[0].operator", "2", "constant term"),
    ("zero-jump", "kappa_a", "a - a", "dissipators[0].operator", "a - a", "zero"),
    ("cubic-jump", "kappa_a", "a*a*a", "dissipators[0].operator", "a*a*a", "cubic"),
    (
        "negative-rate",
        "kappa_a - kappa_b",
        "a",
        "dissipators[0].rate",
        "kappa_a - kappa_b",
        "may be negative for allowed parameter values",
    ),
    ("real-rate", "chi", "a", "dissipators[0].rate", "chi", "may be negative"),
    ("complex-rate", "I*kappa_a", "a", "dissipators[0].rate", "I*kappa_a", "may be negative"),
    ("operator-rate", "kappa_a*dag(a)", "a", "dissipators[0].rate", "kappa_a*dag(a)", "operators"),
    ("rate-injection", "__import__('os')", "a", "dissipators[0].rate", "__import__('os')", "calls"),
]


@pytest.mark.parametrize(
    "rate, operator, key, token, reason",
    [c[1:] for c in DISSIPATOR_CASES],
    ids=[c[0] for c in DISSIPATOR_CASES],
)
def test_bad_dissipator_refused(tmp_path, rate, operator, key, token, reason):
    message = refused(tmp_path, model_text(rate=rate, operator=operator), key, token)
    assert reason in message


FILE_CASES = [
    # (id, keyword arguments of model_text, key, token, reason)
    ("duplicate-mode", {"modes": '["a", "b", "a", "c"]'}, "modes", "'a'", "duplicate"),
    ("bad-mode-name", {"modes": '["a", "b", "1c"]'}, "modes", "1c", "bad mode name"),
    ("keyword-mode", {"modes": '["a", "b", "lambda"]'}, "modes", "lambda", "keyword"),
    ("reserved-mode", {"modes": '["a", "b", "c", "pi"]'}, "modes", "pi", "reserved"),
    ("unknown-eliminate", {"eliminate": '["q"]'}, "eliminate", "'q'", "unknown mode"),
    ("eliminate-all", {"eliminate": '["a", "b", "c"]'}, "eliminate", "a", "every mode"),
    ("unknown-top-key", {"top": "colour = 1"}, "colour", "colour", "unknown key"),
    ("bad-kind", {"parameters": 'F = "complex"'}, "parameters.F.kind", "complex", "unknown kind"),
    (
        "negative-default",
        {"parameters": 'F = { kind = "positive", default = -1.0 }'},
        "parameters.F.default",
        "-1.0",
        "default > 0",
    ),
    (
        "infinite-default",
        {"parameters": 'F = { kind = "real", default = inf }'},
        "parameters.F.default",
        "inf",
        "finite",
    ),
    (
        "bool-default",
        {"parameters": 'F = { kind = "real", default = true }'},
        "parameters.F.default",
        "True",
        "number",
    ),
    (
        "unknown-parameter-key",
        {"parameters": 'F = { kind = "real", unit = "GHz" }'},
        "parameters.F.unit",
        "unit",
        "unknown key",
    ),
    ("parameter-is-mode", {"parameters": 'a = "real"'}, "parameters.a", "'a'", "mode name"),
    ("parameter-reserved", {"parameters": 'exp = "real"'}, "parameters.exp", "exp", "reserved"),
    ("energy-not-mode", {"energies": 'q = "omega_b"'}, "energies.q", "'q'", "not a mode"),
    ("energy-operator", {"energies": 'b = "omega_b*a"'}, "energies.b", "omega_b*a", "operators"),
    ("energy-complex", {"energies": 'b = "I*omega_b"'}, "energies.b", "I*omega_b", "real"),
    (
        "energy-hostile",
        {"energies": 'b = "().__class__"'},
        "energies.b",
        "().__class__",
        "attribute",
    ),
]


@pytest.mark.parametrize(
    "changes, key, token, reason", [c[1:] for c in FILE_CASES], ids=[c[0] for c in FILE_CASES]
)
def test_malformed_file_refused(tmp_path, changes, key, token, reason):
    message = refused(tmp_path, model_text(**changes), key, token)
    assert reason in message


def test_toml_syntax_error(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text('name = "x\nmodes = ["a"]\n', encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(ModelError, match="broken.toml: TOML syntax error"):
        load_spec(path)
    assert time.perf_counter() - start < LIMIT_S


def test_unreadable_and_missing(tmp_path):
    with pytest.raises(ModelError, match="no_such_model.toml: cannot read"):
        load_spec(tmp_path / "no_such_model.toml")
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00name")
    with pytest.raises(ModelError, match="binary.toml: the model file is not UTF-8"):
        load_spec(binary)
    with pytest.raises(ModelError, match="mem.toml: hamiltonian: missing"):
        parse_spec('name = "x"\nmodes = ["a"]\n', filename="mem.toml")


def test_unused_parameter_warns(tmp_path):
    path = tmp_path / "unused.toml"
    path.write_text(model_text(parameters='Delta_q = "real"'), encoding="utf-8")
    with pytest.warns(
        ModelWarning, match=r"unused.toml: parameters.Delta_q: declared but not used"
    ):
        spec = load_spec(path)
    assert "Delta_q" in spec.parameters


ELIMINATION_CASES = [
    # (id, keyword arguments of model_text, key, token, reason): valid files whose eliminated
    # mode c does not follow a and b alone; refused when the model is derived
    (
        "squeezing-on-eliminated",
        {"hamiltonian": BASE_H + " + G*(dag(a)*dag(c) + a*c)", "parameters": 'G = "nonnegative"'},
        "eliminate",
        "c",
        "the squeezing term G*a'c'",
    ),
    (
        "mixed-jump-on-eliminated",
        {"operator": "a + dag(c)"},
        "dissipators[0].operator",
        "a + dag(c)",
        "mixes annihilation and creation",
    ),
]


@pytest.mark.parametrize(
    "changes, key, token, reason",
    [c[1:] for c in ELIMINATION_CASES],
    ids=[c[0] for c in ELIMINATION_CASES],
)
def test_elimination_refusal_names_the_file(tmp_path, monkeypatch, changes, key, token, reason):
    """Refused by load_model in the parser's format "FILE: KEY: reason at 'TOKEN'", dissipators
    counted from 0, before any kernel is written."""
    from nrqb_sym.runtime.network import load_model

    monkeypatch.setenv("NRQB_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "fast_cavity.toml"
    path.write_text(model_text(**changes), encoding="utf-8")
    load_spec(path)  # the file itself is valid
    with pytest.raises(ModelError) as info:
        load_model(path)
    message = str(info.value)
    assert message.startswith(f"{path}: {key}: cannot eliminate mode 'c': "), message
    assert message.endswith(f" at {token!r}"), message
    assert reason in message and "\n" not in message
    assert "dissipator 1" not in message
    assert not (tmp_path / "fast_cavity.nrqb" / "kernels.py").exists()


# ------------------------------------------------------------------------------------------------
# The parser against hand-built SymPy
# ------------------------------------------------------------------------------------------------

J = sp.Symbol("J", nonnegative=True)
theta = sp.Symbol("theta", real=True)
kappa = sp.Symbol("kappa", positive=True)
n = sp.Symbol("n", nonnegative=True)
x = sp.Symbol("x", real=True)
PARAMS = {"J": J, "theta": theta, "kappa": kappa, "n": n, "x": x}
A, AD = (("a", 0, 1),), (("a", 1, 0),)
B, BD = (("b", 0, 1),), (("b", 1, 0),)


def parse(text: str) -> dict:
    return parse_expression(text, parameters=PARAMS, modes=["a", "b"], where="test: expr")


def test_parser_coupling_term():
    got = parse("J*(exp(I*theta)*dag(a)*b + exp(-I*theta)*dag(b)*a)")
    assert got == {
        (("a", 1, 0), ("b", 0, 1)): J * sp.exp(sp.I * theta),
        (("a", 0, 1), ("b", 1, 0)): J * sp.exp(-sp.I * theta),
    }


def test_parser_normal_orders_products():
    # (a + a')^2 = a^2 + a a' + a' a + a'^2 = a^2 + 2 a'a + 1 + a'^2
    assert parse("(a + dag(a))**2") == {
        (("a", 0, 2),): 1,
        (("a", 1, 1),): 2,
        (("a", 2, 0),): 1,
        (): 1,
    }
    # a a' b' = (a'a + 1) b'
    assert parse("a*dag(a)*dag(b)") == {(("a", 1, 1), ("b", 1, 0)): 1, BD: 1}
    assert parse("dag(a*b)") == {(("a", 1, 0), ("b", 1, 0)): 1}
    assert parse("dag(J*exp(I*theta)*a)") == {AD: J * sp.exp(-sp.I * theta)}


def test_parser_scalars_exact():
    assert parse("0.1*kappa") == {(): kappa / 10}
    assert parse("1e-3") == {(): sp.Rational(1, 1000)}
    assert parse("2**-1") == {(): sp.Rational(1, 2)}
    assert parse("1_000/4") == {(): sp.Integer(250)}
    assert parse("kappa**0.5") == {(): sp.sqrt(kappa)}
    assert parse("conjugate(exp(I*theta))") == {(): sp.exp(-sp.I * theta)}
    assert parse("sin(pi/6) + cos(0)") == {(): sp.Rational(3, 2)}
    assert parse("x - x") == {}
    # rates keep their factored form (documents print them as written)
    got = parse("kappa*(n + 1)")[()]
    assert got == kappa * (n + 1)
    assert isinstance(got, sp.Mul)


def test_parser_operators_and_signs():
    assert parse("-a + 2*dag(b)/4") == {A: -1, BD: sp.Rational(1, 2)}
    assert parse("+a - (-b)") == {A: 1, B: 1}
    assert parse("sqrt(kappa)*(a - dag(b))") == {A: sp.sqrt(kappa), BD: -sp.sqrt(kappa)}
    assert parse("a*a*a*a") == {(("a", 0, 4),): 1}
    assert parse("(a - a)*b") == {}


def test_parser_error_format():
    with pytest.raises(ModelError) as info:
        parse("J*dag(a)*a + y")
    assert (
        str(info.value) == "test: expr: unknown name 'y': not a declared parameter or a mode at 'y'"
    )


def test_parser_multiline_text(tmp_path):
    text = model_text().replace(
        json.dumps(BASE_H), '"""\n    ' + BASE_H.replace(" + g*", "\n    + g*") + '\n"""'
    )
    path = tmp_path / "multi.toml"
    path.write_text(text, encoding="utf-8")
    assert load_spec(path).hamiltonian == parse_spec(model_text()).hamiltonian


# ------------------------------------------------------------------------------------------------
# The shipped model files
# ------------------------------------------------------------------------------------------------


def test_shipped_models_listed():
    assert set(shipped_models()) >= {
        "nrqb",
        "two_batteries",
        "chain",
        "driven_battery",
        "squeezed_charger",
    }
    assert shipped_models()["nrqb"] == PAPER_MODEL


def _drift(spec, values: dict[str, float]) -> np.ndarray:
    """First-moment drift over (<x_1>..<x_N>, <x_1'>..<x_N'>) from the textbook formula."""
    modes = list(spec.modes)
    N = len(modes)
    idx = {m: i for i, m in enumerate(modes)}
    subs = {p.symbol: values.get(name, p.default) for name, p in spec.parameters.items()}

    def num(c) -> complex:
        return complex(sp.N(sp.sympify(c).xreplace(subs)))

    h = np.zeros((N, N), complex)
    s = np.zeros((N, N), complex)
    for key, c in spec.hamiltonian.items():
        ops = [(m, p, q) for m, p, q in key]
        cre = [m for m, p, _ in ops for _ in range(p)]
        ann = [m for m, _, q in ops for _ in range(q)]
        if len(cre) == 1 and len(ann) == 1:
            h[idx[cre[0]], idx[ann[0]]] += num(c)
        elif len(cre) == 2 and not ann:
            i, j = idx[cre[0]], idx[cre[1]]
            # c x_i' x_j' = (1/2)(s_ij + s_ji) x_i' x_j' with s symmetric
            if i == j:
                s[i, i] += 2 * num(c)
            else:
                s[i, j] += num(c)
                s[j, i] += num(c)
    Axx = -1j * h
    Axd = -1j * s
    for ch in spec.channels:
        gamma = num(ch.rate).real
        u = np.zeros(N, complex)
        v = np.zeros(N, complex)
        for key, c in ch.operator.items():
            ((m, p, q),) = key
            (v if p else u)[idx[m]] += num(c)
        Axx += 0.5 * gamma * (np.outer(v, v.conj()) - np.outer(u.conj(), u))
        Axd += 0.5 * gamma * (np.outer(v, u.conj()) - np.outer(u.conj(), v))
    return np.block([[Axx, Axd], [Axd.conj(), Axx.conj()]])


@pytest.mark.parametrize("name", sorted(shipped_models()))
def test_shipped_model_loads_with_stable_defaults(name):
    path = shipped_models()[name]
    start = time.perf_counter()
    spec = load_spec(path)
    assert time.perf_counter() - start < LIMIT_S
    assert spec.name == name
    assert len(spec.description) > 20
    assert spec.eliminate and set(spec.eliminate) < set(spec.modes)
    assert all(p.default is not None and p.latex for p in spec.parameters.values())
    assert spec.energies and set(spec.energies) <= set(spec.kept)
    assert all(len(ch.operator) == 1 for ch in spec.channels)
    # eliminated modes: no squeezing terms on them (only x'y, x'x and drives)
    for key in spec.hamiltonian:
        if any(m in spec.eliminate for m, _, _ in key):
            cre = sum(p for _, p, _ in key)
            ann = sum(q for _, _, q in key)
            assert (cre, ann) in ((1, 1), (1, 0), (0, 1)), key
    eig = np.linalg.eigvals(_drift(spec, {}))
    assert eig.real.max() < 0, f"{name}: defaults not stable, max Re = {eig.real.max()}"


def test_squeezed_charger_threshold_as_documented():
    """G_th = (sqrt(Gamma^2 + Lambda^2) - Gamma)/2 at the one-way point (file comment); the
    default G sits well below it, and the full model destabilises just above it."""
    spec = load_spec(shipped_models()["squeezed_charger"])
    d = {n_: p.default for n_, p in spec.parameters.items()}
    Gamma = 4 * d["g_a"] * d["g_b"] / d["kappa_c"]
    Lam = d["kappa_a"] + Gamma
    assert d["kappa_a"] == d["kappa_b"]
    G_th = (math.sqrt(Gamma**2 + Lam**2) - Gamma) / 2
    assert d["G"] < 0.5 * G_th
    below = np.linalg.eigvals(_drift(spec, {"G": 0.97 * G_th})).real.max()
    above = np.linalg.eigvals(_drift(spec, {"G": 1.03 * G_th})).real.max()
    assert below < 0 < above
    # without the link (J = 0) the default G is above the dark-mode threshold sqrt(ka kb)/2
    assert np.linalg.eigvals(_drift(spec, {"J": 0.0})).real.max() > 0


def test_driven_battery_charger_blind_to_battery_drive():
    """One-way link: the steady <a> does not depend on F_b (linear solve of the drift)."""
    spec = load_spec(shipped_models()["driven_battery"])
    N = len(spec.modes)

    def steady_a(F_b: float) -> complex:
        A = _drift(spec, {"F_b": F_b})
        subs = {p.symbol: p.default for p in spec.parameters.values()}
        subs[spec.parameters["F_b"].symbol] = F_b
        b = np.zeros(2 * N, complex)
        for key, c in spec.hamiltonian.items():
            if len(key) == 1 and sum(key[0][1:]) == 1:
                m, p, _ = key[0]
                if p:  # f x' drives d<x>/dt by -i f
                    b[spec.modes.index(m)] += -1j * complex(sp.N(c.xreplace(subs)))
        b[N:] = b[:N].conj()
        return np.linalg.solve(A, -b)[0]

    assert abs(steady_a(0.0) - steady_a(0.7)) < 1e-9 * abs(steady_a(0.0))


# ------------------------------------------------------------------------------------------------
# The paper's model comes from its file
# ------------------------------------------------------------------------------------------------

PAPER_NAMES = (
    "Delta_a Delta_b Delta_c kappa_a kappa_b kappa_c g_a g_b J theta F omega_a omega_b n_a n_b n_c"
).split()


def test_paper_file_reproduces_core_symbols():
    from nrqb_sym.model import core

    spec = load_spec(PAPER_MODEL)
    assert list(spec.parameters) == PAPER_NAMES
    assert core.PARAMETER_NAMES == tuple(PAPER_NAMES)
    kinds = {
        "real": ["Delta_a", "Delta_b", "Delta_c", "theta", "F"],
        "positive": ["kappa_a", "kappa_b", "kappa_c", "g_a", "g_b", "omega_a", "omega_b"],
        "nonnegative": ["J", "n_a", "n_b", "n_c"],
    }
    for kind, names in kinds.items():
        for name in names:
            assert spec.parameters[name].kind == kind
            assert core.symbols()[name] == sp.Symbol(name, **{kind: True})
    assert core.latex_name("kappa_b") == r"\kappa_b"
    assert core.latex_name("theta") == r"\theta"
    # the paper's preset, in units of Gamma = 4 g_a g_b / kappa_c
    d = {k: p.default for k, p in spec.parameters.items()}
    assert 4 * d["g_a"] * d["g_b"] / d["kappa_c"] == pytest.approx(1.0)
    assert d["J"] == pytest.approx(0.5) and d["theta"] == pytest.approx(math.pi / 2)


def test_paper_file_reproduces_core_operators():
    from nrqb_sym.model import core

    s = {name: sp.Symbol(name, **core._ASSUMPTIONS[name]) for name in PAPER_NAMES}
    a, b, c = BosonOp("a"), BosonOp("b"), BosonOp("c")
    ad, bd, cd = Dagger(a), Dagger(b), Dagger(c)
    H = (
        s["Delta_a"] * ad * a
        + s["Delta_b"] * bd * b
        + s["Delta_c"] * cd * c
        + s["J"] * (sp.exp(sp.I * s["theta"]) * ad * b + sp.exp(-sp.I * s["theta"]) * bd * a)
        + s["g_a"] * (ad * c + cd * a)
        + s["g_b"] * (bd * c + cd * b)
        + s["F"] * (a + ad)
    )
    model = core.three_mode_model()
    assert model.modes == ("a", "b", "c")
    assert sp.expand(model.hamiltonian - H) == 0
    expected = [
        (s[f"kappa_{x}"] * (s[f"n_{x}"] + 1), op)
        if k == 0
        else (s[f"kappa_{x}"] * s[f"n_{x}"], Dagger(op))
        for x, op in (("a", a), ("b", b), ("c", c))
        for k in (0, 1)
    ]
    assert [(d.rate, d.op) for d in model.dissipators] == expected
    assert model.energies == {"a": s["omega_a"], "b": s["omega_b"]}
    assert model.params == s
