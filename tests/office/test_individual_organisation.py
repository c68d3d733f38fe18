"""An individual's organisation (their employer) is personal data: admins get it, viewers and editors get
none anywhere in the office (pages, API, exports), and their search does not match on it. An enterprise's
organisation stays visible to every role (consultation/office/visibility.py)."""
from __future__ import annotations

import csv
import io
import re
import zipfile

import openpyxl
import pytest
from sqlalchemy import select

from consultation.exports import tabular
from consultation.office.accounts import issue_token
from consultation.office.models import StaffAccount
from consultation.submissions import submit
from tests.conftest import sample_payload

SECRET = "秘密研究所甲"  # what the individual typed as their organisation
ENTERPRISE = "合肥某科技有限公司"
MISS = "无此单位乙"  # in no comment and no organisation: what a search that finds nothing counts
STAFF = ("viewer", "editor")


def _send(office, category: str, organisation: str, proposal: str):
    payload = sample_payload(comments=[{"target": "art-3", "kind": "amend", "proposal": proposal,
                                        "reason": "理由。", "proposed_points": None}])
    payload["submitter"] = {**payload["submitter"], "category": category, "organisation": organisation}
    with office.session() as s:
        submit(s, office.consultation, payload, channel="web", locale="zh_CN", now=office.now(),
               secret_key=office.settings.secret_key, office_mailbox=office.office_mailbox)
        s.commit()


@pytest.fixture
def two(office):
    """An individual who typed an organisation, and an enterprise."""
    _send(office, "individual", SECRET, "个人提出的建议。")
    _send(office, "enterprise", ENTERPRISE, "企业提出的建议。")


def _token(office, role: str) -> dict:
    with office.session() as s:
        account = s.scalars(select(StaffAccount).where(StaffAccount.username == role)).one()
        secret = issue_token(s, account, actor="test")
        s.commit()
    return {"Authorization": f"Bearer {secret}"}


def _api(app, office, role: str, **params) -> dict:
    response = app.test_client().get("/api/v1/office/nodes/art-3/comments", query_string=params,
                                     headers=_token(office, role))
    assert response.status_code == 200
    return response.get_json()


@pytest.mark.parametrize("role", STAFF)
def test_the_api_gives_viewers_and_editors_no_individual_organisation(app, office, accounts, two, role):
    body = _api(app, office, role)
    by_category = {c["category"]: c["organisation"] for c in body["comments"]}
    assert by_category == {"individual": None, "enterprise": ENTERPRISE}
    assert SECRET not in str(body)


def test_the_api_gives_admins_the_individual_organisation(app, office, accounts, two):
    by_category = {c["category"]: c["organisation"] for c in _api(app, office, "admin")["comments"]}
    assert by_category == {"individual": SECRET, "enterprise": ENTERPRISE}


def _csv(client) -> list[dict]:
    response = client.get("/office/exports/comments.csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def _xlsx_rows(client) -> list[dict]:
    response = client.get("/office/exports/comments.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()), read_only=True)
    out = []
    for sheet in book.worksheets[1:]:  # the first is the summary
        rows = list(sheet.iter_rows(values_only=True))
        if rows:
            out += [dict(zip(rows[0], r)) for r in rows[1:]]
    return out


@pytest.mark.parametrize("role", STAFF)
def test_the_comments_exports_leave_the_individual_organisation_empty(clients, two, role):
    for rows in (_csv(clients[role]), _xlsx_rows(clients[role])):
        units = {r["提交人类别"]: r["单位"] or None for r in rows}
        assert units == {"个人": None, "企业": ENTERPRISE}, units
        assert SECRET not in str(rows)


def test_the_comments_exports_give_admins_the_individual_organisation(clients, two):
    for rows in (_csv(clients["admin"]), _xlsx_rows(clients["admin"])):
        assert {r["提交人类别"]: r["单位"] for r in rows} == {"个人": SECRET, "企业": ENTERPRISE}


def _search_count(client, term: str) -> int:
    body = client.get("/office/search", query_string={"search": term}).get_data(as_text=True)
    return int(re.search(r'id="match-count">\D*(\d+)', body).group(1))


def _node_count(client, term: str) -> int:
    body = client.get("/office/node/art-3", query_string={"search": term}).get_data(as_text=True)
    return len(re.findall(r'<tr id="c\d+"', body))


@pytest.mark.parametrize("role", STAFF)
def test_searching_for_an_individual_organisation_finds_what_a_miss_finds(app, office, clients, two, role):
    client = clients[role]
    assert _search_count(client, SECRET) == _search_count(client, MISS) == 0
    assert _node_count(client, SECRET) == _node_count(client, MISS) == 0
    assert _api(app, office, role, search=SECRET)["total"] == _api(app, office, role, search=MISS)["total"] == 0
    # an enterprise's organisation is searchable by every role
    assert _search_count(client, ENTERPRISE) == _node_count(client, ENTERPRISE) == 1
    assert _api(app, office, role, search=ENTERPRISE)["total"] == 1


def test_admins_search_and_see_the_individual_organisation(app, office, clients, two):
    admin = clients["admin"]
    assert _search_count(admin, SECRET) == _node_count(admin, SECRET) == 1
    assert _api(app, office, "admin", search=SECRET)["total"] == 1
    assert SECRET in admin.get("/office/search", query_string={"search": SECRET}).get_data(as_text=True)
    assert SECRET in admin.get("/office/node/art-3").get_data(as_text=True)


def _text(response) -> str:
    """A page or download as text; an XLSX or DOCX is a zip of XML parts, read whole."""
    data = response.get_data()
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return data.decode("utf-8-sig", "replace")


@pytest.mark.parametrize("role", STAFF)
def test_no_office_page_or_download_of_a_viewer_or_editor_names_the_individual_organisation(office, clients, two,
                                                                                            role):
    client = clients[role]
    assert client.post("/office/regroup").status_code in (302, 303, 403)  # a group to show, when allowed
    paths = ["/office/", "/office/node/art-3", "/office/search", "/office/search?category=individual",
             "/office/findings", "/office/review", "/office/report", "/office/exports",
             "/office/revisions/", "/office/revisions/review", "/office/inbound/",
             *[f"/office/exports/{n}" for n in ("comments.csv", "comments.xlsx", "summary.docx", "summary.xlsx")]]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert SECRET not in _text(response), path
    shown = client.get("/office/node/art-3").get_data(as_text=True)
    assert ENTERPRISE in shown and "个人" in shown


def test_an_export_without_contacts_has_no_individual_organisation(office, two):
    def units(**kwargs) -> dict:
        buffer = io.StringIO()
        with office.session() as s:
            tabular.write_csv(s, office.consultation, buffer, **kwargs)
        return {r["提交人类别"]: r["单位"] for r in csv.DictReader(io.StringIO(buffer.getvalue()))}

    assert units() == {"个人": "", "企业": ENTERPRISE}  # consult export without --with-contacts
    assert units(with_contacts=True) == units(personal=True) == {"个人": SECRET, "企业": ENTERPRISE}
