"""The self-check: where an applicant stands against articles 3, 5, 6 and an annex table.

Platform-free (no Flask, no bot imports); the web wizard, POST /api/v1/self-check
and the chat bot are presentations of the same graph, validation and scoring.

Data (editable by the office, loaded strictly at start-up):
    guidance/data/scoring/annex-N.yaml   one scoring reference per table row (all `assumption: true`)
    guidance/data/selfcheck/plan.yaml    article 9 materials and construction-plan outline per type

Listing questions (answers are keyed by question name, never by position):
    from guidance.selfcheck import flow, present
    flow.questions_for(["deep_application"])      # [Question(name, kind, ref, zone_type, input, choices)]
    present.question_dict(q, "zh_CN")             # prompt, exact quote of the draft, unit, min/max, choices
    present.indicator_table("tech_empowerment", "en")   # a table with its scoring references
Walking the graph one page at a time (what a wizard or a chat does):
    flow.current_node(answers)          # first page still to answer, or "result" / "not_eligible"
    flow.all_nodes()[name].questions    # the questions of page `name`
    flow.next_node(name, answers), flow.previous_node(name, answers), flow.reachable(name, answers)
    flow.planned_nodes(answers)         # the pages still ahead and behind, for "step 3 of 8"
Validating:
    validation.validate_value(question, raw)   # (clean, None) or (None, (msgid, params))
    validation.check_node(page, raw)           # clean dict, or raises ValidationFailed([FieldError])
    validation.validate_answers(raw)           # a whole set along the path, all errors at once
    Error messages are English msgids: translate with consultation.i18n.gettext(locale, msgid, **params).
Scoring (pure):
    result = scoring.run(raw_answers)           # validate + evaluate -> SelfCheckResult (exact Fractions)
    present.result_dict(result, "zh_CN")       # translated, JSON-ready; always carries the disclaimer
Saving (guidance.models.SavedSelfCheck, private link, no account):
    store.create(session, {"zone_types": [...]}, now=...) -> (record, token)
    store.load(session, token); store.save_node(session, record, page, raw, now=...)
    store.update(session, record, {name: value, ...}, now=...)
Reports: docx_report.build(present.result_dict(...), locale, title) -> .docx bytes.
Command line: consult self-check check-data | questions --zone-type T | score answers.yaml [--json].

Every result is labelled "self-assessment for reference, not the official evaluation"
(仅供自评参考,不代表正式评估结果): the draft prints maximum points but no formula.
"""
