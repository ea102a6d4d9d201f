# GENERATED FILE - DO NOT EDIT.
# Contents: package marker of the generated kernels.
# Produced by nrqb_sym.codegen from the model nrqb_sym.model.three_mode_model
# through the pipeline model -> elimination -> moments -> nonreciprocity -> solutions ->
# spectrum.
# Model+pipeline hash: sha256:8cd7b1c3a9894ff8d640a3ea0c8259293683897be6ae1b09be7a91fca8754ebd
# SymPy 1.14.0.
# Regenerate with: nrqb generate    (check with: nrqb generate --check)
# ruff: noqa
"""Generated Numba kernels of nrqb-sym (see ``nrqb generate``)."""

PIPELINE_HASH = "8cd7b1c3a9894ff8d640a3ea0c8259293683897be6ae1b09be7a91fca8754ebd"
