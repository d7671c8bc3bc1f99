"""``tiergate audit verify``: walk the chain from its anchor to its head and name every row
that was edited, removed or moved.

A row's own hash is recomputed from its contents: a mismatch means it was edited — or, when
the hash matches the same contents at another ``seq`` nearby, that it was moved there
(reordered). A gap in ``seq`` is a removal. A row whose ``prev_hash`` is not the hash of the
row before it, when neither is otherwise flagged, shows a row replaced as a whole. Rows
missing after the last one, or a last hash other than the recorded head, show the newest rows
removed or rewritten. Retention prunes the oldest rows and records the last one's hash as the
anchor: verification starts there (``tiergate.audit.chain.ChainState``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from tiergate.audit.chain import ChainState, Link, link_hash
from tiergate.audit.store import AuditStore

PAGE = 1000
MOVED_WINDOW = 1000  # how far away a moved row is recognised as moved (else: edited)
MAX_SEARCHES = 20  # rows searched for their original place (a wrong key flags every row)

Kind = Literal["edited", "reordered", "removed", "relinked", "head"]


@dataclass(frozen=True)
class Problem:
    kind: Kind
    seq: int
    request_id: str | None
    detail: str

    def line(self) -> str:
        rid = f" (request {self.request_id})" if self.request_id else ""
        return f"seq {self.seq}{rid}: {self.kind}: {self.detail}"


@dataclass
class Verdict:
    state: ChainState
    records: int = 0
    first_seq: int | None = None
    last_seq: int | None = None
    last_hash: str | None = None
    problems: list[Problem] = field(default_factory=list)
    own_hash_failures: int = 0

    @property
    def intact(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.intact:
            anchor = (
                f", after {self.state.pruned} pruned (anchor seq {self.state.anchor_seq})"
                if self.state.anchor_seq
                else ""
            )
            head = f"; head seq {self.state.head_seq} {self.state.head_hash[:16]}"
            return f"chain intact: {self.records} records{anchor}{head}"
        n = len(self.problems)
        return f"chain broken: {n} problem{'s' if n != 1 else ''} in {self.records} records"

    def hint(self) -> str | None:
        if self.records and self.own_hash_failures == self.records:
            return (
                "no row's hash matches its contents: is TIERGATE_AUDIT_KEY set to the key the "
                "gateway writes with?"
            )
        return None


def _links(store: AuditStore, after: int, up_to: int) -> Iterator[Link]:
    while True:
        page = store.links(after, PAGE)
        for link in page:
            if link.seq > up_to:
                return
            yield link
        if len(page) < PAGE:
            return
        after = page[-1].seq


def _written_as(link: Link, key: bytes | None) -> int | None:
    for d in range(1, MOVED_WINDOW + 1):
        for seq in (link.seq - d, link.seq + d):
            if seq > 0 and link_hash(seq, link.prev_hash, link.record, key) == link.hash:
                return seq
    return None


def verify(store: AuditStore, key: bytes | None) -> Verdict:
    """Check the whole chain of ``store`` with ``key`` (None: unkeyed SHA-256)."""
    state = store.chain_state()
    v = Verdict(state)
    expected, prev_hash, prev_rid, prev_flagged = (
        state.anchor_seq + 1,
        state.anchor_hash,
        None,
        False,
    )
    searches = 0
    # rows appended after the head was read are left for the next run
    for link in _links(store, state.anchor_seq, state.head_seq):
        rid = link.record.request_id
        v.records += 1
        v.first_seq = link.seq if v.first_seq is None else v.first_seq
        gap = link.seq > expected
        if gap:
            span = (
                f"seq {expected}" if link.seq == expected + 1 else f"seq {expected}–{link.seq - 1}"
            )
            after = f" after request {prev_rid}" if prev_rid else " (the oldest)"
            v.problems.append(
                Problem("removed", expected, None, f"{span} missing{after}, before request {rid}")
            )
        flagged = False
        if link_hash(link.seq, link.prev_hash, link.record, key) != link.hash:
            v.own_hash_failures += 1
            flagged = True
            moved = None
            if searches < MAX_SEARCHES:
                searches += 1
                moved = _written_as(link, key)
            if moved is not None:
                v.problems.append(
                    Problem("reordered", link.seq, rid, f"this row was written as seq {moved}")
                )
            else:
                v.problems.append(
                    Problem("edited", link.seq, rid, "its contents do not match its hash")
                )
        elif not gap and not prev_flagged and link.prev_hash != prev_hash:
            flagged = True
            v.problems.append(
                Problem(
                    "relinked",
                    link.seq,
                    rid,
                    f"its prev_hash is not the hash of seq {link.seq - 1}: a row was replaced "
                    "or the chain rewritten from here",
                )
            )
        expected, prev_hash, prev_rid, prev_flagged = link.seq + 1, link.hash, rid, flagged
        v.last_seq, v.last_hash = link.seq, link.hash
    if expected <= state.head_seq:
        span = (
            f"seq {expected}" if expected == state.head_seq else f"seq {expected}–{state.head_seq}"
        )
        after = f" after request {prev_rid}" if prev_rid else ""
        v.problems.append(Problem("removed", expected, None, f"{span} missing{after} (the newest)"))
    elif state.head_seq and v.last_hash != state.head_hash and not prev_flagged:
        v.problems.append(
            Problem(
                "head",
                state.head_seq,
                prev_rid,
                "the newest row's hash is not the chain head recorded when it was written",
            )
        )
    return v
