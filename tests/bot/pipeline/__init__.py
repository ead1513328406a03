"""Tests of the project pipeline's pure core."""
