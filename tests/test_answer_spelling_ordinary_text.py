"""The sound-based typo corrector leaves correctly typed questions alone (issue 15): it rewrote 占比要 as
占必要 (比要 sounds like 必要, though 占比 is the draft's own column), 管些什么 as 管写什么 (些, a common word,
read as the start of 写什么), 县里有个 as 县理由个 (a pair taken across two words), 不太清楚 as 不能清楚 (能 read
by its rare sound tai). Ordinary sentences about every part of the draft, in plain wording, come back unchanged,
while real slips (申抱, 资各, 评古, 示范去, 金开区) are still mended.
"""
import pytest

from guidance.index import get_index
from guidance.text import normalise

ORDINARY = [
    # the notice and the consultation
    "征求意见到几月几号截止",
    "意见建议发到哪个邮箱",
    "邮件主题要写些什么",
    "反馈信息表可以在哪里下载",
    "提意见需要留下联系电话吗",
    "起草说明一共讲了哪些内容",
    # general provisions and purpose
    "这个导则是依据哪些文件制定的",
    "导则里说的示范区一共有哪些类型",
    "人工智能赋能新型工业化是什么意思",
    "示范区分为哪几类,各有什么要求",
    # who may apply
    "县里有个省级开发区,可以单独申报吗",
    "我们镇有十几家制造企业,能不能申报",
    "市辖区可以作为创建主体吗",
    "县级市和县的要求一样吗",
    "创建主体是谁,要满足哪些条件",
    "我们是国家级经开区,可以申报吗",
    "这些条件归谁管,谁来审核",
    "省工信厅管些什么,市工信局又管些什么",
    "我们级别不太清楚,该怎么判断",
    "想先把自评报告写好再报",
    # conditions and indicators
    "研发人员占比要达到多少",
    "技改项目占比要多少才算达标",
    "AI产业营收占比要求是百分之几",
    "占比要不要按上一年度计算",
    "营收增速要达到百分之十五以上吗",
    "智能工厂的数量要多少个",
    "算力供给能力的单位是什么",
    "区域智能算力供给能力这一项几分",
    "这个指标是定量还是定性",
    "二级指标一共有多少项",
    "附件里的评分表有哪些指标",
    "每个指标的分值是多少",
    "定性指标怎么打分",
    "满分是一百分吗",
    "数据要以哪一年的为准",
    # zone types
    "深度应用示范区和产品创新示范区有什么区别",
    "技术赋能示范区要具备哪些条件",
    "产品创新类主要看哪些方面",
    "独角兽和瞪羚企业有几家才够",
    "跨界合作园区算不算",
    # application procedure
    "申报材料包括哪些内容",
    "建设方案要写些什么",
    "申报书里要填哪些数据",
    "材料先交给市工信局还是省工信厅",
    "市里初审以后多久报到省里",
    "需要先出个同意的文件吗",
    "申报时间一年一次吗",
    "可以同时申报两类示范区吗",
    "是否需要地方政府出具承诺",
    "报告要盖谁的章",
    # evaluation and management
    "示范区的评估结果分为几个等次",
    "评估不合格会怎么样",
    "整改以后还能保留称号吗",
    "自评估报告交给谁",
    "第三方评估由谁组织",
    "优秀的示范区有什么支持",
    "创建期是几年",
    "建设期满以后要验收吗",
    "动态管理是怎么做的",
    "撤销称号的情形有哪些",
    # supplementary provisions
    "导则有效期到什么时候",
    "导则由哪个部门负责解释",
    "导则从哪天开始施行",
    # short everyday words the corrector must keep
    "多少钱",
    "可以吗",
    "要交哪些",
    "报告写多少字",
    "还要些什么",
    "能管多少年",
    "比例要多高",
    "这些都要吗",
    "哪些要报",
]


@pytest.mark.parametrize("q", ORDINARY)
def test_an_ordinary_question_is_left_as_typed(q):
    text = normalise(q)
    assert get_index().speller.correct(text) == text


@pytest.mark.parametrize("typed, meant", [
    ("县里能申抱吗", "申报"),
    ("我们市有资各报这个示范区吗", "资格"),
    ("示范区评古结果分几档", "评估"),
    ("能不能申报这个示范去", "示范区"),
    ("滁州的国家级金开区想报名", "经开区"),
    ("报技术负能类要什么条件", "赋能"),
    ("人工智能负能新型工业化示范区", "赋能"),
    ("交哪些才料", "材料"),
    ("导则有效其到什么时候", "有效期"),
])
def test_real_slips_are_still_mended(typed, meant):
    assert meant in get_index().speller.correct(normalise(typed))
