"""Signals other features subscribe to (certificates may complete when a lesson is read)."""
from blinker import Namespace

_signals = Namespace()

# Sent with the Lesson as sender and keyword arguments user= and progress= after the flush.
lesson_read = _signals.signal("lesson-read")

# Sent by the certificates feature when a trainee is certified for a course: the Course as sender
# and keyword arguments user= (the User) and certificate= (its certificate, opaque to learning).
# Learning records it, and completes the trainee's learning paths when every course is certified.
course_certified = _signals.signal("course-certified")

# Sent by learning when a trainee completes every course of a learning path: the LearningPath as
# sender and keyword arguments user= and completion= (the PathCompletion), after the flush.
path_completed = _signals.signal("path-completed")
