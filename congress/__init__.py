"""congress — the application for the secretariat of a Party congress (Đại hội Đảng).

People, the event, persistence, documents, the CLI and the TUI. The ballot paper itself lives in
the pure `ballots` package, which this package uses and which never imports it back.
"""

__version__ = "0.1.0"
