"""Applicant guidance: eligibility answers and the self-check."""
