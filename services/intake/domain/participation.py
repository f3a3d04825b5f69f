"""Honest participation: which rung of the ladder an input may claim, given how it was gathered.

The ladder, lowest to highest: informing, consultation, engagement, co-design, co-production.
Calling a survey co-production ("faux-production") harms the people who gave their time, so the
rules below are checked on every input. They are one table, documented in docs/glossary.md."""
from __future__ import annotations

LADDER = ("informing", "consultation", "engagement", "co-design", "co-production")

# how input was gathered -> the highest rung it can honestly claim; a method not listed may claim
# any rung. A survey or comment form asks people for answers: they shape nothing themselves.
HIGHEST_RUNG = {"survey": "engagement", "comment_form": "engagement"}

# rungs that need more than the method: co-production means contributors shared the decision,
# so the partner must name the commissioning stage at which they did
NEEDS_SHARED_DECISION_STAGE = ("co-production",)

LADDER_TEXT = ("The ladder runs informing, consultation, engagement, co-design, co-production: "
               "co-design means contributors shaped the options, co-production that they shared "
               "the decision itself.")

METHOD_WORDS = {"survey": "A survey", "comment_form": "A comment form"}


def participation_problems(engagement_method: str, participation_level: str,
                           shared_decision_stage: str | None) -> list[str]:
    """Why this claim is not honest, as sentences for the partner; empty when it is."""
    problems = []
    highest = HIGHEST_RUNG.get(engagement_method)
    if highest is not None and LADDER.index(participation_level) > LADDER.index(highest):
        method = METHOD_WORDS.get(engagement_method, engagement_method)
        problems.append(f"{method} cannot be '{participation_level}': it reaches '{highest}' at "
                        f"most. {LADDER_TEXT}")
    elif participation_level in NEEDS_SHARED_DECISION_STAGE and not shared_decision_stage:
        problems.append("Co-production needs shared_decision_stage: name the stage at which "
                        f"contributors shared decision-making. {LADDER_TEXT}")
    return problems
