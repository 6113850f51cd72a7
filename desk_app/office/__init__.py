"""The office: its installation, officers, settings, catalogue and attendance."""
