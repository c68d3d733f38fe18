"""The office API's bodies (/api/v1/office/*) as pydantic models: the request model validates what the
API takes and the response models shape what it answers, and the OpenAPI document is generated from
both (web/office/api.py), so that the document cannot drift from the code.

Request models are strict like the public ones (payload.py): no coercion, unknown keys refused, ids
within the database's integer. The rules that tie fields together (something to decide on; a reason
unless adopted) are model validators here and anyOf/oneOf in the published schema, from the same
constants, so that a body valid by the document is accepted (the database may still say 404 or 409).
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema, model_validator)
from pydantic_core import PydanticCustomError

from ..db import DB_INT_MAX
from ..i18n import N_
from ..office.dashboard import FILTER_CHOICES
from ..office.duplicates import MAX_THRESHOLD, MIN_THRESHOLD, threshold_allowed
from ..office.models import OUTCOMES
from . import fields
from .payload import NoSurrogates

MAX_IDS = 10_000
MAX_REASON = 20_000
MSG_NOTHING = N_("Give comment_ids or group_id: nothing to decide on.")
MSG_BOTH = N_("Give comment_ids or group_id, not both: exactly one of them says what to decide on.")
MSG_NO_IDS = N_("List at least one id: the list is empty.")
MSG_TOO_MANY_IDS = N_("At most %(max_length)d ids in one request.")
MSG_REASON = N_("Give the reason unless the comment is adopted.")
MSG_ID_RANGE = N_("No row has this id: ids are whole numbers from 1 to %(max)d.")
MSG_THRESHOLD = N_("Give the threshold as a number from %(min)s to %(max)s.")
MSG_VERSION_RANGE = N_("A version is a whole number from 1 to %(max)d, as the decision's `version` shows it.")
MSG_ID_TYPE = N_("Give a whole number, such as 3 (not 3.5, \"3\" or true).")
MSG_EXPECTED_STRAY = N_("expected names comments this request does not decide or approve (%(ids)s): list only "
                        "the comments of comment_ids, or the group's members.")
MSG_OVERRIDE_STRAY = N_("override names comments that are not members of group %(group)s (%(ids)s): list only "
                       "the group's members.")
# The models' own error types and their messages (the others are payload.field_errors' to word).
MESSAGES = {"nothing": MSG_NOTHING, "both": MSG_BOTH, "reason": MSG_REASON, "id_range": MSG_ID_RANGE,
            "id_type": MSG_ID_TYPE, "version_range": MSG_VERSION_RANGE, "threshold": MSG_THRESHOLD,
            "too_short": MSG_NO_IDS, "too_long": MSG_TOO_MANY_IDS}  # the last two: the id lists (Ids)

def _id(value: Any) -> int:
    """A row id as a JSON integer (16, or 16.0, which is the same JSON number), within the database's integer.

    JSON has one kind of number, and JSON Schema's `integer` counts 16.0 as one: the document says
    `integer`, so a client or a schema-driven tool (schemathesis) may send 16.0, and refusing it made a
    request valid by the document a 400 (attack round 11). A fraction (16.5), a string ("16") or a boolean
    is refused, as the document refuses it too."""
    if value.__class__ is float and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError("id_type", "id must be a JSON integer")
    if not 1 <= value <= DB_INT_MAX:
        raise PydanticCustomError("id_range", "id out of range", {"max": DB_INT_MAX})
    return value


def _version(value: Any) -> int:
    """A decision's version in `expected`: a JSON integer like an id, its range error worded for a version."""
    try:
        return _id(value)
    except PydanticCustomError as exc:
        if exc.type == "id_range":
            raise PydanticCustomError("version_range", "version out of range", {"max": DB_INT_MAX}) from None
        raise


Id = Annotated[Any, PlainValidator(_id), WithJsonSchema({"type": "integer", "minimum": 1, "maximum": DB_INT_MAX})]
Ids = Annotated[list[Id], Field(min_length=1, max_length=MAX_IDS)]
Outcome = Literal[OUTCOMES]  # type: ignore[valid-type]


def digits_up_to(maximum: int) -> str:
    """A regular expression (JSON Schema's dialect and Python's alike) for the decimal numbers 1..maximum
    written without leading zeros, exactly: `expected`'s keys are ids, and a pattern admitting every
    10-digit string let a key above PostgreSQL's integer through to the database (a 500; attack round 11
    re-test, N1)."""
    top = str(maximum)
    alternatives = [f"[1-9][0-9]{{0,{len(top) - 2}}}"] if len(top) > 1 else []
    for i, digit in enumerate(top):
        low = 1 if i == 0 else 0
        if int(digit) > low:
            rest = len(top) - i - 1
            span = str(low) if int(digit) - 1 == low else f"[{low}-{int(digit) - 1}]"
            alternatives.append(top[:i] + span + (f"[0-9]{{{rest}}}" if rest else ""))
    alternatives.append(top)
    return "^(" + "|".join(alternatives) + ")$"


EXPECTED_KEY = digits_up_to(DB_INT_MAX)
_EXPECTED_KEY = re.compile(EXPECTED_KEY)


def _expected(value: Any) -> dict[int, int | None]:
    """`expected` as the domain takes it: {comment id: version}, the keys JSON's strings of row ids."""
    if not isinstance(value, dict):
        raise PydanticCustomError("dict_type", "Input should be a valid dictionary")
    if len(value) > MAX_IDS:
        raise PydanticCustomError("too_long", "too many", {"max_length": MAX_IDS})
    out = {}
    for key, version in value.items():
        if not (isinstance(key, str) and _EXPECTED_KEY.fullmatch(key)):  # the schema's propertyNames
            raise PydanticCustomError("id_range", "id out of range", {"max": DB_INT_MAX})
        out[int(key)] = None if version is None else _version(version)  # a key of no comment is never consulted
    return out


EXPECTED_DOC = ("Optional: for each comment, the version of its decision the caller last saw (`version` of "
                "GET comments/{id}/decision, of the node's comments or of the proposals; null for undecided), "
                "keyed by the comment id. A listed comment whose decision has another version now is refused "
                "with 409 (error stale, its current decision in current) and nothing of the request is "
                "written. Comments not listed are not checked (clients that send no expected keep working, "
                "but may write over a change they never saw). Every key must be a comment the request "
                "decides or approves (one of comment_ids, or a member of group_id): another is refused with "
                "409 (error mismatch, the keys concerned in comment_ids) and nothing is written, since a client "
                "that mixed up ids would believe it was protected. Keys are ids from 1 to %d (one outside "
                "that range is a 400, field expected). Versions and ids are JSON integers (3; 3.0 is the same number, "
                "3.5 is refused)." % DB_INT_MAX)
Expected = Annotated[Any, PlainValidator(_expected), WithJsonSchema({
    "type": "object", "description": EXPECTED_DOC, "maxProperties": MAX_IDS,
    "propertyNames": {"pattern": EXPECTED_KEY},
    "additionalProperties": {"anyOf": [{"type": "integer", "minimum": 1, "maximum": DB_INT_MAX},
                                       {"type": "null"}]}})]


class _In(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", regex_engine="python-re", frozen=True)


def stray_expected(expected: dict | None, ids) -> list[int]:
    """The comments `expected` names that are not among `ids` (the comments a request decides or approves).

    Checked by the views, not the models: answered 409 (error `mismatch`), like the other refusals about
    particular comments, since no JSON Schema can tie the keys of one field to the values of another (a
    400 made bodies valid by the document fail, attack round 11), and a group's members are known only
    from the database, where they may have changed since the client looked."""
    return sorted(set(expected or ()) - set(ids)) if ids is not None else []


class DecisionsIn(_In):
    """POST /api/v1/office/decisions: one outcome for the listed comments, or for a duplicate group's
    undecided members (and those of them listed in `override`)."""

    comment_ids: Ids | None = None
    group_id: Id | None = None
    outcome: Outcome
    reason: Annotated[str, Field(max_length=MAX_REASON, pattern=fields.TEXT), NoSurrogates] = ""
    override: Ids | None = None
    expected: Expected | None = None

    @model_validator(mode="after")
    def _together(self):
        if self.comment_ids is None and self.group_id is None:
            raise PydanticCustomError("nothing", MSG_NOTHING)
        if self.comment_ids is not None and self.group_id is not None:
            # Refused rather than one of them silently ignored (the group's members were decided, the
            # listed comments not): the sender meant something, and it is not clear what.
            raise PydanticCustomError("both", MSG_BOTH)
        if self.outcome != "adopted" and not fields.clean(self.reason):
            raise PydanticCustomError("reason", MSG_REASON)
        return self


class ApproveIn(_In):
    """POST /api/v1/office/decisions/approve: the proposed decisions to approve (administrators)."""

    comment_ids: Ids
    expected: Expected | None = None


def decisions_schema() -> dict:
    """DecisionsIn's schema with its validators written out: exactly one of comment_ids and group_id (a null
    one counts as absent, as in the model), and a reason unless adopted."""
    schema = DecisionsIn.model_json_schema()
    schema["allOf"] = [
        {"oneOf": [{"required": ["comment_ids"], "properties": {"comment_ids": {"type": "array"}}},
                   {"required": ["group_id"], "properties": {"group_id": {"type": "integer"}}}]},
        {"anyOf": [{"properties": {"outcome": {"const": "adopted"}}},
                   {"required": ["reason"], "properties": {"reason": {"type": "string", "pattern": fields.NON_BLANK}}}]},
    ]
    return schema


class NodeCommentsQuery(_In):
    """The filters of GET /api/v1/office/nodes/{ref}/comments (query parameters; `page` is read by
    web/params.int_arg). A filter given must be one of its values: an empty or unknown one is refused."""

    kind: Literal[FILTER_CHOICES["kind"]] | None = None  # type: ignore[valid-type]
    channel: Literal[FILTER_CHOICES["channel"]] | None = None  # type: ignore[valid-type]
    category: Literal[FILTER_CHOICES["category"]] | None = None  # type: ignore[valid-type]
    outcome: Literal[FILTER_CHOICES["outcome"]] | None = None  # type: ignore[valid-type]
    search: Annotated[str, Field(max_length=200, pattern=fields.TEXT), NoSurrogates] | None = None


def query_parameters(model: type[BaseModel]) -> list[dict]:
    """OpenAPI query parameters from a model's fields (each optional, its null alternative dropped)."""
    out = []
    for name, schema in model.model_json_schema()["properties"].items():
        options = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
        out.append({"name": name, "in": "query", "required": False, "schema": options[0]})
    return out


WITHDRAWN_DOC = ("When the sender withdrew the submission (null: not withdrawn). A withdrawn submission's comments "
                 "are not to be considered: they are neither decided nor approved (409 withdrawn), so a client "
                 "lists them apart from the work to do, as the node page does")


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Totals(_Out):
    submissions: int = Field(description="Submissions to consider (not withdrawn)")
    comments: int
    withdrawn: int = Field(description="Submissions withdrawn by their senders, counted apart")
    by_channel: dict[str, int]
    by_category: dict[str, int]


class Day(_Out):
    day: str = Field(description="A Beijing-time day, YYYY-MM-DD")
    submissions: int


class NodeCount(_Out):
    ref: str
    comments: int
    merged: int = Field(description="Comments with each duplicate group counted once")


class DashboardOut(_Out):
    totals: Totals
    per_day: list[Day]
    nodes: list[NodeCount]


class CommentRow(_Out):
    id: int
    kind: str
    proposal: str | None
    reason: str | None
    proposed_points: int | None
    category: str
    channel: str
    created_at: str
    group: int | None
    outcome: str | None
    status: str | None
    decision_reason: str | None
    version: int | None = Field(description="The decision's version (null while undecided): send it back in "
                                            "expected when deciding or approving")
    sender_changed_at: str | None = Field(
        default=None, description="When the comment's sender changed its text, kind or points after this decision "
        "(null: not since). The decision then went back to a proposal with a new version: decide or approve it "
        "again on the new text")
    withdrawn_at: str | None = Field(default=None, description=WITHDRAWN_DOC)
    organisation: str | None = Field(description=(
        "提出单位: the organisation of an enterprise, department or other body, for every role. When the "
        "submitter wrote as an individual (category individual), what they typed is personal data: only an "
        "administrator gets it; for viewers and editors it is null (show the category, 个人)"))


class NodeCommentsOut(_Out):
    ref: str
    text: str = Field(description="The node's official text, quoted exactly")
    total: int
    comments: list[CommentRow]


class DecisionOut(_Out):
    comment_id: int
    outcome: str | None
    reason: str
    group: int | None
    group_size: int
    decided_by: str | None
    decided_at: str | None
    status: str | None
    approved_by: str | None
    approved_at: str | None
    version: int | None = Field(description="The decision's version (null while undecided), raised by every "
                                            "change and approval: send it back in expected")
    sender_changed_at: str | None = Field(
        default=None, description="When the comment's sender changed its text, kind or points after this decision "
        "(null: not since). The decision then went back to a proposal with a new version: decide or approve it "
        "again on the new text")
    withdrawn_at: str | None = Field(default=None, description=WITHDRAWN_DOC)


class ConflictOut(_Out):
    """The 409 body of a decision or approval refused for particular comments: nothing was written."""

    error: Literal["stale", "withdrawn", "approved", "refused", "mismatch"] = Field(description=(
        "mismatch: expected names comments this request does not decide or approve (not among comment_ids, or "
        "not members of the group now), so the request cannot be what the client meant; "
        "stale: a decision changed since the version in expected; withdrawn: comments of withdrawn submissions, "
        "not decided or approved; approved: an editor cannot change an approved decision (an administrator "
        "does); refused: another decision on one of the comments was recorded at the same moment, or every "
        "member of the group is already decided"))
    message: str
    comment_ids: list[int] = Field(description="The comments concerned")
    current: list[DecisionOut] = Field(description="Their decisions now")


class DecidedOut(_Out):
    decided: list[int]
    withdrawn: list[int] = Field(default_factory=list, description=(
        "A group decision: members of withdrawn submissions, skipped (never decided)"))
    kept: list[int] = Field(default_factory=list, description=(
        "A group decision: members already decided and not in override, or approved ones an editor listed "
        "in override (only an administrator changes an approved decision); their decision stays"))


class Proposal(_Out):
    comment_id: int
    outcome: str | None
    reason: str
    group: int | None
    decided_by: str | None
    decided_at: str
    version: int = Field(description="The proposal's version: send it back in expected when approving")
    sender_changed_at: str | None = Field(
        default=None, description="When the comment's sender changed its text, kind or points after this decision "
        "(null: not since). The decision then went back to a proposal with a new version: decide or approve it "
        "again on the new text")


class ProposalsOut(_Out):
    self_approval: bool = Field(description="Whether an administrator may approve their own proposals")
    proposals: list[Proposal]


class ApprovedOut(_Out):
    approved: list[int]
    refused_own: list[int] = Field(description="The caller's own proposals, which another administrator approves")
    not_proposed: list[int]


def _threshold(value: Any) -> Decimal:
    """A JSON number from MIN_THRESHOLD to MAX_THRESHOLD (0.95, or 1): a string or a boolean is refused
    with the same words as a number out of range, as the dashboard's form refuses "abc". The API reads this
    body with its fractions as Decimal (web/office/api.py, jsonbody.loads(exact=True)), so the bounds hold
    exactly: 0.29999999999999999999 and 1.0000000000000000001 are refused, as the schema says (attack round
    12, F5); a float (a caller validating a parsed dict) is taken as its shortest decimal."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)) or not threshold_allowed(value):
        raise PydanticCustomError("threshold", "threshold out of range",
                                  {"min": MIN_THRESHOLD, "max": MAX_THRESHOLD})
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


Threshold = Annotated[Any, PlainValidator(_threshold), WithJsonSchema(
    {"type": "number", "minimum": MIN_THRESHOLD, "maximum": MAX_THRESHOLD})]


class RegroupIn(_In):
    """POST /api/v1/office/regroup: an optional new threshold, stored before the groups are recomputed (the
    dashboard form's rule); without one, the stored threshold. An empty body is the same as {}."""

    threshold: Threshold | None = None


class RegroupOut(_Out):
    groups: int
    grouped_comments: int


class SubmissionComment(_Out):
    id: int
    target: str
    kind: str


class SubmissionOut(_Out):
    reference: str
    category: str
    channel: str
    name: str | None
    organisation: str | None
    phone: str | None
    email: str | None
    comments: list[SubmissionComment]


RESPONSES = (DashboardOut, NodeCommentsOut, DecisionOut, DecidedOut, ProposalsOut, ApprovedOut, RegroupOut,
             SubmissionOut, ConflictOut)


def schemas() -> dict:
    """Every office API component for the OpenAPI document, by name."""
    out = {"DecisionsIn": decisions_schema(), "ApproveIn": ApproveIn.model_json_schema(),
           "RegroupIn": RegroupIn.model_json_schema()}
    for model in RESPONSES:
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        out.update(schema.pop("$defs", {}))
        out[model.__name__] = schema
    return out
