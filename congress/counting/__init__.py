"""Counting (kiểm phiếu): manual entry, review, double counts, closing a round and its result.

manual    — ballots entered by number (JSON lines) become sheet records with marks
assemble  — the confirmed ballots of one count session, ready for `ballots.rules`
review    — the counting committee's queue and decisions (logged, never over the machine's)
compare   — independent double counting: batch by batch, differences located
close     — close / reopen a round's count (denominator snapshot, audit)
results   — the result of a round for the CLI, the TUI and the documents
recount   — re-read every stored image and check the records and the result are reproduced
"""
