from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update

from console.context import App, write_time
from console.errors import InputError, PermissionDenied, SignInRefused
from console.journal import SYSTEM, journal, snapshot
from console.people.passwords import (
    LOCK_AFTER,
    LOCK_MINUTES,
    hash_password,
    new_token,
    password_problem,
    token_hash,
    verify_password,
)
from console.people.permissions import GROUP_ROLES, ROLE_NAMES, Action, Role
from console.people.privacy import mask_email, mask_phone
from console.services.common import acting_user, authorize
from console.time.format import local_iso
from console.views.records import TokenView, UserView
from models import ApiToken, User

USER_FIELDS = ("name", "display_name", "role", "group_id", "org_role", "ab", "active")


def add_user(app: App, actor: str | None, name: str, role: str, *, group: str | None = None,
             display_name: str = "", org_role: str | None = None, ab: str | None = None,
             password: str | None = None, password_hash: str | None = None) -> UserView:  # fmt: skip
    """Adds a user. `actor=None` is the local administrator at the shell. `password_hash`
    carries a password over from another database of this console (a drill's cast)."""
    name = (name or "").strip()
    if not name or len(name) > 64 or any(c.isspace() for c in name):
        raise InputError("name", "1–64 characters, no spaces")
    if name == SYSTEM:
        raise InputError("name", f"{SYSTEM!r} is the local administrator's name in the audit")
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
    elif group and role_enum is Role.SUPERVISOR:  # 监督小组: completes its own group's tasks
        supervision = sorted(
            {g.id for p in app.catalogue for g in p.org.groups if g.kind == "supervision"}
        )
        if group not in supervision:
            raise InputError("--group", f"a supervisor's group is a supervision group (监督小组): "
                             f"one of {', '.join(supervision) or 'none in the loaded plans'}")  # fmt: skip
    elif group:
        raise InputError(
            "--group", f"only coordinators, members and supervisors belong to a group, not a {role}"
        )
    if ab not in (None, "A", "B"):
        raise InputError("--ab", "A or B")
    if password is not None and (problem := password_problem(password, name)):
        raise InputError("password", problem)
    with app.write() as s:
        who = SYSTEM if actor is None else authorize(s, actor, Action.MANAGE_USERS).name
        if s.execute(select(User.id).where(User.name == name)).first():
            raise InputError("name", f"user {name!r} exists already")
        user = User(name=name, display_name=display_name or name, role=role_enum.value, group_id=group,
                    org_role=org_role, ab=ab, created_at=write_time(s),
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
    """Sign-in (a seat's dialog, `--as` on the command line). Five wrong passwords in a row
    lock the user out for five minutes (on the clock, not the audit's time), and the lockout
    is in the audit; a deactivated user cannot sign in. The password is checked outside the
    write lock (scrypt takes tens of milliseconds); a wrong one only counts, unaudited."""
    refused = SignInRefused("sign-in: wrong user name or password")
    with app.read() as s:
        user = s.execute(select(User).where(User.name == name)).scalar_one_or_none()
    if user is None:
        raise refused
    now = app.time.now()
    if user.locked_until is not None and user.locked_until > now:
        raise SignInRefused(f"sign-in: {name} is locked until {local_iso(user.locked_until)} "
                            f"after {LOCK_AFTER} wrong passwords; try again then", "locked")  # fmt: skip
    if not user.active:
        raise SignInRefused(f"sign-in: {name} is deactivated", "deactivated")
    if not user.password_hash:
        raise SignInRefused(f"sign-in: {name} has no password yet; the administrator "
                            f"sets one with `users passwd {name} --password-stdin`", "no_password")  # fmt: skip
    if verify_password(password, user.password_hash):
        if user.failed_logins or user.locked_until:
            with app.write() as s:  # Core: a counter, not a change a seat shows
                s.execute(
                    update(User)
                    .where(User.id == user.id)
                    .values(failed_logins=0, locked_until=None)
                )
        return user_view(user)
    with app.write() as s:
        row = s.get(User, user.id)  # under the write lock: two wrong tries count twice
        failed = row.failed_logins + 1
        if failed < LOCK_AFTER:
            s.execute(update(User).where(User.id == row.id).values(failed_logins=failed))
        else:
            row.failed_logins, row.locked_until = 0, now + timedelta(minutes=LOCK_MINUTES)
            journal(app, s, actor=SYSTEM, action="user.lockout", entity="user", entity_id=row.id,
                    before=None, after={"locked_until": row.locked_until.isoformat()},
                    incident_id=None, kind="admin", significant=True,
                    text=f"用户 {name} 连续 {LOCK_AFTER} 次密码错误,锁定 {LOCK_MINUTES} 分钟")  # fmt: skip
    if failed >= LOCK_AFTER:
        raise SignInRefused(f"sign-in: {name} is locked for {LOCK_MINUTES} minutes after "
                            f"{LOCK_AFTER} wrong passwords", "locked")  # fmt: skip
    raise refused


def _managed(s, actor: str | None, name: str) -> tuple[str, User]:  # type: ignore[no-untyped-def]
    """The administrator (actor None) or a leader (manage users), and the user named."""
    who = SYSTEM if actor is None else authorize(s, actor, Action.MANAGE_USERS).name
    user = s.execute(select(User).where(User.name == name)).scalar_one_or_none()
    if user is None:
        raise InputError("name", f"no user {name!r}")
    return who, user


def set_active(app: App, actor: str | None, name: str, active: bool) -> UserView:
    """`users deactivate` / `users activate`. A deactivated user cannot sign in, act or
    receive alarms (theirs go to the B角); their tokens stop working with them."""
    with app.write() as s:
        who, user = _managed(s, actor, name)
        if who == name and not active:
            raise InputError("name", "you cannot deactivate yourself")
        if user.active != active:
            before = snapshot(user, USER_FIELDS)
            user.active = active
            journal(app, s, actor=who, action="user.activate" if active else "user.deactivate",
                    entity="user", entity_id=user.id, before=before, after=snapshot(user, USER_FIELDS),
                    incident_id=None, kind="admin", significant=True,
                    text=f"{'启用' if active else '停用'}用户 {name}")  # fmt: skip
        return user_view(user)


def set_password(app: App, actor: str | None, name: str, password: str) -> UserView:
    """`users passwd`: by the user themself or the local administrator."""
    if (problem := password_problem(password or "", name)) is not None:
        raise InputError("password", problem)
    with app.write() as s:
        user = s.execute(select(User).where(User.name == name)).scalar_one_or_none()
        if user is None:
            raise InputError("name", f"no user {name!r}")
        if actor is not None and acting_user(s, actor).name != name:
            raise PermissionDenied(f"permission: only {name} or the administrator (no --as) "
                                   f"changes {name}'s password")  # fmt: skip
        user.password_hash = hash_password(password)
        user.failed_logins, user.locked_until = 0, None
        journal(app, s, actor=actor or SYSTEM, action="user.passwd", entity="user", entity_id=user.id,
                before=None, after={"password": "changed"}, incident_id=None, kind="admin",
                text=f"修改用户 {name} 的密码")  # fmt: skip
        return user_view(user)


# --- API tokens ---------------------------------------------------------------------------
ALL = "*"


@dataclass(frozen=True, slots=True)
class Credential:
    """Who a token acts as, and what it may run."""

    user: str
    label: str
    scopes: frozenset[str]

    def permits(self, command: str, reads_only: bool) -> bool:
        words = command.split()
        return bool({ALL, command, words[0]} & self.scopes) or (
            reads_only and "read" in self.scopes
        )


def scope_names() -> list[str]:
    from console.actions import commands

    words = [" ".join(c.words) for c in commands()]
    return [ALL, "read", *dict.fromkeys([*(w.split()[0] for w in words), *words])]


def _token_view(t: ApiToken, user: str, token: str | None = None) -> TokenView:
    return TokenView(id=t.id, user=user, label=t.label, scopes=tuple(json.loads(t.scopes)),
                     created_at=local_iso(t.created_at), created_by=t.created_by,
                     revoked_at=local_iso(t.revoked_at), token=token)  # fmt: skip


def create_token(app: App, actor: str | None, name: str, scopes: list[str] | None = None,
                 label: str = "") -> TokenView:  # fmt: skip
    """`users token NAME`: a token that acts as NAME within `scopes` (command words; "read"
    for every reading command; default all), printed once; only its hash is kept."""
    known = scope_names()
    chosen = list(dict.fromkeys(scopes or [ALL]))
    for scope in chosen:
        if scope not in known:
            raise InputError("--scope", f"{scope!r} is no command; one of {', '.join(known)}")
    label = (label or "").strip() or f"{name}-token"
    if len(label) > 100:
        raise InputError("--label", "at most 100 characters")
    token = new_token()
    with app.write() as s:
        who, user = _managed(s, actor, name)
        if not user.active:
            raise InputError("name", f"{name} is deactivated")
        row = ApiToken(user_id=user.id, label=label, scopes=json.dumps(chosen, ensure_ascii=False),
                       token_hash=token_hash(token), created_at=write_time(s), created_by=who)  # fmt: skip
        s.add(row)
        s.flush()
        journal(app, s, actor=who, action="token.create", entity="token", entity_id=row.id, before=None,
                after={"user": name, "label": label, "scopes": chosen}, incident_id=None, kind="admin",
                significant=True, text=f"为用户 {name} 签发令牌 #{row.id}「{label}」({', '.join(chosen)})")  # fmt: skip
        return _token_view(row, name, token)


def list_tokens(app: App, actor: str | None = None) -> list[TokenView]:
    """The tokens (never the tokens themselves): the administrator's or a leader's view."""
    with app.read() as s:
        if actor is not None:
            authorize(s, actor, Action.MANAGE_USERS)
        rows = s.execute(select(ApiToken, User.name).join(User).order_by(ApiToken.id)).all()
        return [_token_view(t, name) for t, name in rows]


def revoke_token(app: App, actor: str | None, token_id: int) -> TokenView:
    with app.write() as s:
        row = s.get(ApiToken, token_id)
        if row is None:
            raise InputError("token", f"no token {token_id} (users tokens lists them)")
        owner = s.get(User, row.user_id)
        who, _ = _managed(s, actor, owner.name)
        if row.revoked_at is None:
            row.revoked_at = write_time(s)
            journal(app, s, actor=who, action="token.revoke", entity="token", entity_id=row.id,
                    before=None, after={"revoked": True}, incident_id=None, kind="admin", significant=True,
                    text=f"吊销令牌 #{row.id}「{row.label}」({owner.name})")  # fmt: skip
        return _token_view(row, owner.name)


def token_credential(app: App, token: str) -> Credential:
    """The user and scopes of CONSOLE_TOKEN; refused when unknown, revoked or its user
    deactivated."""
    with app.read() as s:
        found = s.execute(select(ApiToken, User).join(User).where(
            ApiToken.token_hash == token_hash(token.strip()))).first()  # fmt: skip
        if found is None:
            raise PermissionDenied("CONSOLE_TOKEN: not a token of this console")
        row, user = found
        if row.revoked_at is not None:
            raise PermissionDenied(f"CONSOLE_TOKEN: token #{row.id}「{row.label}」 was revoked "
                                   f"at {local_iso(row.revoked_at)}")  # fmt: skip
        if not user.active:
            raise PermissionDenied(f"CONSOLE_TOKEN: its user {user.name} is deactivated")
        return Credential(user.name, row.label, frozenset(json.loads(row.scopes)))


def user_view(u: User) -> UserView:
    return UserView(id=u.id, name=u.name, display_name=u.display_name, role=u.role,
                    group=u.group_id, org_role=u.org_role, ab=u.ab, active=u.active,
                    mobile=mask_phone(u.mobile or ""), email=mask_email(u.email or ""))  # fmt: skip


MOBILE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$")
EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")


def clean_mobile(value: str) -> str:
    digits = re.sub(r"[\s()-]", "", value or "")
    if not digits:
        return ""
    m = MOBILE.match(digits)
    if m is None:
        raise InputError(
            "--mobile", f"{value!r} is not a mainland mobile number (11 digits, 1[3-9]…)"
        )
    return m.group(1)


def clean_email(value: str) -> str:
    value = (value or "").strip()
    if value and (len(value) > 254 or EMAIL.match(value) is None):
        raise InputError("--email", f"{value!r} is not an e-mail address (name@example.com)")
    return value


def set_contact(app: App, actor: str | None, name: str, *, mobile: str | None = None,
                email: str | None = None) -> UserView:  # fmt: skip
    """`users contact`: a person's own mobile and e-mail, for messages off the seat (the
    mobile also @-mentions them in their group's robot); "" clears one. By the person
    themself, a leader or the administrator."""
    if mobile is None and email is None:
        raise InputError("--mobile", "give --mobile or --email (an empty value clears it)")
    new_mobile = None if mobile is None else clean_mobile(mobile)
    new_email = None if email is None else clean_email(email)
    with app.write() as s:
        user = s.execute(select(User).where(User.name == name)).scalar_one_or_none()
        if user is None:
            raise InputError("name", f"no user {name!r}")
        who = SYSTEM
        if actor is not None:
            me = acting_user(s, actor)
            who = me.name if me.name == name else authorize(s, actor, Action.MANAGE_USERS).name
        before = {"mobile": mask_phone(user.mobile), "email": mask_email(user.email)}
        if new_mobile is not None:
            user.mobile = new_mobile
        if new_email is not None:
            user.email = new_email
        after = {"mobile": mask_phone(user.mobile), "email": mask_email(user.email)}
        journal(app, s, actor=who, action="user.contact", entity="user", entity_id=user.id,
                before=before, after=after, incident_id=None, kind="admin",
                text=f"设置 {name} 的联系方式:手机 {after['mobile'] or '无'},邮箱 {after['email'] or '无'}")  # fmt: skip
        return user_view(user)
