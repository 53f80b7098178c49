"""Independent double counting (kiểm phiếu độc lập trên nhiều máy): accept only identical results.

Two counts of the same pile (two operators, or a scan and a manual entry) are compared batch by
batch as multisets of ballots — the order inside a batch does not matter, the content does. Every
difference is located: the batch, the ballot positions on each side, and the names whose marks
differ. Pure over assembled ballots; `compare_round` loads them and marks agreeing counts accepted.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlmodel import Session, select

from ballots.rules import Mark, Reason, Status
from congress import audit
from congress.actor import Actor, Role
from congress.counting.assemble import AssembledBallot, assemble
from congress.counting.counts import count_sessions, ensure_open
from congress.counting.entries import entry_text
from congress.counting.lookup import RoundContext
from congress.errors import NotFound
from congress.models import CountSession, ScanBatch


@dataclass(frozen=True)
class CountView:
    label: str
    batches: tuple[tuple[str, tuple[AssembledBallot, ...]], ...]  # (batch label, ballots) in batch order


@dataclass(frozen=True)
class Difference:
    """One ballot counted differently: where it is on each side and which names differ."""

    batch: str
    positions_a: tuple[str, ...]
    positions_b: tuple[str, ...]
    text_a: str
    text_b: str
    names: tuple[str, ...]

    def sentence(self, label_a: str, label_b: str) -> str:
        where_a = " hoặc ".join(self.positions_a) or "không có"
        where_b = " hoặc ".join(self.positions_b) or "không có"
        who = f"; khác ở: {', '.join(self.names)}" if self.names else ""
        return (f"tập '{self.batch}': {label_a} {where_a} ({self.text_a or 'không có phiếu'}) ≠ "
                f"{label_b} {where_b} ({self.text_b or 'không có phiếu'}){who}")


@dataclass(frozen=True)
class Comparison:
    label_a: str
    label_b: str
    differences: tuple[Difference, ...] = ()
    unmatched_batches: tuple[str, ...] = ()  # sentences naming a batch only one side has
    pending: tuple[str, ...] = ()  # ballots still in review: nothing to compare yet
    ballots: int = 0
    batches: int = 0
    notes: tuple[str, ...] = field(default=())

    @property
    def identical(self) -> bool:
        return not (self.differences or self.unmatched_batches or self.pending)

    def sentences(self) -> list[str]:
        return [*self.unmatched_batches, *self.pending,
                *(d.sentence(self.label_a, self.label_b) for d in self.differences)]


def signature(ballot: AssembledBallot) -> tuple:
    """What must be equal: the status, the reason of an invalid ballot, every mark of a valid one."""
    v = ballot.validity
    if v.status is Status.VALID:
        return ("valid", tuple(sorted((n, m.value) for n, m in ballot.marks.items())))
    return (v.status.value, v.reason.value if v.reason else "")


def _describe(sig: tuple, form: str) -> str:
    if sig[0] == "valid":
        return entry_text({n: Mark(m) for n, m in sig[1]}, form)
    return f"không hợp lệ: {Reason(sig[1]).label}" if sig[1] else sig[0]


def _differing_names(a: tuple, b: tuple, names: Sequence[str]) -> tuple[str, ...]:
    if a[0] != "valid" or b[0] != "valid":
        return ()
    ma, mb = dict(a[1]), dict(b[1])
    return tuple(f"{n}. {names[n - 1]}" for n in sorted(set(ma) | set(mb)) if ma.get(n) != mb.get(n))


def _distance(a: tuple, b: tuple) -> int:
    if a[0] != "valid" or b[0] != "valid":
        return 0 if a == b else 1000
    ma, mb = dict(a[1]), dict(b[1])
    return sum(1 for n in set(ma) | set(mb) if ma.get(n) != mb.get(n))


def compare_batch(batch: str, a: Sequence[AssembledBallot], b: Sequence[AssembledBallot], names: Sequence[str],
                  form: str) -> list[Difference]:
    ca, cb = Counter(map(signature, a)), Counter(map(signature, b))
    extra_a = list((ca - cb).elements())
    extra_b = list((cb - ca).elements())
    positions = {"a": _positions(a), "b": _positions(b)}
    diffs = []
    for sig in extra_a:  # pair each surplus ballot with the nearest surplus ballot of the other side
        partner = min(extra_b, key=lambda other: _distance(sig, other)) if extra_b else None
        if partner is not None:
            extra_b.remove(partner)
        diffs.append(Difference(batch, positions["a"][sig], positions["b"].get(partner, ()) if partner else (),
                                _describe(sig, form), _describe(partner, form) if partner else "",
                                _differing_names(sig, partner, names) if partner else ()))
    for sig in extra_b:
        diffs.append(Difference(batch, (), positions["b"][sig], "", _describe(sig, form), ()))
    return diffs


def _positions(ballots: Sequence[AssembledBallot]) -> dict[tuple, tuple[str, ...]]:
    found: dict[tuple, list[str]] = {}
    for ballot in ballots:
        found.setdefault(signature(ballot), []).append(ballot.position)
    return {sig: tuple(p) for sig, p in found.items()}


def compare_counts(a: CountView, b: CountView, names: Sequence[str], form: str) -> Comparison:
    labels_a = [label for label, _ in a.batches]
    labels_b = [label for label, _ in b.batches]
    notes: tuple[str, ...] = ()
    if set(labels_a) & set(labels_b):
        pairs = [(label, dict(a.batches).get(label), dict(b.batches).get(label))
                 for label in dict.fromkeys(labels_a + labels_b)]
    else:  # no common batch names (e.g. a scan folder against typed piles): pair in order
        notes = ("Hai lần kiểm không có tên tập phiếu chung; so sánh các tập theo thứ tự.",)
        pairs = [(f"{la} / {lb}", ba, bb) for (la, ba), (lb, bb) in zip(a.batches, b.batches, strict=False)]
        pairs += [(label, ballots, None) for label, ballots in a.batches[len(b.batches):]]
        pairs += [(label, None, ballots) for label, ballots in b.batches[len(a.batches):]]
    unmatched, diffs, pending = [], [], []
    for label, ba, bb in pairs:
        if ba is None or bb is None:
            side = a.label if bb is None else b.label
            unmatched.append(f"tập '{label}' chỉ có trong lần kiểm '{side}' ({len(ba or bb or ())} phiếu)")
            continue
        for view, ballots in ((a, ba), (b, bb)):
            waiting = [x.position for x in ballots if x.validity.status is Status.REVIEW]
            if waiting:
                pending.append(f"tập '{label}' của '{view.label}' còn phiếu chờ xem xét: {', '.join(waiting)}")
        diffs.extend(compare_batch(label, ba, bb, names, form))
    total = sum(len(ballots) for _, ballots in a.batches)
    return Comparison(a.label, b.label, tuple(diffs), tuple(unmatched), tuple(pending), total, len(pairs), notes)


def load_count(session: Session, ctx: RoundContext, count: CountSession) -> CountView:
    ballots = assemble(session, count.id or 0, ctx.form, ctx.seats, len(ctx.names))
    batches = list(session.exec(select(ScanBatch).where(ScanBatch.count_session_id == count.id)
                                .order_by(ScanBatch.id)))  # type: ignore[arg-type]
    by_batch = {b.id: [] for b in batches}  # type: dict[int | None, list[AssembledBallot]]
    for ballot in ballots:
        by_batch.setdefault(ballot.batch_id, []).append(ballot)
    piles: dict[str, list[AssembledBallot]] = {}
    for b in batches:  # one folder stored in several transactions (scan --batch) is still one pile
        piles.setdefault(b.label or f"#{b.id}", []).extend(by_batch[b.id])
    return CountView(count.label, tuple((label, tuple(ballots)) for label, ballots in piles.items() if ballots))


def compare_all(session: Session, ctx: RoundContext, counts: Sequence[CountSession]) -> list[Comparison]:
    """Every other count against the first one."""
    views = [load_count(session, ctx, c) for c in counts]
    return [compare_counts(views[0], other, ctx.names, ctx.form) for other in views[1:]]


def compare_round(session: Session, actor: Actor, ctx: RoundContext) -> list[Comparison]:
    """Compare the round's counts; when all agree, mark them accepted (logged)."""
    actor.require(Role.COUNTING, action="so sánh các lần kiểm phiếu")
    counts = count_sessions(session, ctx.round)
    if len(counts) < 2:
        raise NotFound(f"{ctx.label}: cần ít nhất hai lần kiểm độc lập để so sánh (đang có {len(counts)}).")
    comparisons = compare_all(session, ctx, counts)
    if all(c.identical for c in comparisons):
        ensure_open(ctx.round, "đánh dấu lần kiểm được chấp nhận")
        for count in counts:
            count.accepted = True
            session.add(count)
        audit.record(session, actor, "count.accept", "round", ctx.round.id, {
            "election": ctx.election.code, "round": ctx.round.number, "counts": [c.label for c in counts],
            "ballots": comparisons[0].ballots,
        })
    return comparisons
