"""SYNTHETIC study generator and small in-memory example data.

Everything produced here is SYNTHETIC: drawn from invented parameters
(``parameters.yml``), describing no real place or person.

- :func:`write_synthetic_study` plays the field team: form, Kobo exports (with recorded
  field defects), study.yml, sampling frame and the population truth (``wpsresearch synth``).
- :func:`load_synthetic` builds a small clean respondent frame in memory (doctests, examples).
- :func:`make_population`, :func:`draw_sample`, :func:`population_truth` expose the pieces,
  so a coverage study can draw many samples from one fixed population.
- :func:`derive_headline` computes the headline indicators with the contract's definitions.

Examples
--------
>>> from wpsresearch import datasets
>>> df = datasets.load_synthetic(n=480, seed=1)
>>> sorted(df["stratum"].unique())[:2]
['baghdad_rural', 'baghdad_urban']
"""

from __future__ import annotations

from wpsresearch.lazy import lazy_attributes

__all__ = [
    "write_synthetic_study", "load_synthetic", "load_synthetic_population", "make_population",
    "draw_sample", "population_truth", "derive_headline", "scale_for", "Population", "HEADLINE",
    "ESTIMANDS", "KINDS", "example_study_dir", "synthetic_analysis", "SYNTHETIC_INDICATORS",
]

_WHERE = {
    "write_synthetic_study": "study_writer", "load_synthetic": "examples",
    "load_synthetic_population": "examples", "example_study_dir": "examples", "make_population": "population", "scale_for": "population",
    "Population": "population", "draw_sample": "sampling", "population_truth": "truth",
    "derive_headline": "truth", "HEADLINE": "truth", "ESTIMANDS": "truth", "KINDS": "messiness",
    "synthetic_analysis": "study_plan", "SYNTHETIC_INDICATORS": "study_plan",
}


__getattr__, __dir__ = lazy_attributes(
    __name__, {k: f"wpsresearch.datasets.{m}" for k, m in _WHERE.items()}, globals())
