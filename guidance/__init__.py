"""Applicant guidance: who may apply, answers from the draft, the self-check."""
