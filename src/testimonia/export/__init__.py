"""Exports: the JSON Lines contract (and, in later issues, TEI, CMIF, CSV, a static site)."""
