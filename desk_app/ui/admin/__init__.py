"""The admin screens: officers, office settings, the catalogue, and choosing one's own PIN."""
