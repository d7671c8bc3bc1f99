"""The audit trail: one record per request, no values."""
