"""The runtime: parameters, simulation over the generated kernels, numerics, validation."""
