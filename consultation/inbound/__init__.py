"""Feedback that reaches the office outside the service: its mailbox, letters, calls, forum minutes.

Everything read or entered here ends as an ordinary submission (channel email,
letter, phone, …) through `consultation.submissions.submit`, so it is counted,
grouped, decided, summarised and exported like any other; what the reader is not
sure of waits in a review queue until a clerk confirms it.
"""
