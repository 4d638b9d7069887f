"""The benchmarks, a package so that the tests and the scripts share its
helpers (``bench.synth``, ``bench.exact``, ``bench.timing``) by import, from
the repository's root: ``python -m bench.run_all`` (``tasks.py bench``), or
one script, ``python -m bench.scoring``."""
