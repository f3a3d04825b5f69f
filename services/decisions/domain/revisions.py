"""Working out what a revision of a published outcome changes."""
from __future__ import annotations

from dataclasses import dataclass

from services.decisions.domain.errors import Invalid
from services.decisions.domain.model import Link


@dataclass(frozen=True)
class RevisionPlan:
    links: dict[str, Link]  # the complete link set of the new revision
    changed_input_ids: tuple[str, ...]


def plan_revision(current: dict[str, Link], changes: list[Link], removals: list[str],
                  no_input_considered: bool, wording_corrected: bool = False) -> RevisionPlan:
    """Apply changed/added links and removals to the current set; refuse a revision that is no
    change. A revision that corrects the decision's wording may leave every link as it is."""
    errors: dict[str, list[str]] = {}
    changed_ids = [link.input_id for link in changes]
    if len(set(changed_ids)) != len(changed_ids):
        errors["links"] = ["Each input may appear once."]
    if len(set(removals)) != len(removals):
        errors["remove_input_ids"] = ["Each input may appear once."]
    both = sorted(set(changed_ids) & set(removals))
    not_linked = sorted(set(removals) - set(current))
    if both:
        errors.setdefault("remove_input_ids", []).append(
            f"Inputs both changed and removed: {', '.join(both)}.")
    if not_linked:
        errors.setdefault("remove_input_ids", []).append(
            f"Not linked to this decision: {', '.join(not_linked)}.")
    if errors:
        raise Invalid("The revision is not consistent.", errors)

    links = {k: v for k, v in current.items() if k not in removals}
    changed = list(removals)
    for link in changes:
        old = current.get(link.input_id)
        if old is None or old.claim() != link.claim():
            links[link.input_id] = link
            changed.append(link.input_id)
    if not changed and not wording_corrected:
        raise Invalid("The revision changes nothing.",
                      {"links": ["Every link given is already recorded exactly so, and no wording "
                                 "(title, summary, rationale) differs from the current one."]})
    if changed and not links and not no_input_considered:
        raise Invalid("A revision that leaves no links needs no_input_considered: true.",
                      {"no_input_considered": ["Required when the revision removes every link."]})
    return RevisionPlan(links=links, changed_input_ids=tuple(sorted(changed)))
