"""Varied, realistic Chinese comments for the duplicate tests (deterministic)."""
from __future__ import annotations

import random

ARTICLES = ["第三条", "第五条", "第六条", "第八条", "第九条", "第十条", "第十一条", "第十二条", "第十三条", "附件1第7项",
            "附件2第16项", "附件3第8项", "第四条", "第七条", "第十五条"]
TOPICS = ["创建主体范围", "四至范围的认定", "工业大模型的统计口径", "智能工厂数量指标", "算力供给能力的计量单位",
          "专精特新企业的认定年限", "申报材料的佐证要求", "市工信局初审的时限", "公示期的具体天数", "评估等次的划分标准",
          "整改期限", "撤销称号后的再申报", "中试验证平台的界定", "三首产品的认定范围", "研发投入强度的计算方法",
          "高新技术企业数量的权重", "产业联盟建设情况的评分", "分析监测体系的建设要求", "有效期届满后的衔接安排",
          "县级开发区的参与方式"]
ASKS = ["建议进一步明确", "建议适当放宽", "建议细化说明", "请考虑调整", "希望补充规定", "建议删去关于", "建议增加对",
        "建议统一表述"]
WHY = ["基层在实际操作中难以把握尺度", "欠发达地区的县区很难达到现有门槛", "与国家层面的文件口径不一致",
       "数据来源分散且难以核实", "容易导致重复申报和重复评价", "不利于中小企业参与示范区创建",
       "现行条文存在多种理解", "与第五条通用条件之间的关系不清楚", "缺少可量化的考核依据", "评估周期过短增加企业负担"]
TAILS = ["可参照长三角兄弟省份的做法。", "建议由省工信厅另行制定实施细则。", "以上意见供参考。", "建议在附件中以注释方式说明。",
         "可以设置两年过渡期。", "建议按照定性与定量相结合的方式处理。", "", "并在申报通知中予以明确。"]


def distinct_comments(n: int = 200, seed: int = 7) -> list[str]:
    """n comments (n <= 200), no two sharing both their topic and their reason."""
    rnd = random.Random(seed)
    pairs = [(t, w) for t in TOPICS for w in WHY]
    rnd.shuffle(pairs)
    out = []
    for topic, why in pairs[:n]:
        out.append(f"关于{rnd.choice(ARTICLES)},{rnd.choice(ASKS)}{topic}。理由是{why},{rnd.choice(TAILS)}")
    return out


CAMPAIGN = ("强烈建议将第三条创建主体扩大到省级以下的各类产业园区和特色小镇,因为很多园区虽然不是省级开发区,"
            "但人工智能应用基础很好,如果被排除在外,将挫伤基层积极性,也不符合普惠发展的导向。")


def campaign_copies(n: int = 30, seed: int = 11) -> list[str]:
    rnd = random.Random(seed)
    edits = [lambda t: t.replace(",", ",", 1), lambda t: t.replace("强烈建议", "建议", 1),
             lambda t: t + rnd.choice(["谢谢!", "请予采纳。", "望采纳"]), lambda t: "我单位认为:" + t,
             lambda t: t.replace("很多", "不少", 1), lambda t: t.replace("。", "!"), lambda t: t.replace(" ", "")]
    out = []
    for _ in range(n):
        t = CAMPAIGN
        for edit in rnd.sample(edits, 2):
            t = edit(t)
        out.append(t)
    return out
