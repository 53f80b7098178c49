"""Biên bản kiểm phiếu — the counting minutes of one round (DOMAIN.md §7), as a PDF.

Every field the regulation's practice requires: header, title, legal basis, number to elect, the
committee, summoned / present / absent with reasons and the adjusted denominator, ballots issued and
returned, valid and invalid with reasons, each candidate's votes and % in ballot order, the elected
by votes, signature blocks, and the audit log's closing hash. A provisional result says so.
"""

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

from congress.congresses import setting
from congress.counting.results import RoundReport
from congress.documents.pdfkit import grid, local_date, p, styles
from congress.vi import date_phrase, format_int, format_percent

PEOPLE = {"delegates": "đại biểu", "members": "đảng viên"}


def committee(report: RoundReport) -> list[tuple[str, str]]:
    """(name, role) of the counting committee: the election's own list, else the congress's."""
    raw = report.ctx.election.settings.get("counting_committee") or setting(report.congress, "counting_committee") or []
    members = []
    for item in raw:
        if isinstance(item, dict):
            members.append((str(item.get("name", "")), str(item.get("role", "Thành viên"))))
        else:
            members.append((str(item), "Thành viên"))
    return members


def _header(report: RoundReport, s: dict) -> list:
    c = report.congress
    day = local_date(report.closed_at)
    left = [p((c.organisation or c.name).upper(), s["center_bold"]), p("BAN KIỂM PHIẾU", s["center_bold"]), p("*", s["center"])]
    right = [p("ĐẢNG CỘNG SẢN VIỆT NAM", s["center_bold"]), p("", s["center"]),
             p(date_phrase(day, c.place), s["center"])]
    table = Table([[left, right]], colWidths=[80 * mm, 95 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [table, Spacer(1, 6 * mm)]


def _title(report: RoundReport, s: dict) -> list:
    ctx = report.ctx
    flow = [p("BIÊN BẢN KIỂM PHIẾU", s["title"]),
            p(f"bầu {ctx.election.title} — lần bầu thứ {ctx.round.number}", s["center_bold"]),
            p(report.congress.name, s["center"])]
    if not report.final:
        flow.append(p("DỰ THẢO — KẾT QUẢ TẠM THỜI, CHƯA KẾT THÚC KIỂM PHIẾU", s["center_bold"]))
    flow.append(Spacer(1, 4 * mm))
    flow += [p(line, s["body"]) for line in setting(report.congress, "minutes_basis") or []]
    return flow


def _committee(report: RoundReport, s: dict) -> list:
    members = committee(report)
    flow = [Spacer(1, 3 * mm), p("Ban kiểm phiếu gồm các đồng chí:", s["bold"])]
    if not members:
        flow += [p(f"{i}. ........................................................ — ....................", s["body"])
                 for i in range(1, 4)]
    flow += [p(f"{i}. Đồng chí {name} — {role}", s["body"]) for i, (name, role) in enumerate(members, start=1)]
    return flow


def _attendance(report: RoundReport, s: dict) -> list:
    who = PEOPLE.get(report.congress.kind, "đại biểu")
    d, att = report.denominator, report.denominator.attendance
    r = report.result
    flow = [Spacer(1, 3 * mm), p("I. SỐ LƯỢNG BẦU VÀ SỐ NGƯỜI ĐƯỢC TRIỆU TẬP", s["bold"]),
            p(f"Số lượng bầu: {format_int(r.seats)} đồng chí; danh sách bầu cử gồm {format_int(len(r.candidates))} "
              "đồng chí.", s["body"])]
    summoned = att.get("summoned", d.items[0][1] if d.items else 0)
    flow.append(p(f"Tổng số {who} được triệu tập: {format_int(int(summoned))}.", s["body"]))
    if att.get("present_voting") is not None:
        flow.append(p(f"Số {who} có mặt có quyền bầu cử: {format_int(int(att['present_voting']))}.", s["body"]))
    absent = att.get("absent") or []
    flow.append(p(f"Số {who} vắng mặt suốt thời gian đại hội: {format_int(len(absent))}"
                  + (", gồm:" if absent else "."), s["body"]))
    for i, a in enumerate(absent, start=1):
        extra = f"; thay thế bởi đại biểu dự khuyết {a['replaced_by']}" if a.get("replaced_by") else ""
        accepted = "" if a.get("accepted") else " (lý do chưa được chấp nhận)"
        flow.append(p(f"   {i}. Đồng chí {a['name']} — lý do: {a['reason']}{accepted}{extra}", s["body"]))
    flow.append(p("Số làm căn cứ tính kết quả bầu cử:", s["body"]))
    for label, count, sign in d.items:
        flow.append(p(f"   {'+' if sign > 0 else '−'} {label}: {format_int(count)}", s["body"]))
    flow.append(p(f"{d.label}: {format_int(d.value)}.", s["bold"]))
    return flow


def _ballots(report: RoundReport, s: dict) -> list:
    acc = report.result.accounting
    issued = "chưa ghi nhận" if report.issued is None else format_int(report.issued)
    flow = [Spacer(1, 3 * mm), p("II. KẾT QUẢ KIỂM PHIẾU", s["bold"]),
            p(f"Số phiếu phát ra: {issued}.", s["body"]),
            p(f"Số phiếu thu vào: {format_int(acc.returned)}.", s["body"]),
            p(f"Số phiếu hợp lệ: {format_int(acc.valid)}.", s["body"]),
            p(f"Số phiếu không hợp lệ: {format_int(acc.invalid)}" + (", trong đó:" if acc.invalid else "."), s["body"])]
    flow += [p(f"   − {label}: {format_int(count)}", s["body"]) for _, label, count in report.invalid_reasons()]
    for problem in report.problems:
        flow.append(p(f"Lưu ý: {problem}.", s["bold"]))
    return flow


def _votes(report: RoundReport, s: dict) -> list:
    r = report.result
    rows: list[list[object]] = [[p("STT", s["cell_bold"]), p("Họ và tên", s["cell_bold"]),
                                 p("Số phiếu bầu", s["cell_bold"]), p("Tỷ lệ %", s["cell_bold"])]]
    for c in r.candidates:
        rows.append([str(c.number), p(c.name, s["cell"]), format_int(c.votes), format_percent(c.percent, report.places)])
    table = grid(rows, [14 * mm, 86 * mm, 32 * mm, 38 * mm])
    table.setStyle(TableStyle([("ALIGN", (2, 1), (-1, -1), "RIGHT"), ("ALIGN", (0, 1), (0, -1), "CENTER")]))
    return [Spacer(1, 3 * mm), p("Số phiếu bầu cho từng đồng chí (theo thứ tự trong danh sách bầu cử):", s["body"]),
            table, p(f"({r.percent_basis}: {format_int(report.denominator.value)})", s["small"])]


def _elected(report: RoundReport, s: dict) -> list:
    r = report.result
    flow = [Spacer(1, 3 * mm), p("III. KẾT QUẢ BẦU CỬ", s["bold"])]
    if r.elected:
        flow.append(p("Các đồng chí trúng cử (số phiếu bầu đạt trên một nửa, theo thứ tự số phiếu từ cao xuống thấp):",
                      s["body"]))
        flow += [p(f"   {i}. Đồng chí {c.name}: {format_int(c.votes)} phiếu, đạt {format_percent(c.percent, report.places)}",
                   s["body"]) for i, c in enumerate(r.elected, start=1)]
    else:
        flow.append(p("Không có đồng chí nào trúng cử.", s["body"]))
    flow.append(p(r.outcome.label + ".", s["body"]))
    if r.tied:
        flow.append(p("Bằng phiếu ở vị trí cuối: " + "; ".join(f"{c.name} ({format_int(c.votes)} phiếu)" for c in r.tied)
                      + f". Số lượng còn thiếu: {r.seats_remaining}.", s["body"]))
    elif r.seats_remaining and r.further_round:
        flow.append(p(f"Số lượng còn thiếu: {r.seats_remaining}; Đại hội quyết định việc bầu tiếp.", s["body"]))
    return flow


def _signatures(report: RoundReport, closing_hash: str, s: dict) -> list:
    members = committee(report)
    chair = next((name for name, role in members if "trưởng" in role.lower()), "")
    presidium = str(setting(report.congress, "presidium_signer") or "")
    blocks = Table([[[p("TM. ĐOÀN CHỦ TỊCH", s["center_bold"]), Spacer(1, 18 * mm), p(presidium, s["center_bold"])],
                     [p("TRƯỞNG BAN KIỂM PHIẾU", s["center_bold"]), Spacer(1, 18 * mm), p(chair, s["center_bold"])]]],
                   colWidths=[85 * mm, 85 * mm])
    blocks.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    others = [name for name, role in members if name != chair]
    flow = [Spacer(1, 4 * mm),
            p(f"Biên bản lập lúc kết thúc kiểm phiếu, gồm các số liệu trên; mã băm cuối của nhật ký hệ thống (SHA-256): "
              f"{closing_hash}", s["small"]), Spacer(1, 4 * mm), KeepTogether([blocks])]
    if others:
        flow += [Spacer(1, 6 * mm), p("CÁC THÀNH VIÊN BAN KIỂM PHIẾU", s["center_bold"]), Spacer(1, 14 * mm)]
        rows = [[p(name, s["center"]) for name in others[i:i + 3]] for i in range(0, len(others), 3)]
        flow.append(Table(rows, colWidths=[57 * mm] * 3))
    return flow


def write_minutes(report: RoundReport, closing_hash: str, out: Path) -> None:
    """Write the minutes to `out` (the caller makes the write atomic)."""
    s = styles()
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=20 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=f"Biên bản kiểm phiếu {report.ctx.label}",
                            author="Ban kiểm phiếu", creator="congress")
    story = [*_header(report, s), *_title(report, s), *_committee(report, s), *_attendance(report, s),
             *_ballots(report, s), *_votes(report, s), *_elected(report, s), *_signatures(report, closing_hash, s)]
    doc.build(story)
