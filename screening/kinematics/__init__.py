"""Angles, orientation, repetitions and asymmetry from a cleaned landmark series."""
