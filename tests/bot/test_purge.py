"""Unconsented personal details in chat drafts are purged after the retention period (real clock)."""
from __future__ import annotations

import datetime as dt

from click.testing import CliRunner
from sqlalchemy import select

from bot.models import BotUser
from bot.purge import purge_unconsented_drafts

WHO = {"category": "individual", "name": "李四", "organisation": "某公司", "phone": "13800138000"}


def _add(services, user_id, *, consent, idle_days):
    with services.session() as s:
        s.add(BotUser(platform="telegram", user_id=user_id, state={"step": "idle"}, events=1,
                      draft={"key": "k", "comments": [{"target": "art-3", "kind": "support"}], "who": dict(WHO),
                             "consent": consent},
                      updated_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=idle_days)))
        s.commit()


def _who(services, user_id):
    with services.session() as s:
        user = s.scalars(select(BotUser).where(BotUser.user_id == user_id)).one()
        return user.draft["who"], user.draft["comments"]


def test_only_old_unconsented_drafts_lose_their_personal_details(services):
    _add(services, "p-old", consent=False, idle_days=8)
    _add(services, "p-recent", consent=False, idle_days=2)
    _add(services, "p-consented", consent=True, idle_days=30)
    with services.session() as s:
        assert purge_unconsented_drafts(s).drafts == 1  # default retention: 7 days
    who, comments = _who(services, "p-old")
    assert who == {"category": "individual"} and comments == [{"target": "art-3", "kind": "support"}]
    assert _who(services, "p-recent")[0] == WHO
    assert _who(services, "p-consented")[0] == WHO


def test_purge_contacts_command_purges_drafts_and_refuses_an_unknown_consultation(services, tmp_path):
    from commands import main

    _add(services, "p-cli", consent=False, idle_days=10)
    env = {"DATABASE_URL": services.settings.database_url, "SECRET_KEY": services.settings.secret_key,
           "CONSULT_INSTANCE": str(tmp_path), "CONSULT_NOW": "2025-11-20T10:00:00+08:00",
           "BOT_DRAFT_RETENTION_DAYS": "9"}
    runner = CliRunner()
    for wrong in ("anhui-ai-2025", "no-such-consultation"):
        refused = runner.invoke(main, ["purge-contacts", "--consultation", wrong, "--older-than", "180"], env=env)
        assert refused.exit_code != 0 and "anhui-ai-industrialization-2025" in refused.output
        assert _who(services, "p-cli")[0] == WHO  # nothing changed
    done = runner.invoke(main, ["purge-contacts", "--consultation", services.consultation.id,
                                "--older-than", "180"], env=env)
    assert done.exit_code == 0, done.output
    assert "1 unconsented chat drafts" in done.output
    assert _who(services, "p-cli")[0] == {"category": "individual"}
