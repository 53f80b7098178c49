"""Ballot secrecy (DOMAIN.md §8), checked on the real schema rather than by reading the models.

Nothing that stores a sheet, a mark, a review or a printed copy — nor any table joined to one —
may name a delegate, a badge, a delegation, a seat or a check-in; sheets carry no time of their
own; their ids are random 128-bit values, so the order of the rows reveals nothing.
"""

from __future__ import annotations

import itertools
import re

from sqlalchemy import DateTime, Engine, Table
from sqlmodel import SQLModel, select

import congress.models  # noqa: F401  (registers every table on SQLModel.metadata)
from congress import db
from congress.models import CountSession, Election, Round, ScanBatch, SheetRecord

SECRET_TABLES = {"sheetrecord", "mark", "reviewdecision", "printedsheet"}
PERSON_TABLES = {"delegate", "badge", "delegation", "checkinevent", "absence", "statuschange"}
PERSON_WORDS = re.compile(r"delegat|badge|seat|checkin|check_in|voter|person|member")
NO_TIMES = {"sheetrecord", "mark", "printedsheet"}


def _tables() -> dict[str, Table]:
    return dict(SQLModel.metadata.tables)


def _joined_to_sheets() -> set[str]:
    """The secret tables and every table that refers to one, however indirectly."""
    tables, linked = _tables(), set(SECRET_TABLES)
    grew = True
    while grew:
        grew = False
        for name, table in tables.items():
            if name not in linked and any(fk.column.table.name in linked for fk in table.foreign_keys):
                linked.add(name)
                grew = True
    return linked


def test_the_secret_tables_exist_in_the_schema() -> None:
    assert set(_tables()) >= SECRET_TABLES, "the secrecy check would look at nothing"


def test_no_table_joined_to_a_sheet_refers_to_a_person_badge_delegation_seat_or_check_in() -> None:
    problems = []
    for name in sorted(_joined_to_sheets()):
        table = _tables()[name]
        for fk in table.foreign_keys:
            if fk.column.table.name in PERSON_TABLES:
                problems.append(f"{name}.{fk.parent.name} → {fk.column.table.name}")
        for column in table.columns:
            if PERSON_WORDS.search(column.name.lower()):
                problems.append(f"{name}.{column.name}")
    assert problems == []


def test_no_table_refers_both_to_a_sheet_and_to_a_person() -> None:
    """A link table (sheet ↔ delegate) would break secrecy even if neither end names the other."""
    for name, table in _tables().items():
        targets = {fk.column.table.name for fk in table.foreign_keys}
        assert not (targets & SECRET_TABLES and targets & PERSON_TABLES), name


def test_sheets_marks_and_printed_copies_carry_no_time_of_their_own() -> None:
    for name in NO_TIMES:
        times = [c.name for c in _tables()[name].columns
                 if isinstance(c.type, DateTime) or isinstance(getattr(c.type, "impl", None), DateTime)
                 or re.search(r"(^|_)(at|date|time|timestamp|when)(_|$)", c.name)]
        assert times == [], f"{name} has per-sheet time columns {times}"


def test_sheet_ids_are_random_128_bit_hex_not_a_counter() -> None:
    for name in ("sheetrecord", "printedsheet"):
        (pk,) = _tables()[name].primary_key.columns
        assert pk.autoincrement is not True and str(pk.type).startswith("VARCHAR"), name


def test_two_hundred_sheet_records_come_back_in_an_order_unrelated_to_their_insertion(engine: Engine) -> None:
    with db.unit_of_work(engine) as session:
        election = Election(code="BCH", title="Ban Chấp hành", seats=3)
        session.add(election)
        session.flush()
        round_ = Round(election_id=election.id, number=1, seats=3)
        session.add(round_)
        session.flush()
        count = CountSession(round_id=round_.id, label="máy 1", method="scan")
        session.add(count)
        session.flush()
        batch = ScanBatch(count_session_id=count.id, label="hộp 1")
        session.add(batch)
        session.flush()
        inserted = []
        for n in range(200):
            sheet = SheetRecord(round_id=round_.id, count_session_id=count.id, batch_id=batch.id, status="valid",
                                content_key=f"k{n}")
            session.add(sheet)
            session.flush()  # one INSERT at a time: the insertion order is exactly `inserted`
            inserted.append(sheet.id)
    with db.unit_of_work(engine) as session:
        by_id = list(session.exec(select(SheetRecord.id).order_by(SheetRecord.id)))
    assert sorted(by_id) == sorted(inserted) and len(set(inserted)) == 200
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in inserted)
    assert by_id != inserted
    # Not merely shuffled a little: the rank correlation with insertion order is near zero.
    rank = {sheet_id: n for n, sheet_id in enumerate(inserted)}
    ascending = sum(1 for a, b in itertools.pairwise(by_id) if rank[a] < rank[b])
    assert 60 < ascending < 140  # a counter gives 199; random ids give ~100 ± 7
