"""Which inputs a board may cite."""
from __future__ import annotations

from services.decisions.domain.errors import Invalid
from services.decisions.domain.model import Board, InputRef
from services.decisions.service_layer.unit_of_work import UnitOfWork


def citable_inputs(uow: UnitOfWork, board: Board, input_ids: list[str], field: str) -> dict[str, InputRef]:
    """The inputs, or Invalid naming each one that is unknown to the board or withdrawn."""
    refs = uow.inputs.refs(sorted(set(input_ids)))
    problems: dict[str, list[str]] = {}
    for input_id in input_ids:
        ref = refs.get(input_id)
        if ref is None or (board.programmes and ref.programme not in board.programmes):
            problems[input_id] = [f"Input {input_id} is not known to this board."]
        elif ref.withdrawn:
            problems[input_id] = [f"Input {input_id} has been withdrawn and cannot be cited."]
    if problems:
        raise Invalid(f"{len(problems)} input(s) cannot be cited.", {field: problems})
    return refs
