"""Courses, lessons, enrolment by cohort and reading progress."""
