"""Reaching people off their seats: channels (Apprise URLs), what a message says, the
outbox written with the alarm that causes it, and sending one message."""
