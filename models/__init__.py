"""ORM entities (SQLAlchemy 2 typed style). Nothing here imports Qt or the application."""

from models.alarm import Alarm
from models.audit import AuditEntry, AuditHead, Setting
from models.base import Base, UTCDateTime
from models.clock import ClockEvent, SlaClock
from models.drill import DrillEvent, DrillSession
from models.evidence import Attachment, Revisit
from models.help import HelpRequest
from models.incident import Incident
from models.log import LogEntry
from models.notify import Callout, Channel, Message
from models.shift import Shift
from models.sitrep import Sitrep
from models.stats import StatsBuilt, StatsDay, StatsStale, StatsState
from models.task import Task
from models.user import ApiToken, User

__all__ = [
    "Callout",
    "Channel",
    "Message",
    "Attachment",
    "HelpRequest",
    "Revisit",
    "Shift",
    "Sitrep",
    "StatsBuilt",
    "StatsDay",
    "StatsStale",
    "StatsState",
    "Alarm",
    "ClockEvent",
    "DrillEvent",
    "DrillSession",
    "SlaClock",
    "AuditEntry",
    "AuditHead",
    "Base",
    "Incident",
    "LogEntry",
    "Task",
    "User",
    "ApiToken",
    "Setting",
    "UTCDateTime",
]
