"""Accounts: users, roles, organisations and cohorts."""
