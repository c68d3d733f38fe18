"""Exports of a consultation's feedback, for the drafting office.

- `feedback_form`: one submission as the official 征求意见反馈信息表 (DOCX).
- `tabular`: every comment as CSV or XLSX, in the draft's order.
- `summary`: the adoption summary (意见采纳情况汇总表) as DOCX and XLSX.
- `archive`: the whole consultation as JSON, and `import_json` to restore it.
- `retention`: purging contact details after the retention period.

Personal data (name, organisation, phone, email) appears only in the feedback
form (for the office and the submitter) and where `with_contacts=True`.
"""
