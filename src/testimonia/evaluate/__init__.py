"""Evaluation against real gold corpora: gold loaders, scorers and the recognition/linking runs.

`gold` reads the shared corpora into one shape, `score` holds the pure scoring functions
(span precision/recall/F1, B-cubed for linking), `ner` runs the recognisers and linker over
the gold documents and tabulates the results. Nothing here is imported by the pipeline.
"""
