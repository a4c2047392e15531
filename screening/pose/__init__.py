"""Pose estimation: the estimator interface, the MediaPipe backend, landmark names, subject choice."""
