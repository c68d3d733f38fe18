"""Build consultation/data/anhui-ai-2025.yaml from the seed text.

Kept for provenance: the data file is the product's content and is what the
service loads; this script shows how each quoted string was taken from the
published text so a reviewer can re-derive it. The annex tables are typed in
below because the seed's table extraction is too broken to parse reliably;
their texts are copied from the seed character for character.
"""
import re
import sys
from pathlib import Path

import yaml

SEED = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/seed/000_f7f5b2bfdd46f341.txt")
OUT = Path(__file__).resolve().parent.parent / "consultation" / "data" / "anhui-ai-2025.yaml"

CN_NUM = "一二三四五六七八九十"


def cn(n: int) -> str:
    if n <= 10:
        return CN_NUM[n - 1]
    return "十" + CN_NUM[n - 11]


text = SEED.read_text(encoding="utf-8")
lines = text.split("\n")

# The seed breaks one sentence of article 3 across two lines ("研发设" / "计").
start = lines.index("附件1")
draft_lines = lines[start:lines.index("附件:1.人工智能深度应用示范区创建指标表")]
joined = []
for line in draft_lines:
    if joined and line and not re.match(r"^(第.+?[章条]|\(|\d\.|附件)", line):
        joined[-1] += line
    else:
        joined.append(line)

chapters = []
for line in joined:
    m = re.match(r"^第([一二三四五])章(.+)$", line)
    if m:
        chapters.append({"number": CN_NUM.index(m.group(1)) + 1, "label": f"第{m.group(1)}章", "title": m.group(2), "articles": []})
        continue
    m = re.match(r"^第([一二三四五六七八九十]+)条(.*)$", line)
    if m:
        num = next(i for i in range(1, 16) if cn(i) == m.group(1))
        body = m.group(2)
        art = {"number": num, "label": f"第{m.group(1)}条"}
        if body in ("通用条件", "分类条件"):
            art["title"] = body
            art["text"] = ""
        else:
            art["text"] = body
        art["items"] = []
        chapters[-1]["articles"].append(art)
        continue
    m = re.match(r"^\(([一二三])\)(.*)$", line)
    if m and chapters:
        art = chapters[-1]["articles"][-1]
        art["items"].append({"label": f"({m.group(1)})", "text": m.group(2), "items": []})
        continue
    m = re.match(r"^(\d)\.(.*)$", line)
    if m and chapters:
        item = chapters[-1]["articles"][-1]["items"][-1]
        item["items"].append({"label": f"{m.group(1)}.", "text": m.group(2)})

for ch in chapters:
    for art in ch["articles"]:
        for item in art["items"]:
            if not item["items"]:
                del item["items"]
        if not art["items"]:
            del art["items"]

assert sum(len(c["articles"]) for c in chapters) == 15


def row(n, l1, l2, l3, method, points):
    return {"number": n, "category": l1, "group": l2, "indicator": l3, "method": method, "points": points}


Q, L, LQ = "定量", "定性", "定性+定量"
annex_1_rows = [
    row(1, "产业基础", "制造业发展基础", "规模以上制造业企业数量(个)", Q, 4),
    row(2, "产业基础", "制造业发展基础", "规模以上制造业企业营收(亿元)", Q, 4),
    row(3, "产业基础", "智能化基础", "省级及以上数字化转型示范项目企业数量(个)", Q, 4),
    row(4, "产业基础", "智能化基础", "国家级智能制造领域专精特新 “小巨人”企业数量(个)", Q, 4),
    row(5, "产业基础", "智能化基础", "制造业单项冠军企业数量(个)", Q, 4),
    row(6, "应用水平", "人工智能技术应用广度", "应用人工智能技术的技改项目占比(%)", Q, 6),
    row(7, "应用水平", "人工智能技术应用广度", "省级及以上人工智能典型应用场景/标杆项目数量(个)", Q, 8),
    row(8, "应用水平", "人工智能技术应用广度", "使用工业大模型应用的企业数量(个)", Q, 6),
    row(9, "应用水平", "人工智能技术应用深度", "在3个(含)以上生产经营环节深度应用人工智能的企业数量(个)", Q, 6),
    row(10, "应用水平", "人工智能技术应用深度", "工业大模型开发数量(个)", Q, 6),
    row(11, "应用水平", "人工智能技术应用深度", "省级及以上智能工厂数量(个)", Q, 8),
    row(12, "生态建设", "公共平台建设", "省级及以上工业互联网平台数量(个)", Q, 3),
    row(13, "生态建设", "公共平台建设", "省级及以上人工智能公共算力 、开放创新平台建设情况", LQ, 3),
    row(14, "生态建设", "工业数据创新应用", "工业高质量数据集建设情况", LQ, 4),
    row(15, "生态建设", "工业数据创新应用", "工业数据创新应用情况", LQ, 4),
    row(16, "生态建设", "算力基础设施", "区域智能算力供给能力(PFLOPS )", Q, 4),
    row(17, "生态建设", "算力基础设施", "企业获取算力服务的便利性与成本", L, 4),
    row(18, "生态建设", "交流与合作", "举办人工智能应用专题活动 、供需对接活动,以及AI与工业融合相关培训 、供需对接等活动情况", LQ, 3),
    row(21, "支撑保障", "政策支持", "已出台发展方案及专项政策情况", LQ, 5),
    row(22, "支撑保障", "组织保障", "专门管理机构和人员配备情况", L, 5),
    row(23, "支撑保障", "组织保障", "分析监测体系建设情况", L, 5),
]
annex_2_rows = [
    row(1, "产业基础", "智能产品产业规模", "智能产品制造企业数量(个)", Q, 6),
    row(2, "产业基础", "智能产品产业规模", "智能产品产业营业收入(亿元)", Q, 3),
    row(3, "产业基础", "智能产品产业规模", "智能产品产业利润总额(亿元)", Q, 3),
    row(4, "产业基础", "优质企业集聚", "智能产品领域制造业单项冠军企业数量(个)", Q, 6),
    row(5, "产业基础", "优质企业集聚", "智能产品领域专精特新企业数量(个)", Q, 6),
    row(6, "产业基础", "优质企业集聚", "智能产品领域高新技术企业数量(个)", Q, 6),
    row(7, "创新能力", "研发投入", "规模以上企业研发费用占营业收入比重(%)", Q, 3),
    row(8, "创新能力", "研发投入", "研发人员占比(%)", Q, 3),
    row(9, "创新能力", "研发投入", "每亿元研发经费产生的发明专利数(件)", Q, 3),
    row(10, "创新能力", "创新平台", "省级及以上制造业创新中心数量(个)", Q, 4),
    row(11, "创新能力", "创新平台", "省级及以上企业技术中心数量(个)", Q, 3),
    row(12, "创新能力", "创新平台", "省级及以上重点实验室数量(个)", Q, 3),
    row(13, "创新能力", "创新平台", "产学研合作基地数量(个)", Q, 3),
    row(14, "创新能力", "知识产权", "智能产品领域发明专利授权量(件)", Q, 4),
    row(15, "创新能力", "知识产权", "参与制定智能产品相关标准数量(个)", Q, 3),
    row(16, "创新能力", "产品水平", "达到国际先进水平的“三首”智能产品数量(个)", Q, 3),
    row(17, "创新能力", "产品水平", "获得省级及以上“三首”认定的产品数量(个)", Q, 3),
    row(18, "产业生态", "产业链完善度", "智能产品关键零部件本地配套情况", L, 3),
    row(19, "产业生态", "产业链完善度", "产业链上下游企业协作情况", L, 2),
    row(20, "产业生态", "产业链完善度", "产业联盟和行业协会建设情况", LQ, 2),
    row(21, "产业生态", "产业服务", "产品质量检验检测平台数量(个)", Q, 3),
    row(22, "产业生态", "产业服务", "中试验证平台数量(个)", Q, 2),
    row(23, "产业生态", "产业服务", "技术成果转化服务平台数量(个)", Q, 3),
    row(24, "产业生态", "市场推广", "智能产品市场占有率(%)", Q, 3),
    row(25, "产业生态", "市场推广", "参与国内外展会情况", LQ, 2),
    row(26, "支撑保障", "政策支持", "已出台智能产品产业发展专项政策情况", LQ, 2),
    row(27, "支撑保障", "政策支持", "产品应用推广支持政策情况", LQ, 3),
    row(28, "支撑保障", "组织保障", "专门管理机构和人员配备情况", L, 5),
    row(29, "支撑保障", "组织保障", "分析监测体系建设情况", L, 5),
]
annex_3_rows = [
    row(2, "产业基础", "人工智能产业规模", "人工智能规上企业数量(个)", Q, 4),
    row(3, "产业基础", "人工智能产业规模", "人工智能产业营收(亿元)", Q, 3),
    row(4, "产业基础", "人工智能产业规模", "人工智能产业营收增速(%)", Q, 3),
    row(5, "产业基础", "优质企业集聚", "人工智能领域独角兽和瞪羚企业数量(个)", Q, 5),
    row(6, "产业基础", "优质企业集聚", "人工智能领域专精特新企业数量(个)", Q, 5),
    row(7, "产业基础", "优质企业集聚", "人工智能领域高新技术企业数量(个)", Q, 5),
    row(8, "服务输出能力", "平台服务能力", "重大人工智能开放平台建设情况", Q, 10),
    row(9, "服务输出能力", "平台服务能力", "平台服务企业数量(个)", Q, 10),
    row(10, "服务输出能力", "生态构建能力", "主导或参与建设产业联盟、行业协会数量(个)", Q, 6),
    row(11, "服务输出能力", "生态构建能力", "举办人工智能技术推广、培训活动情况", LQ, 4),
    row(12, "创新支撑", "研发创新", "人工智能领域研发投入占营业收入比重(%)", Q, 4),
    row(13, "创新支撑", "研发创新", "参与制定人工智能相关标准数量(个)", Q, 6),
    row(14, "创新支撑", "创新平台", "省级及以上人工智能重点实验室、创新中心数量(个)", Q, 6),
    row(15, "创新支撑", "创新平台", "概念验证、中试验证平台数量(个)", Q, 4),
    row(16, "创新支撑", "优质项目", "人工智能项目投资增速(%)", Q, 4),
    row(17, "创新支撑", "优质项目", "科技成果转化项目数量(个)", Q, 6),
    row(18, "支撑保障", "政策支持", "已出台人工智能产业发展专项政策情况", LQ, 2),
    row(19, "支撑保障", "政策支持", "技术对外赋能支持政策情况", LQ, 3),
    row(20, "支撑保障", "组织保障", "专门管理机构和人员配备情况", L, 5),
    row(21, "支撑保障", "组织保障", "分析监测体系建设情况", L, 5),
]


def cats(*specs):
    return [{"name": n, "heading": h, "points": p} for n, h, p in specs]


annexes = [
    {
        "number": 1,
        "label": "附件1",
        "title": "人工智能深度应用示范区创建指标表",
        "zone_type": "deep_application",
        "categories": cats(("产业基础", "产业基础(20分)", 20), ("应用水平", "应用水平(40分)", 40),
                           ("生态建设", "生态建设(25分)", 25), ("支撑保障", "支撑保障( 15分)", 15)),
        "rows": annex_1_rows,
        "notes": ["注:通过开源参与研发或者拥有相关产权的企业 ,均为工业大模型开发者。"],
    },
    {
        "number": 2,
        "label": "附件2",
        "title": "人工智能产品创新示范区创建指标表",
        "zone_type": "product_innovation",
        "categories": cats(("产业基础", "产业基础(30分)", 30), ("创新能力", "创新能力(35分)", 35),
                           ("产业生态", "产业生态(20分)", 20), ("支撑保障", "支撑保障( 15分)", 15)),
        "rows": annex_2_rows,
        "notes": ["注:1.涉及营收数据统计范围只限定规上企业 。2.智能产品为涉及人工智能技术应用的各类软硬件产品 。"],
    },
    {
        "number": 3,
        "label": "附件3",
        "title": "人工智能技术赋能示范区创建指标表",
        "zone_type": "tech_empowerment",
        "categories": cats(("产业基础", "产业基础(25分)", 25), ("服务输出能力", "服务输出 能力(30 分)", 30),
                           ("创新支撑", "创新支撑(30分)", 30), ("支撑保障", "支撑保障( 15分)", 15)),
        "rows": annex_3_rows,
        "notes": ["注:人工智能企业是指从事人工智能(AI)技术研发、应用和推广AI相关技术及产品的企业,包括但不限于算法开发、软硬件研制、应用集成、数据和算力支撑、安全保障等方面。"],
    },
]

expl_start = lines.index("关于安徽省人工智能赋能新型工业化示范区建设导则起草情况的说明")
expl = lines[expl_start + 1:]
sections = []
for line in expl:
    if not line.strip():
        continue
    if re.match(r"^[一二三四]、", line):
        sections.append({"heading": line, "paragraphs": []})
    else:
        sections[-1]["paragraphs"].append(line)

data = {
    "id": "anhui-ai-industrialization-2025",
    "title": "安徽省人工智能赋能新型工业化示范区建设导则(征求意见稿)",
    "short_title": "安徽省人工智能赋能新型工业化示范区建设导则",
    "publisher": "安徽省工业和信息化厅",
    "publisher_en": "Anhui Provincial Department of Industry and Information Technology",
    "timezone": "Asia/Shanghai",
    "window": {"opens": "2025-11-18", "closes": "2025-12-17"},
    "mailbox": "chenwubiao@ahjxw.gov.cn",
    "email_subject": "关于安徽省人工智能赋能新型工业化示范区建设导则的意见建议",
    "feedback_form": "征求意见反馈信息表",
    "valid_until": "2027-12-31",
    "notice": {
        "paragraphs": lines[0:2],
        "attachments": [lines[2].removeprefix("附件:"), lines[3]],
        "signature": lines[4],
        "date": lines[5],
    },
    "document": {
        "title": "安徽省人工智能赋能新型工业化示范区建设导则",
        "subtitle": "(征求意见稿)",
        "chapters": chapters,
        "annex_list": ["人工智能深度应用示范区创建指标表", "人工智能产品创新示范区创建指标表", "人工智能技术赋能示范区创建指标表"],
    },
    "annexes": annexes,
    "explanation": {"title": lines[expl_start], "sections": sections},
    "findings": [
        {"ref": "notice", "code": "mailbox-space",
         "zh": "通知中印刷的邮箱地址“chenwubiao@ ahjxw.gov.cn”在“@”后多一个空格,本服务按 chenwubiao@ahjxw.gov.cn 使用。",
         "en": "The mailbox printed in the notice, \"chenwubiao@ ahjxw.gov.cn\", has a stray space after \"@\"; the service uses chenwubiao@ahjxw.gov.cn."},
        {"ref": "art-3", "code": "zone-types-under-subjects",
         "zh": "第三条正文规定创建主体,但其(一)至(三)项列举的是三类示范区,条文主题与列项不一致。",
         "en": "Article 3 defines the applying entities, but its items (一) to (三) list the three zone types; the article's subject and its items do not match."},
        {"ref": "art-6.1.1", "code": "stage-names-differ",
         "zh": "第六条(一)1.所列环节(“销售服务”“生产节能”)与第三条(一)(“营销服务”“节能降碳”)用语不一致。",
         "en": "Article 6 (一) 1. names stages (销售服务, 生产节能) differently from article 3 (一) (营销服务, 节能降碳)."},
        {"ref": "annex-2", "code": "annex-label-missing",
         "zh": "附件2、附件3的指标表正文前未印“附件2”“附件3”字样。",
         "en": "The tables of annexes 2 and 3 are printed without their \"附件2\"/\"附件3\" labels."},
        {"ref": "annex-3/8", "code": "method-mismatch",
         "zh": "附件3第8项“重大人工智能开放平台建设情况”为情况描述,却标注为“定量”。",
         "en": "Annex table 3 row 8 (重大人工智能开放平台建设情况) describes a situation but is marked quantitative (定量)."},
    ],
}

OUT.write_text("# Generated by tools/build_draft_data.py from the published text; quoted strings are exact.\n"
               + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
print(OUT)
