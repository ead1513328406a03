"""The project pipeline's pure core: stages, partner-request fit, visibility, indicators."""
