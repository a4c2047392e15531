"""Screening protocols, one module each, registered by name."""
