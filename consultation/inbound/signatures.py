"""Telling a sender's signature from the end of their comment, and contact details inside comment text.

People sign a mail right under their last comment, often with no blank line: "张三 13800138000",
"周八（合肥某公司）zhouba@example.com", or just "周八". Read as comment text, the signature would be shown to
every clerk and published on /summary with the comment; it is personal data (docs/inbound.md: the text
outside the comments is for administrators only). So the last lines of a mail's last comment are looked
at one by one from the bottom:

- a signature (a telephone number or email address with at most a few other words; a personal name, with an
  organisation in brackets, a title, a date; a date alone; a sign-off such as 谢谢 or 敬上) is not comment
  text: it moves out of the comment;
- a short line that may be a name or may be words of the comment (很好, 老张, Zhang Wei) stays where it is,
  and the item goes to a clerk: a wrong guess either way would lose comment text or publish a name;
- anything else (a sentence, "4 分", "GB/T 2260") is comment text, and the look ends there.

Other personal identifiers (an ID number, a QQ/WeChat id, a number in Chinese numerals, an email address with
"at" and "dot" written out, a street address) count as contact details. A signature may take two lines (a name
with a title, an organisation with its department). Whatever the reading, a comment from the mailbox that
still holds any of these waits for a clerk (`contact_in`): the summary publishes comment text as written.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .vocabulary import reading, submitter_labels

SIGNATURE, UNSURE, TEXT = "signature", "unsure", "text"
# A line that is only an organisation with its department (合肥某科技有限公司 技术部): a signature's second line
# when it stands next to a name, the comment's own words or an unsigned sender otherwise (plaintext.py decides).
ORGANISATION = "organisation"

_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff]"
# Telephone numbers as people write them: a mainland mobile (138 0013 8000, +86-138-0013-8000), a landline
# with its area code (0551-62871234, (0551)62871234, …转123), a 400/800 service number.
_PHONES = re.compile(
    r"(?<![0-9])(?:"
    r"(?:\+?86[-\s]?)?1[3-9][0-9](?:[-\s.]?[0-9]){8}"
    r"|(?:\+?86[-\s]?)?(?:0[1-9][0-9]{1,2}[-\s]?|[(（]0[1-9][0-9]{1,2}[)）]\s*)[0-9]{3,4}[-\s]?[0-9]{4}(?:(?:-|转|ext\.?)[0-9]{1,5})?"
    r"|[48]00[-\s]?[0-9]{3}[-\s]?[0-9]{4}"
    r")(?![0-9])", re.I)
# Bounded and anchored after a character that cannot be in an address: a long run of letters without an @ is
# refused in linear time (an unanchored `[…]+@` retries from every position, quadratic in the line's length).
_EMAILS = re.compile(r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]{1,64}\s?@\s?[A-Za-z0-9\-]{1,63}"
                     r"(?:\s?\.\s?[A-Za-z0-9\-]{1,63}){1,8}")
_CN_DIGIT = "[零〇一二三四五六七八九幺]"
# Other personal identifiers people put in a signature (and, now and then, in a sentence): each is anchored on
# something comment text does not have, so 100亿元, 2025年, GB/T 2260, 12.5% and 第3.2条 never match.
_IDENTIFIERS = re.compile(
    # a resident ID number: 6-digit region, birth date 19xx/20xx, sequence, check digit (X allowed)
    r"(?<![0-9])[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9A-Za-z])"
    # a QQ number or WeChat id after its label (QQ 3141592653, 微信号：zhouba_1990, WeChat: zb1990)
    r"|(?<![A-Za-z])(?:QQ|qq)\s?(?:号码|号)?(?:是|为)?\s?[:：]?\s{0,3}[1-9][0-9]{4,11}(?![0-9])"
    r"|(?:微信号?|(?<![A-Za-z])(?:wechat|weixin|wx|vx)(?:\s?id)?)(?:是|为)?\s?[:：]?\s{0,3}[A-Za-z][A-Za-z0-9_\-]{5,19}(?![A-Za-z0-9_\-])"
    # a telephone number spelled in Chinese numerals (一三九零零零零一一一一, 幺三九 零零零零 幺幺幺幺)
    rf"|{_CN_DIGIT}(?:[\s\-]?{_CN_DIGIT}){{6,}}"
    # an email address with its @ and dots written out (zhouba at example dot com, zb[at]example.cn); a real
    # dot is written without spaces, so that "data at rest. Then" stays a sentence
    r"|(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]{1,64}(?:\s{1,3}at\s{1,3}|\s?[(\[{<]\s?(?:at|@)\s?[)\]}>]\s?)"
    r"[A-Za-z0-9\-]{1,63}(?:(?:\.|\s{1,3}dot\s{1,3}|\s?[(\[{<]\s?(?:dot|\.)\s?[)\]}>]\s?|点)[A-Za-z0-9\-]{1,63}){1,8}"
    # a landline without its area code, after a label (电话 6512 3456, 座机：65123456, Tel 6512-3456)
    r"|(?:电话|座机|固话|传真|(?<![A-Za-z])(?:tel|phone|fax))\s?[:：]?\s{0,3}[2-9][0-9]{2,3}[\s\-]?[0-9]{4}(?![0-9])"
    # a street address: road and number (长江西路100号), or building, unit and room (3栋502室, 2单元301)
    rf"|{_HAN}{{1,20}}?(?:路|街|巷|大道|大街|弄|胡同)\s?[0-9]{{1,5}}\s?号(?:\s?(?:[0-9]{{1,4}}\s?(?:栋|幢|号楼|座|单元|层|楼|室)|院|楼)){{0,4}}"
    r"|(?<![0-9第])[0-9]{1,4}\s?(?:栋|幢|号楼)\s?(?:[0-9]{1,2}\s?单元\s?)?[0-9]{2,4}\s?室?"
    r"|(?<![0-9第])[0-9]{1,2}\s?单元\s?[0-9]{2,4}\s?室?"
    r"|(?<![0-9.])[0-9]{3,4}室",
    re.I)
_DATE = re.compile(r"(?:[0-9]{4}|[〇零一二三四五六七八九]{4})\s*(?:年\s*\S{1,2}\s*月\s*\S{1,3}\s*日"
                   r"|[-./][0-9]{1,2}[-./][0-9]{1,2})")
_BRACKETED = re.compile(r"[(（【\[]([^()（）【】\[\]]{1,40})[)）】\]]")
_SENTENCE = re.compile(r"[。？！?!；;…]|\.\s|\.$")
_SEPARATORS = re.compile(r"[\s,，、/|:：·•\-—_~]+")
_LATIN_NAME = re.compile(r"[A-Z][a-z]{1,15}")
_LATIN_WORD = re.compile(r"[A-Za-z]{1,16}")
_UNSURE_HAN = re.compile(rf"{_HAN}{{2,4}}")


def normal(text: str) -> str:
    """Full-width digits, letters and @ as their ASCII forms, so １３８… and ＠ are found too."""
    return unicodedata.normalize("NFKC", text or "")


def contact_in(text: str) -> bool:
    """Whether the text holds something that looks like a telephone number, an email address or another
    personal identifier (ID number, QQ/WeChat id, a number in Chinese numerals, an address)."""
    text = normal(text)
    return bool(_PHONES.search(text) or _EMAILS.search(text) or _IDENTIFIERS.search(text))


def masked(text: str, mark: str) -> str:
    """The text with each telephone number, email address or other personal identifier (as `contact_in`
    finds them) replaced by `mark`, everything else as written.

    For what is published: the adoption summary quotes comment text, and a comment typed on the web or sent
    through the API may hold the sender's number ("请联系我 13800138000") which only staff may see. The
    patterns read the NFKC form (full-width digits and @ as ASCII); the spans found there are mapped back to
    the characters as written, so the rest keeps its full-width punctuation."""
    if not text:
        return text or ""
    folded, starts = [], []  # the NFKC form, and for each of its characters the written one it came from
    for i, char in enumerate(text):
        form = unicodedata.normalize("NFKC", char)
        folded.append(form)
        starts.extend([i] * len(form))
    plain = "".join(folded)
    spans = sorted(m.span() for pattern in (_PHONES, _EMAILS, _IDENTIFIERS) for m in pattern.finditer(plain)
                   if m.end() > m.start())
    if not spans:
        return text
    out, at = [], 0
    for start, end in spans:
        first, last = starts[start], starts[end - 1] + 1
        if first < at:  # overlapping finds: one mark
            at = max(at, last)
            continue
        out.append(text[at:first])
        out.append(mark)
        at = last
    out.append(text[at:])
    return "".join(out)


@lru_cache(maxsize=1)
def _patterns():
    r = reading()
    def alternatives(words):
        return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    surname = f"(?:{alternatives(r.signature_compound_surnames)}|[{re.escape(r.signature_surnames)}])"
    name = f"{surname}{_HAN}{{1,2}}"
    title = f"(?:{alternatives(r.signature_titles)})"
    organisation = f"(?:{_HAN}|[A-Za-z0-9]){{1,30}}?(?:{alternatives(r.signature_organisations)})"
    closing = f"(?:{alternatives(r.signature_closings)})"
    labels = alternatives([*submitter_labels(), *r.signature_labels])
    return {
        # 张三, 张三工程师, 刘工程师, 合肥某公司张三, 张三敬上: one token with a name in it
        "named": re.compile(f"(?:{organisation})?(?:{title})?(?:{surname}{title}|{name}(?:{title})?)(?:{closing})?",
                            re.I),
        "title": re.compile(title, re.I),
        "organisation": re.compile(organisation, re.I),
        "closing": re.compile(f"{closing}[!！。.]*", re.I),
        "label": re.compile(rf"(?:{labels})\s*[:：]?", re.I),
        # 技术部, 市场管理处, 信息中心: a department under an organisation's name
        "department": re.compile(f"{_HAN}{{2,12}}?(?:部|处|科|室|组|中心|办公室|车间)"),
        # 合肥市蜀山区, 安徽省合肥市: where the sender is, written after their name
        "place": re.compile(f"(?:{_HAN}{{1,8}}?(?:省|自治区|市|区|县|镇|乡|街道))+"),
    }


def classify(line: str) -> str:
    """SIGNATURE, UNSURE or TEXT for one line found at the end of a mail's last comment."""
    text = normal(line).strip()
    if not text:
        return TEXT
    p = _patterns()
    contact = bool(_PHONES.search(text) or _EMAILS.search(text) or _IDENTIFIERS.search(text))
    rest = _IDENTIFIERS.sub(" ", _EMAILS.sub(" ", _PHONES.sub(" ", text)))
    rest = _DATE.sub(" ¤date ", rest)
    tokens: list[str] = []
    for index, piece in enumerate(_BRACKETED.split(rest)):
        if index % 2:  # inside brackets: an organisation or a title, if nothing sounds like a sentence in it
            tokens.append("¤bracketed" if not _SENTENCE.search(piece) else piece)
        else:
            tokens += [t for t in _SEPARATORS.split(piece) if t]
    kinds = [_token_kind(token, p) for token in tokens]
    if not tokens:
        return SIGNATURE if contact else TEXT
    if None not in kinds and (contact or {"name", "date", "closing"} & set(kinds)):
        return SIGNATURE
    if contact:
        # A number with a few words around it (请联系 13800138000) is the sender's; in a sentence it may be
        # the comment's own (写明咨询电话 0551-…。): left in place, where contact_in sends it to a clerk.
        words = "".join(tokens)
        return SIGNATURE if len(words) <= 12 and not _SENTENCE.search(words) else TEXT
    if None not in kinds and {"organisation", "department"} & set(kinds):
        return ORGANISATION
    if len(tokens) <= 3 and all(_LATIN_WORD.fullmatch(t) for t in tokens):
        return UNSURE  # Zhang Wei, zhou ba, ZHOU BA, or a few words of the comment
    if len(tokens) == 1 and _UNSURE_HAN.fullmatch(tokens[0]):
        return UNSURE  # 老张, 很好: a name the list does not know, or the comment's last words
    return TEXT


def _token_kind(token: str, p) -> str | None:
    if token == "¤date":
        return "date"
    if token == "¤bracketed":
        return "bracketed"
    if p["closing"].fullmatch(token):
        return "closing"
    if p["label"].fullmatch(token):
        return "label"
    if p["named"].fullmatch(token):
        return "name"
    if p["title"].fullmatch(token):
        return "title"
    if p["organisation"].fullmatch(token):
        return "organisation"
    if p["department"].fullmatch(token):
        return "department"
    if p["place"].fullmatch(token):
        return "place"
    if _LATIN_NAME.fullmatch(token):
        return "latin"
    return None
