"""Demo accounts, one per role, with published demo passwords (`congress demo --accounts`).

Only for trying the toolkit: the passwords are printed and documented, so they must be changed
(or the accounts disabled) before a real congress. The plain demo creates no accounts, so the
local operator stays administrator without logging in.
"""

from dataclasses import dataclass

from sqlmodel import Session, select

from congress import accounts
from congress.actor import Actor, Role
from congress.models import UserAccount


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    display_name: str
    password: str


DEMO_ACCOUNTS = (
    DemoAccount("admin", Role.ADMIN, "Quản trị hệ thống", "admin-demo-2025"),
    DemoAccount("thuky", Role.SECRETARIAT, "Thư ký đại hội", "thuky-demo-2025"),
    DemoAccount("diemdanh", Role.CHECKIN, "Bàn điểm danh", "diemdanh-demo-2025"),
    DemoAccount("kiemphieu", Role.COUNTING, "Ban kiểm phiếu", "kiemphieu-demo-2025"),
    DemoAccount("xem", Role.VIEWER, "Chỉ xem", "xem-demo-2025"),
)


def create_demo_accounts(session: Session, actor: Actor) -> list[DemoAccount]:
    """Create the demo accounts that do not exist yet (admin first); returns the ones created.

    On a database without accounts the local operator is the administrator and creates them all in
    the caller's transaction; where accounts already exist, only a logged-in administrator may.
    """
    if accounts.has_accounts(session):
        actor.require(Role.ADMIN, action="tạo tài khoản mẫu")
    existing = set(session.exec(select(UserAccount.username)))
    created: list[DemoAccount] = []
    for demo in DEMO_ACCOUNTS:
        if demo.username in existing:
            continue
        accounts.create_account(session, actor, demo.username, demo.password, demo.role, demo.display_name)
        created.append(demo)
    return created
