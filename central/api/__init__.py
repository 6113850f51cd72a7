"""The city server's HTTP API and its server-rendered pages."""
