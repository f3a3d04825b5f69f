"""A partner's own reference on its contributors, the contributor list, and partners' names,
against in-memory fakes."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.intake.adapters.repositories import ContributorQuery
from services.intake.service_layer import contributors, partners
from services.intake.service_layer.errors import Conflict, Invalid
from tests.unit.intake.fakes import FakeUnitOfWork

NOW = datetime(2027, 3, 14, 10, 30, tzinfo=UTC)
P1, P2 = "6f1c2a9e-3b1d-4e52-9a61-0d8c2b7e4f10", "0d8c2b7e-4f10-4e52-9a61-6f1c2a9e3b1d"


@pytest.fixture
def uow():
    return FakeUnitOfWork()


def person(uow, partner_id=P1, minutes=0, **overrides):
    fields = dict(email=None, preferred_name=None, contact_about_outcomes=False,
                  quote_anonymously=False, consent_method="verbal", now=NOW + timedelta(minutes=minutes))
    return contributors.create_contributor(uow, partner_id, **{**fields, **overrides})


def test_a_partner_ref_is_unique_within_a_partner_only(uow):
    person(uow, P1, partner_ref="CRM-17")
    person(uow, P2, partner_ref="CRM-17")  # another partner's records are its own business
    person(uow, P1, partner_ref=None)
    person(uow, P1, partner_ref=None)  # no reference is no clash

    with pytest.raises(Conflict) as clash:
        person(uow, P1, partner_ref="CRM-17")

    assert clash.value.field == "partner_ref"
    assert "CRM-17" not in clash.value.message  # the partner's data is not repeated back
    assert contributors.count_contributors(uow, P1, ContributorQuery()) == 3


def test_changing_only_the_partner_ref_is_saved_without_an_event(uow):
    sam, alex = person(uow, partner_ref="A-1"), person(uow, partner_ref="A-2")
    published, commits = len(uow.published), uow.commits

    changed = contributors.update_contributor(uow, P1, sam.contributor_id, {"partner_ref": "A-9"}, now=NOW)

    assert changed.partner_ref == "A-9"
    assert uow.contributors.get(sam.contributor_id).partner_ref == "A-9"
    assert len(uow.published) == published and uow.commits == commits + 1
    with pytest.raises(Conflict) as clash:
        contributors.update_contributor(uow, P1, alex.contributor_id, {"partner_ref": "A-9"}, now=NOW)
    assert clash.value.field == "partner_ref"
    assert uow.contributors.get(alex.contributor_id).partner_ref == "A-2"


def test_a_partner_lists_its_own_contributors_and_an_admin_any_partners(uow):
    mine = [person(uow, P1, minutes=n, partner_ref=f"M-{n}") for n in range(3)]
    theirs = person(uow, P2, minutes=5, partner_ref="M-1")
    contributors.erase_contributor(uow, P1, mine[2].contributor_id, now=NOW)

    def listed(scope, **query):
        found = contributors.list_contributors(uow, scope, None, 10, ContributorQuery(**query))
        return [c.contributor_id for c in found]

    assert listed(P1) == [c.contributor_id for c in mine]
    assert listed(P1, partner_ref="M-1") == [mine[1].contributor_id]
    assert listed(P1, erased=True) == [mine[2].contributor_id]
    assert listed(P1, partner_id=P2) == []  # never another partner's, whatever it asks
    assert contributors.count_contributors(uow, P1, ContributorQuery(partner_id=P2)) == 0
    assert listed(None, partner_ref="M-1") == [mine[1].contributor_id, theirs.contributor_id]
    assert listed(None, partner_id=P2) == [theirs.contributor_id]
    assert contributors.count_contributors(uow, None, ContributorQuery()) == 4
    after = (mine[0].created_at, mine[0].contributor_id)
    assert [c.contributor_id for c in contributors.list_contributors(
        uow, P1, after, 1, ContributorQuery())] == [mine[1].contributor_id]


def test_only_an_admin_renames_a_partner_and_decisions_hears_of_it(uow):
    partner = partners.register_partner(uow, name="Northtown", contact_email="hi@north.example", now=NOW)
    before = len(uow.published)

    with pytest.raises(Invalid) as refused:
        partners.update_partner(uow, partner.partner_id, partner.partner_id, {"name": "Elsewhere"})
    assert set(refused.value.errors) == {"name"}
    # the partner may still send its own name unchanged with its other changes
    partners.update_partner(uow, partner.partner_id, partner.partner_id,
                            {"name": "Northtown", "daily_digest": True}, now=NOW + timedelta(minutes=1))
    assert uow.topics()[before:] == ["intake.contacts.v1"]

    later = NOW + timedelta(hours=1)
    renamed = partners.update_partner(uow, partner.partner_id, None, {"name": "Northtown Peer Support"},
                                      now=later)

    assert renamed.name == "Northtown Peer Support"
    assert uow.topics()[-2:] == ["intake.partner-registered.v1", "intake.contacts.v1"]
    announced = uow.published[-2].payload
    assert announced == {"partner_id": partner.partner_id, "name": "Northtown Peer Support",
                         "registered_at": NOW.isoformat(), "updated_at": later.isoformat()}
    assert uow.published[-1].payload["preferred_name"] == "Northtown Peer Support"
