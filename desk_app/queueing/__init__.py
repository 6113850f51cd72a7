"""The bank-style queue: kiosk tickets, calls to a counter, the display board, the IKM survey."""
