"""/v1/contributors: consent with its history, contact details only on the contacts topic, erasure."""
from __future__ import annotations

from sqlalchemy import select

from services.intake.adapters.orm import contributors
from tests.integration.intake.support import contributor_body


def test_contributor_is_created_with_a_pseudonymous_id_and_consent(api, partner):
    created = api.client.post("/v1/contributors", json=contributor_body(
        email="sam@example.org", language="cy", accessible_format="easy_read"),
        headers=partner.headers)

    assert created.status_code == 201, created.json
    contributor_id = created.json["contributor_id"]
    assert created.headers["Location"] == f"/v1/contributors/{contributor_id}"
    assert created.json["consent"] == {"contact_about_outcomes": True, "quote_anonymously": True}
    assert [r["consent_method"] for r in created.json["consent_history"]] == ["verbal"]
    assert api.client.get(f"/v1/contributors/{contributor_id}",
                          headers=partner.headers).json == created.json
    [contact] = [e for e in api.outbox("intake.contacts.v1") if e["key"] == contributor_id]
    assert contact["value"]["payload"]["email"] == "sam@example.org"
    assert contact["value"]["payload"]["language"] == "cy"
    [consent] = api.outbox("intake.contributor-consent-changed.v1")
    assert consent["value"]["payload"]["quote_anonymously"] is True
    assert "sam@example.org" not in str(consent)


def test_contact_about_outcomes_without_an_email_is_allowed(api, partner):
    created = api.client.post("/v1/contributors", json=contributor_body(email=None),
                              headers=partner.headers)
    assert created.status_code == 201, created.json
    assert created.json["email"] is None
    assert created.json["consent"]["contact_about_outcomes"] is True
    assert created.json["language"] == "en" and created.json["accessible_format"] == "standard"


def test_every_consent_change_is_kept_with_its_time_and_method(api, partner):
    contributor = api.new_contributor(partner)
    url = f"/v1/contributors/{contributor['contributor_id']}"

    changed = api.client.patch(url, json={"consent": {"quote_anonymously": False},
                                          "consent_method": "written"}, headers=partner.headers)
    again = api.client.patch(url, json={"consent": {"contact_about_outcomes": False},
                                        "consent_method": "online"}, headers=partner.headers)

    assert changed.status_code == again.status_code == 200
    history = again.json["consent_history"]
    assert [(r["contact_about_outcomes"], r["quote_anonymously"], r["consent_method"])
            for r in history] == [(True, True, "verbal"), (True, False, "written"),
                                  (False, False, "online")]
    assert history[0]["recorded_at"] <= history[1]["recorded_at"] <= history[2]["recorded_at"]
    consent_events = api.outbox("intake.contributor-consent-changed.v1")
    assert [e["value"]["payload"]["quote_anonymously"] for e in consent_events] == [True, False, False]


def test_changing_preferences_reaches_the_contact_topic_and_the_consent_topic_only_as_reachability(
        api, partner):
    contributor = api.new_contributor(partner)
    url = f"/v1/contributors/{contributor['contributor_id']}"
    changed = api.client.patch(url, json={"email": "new.sam@example.org", "language": "pt-BR",
                                          "accessible_format": "large_print"},
                               headers=partner.headers)
    assert changed.status_code == 200, changed.json
    assert len(changed.json["consent_history"]) == 1
    latest = api.outbox("intake.contacts.v1")[-1]["value"]["payload"]
    assert (latest["email"], latest["language"], latest["accessible_format"]) == (
        "new.sam@example.org", "pt-BR", "large_print")
    # the board workspace counts who can be emailed and in which format: a new format is news to
    # decisions, but the consent topic never carries the address or the language
    consent_events = api.outbox("intake.contributor-consent-changed.v1")
    assert len(consent_events) == 2
    told = consent_events[-1]["value"]["payload"]
    assert (told["has_email"], told["accessible_format"]) == (True, "large_print")
    assert "email" not in told and "language" not in told
    language_only = api.client.patch(url, json={"language": "en-GB"}, headers=partner.headers)
    assert language_only.status_code == 200, language_only.json
    assert len(api.outbox("intake.contributor-consent-changed.v1")) == 2


def test_consent_change_needs_its_method(api, partner):
    contributor = api.new_contributor(partner)
    response = api.client.patch(f"/v1/contributors/{contributor['contributor_id']}",
                                json={"consent": {"quote_anonymously": False}},
                                headers=partner.headers)
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"consent_method"}


def test_bad_contributor_fields_are_named_without_echoing_them(api, partner):
    response = api.client.post("/v1/contributors", json={
        "email": "sam at example", "preferred_name": "<b>Sam</b>", "consent": {"contact_about_outcomes": True},
        "consent_method": "telepathy", "language": "english!", "accessible_format": "braille",
        "phone": "0123"}, headers=partner.headers)
    assert response.status_code == 422
    errors = response.json["errors"]
    assert set(errors) == {"email", "preferred_name", "consent", "consent_method", "language",
                           "accessible_format", "phone"}
    assert set(errors["consent"]) == {"quote_anonymously"}
    assert "sam at example" not in response.get_data(as_text=True)
    assert api.count(contributors) == 0 and api.outbox("intake.contacts.v1")[1:] == []


def test_erasure_forgets_contact_details_and_keeps_the_id_history_and_input(api, partner):
    contributor = api.new_contributor(partner, email="erase.me@example.org")
    contributor_id = contributor["contributor_id"]
    submitted = api.new_input(partner, contributor_id=contributor_id)
    url = f"/v1/contributors/{contributor_id}"

    erased = api.client.delete(url, headers=partner.headers)

    assert erased.status_code == 200, erased.json
    shown = api.client.get(url, headers=partner.headers).json
    assert shown["erased"] is True and shown["email"] is None and shown["preferred_name"] is None
    assert shown["consent"] == {"contact_about_outcomes": False, "quote_anonymously": False}
    assert len(shown["consent_history"]) == 2
    with api.runtime.engine.connect() as conn:
        row = conn.execute(select(contributors).where(
            contributors.c.contributor_id == contributor_id)).mappings().one()
    assert row["email"] is None and row["preferred_name"] is None and row["erased_at"]
    contacts = [e for e in api.outbox("intake.contacts.v1") if e["key"] == contributor_id]
    assert contacts[-1]["value"] is None  # the tombstone
    last_consent = api.outbox("intake.contributor-consent-changed.v1")[-1]["value"]["payload"]
    assert (last_consent["contact_about_outcomes"], last_consent["quote_anonymously"]) == (False, False)
    assert api.client.get(f"/v1/inputs/{submitted['input_id']}",
                          headers=partner.headers).json["contributor_id"] == contributor_id
    refused = api.client.patch(url, json={"email": "back@example.org"}, headers=partner.headers)
    assert refused.status_code == 409
    assert api.client.delete(url, headers=partner.headers).status_code == 200
    # erasing twice writes one tombstone; the unsent contact event left the outbox on erasure
    assert [e["value"] for e in api.outbox("intake.contacts.v1") if e["key"] == contributor_id] == [None]


def test_only_partner_keys_handle_contributors(api):
    assert api.client.post("/v1/contributors", json=contributor_body(),
                           headers=api.admin).status_code == 403


def test_how_often_to_hear_is_chosen_changed_and_sent_to_notify_and_to_the_board_preview(api, partner):
    contributor = api.new_contributor(partner, email_frequency="daily_digest")
    assert contributor["email_frequency"] == "daily_digest"
    contributor_id = contributor["contributor_id"]
    [contact] = [e for e in api.outbox("intake.contacts.v1") if e["key"] == contributor_id]
    assert contact["value"]["payload"]["email_frequency"] == "daily_digest"
    assert api.new_contributor(partner)["email_frequency"] == "each_update"

    url = f"/v1/contributors/{contributor_id}"
    changed = api.client.patch(url, json={"email_frequency": "each_update"}, headers=partner.headers)
    assert changed.status_code == 200 and changed.json["email_frequency"] == "each_update"
    contacts = [e for e in api.outbox("intake.contacts.v1") if e["key"] == contributor_id]
    assert [c["value"]["payload"]["email_frequency"] for c in contacts] == ["daily_digest", "each_update"]
    # a choice of frequency is not consent: no new consent record; decisions hears the choice
    # (for the board's preview of who hears later), never the address
    assert len(changed.json["consent_history"]) == 1
    flags = [e["value"]["payload"] for e in api.outbox("intake.contributor-consent-changed.v1")
             if e["key"] == contributor_id]
    assert [f["email_frequency"] for f in flags] == ["daily_digest", "each_update"]
    assert contributor["email"] not in repr(flags)

    final = api.client.patch(url, json={"email_frequency": "final_outcome"}, headers=partner.headers)
    assert final.status_code == 200 and final.json["email_frequency"] == "final_outcome"
    refused = api.client.patch(url, json={"email_frequency": "weekly"}, headers=partner.headers)
    assert refused.status_code == 422 and set(refused.json["errors"]) == {"email_frequency"}
