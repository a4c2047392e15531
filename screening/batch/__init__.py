"""Team batch screening: many clips, many athletes, one command, resumable, on one machine or a Ray cluster.

The pieces, in the order a batch runs:

- :mod:`~screening.batch.plan`: a manifest CSV or a folder of ``ATHLETE__PROTOCOL[__SIDE].mp4`` files
  becomes a list of :class:`~screening.batch.plan.Job` (one per athlete and protocol, several clips each);
- :mod:`~screening.batch.ledger`: a small SQLite file in the output folder that remembers which jobs are
  done, keyed by the clips' content hashes, the model hash, the settings and the protocol and athlete;
- :mod:`~screening.batch.worker`: the per-clip function (pose inference only) that worker processes or
  Ray tasks run; it returns plain bytes and never touches the history store;
- :mod:`~screening.batch.runners`: in-process, process-pool and Ray back-ends behind one interface;
- :mod:`~screening.batch.run`: the driver that rebuilds each analysis from the returned landmarks,
  saves it to the store and the ledger, and reports progress and per-job errors;
- :mod:`~screening.batch.team`: the team summary (CSV and PDF), one row per athlete, flagged first.

See ``docs/batch.md`` and ``docs/scaling.md``.
"""
