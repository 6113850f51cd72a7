"""The city's answers delivered: figures for a window, SVG charts, the monthly PDF."""
