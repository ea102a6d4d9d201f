# GENERATED FILE - DO NOT EDIT.
# Contents: the package nrqb_sym_generated (the kernels of the model files shipped with nrqb_sym).
# Produced by nrqb_sym.codegen.write (nrqb generate), one module per model.
# Model+pipeline hash: sha256:8142e23c27e8cfbc782d805a530693831356412ba6db3361eb242b6c106b03cf
# SymPy 1.14.0.
# Regenerate with: nrqb generate    (check with: nrqb generate --check)
# ruff: noqa
"""Generated Numba kernels of the model files shipped with nrqb_sym: chain, driven_battery, kerr_battery, nrqb, squeezed_charger, two_batteries, two_level_battery."""
