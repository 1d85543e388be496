"""Complainants' numbers: masked wherever they are shown or printed, in full only for the
roles a plan lists (`unmask_roles`: by default 组长/副组长/值班员), and then logged."""

from __future__ import annotations

import re

_PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d(?:[ -]?\d){8}|0\d{2,3}-\d{7,8})(?!\d)")


def mask_phone(text: str) -> str:
    """138****5678: a phone number keeps its first three and last four digits."""

    def mask(m: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", m.group(0))
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]

    return _PHONE.sub(mask, text or "")


def mask_email(text: str) -> str:
    """z***@example.com: an address keeps its first letter and its domain."""
    local, at, domain = (text or "").partition("@")
    if not at:
        return text or ""
    return f"{local[:1]}***@{domain}"
