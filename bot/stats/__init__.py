"""Reach and impact statistics: the data types shared by the stats service, views and reports."""
