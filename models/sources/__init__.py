"""SQL sources: an indicator's figures read straight from a partner's database, read-only."""
