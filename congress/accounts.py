"""Local accounts (argon2 password hashes) and who the current actor is."""

import os

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, func, select

from congress import audit
from congress.actor import Actor, Role
from congress.errors import CongressError, Forbidden
from congress.models import UserAccount
from congress.settings import Settings
from congress.vi import clean

_hasher = PasswordHasher()
MIN_PASSWORD = 8


# The hash of a random password nobody kept, with the default parameters: checked instead of a real
# one when the name is unknown or disabled, so a refusal takes the same time either way.
_DECOY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$bLfRePysjfdzWwpUxM+U/A$xx6sehggaufAN2WxXR5PpHnQPu8DwUf3PRZ7eUdbWok"


def has_accounts(session: Session) -> bool:
    return session.exec(select(func.count()).select_from(UserAccount)).one() > 0


def create_account(session: Session, actor: Actor, username: str, password: str, role: Role | str,
                   display_name: str = "") -> UserAccount:
    """Only an administrator creates accounts — except the very first, which must be an administrator."""
    first = not has_accounts(session)
    role = Role(role)
    if first and role is not Role.ADMIN:
        raise CongressError("Tài khoản đầu tiên phải là quản trị (admin).")
    if not first:
        actor.require(Role.ADMIN, action="tạo tài khoản")
    username = clean(username).lower()
    if not username or " " in username:
        raise CongressError("Tên đăng nhập không được trống và không có dấu cách.")
    if len(password) < MIN_PASSWORD:
        raise CongressError(f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự.")
    if session.exec(select(UserAccount).where(UserAccount.username == username)).first():
        raise CongressError(f"Tài khoản '{username}' đã có.")
    account = UserAccount(username=username, display_name=clean(display_name), role=role.value,
                          password_hash=_hasher.hash(password))
    session.add(account)
    session.flush()
    audit.record(session, actor, "account.create", "account", account.id, {"username": username, "role": role.value})
    return account


def authenticate(session: Session, username: str, password: str, station: str = "") -> Actor:
    account = session.exec(select(UserAccount).where(UserAccount.username == clean(username).lower())).first()
    known = account is not None and not account.disabled
    try:
        ok = _hasher.verify(account.password_hash if known and account else _DECOY_HASH, password) and known
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or account is None:
        raise Forbidden(f"Sai tên đăng nhập hoặc mật khẩu cho '{username}'.")
    return Actor(account.username, Role(account.role), station)


def current_actor(session: Session, settings: Settings) -> Actor:
    """Before any account exists, the local operator is the administrator (single-station setup).

    Afterwards every command needs --user/CONGRESS_USER and CONGRESS_PASSWORD.
    """
    if not has_accounts(session):
        return Actor("admin", Role.ADMIN, settings.station)
    if not settings.user:
        raise Forbidden("Cơ sở dữ liệu có tài khoản: cần --user (hoặc CONGRESS_USER) và CONGRESS_PASSWORD.")
    password = os.environ.get("CONGRESS_PASSWORD")
    if password is None:
        raise Forbidden(f"Cần mật khẩu cho '{settings.user}' trong biến môi trường CONGRESS_PASSWORD.")
    return authenticate(session, settings.user, password, settings.station)
