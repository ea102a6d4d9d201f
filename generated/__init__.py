# GENERATED FILE - DO NOT EDIT.
# Contents: the package nrqb_sym_generated (the kernels of the model files shipped with nrqb_sym).
# Produced by nrqb_sym.codegen.write (nrqb generate), one module per model.
# Model+pipeline hash: sha256:f8e957a6d6c320ea5a66ecec9471a6e293b9b9f72d9d0f980b31efecba214965
# SymPy 1.14.0.
# Regenerate with: nrqb generate    (check with: nrqb generate --check)
# ruff: noqa
"""Generated Numba kernels of the model files shipped with nrqb_sym: chain, driven_battery, nrqb, squeezed_charger, two_batteries."""
