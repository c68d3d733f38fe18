"""A large, realistic consultation for benchmarks: shared by the exports and the office benchmarks.

`populate(services, submissions=20000, comments_per=5, seed=...)` is the one generator, so every figure in
bench/README.md is measured on the same data. It bulk-inserts straight into `submissions` and `comments`
(no outbox rows, no validation: minutes → seconds) and returns a `Populated` summary. About 6 % of the
comments belong to campaigns (30-copy groups of one text with light edits: a changed particle, an added
phrase, different punctuation) so duplicate detection has something real to find; the rest are distinct.
Comments are spread over the commentable nodes with more weight on articles 3, 5, 6 and the annex rows,
and over the days of the window. `large_consultation` gives a benchmark its command-line options and a
throw-away database holding that consultation.

    from bench.dataset import populate
    populate(services)               # 20,000 submissions × 5 comments = 100,000 comments
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import random
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert

from consultation.config import Settings
from consultation.db import scratch_database
from consultation.models import Comment, Submission
from consultation.services import Services

OPEN_NOW = "2025-12-18T10:00:00+08:00"  # the day after the window closed: every comment is in

CHANNELS = ["web"] * 70 + ["api"] * 5 + ["telegram"] * 10 + ["wechat"] * 15
CATEGORIES = ["individual"] * 40 + ["enterprise"] * 35 + ["government"] * 10 + ["academic"] * 8 + \
    ["association"] * 5 + ["other"] * 2
KINDS = ["amend"] * 45 + ["add"] * 15 + ["delete"] * 8 + ["support"] * 12 + ["other"] * 20
SUBJECTS = ["示范区", "创建主体", "开发区", "工业大模型", "智能工厂", "算力", "数据集", "专精特新企业", "评估机制",
            "申报材料", "指标", "分值", "公共服务平台", "标杆企业", "中试验证", "高新技术企业", "产业生态", "退出机制"]
VERBS = ["建议增加", "建议删除", "建议明确", "建议细化", "建议调整", "建议补充", "建议放宽", "建议提高", "建议降低"]
OBJECTS = ["的认定标准", "的统计口径", "的适用范围", "的考核周期", "的权重", "的申报条件", "的定义", "的数据来源",
           "的评分方法", "的支持政策"]
REASONS = ["便于基层操作。", "与国家相关文件保持一致。", "有利于中小企业参与。", "现有表述容易产生歧义。",
           "部分地区难以达到该要求。", "数据难以获取和核实。", "更好体现区域特色。", "避免重复评价。",
           "与第五条的表述不一致。", "提高评价的客观性。"]
EXTRAS = ["此外", "同时", "另外", "具体而言", "从实践看", "考虑到", "结合我省实际", "参照兄弟省份做法"]
CAMPAIGN_SIZE = 30


@dataclass
class Populated:
    submissions: int
    comments: int
    campaigns: int
    campaign_comments: int


def _sentence(rnd: random.Random) -> str:
    return (f"{rnd.choice(VERBS)}{rnd.choice(SUBJECTS)}{rnd.choice(OBJECTS)},"
            f"{rnd.choice(EXTRAS)}{rnd.choice(SUBJECTS)}应当{rnd.choice(['分类', '分级', '动态', '定期'])}"
            f"{rnd.choice(['评估', '认定', '管理', '统计'])}(编号{rnd.randrange(10**6):06d})。")


def _lightly_edited(text: str, rnd: random.Random) -> str:
    edits = [lambda t: t.replace(",", ",", 1), lambda t: t.replace("应当", "应", 1),
             lambda t: t + rnd.choice(["谢谢。", "请予考虑。", ""]), lambda t: rnd.choice(EXTRAS) + "," + t]
    return rnd.choice(edits)(text)


def populate(services, submissions: int = 20000, comments_per: int = 5, seed: int = 20251118,
             campaign_share: float = 0.06, batch: int = 5000) -> Populated:
    rnd = random.Random(seed)
    consultation = services.consultation
    refs = consultation.commentable_refs
    weights = [5 if r in ("art-3", "art-5", "art-6") or r.startswith(("art-3.", "art-5.", "art-6."))
               else 2 if "/" in r else 1 for r in refs]
    quotes = {r: consultation.quote(r) for r in refs}
    opens = consultation.opens_at
    span = int((consultation.closes_at - opens).total_seconds()) - 1
    total = submissions * comments_per
    campaigns = int(total * campaign_share) // CAMPAIGN_SIZE
    campaign_texts = [(rnd.choices(refs, weights)[0], _sentence(rnd), rnd.choice(REASONS)) for _ in range(campaigns)]
    campaign_slots = set(rnd.sample(range(total), campaigns * CAMPAIGN_SIZE))
    campaign_cycle = [i for i in range(campaigns) for _ in range(CAMPAIGN_SIZE)]
    rnd.shuffle(campaign_cycle)
    next_campaign = iter(campaign_cycle)

    sub_rows, com_rows = [], []
    comment_no = 0
    with services.engine.begin() as conn:
        for i in range(1, submissions + 1):
            created = opens + dt.timedelta(seconds=rnd.randrange(span))
            category = rnd.choice(CATEGORIES)
            sub_rows.append(dict(
                id=i, reference=f"BN{i:06d}-{rnd.randrange(36**4):04X}", consultation_id=consultation.id,
                channel=rnd.choice(CHANNELS), locale="zh_CN" if rnd.random() < 0.95 else "en", category=category,
                name=f"测试用户{i}", organisation=None if category == "individual" else f"安徽测试单位{i % 977}",
                phone=f"+86138{i:08d}", email=f"user{i}@example.com" if rnd.random() < 0.7 else None,
                consent=True, consent_at=created, created_at=created))
            for position in range(comments_per):
                if comment_no in campaign_slots:
                    ref, proposal, reason = campaign_texts[next(next_campaign)]
                    proposal = _lightly_edited(proposal, rnd)
                else:
                    ref = rnd.choices(refs, weights)[0]
                    proposal, reason = _sentence(rnd), rnd.choice(REASONS)
                comment_no += 1
                node = consultation.nodes[ref]
                com_rows.append(dict(
                    id=comment_no, submission_id=i, consultation_id=consultation.id, position=position,
                    target_ref=ref, kind=rnd.choice(KINDS), original_text=quotes[ref], proposal=proposal,
                    reason=reason, created_at=created,
                    proposed_points=rnd.randrange(0, 11) if node.kind == "row" and rnd.random() < 0.3 else None))
            if len(sub_rows) >= batch // comments_per or i == submissions:
                conn.execute(insert(Submission), sub_rows)
                conn.execute(insert(Comment), com_rows)
                sub_rows, com_rows = [], []
        if conn.dialect.name == "postgresql":
            from sqlalchemy import text

            for table in ("submissions", "comments"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))
    return Populated(submissions, comment_no, campaigns, campaigns * CAMPAIGN_SIZE)


def large_consultation_options(description: str, runs: int) -> argparse.ArgumentParser:
    """The options of a benchmark on `populate`'s consultation: which database, how large, how many runs."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default="postgresql://127.0.0.1/test")
    parser.add_argument("--submissions", type=int, default=20000)
    parser.add_argument("--comments-per", type=int, default=5)
    parser.add_argument("--runs", type=int, default=runs)
    return parser


@dataclass
class LargeConsultation:
    services: Services
    populated: Populated
    seconds: float  # how long `populate` took
    folder: Path  # the instance folder (and the SQLite file's)
    url: str


@contextlib.contextmanager
def large_consultation(args, name: str):
    """A throw-away database (`args.db`, dropped afterwards) holding `populate`'s consultation of the size
    `args` asks for, with Services on it at OPEN_NOW."""
    folder = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
    with scratch_database(args.db, folder, args.pg_url, prefix=f"bench_{name}") as url:
        services = Services(Settings.from_env(instance=folder, database_url=url, secret_key="bench",
                                              consult_now=OPEN_NOW))
        try:
            start = time.perf_counter()
            info = populate(services, submissions=args.submissions, comments_per=args.comments_per)
            yield LargeConsultation(services, info, time.perf_counter() - start, folder, url)
        finally:
            services.engine.dispose()
