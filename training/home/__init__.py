"""The home page of each role, the health check."""
