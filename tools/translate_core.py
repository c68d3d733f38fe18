"""Chinese for the core area's messages; run after `tools/i18n.py update core`.

Kept as a script so the translations are reviewable in one place; it fills
only empty msgstr entries and never overwrites a translator's edit.
"""
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ZH = {
    "%(num)d comment": ("%(num)d 条意见",),
    "%(num)d day left, today included.": ("还剩 %(num)d 天(含今天)。",),
    "A phone number or an email address, at least one.": "电话或电子邮箱,至少填写一项。",
    "API": "API 接口",
    "About you": "提交人信息",
    "Add": "增加",
    "Add another comment": "再添加一条意见",
    "Add at least one comment.": "请至少填写一条意见。",
    "Agree to the processing of your personal information to send feedback.": "提交意见前,请同意对您的个人信息进行处理。",
    "Amend": "修改",
    "Ask a question": "咨询问题",
    "At most %(max)d comments in one submission.": "每次提交最多 %(max)d 条意见。",
    "Back to the home page": "返回首页",
    "%(office)s runs this consultation. It collects your name, organisation, phone number and email address only with your consent, to understand and, if needed, follow up on your feedback.":
        "本次征求意见由%(office)s组织。经您同意后,我们才收集您的姓名、单位、电话和电子邮箱,仅用于理解您的意见并在必要时与您联系。",
    "By email: write to %(mailbox)s with the subject line “%(subject)s” and the feedback form attached.":
        "通过电子邮件反馈:发送至 %(mailbox)s,邮件主题注明“%(subject)s”,并附《征求意见反馈信息表》。",
    "Channel": "提交渠道",
    "Choose the kind of comment.": "请选择意见类型。",
    "Choose what the comment is about.": "请选择意见针对的条款或指标。",
    "Choose who you are commenting as.": "请选择提交人类别。",
    "Closed": "已截止",
    "Comment": "提意见",
    "Comment %(n)d": "意见 %(n)d",
    "Comment on the draft": "对征求意见稿提意见",
    "Comment on this": "对此提意见",
    "Comments are not being accepted": "当前不接收意见",
    "Comments can be sent once the window opens.": "征求意见开始后即可提交意见。",
    "Consultation window": "征求意见时间",
    "Contact details are deleted after the retention period; the comments and decisions are kept as the record of the consultation.":
        "联系方式在保存期满后删除;意见及处理结果作为征求意见记录予以保留。",
    "Contents": "目录",
    "Decision": "处理结果",
    "Delete": "删除",
    "Demonstration: the date is simulated as %(now)s (Beijing time).": "演示模式:当前日期模拟为 %(now)s(北京时间)。",
    "Each comment must be an object.": "每条意见必须是一个对象。",
    "Email": "电子邮箱",
    "Enterprise": "企业",
    "Error:": "错误:",
    "From %(opens)s to %(last)s, Beijing time.": "%(opens)s 至 %(last)s(北京时间)。",
    "Give a phone number or an email address so the office can reach you.": "请填写电话或电子邮箱,以便起草部门与您联系。",
    "Give a reason or a proposal: an empty comment cannot be considered.": "请填写修改建议或理由:空白意见无法处理。",
    "Give the name of your organisation.": "请填写单位名称。",
    "Give the wording you propose.": "请填写建议的表述。",
    "Give your name.": "请填写姓名。",
    "Government department": "政府部门",
    "Home": "首页",
    "How comments were handled": "意见采纳情况",
    "I agree that my name and contact details are processed to handle this feedback, as described in the":
        "我同意按照以下说明处理我的姓名和联系方式,用于办理本次意见:",
    "If you give one, we send you a receipt.": "填写后,我们将向您发送回执。",
    "Imported": "导入",
    "Individual": "个人",
    "Industry association": "行业协会",
    "Keep this page's address: it is your private link to what you sent. Anyone with the link can read it, so do not share it.":
        "请保存本页地址:这是查看您所提交内容的专用链接。任何持有该链接的人都能查看,请勿外传。",
    "Kind of comment": "意见类型",
    "Language": "语言",
    "Leave empty unless you propose a different number of points for an annex table row.": "仅在建议调整附件指标表某项分值时填写。",
    "Main": "主导航",
    "Name": "姓名",
    "No feedback matches this reference and token.": "没有与该回执编号和凭证相符的意见。",
    "Not found.": "未找到。",
    "Not yet open": "尚未开始",
    "One submission can hold several comments. Fields marked * are required.": "一次提交可包含多条意见。标 * 的为必填项。",
    "Only office staff with the right role can see your contact details; they are never published.": "只有具备相应权限的工作人员才能查看您的联系方式,且绝不公开。",
    "Open": "进行中",
    "Open until %(last)s (Beijing time).": "截止日期:%(last)s(北京时间)。",
    "Organisation": "单位",
    "Original text": "原文",
    "Other": "其他",
    "Other organisation": "其他单位",
    "Page not found": "页面不存在",
    "Part of the draft": "条款或指标",
    "Phone": "电话",
    "Points can only be proposed for an indicator row.": "只有指标表中的指标项才能建议分值。",
    "Points must be a whole number.": "分值必须是整数。",
    "Points must be between 0 and %(max)d, the table's total.": "分值必须在 0 到 %(max)d(该表总分)之间。",
    "Printed points: %(points)d": "原定分值:%(points)d",
    "Privacy notice": "个人信息保护说明",
    "Proposed points": "建议分值",
    "Proposed points (indicator rows only)": "建议分值(仅限指标项)",
    "Proposed wording": "修改建议",
    "Public consultation": "公开征求意见",
    "Read the draft": "阅读征求意见稿",
    "Reason": "理由",
    "Receipt %(reference)s": "回执 %(reference)s",
    "Received": "收到时间",
    "Remove comment %(n)d": "删除意见 %(n)d",
    "Required unless you comment as an individual.": "以个人身份提交时可不填。",
    "Required when you propose to amend or add text.": "意见类型为修改或增加时必填。",
    "Self-check": "自评",
    "Self-check before applying": "申报前自评",
    "Send feedback": "提交意见",
    "Sent as": "提交人类别",
    "Skip to content": "跳到正文",
    "Support": "赞同",
    "Telegram": "Telegram",
    "Tell us who is sending the feedback.": "请填写提交人信息。",
    "Thank you: your feedback was received": "感谢您:意见已收到",
    "The Anhui Provincial Department of Industry and Information Technology asks for public comment on this draft guideline.":
        "安徽省工业和信息化厅就本导则征求意见稿向社会公开征求意见。",
    "The consultation closed on %(last)s (Beijing time); comments are no longer accepted and nothing was stored. For questions, write to %(mailbox)s.":
        "征求意见已于 %(last)s(北京时间)截止,不再接收意见,本次内容未保存。如有问题,请发送邮件至 %(mailbox)s。",
    "The consultation is not open yet: it runs from %(opens)s to %(last)s (Beijing time). Nothing was stored. You can write to %(mailbox)s.":
        "征求意见尚未开始:时间为 %(opens)s 至 %(last)s(北京时间)。本次内容未保存。您也可以发送邮件至 %(mailbox)s。",
    "The feedback has errors; nothing was stored.": "意见存在错误,未保存任何内容。",
    "The form could not be checked (its security token was missing or wrong). Nothing was saved. Go back, reload the page and send it again.":
        "表单无法校验(安全令牌缺失或错误),未保存任何内容。请返回、刷新页面后重新提交。",
    "The notice": "征求意见通知",
    "The official text is in Chinese and is shown as published.": "The official text is in Chinese and is shown as published.",
    "The published summary of how comments were handled shows the comments and decisions, never who sent them.": "公布的意见采纳情况只列出意见及处理结果,不显示提交人。",
    "The request body must be a JSON object.": "请求体必须是 JSON 对象。",
    "The request is too large.": "请求过大。",
    "The request is too large. Nothing was saved.": "请求过大,未保存任何内容。",
    "The window has closed. You can still read the draft, ask questions about it and check your area against the conditions.":
        "征求意见已截止。您仍可阅读征求意见稿、咨询相关问题,并对照创建条件进行自评。",
    "The window was extended to %(day)s: %(reason)s": "征求意见截止时间已延长至 %(day)s:%(reason)s",
    "There is a problem": "请修改以下问题",
    "There is nothing at this address.": "此地址没有内容。",
    "This does not look like a phone number.": "电话号码格式不正确。",
    "This does not look like an email address.": "电子邮箱格式不正确。",
    "To see, correct or delete your data, write to %(mailbox)s with your receipt reference.": "如需查阅、更正或删除您的信息,请附回执编号发送邮件至 %(mailbox)s。",
    "Too large": "内容过大",
    "Too long: at most %(max)d characters (you sent %(got)d).": "内容过长:最多 %(max)d 个字符(您填写了 %(got)d 个)。",
    "University or research institute": "高校或科研院所",
    "Unknown part of the draft: %(ref)s.": "征求意见稿中没有该部分:%(ref)s。",
    "WeChat": "微信",
    "Web form": "网页表单",
    "You are commenting as": "提交人类别",
    "You can still read the draft, ask questions about it and check your area against the conditions.": "您仍可阅读征求意见稿、咨询相关问题,并对照创建条件进行自评。",
    "Your form expired": "表单已失效",
    "Your receipt reference": "您的回执编号",
    "privacy notice": "个人信息保护说明",
    "— choose —": "— 请选择 —",
}
ZH["The official text is in Chinese and is shown as published."] = "正式文本为中文,按发布原文显示。"


def fill(area: str, table: dict) -> int:
    po = Path(__file__).resolve().parent.parent / "locales" / area / "zh_CN" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as f:
        catalog = read_po(f, locale="zh_CN")
    missing = 0
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        current = message.string if isinstance(message.string, tuple) else (message.string,)
        if all(current):
            continue
        if key not in table:
            print("missing:", key)
            missing += 1
            continue
        value = table[key]
        message.string = value if isinstance(message.id, tuple) else value
        message.flags.discard("fuzzy")
    with po.open("wb") as f:
        write_po(f, catalog, width=0)
    return missing


if __name__ == "__main__":
    sys.exit(1 if fill("core", ZH) else 0)
