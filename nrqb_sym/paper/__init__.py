"""The paper application: reproduction of the NRQB paper's figures and claims, physical units."""
