"""Burmese text helpers: pure functions, no Django, so any layer may use them."""
