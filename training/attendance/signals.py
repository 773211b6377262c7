"""Signals that features above attendance (certificates) subscribe to."""
from blinker import Namespace

_signals = Namespace()

# Sent after marks changed, before the commit: sender is None, with session_id and trainee_ids.
marks_changed = _signals.signal("attendance.marks-changed")
