"""What the hall sees (trình chiếu): the result of a round as plain data for the TUI projection
screen and the PDF slides. Pure: a RoundReport in, a Projection out."""

from dataclasses import dataclass

from congress.counting.results import RoundReport
from congress.vi import format_int, format_percent


@dataclass(frozen=True)
class Bar:
    number: int
    name: str
    votes: int
    votes_text: str  # "1.730"
    percent_text: str  # "89,64 %"
    share: float  # votes / denominator, 0..1, for the bar's length only (never for a decision)
    elected: bool
    tied: bool
    eligible: bool


@dataclass(frozen=True)
class Projection:
    title: str  # "KẾT QUẢ BẦU BAN CHẤP HÀNH …"
    subtitle: str  # round, seats, status
    status: str  # provisional | closed
    denominator_text: str
    ballots_text: str
    bars: tuple[Bar, ...]  # ballot order
    threshold_votes: int  # the fewest votes that pass: more than half of the denominator
    threshold_share: float
    outcome: str
    elected_text: str
    percent_basis: str


def projection(report: RoundReport) -> Projection:
    r, d = report.result, report.denominator
    threshold = d.value // 2 + 1
    bars = tuple(Bar(c.number, c.name, c.votes, format_int(c.votes), format_percent(c.percent, report.places),
                     c.votes / d.value, c.elected, c.tied, c.eligible) for c in r.candidates)
    acc = r.accounting
    status = "Kết quả chính thức" if report.final else "Kết quả tạm thời"
    return Projection(
        title=f"KẾT QUẢ BẦU {report.ctx.election.title.upper()}",
        subtitle=f"Lần bầu thứ {report.ctx.round.number} — số lượng bầu: {r.seats} — {status}",
        status=report.status,
        denominator_text=f"{d.label}: {format_int(d.value)}",
        ballots_text=(f"Phiếu phát ra: {format_int(report.issued or 0)} · thu vào: {format_int(acc.returned)} · "
                      f"hợp lệ: {format_int(acc.valid)} · không hợp lệ: {format_int(acc.invalid)}"),
        bars=bars, threshold_votes=threshold, threshold_share=threshold / d.value,
        outcome=r.outcome.label,
        elected_text="; ".join(f"{c.name} ({format_int(c.votes)} phiếu)" for c in r.elected),
        percent_basis=r.percent_basis,
    )
