"""The demo data set for `heard demo`: a fictional town, Northmere, its partners, people and boards.

Every name is invented and every address is under .example (RFC 2606), so nothing here can reach
a real person. Dates are given as days before today, so the record looks lived-in whenever it
is loaded: input gathered over the last six months, decisions taken over the last three.
"""
from __future__ import annotations

from typing import Any

ORGANISATION = "Northmere Integrated Care (fictional)"
CRISIS, YOUNG, HOME = "Adult crisis care", "Young people's mental health", "Home care for older people"
PROGRAMMES = {
    CRISIS: "Where adults in a mental health crisis can go, day and night.",
    YOUNG: "Support for 14 to 25 year olds between school, college and adult services.",
    HOME: "Care at home after hospital, and for people living alone.",
}
BOARDS: dict[str, dict[str, Any]] = {
    "mental-health": {"name": "Northmere Mental Health Board (demo)", "outcome_due_days": 60,
                      "programmes": [CRISIS, YOUNG]},
    "ageing-well": {"name": "Northmere Ageing Well Board (demo)", "outcome_due_days": 90,
                    "programmes": [HOME]},
}
PARTNERS: dict[str, dict[str, Any]] = {
    "peer": {"name": "Northmere Peer Support (demo)", "contact_email": "team@peer-support.northmere.example",
             "daily_digest": True},
    "young": {"name": "Riverside Young Voices (demo)", "contact_email": "hello@young-voices.northmere.example"},
    "carers": {"name": "Ashgrove Carers Network (demo)", "contact_email": "office@ashgrove-carers.northmere.example"},
}
# (partner, name, email or None, tell them about outcomes, quote anonymously, consent method)
CONTRIBUTORS: dict[str, tuple[str, str, str | None, bool, bool, str]] = {
    "sam": ("peer", "Sam", "sam.demo@peer-support.northmere.example", True, True, "written"),
    "priya": ("peer", "Priya", "priya.demo@peer-support.northmere.example", True, False, "online"),
    "dev": ("peer", "Dev", "dev.demo@peer-support.northmere.example", False, False, "verbal"),
    "jordan": ("young", "Jordan", "jordan.demo@young-voices.northmere.example", True, True, "online"),
    "aisha": ("young", "Aisha", None, True, True, "verbal"),  # wants news, left no address
    "mo": ("young", "Mo", "mo.demo@young-voices.northmere.example", False, True, "written"),
    "eileen": ("carers", "Eileen", "eileen.demo@ashgrove-carers.northmere.example", True, True, "written"),
    "frank": ("carers", "Frank", "frank.demo@ashgrove-carers.northmere.example", True, False, "verbal"),
}
# what a co-produced input names: the commissioning stage at which contributors shared the
# decision (here: they designed the service with commissioners, with an equal say)
SHARED_DECISION_STAGE = "designing_services"
# key: (partner, contributor or None for anonymous, programme, topics, days ago, method, level, summary)
INPUTS: dict[str, tuple[str, str | None, str, list[str], int, str, str, str]] = {
    "calm-space": ("peer", "sam", CRISIS, ["out of hours", "places to go"], 170, "workshop", "co-design",
                   "At 3am the only place open was A&E. I wanted somewhere calm to go that was not a ward."),
    "taxi": ("peer", "dev", CRISIS, ["transport"], 160, "interview", "consultation",
             "Getting home after a crisis at night costs more than I have."),
    "peer-staff": ("peer", None, CRISIS, ["staff"], 150, "survey", "consultation",
                   "Staff who had been through it themselves helped me most."),
    "phone-wait": ("peer", "priya", CRISIS, ["phone line", "waiting"], 120, "focus_group", "engagement",
                   "The crisis line kept me on hold for forty minutes."),
    "follow-up": ("peer", "sam", CRISIS, ["after care"], 95, "story", "co-production",
                  "Nobody called me in the week after I left the crisis house."),
    "text-line": ("peer", None, CRISIS, ["phone line"], 40, "survey", "consultation",
                  "I would rather text than call when things are bad."),
    "handover": ("young", "jordan", YOUNG, ["moving to adult services"], 165, "co_design_session",
                 "co-design", "At 18 I lost my worker overnight and had to tell my story again."),
    "college": ("young", "aisha", YOUNG, ["college"], 140, "workshop", "engagement",
                "College counselling stops in the summer, which is when I needed it."),
    "online": ("young", "mo", YOUNG, ["online support"], 110, "survey", "consultation",
               "An online chat in the evening would have helped before things got worse."),
    "waiting-list": ("young", None, YOUNG, ["waiting"], 80, "survey", "informing",
                     "Eleven months on a waiting list with no contact at all."),
    "drop-in": ("young", "jordan", YOUNG, ["places to go"], 30, "focus_group", "engagement",
                "A drop-in in town on Saturdays, run with young people."),
    "discharge": ("carers", "eileen", HOME, ["after hospital"], 175, "interview", "consultation",
                  "Mum came home from hospital on a Friday and no carer came until Tuesday."),
    "rota": ("carers", "frank", HOME, ["visits"], 150, "focus_group", "engagement",
             "A different carer every visit means explaining everything again."),
    "fifteen-minutes": ("carers", None, HOME, ["visits"], 125, "survey", "consultation",
                        "Fifteen-minute visits are not enough time to help someone eat."),
    "lonely": ("carers", "eileen", HOME, ["living alone"], 70, "story", "co-production",
               "Dad sees nobody but the carer for days on end."),
    "night-sitting": ("carers", "frank", HOME, ["nights"], 20, "workshop", "co-design",
                      "Carers need a night's sleep too: a night-sitting service would help."),
}
# board, programme, title, summary, rationale, decided (days ago), links, then changes over time:
# ("revise", reason, links) or ("progress", status, percent, note). A decision with publish=False
# stays a draft, as a board's work in progress does.
DECISIONS: list[dict[str, Any]] = [
    {"board": "mental-health", "programme": CRISIS, "decided": 85, "publish": True,
     "title": "Open a night-time crisis café",
     "summary": "A café open from 8pm to 8am, staffed by peer supporters, as an alternative to A&E.",
     "rationale": "People told us A&E is the wrong place at night and that peer staff help most.",
     "links": [("calm-space", "adopted", "You asked for somewhere calm at night: the café opens at 8pm."),
               ("peer-staff", "adopted", "Every shift has at least one peer supporter."),
               ("taxi", "not_adopted", "We are not funding taxis: the café is on the night bus route.")],
     "later": [("progress", "in_progress", 30, "Premises found on Mill Street; lease signed."),
               ("revise", "The night bus stopped running; we now fund taxis home after 11pm.",
                [("taxi", "adapted", "Taxis home are paid for after 11pm, when the last bus has gone.")]),
               ("progress", "in_progress", 70, "Peer supporters recruited and trained.")]},
    {"board": "mental-health", "programme": CRISIS, "decided": 60, "publish": True,
     "title": "Answer the crisis line within five minutes",
     "summary": "Two more call handlers each evening, and a call-back offer after five minutes.",
     "rationale": "Long waits on the line were the most common complaint.",
     "links": [("phone-wait", "adopted", "Two more handlers work each evening from next month."),
               ("follow-up", "noted", "Follow-up calls are part of the after-care review next year.")],
     "later": [("progress", "delivered", 100, "Average wait in the evening is now three minutes.")]},
    {"board": "mental-health", "programme": YOUNG, "decided": 45, "publish": True,
     "title": "One worker from 16 to 25",
     "summary": "Young people keep the same worker when they move to adult services.",
     "rationale": "Losing a worker at 18 came up in every session with young people.",
     "links": [("handover", "adopted", "You keep your worker until 25 unless you choose to change."),
               ("college", "adapted", "Counselling continues over the summer, run by the NHS team."),
               ("online", "not_adopted", "An evening chat was not funded this year; we will look again.")],
     "later": [("progress", "planned", 0, "Starts with the next school year.")]},
    {"board": "ageing-well", "programme": HOME, "decided": 50, "publish": True,
     "title": "A carer on the day someone leaves hospital",
     "summary": "Hospital discharge is arranged only when a first home visit is booked for that day.",
     "rationale": "Families told us of days without care after weekend discharges.",
     "links": [("discharge", "adopted", "No discharge without a home visit booked for the same day."),
               ("rota", "adapted", "Each person has a small team of three carers rather than one."),
               ("fifteen-minutes", "noted", "Visit length is reviewed with the new contracts in spring.")],
     "later": [("revise", "Visit length was decided early: no visit is shorter than 30 minutes.",
                [("fifteen-minutes", "adopted", "From April no visit is shorter than 30 minutes.")]),
               ("progress", "in_progress", 50, "Two of the four hospital wards work this way now.")]},
    {"board": "ageing-well", "programme": HOME, "decided": 10, "publish": False,
     "title": "Befriending for people who live alone",
     "summary": "A weekly visit from a volunteer for anyone receiving home care who lives alone.",
     "rationale": "Loneliness came up as often as care itself.",
     "links": [("lonely", "adopted", "Every person living alone is offered a weekly volunteer visit.")],
     "later": []},
]
