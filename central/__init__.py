"""Loket's city server (`desk-central`): every office's events, and the city's view of them."""
