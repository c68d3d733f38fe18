"""Office pages for what reached the office outside the service: the review queue and manual entry."""
