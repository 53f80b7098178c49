"""Delegate registry: import/export, credentials review, voting rights (issue 3)."""
