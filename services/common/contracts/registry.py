"""Every topic Heard uses, with its schema, owner, partition count and clean-up policy.

This table is the single source for topic creation, validation, the AsyncAPI document and the
compose topic job.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Literal

from marshmallow import Schema

from services.common.contracts.events import auth, decisions, intake, notify


# Erasure bound for personal-data topics: the active segment is never compacted, so it rolls every
# hour, and the log cleaner must compact a record within a day of it being superseded. An erased
# contact's value (superseded by its tombstone) is therefore gone from the broker within about
# 25 hours. Dead-letter copies of these topics never hold the value, and expire after a week.
ROLL_PERSONAL_DATA_SEGMENTS_MS = 60 * 60 * 1000
MAX_COMPACTION_LAG_MS = 24 * 60 * 60 * 1000
PERSONAL_DATA_DLQ_RETENTION_MS = 7 * 24 * 60 * 60 * 1000


@dataclass(frozen=True)
class Contract:
    owner: str
    event_type: str
    version: int
    schema: type[Schema]
    key_field: str
    partitions: int
    description: str
    compacted: bool = False
    personal_data: bool = False

    @property
    def topic(self) -> str:
        return f"{self.owner}.{self.event_type}.v{self.version}"

    @property
    def dlq_topic(self) -> str:
        return f"{self.topic}.dlq"

    @property
    def topic_configs(self) -> dict[str, str]:
        configs = {"cleanup.policy": "compact" if self.compacted else "delete"}
        if self.personal_data:
            configs["segment.ms"] = str(ROLL_PERSONAL_DATA_SEGMENTS_MS)
            configs["max.compaction.lag.ms"] = str(MAX_COMPACTION_LAG_MS)
        return configs

    @property
    def dlq_configs(self) -> dict[str, str]:
        configs = {"cleanup.policy": "delete"}
        if self.personal_data:
            configs["retention.ms"] = str(PERSONAL_DATA_DLQ_RETENTION_MS)
        return configs

    def build(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Serialise Python values to the wire form and prove the result is valid."""
        wire = _instance(self.schema).dump(payload)
        _instance(self.schema).load(wire)
        return wire

    def load(self, wire: dict[str, Any], *,
             unknown: Literal["exclude", "include", "raise"] | None = None) -> dict[str, Any]:
        """Validate a wire payload; raises marshmallow.ValidationError. `unknown`: marshmallow's
        policy for fields this version does not know (EXCLUDE to read a newer minor version)."""
        return _instance(self.schema).load(wire, unknown=unknown)


@functools.cache
def _instance(schema: type[Schema]) -> Schema:
    # one reusable instance per schema (they keep no per-call state): building one copies every
    # field, which showed in the request profile
    return schema()


CONTRACTS: tuple[Contract, ...] = (
    Contract("intake", "input-submitted", 1, intake.InputSubmittedV1, "input_id", 6,
             "A partner submitted one piece of lived-experience input."),
    Contract("intake", "input-withdrawn", 1, intake.InputWithdrawnV1, "input_id", 6,
             "An input was withdrawn and must leave every queue and public page."),
    Contract("intake", "partner-registered", 1, intake.PartnerRegisteredV1, "partner_id", 1,
             "A partner organisation was registered, or renamed (then with updated_at): the newest "
             "state per partner counts."),
    Contract("intake", "contributor-consent-changed", 1, intake.ContributorConsentChangedV1,
             "contributor_id", 3, "A contributor's consent flags changed (no contact details)."),
    Contract("intake", "contacts", 1, intake.ContactV1, "contact_id", 3,
             "Contact details and consent, read only by notify. Compacted: a tombstone erases.",
             compacted=True, personal_data=True),
    Contract("intake", "api-key-changed", 1, auth.ApiKeyChangedV1, "key_id", 1,
             "An API key issued or revoked by intake (hash only).", compacted=True),
    Contract("decisions", "api-key-changed", 1, auth.ApiKeyChangedV1, "key_id", 1,
             "An API key issued or revoked by decisions (hash only).", compacted=True),
    Contract("decisions", "board-registered", 1, decisions.BoardRegisteredV1, "board_id", 1,
             "A decision board was registered, changed or retired: its whole current state, the "
             "newest per board counts."),
    Contract("decisions", "programmes", 1, decisions.ProgrammeV1, "programme_id", 1,
             "The registered programmes input can be given to, with the boards covering each and whether "
             "it is open. Compacted: the latest state per programme.", compacted=True),
    Contract("decisions", "outcome-published", 1, decisions.OutcomePublishedV1, "decision_id", 3,
             "A board published a decision and how each cited input was used."),
    Contract("decisions", "outcome-revised", 1, decisions.OutcomeRevisedV1, "decision_id", 3,
             "A published decision's influence record was revised, with a reason."),
    Contract("decisions", "progress-updated", 1, decisions.ProgressUpdatedV1, "decision_id", 3,
             "Implementation progress on a published decision."),
    Contract("notify", "notification-sent", 1, notify.NotificationSentV1, "contributor_id", 3,
             "A contributor was emailed the outcome of their input."),
    Contract("notify", "notification-failed", 1, notify.NotificationFailedV1, "contributor_id", 3,
             "An outcome email failed permanently."),
    Contract("notify", "notification-suppressed", 1, notify.NotificationSuppressedV1,
             "contributor_id", 3, "No email was sent, and why (no consent, no email, unsubscribed)."),
    Contract("intake", "outcome-relayed", 1, intake.OutcomeRelayedV1, "contributor_id", 3,
             "A partner told a contributor an outcome in person, by phone, letter or group session."),
    Contract("notify", "outcome-answered", 1, notify.OutcomeAnsweredV1, "contributor_id", 3,
             "A contributor said whether their input was used honestly, perhaps with a question."),
    Contract("notify", "contributor-unsubscribed", 1, notify.ContributorUnsubscribedV1, "contributor_id", 3,
             "A contributor unsubscribed with the link in an email; intake records the consent change."),
)

_BY_TYPE = {(c.owner, c.event_type, c.version): c for c in CONTRACTS}
_BY_TOPIC = {c.topic: c for c in CONTRACTS}


def contract_for(owner: str, event_type: str, version: int) -> Contract:
    return _BY_TYPE[(owner, event_type, version)]


def topic_for(owner: str, event_type: str, version: int = 1) -> str:
    return contract_for(owner, event_type, version).topic


def contract_for_topic(topic: str) -> Contract | None:
    return _BY_TOPIC.get(topic)
