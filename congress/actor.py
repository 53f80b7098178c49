"""Who acts, from where: passed to every service that changes state, recorded in the audit log."""

from dataclasses import dataclass
from enum import StrEnum

from congress.errors import Forbidden


class Role(StrEnum):
    """Vai trò — what an account may do."""

    ADMIN = "admin"
    SECRETARIAT = "secretariat"
    CHECKIN = "checkin"
    COUNTING = "counting"
    VIEWER = "viewer"


ROLE_LABELS = {
    Role.ADMIN: "Quản trị",
    Role.SECRETARIAT: "Thư ký đại hội",
    Role.CHECKIN: "Điểm danh",
    Role.COUNTING: "Ban kiểm phiếu",
    Role.VIEWER: "Chỉ xem",
}


@dataclass(frozen=True)
class Actor:
    username: str
    role: Role
    station: str = ""

    def require(self, *roles: Role, action: str = "") -> None:
        """Raise Forbidden unless this actor has one of `roles` (the administrator always may)."""
        if self.role is Role.ADMIN or self.role in roles:
            return
        wanted = ", ".join(ROLE_LABELS[r] for r in roles)
        what = f" {action}" if action else ""
        raise Forbidden(
            f"Tài khoản '{self.username}' ({ROLE_LABELS[self.role]}) không được phép{what}; cần vai trò: {wanted}."
        )
