"""Shipped data: the motivation catalogue, topic aliases and the demo event.

A package only so that ``importlib.resources`` finds it inside the wheel.
"""
