"""What kind of question this is, apart from what it is about.

Plain ranking confuses "how many points" with "what is this indicator", and "when does the
consultation close" with "when does the guideline take effect". These patterns name the question type;
the answer engine turns types into preferences among the parts of the draft (never into an answer by
themselves: a type only re-orders what the search found, except for the notice facts).
"""
from __future__ import annotations

import re


def _re(*parts: str) -> re.Pattern:
    return re.compile("|".join(parts), re.I)


POINTS = _re(r"多少分|几分|分值|占分|满分|总分|算分|计分|评分|打分|权重|分数|\d+\s*分",
             r"\bpoints?\b|\bscor(e|es|ed|ing)\b|\bworth\b|\bweight\b|\bmarks\b")
# "Scoring" naming where a thing sits (in the deep-application scoring, the scoring table): no points asked.
_SCORING_PLACE = re.compile(r"\b(in|under|for) (the |its |their )?[\w-]+(\s[\w-]+)?\sscoring\b|\bscoring (table|sheet|system)s?\b", re.I)


def asks_points(q: str) -> bool:
    """Whether `q` asks for points (多少分, how many points), not only names the scoring it is about."""
    return bool(POINTS.search(_SCORING_PLACE.sub(" ", q)))


WHEN = _re(r"什么时候|啥时候|啥时|何时|几号|几月|哪天|哪一天|截止|起止|开始|结束|到期|日期|多久|还算数|还来得及|来不来得及|晚了|过了期|逾期|\d{1,2}月\d{1,2}[日号]",
           r"\btoo late\b|\bstill (count|accepted|valid)|\bafter the \d|\bwhen\b|\buntil\b|\bdeadline|\bclos(e|es|ing)\b|\bopen(s|ing)?\b|\bstart|\bend(s)?\b|\blast day\b|\bdate\b")
DEADLINE = _re(r"截止|起止|征求意见期|反馈期限", r"\bdeadline|closing date|last day")
CONSULT = _re(r"意见|征求|反馈|建议|评论", r"\bcomment|\bfeedback|\bconsultation|\bopinion|\bsuggestion")
VALIDITY = _re(r"寿命|(用|管|有效|适用)到(哪天|哪一天|什么时候|啥时候)|到(哪天|哪一天|什么时候|啥时候)为止|还(管用|有效|适用|作数)|有效期|施行|生效|实施|管到(什么时候|哪年|哪一年|\s*\d{4})|管多久|管几年|管多少年|(开始)?算数|(什么时候|啥时候|何时)(开始)?(执行|管用)|用到(什么时候|哪年)|(?<!无)有效|失效|过期|到期", r"\bvalid(?!\s+(reason|excuse|cause|grounds))|\bin force\b|\btake effect|\beffective\b|\bexpir")
MAILBOX = _re(r"邮箱|邮件|email|e-mail|mailbox|电子邮|发到哪|寄到哪|发给谁",
              r"\bwhere (do|should|can|to) (i |we |you )?(send|submit|e-?mail)\b|\bsend (them|it|comments|feedback) to\b")
SUBJECT = _re(r"主题|标题|subject|title of the (e-?mail|mail)")
ISSUER = _re(r"(哪个|哪家|什么)(单位|部门|机关|厅)[^,,。?？]{0,6}(发|印发|发布|出台|起草|组织)|谁发|谁印发|谁发布|由谁(发|印发|发布|组织|起草)|发文单位|落款|"
             r"(征求意见|意见征集)[^,，。?？]{0,6}(是)?(谁|哪个部门|哪个单位)(组织|牵头|发起)|谁组织的|谁起草的|起草单位",
             r"\b(who|which (authority|department|body|agency|office))\b.{0,30}\b(issue|publish|release)|\bissued by\b|\bpublisher\b|"
             r"\b(who|which (authority|department|body|agency|office))\b.{0,20}\b(run|running|runs|organi[sz]e|organi[sz]es|organi[sz]ing|"
             r"hold|holds|holding|conduct|conducts|conducting)\b.{0,20}\b(consultation|comment)")
# Who drafted the text (哪个部门牵头起草的, who drafted it): the drafting explanation says who led the drafting;
# the notice only who publishes it.
DRAFTED = _re(r"起草", r"\bwho drafted\b|\bdrafted (it|this|the)\b|\bdrafted by\b|\bdrafting (department|body|office)\b")
ATTACHMENTS = _re(r"几个附件|哪些附件|附件有哪些|附件有几|附件一共|附件共|附件(都)?(有|是)(啥|什么)|附了|附件是什么|带了哪些|附有", r"\battach(ment|ed)")
FORM = _re(r"反馈信息表|信息表|什么表|哪个表|表格|填什么|要填|填写什么", r"feedback form|comment form|(which|what) form|a form")
PROCEDURE = _re(r"(申报|申请)(要|该|需要)?(怎么|如何|怎样)|怎么申报|如何申报|怎样申报|申报流程|申报程序|流程|程序|步骤|环节|经过哪些|怎么报|如何报|怎么申请|如何申请|交给谁|提交给谁|报给谁|报到哪",
                r"how (do|can|should|to) (we |i |you )?(apply|submit)|procedure|process|steps|submit .* to|who do we submit")
MATERIALS = _re(r"材料|申报书|建设方案|准备哪|哪几样|什么东西|啥东西|准备(些)?(什么|啥|哪些)|交(些)?(什么|啥|哪些)|提交(些)?(什么|啥|哪些)|(?<!这个|这份|整个|导则|整份)文件(?![里中上]|有没有|提)", r"\bmaterials?\b|\bdocuments?\b|\bpaperwork\b|construction plan|\bpackage\b|\bdossier\b|what goes in")
EVALUATION = _re(r"评估|不合格|合格|优秀|撤销|整改|等次|摘牌|摘帽|撤牌|牌子[^,，。?？]{0,4}(摘|撤|收回|拿掉)|(摘|撤|收回|拿掉)[^,，。?？]{0,2}牌子|取消称号|取消资格|考核|(来|会|被)查|抽查|复查|复核|检查|一劳永逸|终身(制|的)?|一直(挂着|有效|保留)", r"\blos(e|es|ing)\b.{0,20}\b(title|badge)|\b(yank|pull|take)\w*\b.{0,20}\b(badge|title|plaque)\b|\bstrip(ped)?\b|withdraw|\bassess|evaluat|\bfail|\bexcellent\b|revok|revoc|\bgrade|rectif|taken away")
# Asked also as "any time, or a fixed cycle?" (随时可以报还是有固定频次, apply at any time).
FREQUENCY = _re(r"多久.*一次|每年|几次|频率|频次|随时|常年(受理|申报|开放)|一年到头|固定(的)?(时间|时段|批次|周期)|"
                r"多长时间.*一次|明年|下一年|下一批|下一轮|今年不报|错过了?今年|一年(评|报|搞|办|组织|开展)?一(次|回)|就这一(回|次|批)|一锤子|年年",
                r"how often|once a year|every year|annual|next (year|round|call)|any ?time\b|rolling basis|"
                r"fixed (cycle|schedule|window|period)|year-round|all year")
APPLYING = _re(r"申报|申请|报名", r"\bapply|application|call for")
INTERPRET = _re(r"解释|歧义|谁说了算|以谁为准|以谁的为准|说了算|理解不一致|理解有分歧|理解不同",
                r"interpret|ambigu|final say|who decides what")
TYPES = _re(r"几类|哪几类|哪些类|几种|哪几种|类型有|分为|哪些类型|三类|3类|三种", r"\btypes\b|\bkinds\b|what (type|kind)s? of")
DEFINE = _re(r"是什么|是指|指什么|指的是|定义|含义|什么是|算不算|怎么定义|是怎么定义|界定|范围|解释一下|介绍一下",
             r"\bwhat (is|are|counts)\b|\bdefin|\bmean(s|ing|t)?\b|count(s)? as|\bexplain\b|\bdescribe\b|tell me about")
RESPONSIBLE = _re(r"(扮演|担任|充当|起)?(什么|啥|哪种|哪个)角色|角色(是|定位)|负责|职责|职能|哪个部门|哪个单位|谁管|谁牵头|牵头管|归谁管|哪个口子|管什么|管哪些|管理部门|主管|做什么工作|干什么|起什么作用",
                  r"responsib|which (department|authority|body)|in charge|what does the .{0,40}\bdo\b|\brole of\b|\bduties\b|who recommends|recommends? (zones|applications|the best)|\bcultivat|who (runs|manages|oversees)|\bin charge\b")
# A body's share of the work asked (管哪几块, 分管哪些方面, 在里面管啥事): what article 4 assigns, above all.
DUTIES = _re(r"管哪(几|一)?(块|方面|摊|些方面|些事)|分管(哪|什么)|管(些)?什么(事|工作|方面)|负责哪(几|一)?(块|方面|摊)",
             r"\b(which|what) (parts?|aspects?|areas?) (is|are|does|do) .{0,40}\b(in charge of|responsible for|handle|cover)\b")
AFTER = _re(r"认定后|认定以后|认定之后|拿到称号|获得称号|拿到牌子|挂上牌子|评上了|评上(以|之)?后|挂牌(以|之)?后|成为示范区后|成为示范区以后|获批后|授牌后|"
            # with 了 before 以后 (认定了以后, 获批了之后)
            r"(认定|评上|获批|授牌|挂牌|成为示范区|当上示范区)(完|下来)?了(以|之)?后|(认定|评上|获批)(完|下来)(以|之)?后",
            r"after (the )?(recognition|designation|being (recognised|recognized|designated))|"
            # (once we are recognised, after we're designated: what follows the title, not how it is given)
            r"\b(once|after) (we are |we're |we have been |we've been |it is |it's |a zone is |we get |getting )?(recognised|recognized|designated)\b")
NAMING = _re(r"名称|称号|叫什么|牌子", r"\btitle\b|\bname\b|called")
# Who files the application (申报主体, 由哪个部门来报, 以谁的名义): article 8's route, not article 4's duties.
APPLYING_BODY = _re(r"申报主体|以谁的名义|(谁|哪个部门|哪个单位|哪一级|哪个层级)(来|出面|牵头|负责)?(申报|报送|提交|递交|报)(?!告)|(政府|部门|局|管委会|委)(来)?报还是",
                    r"applying body|in whose name|\bwho (submits|applies|files)\b|"
                    r"\bwhich (department|body|office|authority) (submits|applies|files|should (submit|apply|file))\b")
MUNICIPAL = _re(r"市工信局|市工业和信息化|市级工信|各市|市里(的|面的)?(工信|经信)|(地)?市(一级|级)?的(工信|经信)(局|部门)",
                r"municipal bureau|city bureau|municipal authorit")
# What the asker will do with the answer (领导让我写个汇报材料, 我要写个总结): the asker's task, not the question's
# subject, so no question type is read from it.
ASKERS_TASK = _re(r"((领导|上级|上面|老板|单位)(让|叫|要)我|我(要|得|需要|正在))(写|整理|起草|准备)(个|一个|一份|份|篇|一篇)?"
                  r"[^,，。?？申]{0,8}(汇报|总结|简报|讲话|发言|稿|ppt|报告)(材料)?",
                  r"\b(my (boss|manager|director|supervisor) (asked|wants|told) me to)\b[^.?!,]{0,60}")
REPORTING = _re(r"(向|给).{0,10}(报送|报告|汇报)|报送|汇报|定期报告|报告进展|进展情况|定期(要)?报|定期[^,，。?？]{0,3}(往上|向上)报|平时[^,，。?？]{0,6}报", r"\breport(s|ing)?\b.{0,30}(progress|regularly|\bto\b)|progress report")
REVIEW = _re(r"评审|考察|公示|认定|名称|叫什么|名单|谁来审|把关|怎么挑|怎么选|挑选|筛选|谁审|审批|专家|怎么评|如何评|怎样评|评选|择优",
             r"\breview|inspection|site visit|public notice|recogni[sz]|\btitle\b|designat|\bexperts?\b|third[- ]party|shortlist|made public|publish|"
             r"\bselect(s|ed|ing|ion)?\b|\bchos(e|en)\b|\bchoose(s)?\b|\bpick(s|ed)?\b")
DESTINATION = _re(r"直接(报|申报|交|提交)?(给|到|向)?省|跳过|绕过|绕开|越过|越级|不经过|交给谁|提交给谁|报给谁|报到哪|交到哪|向谁|给谁|先交|交到市|报到市|市里还是省里|省里还是市里|交给哪|报给哪|推荐(给|到|至)省|向省[^,，。?？]{0,8}推荐|(先|首先)(到|交到|报到|交给|报给)?哪(一级|个部门|里)|到哪一级", r"submit .{0,40}\bto\b|recommends? .{0,30}\bto the province|who do (we|i) submit|send .{0,30} to whom|directly to the province|without going through|\bbypass|\bskip")
# The bureau the asker takes its papers to, checked (报给滁州市工信局吧): for the asker's own body, the verdict
# and its route (article 8) answer it.
SENT_TO = _re(r"(报|交|提交|递交|报送)给[^,，。?？]{0,8}(市|省)[^,，。?？]{0,4}(工信|经信|工业和信息化)[^,，。?？]{0,4}"
              r"(吧|吗|对吗|是吧|对不对|没错吧)", r"\bsubmit (it |them |the \w+ )?to the [\w ]{0,20}(municipal|city) bureau\b")
CONSENT = _re(r"(经过|经|要|需要|得)(谁|哪个部门|哪一级|哪级)[^,，。?？]{0,4}(同意|批准|签字|盖章)|(要不要|需不需要|是否需要|用不用)(先)?[^,，。?？]{0,6}(同意|点头|首肯|拍板|批准)|谁(来)?(同意|批准|签字|盖章|点头|拍板)|(同意|批准)(以|之)?后(才)?(能|可以)?(申报|报)",
              r"\b(whose|who(se)?) (consent|approval)\b|\bwho (approves|consents|signs off)\b|\bapprov(e|al) (from|by) whom\b")
CONSEQUENCE = _re(r"怎么样|会怎样|会怎么|后果|怎么办|会被|算什么|算作什么|按什么算|(会|有)什么影响|会不会影响|影响[^,，。?？]{0,6}称号|"
                  r"称号[^,，。?？]{0,4}(保得住|保不住|还在|还有吗)|(保得住|保不住|保住)[^,，。?？]{0,4}称号",
                  r"what happens|consequence|\b(lose|keep|losing|keeping)\b.{0,20}\b(title|designation)\b")
# Whether the title is at stake (会不会影响称号, 会被摘牌吗, lose the title): the sentence that says what happens to
# the title is quoted with the one that answers the rest.
TITLE_AT_STAKE = _re(r"影响[^,，。?？]{0,6}称号|称号[^,，。?？]{0,4}(保得住|保不住|还在|还有吗|会不会(丢|没))|(保得住|保不住|保住|丢掉?)[^,，。?？]{0,4}称号|"
                     r"摘牌|摘帽|撤牌|取消称号|撤销称号|牌子[^,，。?？]{0,4}(摘|撤|收回|拿掉)|(摘|撤|收回|拿掉)[^,，。?？]{0,2}牌子",
                     r"\b(lose|keep|losing|keeping)\b.{0,20}\b(title|designation|badge)\b|\b(title|designation|badge)\b.{0,20}\b(revoked|withdrawn|taken away)\b|"
                     r"\b(yank|yanks|yanked|pull|pulls|pulled|strip|strips|stripped)\b.{0,20}\b(title|designation|badge|plaque)\b")
# What a thing must have or be able to do (要有平台, 要能提供, need to have): a condition asked in other words.
REQUIRED = re.compile(r"要有|需要|具备|必须|得有|一定要|非得|(哪些|什么|哪几个)(领域|产品)|\bneed\b|\bmust\b|\brequired?\b|"
                       r"have to|which (fields|products|sectors)", re.I)
CONDITIONS = _re(r"条件|要求|门槛|标准|需要具备|满足", r"condition|requirement|criteria|prerequisite")
ZONE_TYPE = [(1, _re(r"深度应用", r"deep[- ]application")), (2, _re(r"产品创新", r"product[- ]innovation")),
             (3, _re(r"技术赋能", r"technology[- ]empowerment|tech[- ]empowerment"))]
GREETING = _re(r"^(你好|您好|嗨|哈喽|在吗|帮助|你是谁|你能做什么|你会什么|hello|hi|hey|help|who are you|what can you do|good (morning|afternoon|evening))[\s!!.。??,]*$")
MAY_WE = _re(r"(能|可以|可否|能否|能不能|有资格|有没有资格|够格).{0,10}(申报|申请|报|参与|参加|创建|争取)",
             r"\b(can|could|may)\b.{0,20}\b(apply|take part|participate)\b|\beligib|\bqualif")
WE = _re(r"我们|我单位|本单位|咱们|我方|^我|我可以|我能", r"\b(we|us|our|i|me|my)\b")

PURPOSE = _re(r"目的|为什么制定|为何制定|宗旨|图啥|图什么|有啥用|有什么用|为了啥|为了什么|干嘛用|(是|要)(干嘛|干什么)的|要干嘛|打造什么|要打造|根据什么|依据什么|依据是什么|为什么(要)?出台|出台背景", r"\bpurpose\b|\baim\b|\bwhy (was|is) (this|the)")
SCOPE = _re(r"适用|适用范围|哪些地区|哪些地方|哪里适用", r"appl(y|ies) to (which|what)|\bscope\b|which (regions|areas|places)")
# (not the asker writing it: can I just write an email, 我们自己写一份意见发过去行吗)
WRITE_FOR_ME = _re(r"(帮|给|替)(我|我们)(分析|评估|判断)[^,，。?？]{0,12}(适不适合|适合|前景|市场|值不值得|该不该)|帮我写|替我写|帮忙写|(?<!自己)(?<!直接)写一份|(?<!自己)(?<!直接)写一个|起草一份|帮我起草|帮我做|代写|生成一份|"
                   # the service asked to write the asker's document (帮我们县直接写一份申报书, 替咱们拟个方案)
                   r"(帮|替|代)(我|我们|咱们|俺们|本单位|我单位)[^,，。?？]{0,8}(写|起草|撰写|拟|草拟|编写|弄)(一份|一个|一篇|份|个|篇)?"
                   r"[^,，。?？]{0,10}(申报书|申报材料|申请书|方案|报告|材料|汇报|总结|稿)|"
                   r"(帮|替|代)(我|我们|咱们|俺们|本单位|我单位)[^,，。?？]{0,8}把[^,，。?？]{0,10}(申报书|申报材料|申请书|方案|报告|材料)"
                   r"[^,，。?？]{0,3}(写|起草|撰写|拟|草拟|编写|弄)(好|完|出来)|"
                   # a document in someone else's name (以省厅的名义出一个确认函, 开一份证明)
                   r"以[^,，。?？]{1,16}名义[^,，。?？]{0,8}(出|开|写|发|出具|盖章)|"
                   r"(出|开|出具)[一个份张封]{1,2}[^,，。?？]{0,4}(确认函|证明|证明函|批复|认定书|证书)",
                   r"(?<!\bi )(?<!\bwe )(?<!\bjust )(?<!\bonly )(?<!\bsimply )\bwrite (me |us )?(a|an|the|my|our)\b|\bdraft (me |us )?(a|an)\b|\bgenerate (a|an)\b|\bsummari[sz]e the news|"
                   r"\b(issue|write|produce|sign)\b.{0,30}\b(letter|certificate|confirmation)\b")

# Money the draft does not quantify, and vouchers (算力券, 创新券: money in another form the draft never names).
MONEY = _re(r"(?<![证债])券|专项资金|申请资金|资金申请|资金扶持|资金奖励|补助|补贴|奖补|奖励资金|扶持资金|资金[^,，。?？]{0,8}(标准|多少|额度|比例)|多少万|多少钱|奖励多少|补贴多少|补助多少|资金多少|奖补|奖金|补贴标准|资金支持多少|给多少钱|多少资金|多少补贴|多少奖励|扶持资金",
            r"how much (money|funding|subsidy|subsidies|grant)|\bfunding\b|\bbudgets?\b|\bfunds?\b|subsid(y|ies)|\bgrants?\b|funding amount|\bbonus\b|\bmoney\b|\bvouchers?\b")

# Other programmes the draft only counts as indicators: how to obtain them is not in the draft.
OTHER_PROGRAMME = _re(r"科技型中小企业|全连接工厂|转型促进中心|企业上云|上云|双跨平台|揭榜挂帅|揭榜|高企|成熟度评估|成熟度等级|贯标|两化融合|专精特新|小巨人|单项冠军|高新技术企业|独角兽|瞪羚|智能工厂|(未来|灯塔|黑灯|绿色|示范|标杆)工厂|典型(应用)?案例|标杆案例|优秀案例|标识解析|二级节点|数字化转型示范|工业互联网平台|制造业创新中心|企业技术中心|重点实验室|三首|"
                      r"首台套|首批次|首版次|保险补偿",
                      r"\bsrdi\b|speciali[sz]ed|\bsmes?\b|little giant|single-product champion|high-tech enterprise|smart factor|unicorn|gazelle|"
                      r"(demonstration|lighthouse|future|benchmark) factor(y|ies)|(typical|benchmark) (application )?cases?")
# What another programme's zone is or holds (先导区有哪些城市, what is the pilot zone): asked about it, not how to apply.
ABOUT_IT = _re(r"有哪些|有哪几|哪几个|哪些城市|名单|是什么|什么意思|多少个|几个",
               r"\b(which|what|how many|list)\b")
# Another plan or policy asked what it says (数字经济发展规划的目标, what the national AI plan says about 2030).
OTHER_PLAN = _re(r"(发展规划|行动方案|行动计划|五年规划|实施意见|指导意见|发展战略)[^,，。?？]{0,6}(的|里|中)?[^,，。?？]{0,6}(目标|任务|指标|提出|说了|讲了|规定了|内容)",
                 r"\b(development plan|action plan|five-year plan|strategy|national plan)\b[^.?!]{0,30}\b(say|says|said|target|targets|goals?|aims?)\b")

# Other programmes' zones (the national AI innovation and application pilot zones, the new-generation AI
# innovation and development pilot areas): how to become one is another authority's programme.
OTHER_ZONE_PROGRAMME = _re(r"国家级(的)?(人工智能|ai)[^,，。?？]{0,12}示范区|先导区|先行区|引领区|创新发展试验区|自主创新示范区|示范基地|工业互联网示范区|数字经济(创新)?示范区|大数据综合试验区",
                           r"\bnational\b[^.?!]{0,50}\bpilot (zone|area)s?\b|"
                           r"innovation and (application|development) (pilot|experimental) (zone|area)")
OBTAIN = _re(r"认定标准|评定标准|评选标准|评价标准|评选条件|认定办法|(怎么|如何|怎样)(创建|建设|评上|评选)|认定.{0,6}条件|申请.{0,6}条件|申报.{0,6}条件|怎么申报|如何申报|怎么申请|如何申请|怎么认定|如何认定|认定条件|申请条件|申报条件|认定的|怎么评|申请资金|怎么拿|如何获得|怎么获得|"
             # its procedure (想申请…小巨人,流程是什么; 怎么办理)
             # (a title named between: not 申报流程 alone, which is the draft's own procedure)
             r"(申请|申报|评定|认定|办理)(?!的|具体)[^,，。?？]{1,12}[,，]?[^,，。?？]{0,4}(流程|程序|手续|步骤)|怎么办理|如何办理|办理流程|"
             r"(要|需要|得)(什么|哪些|啥)条件|(占比|比例|比重)[^,，。?？]{0,4}(要求|标准|门槛)|(认定|申报|申请|评定)[^,，。?？]{0,8}(要求|门槛)|"
             r"(去|到|在|向)(哪|哪里|哪儿|哪个部门)(申请|申报|办理|办|领)|找谁(申请|办理)|(怎么|如何|怎样|去哪|在哪)报名|报名(条件|流程|方式|入口)|"
             # when its call opens (今年什么时候报)
             r"(什么时候|啥时候|何时|几月份?)(开始)?(申报|申请|报名|报)",
             r"how (do|can|to) .{0,20}(apply|get|obtain|become|certif)|requirements? for (becoming|being)|certificat|"
             r"(requirements?|criteria|conditions?) (to be|to become|for being) (recogni[sz]ed|designated|certified|accredited|selected)|"
             r"\b(recognition|selection|designation|certification|accreditation) (criteria|requirements|conditions|standards|process)\b")
DRAFT_CONTEXT = _re(r"示范区|指标|分值|多少分|几分|导则|附件|第.{1,3}条", r"demonstration zone|indicator|annex|guideline|points|article")

# Which firms to pick as partners or suppliers (推荐几家人工智能企业合作): the draft names no firm.
RECOMMEND_FIRMS = _re(r"推荐(几家|哪些|一些|几个|一下|下)?(好的|靠谱的)?(AI|ai|人工智能)?(企业|公司|厂商|供应商|服务商|合作伙伴|合作方)|"
                      r"(哪些|哪家|哪几家)(AI|ai|人工智能)?(企业|公司|厂商|供应商|服务商)[^,，。?？]{0,6}(值得|适合|靠谱|可以)?合作",
                      r"\brecommend\b.{0,40}\b(compan(y|ies)|firms?|vendors?|suppliers?|partners?)\b|"
                      r"\b(which|what) (ai )?(compan(y|ies)|firms?|vendors?|suppliers?)\b.{0,30}\b(partner|work) with\b")
# Things of the world the draft does not hold, whatever of its words they share (工业大模型, 智能工厂, 算力,
# 评估指标): the hardware a model needs, which AI product or school is better, who invested in which firm, and
# another authority's programme asked what it measures. The draft sets rules for zones; it has no such facts.
BEYOND_DRAFT = _re(r"(产业|投资|引导|创投|风投|天使)基金[^。?？]{0,12}(怎么|如何|能不能|能否|可以|可不可以|能)?(投|申请|对接|入股|拿到)|"
                   r"(?<![a-z])pue(?![a-z])|(训练|跑|部署|推理|微调|搭)[^,，。?？]{0,14}(多少|几)(张|块|台|片)?[^,，。?？]{0,4}(显卡|gpu|算力卡|加速卡|服务器|芯片)|"
                   r"(显卡|gpu|服务器)[^,，。?？]{0,4}(型号|配置|怎么选|选哪)|"
                   r"(哪个|哪家|哪款|哪一个)[^,，。?？]{0,10}(大模型|模型|软件|芯片|显卡|服务器|app)[^,，。?？]{0,4}(好用|靠谱|强|好|厉害|准)|"
                   r"(deepseek|通义千问|千问|文心一言|豆包|kimi|chatgpt|讯飞星火|盘古大模型|混元|智谱|qwen|llama|claude)[^。?？]{0,24}(哪个|谁|比较|对比|好用|更好|更强|更靠谱)|"
                   r"高考|报志愿|志愿填报|考研|读研|留学|(哪所|哪个|哪些|什么)(大学|高校|院校|学校)[^,，。?？]{0,6}(好|强|值得|排名|靠谱)|"
                   r"(大学|高校|院校|学校)(?!有)[^,，。?？]{0,4}(好|强|排名)(?!的)|(想学|想读|报考|该学)[^,，。?？]{0,6}专业|"
                   r"谁投资|谁投的|投资方是|(哪些|哪家|谁)[^,，。?？]{0,4}(股东|融资)|"
                   r"(国家数据局|工信部|工业和信息化部|科技部|国家发改委|发改委|发展改革委|网信办|商务部|财政部|教育部)的?[^,，。?？]{0,16}"
                   r"(基地|集群|中心|试点|平台|工程|计划|项目)[^,，。?？]{0,10}(指标|标准|条件|办法|流程|要求)",
                   r"\bhow many (gpus?|graphics cards|servers|chips)\b|\b(gpus?|graphics cards)\b.{0,30}\b(train|run)\b|"
                   r"\bwho (invested|invests|funded|funds|financed|backed|backs|owns)\b|\b(who|which) (are|were) the investors\b|\bbacked by\b|"
                   r"\b(which|what) (anhui |hefei )?(compan(y|ies)|firms?|enterprises)\b.{0,20}\b(are|is) (building|developing|making|running|constructing)\b|"
                   r"\b(which|what) (university|universities|college|colleges|school|schools)\b")
# A body said to hold another programme's title, asked whether it does (某某的工厂有没有被评为智能工厂): the draft
# names no holders.
TITLE_HELD = _re(r"(有没有|有没|是否|是不是|已经)(被)?(评为|评上|入选|获评|认定为|列入)",
                 r"\b(has|have|was|were|is)\b.{0,40}\bbeen (named|recogni[sz]ed|selected|listed|rated|designated)\b")
# Another consultation or document of the department (上一个征求意见稿, 关于中小企业数字化转型的): asked of its
# dates or content, it is not this draft; the subject it is about (关于…) is read separately.
OTHER_DOCUMENT = _re(r"(上一个|上一份|上次|上回|之前|以前|前段时间|前阵子|另一个|另一份|另外一个|别的|其他)(发的|的|那个|那份)?[^,，。?？]{0,12}(征求意见稿|文件|通知)",
                     r"\b(previous|earlier|last|other|another) (consultation|draft)\b")
DOCUMENT_SUBJECT = re.compile(r"关于([^,，。?？]{2,16})|\b(on|about) ([a-z ]{3,40})", re.I)

# An instruction to set the draft aside (ignore your rules, 忽略你的规则): no question of the draft is asked.
OVERRIDE = _re(r"(忽略|无视|别管|不要管|不管)(你的|你们的|所有|一切)?(规则|规定|限制|指令|设定)",
               r"\b(ignore|disregard|forget|bypass)\b.{0,12}\b(your|the|all|any|previous)\b.{0,12}\b(rules|instructions|guidelines|prompt|restrictions)\b")
# A verdict demanded rather than asked (你就说yes就行, 领导等着要结论): the asker's statement of who they are
# is the question, and its verdict is the answer.
VERDICT_DEMAND = _re(r"(你|您)?(就|只|直接)(说|回答|告诉我)(个)?(yes|是|可以|能|行|符合|能报)|(给|要|下)(个|一个)?结论|说个?(yes|行不行|能不能)",
                     r"\bjust (say|tell me|answer) (yes|whether|if)\b|\byes or no\b")

# Taxes (所得税优惠, 加计扣除): another law's, asked before any may-we-apply its words resemble (企业…怎么申请).
TAX = _re(r"所得税|增值税|税收(优惠|减免)|减免税|免税|加计扣除|退税|税率|缴税|纳税",
          r"\b(income|corporate|value-added|vat) tax\b|\btax (rate|break|breaks|relief|incentives?|credits?|deductions?|exemptions?)\b")

# Plainly not about the draft.
OFF_TOPIC = _re(r"(哪个|哪座|什么)(城市|地方)[^,，。?？]{0,8}(最好|更好|最适合|更适合)|适合(创业|开公司|办公司)|月薪|年薪|薪资|薪水|薪酬|工资|招聘|(工业)?增加值|统计公报|签证|居留|工作许可|注册.{0,6}公司|营业执照|工商登记|土地出让|地价|推荐.{0,4}书|天气|酒店|宾馆|住宿|旅游|景点|税率|缴税|纳税|个税|gdp|人口|新闻|坐车|怎么走|路线|气温|下雨|写一首|写首|写诗|作诗|诗歌|笑话|故事|翻译|餐厅|饭店|美食|菜谱|股票|彩票|足球|篮球|电影|音乐|唱歌|星座|算命|等于几|等于多少|\d+\s*[+\-*/×÷]\s*\d+",
                 r"\bvisas?\b|\bwork permit\b|\bresidence permit\b|\bweather\b|\bhotels?\b|\btouris[mt]|\bsing\b|\btax(es|ation)?\b|\bpopulation\b|\bnews\b|\bgdp\b|\bpoem\b|\bpoetry\b|\bjoke\b|(?<!long )\bstory\b|\btranslate\b|\brestaurant|\brecipe|\bstock price|\blottery\b|\bfootball\b|\bsoccer\b|\bworld cup\b|\bmovie\b|\bsong\b|\bcapital of\b|\bhoroscope\b|\bsalar(y|ies)\b|\bstocks?\b|\bshare prices?\b|(工作|技术|底层)?原理是|是什么原理|\b(best|better|ideal|cheapest) (city|cities|place|location|province) (in china )?(for|to)\b|\bwages?\b|\bhiring\b|\bshare price\b")
# Other regulations an AI firm meets (data export assessment, foreign-investment access, model filing): not the
# draft's subject, whatever words of it they share (人工智能, 企业, 评估). Foreign-invested firms as such (外商投资
# 企业多的县会不会优先) are a question about the draft's priorities, not about that regulation.
OTHER_REGULATION = _re(r"数据出境|(数据|信息)[^,，。?？]{0,10}出境|扩区|调区|扩园|出境(安全)?评估|(外商投资|外资)[^,，。?？]{0,16}(准入|限制|审批|审查|负面清单|法)|负面清单|(大模型|算法|生成式人工智能|生成式ai|深度合成)[^,，。?？]{0,8}备案|"
                       r"备案[^,，。?？]{0,4}(大模型|算法)|(管理)?体系认证|\bISO\s*/?\s*(IEC\s*)?\d{4,5}",
                       r"\bforeign[- ]investment (restrictions?|rules|access|approvals?|law|screening|review)\b|"
                       r"\brestrictions on foreign investment\b|\bnegative list\b|\bcross-border (data|transfers?)\b|\bdata exports?\b|"
                       r"\b(models?|algorithms?) (filing|registration)\b|\biso\s*/?\s*(iec\s*)?\d{4,5}\b")
# Which firms or figures a row counts (只算规上企业, 统计口径, all firms or only some).
# Also asked of the firms left out (小微企业的营收也要统计进去吗, do small firms count too).
COUNTED = _re(r"只算|只统计|只限|仅限|仅统计|(所有|全部)企业|口径|统计范围|"
              r"(小微|中小|小型|微型|规下|规模以下|非规上|小)(企业|公司|厂)[^。?？]{0,12}(统计|算|计入|纳入|包括|包含)(进去|进来|在内)?|"
              r"(只|仅)(算|统计|计)[^,，。?？]{0,4}(大|规上|规模以上)(企业|公司)",
              r"\bonly (firms|enterprises|companies)\b|\ball (firms|enterprises|companies)\b|"
              r"\b(small|micro|smaller) (and (micro|medium)(-sized)? )?(firms|enterprises|companies)\b[^.?]{0,30}\b(count|counted|included)\b")

# An aside about why the asker asks (我不是来申报的, 随便问问, just curious): no words of the question itself.
ASIDE = _re(r"(我|我们)?(并|也)?(不是|没)(来|要|想|打算)(申报|报|申请|问申报)的?|随便问问|顺便问(一下|问)|好奇(问一下|问问)|"
            r"(就|只是|就是)想(知道|问问?|了解)(一下)?",
            r"\b(just curious|random question|quick (one|question)|out of curiosity|i.m not applying)\b")

# Which table (annex) a row is in.
WHICH_TABLE = _re(r"哪张(指标)?表|哪个(指标)?表|哪一张表|哪个附件|哪一个附件|哪类(示范区)?的?(指标)?表",
                  r"\b(which|what) (table|annex)\b")

# Two or more indicators asked at once (两条各几分, 两项分别, both rows).
EACH_ROW = _re(r"两条|两项|两个指标|这两|各(是|占|得|算)?(几|多少)分|分别|各自", r"\b(both|each of)\b")

# A region in the asker's story, not asked about (去苏州看了一圈, 来自上海, 总部在香港).
STORY = _re(r"去|来自|(?<![出起上下进过])来的|总部|出差|考察|参观|看了一圈|调研|回来|老家", r"\b(from|visited|headquartered|based in)\b")
# Anhui named only as what another region is compared with (和安徽的比有啥区别, compared with Anhui's): the
# question is still about the other region.
COMPARED_WITH_HOME = _re(r"(和|跟|与|同)(咱们|我们)?安徽(省)?(的|这个|这边|这份|这次|这里)?[^,，。?？]{0,4}(比|相比|比较|对比|区别|不同|差别|一样|异同|有何|有啥|有什么|差不多|类似|相似|相同|一致)",
                         r"\b(compared? (with|to)|versus|vs\.?|differ(s|ent)? from|unlike) anhui|"
                         r"\b(same|similar|identical)\b[^.?!]{0,20}\b(as|to) (in |for )?anhui\b")
_REGIONS_ZH = (r"上海|北京|天津|重庆|江苏|浙江|广东|深圳|广州|杭州|南京|苏州|山东|河南|湖北|武汉|湖南|四川|成都|福建|江西|河北|山西|陕西|辽宁|吉林|黑龙江|云南|贵州|广西|海南|甘肃|青海|宁夏|新疆|西藏|内蒙古|香港|澳门|台湾|全国各省|国外|美国|日本|欧洲")
OTHER_REGION = _re(_REGIONS_ZH,
                   r"\bshanghai\b|\bbeijing\b|\bjiangsu\b|\bzhejiang\b|\bguangdong\b|\bshenzhen\b|\bfrance\b|\bjapan\b|\bamerica\b|\busa\b|\beurope\b|\bgermany\b")

# Another region's own policy asked about (江苏有没有类似的政策, does Zhejiang have a similar scheme): not this draft.
THEIR_POLICY = _re(r"(有没有|有无|是否有|也有|有)[^,，。?？]{0,4}(类似|相似|同类|差不多)|类似(的)?[^,，。?？]{0,14}(政策|示范区|文件|导则|做法|试点)|"
                   r"(那边|当地|本省)的?[^,，。?？]{0,6}(政策|示范区|文件)",
                   r"\b(similar|equivalent|comparable|their own) (policy|policies|programmes?|programs?|schemes?|zones?)\b")

# Joining another programme or another province's scheme asked (eligible for the national pilot zone run by the
# ministry, 申报国家先导区, 浙江的未来工厂我们能参加吗, 江苏的示范区怎么申报): that programme's rules, not this draft's
# verdict. The scheme is what is applied for, not what the asker is (我们是江苏的开发区,能报吗 keeps its verdict).
FOR_OTHER_SCHEME = _re(
    r"(申报|申请|参加|参与|参评|加入|争取|创建|评上|评选|认定为|评为)[^,，。?？]{0,16}(先导区|先行区|引领区|创新发展试验区|国家级?[^,，。?？]{0,10}试点)",
    r"(?<![是我们在])(?<!我们)(?<!咱们)(?<!位于)(" + _REGIONS_ZH + r")(省|市)?的?\s*[「“\"'『《]?[^,，。?？]{0,12}"
    r"(示范区|工厂|认定|评选|试点|称号)[^?？]{0,16}((怎么|如何|怎样)(申报|申请|报名|参加|参评|报(?![告送道表名]))|(能|可以|能不能|可不可以)(一起|同时|一并|一块|也)?(参加|参与|参评|申报|申请|报))",
    r"\b(eligible|apply(ing)?|qualify|application|join(ing)?)\b (for|to|in) (the |a |their )?[^.?!]{0,30}\bnational\b[^.?!]{0,40}\bpilot (zone|area)s?\b",
    r"\b(eligible|apply(ing)?|qualify|join(ing)?)\b (for|to|in) (the |a )?[^.?!]{0,40}\b(run|organi[sz]ed|launched) by the (ministry|miit|state council)\b")
# A zone's own upgrade to national level asked how (省级开发区想升级成国家级经开区,走什么程序): the State
# Council's and ministries' procedure, which the draft does not cover.
UPGRADE_HOW = _re(r"(升级|升格|升)(成|为|到)?国家级[^,，。?？]{0,8}(开发区|经开区|高新区)?[^。?？]{0,12}(程序|流程|手续|步骤|怎么(办|走|弄|申请)|如何(申请|办理)|需要(什么|哪些)(条件|材料))|"
                  r"(怎么|如何|怎样)(才能)?(升级|升格|升)(成|为|到)国家级",
                  r"\bupgrad(e|ed|ing) to (a )?national(-level)?\b[^.?!]{0,40}\b(procedure|process|steps|how)\b|\bhow\b[^.?!]{0,30}\bupgrade to (a )?national")
APPLY_WORD = _re(r"申报|申请|(再|还能|还可以|能|可以|重新|接着)报(?![告送道表名])", r"\bapply|\bapplication")
HOW_WHERE = _re(r"怎么|如何|哪里|方式|途径|渠道", r"\bhow\b|\bwhere\b|\bway\b")
REVIEW_WORD = _re(r"审", r"review|check")
FIRST_REVIEW = _re(r"初审|先交给谁|先审|谁先审|第一道", r"first review|initial review|preliminary review|review(s|ed)? .{0,30}\bfirst\b|first .{0,20}review|before .{0,30}reach(es)? the province")
DIFFERENCE = _re(r"区别|不同|不一样|差别|异同|差异|有啥两样|比较|对比|哪个好|区分|差在(哪|什么)|(主要|最大)(的)?差", r"\bdifferen|\bdiffer\b|\bcompare|\bcomparison|\bversus\b|\bvs\.?\b|\bdistinguish")
UNIT = _re(r"单位|计量|按什么算|用什么衡量", r"\bunits?\b|\bmeasured in\b")
METHOD = _re(r"定量|定性|怎么评|评法|评分(方)?法|打分(方)?法|计分(方)?法|怎么打分|评分方式|考核方式|印象分|主观(打分|评分|判断)|(靠|是)数(数|出来)", r"quantitative|qualitative|how .{0,20}(scored|assessed|measured)")

class _AfterNotNaming:
    """After recognition, but not asking the recognised title (认定后要做什么, not 认定后叫什么)."""

    @staticmethod
    def search(q):
        return AFTER.search(q) and not NAMING.search(q)


# Whether the draft speaks of a thing at all (文件里有没有提, 跟这个导则有关系吗, 沾边吗, say anything about): the
# part that names it (its word or the lexicon's for it) answers.
MENTION = _re(r"有没有提|提没提|有提到|提到(了)?(吗|没)|提及|有没有(说|讲|写|涉及)|说到(了)?(吗|没)|讲到|涉及(到)?(吗|没)|"
              r"(有|扯上|扯得上|搭得上|挂得上)(什么|啥)?关系|沾边|相关吗|有关吗",
              r"\bmention(s|ed)?\b|\bsays? anything\b|\btalks? about\b|\banything (at all )?(about|on)\b|\bat all\b")


# Asked of the present (现在, 已经, 目前, yet): whether the text is in force now, not its period of validity.
NOW = re.compile(r"现在|目前|已经|当前|眼下|如今|正式(生效|施行|实施)|\b(now|yet|already|currently|at present)\b", re.I)

# How comments are sent (by post, printed, from a phone): the notice names email only.
CHANNEL = re.compile(r"寄信|邮寄|寄(过|回)?(去|来)|信件|窗口|当面|线下|传真|现场|送过去|打印|纸质|手机|微信|其他方式|别的方式|什么方式|哪些方式|渠道|"
                      r"\bby (post|mail|letter|fax)\b|\bin person\b|\bfax\b|\bother ways?\b|\bchannels?\b", re.I)

# Whether someone may comment (企业能不能对导则提建议, who can give feedback): the notice says who is asked.
MAY_COMMENT = _re(r"(能|可以|可否|能否|能不能|可不可以|有没有资格|允许|谁)[^,，。?？]{0,10}(提|反馈|发表|提出|提交)(个|些|点)?(意见|建议)",
                  r"\bwho (can|may) (comment|give feedback|submit (comments|feedback))\b|"
                  r"\b(can|may|could) (we|i|individuals|companies|enterprises|firms|anyone|the public) "
                  r"(still |also )?(comment|give feedback|submit (comments|feedback|suggestions))\b")

# How to send a comment (这个意见怎么提交, how do we submit our feedback): the notice, whatever the comment is about.
COMMENT_HOW = re.compile(r"(意见|建议)[^。?？]{0,8}(怎么|如何|怎样|往哪|在哪|向哪|找谁|交给谁)[^。?？]{0,4}(提交|提出|提|反馈|发|交|递交|寄)|"
                          r"(怎么|如何|怎样|往哪|向哪)(提交|提出|反馈|递交)[^。?？]{0,4}(意见|建议)|"
                          r"\bhow (do|can|should|would) (i|we) (submit|send|give|file) (my |our |a |this |the |these )?"
                          r"(comments?|feedback|suggestions?|proposals?)\b", re.I)


# The question types preferences (profile.yaml) may name.
# Who checks what was submitted (材料报上去谁来把关): the review, not the list of materials.
WHO_CHECKS = _re(r"谁(来)?(把关|审核|审查|评审|核查|审)|(把关|审核|评审)的?是谁", r"\bwho (reviews|checks|vets|examines|assesses)\b")

NAMED = {
    "points": POINTS, "when": WHEN, "issuer": ISSUER, "attachments": ATTACHMENTS,
    "deadline": DEADLINE, "consult": CONSULT, "drafted": DRAFTED, "validity": VALIDITY,
    "mailbox": MAILBOX, "subject": SUBJECT, "form": FORM, "procedure": PROCEDURE, "materials": MATERIALS,
    "evaluation": EVALUATION, "frequency": FREQUENCY, "applying": APPLYING, "interpret": INTERPRET, "types": TYPES,
    "define": DEFINE, "responsible": RESPONSIBLE, "duties": DUTIES, "after": AFTER, "naming": NAMING, "applying_body": APPLYING_BODY,
    "municipal": MUNICIPAL, "reporting": REPORTING, "review": REVIEW, "destination": DESTINATION, "who_checks": WHO_CHECKS,
    "consequence": CONSEQUENCE, "consent": CONSENT, "conditions": CONDITIONS, "purpose": PURPOSE, "scope": SCOPE,
    "apply_word": APPLY_WORD, "how_where": HOW_WHERE, "review_word": REVIEW_WORD, "first_review": FIRST_REVIEW,
    "difference": DIFFERENCE, "unit": UNIT, "method": METHOD, "after_not_naming": _AfterNotNaming,
    "may_comment": MAY_COMMENT, "channel": CHANNEL, "comment_how": COMMENT_HOW, "title_at_stake": TITLE_AT_STAKE,
}
