"""The administrators' area: organisations, cohorts and accounts."""
