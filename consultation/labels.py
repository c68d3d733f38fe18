"""Names of the fixed choices, as message ids every channel translates the same way."""
from .i18n import N_

COMMENT_KIND_LABELS = {
    "support": N_("Support"),
    "amend": N_("Amend"),
    "delete": N_("Delete"),
    "add": N_("Add"),
    "other": N_("Other"),
}

CATEGORY_LABELS = {
    "individual": N_("Individual"),
    "enterprise": N_("Enterprise"),
    "government": N_("Government department"),
    "academic": N_("University or research institute"),
    "association": N_("Industry association"),
    "other": N_("Other organisation"),
}

CHANNEL_LABELS = {
    "web": N_("Web form"),
    "api": N_("API"),
    "telegram": N_("Telegram"),
    "wechat": N_("WeChat"),
    "imported": N_("Imported"),
    "email": N_("Email to the office"),
    "letter": N_("Letter"),
    "fax": N_("Fax"),
    "phone": N_("Phone call"),
    "meeting": N_("Meeting or forum"),
}

WINDOW_STATUS_LABELS = {
    "upcoming": N_("Not yet open"),
    "open": N_("Open"),
    "closed": N_("Closed"),
}

# The office's decision on a comment (adopted / partly adopted / ...), by the code it records.
OUTCOME_LABELS = {
    "adopted": N_("Adopted"),
    "partly_adopted": N_("Partly adopted"),
    "not_adopted": N_("Not adopted"),
    "already_provided": N_("Already provided for"),
    "out_of_scope": N_("Out of scope"),
}
