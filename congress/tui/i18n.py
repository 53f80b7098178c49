"""The one translation catalogue of the interface: Vietnamese by default, English on request."""

CATALOGUE: dict[str, dict[str, str]] = {
    "app.title": {"vi": "Đại hội", "en": "Congress"},
    "dashboard.title": {"vi": "Tổng quan", "en": "Dashboard"},
    "dashboard.kind.delegates": {"vi": "Đại hội đại biểu", "en": "Congress of delegates"},
    "dashboard.kind.members": {"vi": "Đại hội đảng viên", "en": "Congress of members"},
    "dashboard.level": {"vi": "Cấp", "en": "Level"},
    "dashboard.term": {"vi": "Nhiệm kỳ", "en": "Term"},
    "dashboard.people": {"vi": "Người tham dự", "en": "Attendees"},
    "dashboard.voters": {"vi": "Đại biểu có quyền biểu quyết", "en": "Voting delegates"},
    "dashboard.delegations": {"vi": "Đoàn đại biểu", "en": "Delegations"},
    "key.quit": {"vi": "Thoát", "en": "Quit"},
    "key.refresh": {"vi": "Làm mới", "en": "Refresh"},
}


class Translator:
    """`t("dashboard.title")` in the chosen language; a missing key shows itself, never crashes."""

    def __init__(self, lang: str = "vi") -> None:
        self.lang = lang if lang in ("vi", "en") else "vi"

    def __call__(self, key: str, **values: object) -> str:
        entry = CATALOGUE.get(key)
        text = key if entry is None else entry.get(self.lang) or entry["vi"]
        return text.format(**values) if values else text
