"""How long personal data and work in progress are kept: the figures the privacy notice states
(PIPL art. 17 asks a notice to give the retention period). Elapsed time, on the real clock."""
from .drafts import DRAFT_DAYS

# Contact details of a submission are removed this many days after it was received
# (`consult purge-contacts --older-than 180`, consultation/exports/retention.py), or at once on withdrawal.
CONTACT_RETENTION_DAYS = 180
# The "about you" step's answers wait, encrypted in the submitter's own browser, this long for confirmation.
DETAILS_HOURS = 2

__all__ = ["CONTACT_RETENTION_DAYS", "DETAILS_HOURS", "DRAFT_DAYS"]
