# GENERATED FILE - DO NOT EDIT.
# Contents: the package nrqb_sym_generated (the kernels of the model files shipped with nrqb_sym).
# Produced by nrqb_sym.codegen.write (nrqb generate), one module per model.
# Model+pipeline hash: sha256:f9fb1ac3f8ace32771f1fc4f52b78f77e85c76776cacf1b3b0b5fc19b42b272c
# SymPy 1.14.0.
# Regenerate with: nrqb generate    (check with: nrqb generate --check)
# ruff: noqa
"""Generated Numba kernels of the model files shipped with nrqb_sym: chain, driven_battery, nrqb, squeezed_charger, two_batteries."""
