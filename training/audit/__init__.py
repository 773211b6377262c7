"""Audit log: append-only, hash-chained record of changes to roles, marks, grades and certificates."""
