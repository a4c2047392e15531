"""Dashboard helpers that do not import Streamlit: uploads, background jobs, figures, live pose, formatting.

``app.py`` is the only module that imports Streamlit; everything it shows is built here so the
same code runs from pytest and the CLI.
"""
