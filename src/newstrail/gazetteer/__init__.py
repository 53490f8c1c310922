"""gazetteer stage."""
