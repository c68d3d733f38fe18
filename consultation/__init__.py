"""The consultation domain: the draft as cited data, the window, submissions, decisions.

Nothing here imports Flask or telegram; web/ and bot/ are adapters over it.
"""
