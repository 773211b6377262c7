"""Signals the quizzes send for the features above them (certificates subscribe)."""
from blinker import Namespace

_signals = Namespace()

# sender: the Attempt, just graded or regraded (its percent and passed are final for now)
attempt_graded = _signals.signal("attempt-graded")
