"""Thitsa: verified incidents, exact figures and their sources."""

__version__ = "0.1.0"
