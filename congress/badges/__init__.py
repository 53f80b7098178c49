"""Badges (thẻ đại biểu): random opaque codes, PDF sheets, issue/reprint/revoke."""
