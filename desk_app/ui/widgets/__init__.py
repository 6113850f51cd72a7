"""Reusable widgets of the counter GUI."""
