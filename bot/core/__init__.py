"""Building blocks every layer uses: clock, translations, dates, countries, labels, ids, HTML."""
