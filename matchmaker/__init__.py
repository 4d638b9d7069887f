"""Peer Matchmaker: pair peer learners whose goals fit, and warn about clashes."""

__version__ = "0.1.0"
