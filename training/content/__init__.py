"""The curriculum loader: parse, validate and sync courses/ (and later quizzes/) into the database."""
