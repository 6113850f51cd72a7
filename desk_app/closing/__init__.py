"""The day close: checks, summary, sealing, its reports and backups."""
