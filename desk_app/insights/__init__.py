"""What the office's numbers say: statistics and the lead's dashboard."""
