"""Item pipelines: clean -> revisions -> detect events -> store."""
