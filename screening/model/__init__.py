"""The domain model: the types every layer shares, importing nothing else of the package but ``errors``.

- :mod:`~screening.model.keypoints`: keypoint sets (names, left/right mirror, skeleton), e.g. MediaPipe's 33;
- :mod:`~screening.model.series`: the landmark series (an ``xarray.Dataset``) and its checked constructor;
- :mod:`~screening.model.findings`: a finding, the one screening result shown, saved and exported;
- :mod:`~screening.model.profile`: the athlete profile norms depend on;
- :mod:`~screening.model.results`: reps, the view and movement checks, a protocol's result;
- :mod:`~screening.model.clip`: a clip as protocols see it, and as the pipeline returns it;
- :mod:`~screening.model.analysis`: the result of one analysis (clips, findings, settings).

See ``docs/architecture.md`` for the layers and what may import what.
"""
