"""Frontline Map: who held which part of a country on any day of a conflict."""

__version__ = "0.4.0"
