"""Office pages for revising the text and the public comparison page (consultation.revisions)."""
