"""What both HTTP services share: errors, JSON input, auth, docs and metrics."""
