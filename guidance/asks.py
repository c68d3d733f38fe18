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

from .intents import _re


_NUM = r"(\d+|[一二两三四五六七八九十百]+)"


@dataclass(frozen=True)
class Ask:
    name: str
    asked: re.Pattern
    stated: re.Pattern | None  # None: the draft, a text of rules, cannot state it (a future outcome, a status)


ASKS = (
    Ask("threshold",
        _re(r"最低.{0,6}(分|多少)|分数线|及格线|合格线|(通过|合格|入选|认定|及格)(要|需要|得|至少)?(拿|达到|考)?(多少|几)分|(多少|几)分[^,，。?？]{0,4}(过线|过关|达标)|"
            r"(拿|达到|考|得)(多少|几)分.{0,4}(才|能|可以)?(通过|合格|入选|认定)|至少(要)?(多少|几)分|门槛(是|为)?(多少|几)|门槛是\d|"
            # how much of an indicator counts as meeting it (算力达到多少才算达标): the tables set no level
            r"(达到|要有|需要|得有|做到|要)(多少|几)(?![^,，。?？]{0,12}(材料|份|页|字))[^,，。?？]{0,12}(才|就)(算|能|可以)?(达标|合格|过关|算数|满足要求|够|行)|"
            # how much earns the full points (多少才能拿满分), or the curve between (评分曲线)
            r"(达到|要有|需要|得有|做到|要)?(多少|几)[^,，。?？]{0,12}(才|就)(能|可以)?(拿|得|给)?满分|评分曲线|计分曲线|"
            # the total score that wins the title (总分多少分才能认定, 多少分以上才能通过)
            r"(多少|几)分(以上|及以上|往上|以上的话)?(才|就)(能|可以)?(通过|合格|入选|认定|评上)",
            r"\bminimum (total )?(score|points|mark)|\bpass(ing)? (mark|score|line|threshold)|\bcut-?off\b|"
            r"\bthreshold\b|score (needed|required) to (pass|be designated)|"
            # a minimum of an indicator to qualify (minimum computing capacity … to be eligible)
            r"\bminimum\b[\w\s-]{0,60}\b(to (be )?(qualify|apply|be eligible|eligible|be designated)|needed|required)\b|"
            r"\bat least\b[\w\s-]{0,40}\bto (qualify|apply|be eligible)\b|"
            # how much of an indicator earns its full points, or the curve between (the tables give only maxima)
            r"\b(need|needed|required|take|takes)\b[\w\s-]{0,20}\bto (get|earn|score|reach|achieve) (the )?(full|maximum|max|all)( \d+)? (points|marks|score)\b|"
            r"\bscoring (curve|formula|function)\b|\bpoints? (curve|formula)\b"),
        _re(r"分数线|及格线|合格线|最低分|\d+\s*分(及|以)上|不低于\s*\d+|at least \d+ points|minimum of \d+")),
    Ask("quota",
        _re(r"名额|配额|限额|数量限制|(认定|评|选|批)(出)?(几|多少)个|(几|多少)个示范区|(几|多少)家示范区|"
            r"最多[^,，。?？]{0,12}(推荐|报|申报|入选|认定)?[^,，。?？]{0,4}(几|多少)(个|家|类)|(推荐|申报|报)(几|多少)个|上限",
            r"\bhow many (demonstration )?zones\b|\bquota\b|\bcap on the number\b|\blimit on the number\b"),
        _re(r"名额|配额|限额|quota|" + _NUM + r"\s*个示范区")),
    Ask("fee",
        _re(r"费用|收费|评审费|申报费|交钱|交费|缴费|要钱|花钱|保证金|押金",
            r"\bfees?\b|(?<!\bin )(?<!\bin the )\bcharge(s|d)?\b(?! of\b)|\bcost to apply\b|\bpay to apply\b"),
        # a row on what a service costs firms (便利性与成本) states the cost asked of it (租算力花钱多不多)
        _re(r"费|成本|\bfees?\b|\bcosts?\b")),
    Ask("download",
        _re(r"模板|样表|范本|范文|(在哪|哪里|哪儿)(能|可以)?(下载|找到|领取|获取|下(?![发达面])|拿)|下载|发我一份|发一份|链接|网址",
            r"\btemplates?\b|\bdownload\b|\bsample (form|application)\b|\blink\b|\burl\b|"
            r"where can (i|we) (find|get|obtain) (the|a) (form|template|file)"),
        _re(r"http|www\.|下载|网址|模板|样表")),
    Ask("outcome",
        _re(r"出来了吗|公布了吗|出台了吗|印发了吗|(通知|文件|名单)[^,，。?？]{0,4}(发了|发布了|下发了|出了|下来了)(吗|没)|(会|能)不(会|能)被?采纳|是否(会被)?采纳|采纳(情况|了吗|吗)|采纳了(哪些|多少|几条)|(收到|征集到|收集到)(了)?(多少|几)(条|份|个)?(意见|反馈|建议)|"
            r"(反馈|意见|建议)[^,，。?？]{0,6}(会|能)?(不会)?(公开|公布)(吗|么|不)|"
            # how the comments were dealt with, reported back (意见处理情况会公布吗, 采纳结果在哪看)
            r"(反馈|意见|建议)[^,，。?？\s]{0,8}(处理|采纳|吸收)(的)?(情况|结果)|(处理|采纳)(情况|结果)[^,，。?？\s]{0,6}(公开|公布|反馈|通报)|"
            # whether comments or the names under them are made public: the notice says nothing of it
            r"(?<!征求)(反馈|意见|建议)(?!稿)[^,，。?？\s]{0,6}(会不会|会|能不能|是否)[^,，。?？\s]{0,10}(公开|公布|披露|登出来|挂出来)|"
            r"(署名|姓名|名字|真名|身份|个人信息|联系方式)[^,，。?？\s]{0,8}(公开|公布|披露|泄露|外泄|登出来|挂出来)|正式版|正式稿|最终版|定稿|(什么时候|何时|啥时候|哪天|多久)[^,，。?？]{0,4}(能|会|才|可以)?(正式)?(印发|出台|发文)|正式(印发|出台|发文)|第一批|首批(?!次)|下一批|今年的申报|明年的申报|"
            r"(之前|以前|往年|历年|已经|已)[^,，。?？]{0,8}(认定|评上|公布|批)(过|了)的?[^,，。?？]{0,6}(名单|示范区|案例)|"
            r"(去年|前年|往年|历年|上一?年|之前|以前)[^,，。?？]{0,12}(认定|评上|评选|公布|批准|入选)(过|了)?[^,，。?？]{0,4}(哪些|哪几|多少|几)",
            r"\bbe adopted\b|\bfinal version\b|\bfinal (guideline|text|document|rules?)\b[^.?!]{0,20}\b(issued|published|released|adopted|out)\b|"
            r"\b(respon(d|se|ses)|repl(y|ies)|answer)\b[^.?!]{0,12}\bto (each|every|all|individual) (comment|submission|suggestion|opinion)s?\b|"
            r"\bhow (the |our |my |their )?(submitted |public |received )?(comments|feedback|opinions|suggestions) (were|are|will be|have been|was) "
            r"(handled|dealt with|processed|used|treated|taken into account|considered)\b|\bfirst (batch|round)\b|\bnext (batch|round|call)\b|"
            r"\bthis year'?s call\b|\b(comments|feedback|opinions|suggestions|names?|identit(y|ies)|personal (data|details))\b.{0,20}\b(be )?(published|made public|disclosed)\b|\b(already|previously) (designated|recognised|recognized) zones\b|\bhas .{0,30}been (published|announced|released)\b"),
        None),
    Ask("advice",
        _re(r"(用|选|买|采购|找)[^,，。?？!！]{1,15}好还是[^,，。?？!！]{1,15}好|推荐(哪家|哪个|哪款|一下|几家)|哪家(公司|厂商|供应商|服务商)(好|靠谱)",
            r"\bwhich (vendor|model|supplier|product|platform) (is|would be) better\b|\brecommend (a|an|some|which) "
            r"(vendor|model|supplier|product|company|consultant)"),
        None),
    Ask("contact",
        _re(r"办公地址|办公地点|地址在哪|(联系|咨询|办公|服务)电话|电话(是|号码|咨询)|热线|打给谁|(给|找)谁打(个)?电话|"
            r"打(哪个|什么|几号)电话|几点上班|办公时间|上班时间|工作时间",
            r"\boffice (hours|address)\b|\bphone( number)?\b|\btelephone\b|\bopening hours\b|\bhotline\b(?!['’\"”]?\s+(form|sheet|thing|table))|\bwho (should|can|do) (i|we) call\b"),
        _re(r"\d{3,4}-\d{7,8}|电话|地址|\baddress\b|\bphone\b")),
    Ask("frequency",
        _re(r"每(两|几|三|四|五|2|3|4|5)年|(两|三|2|3)年一次|一年(几|多少)次|每年(几|多少)次|"
            # a choice of periods (每年还是两年, 一年一次还是两年一次)
            r"(每年|一年|半年)(一次)?还是(每)?(半年|(两|三|四|五|2|3|4|5)年)|"
            # how many years between rounds (几年报一次, 多少年评一次): a cycle, not a length of time
            r"(几|多少)年[^,，。?？\s]{0,3}一次|每年都[^,，。?？\s]{0,3}还是",
            r"\bhow often\b|\bevery (two|2|three|3|few) years\b|\bhow many times (a|per|each) year\b"),
        _re(r"每年|每" + _NUM + r"年|一年一次|\bonce a year\b|\bevery year\b|\bannual"
            r"|\bevery " + _NUM + r" years\b")),
    Ask("duration",
        _re(r"(?<![这近前好过])(几个月|几个工作日|几天|几周|几年(?![^,，。?？\s]{0,3}一次))|多少天|多少个月|"
            r"(半年|" + _NUM + r"\s*个?(月|天|周|年))还是(半年|" + _NUM + r"\s*个?(月|天|周|年))|"
            # the length of a period granted (给多长时间整改, 整改期多长): 一定期限 is no length
            r"(给|留)(多长时间|多久|多少时间)|整改期(是|有)?多(长|久)",
            r"\bhow many (days|months|years|weeks)\b|\bhow long is the\b.{0,40}\bperiod\b|"
            r"\bhow (long|much time) (do|will|would) (we|they|zones?|it) (get|have|be given)\b"),
        _re(_NUM + r"\s*(个)?(月|天|日|年|周|工作日)|\d{4}年|\b\d+\s*(days|months|years|weeks)\b|"
            r"\b(january|february|march|april|may|june|july|august|september|october|november|december)\b")),
    Ask("period",  # a time the answer must state in some form (一定期限, 定期, a number), else it is not said
        _re(r"隔多久|多久(才|能|可以|以后|之后|后|出结果|出结论|有结果)|多长时间(才|能|可以|以后|之后|后|出结果|有结果)|"
            r"(要|需要|得|一般)(要)?(多久|多长时间)",
            r"\bhow long (after|before|until)\b"),
        _re(r"期限|定期|期间|时间|" + _NUM + r"\s*(个)?(月|天|日|年|周|工作日)|\d{4}年|\bperiod\b|\bwithin\b|"
            r"\bregular|\bdeadline\b|\b\d+\s*(days|months|years|weeks)\b")),
    Ask("deadline",  # a date by which something is due: a date or a stated time limit
        _re(r"截止(日期|时间)?是?(什么时候|哪天|几号)|最晚(什么时候|哪天|几号)|(到|在)(什么时候|哪天|几号|几月几号)截止",
            r"\bdeadlines? for\b|\bby when\b|\bdue date\b"),
        _re(r"\d{4}年|\d+月\d+日|期限|" + _NUM + r"\s*(个)?(月|天|日|工作日)(内|前)|\b\d+\s*(days|months|weeks)\b|"
            r"\b(january|february|march|april|may|june|july|august|september|october|november|december)\b")),
    Ask("format",  # paper or electronic, how many copies, bound
        _re(r"纸质|电子版|装订|几份|多少份|份数|原件|复印件|扫描件|(pdf|word|excel)(格式|版)|(固定|统一|特定)(的)?格式|格式(要求|规定|有没有)|"
            r"(线上|网上|在线|系统里?)(提交|申报|报送|填报)",
            r"\bpaper cop(y|ies)\b|\bhard cop(y|ies)\b|\bhow many copies\b|\bbound\b|\bfile format\b"),
        _re(r"纸质|电子|份|装订|pdf|word|\bcop(y|ies)\b|\be-?mail\b")),
    Ask("receipt",  # whether a submission is acknowledged
        _re(r"回执|确认收到|(对方|他们|厅里)(能|会)?收到(了)?(吗|没)|有没有回复|会不会回复|会回复吗",
            r"\backnowledg|\breceipt\b|\bconfirm(ation)? (of )?receipt\b|\bget a reply\b"),
        _re(r"回执|回复|acknowledg|receipt")),
    Ask("benefit",  # a kind of support the draft may not name (land, tax, loans, subsidies)
        _re(r"用地|土地指标|税收|减税|免税|税费|所得税|税收?(减免|优惠)|用电|电价|电费|贷款|补贴|奖金|奖补|落户|编制",
            r"\bland (quota|allocation)s?\b|\btax\b|\bloans?\b|\bsubsid(y|ies)\b|\bcash (award|prize)s?\b"),
        _re(r"用地|土地|税|电价|电费|贷款|补贴|奖金|奖补|落户|编制|\bland\b|\btax\b|\bloans?\b|\bsubsid")),
    Ask("ownership",  # a treatment by who owns the firms (外资企业优先吗): the draft makes no such distinction
        _re(r"(外资|外商(独资|投资)?|合资|台资|港资|日资|韩资|美资|欧资|民营|私营|国有|国企|央企)[^。?？]{0,16}(优先|倾斜|优惠|照顾|加分|特殊政策|区别对待|同等对待|一视同仁)|"
            r"(优先|倾斜|优惠|照顾|加分)[^。?？]{0,10}(外资|外商|合资|台资|港资|民营|国有|国企|央企)",
            r"\b(foreign[- ](invested|owned|funded)|joint[- ]venture|state[- ]owned|private(ly owned)?) (firms?|companies|enterprises|investors?)\b"
            r".{0,80}\b(priority|preferential(ly)?|favou?r(ed|able)?|special treatment|treated (differently|equally))\b|"
            r"\b(priority|preferential(ly)?|special treatment)\b.{0,60}\bforeign[- ](invested|owned|funded)\b"),
        None),
    Ask("lookup",  # figures about the asker's own place: the service reads the draft, not statistics
        _re(r"帮(我|我们|忙)?(查|统计|核实|调取|算)(一)?(下|查)",
            r"\blook up (our|my)\b|\bfind out (how many|our)\b|\bcheck (our|my) (figures|data|numbers)\b"),
        None),
    Ask("other_programme",  # another programme's rules (the national one, another ministry's)
        _re(r"(国家级|工信部|国家)[^,，。?？]{0,20}示范(区|项目)[^,，。?？]{0,10}(的)?(申报)?(条件|要求|标准|流程|指南)|"
            r"(工信部|工业和信息化部|国家部委)[^,，。?？]{0,30}(案例|试点|项目|示范|场景)[^,，。?？]{0,12}(征集|评选|遴选|怎么(申报|申请|报)|如何(申报|申请)|申报(条件|流程|指南))",
            r"\bnational(-level)? [\w -]{0,30}(demonstration|pilot) (zone|project)s?\b[\w -]{0,20}\b(requirements|criteria|conditions)\b"),
        None),
    Ask("data_year",  # which year's figures the indicators are measured on: the draft names no year
        _re(r"(哪一年|哪年|哪个年度|什么年份|哪个时间段)的?(数据|报表|统计|指标)|(数据|报表|统计|指标)[^,，。?？]{0,8}(哪一年|哪年|哪个年度)|"
            r"(用|按|以|报)(\d{4}|今|去|上一?)年(度)?的?[^,，。?？]{0,6}(数据|报表|统计)[^,，。?？]{0,4}还是|"
            r"(上一?年度?|上年度|去年|今年|当年|近[一二两三四五\d]年)[^,，。?？]{0,8}还是[^,，。?？]{0,4}(上一?年度?|去年|今年|当年|近[一二两三四五\d]年|平均)",
            r"\bwhich year'?s? (data|figures|statistics)\b|\b(data|figures) (from|for) which year\b"),
        None),
    Ask("call_dates",  # the dates of a year's call for applications: set by each year's notice (article 7)
        _re(r"(哪天|几号|几月几[号日]?)(开始)?(申报|报名|受理|开报)|申报[^,，。?？]{0,6}(哪天|几号)(开始|截止|截至|结束)?|申报[^,，。?？]{0,6}(什么时候|啥时候|何时)(截止|截至|结束)|"
            r"申报(的)?(开始|截止|截至)(时间|日期)|(\d{4}|今|明)年[^,，。?？]{0,6}(那批|这批|一批|的申报)[^,，。?？]{0,8}(什么时候|啥时候|何时|哪天|截止|截至)",
            r"\bwhen (does|will|is) (the |this year'?s |next year'?s )?(call|application (window|round|period))\b|\bwhen can (we|i) (start to )?apply\b"),
        None),
    Ask("minimum_count",  # how many of something a zone must have: the draft sets no number
        _re(r"(要|需要|至少|起码|得|必须)(有|达到)?(多少|几)(个|家|项|件|条)(才|以上)?(行|够|可以|算)?|(多少|几)(个|家)(才)?(够|算达标|达标)",
            r"\bhow many .{0,40}\b(needed|required|must (it|we|a zone) have|at least)\b|\bminimum number\b"),
        _re(r"\d+\s*(个|家|项|件)(\(含\))?(以上|及以上)|不少于\s*\d|至少\s*\d|\bat least \d")),
    Ask("late_materials",  # adding papers after the deadline: the call decides, the draft says nothing
        _re(r"补(交|充|报)?(申报)?材料|补交|补报|截止(以)?后[^,，。?？]{0,6}(还|再)(能|可以)|"
            # (错过了明年还能报吗: the next round asked, which the calendar answers, not papers sent late)
            r"(过了|超过|错过|晚于|超出)(?:(?!明年|下一?年|下一?批|下一?轮|下次|下回|下届)[^。?？]){0,14}(还|再)(能|可以|让|收)",
            r"\b(late|after the deadline)\b.{0,40}\b(submit|add|documents?|materials?)\b|\bsupplement(ary)? (documents|materials)\b"),
        None),
    Ask("overlap",  # two bodies for one area (a county and a zone inside it): the draft says nothing of it
        _re(r"同一(块|片|个)(地方|区域|地盘|范围|地)|(区域|范围|地域|四至)[^,，。?？]{0,4}(重叠|重合|交叉)|两家都(能|可以)?(报|申报)",
            r"\b(overlap(ping)?|same (area|territory))\b"),
        None),
    Ask("form_fields",  # what a form asks for: the draft names its forms, never their columns
        _re(r"(反馈|信息|申报|登记|意见)表[^。?？]{0,12}(栏目|字段|填哪些|要填什么|填什么|哪些项)",
            r"\b(columns|fields) (of|in|on) the [\w ]{0,20}form\b"),
        None),
    Ask("ratio",  # a share or percentage the draft does not set
        _re(r"(通过|成功|入选|获批|中选|录取)率|比例是多少|(占比|比例|比重)(是|为|要|要求|需要)?(多少|多大|几成)(?!分)|多大(的)?比例|多少比例|百分之几|百分之多少|(占比|比例)[^,，。?？]{0,4}有没有(要求|规定|下限)|有没有(一个|个|具体的?)?(比例|百分比)",
            r"\b(success|pass|acceptance|approval) rate\b|\bwhat (share|percentage|proportion)\b|\bhow (large|big) a (share|proportion)\b|\bwhat ratio\b"),
        _re(r"\d+(\.\d+)?\s*%|百分之[一二三四五六七八九十\d]+|\d+\s*成")),
    Ask("headcount",  # how many people (experts, staff) the draft does not say
        _re(r"(几|多少)(个|位|名)?(专家|评委|人员|工作人员)|(专家|评委)[^,，。?？]{0,6}(几|多少)(个|位|名|人)",
            r"\bhow many (experts|reviewers|judges|people|staff)\b"),
        _re(r"\d+\s*(名|位|人)\b|\d+\s*(experts|people)")),
    Ask("length",  # how long a document must be
        _re(r"(?<!好)(多少|几)(字|页|千字|万字)|字数(限制|要求|上限)|篇幅(限制|要求|多长)|页数(限制|要求)",
            r"\bword (limit|count)\b|\bpage (limit|count)\b|\bhow many (pages|words)\b|\bhow long should the\b"),
        _re(r"\d+\s*(字|页)|\b\d+\s*(pages|words)\b")),
    Ask("seal",  # whose seal the papers carry (not 涵盖哪些章节: what a text covers)
        _re(r"(?<![涵覆掩遮])盖(谁|哪个单位|哪个部门|哪家|哪些|几个)(的)?章(?![节程])|(?<![涵覆掩遮])盖什么章(?![节程])", r"\bwhose (seal|stamp|chop)\b|\bwhich (seal|stamp)\b"),
        _re(r"盖章|公章|印章|\bseal\b|\bstamp\b")),
    Ask("presentation",  # a defence or pitch in the review
        _re(r"答辩|路演|汇报演示|现场汇报|陈述环节", r"\b(defen[cs]e|presentation|pitch|oral (hearing|interview))\b"),
        _re(r"答辩|路演|汇报|\bpresentation\b|\bdefen[cs]e\b")),
    Ask("notification",  # whether applicants are told one by one
        _re(r"单独通知|(会|能)(不会|否)?(通知|告知)(我们|申报单位|本人)|通知到(我们|申报单位|个人)",
            r"\b(notify|inform) (us|applicants|each applicant)\b|\bindividually notified\b"),
        _re(r"通知(申报单位|各申报)|书面通知|\bnotif(y|ied) (each|applicants)\b")),
    Ask("people",  # who the experts or reviewers are: the draft names no one
        _re(r"(专家|评委|评审(专家|人员|组))[^,，。?？]{0,4}(都)?(是谁|有谁|有哪些人|是哪些人|来自哪)|(专家|评委)名单|"
            r"(第三方|评审机构|机构)[^,，。?？]{0,6}(是)?(哪一家|哪家|哪个|哪些|是谁)|(哪一家|哪家)[^,，。?？]{0,4}(第三方|机构)",
            r"\bwho (are|will be) the [\w -]{0,20}?(experts|reviewers|judges)\b|\b(names|list) of (the )?(experts|reviewers|judges)\b|"
            r"\bwhich (third[- ]party|agency|agencies|firm|organi[sz]ation|institution)\b|\bwho is the third[- ]party\b"),
        None),
    Ask("switch_type",  # changing the type after applying or after recognition
        _re(r"(更换|变更|调整|改变|换)(申报)?类型|换(一)?类(申报|报)?|改报",
            r"\b(change|switch) (the |our )?(type|category)\b"),
        None),
    Ask("title_validity",  # how long a designation lasts (the guideline's own validity is article 15's)
        _re(r"(称号|认定(以后|之后|后))[^,，。?？]{0,6}(有效期|有效几年|管几年|保留几年|能保持几年|几年有效)",
            r"\b(designation|title|recognition)\b.{0,30}\b(valid|last|expire)|\bhow long (is|does) (the|a) (designation|title)\b"),
        None),
    Ask("reapply",  # applying again after the title was revoked: the draft says nothing of it
        _re(r"(撤销|摘牌|取消称号|取消资格|被撤)[^。?？]{0,16}(还能|还可以|能否|可否|能不能|可不可以|多久|何时|什么时候)[^。?？]{0,4}(再|重新)(申报|申请|报)",
            r"\b(revoked|stripped|lost (the|its|our) title)\b.{0,60}\b(apply again|re-?apply)\b"),
        None),
    Ask("designated_list",  # the zones designated so far: the draft designates none and lists none
        _re(r"(已经|已|目前|现在|当前)[^,，。?？]{0,4}(认定|评上|批准|命名)(过|了)?的?[^,，。?？]{0,6}(示范区|名单)[^,，。?？]{0,4}(有哪些|哪些|哪几|有几|名单)|"
            r"(给|发|提供)(个|一个|一份|我们)?[^,，。?？]{0,4}(示范区)?名单",
            # whether and where the list is published is article 10's (公示, 向社会公布), not a list asked for
            r"\b(list|names) of (the )?(designated|recogni[sz]ed|approved) zones\b(?![^?.]{0,30}\b(published|announced|made public|posted|publici[sz]ed)\b)|"
            r"\bwhich zones (have been|are already) (designated|recogni[sz]ed)\b"),
        None),
    Ask("recognised_already",  # whether a named place already holds the title: the draft designates none
        _re(r"(是不是|是否|有没有)(已经|已)(被)?(认定|评上|评为|命名|入选|批准)|"
            r"(已经|已)(被)?(认定|评上|评为|命名|入选)(为|成)?[^,，。?？的]{0,12}了(吗|么|没|没有)?\s*([?？]|$)|"
            r"(已经|已)(是|算)[^,，。?？]{0,8}示范区了?(吗|么|没|没有)",
            r"\b(has|have|is|are)\b[^.?!]{0,40}\balready\b[^.?!]{0,6}\b(been )?(recogni[sz]ed|designated|selected|named|approved)\b|"
            r"\b(has|have)\b[^.?!]{0,40}\bbeen (recogni[sz]ed|designated|selected|named|approved)\b[^.?!]{0,40}\byet\b"),
        None),
    Ask("standard",  # the standard an indicator's data or product must meet (数据集要达到什么标准, 国标): none set
        _re(r"(要|需要|得|必须)?(达到|符合|满足)(什么|哪些|啥|哪个)(样的)?(标准|规范)|什么标准才算|"
            r"有没有(具体|统一|明确)?的?(国标|国家标准|行业标准|标准规范|技术标准)|(国标|国家标准|行业标准)(是|有)(哪个|什么|哪些)",
            r"\bwhat (standard|standards|specification)s? (must|should|does|do)\b|\b(national|industry) standards?\b.{0,30}\b(apply|required|follow)\b"),
        None),
    Ask("expert_selection",  # how the experts are chosen (专家库, 推荐专家): article 10 says only that experts review
        _re(r"专家(组|们)?(是|都是|一般)?(怎么|如何|怎样)(选|挑|产生|确定|抽取|遴选)|专家(是)?(怎么|如何)(选|挑|产生|来)的|专家库|"
            r"(推荐|指定|自己找|自带)(评审)?专家",
            r"\bhow (are|will|were|is) the ([\w-]+ )?(experts|reviewers|judges|panel)\b[^.?!]{0,10}\b(chosen|selected|picked|appointed)\b|\bexpert (pool|database|bank)\b"),
        None),
    Ask("site_visit",  # what a site visit looks at: article 10 names the visit only
        _re(r"(现场考察|实地考察|现场核查|现场检查|考察组)[^,，。?？]{0,6}(主要)?(看|查|考察|检查|核实|核查)(哪些|什么|啥)|"
            r"(考察|现场)[^,，。?？]{0,4}(看|查)(哪些|什么|啥)(东西|内容|方面|材料)",
            r"\bwhat\b[^.?!]{0,20}\b(site|on-site|field) (visit|inspection)s?\b[^.?!]{0,12}\b(look at|check|cover|examine|involve|include|focus on)|"
            r"\b(site|on-site|field) (visit|inspection)s?\b[^.?!]{0,12}\b(look at|check|cover|examine|involve|include|focus on)\b[^.?!]{0,12}\bwhat\b"),
        None),
    Ask("versions",  # another language's text: the draft is published in Chinese only
        _re(r"英文版|英文版本|外文版|英译本|英文翻译|其他语言(的)?版本",
            r"\b(english|foreign[- ]language) (version|translation|text|edition)\b|\btranslated into english\b|"
            r"\bin english\b[^?.]{0,20}\b(available|published|official)\b"),
        None),
    Ask("experts",  # who the experts are: the draft names none
        _re(r"专家名单|评审专家[^,，。?？]{0,4}(是谁|有谁|都有谁|有哪些|名单)",
            r"\bexperts?'? (panel )?(list|names|members)\b|\b(list|names) of (the )?(experts?|expert panel|panel members)\b|"
            r"\bexpert panel (list|members)\b|\bpanel members\b"),
        None),
    Ask("exemption",  # being spared a step (免评审直接认定): articles 8-10 set one procedure and name no exemption
        _re(r"免(于)?(专家)?(评审|评估|申报|考察|现场考察|公示|审核|评)|(不用|不需要|无需|不必|跳过|不经过?)(专家)?(评审|考察|公示)[^,，。?？]{0,4}"
            r"(直接|就)|豁免|绿色通道|直通车",
            r"\bexempt(ed|ion)? from\b|\bskip(ping)? (the )?(expert )?review\b|\bfast[- ]track|"
            r"\bautomatically (be )?(recogni[sz]ed|designated|approved)\b"),
        None),
    Ask("call_date",  # when a future call comes out: article 7 says only that the department issues it
        _re(r"申报通知[^,，。?？]{0,6}(几月|哪个月|什么时候|何时|啥时候|哪天)(份)?[^,，。?？]{0,4}(发|出|下发|发布|印发)?|"
            # or when a round opens or closes (2026年度的申报几月份开始,哪天截止): the call will say
            r"(申报|申请)(工作)?[^,，。?？]{0,8}(几月|哪个月|什么时候|何时|啥时候|哪天|几号)(份)?[^,，。?？]{0,4}(开始|启动|开放|受理|截止)|"
            r"(申报|申请)(工作)?[^,，。?？]{0,8}(截止|开始|启动|受理)的?(日期|时间|日子)[^,，。?？]{0,4}(哪天|几号|哪一天|什么时候|何时|几月几)",
            r"\bwhen (will|does) the (next )?(call|notice)\b.{0,20}\b(come out|be (issued|published|released))\b|"
            r"\bwhen does the (\d{4} |next )?(application|call) (window|round|period) (open|close|start|end)\b"),
        None),
    Ask("replies",  # whether each comment is answered: the notice says nothing of replies
        _re(r"逐条(回复|答复|反馈)|一条一条[^,，。?？]{0,4}(回复|答复)|(收到|看到|知道)[^,，。?？]{0,4}采纳(结果|情况)|采纳结果",
            r"\b(reply|respond|answer) to (each|every) (comment|suggestion)\b|\bindividual (replies|responses)\b"),
        None),
    Ask("after_expiry",  # a title after the guideline expires: article 15 gives the date only
        _re(r"(到期|失效|有效期(满|过|结束|届满)|2027年(12月31日|底|年底)?)(以后|之后|后|过后)[^。?？]{0,24}(称号|示范区|资格)[^,，。?？]{0,6}(还算|还有效|有效|保留|算数|作废|失效)",
            r"\bafter (the guideline|it) expires\b.{0,60}\b(title|designation|status)\b|"
            r"\b(after|beyond) (the end of )?2027\b.{0,60}\b(title|designation|status)\b"),
        None),
    Ask("extension",  # whether the guideline is extended or renewed after its end date: article 15 gives the date only
        _re(r"(会不会|会|能不能|能|是否|可不可以|可以)(再)?(延期|延长|续期|顺延)|(延期|延长|续期|顺延)(吗|么|到哪|到什么时候|多久|几年)|延到(哪|什么时候|几)",
            r"\b(be )?(extended|renewed|prolonged)\b|\bextension\b"),
        None),
    Ask("gap_reason",  # why a table's numbers skip: the draft marks no reason and no former rows
        _re(r"(删掉|删除|漏印|漏掉|遗漏|去掉|拿掉)了?(还是|吗|么)|原来(是|的)?[^,，。?？]{0,4}什么指标",
            r"\b(deleted|removed|dropped|omitted|misprint(ed)?)\b.{0,30}\b(or|why)\b"),
        None),
    Ask("certificate",  # a document only the office could issue: the service answers questions
        _re(r"开(一份|一个|个|具)?[^,，。?？]{0,10}证明|出具[^,，。?？]{0,10}(证明|函)|(给我们|帮我们|替我们)?盖(个|上)?(电子)?章(后)?(发|寄|给我)",
            r"\b(issue|write|send) (us )?(a|an) (certificate|letter of|proof)\b"),
        None),
    Ask("another_title",  # holding this designation together with another one: the draft says nothing of it
        _re(r"同时挂|兼挂|(两|2)(块|个)牌子|重复挂牌|一起挂|(还|也)能(再)?挂",
            r"\b(hold|keep|carry) (both|two) (titles|designations)\b|\bat the same time as (our|an?) (existing|other)\b"),
        None),
    Ask("two_types",  # one body applying for two types at once: the draft says nothing of it
        _re(r"同时(申报|报|申请|创建)[^,，。?？]{0,16}(和|与|跟|及|、)[^,，。?？]{0,10}(类|示范区)|同时(申报|报|申请)(两|2|多|几)(个|类|种)|"
            r"(两|2|多|几)(个|类|种)(类型)?[^,，。?？]{0,4}(同时|一起)(申报|报|申请)|兼报|重复申报",
            r"\bapply for (both|two|several|more than one) (types|categories)\b|"
            r"\b(two|both|several) (types|categories)\b.{0,30}\b(same time|together|at once)\b"),
        None),
    Ask("named_specifics",  # which projects, policies or organisations, where the draft names none
        _re(r"具体(是|指|包括|有)?(哪几|哪些|哪个|哪一)(个|项|家|类)?[^,，。?？]{0,4}(项目|政策|机构|单位|公司)|"
            r"(项目|政策|机构)[^,，。?？]{0,4}具体(是|指|包括|有)?(哪几|哪些|哪个|什么)",
            r"\bwhich (national )?(projects|programmes|programs|policies) (exactly|specifically)\b|"
            r"\b(exactly|specifically) which (projects|programmes|programs|policies)\b"),
        None),
    Ask("refund",  # returning money after losing the title: the draft names no money to return
        _re(r"(退还|退回|追回|收回|返还)[^,，。?？]{0,6}(资金|奖金|补贴|奖励|钱)", r"\b(pay back|repay|return|refund)\b.{0,20}\b(funds?|money|subsid)"),
        None),
    Ask("scores_public",  # whether the experts' scores are made public: the draft publishes the list only
        _re(r"(打分|评分|分数|得分|评审意见)[^,，。?？]{0,8}(公开|公布|告知|反馈给)", r"\b(scores?|marks)\b.{0,30}\b(public|published|disclosed)\b"),
        None),
    Ask("ceremony",  # a plaque or ceremony: the draft only designates and publishes
        _re(r"牌匾|授牌仪式|挂牌仪式|颁奖|颁牌|发证书|证书", r"\b(plaque|ceremony|certificate)\b"),
        None),
    Ask("audit",  # whether the figures must be audited: the draft asks for supporting evidence only
        _re(r"审计|鉴证报告|第三方(核查|核验|认证)", r"\baudit(ed|or)?\b"),
        None),
    Ask("fraud",  # what follows false figures or papers: the draft sets no sanction for it
        _re(r"造假|弄虚作假|作假|虚报|虚假(材料|数据)?|假材料|假数据", r"\b(fake|falsif|fraud|false (data|figures|documents))"),
        None),
    Ask("formula",  # 公式 as a verb (在哪公式, 公式期, 公式没问题) is 公示 mistyped, not a formula; a benchmark project
        # (标杆项目, a thing the tables count) is no benchmark asked for
        _re(r"(?<!哪)(?<!哪儿)(?<!哪里)公式(?![期间多没无后完])|换算|折算|计算方法|评分细则|打分细则|评分标准|打分标准|计分(规则|办法|方法)|"
            r"(多少|几)(个|家|项|亿|万|件)?(才)?(算|得|拿)满分|满分(标准|条件|线)",
            r"\bformula\b|\bconvert(ed)? into (a )?scores?\b|\bbenchmark\b(?!s?[ -]+(projects?|enterprises?|compan|firms?|scenarios?|cases?|factor|applications?|demonstrations?|examples?|models?))|"
            r"\bscoring (rule|rubric)s?\b"),
        _re(r"公式|换算|折算|formula")),
    Ask("status",  # whether a named body already holds the title: the draft names no zone
        _re(r"(是不是|是否|有没有|有没)(已经|已)?(被)?(认定|评|批|列)(为|成|上|入)?[^,，。?？]{0,6}示范区",
            r"\b(has|have|is|was)\b[^.?]{0,40}\balready (been )?(designated|recognised|recognized)\b"),
        None),
    Ask("experts",  # how the reviewing experts are chosen or who they are: the draft says only that experts review
        _re(r"专家[^,，。?？]{0,3}(怎么|如何|怎样|从哪|由谁|谁来)[^,，。?？]{0,2}(选|挑|产生|遴选|抽取|请|来的)|"
            r"(怎么|如何|由谁|谁来)(选|挑|遴选|抽取|确定)(的)?(评审)?专家|专家(库|名单)",
            r"\bhow (are|is|were) (the )?(experts|reviewers|judges|panel)\b.{0,20}\b(chosen|selected|picked|appointed)\b"),
        None),
    Ask("criterion",  # a yardstick for a judged indicator (什么样才算高质量数据集): unstated unless a note defines it
        _re(r"有没有(具体|明确|统一|量化)的?(评判|认定|评价)?(标准|口径)|(具体|明确|量化)(的)?(评判|认定|评价)?标准(是什么|是啥|有吗|在哪)",
            r"\b(is there|are there) (a |any )?(concrete|specific|clear) (standard|criteria|yardstick)s?\b"),
        _re(r"是指|指的是|为涉及")),
    Ask("appraisal",  # whether officials are appraised by the zone: the draft appraises zones, not officials
        _re(r"(领导|干部|官员|一把手|县长|区长|书记)[^,，。?？]{0,10}(考核|政绩|绩效|晋升|提拔)|政绩考核|干部考核",
            r"\b(officials?|cadres?|leaders?)'?s?\b.{0,30}\b(appraisal|performance review|promotion)s?\b"),
        None),
)


# 公式 typed for 公示 (名单在哪公式, 公式期, 公式没问题/无异议/完了): read as the public notice it means.
_PUBLICITY_AS_FORMULA = re.compile(r"(?:(?<=哪)|(?<=哪儿)|(?<=哪里)|(?<=网站上))公式|公式(?=[期间没无后完])")


def read_publicity(q: str) -> str:
    """`q` with 公式 read as 公示 where it is the public notice mistyped (a formula is not put on a website)."""
    return _PUBLICITY_AS_FORMULA.sub("公示", q)


def asks(name: str, q: str) -> bool:
    """Whether `q` asks for the detail `name` (one of ASKS)."""
    return any(a.asked.search(q) for a in ASKS if a.name == name)


_HOW_MANY_OF = re.compile(r"(?:几|多少)(?:个|家|项|件|条)([\u4e00-\u9fff]{2,})")
_SEVERAL = r"(?:多个|若干|一批|一些|多家|多项)"


def _counted_in_words(q: str, answer_text: str) -> bool:
    """How many of a thing asked (要有几个应用场景) where the answer says it in words (多个成熟应用场景): the
    draft's own count, like 一定期限 for a period, answers it; a count of something it does not word so is
    still unstated, and so is a least number (至少几个), which 多个 does not give."""
    if re.search(r"至少|起码|最少|最低|不少于", q):
        return False
    for m in _HOW_MANY_OF.finditer(q):
        noun = m.group(1)
        for n in range(len(noun), 1, -1):  # the noun asked, or its head (应用场景 of 应用场景还要形成什么)
            if re.search(_SEVERAL + r"[\u4e00-\u9fff]{0,4}" + re.escape(noun[:n]), answer_text):
                return True
    return False


_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?=\s*年|\b)")
_HOW_MUCH = _re(r"多少|几(个|家|项|亿|万)|是多少", r"\bhow (much|many)\b|\bwhat (was|is) the (figure|number|value)\b")


# A row's unit, points or method asked of "this item" (…占多大比例,这一项的单位和分值): the share named before
# describes the indicator, in the asker's words; it does not ask for a share the draft would set.
_ROW_DETAIL = _re(r"(这一项|这项|这个指标|该指标|这一指标|这条|此项)[^。?？]{0,8}(单位|分值|几分|多少分|计分|算分|怎么算|定量|定性)",
                  r"\b(unit|points|scoring|weight)\b[^.?]{0,30}\b(that|this|the) (indicator|item|row)\b|"
                  r"\b(that|this) (indicator|item|row)'s (unit|points|scoring)\b")


# A row's own fact asked (几分, 单位, 定量): a share named with it (研发费用占营收多少比例,这项几分) names a row
# measured in per cent, which the answer states, not a share the draft should set.
_ROW_FACT = _re(r"几分|多少分|分值|计量单位|什么单位|定量|定性", r"\bpoints\b|\bunits?\b|\bquantitative\b|\bqualitative\b")
_PERCENT_ROW = re.compile(r"(计量单位|unit of measure)[:：]\s*%", re.I)


def unstated(q: str, answer_text: str, draft_text: str) -> str | None:
    """The type of detail `q` asks for that `answer_text` does not state, or None.

    A figure asked for a year the draft never names (2024年…营收是多少) is not in the draft either: the
    draft sets indicators, not the figures of particular places."""
    for ask in ASKS:
        if ask.name == "ratio" and (_ROW_DETAIL.search(q) or _ROW_FACT.search(q) and _PERCENT_ROW.search(answer_text)):
            continue
        if ask.asked.search(q) and (ask.stated is None or not ask.stated.search(answer_text)):
            if ask.name == "minimum_count" and _counted_in_words(q, answer_text):
                continue
            return ask.name
    if _HOW_MUCH.search(q) and any(m.group(0) not in draft_text for m in _YEAR.finditer(q)):
        return "figure"
    return None
