"""Field-level rules of a submission, as patterns and small functions.

One source for what a name, a phone number, an email address or a comment's
text may be: the payload model (intake/payload.py) validates with these
patterns and publishes them in the OpenAPI document, and the web form and the
bots call the functions for one field at a time. The patterns are written so
that a schema-driven client (or schemathesis) generating any string that
matches them sends a value the service accepts, and nothing that it refuses.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal

import idna
import phonenumbers

from ..i18n import N_

def _class(ranges) -> str:
    """Code point ranges as the inside of a character class that Python's re and ECMAScript (with the `u`
    flag, as JSON Schema reads patterns) read alike: \\uXXXX escapes in the BMP, the characters themselves
    beyond it (a JSON document escapes them as surrogate pairs, which a JSON parser reads back as one)."""
    def one(cp: int) -> str:
        return f"\\u{cp:04x}" if cp <= 0xFFFF else chr(cp)

    return "".join(one(a) if a == b else f"{one(a)}-{one(b)}" for a, b in ranges)


def _ranges(codepoints) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for cp in codepoints:
        if out and out[-1][1] == cp - 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return [(a, b) for a, b in out]


# Refused wherever they appear: C0/C1 controls (tab and line ends aside), bidi embeddings, overrides and
# isolates (U+202A-202E, U+2066-2069: "Trojan Source" text that reads differently from what it stores), and
# Unicode's noncharacters (U+FDD0-FDEF and the last two code points of every plane, U+FFFE, U+FFFF,
# U+1FFFE ... U+10FFFF: no text means them, and XML 1.0 cannot hold U+FFFE/U+FFFF, so a Word or Excel file
# with one cannot be written; attack round 12, F1). Written as escapes where the BMP allows, so the patterns
# mean the same to Python and ECMAScript. Lone surrogates (no UTF-8 encoding: no database or mail can take
# them) are refused too, by `no_surrogates`: a pattern cannot name them portably, and no client can send
# them but as JSON escapes.
NONCHARACTERS = _class([(0xFDD0, 0xFDEF)] + [(plane * 0x10000 + 0xFFFE, plane * 0x10000 + 0xFFFF)
                                             for plane in range(17)])
FORBIDDEN = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069" + NONCHARACTERS
# Dropped silently: zero-width and other invisible format characters that pasted text brings along (the soft
# hyphen U+00AD, the Arabic letter mark U+061C, the Mongolian vowel separator U+180E, U+200B-200F, U+2060-2065,
# the byte order mark U+FEFF).
INVISIBLE = r"\u00ad\u061c\u180e\u200b-\u200f\u2060-\u2065\ufeff"
_INVISIBLE_CPS = {0xAD, 0x61C, 0x180E, *range(0x200B, 0x2010), *range(0x2060, 0x2066), 0xFEFF}
_FORBIDDEN_CPS = {*range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def _filler_ranges() -> list[tuple[int, int]]:
    """Marks (Mn, Mc, Me: a combining mark with nothing before it to combine with), format characters (Cf)
    other than the dropped and refused ones, private-use characters (Co), the default-ignorable block of tag
    characters and variation selectors U+E0000-E0FFF, the object and replacement characters U+FFFC-FFFD, and
    the fillers and blanks that are letters or symbols by category (Hangul fillers U+115F, U+1160, U+3164,
    U+FFA0, the Braille blank U+2800). By this Python's Unicode database: marks and format characters exist
    only in the BMP, plane 1 and plane 14.

    Private use here is the BMP's U+E000-F8FF only. The supplementary private-use planes (U+F0000-FFFFD,
    U+100000-10FFFD: 131,068 code points) count as ordinary characters, in the published patterns and in
    `clean` alike: a schema-driven generator (Hypothesis, under schemathesis) enumerates every code point of
    a character class, and with those planes building a strategy for NON_BLANK took about 2 s per field
    (0.2-0.3 s without them; naming them as forbidden instead costs the same), so fuzzing POST
    /api/v1/feedback and /api/v1/office/decisions failed the "too slow" health check (retest round 12, N4).
    Nobody types them by hand, and no font draws them unless someone installed one on purpose."""
    categories = ("Mn", "Mc", "Me", "Cf", "Co")
    cps = {cp for cp in range(0x20000) if unicodedata.category(chr(cp)) in categories}
    cps |= {*range(0xE0000, 0xE1000), 0x115F, 0x1160, 0x2800, 0x3164, 0xFFA0, 0xFFFC, 0xFFFD}
    cps -= _INVISIBLE_CPS | _FORBIDDEN_CPS
    return _ranges(sorted(cps))


# Kept inside text but no content on their own (`_filler_ranges`: combining marks, variation selectors
# U+FE00-FE0F, U+180B-180F and U+E0100-E01EF, tag characters U+E0000-E007F, the BMP's private-use characters, U+FFFC,
# U+FFFD, Hangul fillers, the Braille blank...). A text of only these and spaces is blank: `clean` makes it
# "", and NON_BLANK refuses it, so a required text cannot be met by something nobody can see (retest round
# 11, N2; attack round 12, F2). Inside visible text they stay: "e\u0301" (é decomposed), "❤\ufe0f", a flag.
FILLER = _class(_filler_ranges())
# Trimmed at both ends (str.strip()'s whitespace, the forbidden controls aside).
SPACE = r" \t\n\r\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# What a one-line field (a name, an organisation, a phone number, an email address) may not hold besides
# FORBIDDEN: line breaks and the tab. A name with a line break ran across lines in the feedback form and the
# contacts export (attack round 12, F5); nobody's name has one.
LINE_BREAKS = r"\t\n\r\u2028\u2029"
INLINE_SPACE = r" \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"

TEXT = rf"^[^{FORBIDDEN}]*$"
# At least one visible character. The two leading classes are disjoint, so matching stays linear.
NON_BLANK = rf"^[{SPACE}{INVISIBLE}{FILLER}]*[^{FORBIDDEN}{SPACE}{INVISIBLE}{FILLER}][^{FORBIDDEN}]*$"
# The same on one line.
LINE = rf"^[^{FORBIDDEN}{LINE_BREAKS}]*$"
NON_BLANK_LINE = (rf"^[{INLINE_SPACE}{INVISIBLE}{FILLER}]*[^{FORBIDDEN}{SPACE}{INVISIBLE}{FILLER}]"
                  rf"[^{FORBIDDEN}{LINE_BREAKS}]*$")

# Phone numbers the office can call back: mainland mobiles and landlines (with or without +86/0086),
# Hong Kong, Macao and Taiwan. Decimal digits only ("1-800-FLOWERS" is refused), ASCII or full-width as a
# Chinese input method types them; a space, an ideographic space, a hyphen or a dot between groups, and the
# country or area code in brackets, (+86), （0551）, as people write them. `phone` reads them all as one
# number (NFKC, then the separators dropped).
_D = r"[0-9\uFF10-\uFF19]"  # a digit, ASCII or full-width
_NZ = r"[1-9\uFF11-\uFF19]"  # a digit other than 0
_0, _1, _8, _6 = (rf"[{d}\uFF1{d}]" for d in "0186")
_S = r"[ \-.\u3000\uFF0D\uFF0E]?"  # at most one separator between groups
_CC = rf"([+\uFF0B]{_8}{_6}|{_0}{_0}{_8}{_6})"  # +86 or 0086
_CC_SAID = rf"({_CC}|[(\uFF08]{_CC}[)\uFF09])"  # +86, (+86), （+86）
_AREA = rf"{_0}{_NZ}{_D}{{1,2}}"
_AREA_SAID = rf"({_AREA}|[(\uFF08]{_AREA}[)\uFF09])"  # 0551, (0551), （0551）
PHONE_BODY = (rf"({_CC_SAID}{_S})?{_1}[3-9\uFF13-\uFF19]{_D}{_S}{_D}{{4}}{_S}{_D}{{4}}"
              rf"|({_CC_SAID}{_S}{_NZ}{_D}{{1,2}}|{_AREA_SAID}){_S}{_NZ}{_D}{{2,3}}{_S}{_D}{{4}}"
              r"|\+(852|853)[ -]?[0-9]{8}|\+886[ -]?[0-9]{9}")
PHONE = rf"^[{INLINE_SPACE}]*(({PHONE_BODY})[{INLINE_SPACE}]*)?$"
# An address as RFC 5321 and, for addresses that are not ASCII, RFC 6531 (SMTPUTF8) write one, within their
# limits, in the practical subset people are given: a local part of dot-atoms (letters, digits and _ % + -,
# no leading, trailing or doubled dot) of at most 64 characters besides its dots; a domain of labels of at
# most 63 characters (letters and digits, hyphens inside), under a top-level domain of letters, an IDNA
# A-label (xn--fiqs8s) or letters that are not ASCII (中国); the whole at most 254 characters (the payload's
# maxLength, `email`). Letters that are not ASCII: CJK ideographs (用户@例子.中国) and Latin letters with
# diacritics (josé@exämple.de); not full-width forms (ｕｓｅｒ), nor the Cyrillic and Greek letters that
# pass for Latin ones (pаypal with a Cyrillic а), which serve to impersonate an address more than to reach
# anyone here. `/` is never part of one (mail/caps.py escapes LIKE with it). Attack round 12, F5: the
# 32-character local part, 22-character labels and letters-only top-level domain of the earlier rule
# refused real addresses (x@xn--fsqu00a.xn--fiqs8s, a 64-character local part, 用户@例子.中国).
_EMAIL_WIDE = r"\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u3400-\u4dbf\u4e00-\u9fff"
_EMAIL_LOCAL = rf"[A-Za-z0-9_%+\-{_EMAIL_WIDE}]"
_EMAIL_LABEL_CHAR = rf"[A-Za-z0-9{_EMAIL_WIDE}]"
_EMAIL_LABEL = rf"{_EMAIL_LABEL_CHAR}([A-Za-z0-9\-{_EMAIL_WIDE}]{{0,61}}{_EMAIL_LABEL_CHAR})?"
_EMAIL_TOP = (rf"([A-Za-z]{{2,63}}|[Xx][Nn]--[A-Za-z0-9]([A-Za-z0-9-]{{0,57}}[A-Za-z0-9])?"
              rf"|[{_EMAIL_WIDE}]{{1,63}})")
EMAIL_BODY = rf"{_EMAIL_LOCAL}(\.?{_EMAIL_LOCAL}){{0,63}}@({_EMAIL_LABEL}\.){{1,8}}{_EMAIL_TOP}"
EMAIL_MAX = 254  # RFC 5321's path of 256 octets less its angle brackets
EMAIL = rf"^[{INLINE_SPACE}]*(({EMAIL_BODY})[{INLINE_SPACE}]*)?$"

_FORBIDDEN = re.compile(f"[{FORBIDDEN}\\ud800-\\udfff]")
_SURROGATE = re.compile("[\\ud800-\\udfff]")
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_LINE_BREAK = re.compile(f"[{LINE_BREAKS}]")
_BLANK = re.compile(f"[{SPACE}{FILLER}]*")
_PHONE = re.compile(PHONE)
_PHONE_MARKS = re.compile(r"[\s\-.()]")  # after NFKC: the separators and brackets a number is written with
_EMAIL = re.compile(EMAIL)

MSG_CONTROL = N_("Remove the invisible control or text-direction characters and the noncharacters (such as U+2066 "
                 "or U+FFFF) from this text.")
MSG_ONE_LINE = N_("Write this on one line: remove the line breaks and tabs.")
# The patterns of one-line fields, to word their refusal (payload.field_errors).
ONE_LINE_PATTERNS = frozenset({LINE, NON_BLANK_LINE, PHONE, EMAIL})
MSG_PHONE = N_("This does not look like a phone number the office can call: for example 13800138000, "
               "+86 138 0013 8000 or 0551-62871234.")
MSG_EMAIL = N_("This does not look like an email address.")
MSG_DIGITS = N_("Type the number with the digits 0 to 9.")


def has_forbidden(value: str) -> bool:
    return bool(_FORBIDDEN.search(value))


def has_line_break(value: str) -> bool:
    return bool(_LINE_BREAK.search(value))


def one_line(value):
    """For the payload models' one-line fields: a line break or a tab is refused (PydanticCustomError
    "one_line"). The patterns say so too, but Python's `$` also matches before a final line break, which
    ECMAScript's does not: this keeps the service as strict as the published pattern."""
    from pydantic_core import PydanticCustomError

    if isinstance(value, str) and has_line_break(value):
        raise PydanticCustomError("one_line", "line break in a one-line field")
    return value


def no_surrogates(value):
    """For the payload models: a lone surrogate is refused like a control character."""
    from pydantic_core import PydanticCustomError

    if isinstance(value, str) and _SURROGATE.search(value):
        raise PydanticCustomError("control_characters", "lone surrogate")
    return value


def clean(value: str) -> str:
    """NFC, \\n line ends, no zero-width characters, trimmed, and "" when nothing visible is left (only
    fillers such as U+3164): forbidden characters are refused earlier (`checked_text`)."""
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text).strip()
    return "" if _BLANK.fullmatch(text) else text


def checked_text(value: str) -> str:
    """Text a person typed, by the one rule for free text (a comment's proposal and reason, a decision's reason):
    ValueError(MSG_CONTROL) when it holds a forbidden control, bidi or lone-surrogate character, else `clean`'s
    value ("" when nothing visible is in it, so a required text is not met by U+200B or U+3164 alone)."""
    if has_forbidden(value):
        raise ValueError(MSG_CONTROL)
    return clean(value)


def kept_text(value: str) -> str:
    """Text kept as typed by the one rule (the revised draft's text, a change's reason, a staff note):
    ValueError(MSG_CONTROL) as `checked_text`; "" when nothing visible is in it; else `value` itself, not
    normalised, so that the draft's own text, saved again, still compares equal to what it was."""
    return value if checked_text(value) else ""


@functools.lru_cache(maxsize=256)
def phone(value: str) -> str:
    """The number in E.164 (+8613800138000); ValueError(MSG_PHONE) if it is not one the office can call.

    Cached (a pure function of the string; a refusal is not cached): a public submission's number is
    normalised twice, by the per-contact rate limit before the view and by validation in it, and parsing
    with phonenumbers was a tenth of the limits' CPU per request (bench/limits_cost.py)."""
    if not _PHONE.fullmatch(value) or not value.strip():
        raise ValueError(MSG_PHONE)
    parsed = phonenumbers.parse(_PHONE_MARKS.sub("", unicodedata.normalize("NFKC", value)), "CN")
    if not phonenumbers.is_possible_number(parsed):  # the pattern admits only possible numbers
        raise ValueError(MSG_PHONE)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def email(value: str) -> str:
    """The address with its domain in one spelling, its IDNA A-label in lower case (用户@例子.中国 is
    用户@xn--fsqu00a.xn--fiqs8s, as x@Example.COM is x@example.com); ValueError(MSG_EMAIL) otherwise.

    The pattern (and the length) is the whole rule (no second opinion from a library that would refuse some
    addresses the published schema admits, such as a reserved top-level domain). One spelling of the domain,
    so that an address counts as one mailbox however its domain was typed (countkeys.contact_email and the
    receipt cap's SQL compare stored addresses), and the ASCII one, which every mail server takes: a domain
    IDNA cannot convert (no registry would have given it) keeps its letters, in lower case."""
    text = value.strip()
    if not _EMAIL.fullmatch(value) or not text or len(text) > EMAIL_MAX:
        raise ValueError(MSG_EMAIL)
    local, _, domain = text.partition("@")
    return f"{local}@{ascii_domain(domain)}"


@functools.lru_cache(maxsize=256)
def ascii_domain(domain: str) -> str:
    """`domain` as IDNA 2008 (UTS 46 mapping) spells it in ASCII, lower case; as typed, in lower case, when
    it cannot be converted."""
    if domain.isascii() and "xn--" not in domain.lower():
        return domain.lower()
    try:
        return idna.encode(domain, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        return domain.lower()


# --- numbers typed by people -------------------------------------------------------------------------------
# One rule for a number a person types into a field (the feedback form's and the change page's proposed
# points, the self-check wizard, the office's forms, the bots' answers): surrounding spaces are ignored; then
# an optional minus (a field that takes no negative refuses it by its range, in its own words), the digits
# 0-9, and at most one decimal point. No plus sign, no underscores ("1_0", which int() takes),
# no exponent ("1e5"), no thousands separators or spaces inside, no digits of other scripts ("٣", which
# int() and Decimal() take). Full-width digits, point and minus (０-９ ． －, what a Chinese input method
# types in its full-width mode, the usual mode of many older people's phones) count as their ASCII forms: a
# person cannot see the difference, and the phone field has always taken them. A field that takes a whole
# number takes it written with a zero fraction too ("6.0", "6.", "-0": `typed_whole`), on every form alike.
# The JSON API takes JSON numbers, whose grammar is ASCII (6.0 is the integer 6, as JSON Schema counts), and
# where a field also takes text (proposed points), exactly what its schema pattern says: "6", not "06",
# "6.0", " 6" or "６" (intake/payload.py, POINTS_TEXT).
_FULL_WIDTH = str.maketrans({**{chr(0xFF10 + d): str(d) for d in range(10)}, "\uff0e": ".", "\uff0d": "-",
                             "\uff05": "%"})
_TYPED_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)


class NotANumber(ValueError):
    """Not a number by the typed-number rule; `message` is MSG_DIGITS when it holds digits of another script
    (the caller's own message, e.g. "Enter a whole number", would not say what is wrong), else None."""

    def __init__(self, message: str | None = None):
        super().__init__(message or "not a number")
        self.message = message


def typed_text(value: str, *, percent: bool = False) -> str:
    """What a person typed, as the ASCII text of the number it is (full-width forms read as ASCII, spaces
    around dropped, and with `percent` a trailing % sign too); NotANumber when it is no number by the rule."""
    text = value.strip().translate(_FULL_WIDTH)  # str.strip(): the ideographic space too
    if percent and text.endswith("%"):
        text = text[:-1].rstrip()
    if _TYPED_NUMBER.fullmatch(text):
        return text
    raise NotANumber(MSG_DIGITS if other_digits(text) else None)


def other_digits(value: str) -> bool:
    """Whether `value` holds decimal digits of a script other than ASCII and full-width ("٣", "৩")."""
    return any(not "0" <= ch <= "9" and unicodedata.decimal(ch, None) is not None for ch in value.translate(_FULL_WIDTH))


def typed_number(value: str, *, percent: bool = False) -> Decimal:
    """The number a person typed, by the rule above; NotANumber otherwise."""
    return Decimal(typed_text(value, percent=percent))


def typed_whole(value: str) -> int:
    """The whole number a person typed, by the rule above: "6", "６", "06", "6.0", "6." and "-0" are whole
    numbers (6, 6, 6, 6, 6, 0), as the self-check wizard has always read them; "6.5" is not (NotANumber)."""
    number = typed_number(value)
    if number != number.to_integral_value():
        raise NotANumber()
    return int(number)


def as_typed_number(value: str) -> str:
    """For a form field sent on as text (proposed points): a whole number's canonical ASCII digits ("１０ ",
    "10.0" and "010" -> "10", "-0" -> "0"), another number's ASCII text ("6.5", refused by the domain as not
    whole), else `value` unchanged, so that the domain's check refuses it as typed. The API's text form is
    stricter (its schema pattern: payload.POINTS_TEXT): this reading is for what people type."""
    try:
        return str(typed_whole(value))
    except NotANumber:
        pass
    try:
        return typed_text(value)
    except NotANumber:
        return value
