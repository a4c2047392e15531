"""Reports: per-frame tables, summaries, annotated video, PDF, key frames, privacy."""
