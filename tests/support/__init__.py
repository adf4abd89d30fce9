"""Test support shared by all suites (on sys.path via pytest's pythonpath)."""
