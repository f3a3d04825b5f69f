"""Intake's rules in plain Python: status path, consent changes, outcome merging, text checks."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from services.intake.domain import contributors, outcomes, status, text
from services.intake.domain.inputs import latest_gathered_on

NOW = datetime(2027, 3, 14, 10, 30, tzinfo=UTC)


@pytest.mark.parametrize("current, target, steps", [
    ("received", "outcome_published", ["outcome_published"]),
    ("received", "closed", ["outcome_published", "closed"]),
    ("outcome_published", "closed", ["closed"]),
    ("closed", "outcome_published", []),  # never backwards
    ("closed", "closed", []),
    ("withdrawn", "closed", []),  # withdrawn is final
    ("received", "withdrawn", []),  # withdrawal is not a step on the path
    ("received", "anonymous", ["outcome_published", "anonymous"]),
    ("outcome_published", "not_wanted", ["not_wanted"]),
    ("not_wanted", "closed", ["closed"]),  # told after all, e.g. once they consent again
    ("closed", "not_wanted", []),  # a person told stays told
    ("anonymous", "not_wanted", []),  # never sideways
])
def test_status_only_moves_forward_along_the_path(current, target, steps):
    assert status.steps_towards(current, target) == steps


def test_anonymous_input_ends_anonymous_never_closed_when_its_outcome_is_published():
    assert status.outcome_target(has_contributor=False) == "anonymous"
    assert status.outcome_target(has_contributor=True) == "outcome_published"


@pytest.mark.parametrize("notification, detail, target", [
    ("sent", None, "closed"),
    ("suppressed", "no_consent", "not_wanted"),
    ("suppressed", "unsubscribed", "not_wanted"),
    ("suppressed", "erased", "not_wanted"),
    ("suppressed", "no_email", "outcome_published"),  # the partner still has to tell them
    ("failed", "554 rejected", "outcome_published"),
])
def test_only_a_person_told_closes_the_loop(notification, detail, target):
    assert status.after_notification(notification, detail) == target


def contributor(**overrides) -> contributors.Contributor:
    fields = dict(contributor_id="c1", partner_id="p1", email="sam@example.org",
                  preferred_name="Sam", contact_about_outcomes=True, quote_anonymously=True,
                  consent_method="verbal", language="en", accessible_format="standard",
                  created_at=NOW, updated_at=NOW)
    return contributors.Contributor(**{**fields, **overrides})


@pytest.mark.parametrize("changes, contact, flags, recorded", [
    ({"email": "new@example.org"}, True, False, False),
    ({"quote_anonymously": False, "consent_method": "written"}, False, True, True),
    ({"consent_method": "written"}, False, False, True),  # re-confirmed another way
    ({"language": "cy", "contact_about_outcomes": False}, True, True, True),
])
def test_a_change_says_what_moved(changes, contact, flags, recorded):
    result = contributors.change(contributor(), changes, NOW + timedelta(hours=1))
    assert (result.contact_changed, result.flags_changed, result.consent_recorded) == (
        contact, flags, recorded)
    assert result.contributor.updated_at == NOW + timedelta(hours=1)


def test_a_change_to_the_same_values_is_no_change():
    original = contributor()
    result = contributors.change(original, {"email": "sam@example.org", "language": "en"}, NOW)
    assert result.contributor is original and not result.consent_recorded


def test_erasure_forgets_contact_and_consent_and_forbids_changes():
    erased = contributors.erase(contributor(), NOW)
    assert (erased.email, erased.preferred_name, erased.erased_at) == (None, None, NOW)
    assert not erased.contact_about_outcomes and not erased.quote_anonymously
    with pytest.raises(contributors.ContributorErased):
        contributors.change(erased, {"email": "back@example.org"}, NOW)


def facts(revision: int, **overrides) -> outcomes.DecisionFacts:
    fields = dict(decision_id="d1", board_id="b1", board_name="Board", title="Title",
                  decided_on=date(2027, 3, 1), public_url="https://x", revision=revision,
                  published_at=NOW if revision == 1 else None,
                  revised_at=None if revision == 1 else NOW + timedelta(days=revision))
    return outcomes.DecisionFacts(**{**fields, **overrides})


LINK = {"influence": "adopted", "explanation": "Done."}


def test_a_newer_revision_replaces_the_link_and_keeps_the_first_publication_time():
    first = outcomes.with_decision(outcomes.Outcome("d1", "i1"), facts(1), LINK)
    second = outcomes.with_decision(first, facts(2), {"influence": "adapted", "explanation": "Partly."})
    assert (second.influence, second.revision, second.facts.published_at) == ("adapted", 2, NOW)
    assert outcomes.with_decision(second, facts(1), LINK) is second  # late and older: ignored
    dropped = outcomes.with_decision(second, facts(3), None)
    assert not dropped.cited and dropped.influence == "adapted"


def test_only_a_sent_notification_says_the_contributor_was_told():
    outcome = outcomes.Outcome("d1", "i1")
    failed = outcomes.with_notification(outcome, outcomes.FAILED, NOW, None)
    assert failed.told_at is None and failed.notification_status == "failed"
    told = outcomes.with_notification(failed, outcomes.SENT, NOW, None)
    later_failure = outcomes.with_notification(told, outcomes.FAILED, NOW + timedelta(days=1), None)
    assert later_failure.told_at == NOW  # they were told once; that stays true


@pytest.mark.parametrize("tag, valid", [("en", True), ("cy", True), ("pt-BR", True),
                                        ("zh-Hant-TW", True), ("english", False), ("e", False),
                                        ("en_GB", False), ("", False)])
def test_language_tags_follow_bcp_47_shape(tag, valid):
    assert text.is_language_tag(tag) is valid


def test_input_gathered_today_anywhere_is_not_in_the_future():
    assert latest_gathered_on(datetime(2027, 3, 14, 23, 0, tzinfo=UTC)) == date(2027, 3, 15)
