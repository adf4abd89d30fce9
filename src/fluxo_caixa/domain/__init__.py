"""Pure domain rules: no framework, no database, nothing of ours imported."""
