"""A synthetic Jakarta for the city analytics: planted staffing, hours, agencies, idle offices.

plan.py draws the city and what is planted in it (the truth), generator.py turns each
office into the hash-chained events its desk would push, load.py stores them through the
city's own push path (or the same writer and projections in bulk) or as files.
"""
