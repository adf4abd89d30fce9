"""The terminal side: an HTTP client of both services, the interactive loop, the commands."""
