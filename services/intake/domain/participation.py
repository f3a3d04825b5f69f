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
# so the partner must name the commissioning stage at which they did, on the input or on its
# programme (a programme run as co-production names it once for all its input)
NEEDS_SHARED_DECISION_STAGE = ("co-production",)

LADDER_TEXT = ("The ladder runs informing, consultation, engagement, co-design, co-production: "
               "co-design means contributors shaped the options, co-production that they shared "
               "the decision itself.")

METHOD_WORDS = {"survey": "A survey", "comment_form": "A comment form"}


def participation_problems(engagement_method: str, participation_level: str,
                           shared_decision_stage: str | None,
                           programme_stage: str | None = None) -> list[str]:
    """Why this claim is not honest, as sentences for the partner; empty when it is.
    `programme_stage`: the stage the input's programme names, if it names one."""
    return (method_problems(engagement_method, participation_level)
            or stage_problems(participation_level, shared_decision_stage, programme_stage))


def method_problems(engagement_method: str, participation_level: str) -> list[str]:
    """The rung is higher than the way the input was gathered allows."""
    highest = HIGHEST_RUNG.get(engagement_method)
    if highest is not None and LADDER.index(participation_level) > LADDER.index(highest):
        method = METHOD_WORDS.get(engagement_method, engagement_method)
        return [f"{method} cannot be '{participation_level}': it reaches '{highest}' at most. "
                f"{LADDER_TEXT}"]
    return []


def stage_problems(participation_level: str, shared_decision_stage: str | None,
                   programme_stage: str | None) -> list[str]:
    """The rung needs a stage of shared decision-making that neither the input nor its
    programme names."""
    if participation_level in NEEDS_SHARED_DECISION_STAGE and not (shared_decision_stage or programme_stage):
        return ["Co-production needs shared_decision_stage: name the stage at which contributors "
                "shared decision-making, on the input or on its programme (decisions' PATCH "
                f"/v1/programmes/{{programme_id}}). {LADDER_TEXT}"]
    return []


def stage_claimed(participation_level: str, shared_decision_stage: str | None,
                  programme_stage: str | None) -> str | None:
    """The stage an accepted input records: its own, or for co-production its programme's."""
    if shared_decision_stage or participation_level not in NEEDS_SHARED_DECISION_STAGE:
        return shared_decision_stage
    return programme_stage
