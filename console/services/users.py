from __future__ import annotations

from sqlalchemy import select

from console.context import App
from console.errors import InputError, PermissionDenied
from console.journal import SYSTEM, journal, snapshot
from console.people.passwords import hash_password, verify_password
from console.people.permissions import GROUP_ROLES, ROLE_NAMES, Action, Role
from console.services.common import authorize
from console.views.records import UserView
from models import User

USER_FIELDS = ("name", "display_name", "role", "group_id", "org_role", "ab", "active")


def add_user(app: App, actor: str | None, name: str, role: str, *, group: str | None = None,
             display_name: str = "", org_role: str | None = None, ab: str | None = None,
             password: str | None = None, password_hash: str | None = None) -> UserView:  # fmt: skip
    """Adds a user. `actor=None` is the local administrator at the shell. `password_hash`
    carries a password over from another database of this console (a drill's cast)."""
    name = (name or "").strip()
    if not name or len(name) > 64 or any(c.isspace() for c in name):
        raise InputError("name", "1–64 characters, no spaces")
    try:
        role_enum = Role(role)
    except ValueError:
        raise InputError("--role", f"one of {', '.join(r.value for r in Role)}") from None
    if role_enum is Role.DIRECTOR and getattr(app, "drill", None) is None:
        raise InputError("--role", "a drill director exists only in a drill database")
    if role_enum in GROUP_ROLES:
        if not group:
            raise InputError("--group", f"a {role} belongs to a work group; name it with --group")
        if group not in app.catalogue.group_ids():
            known = ", ".join(sorted(app.catalogue.group_ids()))
            raise InputError("--group", f"no group {group!r} in the loaded plans; one of {known}")
    elif group:
        raise InputError(
            "--group", f"only coordinators and members belong to a group, not a {role}"
        )
    if ab not in (None, "A", "B"):
        raise InputError("--ab", "A or B")
    if password is not None and len(password) < 8:
        raise InputError("password", "at least 8 characters")
    with app.write() as s:
        who = SYSTEM if actor is None else authorize(s, actor, Action.MANAGE_USERS).name
        if s.execute(select(User.id).where(User.name == name)).first():
            raise InputError("name", f"user {name!r} exists already")
        user = User(name=name, display_name=display_name or name, role=role_enum.value, group_id=group,
                    org_role=org_role, ab=ab, created_at=app.time.now(),
                    password_hash=hash_password(password) if password else password_hash)  # fmt: skip
        s.add(user)
        s.flush()
        journal(app, s, actor=who, action="user.add", entity="user", entity_id=user.id, before=None,
                after=snapshot(user, USER_FIELDS), incident_id=None, kind="admin",
                text=f"新增用户 {name}({ROLE_NAMES[role_enum]}{'·' + group if group else ''})")  # fmt: skip
        return user_view(user)


def list_users(app: App) -> list[UserView]:
    with app.read() as s:
        return [user_view(u) for u in s.execute(select(User).order_by(User.id)).scalars()]


def authenticate(app: App, name: str, password: str) -> UserView:
    with app.read() as s:
        user = s.execute(select(User).where(User.name == name)).scalar_one_or_none()
        if user is None or not user.active or not verify_password(password, user.password_hash):
            raise PermissionDenied("sign-in: wrong user name or password")
        return user_view(user)


def user_view(u: User) -> UserView:
    return UserView(id=u.id, name=u.name, display_name=u.display_name, role=u.role,
                    group=u.group_id, org_role=u.org_role, ab=u.ab, active=u.active)  # fmt: skip
