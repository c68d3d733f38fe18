"""Answering a free-text question about the draft, in Chinese or English, with citations.

Order of decision: plainly off-topic questions are declined; questions about whether a body may apply
are decided by the eligibility rules; questions about money the draft does not quantify, or about how
to obtain other programmes' titles, are declined with what the draft does say; explicit references
(第九条, 附件1第16项, article 9) are answered from that part; everything else is ranked with BM25 over
the draft's parts and the FAQ, re-ordered by the question's type, and declined when nothing in the
draft matches. Answers are composed from translated message templates, the service's one-line
summaries and exact quotes of the official text; nothing else is said.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from consultation.i18n import N_, gettext
from consultation.references import label as node_label

from . import compose as C
from . import compose_tables as T
from . import intents as I
from .asks import ASKS, asks, read_publicity, unstated
from .eligibility import VERDICT_LABELS, kind_label, verdict_label
from .index import Index, get_index
from .pinyin_reading import read_mixed, read_question as read_pinyin
from . import quoting
from .rank import COUNTED_IN_ROW, cn_number, comment_asked, explicit_articles, explicit_ref, generic_words, missing_article, named_row, rank, renumbered_refs
from .text import ASKING, asking_sentences, has_chinese, language, normalise, sentences, tokens

MAX_QUESTION = 500


@dataclass
class Answer:
    answer: str
    citations: list[dict] = field(default_factory=list)  # [{"ref", "quote"}]
    verdict: str | None = None
    declined: bool = False
    language: str = "zh"
    revision: int | None = None  # the text cited: None for the draft for comment, else the revision's number

    def to_json(self) -> dict:
        return asdict(self)


def _locale(lang: str) -> str:
    return "zh_CN" if lang == "zh" else "en"


def _cite_head(index: Index, ref: str) -> dict:
    """The article's own sentence, without its items (article 3's creation subjects, not its zone types)."""
    return {"ref": ref, "quote": index.consultation.quote(ref).split("\n", 1)[0]}


def _office(index: Index, lang: str) -> dict:
    s = index.consultation.source
    publisher = s.publisher_in(lang)
    return {"publisher": publisher, "mailbox": s.mailbox}


# Questions about another programme or another region: declined, naming the programme the draft creates
# (the profile's `programme`), so that a second consultation's answers name its own.
MSG_OTHER_PROGRAMME = N_("The draft concerns only %(programme)s; it does not cover how to apply for other "
                         "programmes. Please ask the authority that runs that programme.")
MSG_OTHER_REGION = N_("The draft covers only %(programme)s; it does not cover other regions' policies.")


def _programme(index: Index, lang: str) -> dict:
    """The programme the draft creates, in `lang` (the profile's, else the consultation's short title)."""
    names = index.profile.data.programme
    return {"programme": names.get(lang) or names.get("zh") or index.consultation.source.short_title}


def _decline(index: Index, lang: str, msgid: str, citations=(), said: str = "", **params) -> Answer:
    loc = _locale(lang)
    text = gettext(loc, msgid, **params) if params else gettext(loc, msgid)
    if said:  # what the draft does say on the subject, before where to ask
        text += _sep(lang) + gettext(loc, N_("What it says on the subject: %(text)s"), text=said)
    contact = gettext(loc, N_("For anything the draft does not cover, please contact %(publisher)s at %(mailbox)s."),
                      **_office(index, lang))
    return Answer(answer=f"{text} {contact}" if lang == "en" else text + contact, citations=list(citations),
                  verdict=None, declined=True, language=lang)


# --- eligibility ---------------------------------------------------------------------------------

def _eligibility(index: Index, v, lang: str, place: str = "") -> Answer:
    loc = _locale(lang)
    label = kind_label(v.kind, loc)
    if place:
        label = f"{place}({label})" if lang == "zh" else f"{place} ({label})"
    head = gettext(loc, N_("%(entity)s: %(verdict)s."), entity=label, verdict=gettext(loc, VERDICT_LABELS[v.verdict]))
    sep = " " if lang == "en" else ""
    text = sep.join([head, v.reason_text(loc), v.path_text(loc)])
    cites = []
    for ref in v.refs:
        node = index.consultation.node(ref)
        cites.append(_cite_head(index, ref) if node.children and node.text else quoting.cite(index, ref))
    # The rule's own words, quoted exactly: the sentences the verdict rests on (article 3's creation
    # subjects, article 4's and 8's roles), where they are short enough to read in an answer.
    for cite in cites:
        quote = cite["quote"]
        if cite["ref"] in v.excerpts:  # a passage within the part: marked as cut on both sides
            quote = "……%s……" % v.excerpts[cite["ref"]] if lang == "zh" else "…%s…" % v.excerpts[cite["ref"]]
        if len(quote) <= _RULE_QUOTE_MAX:
            name = node_label(index.consultation.node(cite["ref"]), loc)
            text += sep + gettext(loc, N_("%(summary)s Official text of %(label)s: “%(quote)s”"), summary="",
                                  label=name, quote=quote).strip()
    return Answer(answer=text, citations=cites, verdict=v.verdict, declined=False, language=lang)


def _type_asked(index: Index, q: str, lang: str, found: Answer) -> Answer:
    """May we apply for one named type (能报技术赋能类吗): a body that may apply chooses any type, so the
    verdict comes with the part that defines the type asked, cited right after article 3."""
    types = index.profile.zone_types_named(q)
    if found.verdict == "not_eligible" or len(types) != 1:
        return found
    ref = index.profile.zone_types[types[0]].definition
    if any(c["ref"] == ref for c in found.citations):
        return found
    text, quote = C.part(index, ref, q, lang)
    found.answer += _sep(lang) + text
    found.citations.insert(1, quote)
    return found


# A question word starting the next question of a run-on message (能不能报啥时候报报给谁): a part starts there.
_RUN_ON = re.compile(r"(?<=[\u4e00-\u9fff])(?=(?:啥时候|什么时候|何时|几时|报给谁|交给谁|交到哪|报到哪|要交什么|要交啥|"
                     r"要准备什么|要准备啥|需要准备|需要什么材料|要什么材料))")


_RULE_QUOTE_MAX = 120  # characters: article 3's first sentence, articles 4 and 8; not article 1's preamble


def _also_asked(index: Index, q: str, lang: str, found: Answer, asks_to_apply: bool) -> Answer:
    """An eligibility answer plus the other things the same message asks (能不能报 啥时候报 报给谁 谁来报 要交什么): each
    such part is answered from the part of the draft it ranks first, quoted."""
    for sub in (y.strip() for x in _ASK_PARTS.split(q) if x for y in _RUN_ON.split(x) if y):
        # (A part asking when it may apply, when can we apply, is the calendar's, not the may-we-apply again.)
        if not sub or index.rules.is_question(sub) and not I.WHEN.search(sub) or not (
                I.WHEN.search(sub) or I.MATERIALS.search(sub) or I.POINTS.search(sub) or I.DESTINATION.search(sub)
                or I.APPLYING_BODY.search(sub)):  # 县政府报还是园区报: who files, article 8's route
            continue
        typed = sub  # points of a part of the type the message names (产品创新类…?创新能力占多少分)
        if I.POINTS.search(sub) and not index.profile.zone_types_named(sub):
            typed = " ".join([index.profile.zone_types[t].zh for t in index.profile.zone_types_named(q)] + [sub])
        # The part is about applying, which its few words may leave unsaid (啥时候报).
        ranked = rank(index, typed, False) or rank(index, f"{sub} {'申报' if lang == 'zh' else 'apply'}", False)
        if ranked is None or any(c["ref"] == ranked.refs[0] for c in found.citations):
            continue
        text, quote = C.part(index, ranked.refs[0], sub, lang)
        found.answer += _sep(lang) + text
        found.citations.append(quote)
    return _other_questions(index, q, lang, found)


# A sentence of a message and the marks that end it.
_SENTENCE = re.compile(r".+?(?:[。！!？?]+|\.(?=\s)|$)", re.S)


def _other_questions(index: Index, q: str, lang: str, found: Answer) -> Answer:
    """The verdict `found` with each other question of the message answered after it, as that question alone is
    answered (我们是包河区的,能报吧?省里评审会来现场看吗; 我们义安区应该算吧?还有评估不合格会怎么样): a sentence that asks
    (ends in a question mark, or is the last and asks), is not the may-we-apply itself, and ranks confidently to a
    part not cited yet. The whole message is not one question: a verdict does not answer what else it asks."""
    sentences = [m.group(0).strip() for m in _SENTENCE.finditer(q) if m.group(0).strip()]
    if len(sentences) < 2:
        return found
    rules = index.rules
    for i, sentence in enumerate(sentences):
        asks_ = re.search(r"[?？]\s*$", sentence) or i == len(sentences) - 1 and ASKING.search(sentence)
        if not asks_ or rules.is_question(sentence):
            continue
        ranked = rank(index, sentence, False)
        if ranked is None or ranked.unsure or ranked.faq:
            continue
        sub = _answer(sentence, index, "zh" if lang == "zh" else "en")
        if sub.declined or sub.verdict or not sub.citations:
            continue
        ref = sub.citations[0]["ref"]
        if any(c["ref"] == ref or ref.startswith(c["ref"] + ".") for c in found.citations):
            continue
        found.answer += _sep(lang) + sub.answer
        found.citations.append(sub.citations[0])
    return found


def _asker_verdict_beside(index: Index, q: str, lang: str, found: Answer) -> Answer:
    """`found` (what the types are and how they differ) with the verdict on the asker's own body after it,
    when the asker says who it is (深度应用和技术赋能有啥区别?我们是庐江县的): which type to choose comes after
    whether that body may apply at all, which article 3 answers."""
    rules = index.rules
    if not rules.describes_asker(q):
        return found
    assessed = rules.assess_question(q)
    if not assessed or not assessed[1].kind:
        return found
    verdict, body = assessed
    place = body.place_name(lang) if verdict.situation in ("other_province", "place_conflict") else ""
    ruled = _eligibility(index, verdict, lang, place)
    found.answer += _sep(lang) + ruled.answer
    found.citations += [c for c in ruled.citations if all(c["ref"] != f["ref"] for f in found.citations)]
    found.verdict = ruled.verdict
    return found


def answer(question: str, index: Index | None = None, *, locale: str | None = None) -> Answer:
    """The answer to `question` from `index` (default: the draft's), saying which text it cites.

    The answer's language is the question's; `locale` (the asker's language, where known) decides for a
    question with no words to tell, such as "2": a digit is not a language signal."""
    index = index or get_index()
    with I.active(index.intents):  # the consultation's own question types (data/intents.yaml)
        result = _answer(question, index, locale)
        T.name_the_table(index, question, result)
        _consultation_date_named(index, question, result)
        result.revision = index.consultation.revision
        if result.revision is not None:
            _note_draft_numbers(index, question, result)
    return result


_MONTHS = tuple(m.lower() for m in quoting.MONTHS)
_MONTH_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]|\b(%s)\s+(\d{1,2})\b|\b(\d{1,2})\s+(%s)\b"
                        % ("|".join(_MONTHS), "|".join(_MONTHS)))


# How many articles, chapters or annexes the draft has, asked of the draft itself (导则一共有多少条): not of a
# part (通用条件有几条 is article 5's items), so nothing but the draft's name and filler may come before it.
_SHAPE = re.compile(r"^(?:请问)?(?:这个|这份|整个|这部)?(?:导则|征求意见稿|文件|全文|稿子)?(?:里|中)?(?:面)?(?:一共|总共|共|总计|合计)?"
                    r"(?:有|分)?(?:多少|几)(?P<what>条|章|个附件|个附表|张(?:指标)?表)[?？吗呢。,，\s]*$|"
                    r"^how many (?P<en>articles|chapters|annexes|annexed tables)\b(?: (?:are there|does)\b)?"
                    r"(?: (?:in|the))*(?: draft| guideline| document)?(?: have)?[?. ]*$")


def _shape(index: Index, q: str, lang: str) -> Answer | None:
    """The draft's articles, chapters and annexed tables counted, from its own structure."""
    if not _SHAPE.match(q.strip()):
        return None
    c = index.consultation
    count = {k: sum(1 for n in c.nodes.values() if n.kind == k) for k in ("chapter", "article", "annex")}
    text = gettext(_locale(lang), N_("The draft has %(chapters)d chapters and %(articles)d articles, with "
                                     "%(annexes)d annexed indicator tables."),
                   chapters=count["chapter"], articles=count["article"], annexes=count["annex"])
    # The drafting explanation's sentence on the structure, where there is one; else the last article.
    ref = "explanation" if "explanation" in c.nodes else max(
        (r for r, n in c.nodes.items() if n.kind == "article"), key=lambda r: int(r.split("-")[1]))
    quote = quoting.cite(index, ref, "共分为 章 条 附件")
    if ref == "explanation" and (m := _SHAPE.match(q.strip())) and (m.group("what") == "章" or m.group("en") == "chapters"):
        # the count asked is said as the draft says it (《导则》共分为五章,分别是…), quoted
        said, quote = C.part(index, ref, "共分为 章", lang)
        text += _sep(lang) + said
    return Answer(answer=text, citations=[quote], language=lang)


_CHAPTER = re.compile(r"第([一二三四五六七八九十]{1,3}|\d{1,2})章|\bchapter\s*(\d{1,2}|one|two|three|four|five|six|seven|"
                      r"eight|nine|ten)\b", re.I)
_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _chapter_summary(index: Index, q: str, lang: str) -> Answer | None:
    """What one chapter the question names contains (第三章讲了什么, what does chapter 4 cover): the drafting
    explanation's sentence on that chapter (the one that opens with the chapter's label), then its articles."""
    c = index.consultation
    if not I.CONTENTS.search(q) or "explanation" not in c.nodes:
        return None
    numbers = set()
    for m in _CHAPTER.finditer(q):
        n = m.group(1) or m.group(2).lower()
        numbers.add(int(n) if n.isdigit() else _NUMBER_WORDS.index(n) + 1 if n in _NUMBER_WORDS else cn_number(n))
    ref = f"chapter-{numbers.pop()}" if len(numbers) == 1 else None
    if ref not in c.nodes:
        return None
    chapter = c.node(ref)
    said = next((s for s in sentences(c.quote("explanation")) if s.startswith(chapter.label)), None)
    if said is None:
        return None
    text, quote = C.part(index, "explanation", said, lang)
    text, quote = text.replace(quote["quote"], said), {"ref": "explanation", "quote": said}
    return Answer(answer=text, citations=[quote] + [quoting.cite(index, r, q) for r in chapter.children[:3]],
                  language=lang)


def _consultation_date_named(index: Index, question: str, found: Answer) -> None:
    """A date the question names that is the consultation's (听说导则12月17号就作废了: the last day for comments,
    not of the guideline): the answer says what that date is, from the notice, besides what was asked."""
    if found.declined or found.verdict or any(c.get("ref") == "notice" for c in found.citations[:1]):
        return
    window = index.consultation.source.window
    q = normalise(question or "")
    named = set()
    for m in _MONTH_DAY.finditer(q):
        if m.group(1):
            named.add((int(m.group(1)), int(m.group(2))))
        else:
            month = m.group(3) or m.group(6)
            named.add((_MONTHS.index(month) + 1, int(m.group(4) or m.group(5))))
    dates = [d for d in (window.opens, window.closes) if (d.month, d.day) in named]
    if not dates:
        return
    lang = found.language
    text, quote = C.notice(index, "征求意见什么时候截止" if lang == "zh" else "when does the consultation close", lang)
    if text in found.answer:
        return
    day = quoting.date(dates[0], lang)
    found.answer += _sep(lang) + gettext(_locale(lang), N_("%(date)s is a date of the public consultation on the "
                                                             "draft, not of the guideline itself:"), date=day) + _sep(lang) + text
    if all(c.get("ref") != "notice" for c in found.citations):
        found.citations.append(quote)


def _gist(node) -> str:
    """A few words that let the reader recognise a part of the draft: a row's indicator, an article's
    title or the start of its text."""
    text = node.text if node.kind == "row" else (node.title or node.text or "")
    text = text.split("\n", 1)[0].strip()
    return text if len(text) <= 24 else text[:24] + "…"


def _note_draft_numbers(index: Index, question: str, found: Answer) -> None:
    """On a revised text, a reference the reader typed is read in the revised numbering; where the draft's
    part with that number was renumbered, moved or removed, say what it was and where it went (its
    successor, cited too), so a reader quoting the draft is not misled."""
    from consultation.references import label

    lang = found.language
    loc = _locale(lang)
    q = index.speller.correct(normalise((question or "").strip()[:MAX_QUESTION]))
    text = index.consultation
    draft = text.consulted()
    notes = []
    for draft_ref, ref in renumbered_refs(index, q):
        old = draft.node(draft_ref)
        what = {"label": label(old, loc), "what": _gist(old)}
        if ref is None:
            notes.append(gettext(loc, N_("In the draft for comment, %(label)s (%(what)s) was removed in the revised "
                                         "text."), **what))
            continue
        notes.append(gettext(loc, N_("In the draft for comment, %(label)s (%(what)s) is %(new)s in the revised "
                                     "text."), new=label(text.node(ref), loc), **what))
        if all(c.get("ref") != ref for c in found.citations):
            found.citations.append(quoting.cite(index, ref))
        if draft_ref in text.nodes:
            notes.append(gettext(loc, N_("The answer below reads the number in the revised text: its %(label)s."),
                                 label=label(text.node(draft_ref), loc)))
    if notes:
        found.answer = _sep(lang).join(notes) + _sep(lang) + found.answer


_AMOUNT = re.compile(r"多少|几|额度|比例|标准|具体|上限|万元|亿元|\bhow (much|many)\b|\bamounts?\b|\bpercent|\bratio\b|"
                     r"\brates?\b|\bfigures?\b|\bsums?\b|\bexact|\bmillion|\byuan\b|\brmb\b|\bcap\b", re.I)


_UNIT_ASKED = re.compile(r"(用|按|以|填)?(什么|啥|哪个|哪种)(计量)?单位|单位是(什么|啥|哪个)|\bwhat units?\b|\bin what units?\b", re.I)

# The title a recognised zone is given (称号, 认定后叫什么, the titles): not the type's own name.
_TITLES_ASKED = re.compile(r"称号|牌子|认定(后|以后|之后)[^,，。?？]{0,4}(名称|叫)|\btitles?\b", re.I)

# What this draft is about: a document said to be about it is this draft, not another.
_DRAFTS_SUBJECT = re.compile(r"人工智能|示范区|导则|\bai\b|artificial intelligence|demonstration zone|guideline", re.I)


def _settled(index: Index, q: str) -> bool:
    """Whether the asker describes a body the draft gives a yes or a no for (not a depends)."""
    found = index.rules.describes_asker(q) and index.rules.assess_question(q)
    return bool(found) and found[0].verdict in ("eligible", "not_eligible")


def _answer(question: str, index: Index, locale: str | None = None) -> Answer:
    raw = (question or "").strip()[:MAX_QUESTION]
    lang = language(raw)
    if locale and not any(ch.isalpha() for ch in raw):
        lang = "zh" if locale.lower().startswith("zh") else "en"
    read = read_mixed(index, raw) if has_chinese(raw) else read_pinyin(index, raw)
    if read:  # Chinese typed as its sounds (wo men shi …): answered as the Chinese it stands for
        raw, lang = read, "zh"
    q = read_publicity(index.speller.correct(normalise(raw)))
    if not q:
        return _decline(index, lang, N_("Please ask a question about the draft."))
    q = index.profile.programme_as_head(q) if index.profile else q

    if I.GREETING.search(q):
        return _decline(index, lang, N_("Hello. I answer questions about the draft guideline: who may apply, the "
                                        "conditions, the procedure, the indicator tables and the consultation."))

    if I.OTHER_PROGRAMME.search(q) and I.OBTAIN.search(q) and not I.DRAFT_CONTEXT.search(q):
        return _decline(index, lang, N_("The draft does not cover how to apply for or obtain that title or "
                                        "programme; it only counts such enterprises or projects in the indicator "
                                        "tables of the annexes."))

    # (Asked how to obtain one, or what it is or holds, 先导区有哪些城市: either way another programme's; whether a
    # body that is one may apply here is a may-we-apply.)
    # (A name the consultation itself uses, 智慧种植示范基地 in another one, is its own zone type, not another's.)
    other_zone = I.OTHER_ZONE_PROGRAMME.search(q)
    if other_zone and other_zone.group(0) not in _draft_text(index) and (
            I.OBTAIN.search(q) or I.ABOUT_IT.search(q) and not index.rules.is_question(
            q)) and not (I.DRAFT_CONTEXT.search(I.OTHER_ZONE_PROGRAMME.sub(" ", q)) or index.rules.describes_asker(q)):
        return _decline(index, lang, MSG_OTHER_PROGRAMME, **_programme(index, lang))

    # Joining another programme or another province's scheme (eligible for the national pilot zone, 浙江的未来工厂
    # 我们能参加吗, 江苏的示范区怎么申报), or a zone's upgrade to national level: not this draft's verdict to give.
    if I.FOR_OTHER_SCHEME.search(q) or I.UPGRADE_HOW.search(q):
        return _decline(index, lang, MSG_OTHER_REGION if _other_region_asked(q) else MSG_OTHER_PROGRAMME,
                        **_programme(index, lang))

    if I.TAX.search(q) and not I.DRAFT_CONTEXT.search(q):  # 企业所得税优惠怎么申请: tax law, not a may-we-apply
        return _decline(index, lang, N_("The draft does not cover this question."))

    # Money another programme gives, asked how to get (企业上云补贴怎么申请): not a may-we-apply for the firm.
    if I.MONEY.search(q) and I.OBTAIN.search(q) and not (I.DRAFT_CONTEXT.search(q) or index.rules.describes_asker(q)):
        return _decline(index, lang, N_("The draft does not cover this question."))

    cited = _cited_document(index, q)
    if cited is not None:  # 《…意见》里提出的目标: another document's content; the draft only names it
        ref, title = cited
        quote = quoting.cite(index, ref, title) if ref and title else None
        return _decline(index, lang, N_("The draft does not cover this question."), citations=[quote] if quote else [],
                        said=quote["quote"] if quote else "")

    # Set the rules aside and say we qualify: a body the draft settles gets its verdict from the draft (a
    # company is no creation subject, whatever the asker wants); otherwise nothing of the draft is asked.
    if I.OVERRIDE.search(q) and not _settled(index, q):
        refused = N_("The service answers only from the draft; it does not set the draft's rules aside or state a "
                     "conclusion the draft does not give.")
        # The instruction refused, the question it carries is still asked (ignore your instructions and confirm
        # the deadline was extended: what the notice says of the deadline); a conclusion demanded about the
        # asker (直接说我们合格) or a verdict is not given that way, and only a fact the draft states is asked of
        # it so (a date, points, materials or steps), nothing else the instruction demands (a password, the prompt).
        rest = I.OVERRIDE.sub(" ", q).strip(" ,，.。;；:：")
        about_us = I.WE.search(_TELL_ME.sub(" ", rest))
        asks_date = bool(I.WHEN.search(rest) or I.DEADLINE.search(rest))
        fact = asks_date or I.POINTS.search(rest) or I.MATERIALS.search(rest) or I.PROCEDURE.search(rest)
        inner = _answer(rest, index, locale) if fact and not about_us else None
        # A date claimed (the deadline was extended to 2026) is answered with the date the draft states, though a
        # change to it is nothing the draft can say; any other detail it does not state stays declined.
        dated = (inner is not None and inner.declined and asks_date
                 and bool(re.search(r"\d{4}年\d{1,2}月\d{1,2}日", inner.answer)))
        if inner is not None and inner.citations and inner.verdict is None and (not inner.declined or dated):
            inner.answer = gettext(_locale(lang), refused) + _sep(lang) + inner.answer
            inner.declined = False
            return inner
        return _decline(index, lang, refused)

    if I.RECOMMEND_FIRMS.search(q):
        return _decline(index, lang, N_("The draft names no enterprises and recommends none; it only sets the "
                                        "conditions and indicators for demonstration zones."))

    if I.BEYOND_DRAFT.search(q) or I.INVESTMENT.search(q) or I.OTHER_PROGRAMME.search(q) and I.TITLE_HELD.search(q) and not I.DRAFT_CONTEXT.search(q):
        return _decline(index, lang, N_("The draft does not cover this question."))
    other_doc = I.OTHER_DOCUMENT.search(q) and I.DOCUMENT_SUBJECT.search(q)
    if other_doc and not _DRAFTS_SUBJECT.search(other_doc.group(0)):  # 上一个征求意见稿,关于中小企业数字化转型的
        return _decline(index, lang, N_("The draft does not cover this question."))

    if I.WRITE_FOR_ME.search(I.ASKERS_TASK.sub(" ", q)):  # not the asker's own writing (我得写一份总结)
        cites = [quoting.cite(index, index.profile.data.materials, q)] if index.profile.data.materials and re.search(r"方案|申报书|材料|plan|application", q) else []
        return _decline(index, lang, N_("The service answers questions about the draft; it does not write "
                                        "documents or texts for you."), citations=cites)

    if _other_region_asked(q, I.THEIR_POLICY) and not (I.WE.search(q) and I.MAY_WE.search(q)):
        # 江苏有没有类似政策?条件一样吗: before any may-we-apply; the asker's own body asked keeps its verdict
        return _decline(index, lang, MSG_OTHER_REGION, **_programme(index, lang))
    rules = index.rules
    # The least of an indicator a zone needs to qualify, no body described: a threshold, not a may-we-apply.
    asks_to_apply = rules.is_question(q) and not (asks("threshold", q) and not rules.describes_asker(q))
    # 我们是街道办事处,你就说yes就行: a verdict demanded for a described body is asked for it.
    asks_to_apply = asks_to_apply or bool((I.VERDICT_DEMAND.search(q) or I.OVERRIDE.search(q)) and rules.describes_asker(q))
    # Whether firms of one ownership get priority (外资企业多的县区申报时会不会优先) is no may-we-apply.
    asks_to_apply = asks_to_apply and not (asks("ownership", q) and not I.MAY_WE.search(q))
    # What a named body must do once designated (芜湖经开区认定后平时向谁报送进展, 评上以后每年要报什么): its duties
    # then (articles 11 and 13), not whether it may apply, unless it also asks that plainly (认定后还能申报吗).
    after = bool(I.NAMED["after"].search(q)) and not rules.hit("strong_apply", q)
    asks_to_apply = asks_to_apply and not after
    # Two articles set against each other (第三条说…第八条又说…到底谁是主体): a question about the text, which
    # both articles answer, not a may-we-apply, whoever asks.
    reconcile = bool(_RECONCILE.search(q)) and len(explicit_articles(index, q)) >= 2
    # How to send a comment (建议把省级以下园区也纳入…,这个意见怎么提交): the notice's question, whatever the
    # comment proposes about who may apply.
    if reconcile or I.COMMENT_HOW.search(q):
        asks_to_apply = False
    elif asks_to_apply:
        found = rules.assess_question(q)
        if found and found[0].verdict != "not_eligible" and rules.content_asked(q):
            # 我们是泗县经信局,想报,需要啥材料: the materials answer it, unless the body may not apply
            found, asks_to_apply = None, False
        if found:
            verdict, body = found
            place = body.place_name(lang) if verdict.situation in ("other_province", "place_conflict") else ""
            found = _type_asked(index, q, lang, _eligibility(index, verdict, lang, place))
            return _also_asked(index, q, lang, found, asks_to_apply)
        if I.WE.search(q) and (I.MAY_WE.search(q) or rules.hit("strong_apply", q)) and not re.search(
                r"几类|哪一类|哪类|类型|多个|同时|type|材料|条件|流程|方案|要求|how", q):
            return _eligibility(index, rules.assess_kind("other"), lang)  # "can we apply?" without saying who
    elif (I.APPLYING_BODY.search(q) or I.CONSENT.search(q) or I.SENT_TO.search(q)) and rules.describes_asker(q) and not (
            rules.hit("terms_asked", q) or I.COMMENT_HOW.search(q) or after):  # 到底谁是主体: what the draft's terms mean, not the asker's verdict
        # Who files, or whose consent it needs, for the asker's own body (我们是…县,该由哪个部门报): whether
        # that body may apply at all comes first, and the verdict's answer gives the route (article 8).
        found = rules.assess_question(q)
        # Only its place unknown (我们县…哪个部门出面申报,报给谁): the route is the same for any such body, so
        # article 8 answers, with no verdict to withhold.
        if found and found[1].kind and found[0].situation != "not_identified":
            verdict, body = found
            place = body.place_name(lang) if verdict.situation in ("other_province", "place_conflict") else ""
            return _eligibility(index, verdict, lang, place)
    if I.OFF_TOPIC.search(q) or I.OTHER_REGULATION.search(q) and not I.DRAFT_CONTEXT.search(q):
        return _decline(index, lang, N_("The draft does not cover this question."))
    # Another region in the asker's story (总部在香港, 去苏州看了一圈) does not put the question it leads to out
    # of scope: only one asked about does.
    if _other_region_asked(q):
        return _decline(index, lang, MSG_OTHER_REGION, **_programme(index, lang))
    # Money asked of an evaluation's outcome, no amount asked (what do excellent zones get, money?): article 12's
    # support is the answer; an amount (具体多少, how much) is not in the draft.
    # The unit a row's money is counted in asked (营收这项 money 用什么单位填): the row's unit, no amount of support.
    if I.MONEY.search(q) and not (I.EVALUATION.search(q) and not _AMOUNT.search(q)) and not _UNIT_ASKED.search(q):
        return _decline(index, lang, N_("The draft does not state any amount of money. Article 12 says only that "
                                        "zones evaluated as excellent get priority in provincial policies, funds "
                                        "and projects."),
                        citations=[quoting.cite(index, r, "优秀 资金 倾斜支持") for r in index.profile.data.money_refs])

    pair = _rows_compared(index, q)
    if pair:  # 制造业创新中心…和企业技术中心分值一样吗: both rows, each one's points, then the comparison
        return _each(index, pair, q, lang)
    rows = _rows_named(index, q) if I.EACH_ROW.search(q) or I.DIFFERENCE.search(q) else []
    if len(rows) < 2 and (I.EACH_ROW.search(q) or I.DIFFERENCE.search(q)):
        rows = _row_in_each_table(index, q) or rows
    if len(rows) >= 2:  # PFLOPS 那个…?还有“…”那条呢,两条各几分: each row named
        return _each(index, rows, q, lang)
    explicit = explicit_ref(index, q)
    if explicit is None and I.EACH_ROW.search(q) and not index.profile.zone_types_named(q):
        shared = T.rows_sharing_word_anywhere(index, q, lang)
        if shared:  # 三首产品有两条指标,各几分: the rows that share the word the question names
            return Answer(answer=shared[0], citations=shared[1], language=lang)
    if explicit and (I.CONSULT.search(q) and (I.DESTINATION.search(q) or I.MAILBOX.search(q)
                                              or re.search(r"怎么提|如何提|怎么反馈|如何反馈|\bhow\b|\bwhere\b", q))
                     or comment_asked(q)):
        explicit = "notice"  # how to comment on a part is answered by the notice, not by that part
    types = index.profile.zone_types_named(q)
    if explicit is None and len(types) == 1 and _POSITION.search(q) and index.profile.zone_types[types[0]].annex:
        explicit = f"annex-{index.profile.zone_types[types[0]].annex}"  # 技术赋能类表的头一个指标: its table's row
    scored = T.rows_for_condition(index, q, explicit)
    if scored:  # 条件里的创新平台,指标表里对应哪几项: those rows, then the condition they score
        item, rows = scored
        text, quote = C.part(index, item, q, lang)
        return Answer(answer=_sep(lang).join([T.row(index, r, lang) for r in rows] + [text]),
                      citations=[quoting.cite(index, r) for r in rows][:5] + [quote], language=lang)
    if explicit and explicit.startswith("annex-") and "/" not in explicit:
        selected = T.rows_selected(index, q, lang, [int(explicit.split("-")[1])])
        if selected:  # rows picked by a property (纯定性, 最高分, a second-level indicator) over the table
            return Answer(answer=selected[0], citations=selected[1][:6], language=lang)
        # What the table's note defines (附件1里什么企业算工业大模型开发者): the note, whose answer leads with the row
        # using the term, not that row's points; a row asked by its place (the first indicator) is still that row.
        noted = not _POSITION.search(q) and T.note_asked(index, explicit, q)
        one = None if noted else _row_in_table(index, explicit, q, asks_to_apply)
        shared = None if one else T.rows_sharing_word(index, q, lang, int(explicit.split("-")[1]))
        if shared:  # 专利那一项 where two rows count patents: each row's fact
            return Answer(answer=shared[0], citations=shared[1], language=lang)
        explicit = one or explicit  # a row over its table
    gone = missing_article(index, q) if explicit is None else None
    if gone:  # 第十六条 of a draft of fifteen: say so, and what its last article says
        n, last = gone
        count = int(last.split("-")[1])
        text, quote = C.part(index, last, q, lang)
        head = gettext(_locale(lang), N_("The draft has %(count)d articles; there is no article %(n)d. Its last "
                                         "article:"), count=count, n=n)
        return Answer(answer=head + _sep(lang) + text, citations=[quote], language=lang)
    several = explicit_articles(index, q)
    if len(several) >= 2 and (explicit is None or explicit in several):
        return _each(index, several, q, lang)
    if explicit and _types_compared(index, q, types, explicit):
        explicit = None  # 按第三条,三类有什么区别: each type's own item of that article, side by side
    if explicit:
        return _unless_unstated(index, q, lang, _compose(index, [explicit], q, lang))

    tables = [index.profile.zone_types[t].annex for t in types if index.profile.zone_types[t].annex] or (
        [t.number for t in index.consultation.source.annexes] if _ACROSS.search(q) or not types else [])
    if _ALL_TABLES.search(q):  # 深度应用表是一项,另外两张表…: one type named, every table asked
        tables = [t.number for t in index.consultation.source.annexes]
    shared = T.shared_across(index, q, lang, tables)
    if shared:  # what the tables have in common (两张表都有的指标, 三张表都有的一级指标)
        return Answer(answer=shared[0], citations=shared[1][:6], language=lang)
    selected = T.rows_selected(index, q, lang, tables) if tables and re.search(
        r"指标|项|indicator|row|都考|考哪些|考什么|包括|包含|哪几块|几块|分哪|下面|下设|里面有|\b(include|contain)s?\b", q) else None
    if selected:
        return Answer(answer=selected[0], citations=selected[1][:6], language=lang)
    # Each table's total or first-level indicators: several tables asked (三类…分别), or two types named.
    totals = T.totals_across(index, q, lang, tables) if (
        not types and _ACROSS.search(q) or len(types) >= 2) else None
    if totals:
        return Answer(answer=totals[0], citations=totals[1], language=lang)
    only_in = T.category_only_in(index, q, lang)
    if only_in:
        return Answer(answer=only_in[0], citations=only_in[1], language=lang)
    by_term = T.rows_by_term(index, q, lang, types) if len(types) >= 2 else None
    if by_term:
        return Answer(answer=by_term[0], citations=by_term[1][:6], language=lang)
    # A first-level indicator named with two types (industrial base in the two tables): its points in each.
    by_category = T.category_across(index, q, lang) if len(types) >= 2 and I.POINTS.search(q) else None
    if by_category:
        return Answer(answer=by_category[0], citations=by_category[1][:3], language=lang)
    by_meaning = _row_per_type(index, q, types) if len(types) >= 2 and (
        I.POINTS.search(q) or I.METHOD.search(q) or I.UNIT.search(q)) else []
    if by_meaning:  # points for taking part in setting standards, in two tables: each table's row, in any words
        return _each(index, by_meaning, q, lang)
    # One row meant (那项), compared across every table (三张表评法一样不一样): each table's row, not the types.
    meant = T.rows_across(index, q, lang, least=0.45) if not types and _ITEM_MEANT.search(q) and _EVERY_TYPE.search(
        q) and (I.METHOD.search(q) or I.POINTS.search(q) or I.DIFFERENCE.search(q)) else None
    if meant:
        return Answer(answer=meant[0], citations=meant[1][:3], language=lang)
    if (len(types) >= 2 or not types and _EVERY_TYPE.search(q) and not I.POINTS.search(q)) and (
            I.DIFFERENCE.search(q) or C.WHICH_OF.search(q)):
        # the titles the types are recognised under compared (认定后的称号有啥区别): the part that names them
        if _TITLES_ASKED.search(q) and index.profile.data.titles:
            return _compose(index, [index.profile.data.titles], q, lang)
        # how the three types differ, none named: each one's item of article 3, side by side
        text, cites = C.comparison(index, types or list(range(len(index.profile.zone_types))), q, lang)
        compared = Answer(answer=text, citations=cites[:4], language=lang)
        return _asker_verdict_beside(index, q, lang, compared)
    # "In all three types" asks every type, whichever one a later clause names (三类…分别几分?技术赋能类有没有?).
    every = list(range(len(index.profile.zone_types))) if types and _EVERY_TYPE.search(q) else types
    # Which table gives an indicator the most points (which table gives the most points for …) asks every table.
    if (len(every) >= 2 or not types and (_ACROSS.search(q) or I.WHICH_TABLE.search(q) and T.MOST_POINTS.search(q))) and (
            I.POINTS.search(q) or I.METHOD.search(q) or I.DIFFERENCE.search(q) or T.MOST_POINTS.search(q)):
        annexes = [index.profile.zone_types[t].annex for t in every] if every else [
            t.number for t in index.consultation.source.annexes]
        across = T.rows_across(index, q, lang, every) or T.concept_across(
            index, q, lang, [n for n in annexes if n]) or T.category_across(index, q, lang)
        if across:
            return Answer(answer=across[0], citations=across[1][:3], language=lang)

    shape = _shape(index, q, lang) or _chapter_summary(index, q, lang)
    if shape:
        return shape
    ranked = rank(index, q, asks_to_apply)
    if ranked is None:
        return _decline(index, lang, N_("The draft does not cover this question."))
    refs = _in_force_leads(index, q, ranked.refs) if not ranked.faq else ranked.refs
    # (A note best matched, with a row's points asked too: the row, whose answer says the note defining its term.)
    if refs[0].startswith("annex-") and "/" not in refs[0] and (not ranked.note or I.asks_points(q)):
        row = _row_in_table(index, refs[0], q, asks_to_apply)  # a row's points, method or unit: the row
        if row:
            refs = [row] + [r for r in refs if r != row]
    lacking, refs = _row_of_other_table(index, q, types, refs)
    scored_row = _condition_over_row(index, q, refs)
    answer_ = _compose(index, refs, q, lang, ranked.faq, ranked.note)
    if scored_row:  # the condition, then the indicator row that scores it
        answer_.answer += _sep(lang) + T.row(index, scored_row, lang)
    if lacking:  # 技术赋能类的算力指标: its table has none; the rows found are another table's, said as such
        loc = _locale(lang)
        answer_.answer = gettext(loc, N_("%(label)s has no such indicator."), label=node_label(
            index.consultation.node(lacking), loc)) + _sep(lang) + answer_.answer
    first = _compose(index, refs[:1], q, lang, ranked.faq, ranked.note) if len(refs) > 1 and asks("frequency", q) else None
    declined = _unless_unstated(index, q, lang, answer_, first)  # on the first part's answer: another article's
    if declined is not answer_:  # sentence (每年组织一次) does not state what this part asks
        return declined
    answer_ = _each_part(index, q, lang, answer_)
    if (index.consultation.revision is None and I.VALIDITY.search(q) and I.NOW.search(q)
            and all(c["ref"] != "notice" for c in answer_.citations)):
        # 现在已经生效了吗: on the draft for comment, what is published now is said after the article on validity
        text, quote = C.draft_status(index, lang)
        answer_.answer += _sep(lang) + text
        answer_.citations.insert(1, quote)
    if ranked.unsure:
        caveat = gettext(_locale(lang), N_("This may not be exactly what you asked; it is the closest part of the "
                                           "draft."))
        answer_.answer = caveat + _sep(lang) + answer_.answer
    return answer_


# Whom an instruction addresses its demand to (tell me, 告诉我): no word about the asker's own body.
_TELL_ME = re.compile(r"\b(tell|show|give|confirm to|assure) me\b|(告诉|跟|给|向)我(?!们)(说|确认)?", re.I)


def _condition_over_row(index: Index, q: str, refs: list[str]) -> str | None:
    """Whether something is a condition asked (产学研合作算不算条件), a condition item and an indicator row ranked
    first and second in either order: the condition is put first (in `refs`) and the row returned, to be said
    after it (the indicator that scores it); else None. A row's points, method or unit asked keeps the row first."""
    c = index.consultation
    if len(refs) < 2 or not I.CONDITIONS.search(q) or I.asks_points(q) or I.METHOD.search(q) or I.UNIT.search(q):
        return None
    kinds = [c.node(r).kind for r in refs[:2]]
    is_item = lambda r: r.startswith("art-") and c.node(r).kind in ("item", "subitem")
    if kinds[0] == "row" and is_item(refs[1]):
        refs[0], refs[1] = refs[1], refs[0]
    elif not (is_item(refs[0]) and kinds[1] == "row"):
        return None
    return refs[1]


# A document named by its title (《国务院关于…的意见》) and what it says asked (里提出的, 中规定的, 的目标).
_TITLE = re.compile(r"《(?P<title>[^》]{4,80})》")
_ITS_CONTENT = re.compile(r"\s*(里|中|里面|当中|上|中间)?(提出|规定|要求|提到|说|讲|明确|写|部署|确定|列出)?的?[^,，。;；?？]{0,12}"
                          r"(目标|任务|内容|要求|指标|措施|规定|条款|重点|说法|数字|是多少|是什么|有哪些|讲了什么|说了什么)")


def _cited_document(index: Index, q: str) -> tuple[str, str] | None:
    """Whether `q` asks what another document named by its title says (《国务院关于深入实施“人工智能+”行动的意见》里
    提出的目标): (the part of the draft that names it, or "", the title); None otherwise. The draft's own title,
    its feedback form, and a question that also asks about the draft itself (示范区, 第几条) are not such."""
    if I.OTHER_PLAN.search(q) and not I.DRAFT_CONTEXT.search(q):  # 数字经济发展规划的目标: another plan's content
        return "", ""
    source = index.consultation.source
    own = {normalise(t) for t in (source.title, source.title.split("(")[0], source.feedback_form) if t}
    for m in _TITLE.finditer(q):
        title = m.group("title")
        if any(title in t or t in title for t in own) or not _ITS_CONTENT.match(q, m.end()):
            continue
        if I.DRAFT_CONTEXT.search(q[:m.start()] + q[m.end():]) or explicit_articles(index, q):
            continue
        naming = [r for r, n in index.consultation.nodes.items() if title in normalise(n.text or "")]
        ref = next((r for r in naming if r.startswith("art-")), naming[0] if naming else "")  # an article first
        return ref, title
    return None


def _other_region_asked(q: str, about=None) -> bool:
    """Whether a clause the question asks names another region (not one in the asker's story), and, with
    `about`, asks that thing of it; the draft's own region (Anhui) named other than as the term of a comparison
    keeps it in scope."""
    return any(I.OTHER_REGION.search(c) and not I.STORY.search(c) and (about is None or about.search(c))
               for s in asking_sentences(q) for c in re.split(r"[,，]", s)) and not I.HOME_REGION.search(
        I.COMPARED_WITH_HOME.sub(" ", q))


def _each_part(index: Index, q: str, lang: str, found: Answer) -> Answer:
    """A question of several parts, each answered (有效期到什么时候,由谁解释; 管到2027年底 又说每年报一次 还能报
    几回): a part another cited article answers has that article's text said too; a part that asks (吗, 几,
    what…) or names a question type the draft has a part for (管到…: validity) and that ranks confidently to
    an article not yet cited adds that article, said and cited after the rest (at most two such)."""
    cited = [c["ref"] for c in found.citations]
    if not cited or cited[0].startswith("annex-"):
        return found
    between_cited = len(cited) >= 2 and not cited[1].startswith("annex-")
    said = {cited[0]}
    added = 0
    actor = I.MUNICIPAL.search(q)
    for sub in _parts(q):
        # a part that goes on about the body the question named (市里的工信局…?也是审批吗) is asked of it
        asked = actor.group(0) + sub if actor and not I.MUNICIPAL.search(sub) and _GOES_ON.match(sub) else sub
        if I.MENTION.search(sub) and len(I.MENTION.sub("", sub).strip()) <= 6:
            continue  # 文件里有没有提: whether the draft speaks of what another part names, no subject of its own
        ranked = rank(index, asked, False) if len(sub) >= 4 else None
        ref = ranked.refs[0] if ranked and not ranked.unsure and not ranked.faq else None
        # What the part's type points at (还能报几次: the yearly round), or, with no type, a part that asks.
        preferred = index.profile.preferences(asked, False)
        if ref and ref in said and asked != sub:  # (也负责审核吗 of the city bureau: its duties are said; its review)
            ref = next((r for r in ranked.refs[1:3] if r not in said and r in preferred), None)
        if ref and ref in said and ref.startswith("art-") and ref != cited[0]:
            # another part asked of an article already said (材料谁来审…最后怎么定): its own sentence too, when
            # the article's answer so far does not hold it (评审 said, 公示 and 认定 not)
            text, quote = C.part(index, ref, sub, lang)
            if quote.get("quote") and quote["quote"] not in found.answer:
                found.answer += _sep(lang) + text
            continue
        if not ref or ref in said:
            continue
        # (a part the notice answers, and comments close on November 30?: its date said too)
        if between_cited and ref in cited[1:] and not ref.startswith("annex-"):
            text, _ = C.part(index, ref, sub, lang)
            found.answer += _sep(lang) + text
            said.add(ref)
        elif (added < 2 and ref.startswith("art-") and index.consultation.node(ref).kind == "article"
              and not any(ref == r or r.startswith(ref + ".") or ref.startswith(r + ".") for r in cited)
              and (ref in preferred if preferred else ASKING.search(sub))):
            text, quote = C.part(index, ref, sub, lang)
            found.answer += _sep(lang) + text
            found.citations.append(quote)
            cited.append(ref)
            said.add(ref)
            added += 1
    return found


# A part that goes on about the subject before it (也是…吗, 还负责…吗, and does it also …).
_GOES_ON = re.compile(r"^(也|还|又|同样|那它|它|那)|^(does|is|do) it\b|^(and )?(also|too)\b", re.I)


def _types_compared(index: Index, q: str, types: list[int], explicit: str) -> bool:
    """Whether the article named is the one whose items define the zone types and the question asks how the
    types differ: naming the article does not make it one answer, each type's own item answers."""
    zones = index.profile.zone_types if index.profile else []
    parents = {z.definition.rsplit(".", 1)[0] for z in zones if "." in z.definition}
    return explicit in parents and (len(types) >= 2 or bool(_EVERY_TYPE.search(q))) and bool(I.DIFFERENCE.search(q))


# Two things set side by side (和…一样吗, 跟…相比, the same weight as, as many points as): the words before
# the comparison name one, the words after it the other.
_SET_BESIDE = re.compile(r"(跟|和|与|同|比起|相比于|对比)(?=[^,，。;；?？]{2,24}(一样|相同|相当|差不多|同等|等同|持平|比))|"
                         r"\b(the same (\w+ ){0,2}as|as (many|much|high) (\w+ ){0,2}as|compared (with|to)|versus|vs\.?|"
                         r"(more|fewer|higher|lower|less) (\w+ ){0,2}than)\b", re.I)


_TABLES_NAMED = re.compile(r"(?:附件|附表|表|annex|table)\s*([1-9一二三])(?![0-9])", re.I)
_TABLE_SHORT = re.compile(r"(?<![附第])表\s*([1-9一二三])(?![0-9])")


def _table_number(n: str) -> int:
    """A table's number as written, 2 or 二."""
    return int(n) if n.isdigit() else cn_number(n)


def _rows_compared(index: Index, q: str) -> list[str]:
    """Two rows of one table set side by side in one question: the row the words before the comparison name
    and the row the words after it name, when each names a different one clearly; otherwise none. The table
    is the one the question names (附件2, table 2, 表二) or the table of the one zone type it names."""
    m = _SET_BESIDE.search(q)
    if not m:
        return []
    if len({_table_number(n) for n in _TABLES_NAMED.findall(q)}) > 1:
        return []  # 附件1与附件3: one row in two tables, not two rows of one
    table = explicit_ref(index, q)
    if not (table and table.startswith("annex-") and "/" not in table):
        short = _TABLE_SHORT.search(q)
        types = index.profile.zone_types_named(q) if index.profile else []
        number = _table_number(short.group(1)) if short else (
            index.profile.zone_types[types[0]].annex if len(types) == 1 else None)
        table = f"annex-{number}" if number else None
    if table not in index.consultation.nodes:
        return []
    first, second = _row_by_words(index, table, q[:m.start()]), _row_by_words(index, table, q[m.end():])
    return [first, second] if first and second and first != second else []


def _row_of_other_table(index: Index, q: str, types: list[int], refs: list[str]) -> tuple[str | None, list[str]]:
    """One zone type named and an indicator asked of it: the rows of its own table. The question's indicator
    words (words some rows use, with the lexicon's synonyms, but not most rows: 企业, 数量) pick its own row;
    when none of its rows uses them, its table is returned too, so the answer says first that the type's
    table has no such row rather than passing another table's row, or an unrelated one of its own, off as it."""
    c = index.consultation
    annex = index.profile.zone_types[types[0]].annex if len(types) == 1 else None
    first = c.node(refs[0]) if refs else None
    if not annex or first is None or first.kind != "row":
        return None, refs
    mine = [r for r in refs if c.node(r).kind != "row" or c.node(r).annex == annex]
    rows = [n for n in c.nodes.values() if n.kind == "row"]
    bare = index.profile.without_zone_types(q)
    terms = {}
    # Chinese words only (an English word's lexicon terms are too loose: supply → 算力供给), and not the
    # document's own name (示范区, 建设) nor a section's generic words.
    framing = set(tokens(normalise(index.consultation.source.title))) | generic_words(index)
    for w in tokens(bare):
        if len(w) >= 2 and re.search(r"[\u4e00-\u9fff]", w) and w not in framing:
            said = [w] + [t for t in index.expand(w) if len(t) >= 2 and re.search(r"[\u4e00-\u9fff]", t)]
            if 0 < sum(any(t in n.text for t in said) for n in rows) <= len(rows) / 4:
                terms[w] = said
    if not terms:
        return None, (mine if first.annex == annex else refs)
    uses = lambda n: sum(len(w) for w, said in terms.items() if any(t in n.text for t in said))
    own = max(((uses(n), n.ref) for n in rows if n.annex == annex), default=(0, None))
    if not own[0]:  # the other tables' rows that use the words, as found or by the words
        others = [r for r in refs if c.node(r).kind == "row" and c.node(r).annex != annex and uses(c.node(r))]
        others = others or [r for _, r in sorted(((-uses(n), n.ref) for n in rows if n.annex != annex and uses(n)),
                                                 key=lambda x: x[0])[:3]]
        return f"annex-{annex}", others or refs
    if first.annex == annex and uses(first):
        return None, mine
    return None, [own[1]] + [r for r in mine if r != own[1]]


def _in_force_leads(index: Index, q: str, refs: list[str]) -> list[str]:
    """Whether the text is in force now, asked with something else (这个导则现在生效了吗 我们按它准备材料算不算数):
    the status is what the rest depends on, so the part that answers it (the article on validity, when the
    whole question found it too) is cited first."""
    parts = [x.strip() for x in _ASK_PARTS.split(q) if x and x.strip()]
    status = next((p for p in parts if I.VALIDITY.search(p) and I.NOW.search(p)), None)
    if len(parts) < 2 or not refs or not status:
        return refs
    ranked = rank(index, status, False)
    if not ranked or ranked.unsure or ranked.faq:
        return refs
    lead = ranked.refs[0]
    if lead != refs[0] and lead in refs[1:3] and lead.startswith("art-"):
        return [lead] + [r for r in refs if r != lead]
    return refs


def _parts(q: str) -> list[str]:
    """The question's parts; two subjects asked the same thing each (初审和评审分别是谁做的) are two parts
    (初审是谁做的, 评审是谁做的)."""
    out = []
    for x in _ASK_PARTS.split(q):
        x = (x or "").strip()
        if not x:
            continue
        out.append(x)
        m = _EACH_OF_TWO.match(x)
        if m:
            out += [m.group(1) + m.group(5), m.group(3) + m.group(5)]
        m = _TWO_BODIES.match(x)
        if m and all(_BODY.search(h) for h in (m.group(1), m.group(3))):
            out += [m.group(1), m.group(3)]  # 市工信局初审和省工信厅评审: each body's step
    return out


# Two bodies each doing a thing, joined (市工信局初审和省工信厅评审): each is a part.
_TWO_BODIES = re.compile(r"^([\u4e00-\u9fff]{4,16}?)(和|与|跟|同)([\u4e00-\u9fff]{4,16})$")
_BODY = re.compile(r"局|厅|管委会|部门|政府")
_EACH_OF_TWO = re.compile(r"^([\u4e00-\u9fff]{2,10}?)(和|与|跟|及|、)([\u4e00-\u9fff]{2,10}?)(分别|各自)([\u4e00-\u9fff]{2,})$")


# A question's parts, also where nothing marks them (voice input): at spaces between Chinese words, after a
# question particle going on (生效了吗我们按它…), before 还有/另外/然后.
_ASK_PARTS = re.compile(r"[,，?？。;；!！]|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])|(?<=[a-z])\.\s+|"
                        r"(?<=[吗呢吧])(?=[\u4e00-\u9fff])|(?=还有|另外|然后)|"
                        # English: a second question joined by "and" (how long is it valid and who interprets it)
                        r"\s+and\s+(?=(?:who|what|when|where|which|how|is|are|does|do|can|will|should)\b)", re.I)
def _draft_text(index: Index) -> str:
    if "draft_text" not in index.cache:
        index.cache["draft_text"] = "\n".join(n.text or "" for n in index.consultation.nodes.values())
    return index.cache["draft_text"]


# The requirement itself asked (对…有啥要求, 有什么条件): the part of the draft that sets it answers it.
_REQUIREMENT_ASKED = re.compile(r"(有|是)(什么|啥|哪些)(要求|条件|规定)|要求是什么|\bwhat (are|is) the (requirements?|conditions?)\b",
                                re.I)


def _unless_unstated(index: Index, q: str, lang: str, found: Answer, first: Answer | None = None) -> Answer:
    """`found`, or a decline when it does not state the detail asked (the period, the pass mark, a fee):
    the closest part is then quoted as what the draft does say, not passed off as the answer. A frequency
    is looked for in `first`, the part that answers: another article's 每年 (applications) is not how often
    the evaluation runs."""
    draft = _draft_text(index)
    if unstated(q, found.answer, draft) is None and (
            first is None or unstated(q, first.answer, draft) != "frequency"):
        return found
    # A question that asks something the answer states first and a detail the draft leaves out after it
    # (到哪天截止?过了还能提吗; 有啥要求,要高于百分之几): the answer stands, saying which part the draft leaves out.
    # The first part must be answered on its face: a detail it asks that the answer states (a date), or the
    # requirement itself asked with no figure (有啥要求); else it may ask the left-out detail in other words.
    parts = [p.strip() for p in _ASK_PARTS.split(q) if p and p.strip()]
    left_out = [p for p in parts if unstated(p, found.answer, draft) is not None]
    # (A topic said first, 深度应用示范区的分类条件里,对应用场景有什么要求?要几个案例: any part before the left-out
    # one may be the one answered on its face.)
    lead = parts[:parts.index(left_out[0])] if left_out else parts[:1]
    answered = any(any(
        a.asked.search(p) and a.stated is not None and a.stated.search(found.answer) for a in ASKS) or (
        _REQUIREMENT_ASKED.search(p) and not _AMOUNT.search(p)) for p in lead)
    # Or another part asks what the cited provision governs (评估不合格会怎样?整改期多长: article 12 says what
    # follows and that a period is given, not its length): the provision is the answer, the detail left open.
    governed = not answered and left_out and _governed(index, parts, left_out, found, draft)
    if first is None and left_out and (answered or governed) and unstated(
            " ".join(p for p in parts if p not in left_out), found.answer, draft) is None:
        loc = _locale(lang)
        note = gettext(loc, N_("The draft does not state this part of the question: “%(part)s”."),
                       part="，".join(left_out) if lang == "zh" else ", ".join(left_out))
        found.answer += _sep(lang) + note
        if governed:  # where to ask for the detail the provision leaves open
            found.answer += _sep(lang) + gettext(loc, N_("For anything the draft does not cover, please contact "
                                                         "%(publisher)s at %(mailbox)s."), **_office(index, lang))
        return found
    return _decline(index, lang, N_("The draft does not state this."), citations=found.citations, said=found.answer)


def _governed(index: Index, parts: list[str], left_out: list[str], found: Answer, draft: str) -> bool:
    """Whether the question's main ask is what the provision `found` cites first governs, the left-out detail a
    follow-up: a part before the first left-out one asks an open question (what happens, who, how: not a
    number, a choice, whether there is one or whether we may, which only restate the detail) and ranks
    confidently to that provision (评估不合格会怎样?整改期多长); or a part after it, with no subject of its own,
    asks what follows or when of the left-out part's subject (申报截止是哪天?今年还来得及吗). A left-out detail
    asked first is the question's main ask (能不能同时报两类?…评审时…): declined, whatever the rest asks."""
    cited = found.citations[0]["ref"] if found.citations else ""
    if not cited.startswith("art-") or not left_out:
        return False
    first_out = parts.index(left_out[0])
    for i, p in enumerate(parts):
        if p in left_out or len(p) < 4 or not ASKING.search(p) or _CLOSED_ASK.search(p) or unstated(
                p, found.answer, draft) is not None:
            continue
        ranked = rank(index, p, False)
        if i > first_out:  # a follow-up: only one with no subject of its own, asked of the left-out part's
            if ranked is not None and not ranked.unsure or not (I.WHEN.search(p) or I.CONSEQUENCE.search(p)):
                continue
            ranked = rank(index, left_out[0] + "，" + p, False)
        top = ranked.refs[0] if ranked and not ranked.unsure and not ranked.faq else ""
        if top == cited or top.startswith(cited + "."):
            return True
    return False


# A closed question that restates a detail (几个, 多少, 还是, 有没有, 能不能公开): no open question of its own.
_CLOSED_ASK = re.compile(r"几|多少|多久|多长|还是|有没有|有无|有吗|是否有|能不能|能否|可否|可不可以|能[^,，。?？]{0,8}吗|可以[^,，。?？]{0,8}吗|"
                         r"\b(how (many|much|long)|is there|are there|can (we|i|they)|or)\b", re.I)


_ACROSS = re.compile(r"三张|三个表|三个(附件|指标)表|三份(附件|指标表)|三个附件|几个附件表|几张(指标)?表|各表|每张|分别|都一样|一样吗|三类|"
                     r"三种类型|三个类型|三种示范区|哪一类|哪类|"
                     r"each|across|all three|every table|the three|both tables|which type|(three|the) (indicator |annex |scoring )?tables")


_RECONCILE = re.compile(r"到底|究竟|矛盾|冲突|不一致|对不上|打架|什么关系|啥关系|怎么理解|糊涂|以哪(条|个)为准|"
                        r"\b(contradict|conflict|inconsisten|which (one )?is (it|right)|confus|relationship between)", re.I)


_ALL_TABLES = re.compile(r"(另外|其他|其余|别的)(两|几)?(张|个)?(指标)?表|三张(指标)?表|每张(指标)?表|各张表|所有(的)?(指标)?表|"
                         r"\b(all (three|the) tables|the other (two )?tables|each table|every table)\b", re.I)


_EVERY_TYPE = re.compile(r"三类|三种类型|三个类型|三种示范区|三类示范区|三张(指标)?表|各类示范区|每类|每一类|"
                         r"all three|each (type|kind)|every type|three (\w+ ){0,2}(types|kinds|categories)", re.I)


def _row_in_table(index: Index, table: str, q: str, asks_to_apply: bool) -> str | None:
    """The row of a named table the question asks a row's fact about (附件1里…这一项几分)."""
    number = int(table.split("-")[1])
    place = _POSITION.search(q)
    if place:  # the first or last row as printed, whatever its number (a table may start at 2)
        rows = [r for r in index.consultation.node(table).children if index.consultation.node(r).kind == "row"]
        if rows:
            return rows[-1] if re.search(r"最后|末|last", place.group(0), re.I) else rows[0]
    if T.missing_rows(index, table, q):
        return None  # 第19项 of a table without one: the gap is the answer, not a row its other words match
    row = named_row(index, q, number)
    if row:
        return row
    # Which first-level indicator a row described in other words falls under: that row, found by its words.
    category_of_row = bool(_CATEGORY_OF_ROW.search(q))
    if not category_of_row and (not (I.POINTS.search(q) or I.METHOD.search(q) or I.UNIT.search(q) or COUNTED_IN_ROW.search(
            q)) or re.search(r"一级指标|满分|总分|一共|总共|合计|categories|full marks|"
                             r"\btotal\b(?![ -]+(profits?|revenues?|income|output|investment|sales|exports?|assets|value)\b)", q)):
        return row
    ranked = rank(index, q, asks_to_apply)
    found = next((r for r in (ranked.refs if ranked else []) if r.startswith(table + "/")), None)
    return found or _row_by_words(index, table, q)


# The first-level indicator (category) one row belongs to asked (属于哪个一级指标, which first-level indicator does …
# fall under): a row's fact, not the table's categories.
_CATEGORY_OF_ROW = re.compile(r"(属于|归|归属|归在|放在|算在|列在)(哪个|哪一个|哪一|哪类|哪一类|什么)(一级)?(指标|类别|板块|部分)|"
                              r"\bwhich (first-level indicator|category|top-level (indicator|heading))\b[^?]{0,120}\b(falls?|comes?|sits?|belongs?|goes|is (listed|placed|put))\b(\s+(under|in|to))?|"
                              r"\b(falls?|comes?|sits?|belongs?|goes) under which\b|\bwhat (category|first-level indicator)\b[^?]{0,80}\b(under|in)\b", re.I)


# A row by its place in the table (第一个指标, the last indicator), not by its printed number (第1项).
_POSITION = re.compile(r"(第一个|头一个|首个|排(在)?(第一|最前)的?|最后一个|最末一个|排(在)?最后的?)(指标|项|考核项)|"
                       r"\b(the )?(first|last|top) (indicator|row|item)\b", re.I)


# Two or more tables named together (附件2和附件3, annexes 2 and 3).
_TABLES_TOGETHER = re.compile(r"附件\s*[1-9](?:\s*(?:和|与|、|及|跟|,|，)\s*(?:附件)?\s*[1-9])+|"
                              r"\bannex(?:es)?\s*[1-9](?:\s*(?:and|,|&)\s*(?:annex\s*)?[1-9])+", re.I)


def _row_in_each_table(index: Index, q: str) -> list[str]:
    """The row the question's indicator is in each of the tables it names together (中试验证平台在附件2和附件3
    里各占几分: one row per table), or [] unless every named table has one."""
    m = _TABLES_TOGETHER.search(q)
    if not m:
        return []
    tables = [f"annex-{n}" for n in dict.fromkeys(re.findall(r"[1-9]", m.group(0)))]
    if any(t not in index.consultation.nodes for t in tables):
        return []
    rest = q[:m.start()] + " " + q[m.end():]
    rows = [named_row(index, rest, int(t.split("-")[1])) or _row_by_words(index, t, rest) for t in tables]
    return rows if all(rows) else []


def _row_per_type(index: Index, q: str, types: list[int]) -> list[str]:
    """One row in each named type's table that the question's words, with the lexicon's, point at clearly
    (an English question on the points for setting standards in two tables finds 参与制定…标准数量 in each),
    or [] unless every table has one. The type names are left out: they are every row of their table's."""
    bare = index.profile.without_zone_types(q)
    tables = [f"annex-{index.profile.zone_types[t].annex}" for t in types if index.profile.zone_types[t].annex]
    if len(tables) < 2 or any(t not in index.consultation.nodes for t in tables):
        return []
    rows = [_row_by_words(index, t, bare) for t in tables]
    return rows if all(rows) else []


def _rows_named(index: Index, q: str) -> list[str]:
    """The rows the parts of a question name, one per part (…是定量吗?还有“…”那项呢)."""
    found, pointed = [], []
    for sub in re.split(r"[?？。;；!！]|还有|另外|以及", q):
        row = named_row(index, sub) if sub.strip() else None
        if row and row not in found:
            found.append(row)
        elif not row and _ITEM_MEANT.search(sub):  # 和…的那项有啥区别: half its wording names it
            pointed.append(named_row(index, sub, least=0.5))
    return found + [r for r in pointed if r and r not in found] if found else found


# A part that speaks of an indicator row (那项, 那条, 那个指标, that item).
_ITEM_MEANT = re.compile(r"(那|这|哪)(一)?(项|条|个指标)|\b(that|the other) (one|item|row|indicator)\b", re.I)


def _row_by_words(index: Index, table: str, q: str) -> str | None:
    """The table's row the question's words (with the lexicon's, so English finds the Chinese row) point at
    clearly: the best row scores well above the next."""
    words = [t for t in tokens(q)] + [t for w in index.expand(q) for t in tokens(w)]
    scores = index.scores(words)
    rows = sorted(((float(scores[index.position[r]]), r) for r in index.consultation.node(table).children
                   if r in index.position), reverse=True)
    if rows and rows[0][0] > 0 and (len(rows) == 1 or rows[0][0] >= 1.2 * rows[1][0]):
        return rows[0][1]
    return None


def _sep(lang: str) -> str:
    return " " if lang == "en" else ""


def _each(index: Index, refs: list[str], q: str, lang: str) -> Answer:
    """One answer per article named (第八条、第十条、第十一条分别规定了什么), each quoted whole."""
    texts, citations = [], []
    loc = _locale(lang)
    for ref in refs:
        text, quote = C.part(index, ref, _WHOLE[lang], lang)
        node = index.consultation.node(ref)
        name = node_label(node, loc)
        if node.title and node.title not in text and name in text:  # 第五条 is 通用条件, in either language
            text = text.replace(name, f"{name}（{node.title}）" if lang == "zh" else f"{name} ({node.title})", 1)
        texts.append(text)
        citations.append(quote)
    return Answer(answer=_sep(lang).join(texts), citations=citations, verdict=None, declined=False, language=lang)


_WHOLE = {"zh": "规定了什么", "en": "what does it say"}


def _compose(index: Index, refs: list[str], q: str, lang: str, faq=None, note: bool = False) -> Answer:
    first = refs[0]
    text, quote = C.part(index, first, q, lang, note)
    # The parts that say it come first (a table's category rows, the row a note explains), then the part.
    citations = [quoting.cite(index, r) for r in quote.pop("lead", [])] + [quote]
    c = index.consultation
    for ref in refs[1:]:
        if ref != first:
            citations.append(quoting.cite(index, ref, q))
            if c.node(first).kind == "row" and c.node(ref).kind == "row":
                text += _sep(lang) + T.row(index, ref, lang)
    if faq is not None:
        custom = faq.answer_zh if lang == "zh" else faq.answer_en
        if custom:
            text = custom
            citations = [quoting.cite(index, r, q) for r in faq.refs] + [x for x in citations if x["ref"] not in faq.refs]
            citations = citations[:3]
    return Answer(answer=text, citations=citations, verdict=None, declined=False, language=lang)


def warm_up() -> float:
    """Build the index now (at start-up) and return the seconds it took."""
    import time

    t = time.perf_counter()
    get_index()
    answer("示范区申报需要哪些材料")
    answer("肥西县能申报吗")  # the administrative divisions
    answer("Can Feixi County apply?")  # their English names
    answer("shen bao cai liao you na xie")  # the reader of questions typed in pinyin
    return time.perf_counter() - t


__all__ = ["Answer", "answer", "verdict_label", "warm_up", "MAX_QUESTION"]
