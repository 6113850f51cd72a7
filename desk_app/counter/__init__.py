"""The counter: intake and the task lifecycle, lookups, receipts and the print journal."""
