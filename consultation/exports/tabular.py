"""Every comment of a consultation as CSV or XLSX, in the draft's order.

Rows come from one streamed query ordered by the node's position in the draft
(a CASE over the references), then time, then submission and position, so the
export never holds all comments in memory. The XLSX is written with openpyxl's
write-only mode: a summary sheet, then one sheet per part of the draft (the
notice and whole draft, each chapter, each annex table, the explanation).

Personal data only for a reader who sees it: name, phone and email with `with_contacts=True`; the organisation
(提出单位) of an individual (their employer) with `personal=True`, which an export with contacts implies
(consultation/office/visibility.py is the rule). An enterprise's or other body's organisation is not personal.
Comments of a withdrawn submission are listed, so the record of what was received is complete, but
marked: the "withdrawn" column gives when, the outcome column says so instead of "pending", and the
summary sheet does not count them (consultation.amendments.considered is the rule).
Cells that a spreadsheet would run as a formula are neutralised (see `cells`).
"""
from __future__ import annotations

import csv
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from consultation.amendments import considered
from consultation.document import Consultation
from consultation.i18n import N_, normalise_locale
from consultation.models import Comment, Submission
from consultation.office import visibility
from consultation.references import label as node_label

from . import cells
from . import text as T
from .decisions import Decisions, load_decisions, outcome_label
from .fast_xlsx import fast_rows

BASE_COLUMNS = ("no", "ref", "label", "original", "kind", "proposal", "reason", "printed_points", "proposed_points",
                "category", "organisation", "channel", "received", "submission", "group", "group_size", "outcome",
                "decision_reason", "withdrawn")
CONTACT_COLUMNS = ("name", "phone", "email")  # the organisation (提出单位) is a base column, null where hidden
WIDTHS = {"no": 7, "ref": 12, "label": 18, "original": 40, "kind": 8, "proposal": 50, "reason": 40,
          "printed_points": 8, "proposed_points": 8, "category": 12, "channel": 10, "received": 19,
          "submission": 16, "group": 12, "group_size": 8, "outcome": 10, "decision_reason": 30, "withdrawn": 16,
          "name": 10,
          "organisation": 24, "phone": 16, "email": 26}

SUMMARY_SHEET = N_("Summary")
NOTICE_SHEET = N_("Notice and whole draft")
EXPLANATION_SHEET = N_("Explanation")
OTHER_SHEET = N_("Other")
SUMMARY_TITLE = N_("Comments on the %(title)s")
SUMMARY_EXPORTED = N_("Exported (Beijing time)")
SUMMARY_SUBMISSIONS = N_("Submissions")
SUMMARY_COMMENTS = N_("Comments")
SUMMARY_SHEET_COL = N_("Sheet")
SUMMARY_AFTER_MERGING = N_("After merging duplicates")
SUMMARY_UNDECIDED = N_("Undecided")
SUMMARY_PERSONAL = N_("Contains personal data: keep within the drafting office.")
SUMMARY_WITHDRAWN = N_("Withdrawn by the submitter (listed, marked, not counted)")
WITHDRAWN_OUTCOME = N_("Withdrawn: not to be considered")


def columns(with_contacts: bool) -> tuple[str, ...]:
    return BASE_COLUMNS + (CONTACT_COLUMNS if with_contacts else ())


def headers(locale: str, with_contacts: bool) -> list[str]:
    return [T.t(locale, T.HEADERS[c]) for c in columns(with_contacts)]


def draft_order(consultation: Consultation, column=None):
    """A SQL expression giving each comment its node's position in the draft (`column`: the target
    reference to order by, Comment.target_ref unless given)."""
    return case({ref: node.order for ref, node in consultation.nodes.items()},
                value=Comment.target_ref if column is None else column, else_=10_000_000)


@dataclass
class Labels:
    """Per-export caches of translated names, so rows cost dictionary lookups only."""

    locale: str
    consultation: Consultation

    def __post_init__(self):
        loc = self.locale
        self.node = {ref: node_label(n, loc) for ref, n in self.consultation.nodes.items()}
        self.points = {ref: n.points for ref, n in self.consultation.nodes.items() if n.kind == "row"}
        self._kind, self._cat, self._chan, self._out = {}, {}, {}, {}
        self.withdrawn = T.t(loc, WITHDRAWN_OUTCOME)

    def kind(self, v):
        if v not in self._kind:
            self._kind[v] = T.kind_label(self.locale, v)
        return self._kind[v]

    def category(self, v):
        if v not in self._cat:
            self._cat[v] = T.category_label(self.locale, v)
        return self._cat[v]

    def channel(self, v):
        if v not in self._chan:
            self._chan[v] = T.channel_label(self.locale, v)
        return self._chan[v]

    def outcome(self, v):
        if v is None:
            return None
        if v not in self._out:
            self._out[v] = T.t(self.locale, outcome_label(v))
        return self._out[v]


def iter_comments(session: Session, consultation: Consultation, *, with_contacts: bool = False,
                  personal: bool = False, batch: int = 5000):
    """(comment row, ...) tuples in the draft's order, streamed; an individual's organisation only when
    `personal` or `with_contacts` (contact details come with all personal data)."""
    cols = [Comment.id, Comment.target_ref, Comment.kind, Comment.original_text, Comment.proposal, Comment.reason,
            Comment.proposed_points, Comment.created_at, Submission.reference, Submission.category,
            Submission.channel, visibility.organisation_shown(bool(personal or with_contacts)),
            Submission.withdrawn_at]
    if with_contacts:
        cols += [Submission.name, Submission.phone, Submission.email]
    query = (select(*cols).join(Submission, Comment.submission_id == Submission.id)
             .where(Comment.consultation_id == consultation.id)
             .order_by(draft_order(consultation), Comment.created_at, Submission.id, Comment.position))
    result = session.execute(query.execution_options(yield_per=batch, stream_results=True))
    yield from result


def export_rows(session: Session, consultation: Consultation, *, with_contacts: bool = False,
                personal: bool = False, locale: str = "zh_CN", decisions: Decisions | None = None):
    """(ref, comment id, decision, values) for each comment, values in `columns(with_contacts)` order; the
    decision is None for a withdrawn submission's comment (listed, marked, not to be counted)."""
    locale = normalise_locale(locale)
    labels = Labels(locale, consultation)
    decisions = decisions if decisions is not None else load_decisions(session, consultation.id)
    decision_for = decisions.decision_for
    for number, r in enumerate(iter_comments(session, consultation, with_contacts=with_contacts, personal=personal),
                               start=1):
        d = decision_for(r[0])
        ref = r[1]
        # None, not "", for an empty cell: the XLSX writer skips it (a fifth of the cells).
        withdrawn = r[12]
        values = [number, ref, labels.node.get(ref, ref), r[3], labels.kind(r[2]), r[4] or None, r[5] or None,
                  labels.points.get(ref), r[6], labels.category(r[9]), r[11] or None, labels.channel(r[10]),
                  T.local_time_seconds(r[7]), r[8], d.group, d.group_size if d.group else None,
                  labels.withdrawn if withdrawn else labels.outcome(d.outcome), d.reason or None,
                  T.local_time(withdrawn) if withdrawn else None]
        if with_contacts:
            values += [r[13], r[14], r[15]]
        yield ref, r[0], (d if withdrawn is None else None), values


# --- CSV ------------------------------------------------------------------------------------------------

def write_csv(session: Session, consultation: Consultation, stream, *, with_contacts: bool = False,
              personal: bool = False, locale: str = "zh_CN") -> int:
    """Write the comments as CSV into a text stream (open it with encoding utf-8-sig for Excel);
    `personal`: as in `iter_comments`."""
    writer = csv.writer(stream)
    writer.writerow(cells.csv_row(headers(normalise_locale(locale), with_contacts)))
    count = 0
    for _ref, _id, _d, values in export_rows(session, consultation, with_contacts=with_contacts, personal=personal,
                                             locale=locale):
        writer.writerow(cells.csv_row(values))  # csv writes None as an empty field
        count += 1
    return count


# --- XLSX -----------------------------------------------------------------------------------------------

def _sheet_title(text: str) -> str:
    for ch in "[]:*?/\\":
        text = text.replace(ch, " ")
    return text[:31]


def sections(consultation: Consultation, locale: str) -> list[tuple[str, str]]:
    """(section key, sheet title) in the draft's order."""
    out = [("notice", T.t(locale, NOTICE_SHEET))]
    for node in consultation.nodes.values():
        if node.kind == "chapter":
            title = f"{node_label(node, locale)} {node.title or ''}".strip()
            out.append((node.ref, title))
        elif node.kind == "annex":
            title = node_label(node, locale)
            out.append((node.ref, title))
    out.append(("explanation", T.t(locale, EXPLANATION_SHEET)))
    return out


def section_of(consultation: Consultation):
    """ref -> section key, following parents up to a chapter or an annex table."""
    mapping = {}
    for ref, node in consultation.nodes.items():
        cursor = node
        while cursor.parent is not None and cursor.kind not in ("chapter", "annex"):
            cursor = consultation.nodes[cursor.parent]
        if cursor.kind in ("chapter", "annex"):
            mapping[ref] = cursor.ref
        elif node.kind in ("notice", "general"):
            mapping[ref] = "notice"
        elif node.kind == "explanation":
            mapping[ref] = "explanation"
    return mapping


def _header_cells(ws, names):
    bold = Font(bold=True)
    return [cells.xlsx_cell(ws, name, font=bold) for name in names]


def write_xlsx(session: Session, consultation: Consultation, stream, *, with_contacts: bool = False,
               personal: bool = False, locale: str = "zh_CN", now: dt.datetime | None = None) -> int:
    """Write the comments as XLSX (write-only, streamed) into a binary stream; returns the row count.
    `personal`: as in `iter_comments`."""
    locale = normalise_locale(locale)
    wb = Workbook(write_only=True)
    summary = wb.create_sheet(_sheet_title(T.t(locale, SUMMARY_SHEET)))
    keys = columns(with_contacts)
    head = headers(locale, with_contacts)
    sheets = {}
    titles = {}
    used = set()
    patched = []
    for key, title in sections(consultation, locale):
        title = _sheet_title(title)
        while title in used:
            title = _sheet_title(title[:28] + "~" + str(len(used)))
        used.add(title)
        ws = wb.create_sheet(title)
        for i, k in enumerate(keys):
            ws.column_dimensions[_col(i)].width = WIDTHS[k]
        ws.freeze_panes = "A2"
        ws.append(_header_cells(ws, head))
        patched.append(fast_rows(ws))
        sheets[key] = ws
        titles[key] = title
    other = None
    fast = all(patched)  # plain values on every sheet, or cells (cells.xlsx_row) on every sheet
    where = section_of(consultation)

    per_node = defaultdict(Counter)
    groups_per_node = defaultdict(set)
    per_sheet = Counter()
    count = withdrawn = 0
    for ref, comment_id, d, values in export_rows(session, consultation, with_contacts=with_contacts,
                                                  personal=personal, locale=locale):
        key = where.get(ref)
        ws = sheets.get(key)
        if ws is None:
            if other is None:
                other = wb.create_sheet(_sheet_title(T.t(locale, OTHER_SHEET)))
                other.append(_header_cells(other, head))
                fast = fast_rows(other) and fast
                titles["other"] = other.title
            ws, key = other, "other"
        ws.append(values if fast else cells.xlsx_row(ws, values))
        if d is None:  # a withdrawn submission's comment: listed, not counted
            withdrawn += 1
            continue
        count += 1
        per_sheet[key] += 1
        per_node[ref]["comments"] += 1
        per_node[ref][d.outcome or "undecided"] += 1
        groups_per_node[ref].add(d.group or f"c{comment_id}")

    _write_summary(session, summary, consultation, locale, now, per_node, groups_per_node, per_sheet, titles,
                   count, with_contacts or personal, withdrawn)
    wb.save(stream)
    return count + withdrawn


def _col(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i + 1)


def _write_summary(session, ws, consultation, locale, now, per_node, groups_per_node, per_sheet, titles, count,
                   with_contacts, withdrawn=0):
    from consultation.labels import OUTCOME_LABELS

    bold = Font(bold=True, size=14)
    for letter, width in zip("ABCDEFGHIJ", (14, 28, 10, 12, 10, 10, 10, 10, 10, 10)):
        ws.column_dimensions[letter].width = width
    ws.append([cells.xlsx_cell(ws, T.t(locale, SUMMARY_TITLE, title=consultation.title), font=bold)])
    submissions = session.scalar(select(func.count()).select_from(Submission)
                                 .where(Submission.consultation_id == consultation.id, considered()))
    ws.append(cells.xlsx_row(ws, [T.t(locale, SUMMARY_EXPORTED), T.local_time(now) if now else ""]))
    ws.append(cells.xlsx_row(ws, [T.t(locale, SUMMARY_SUBMISSIONS), submissions]))
    ws.append(cells.xlsx_row(ws, [T.t(locale, SUMMARY_COMMENTS), count]))
    if withdrawn:
        ws.append(cells.xlsx_row(ws, [T.t(locale, SUMMARY_WITHDRAWN), withdrawn]))
    if with_contacts:
        ws.append(cells.xlsx_row(ws, [T.t(locale, SUMMARY_PERSONAL)]))
    ws.append([])
    ws.append(_header_cells(ws, [T.t(locale, SUMMARY_SHEET_COL), T.t(locale, SUMMARY_COMMENTS)]))
    for key, sheet_title in titles.items():
        ws.append(cells.xlsx_row(ws, [sheet_title, per_sheet.get(key, 0)]))
    ws.append([])
    outcome_codes = list(OUTCOME_LABELS)
    ws.append(_header_cells(ws, [T.t(locale, T.HEADERS["ref"]), T.t(locale, T.HEADERS["label"]),
                                 T.t(locale, SUMMARY_COMMENTS), T.t(locale, SUMMARY_AFTER_MERGING),
                                 *[T.t(locale, OUTCOME_LABELS[c]) for c in outcome_codes],
                                 T.t(locale, SUMMARY_UNDECIDED)]))
    for ref, node in consultation.nodes.items():
        counts = per_node.get(ref)
        if not counts:
            continue
        ws.append(cells.xlsx_row(ws, [ref, node_label(node, locale), counts["comments"], len(groups_per_node[ref]),
                                      *[counts.get(c, 0) for c in outcome_codes], counts.get("undecided", 0)]))
    for ref, counts in per_node.items():
        if ref not in consultation.nodes:
            ws.append(cells.xlsx_row(ws, [ref, ref, counts["comments"], len(groups_per_node[ref]),
                                          *[counts.get(c, 0) for c in outcome_codes], counts.get("undecided", 0)]))
