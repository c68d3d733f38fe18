"""Mail owed by the service: building messages and delivering the outbox.

`messages` turns an outbox row into an `email.message.EmailMessage` (the
receipt to the submitter, the copy to the office's mailbox with the feedback
form attached); `worker` claims due rows and delivers them exactly once in all
but one narrow, documented case (see worker.py).
"""
