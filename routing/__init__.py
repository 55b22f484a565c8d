"""Routing: which agency must act on a report, and why. Pure domain code (no Flask, no DB)."""
