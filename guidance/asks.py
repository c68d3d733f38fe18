"""What detail a question asks for, and whether an answer states it.

A question about a subject the draft covers may still ask for a detail the draft leaves open: how long
many months the rectification period is ("一定期限"), whether the evaluation runs every two years ("定期"),
the pass mark, how many
zones will be designated, a fee, a template to download, whether comments will be adopted. Ranking finds
the right article, and quoting it would look like an answer while it is not one. So the detail asked is
read as a type (a number of months or days, a stated frequency, a threshold, a quota, a fee, a download,
a future outcome, advice on products, a figure for a year) and the composed answer is checked for a statement of that type; when it has none the
question is declined, quoting what the draft does say. A vague "多久" / "how long" is answered from the
part that speaks of it (一定期限, 定期): only a stated number is a detail the draft can lack. The types are the language's, not the draft's: a
second consultation needs no change here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


def _re(*parts: str) -> re.Pattern:
    return re.compile("|".join(parts), re.I)


_NUM = r"(\d+|[一二两三四五六七八九十百]+)"


@dataclass(frozen=True)
class Ask:
    name: str
    asked: re.Pattern
    stated: re.Pattern | None  # None: the draft, a text of rules, cannot state it (a future outcome, a status)


ASKS = (
    Ask("threshold",
        _re(r"最低.{0,6}(分|多少)|分数线|及格线|合格线|(通过|合格|入选|认定|及格)(要|需要|得|至少)?(拿|达到|考)?(多少|几)分|"
            r"(拿|达到|考|得)(多少|几)分.{0,4}(才|能|可以)?(通过|合格|入选|认定)|至少(要)?(多少|几)分",
            r"\bminimum (total )?(score|points|mark)|\bpass(ing)? (mark|score|line|threshold)|\bcut-?off\b|"
            r"\bthreshold\b|score (needed|required) to (pass|be designated)"),
        _re(r"分数线|及格线|合格线|最低分|\d+\s*分(及|以)上|不低于\s*\d+|at least \d+ points|minimum of \d+")),
    Ask("quota",
        _re(r"名额|配额|限额|数量限制|(认定|评|选|批)(出)?(几|多少)个|(几|多少)个示范区|(几|多少)家示范区",
            r"\bhow many (demonstration )?zones\b|\bquota\b|\bcap on the number\b|\blimit on the number\b"),
        _re(r"名额|配额|限额|quota|" + _NUM + r"\s*个示范区")),
    Ask("fee",
        _re(r"费用|收费|评审费|申报费|交钱|交费|缴费|要钱|花钱",
            r"\bfees?\b|\bcharge(s|d)?\b|\bcost to apply\b|\bpay to apply\b"),
        _re(r"费|\bfees?\b")),
    Ask("download",
        _re(r"模板|样表|范本|范文|(在哪|哪里|哪儿)(能|可以)?(下载|找到|领取|获取)|下载|发我一份|发一份|链接|网址",
            r"\btemplates?\b|\bdownload\b|\bsample (form|application)\b|\blink\b|\burl\b|"
            r"where can (i|we) (find|get|obtain) (the|a) (form|template|file)"),
        _re(r"http|www\.|下载|网址|模板|样表")),
    Ask("outcome",
        _re(r"出来了吗|公布了吗|出台了吗|印发了吗|(会|能)不(会|能)被?采纳|是否(会被)?采纳|采纳(情况|了吗|吗)|"
            r"正式版|正式稿|最终版|定稿|第一批|首批|下一批|今年的申报|明年的申报",
            r"\bbe adopted\b|\bfinal version\b|\bfirst (batch|round)\b|\bnext (batch|round|call)\b|"
            r"\bthis year'?s call\b|\bhas .{0,30}been (published|announced|released)\b"),
        None),
    Ask("advice",
        _re(r"(用|选|买|采购|找)[^,，。?？!！]{1,15}好还是[^,，。?？!！]{1,15}好|推荐(哪家|哪个|哪款|一下|几家)|哪家(公司|厂商|供应商|服务商)(好|靠谱)",
            r"\bwhich (vendor|model|supplier|product|platform) (is|would be) better\b|\brecommend (a|an|some|which) "
            r"(vendor|model|supplier|product|company|consultant)"),
        None),
    Ask("contact",
        _re(r"办公地址|办公地点|地址在哪|联系电话|电话(是|号码)|几点上班|办公时间|上班时间|工作时间",
            r"\boffice (hours|address)\b|\bphone( number)?\b|\btelephone\b|\bopening hours\b"),
        _re(r"\d{3,4}-\d{7,8}|电话|地址|\baddress\b|\bphone\b")),
    Ask("frequency",
        _re(r"每(两|几|三|四|五|2|3|4|5)年|(两|三|2|3)年一次|一年(几|多少)次|每年(几|多少)次",
            r"\bhow often\b|\bevery (two|2|three|3|few) years\b|\bhow many times (a|per|each) year\b"),
        _re(r"每年|每" + _NUM + r"年|一年一次|\bonce a year\b|\bevery year\b|\bannual"
            r"|\bevery " + _NUM + r" years\b")),
    Ask("duration",
        _re(r"几个月|几个工作日|几天|多少天|几周|几年(?!一次)|多少个月",
            r"\bhow many (days|months|years|weeks)\b"),
        _re(_NUM + r"\s*(个)?(月|天|日|年|周|工作日)|\d{4}年|\b\d+\s*(days|months|years|weeks)\b|"
            r"\b(january|february|march|april|may|june|july|august|september|october|november|december)\b")),
    Ask("formula",
        _re(r"公式|换算|折算|计算方法|评分细则",
            r"\bformula\b|\bconvert(ed)? into (a )?scores?\b|\bbenchmark\b|\bscoring (rule|rubric|method)s?\b"),
        _re(r"公式|换算|折算|formula")),
)

_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?=\s*年|\b)")
_HOW_MUCH = _re(r"多少|几(个|家|项|亿|万)|是多少", r"\bhow (much|many)\b|\bwhat (was|is) the (figure|number|value)\b")


def unstated(q: str, answer_text: str, draft_text: str) -> str | None:
    """The type of detail `q` asks for that `answer_text` does not state, or None.

    A figure asked for a year the draft never names (2024年…营收是多少) is not in the draft either: the
    draft sets indicators, not the figures of particular places."""
    for ask in ASKS:
        if ask.asked.search(q) and (ask.stated is None or not ask.stated.search(answer_text)):
            return ask.name
    if _HOW_MUCH.search(q) and any(m.group(0) not in draft_text for m in _YEAR.finditer(q)):
        return "figure"
    return None
