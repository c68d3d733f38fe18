"""What guards the public intake: idempotency keys, the payload model and the data rules.

`consultation.submissions.submit` stays the one store; these modules hold the
rules it applies before storing, each in one place so that the API, the form
and the bots share them.
"""
