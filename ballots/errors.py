"""Errors of the ballots library: every message is one clear sentence naming what was wrong."""


class BallotError(Exception):
    """Base of every error the ballots library raises on bad input."""


class LayoutError(BallotError):
    """A ballot cannot be laid out (bad specification, a name that cannot be printed, ...)."""


class SheetCodeError(BallotError):
    """A sheet code (the QR text) is malformed or does not belong to the layout being read.

    `reason` is a stable keyword for programs: "malformed", "another election", "another round",
    "layout does not match" or "sheet index out of range".
    """

    def __init__(self, message: str, reason: str = "malformed") -> None:
        super().__init__(message)
        self.reason = reason


class PrintingError(BallotError):
    """A ballot PDF cannot be written (bad copy count, bad nonce, unwritable output)."""


class ImageError(BallotError):
    """An image of a scanned sheet cannot be decoded or used."""
