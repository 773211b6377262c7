"""Quizzes: question banks as files, eight question types, timed attempts, review, item analysis, GIFT."""
