"""Check-in (điểm danh): the pure decision, scans as appended events, sittings, attendance facts."""
