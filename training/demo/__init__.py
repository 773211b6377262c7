"""Demo data: organisations, cohorts and people to try the platform with."""
