"""Reusable Textual widgets; installed as ``matchmaker.widgets``."""
