"""Answers that state the fact asked, in the question's language, composed from the structured draft.

The question's type says which fact: the points, the method, the unit of an indicator; the dates, the
mailbox, the subject line or the form of the consultation; who does what, what happens if, or the
difference between zone types. The answer states it from the draft's data and quotes the passage that
says it (an item whole, never its heading alone; the sentences of an article that carry the asked words).
English answers give the English names and quote the official Chinese. This module composes the
answers about the consultation notice, the zone types and any other part; the indicator tables'
answers are in compose_tables, quoting in quoting.
"""
from __future__ import annotations

import re

from consultation.i18n import N_, gettext
from consultation.references import label as node_label

from . import intents as I
from .compose_tables import _WHAT_KIND, _note_said, annex, category_said, row
from .index import Index
from .quoting import cite, date, label, locale, sep
from .text import normalise, sentences, tokens

# --- the consultation notice -------------------------------------------------------------------------

_SUBORDINATE_WHEN = re.compile(r"\bwhen (i|we|you|they|people) (send|submit|write|email|e-mail|comment|give|fill|mail)|"
                               r"的时候[,,]|时[,,]")


# Whether a comment sent late still counts (12月20号再发还收不收, is it too late): the notice's answer is its
# own words, comments sent within the set period (在规定时间内), so they are quoted with the dates.
_LATE = re.compile(r"晚了|过了期|逾期|过期|还收|收不收|还算数|算不算数|还来得及|来不来得及|还(能|可以)(发|提|交|反馈)|"
                   r"\btoo late\b|\blate\b|\bstill (count|be accepted|accepted|valid|taken)|\bafter the (deadline|\d)",
                   re.I)


def notice(index: Index, q: str, lang: str) -> tuple[str, dict]:
    s = index.consultation.source
    loc = locale(lang)
    text = index.consultation.quote("notice")
    sents = sentences(text)
    when = bool(I.DEADLINE.search(q) or I.WHEN.search(_SUBORDINATE_WHEN.sub(" ", q)))
    channel = bool(I.CHANNEL.search(q))  # by post, in person: the notice names email only
    asked = [name for name, yes in (("window", when), ("subject", bool(I.SUBJECT.search(q))),
                                    ("mailbox", bool(I.MAILBOX.search(q) or _WHERE.search(q)) or channel),
                                    ("form", bool(I.FORM.search(q)) or channel),
                                    ("publisher", bool(I.ISSUER.search(q))),
                                    ("attachments", bool(I.ATTACHMENTS.search(q)))) if yes]
    params = dict(opens=date(s.window.opens, lang), closes=date(s.window.closes, lang), mailbox=s.mailbox,
                  subject=s.email_subject, form=s.feedback_form,
                  publisher=s.publisher if lang == "zh" else f"{s.publisher_en} ({s.publisher})",
                  attachments=("；" if lang == "zh" else "; ").join(s.notice.attachments))
    closes = f"{s.window.closes.year}年{s.window.closes.month}月{s.window.closes.day}日"
    says = {  # what to say, and how to find the notice's sentence that says it (by its data, not its words)
        "window": (N_("The public consultation runs from %(opens)s to %(closes)s (Beijing time)."), closes),
        "subject": (N_("Put this subject line on the email: “%(subject)s”."), s.email_subject),
        "mailbox": (N_("Send your comments by email to %(mailbox)s."), s.mailbox),
        "form": (N_("Fill in the feedback form (《%(form)s》) and send it by email to %(mailbox)s."), s.feedback_form),
        "publisher": (N_("The draft is published for comment by %(publisher)s."), s.publisher),
        "attachments": (N_("The notice has these attachments: %(attachments)s."), s.notice.attachments[-1]),
    }
    if not asked:
        answer = gettext(loc, N_("Comments on the draft are sent between %(opens)s and %(closes)s (Beijing time): "
                                 "fill in the feedback form (《%(form)s》) and email it to %(mailbox)s with the "
                                 "subject line “%(subject)s”."), **params)
        if I.MAY_COMMENT.search(q):  # who may comment: the call closing the notice's first paragraph (现向社会…)
            answer = gettext(loc, N_("Official text: “%(quote)s”"), quote=_public_call(s)) + sep(lang) + answer
        else:  # how to comment: the notice's own sentences on it, quoted exactly, as for the form or the mailbox
            how = [x for x in sents if any(v and v in x.replace(" ", "") for v in (closes, s.feedback_form, s.mailbox, s.email_subject))]
            if how:
                said = text[text.index(how[0]):text.index(how[-1]) + len(how[-1])]
                answer += sep(lang) + gettext(loc, N_("Official text: “%(quote)s”"), quote=said)
        return answer, {"ref": "notice", "quote": text}
    if asked == ["window"] and (I.COMMENT_HOW.search(q) or _HOW_TO.search(q)):
        asked.append("form")  # how to comment, and by when: the form's sentence says how, by email, and to whom
    if asked == ["mailbox"]:
        asked.append("subject")  # the address is never given without the subject line it needs
    if "form" in asked and "mailbox" in asked:
        asked.remove("mailbox")  # the form's sentence gives the address too
    answer = sep(lang).join(gettext(loc, says[a][0], **params) for a in asked)
    if I.MAY_COMMENT.search(q):  # may we comment, and by when: the notice's call to the public says who may
        answer = gettext(loc, N_("Official text: “%(quote)s”"), quote=_public_call(s)) + sep(lang) + answer
    picked = [i for i, x in enumerate(sents) if any(says[a][1] in x.replace(" ", "") for a in asked)] or [0]
    start = text.index(sents[picked[0]])
    end = text.index(sents[picked[-1]], start) + len(sents[picked[-1]])
    said = text[start:end]
    if asked == ["window"] and _LATE.search(q):  # late: the dates and the notice's 在规定时间内, in its words
        how = next((x for x in sents[picked[-1] + 1:] if s.feedback_form in x.replace(" ", "")), None)
        if how:
            said = text[start:text.index(how, start) + len(how)]
        answer += sep(lang) + gettext(loc, N_("Official text: “%(quote)s”"), quote=said)
    elif {"form", "mailbox"} & set(asked) or lang != "zh":
        # how to comment, and any answer not in Chinese: the notice's own sentence, quoted exactly
        answer += sep(lang) + gettext(loc, N_("Official text: “%(quote)s”"), quote=said)
    return answer, {"ref": "notice", "quote": said}


def _public_call(s) -> str:
    """The call closing the notice's first paragraph (现向社会公开征求意见): who is asked to comment."""
    return re.split(r"[,，]", s.notice.paragraphs[0].rstrip("。"))[-1] + "。"


# How to do it asked, beside by when (能不能提意见?怎么提,截止到哪天; how, and by when): not how long or how many.
_HOW_TO = re.compile(r"(怎么|如何|怎样)(提|交|反馈|发|提交|报送|递交)|\bhow\b(?!\s+(long|many|much|often|late|early|soon)\b)",
                     re.I)


# Where comments go, asked with the consultation (send comments …, and where and by when).
_WHERE = re.compile(r"\bwhere\b|哪里|哪儿|往哪", re.I)


def draft_status(index: Index, lang: str) -> tuple[str, dict]:
    """Whether the text is in force now (现在生效了吗, is it in force yet): what is published is the draft for
    comment, and when the consultation closes; the draft's own article on its entry into force says the rest."""
    s = index.consultation.source
    text = index.consultation.quote("notice")
    said = next((x for x in sentences(text) if s.title in x), sentences(text)[0])
    return gettext(locale(lang), N_("What is published now is the draft for comment, 《%(title)s》, open for comments "
                                    "until %(closes)s."), title=s.title, closes=date(s.window.closes, lang)), \
        {"ref": "notice", "quote": said}


# --- zone types ----------------------------------------------------------------------------------

def _aspect_items(index: Index, zones, q: str) -> list[list[str]] | None:
    """Each zone type's condition items on the aspect the question compares (对创新平台的要求有什么不同): the
    items sharing the question's words other than the types' own names, or None unless every type has one."""
    c = index.consultation
    names = {t for z in index.profile.zone_types for t in tokens(z.zh)}
    asked = {t for w in [normalise(q), *index.expand(q)] for t in tokens(w) if len(t) >= 2} - names
    found = []
    for z in zones:
        items = c.node(z.conditions).children if z.conditions else []
        scored = [(len(asked & set(tokens(normalise(c.node(r).text)))), r) for r in items]
        top = max((n for n, _ in scored), default=0)
        if not top:
            return None
        found.append([r for n, r in sorted(scored, key=lambda x: -x[0]) if 2 * n >= top][:2])
    return found


def comparison(index: Index, types: list[int], q: str, lang: str) -> tuple[str, list[dict]]:
    """What sets zone types apart: their definitions, their specific conditions and their tables; or, when
    the question names an aspect their conditions speak of, each type's items on it."""
    c = index.consultation
    loc = locale(lang)
    zones = [index.profile.zone_types[i] for i in types]
    # An aspect of the conditions (要求, requirements), not of the tables' points.
    aspect = _aspect_items(index, zones, q) if (I.CONDITIONS.search(q) or I.REQUIRED.search(q)) and not I.POINTS.search(q) else None
    if aspect:
        lines = []
        for z, refs in zip(zones, aspect):
            name = z.zh if lang == "zh" else f"{z.en} ({z.zh})"
            said = ("；" if lang == "zh" else "; ").join(
                gettext(loc, N_("%(label)s: “%(quote)s”"), label=label(index, r, lang).rstrip("."),
                        quote=c.quote(r)) for r in refs)
            lines.append(gettext(loc, N_("%(name)s, on this: %(items)s."), name=name, items=said))
        return sep(lang).join(lines), [cite(index, r) for refs in aspect for r in refs]
    conditions_asked = bool(I.CONDITIONS.search(q))
    if WHICH_OF.search(q):  # which type is about what the question says: the types it describes first
        zones = _by_words(index, zones, q)
    lines, cites = [], []
    for z in zones:
        name = z.zh if lang == "zh" else f"{z.en} ({z.zh})"
        definition = re.sub(r"^[^。]*示范区。", "", c.node(z.definition).text) or c.node(z.definition).text
        table = c.source.annexes[z.annex - 1] if z.annex else None
        cats = ("、" if lang == "zh" else ", ").join(
            f"{cat.name} {cat.points}" if lang == "zh" else category_said(index, cat, lang)
            for cat in (table.categories if table else []))
        lines.append(gettext(loc, N_("%(name)s (%(definition_label)s): %(definition)s Specific conditions: "
                                     "%(conditions_label)s; indicator table: %(table_label)s (%(categories)s)."),
                             name=name, definition_label=label(index, z.definition, lang), definition=definition,
                             conditions_label=label(index, z.conditions, lang) if z.conditions else "-",
                             table_label=label(index, f"annex-{z.annex}", lang) if z.annex else "-", categories=cats))
        first = f"{z.conditions}.1" if conditions_asked and z.conditions else None
        # The conditions compared: each type's first condition, the one that sets its kind, and any other that
        # names the type's own words (技术赋能平台 of the technology-empowerment type): those tell it apart.
        own = re.compile("|".join(z.names), re.I)
        said = [first] + [r for r in (c.node(z.conditions).children if first in c.nodes else ())
                          if r != first and own.search(c.quote(r))]
        for item in (r for r in said if r in c.nodes):
            lines[-1] += sep(lang) + gettext(loc, N_("%(label)s: “%(quote)s”"), label=label(index, item, lang).rstrip("."),
                                             quote=c.quote(item)) + ("。" if lang == "zh" else ".")
    for z in zones:
        cites.append(cite(index, z.conditions if conditions_asked and z.conditions else z.definition))
    for z in zones:
        other = z.definition if conditions_asked else z.conditions
        if other:
            cites.append(cite(index, other))
    return sep(lang).join(lines), cites


# Which of the types is about something (哪一类是做产品的, which of the three is about …): the answer leads
# with the types the question describes.
WHICH_OF = re.compile(r"哪(一)?(类|种|个)(示范区)?(是|偏|侧重|主要|专门|讲|管)|\bwhich (one |type |kind )?(of (the|these) "
                       r"(three|two|3|2) )?(\w+ ){0,2}(types?|kinds?|categories|zones?|ones?)? ?(is|are) (about|for)\b", re.I)


def _by_words(index: Index, zones, q: str):
    """`zones` led by the one whose definition the question's words (with the lexicon's) match clearly best
    (1.5 times the next); the rest, or all when none stands out, in the draft's order."""
    words = [*tokens(normalise(q)), *(t for w in index.expand(normalise(q)) for t in tokens(w))]
    scores = index.scores(words)
    score = lambda z: float(scores[index.position[z.definition]]) if z.definition in index.position else 0.0
    ranked = sorted(zones, key=lambda z: -score(z))
    if len(ranked) < 2 or score(ranked[0]) < 1.5 * score(ranked[1]):
        return zones
    return [ranked[0]] + [z for z in zones if z is not ranked[0]]


def types_list(index: Index, ref: str, lang: str) -> str:
    loc = locale(lang)
    names = ("、" if lang == "zh" else "; ").join(z.zh if lang == "zh" else f"{z.en} ({z.zh})" for z in index.profile.zone_types)
    return gettext(loc, N_("%(label)s sets %(count)d types of demonstration zone: %(names)s."),
                   label=label(index, ref, lang), count=len(index.profile.zone_types), names=names)


# --- any other part ------------------------------------------------------------------------------

def part(index: Index, ref: str, q: str, lang: str, note: bool = False) -> tuple[str, dict]:
    c = index.consultation
    node = c.node(ref)
    loc = locale(lang)
    if ref == "notice":
        return notice(index, q, lang)
    if node.kind == "row":
        text = row(index, ref, lang)
        table = c.source.annexes[node.annex - 1]
        if table.notes and (I.DEFINE.search(q) or _WHAT_KIND.search(q)):
            said = _note_said(index, table, q)  # the note defining the row's term (…均为工业大模型开发者)
            if said:
                text += sep(lang) + gettext(loc, N_("The note to %(label)s says: %(note)s"),
                                             label=node_label(c.node(f"annex-{node.annex}"), loc), note=said)
        return text, cite(index, ref)
    if node.kind == "annex":
        return annex(index, ref, q, lang, note)
    quote = cite(index, ref, q)
    if I.TYPES.search(q) and any(z.definition.startswith(ref + ".") for z in index.profile.zone_types):
        text = types_list(index, ref, lang)
        return (text + (sep(lang) + gettext(loc, N_("Official text: “%(quote)s”"), quote=quote["quote"])
                        if lang == "en" else "")), {"ref": ref, "quote": c.quote(ref)}
    name = node_label(node, loc) if node.kind != "explanation" or lang == "en" else "起草情况的说明"
    if lang == "en":
        if node.kind == "article" and node.title:  # the official title, as a reader of the Chinese text finds it
            name = f"{name} ({node.title})"
        topic = index.topics.get(ref)
        summary = topic.en if topic else ""
        text = gettext(loc, N_("%(summary)s Official text of %(label)s: “%(quote)s”"), summary=summary,
                       label=name, quote=quote["quote"]).strip()
    else:
        text = gettext(loc, N_("According to %(label)s: %(quote)s"), label=name, quote=quote["quote"])
    return text, quote
