"""Guided capture: check the camera set-up of a screen frame by frame and count reps live.

``setup`` (pure: one frame's people → set-up advice, and the debounced state over a short window),
``reps`` (reps counted on the live stream), ``guide`` (when to start recording), ``early`` (the same
checks on the first seconds of an uploaded clip).
"""
