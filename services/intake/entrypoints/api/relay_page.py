"""/relays/print: the relay list (see relays.py) as a page to print, for staff who tell people in
person. HTML without script; opened in a browser, it asks for the partner key as the password."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Response
from flask_smorest import Blueprint
from marshmallow import RAISE

from services.common.web.auth import authorized
from services.common.web.pagination import PageArgs, keyset_page, split_two_id_position
from services.common.web.runtime import current_runtime
from services.common.web.security_headers import policy_with_inline_styles
from services.intake.adapters.pages import page_renderer
from services.intake.entrypoints.api.access import calling_partner
from services.intake.entrypoints.api.relays import relay_position
from services.intake.service_layer import relays as use_cases

blp = Blueprint("relay_page", __name__, url_prefix="/relays",
                description="The relay list as a printable page (HTML), oldest outcome first.")

# what to tell the person, in the partner's voice ("they": the board)
INFLUENCE_WORDS = {"adopted": "They did this.",
                   "adapted": "They did part of this, or did it in a different way.",
                   "not_adopted": "They did not do this.",
                   "noted": "It was part of the discussion, without a specific change."}


@blp.route("/print")
@authorized(blp, "partner", basic=True)
@blp.arguments(PageArgs, location="query", unknown=RAISE)
@blp.doc(responses={"200": {"description": "The relay list as a page to print",
                            "content": {"text/html": {"schema": {"type": "string"}}}}})
def printable_relay_list(args):
    """The people this partner must tell itself, as a page to print, a page at a time"""
    with current_runtime().uow_factory() as uow:
        page = keyset_page(args, lambda after, limit: use_cases.relay_list(
            uow, calling_partner(), split_two_id_position(after), limit), relay_position)
    next_url = (f"/relays/print?{urlencode({'cursor': page['next_cursor'], 'limit': args['limit']})}"
                if page["next_cursor"] else None)
    html = page_renderer().render_page("relay_list", {
        "people": page["items"], "words": INFLUENCE_WORDS, "next_url": next_url, "limit": args["limit"]})
    response = Response(html, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"  # names of people: never kept by a proxy
    # its screen and print styles are inline: the policy allows exactly those blocks
    response.headers["Content-Security-Policy"] = policy_with_inline_styles(html)
    return response
