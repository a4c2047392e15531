"""One presentation layer for the PDF, the dashboard and the CLI printout.

Everything a reader sees of an analysis is worded here once: angle and metric names
(:mod:`~screening.present.labels`), numbers with units and their rounding
(:mod:`~screening.present.numbers`), a finding's title, value, normal range and severity order
(:mod:`~screening.present.findings`), the left/right comparison (:mod:`~screening.present.sides`),
colours (:mod:`~screening.present.colours`), and which frames, angle columns and reps are shown
(:mod:`~screening.present.frames`). The PDF (``screening.report``), the dashboard
(``screening.ui`` and ``app.py``) and ``screening analyze``'s printout only lay these out.

Imports point downstream only: findings, the kinematics angle table and reps, the protocols'
metric table; never Streamlit, fpdf, matplotlib, plotly, the pipeline or the store.
"""
