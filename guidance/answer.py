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

import numpy as np

from consultation.i18n import N_, gettext
from consultation.references import label as node_label
from consultation.references import parse_reference

from . import intents as I
from .eligibility import VERDICT_LABELS, kind_label, verdict_label
from .eligibility import rules as eligibility_rules
from .index import Index, get_index
from .text import language, normalise, sentences, tokens

MAX_QUESTION = 500
METHOD_EN = {"定量": "quantitative", "定性": "qualitative", "定性+定量": "qualitative and quantitative"}


@dataclass
class Answer:
    answer: str
    citations: list[dict] = field(default_factory=list)  # [{"ref", "quote"}]
    verdict: str | None = None
    declined: bool = False
    language: str = "zh"

    def to_json(self) -> dict:
        return asdict(self)


def _locale(lang: str) -> str:
    return "zh_CN" if lang == "zh" else "en"


def _cite(index: Index, ref: str, query: str = "", head_only: bool = False, max_sentences: int = 2) -> dict:
    """A citation: the whole quote of short parts, the most relevant sentences of long ones."""
    c = index.consultation
    full = c.quote(ref)
    node = c.node(ref)
    if head_only and node.text:
        own = full.split("\n", 1)[0]
        return {"ref": ref, "quote": own}
    if len(full) <= 60 or node.kind in ("row", "annex") or not query:
        return {"ref": ref, "quote": full}
    best = _best_sentences(full, query, max_sentences)
    return {"ref": ref, "quote": best}


def _best_sentences(text: str, query: str, n: int) -> str:
    """The sentence of `text` the question's words point at, with the next one if it continues the point."""
    parts = sentences(text)
    if not parts:
        return text
    own = set(tokens(query))
    wider = set(t for w in get_index().expand(query) for t in tokens(w))
    scores = []
    for s in parts:
        st = set(tokens(normalise(s)))
        scores.append(2 * len(own & st) + len(wider & st))
    best = max(range(len(parts)), key=lambda i: (scores[i], -i))
    if scores[best] == 0:
        best = 0
    start = text.index(parts[best])
    end = start + len(parts[best])
    if n > 1 and best + 1 < len(parts) and scores[best + 1] > 0 and parts[best].endswith((";", ";")):
        end = text.index(parts[best + 1], end) + len(parts[best + 1])
    return text[start:end]


def _office(index: Index, lang: str) -> dict:
    s = index.consultation.source
    publisher = s.publisher if lang == "zh" else "Anhui Provincial Department of Industry and Information Technology"
    return {"publisher": publisher, "mailbox": s.mailbox}


def _decline(index: Index, lang: str, msgid: str, citations=(), **params) -> Answer:
    loc = _locale(lang)
    text = gettext(loc, msgid, **params) if params else gettext(loc, msgid)
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
        cites.append(_cite(index, ref, head_only=(ref == "art-3")))
    return Answer(answer=text, citations=cites, verdict=v.verdict, declined=False, language=lang)


# --- composing from a part of the draft -----------------------------------------------------------

def _notice_answer(index: Index, q: str, lang: str) -> tuple[str, dict]:
    s = index.consultation.source
    loc = _locale(lang)
    notice = index.consultation.quote("notice")
    sents = sentences(notice)
    window = next(x for x in sents if "起止时间" in x)
    mail = next(x for x in sents if "电子邮件" in x)
    subject = next(x for x in sents if "邮件主题" in x)
    params = dict(opens=s.window.opens.isoformat(), closes=s.window.closes.isoformat(), mailbox=s.mailbox,
                  subject=s.email_subject, form=s.feedback_form)
    if I.SUBJECT.search(q) and not I.WHEN.search(q):
        return gettext(loc, N_("Put this subject line on the email: “%(subject)s”."), **params), \
            {"ref": "notice", "quote": subject}
    if I.MAILBOX.search(q) and not I.WHEN.search(q):
        return gettext(loc, N_("Send your comments by email to %(mailbox)s, with the subject line “%(subject)s”."),
                       **params), {"ref": "notice", "quote": mail}
    if I.FORM.search(q) and not I.WHEN.search(q):
        return gettext(loc, N_("Fill in the feedback form (《%(form)s》) and send it by email to %(mailbox)s, "
                               "with the subject line “%(subject)s”."), **params), {"ref": "notice", "quote": mail}
    if I.WHEN.search(q):
        return gettext(loc, N_("The public consultation runs from %(opens)s to %(closes)s (Beijing time); comments "
                               "are sent by email to %(mailbox)s within that period."), **params), \
            {"ref": "notice", "quote": window}
    return gettext(loc, N_("Comments on the draft are sent between %(opens)s and %(closes)s (Beijing time): fill in "
                           "the feedback form (《%(form)s》) and email it to %(mailbox)s with the subject line "
                           "“%(subject)s”."), **params), {"ref": "notice", "quote": notice}


def _row_answer(index: Index, ref: str, lang: str) -> str:
    c = index.consultation
    node = c.node(ref)
    annex = c.source.annexes[node.annex - 1]
    heading = next(cat.heading for cat in annex.categories if cat.name == node.category)
    method = node.method if lang == "zh" else METHOD_EN.get(node.method, node.method)
    return gettext(_locale(lang), N_("%(label)s, “%(indicator)s” (%(category)s, %(group)s): %(method)s, "
                                     "%(points)d points."),
                   label=node_label(node, _locale(lang)), indicator=node.text, category=heading,
                   group=node.group, method=method, points=node.points)


def _annex_answer(index: Index, ref: str, lang: str) -> str:
    c = index.consultation
    node = c.node(ref)
    annex = c.source.annexes[node.annex - 1]
    sep = "、" if lang == "zh" else ", "
    cats = sep.join(gettext(_locale(lang), N_("%(name)s %(points)d points"), name=cat.name, points=cat.points)
                    for cat in annex.categories)
    text = gettext(_locale(lang), N_("%(label)s, “%(title)s”: %(rows)d indicators, 100 points in all: %(categories)s."),
                   label=node_label(node, _locale(lang)), title=annex.title, rows=len(annex.rows), categories=cats)
    findings = [f.text(_locale(lang)) for f in c.findings if f.ref == ref and f.code == "numbering-gap"]
    if findings:
        text += (" " if lang == "en" else "") + gettext(_locale(lang), N_("Note on the table: %(finding)s"),
                                                        finding=findings[0])
    return text


def _part_answer(index: Index, ref: str, q: str, lang: str) -> tuple[str, dict]:
    c = index.consultation
    node = c.node(ref)
    loc = _locale(lang)
    if ref == "notice":
        return _notice_answer(index, q, lang)
    if node.kind == "row":
        return _row_answer(index, ref, lang), _cite(index, ref)
    if node.kind == "annex":
        cite = _cite(index, ref)
        text = _annex_answer(index, ref, lang)
        return text, cite
    cite = _cite(index, ref, q)
    topic = index.topics.get(ref)
    if lang == "en":
        summary = topic.en if topic else ""
        text = gettext(loc, N_("%(summary)s The official text of %(label)s is quoted below."),
                       summary=summary, label=node_label(node, loc)).strip()
    else:
        text = gettext(loc, N_("According to %(label)s: %(quote)s"), label=node.label if node.kind != "explanation"
                       else "起草情况的说明", quote=cite["quote"])
    return text, cite


# --- the engine ----------------------------------------------------------------------------------

_REF_IN_TEXT = re.compile(r"附(?:件|表)\s*[0-9一二三]\s*(?:表)?\s*(?:第|序号)?\s*[0-9]{1,2}\s*(?:项|行|号)?|"
                          r"附(?:件|表)\s*[0-9一二三]|第[一二三四五六七八九十]{1,3}条(?:[((][一二三四五六七八九十][))](?:\d)?)?|"
                          r"(?:annex|table)\s*\d\s*(?:,|/)?\s*(?:row|item|no\.?|#)\s*\d{1,2}|(?:annex|table)\s*\d|article\s*\d{1,2}", re.I)


def _explicit_ref(index: Index, q: str) -> str | None:
    for m in _REF_IN_TEXT.finditer(q):
        ref = parse_reference(m.group(0).strip(), index.consultation)
        if ref:
            return ref
        # a row the table does not have (附件1第19项): the table, whose answer notes the numbering gap
        table = re.match(r"(?:附(?:件|表)|annex|table)\s*([0-9一二三])", m.group(0), re.I)
        if table:
            number = "一二三".index(table.group(1)) + 1 if table.group(1) in "一二三" else int(table.group(1))
            if f"annex-{number}" in index.consultation.nodes:
                return f"annex-{number}"
    return None


def _boosts(index: Index, q: str) -> dict[str, float]:
    """Preferences the question's type gives among the parts of the draft."""
    b: dict[str, float] = {}

    def add(ref, v):
        b[ref] = b.get(ref, 0.0) + v

    consult = I.CONSULT.search(q)
    apply = re.search(r"申报|申请|apply|application", q)
    if I.DEADLINE.search(q) and not I.VALIDITY.search(q):
        add("notice", 0.6)
    elif I.WHEN.search(q) and not I.VALIDITY.search(q) and not I.FREQUENCY.search(q):
        if consult:
            add("notice", 0.6)
        elif apply:
            add("art-7", 0.5)
    if I.MAILBOX.search(q) or I.SUBJECT.search(q) and consult or I.FORM.search(q) and consult:
        add("notice", 0.8)
    if consult and re.search(r"怎么|如何|哪里|方式|途径|渠道|how|where|\bway", q) and not apply:
        add("notice", 0.4)
    if I.VALIDITY.search(q):
        add("art-15", 0.6)
    if I.INTERPRET.search(q):
        add("art-14", 0.6)
    if I.FREQUENCY.search(q) and I.APPLYING.search(q):
        add("art-7", 0.6)
    if I.PROCEDURE.search(q):
        add("art-8", 0.45)
        for r in ("art-7", "art-9", "art-10"):
            add(r, 0.1)
    if I.DESTINATION.search(q):
        add("art-8", 0.4)
    elif I.MATERIALS.search(q):
        add("art-11" if I.EVALUATION.search(q) else "art-9", 0.4)
    if I.EVALUATION.search(q):
        add("art-12", 0.3)
        add("art-11", 0.2)
        if I.CONSEQUENCE.search(q):
            add("art-12", 0.2)
    if I.RESPONSIBLE.search(q) and not I.INTERPRET.search(q):
        add("art-4", 0.4)
    municipal_review = I.MUNICIPAL.search(q) and re.search(r"审|review|check", q)
    if municipal_review:
        add("art-8", 0.4)
    elif I.AFTER.search(q) and not I.NAMING.search(q):
        add("art-11", 0.3)
        add("art-13", 0.2)
    elif I.REVIEW.search(q) and not I.EVALUATION.search(q):
        add("art-10", 0.35)
    if I.APPLYING_BODY.search(q):
        add("art-8", 0.5)
    if I.REPORTING.search(q) and not I.EVALUATION.search(q):
        add("art-13", 0.4)
    if I.TYPES.search(q) and not I.POINTS.search(q):
        add("art-3", 0.5)
    if I.PURPOSE.search(q):
        add("art-1", 0.5)
    if I.SCOPE.search(q):
        add("art-3", 0.6)
        add("art-1", 0.4)
    if eligibility_rules().is_question(q):
        add("art-3", 0.3)  # a may-we-apply question about a body the rules do not recognise
    zone = zone_type(q)
    if zone and not I.POINTS.search(q):
        if I.DEFINE.search(q) and not I.CONDITIONS.search(q):
            add(f"art-3.{zone}", 0.5)
        elif I.CONDITIONS.search(q) or re.search(r"要有|需要|具备|必须|\bneed\b|\bmust\b|\brequired?\b|have to", q):
            add(f"art-6.{zone}", 0.5)
    if I.DEFINE.search(q) and not I.POINTS.search(q) and not zone:
        wanted = q if language(q) == "zh" else " ".join(index.expand(q))
        for term, ref in index.definitions.items():
            if term in wanted:
                add(ref, 0.6)
    return b


def zone_type(q: str) -> int | None:
    found = [n for n, pattern in I.ZONE_TYPE if pattern.search(q)]
    return found[0] if len(found) == 1 else None


# Words that name a section rather than a point inside it (dropped before drilling down).
_GENERIC_TEXT = ("人工智能 示范区 条件 要求 通用条件 分类条件 创建条件 申报条件 创建 类 类型 "
                                 "满足 具备 方面 规定 内容 有哪些 具体 需要 要有 ai demonstration zone zones deep application "
                                 "product innovation technology empowerment condition conditions requirement "
                 "requirements general specific type types create creating")


def _generic(index: Index) -> set[str]:
    if "generic" not in index.cache:
        index.cache["generic"] = set(tokens(normalise(_GENERIC_TEXT)))
    return index.cache["generic"]


def _drill_down(index: Index, ref: str, q: str) -> str:
    """From a section the question names to the item inside it that its other words point at."""
    node = index.consultation.node(ref)
    if node.kind not in ("article", "item") or not node.children or node.ref in ("notice",):
        return ref
    generic = _generic(index) | set(tokens(normalise(f"{node.title or ''} {node.text}")))
    rest = [t for t in tokens(q) if t not in generic]
    rest += [t for w in index.expand(" ".join(rest)) for t in tokens(w) if t not in generic] if rest else []
    if not rest:
        return ref
    scores = index.scores(rest)
    kids = [(float(scores[index.position[ch]]), ch) for ch in node.children if ch in index.position]
    kids.sort(reverse=True)
    if kids and kids[0][0] > 0 and (len(kids) == 1 or kids[0][0] >= 1.3 * kids[1][0]):
        return _drill_down(index, kids[0][1], q)
    return ref


def _phrase_overlap(indicator: str, q: str) -> float:
    """How much of an indicator's wording the question repeats verbatim (longest common run / length)."""
    core = re.sub(r"[((][^))]*[))]|\s", "", normalise(indicator))
    if not core:
        return 0.0
    best = 0
    for i in range(len(core)):
        for j in range(i + best + 1, len(core) + 1):
            if core[i:j] in q:
                best = j - i
            else:
                break
    return best / len(core) if best >= 3 else 0.0


def _structured_annex(index: Index, q: str) -> str | None:
    """Questions about a whole table: its categories, total or list of indicators."""
    n = None
    for number, pattern in ((1, r"深度应用|deep[- ]application"), (2, r"产品创新|product[- ]innovation"),
                            (3, r"技术赋能|technology[- ]empowerment|tech[- ]empowerment")):
        if re.search(pattern, q):
            n = number
    if n is None:
        return None
    annex = index.consultation.source.annexes[n - 1]
    names = [cat.name for cat in annex.categories]
    category_named = any(name in q for name in names) or re.search(
        r"application level|industrial base|ecosystem|innovation capacity|service output|innovation support|support and safeguard", q)
    if category_named and I.POINTS.search(q):
        return f"annex-{n}", True
    if re.search(r"一级指标|满分|总分|(一共|总共|合计).{0,3}(多少|几)分|指标有哪些|哪些指标|有哪些一级|all (the )?indicators|"
                 r"categories|total|full marks|max(imum)? (score|points)|highest (score|possible)|out of how many", q):
        return f"annex-{n}", True
    if re.search(r"指标表|indicator table|scoring table", q):
        return f"annex-{n}", False
    return None


def answer(question: str, index: Index | None = None) -> Answer:
    index = index or get_index()
    raw = (question or "").strip()[:MAX_QUESTION]
    lang = language(raw)
    q = index.speller.correct(normalise(raw))
    if not q:
        return _decline(index, lang, N_("Please ask a question about the draft."))

    if I.GREETING.search(q):
        return _decline(index, lang, N_("Hello. I answer questions about the draft guideline: who may apply, the "
                                        "conditions, the procedure, the indicator tables and the consultation."))
    if I.OFF_TOPIC.search(q):
        return _decline(index, lang, N_("The draft does not cover this question."))

    if I.OTHER_PROGRAMME.search(q) and I.OBTAIN.search(q) and not I.DRAFT_CONTEXT.search(q):
        return _decline(index, lang, N_("The draft does not cover how to apply for or obtain that title or "
                                        "programme; it only counts such enterprises or projects in the indicator "
                                        "tables of the annexes."))

    if I.WRITE_FOR_ME.search(q):
        cites = [_cite(index, "art-9", q)] if re.search(r"方案|申报书|材料|plan|application", q) else []
        return _decline(index, lang, N_("The service answers questions about the draft; it does not write "
                                        "documents or texts for you."), citations=cites)

    rules = eligibility_rules()
    asks_to_apply = rules.is_question(q)
    if asks_to_apply:
        found = rules.assess_question(q)
        if found:
            verdict, body = found
            place = body.place_name(lang) if verdict.situation in ("other_province", "place_conflict") else ""
            return _eligibility(index, verdict, lang, place)
        if I.WE.search(q) and I.MAY_WE.search(q) and not re.search(
                r"几类|哪一类|哪类|类型|多个|同时|type|材料|条件|流程|方案|要求|how", q):
            return _eligibility(index, rules.assess_kind("other"), lang)  # "can we apply?" without saying who
    if I.OTHER_REGION.search(q) and not re.search(r"安徽|anhui", q):
        return _decline(index, lang, N_("The draft covers only Anhui's demonstration zones; it does not cover "
                                        "other regions' policies."))
    if I.MONEY.search(q):
        return _decline(index, lang, N_("The draft does not state any amount of money. Article 12 says only that "
                                        "zones evaluated as excellent get priority in provincial policies, funds "
                                        "and projects."), citations=[_cite(index, "art-12", "优秀 资金 倾斜支持")])

    explicit = _explicit_ref(index, q)
    if explicit and I.CONSULT.search(q) and (I.DESTINATION.search(q) or I.MAILBOX.search(q)
                                             or re.search(r"怎么提|如何提|怎么反馈|如何反馈|\bhow\b|\bwhere\b", q)):
        explicit = "notice"  # how to comment on a part is answered by the notice, not by that part
    if explicit:
        return _compose(index, [explicit], q, lang)

    table = _structured_annex(index, q)
    qt = list(tokens(q))
    expanded = qt + [t for w in index.expand(q) for t in tokens(w)]
    raw_scores = index.scores(expanded)
    own_scores = index.scores(qt) if qt else raw_scores
    boosts = _boosts(index, q)
    if raw_scores.max() <= 0 and not boosts:
        return _decline(index, lang, N_("The draft does not cover this question."))

    # Relevance: the question's own words must meet the draft (not just the lexicon's expansion).
    matched = [t for t in qt if t in index.vocabulary]
    coverage = index.coverage(qt)
    if not boosts and not table and (not matched or own_scores.max() < 1.0 or coverage < 0.35):
        return _decline(index, lang, N_("The draft does not cover this question."))

    top = float(raw_scores.max()) or 1.0
    final = raw_scores / top
    if I.POINTS.search(q):
        final = final + np.where(index.kinds == "row", 0.15, 0.0)
    scored: dict[str, float] = {}
    own = set(qt)
    for i in np.argsort(-final)[:12]:
        doc = index.docs[i]
        if doc.kind == "faq" and len(own & set(doc.tokens)) < max(2, len(own) / 2):
            continue  # an FAQ phrasing must share most of the question's words, not one common verb
        for ref in doc.refs:
            # an FAQ entry lends its score to the parts it cites, discounted: it matched a phrasing, not the text
            scored[ref] = max(scored.get(ref, 0.0), float(final[i]) * (0.8 if doc.kind == "faq" else 1.0))
    for ref, v in boosts.items():
        base = scored.get(ref)
        if base is None:
            pos = index.position.get(ref)
            base = float(final[pos]) if pos is not None else 0.0
        scored[ref] = base + v
    for ref in list(scored):
        node = index.consultation.nodes.get(ref)
        if node is not None and node.kind == "row":
            scored[ref] += 0.4 * _phrase_overlap(node.text, q)
    ranked = sorted(scored.items(), key=lambda kv: -kv[1])
    if table:
        table_ref, strong = table
        row_named = (not strong and I.POINTS.search(q) and ranked
                     and ranked[0][0].startswith(table_ref + "/"))
        if not row_named:
            ranked = [(table_ref, 9.0)] + [kv for kv in ranked if kv[0] != table_ref]
    faq_hit = None
    best_doc = index.docs[int(np.argmax(final))]
    if (best_doc.kind == "faq" and ranked and ranked[0][0] in best_doc.refs
            and len(own & set(best_doc.tokens)) >= max(2, len(own) / 2)):
        faq_hit = index.faq[best_doc.key.split(":", 1)[1]]
    best = ranked[0][1]
    refs = [ref for ref, v in ranked if v >= 0.6 * best][:3]
    if faq_hit is None:
        first = _drill_down(index, refs[0], q)
        if first != refs[0]:
            refs = [first] + [r for r in refs if r != first]
            refs = refs[:3]
    return _compose(index, refs, q, lang, faq_hit)


def _compose(index: Index, refs: list[str], q: str, lang: str, faq=None) -> Answer:
    first = refs[0]
    text, cite = _part_answer(index, first, q, lang)
    citations = [cite]
    for ref in refs[1:]:
        if ref != first:
            citations.append(_cite(index, ref, q))
            if index.consultation.node(first).kind == "row" and index.consultation.node(ref).kind == "row":
                text += (" " if lang == "en" else "") + _row_answer(index, ref, lang)
    if faq is not None:
        custom = faq.answer_zh if lang == "zh" else faq.answer_en
        if custom:
            text = custom
            citations = [_cite(index, r, q) for r in faq.refs] + [c for c in citations if c["ref"] not in faq.refs]
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
    return time.perf_counter() - t


__all__ = ["Answer", "answer", "verdict_label", "warm_up", "MAX_QUESTION"]
