"""The PySide6 counter GUI: widgets, item models and background operations."""
