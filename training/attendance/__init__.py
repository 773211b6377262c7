"""Attendance at in-person classes: sessions, marks, self check-in, rates and exports."""
