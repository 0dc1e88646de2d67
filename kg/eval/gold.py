"""Gold annotations (``tests/gold/<id>.json``, format in ``../shared/docs/GOLD_FORMAT.md``): load and validate.

A malformed file is refused with one line that names the file and the field, so an annotator can fix it at once.
Extensions (compatible: every older file still reads):

- ``"transform": "strip_zwnj"`` asks ``kg eval`` to remove every ZWNJ from the article text before building it (the
  same annotations then measure robustness to lost ZWNJs).
- ``"mentions"``: every mention with character offsets into the article text (``tests/gold-sample/README.md``);
  posts may say ``"acting"``, quotes may give the ``start``/``end`` of the whole reported speech, and an
  organization the text only implies (``وزیر کشور`` → ``وزارت کشور``) says ``"implied": true``.
  ``check_text`` checks them against the text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import InputError

__all__ = ["HOWS", "MENTION_LABELS", "TRANSFORMS", "Gold", "GoldError", "GoldEvent", "GoldMention", "GoldName",
           "GoldParticipation", "GoldPerson", "GoldPost", "GoldQuote", "GoldSubOrg", "check_text", "gold_files",
           "load_gold", "load_gold_set", "parse_gold"]

HOWS = frozenset({"attendee", "speaker", "organizer", "honoree", "invited", "host", "guest"})
TRANSFORMS = frozenset({"strip_zwnj"})
MENTION_LABELS = frozenset({"PER", "ORG", "ROLE", "EVENT", "LOC", "DATE"})


class GoldError(InputError):
    """A gold file is missing, not JSON, or does not follow GOLD_FORMAT.md."""


@dataclass(frozen=True, slots=True)
class GoldName:
    """An organization or place: canonical name and other spellings."""

    name: str
    alt: tuple[str, ...] = ()
    implied: bool = False  # an organization the text implies but never writes (وزیر کشور → وزارت کشور)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.alt)


@dataclass(frozen=True, slots=True)
class GoldMention:
    """One mention: ``text == article_text[start:end]``; ``entity`` is the canonical name it refers to (PER, ORG,
    EVENT, LOC); ``anaphor`` marks a pronoun or demonstrative phrase (وی، این اداره کل) rather than a name."""

    start: int
    end: int
    label: str
    text: str
    entity: str | None = None
    anaphor: bool = False


@dataclass(frozen=True, slots=True)
class GoldPerson:
    name: str
    alt: tuple[str, ...] = ()
    honorifics: tuple[str, ...] = ()
    religious_figure: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.alt)


@dataclass(frozen=True, slots=True)
class GoldEvent:
    name: str
    alt: tuple[str, ...] = ()
    kind: str | None = None
    date: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.alt)


@dataclass(frozen=True, slots=True)
class GoldPost:
    person: str
    role: str
    org: str | None
    former: bool = False
    evidence: str = ""
    acting: bool = False


@dataclass(frozen=True, slots=True)
class GoldParticipation:
    person: str
    event: str
    how: str
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class GoldQuote:
    speaker: str
    snippet: str
    start: int | None = None  # the whole reported speech, when annotated
    end: int | None = None


@dataclass(frozen=True, slots=True)
class GoldSubOrg:
    child: str
    parent: str
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class Gold:
    """One annotated article. ``id`` names the corpus record; ``source`` the gold file it came from."""

    id: str
    persons: tuple[GoldPerson, ...] = ()
    organizations: tuple[GoldName, ...] = ()
    places: tuple[GoldName, ...] = ()
    events: tuple[GoldEvent, ...] = ()
    posts: tuple[GoldPost, ...] = ()
    participation: tuple[GoldParticipation, ...] = ()
    quotes: tuple[GoldQuote, ...] = ()
    suborganizations: tuple[GoldSubOrg, ...] = ()
    transform: str | None = None
    notes: str = ""
    source: str = ""
    mentions: tuple[GoldMention, ...] = ()

    @property
    def label(self) -> str:
        """How reports name it: the id, plus the transform when there is one."""
        return f"{self.id}+{self.transform}" if self.transform else self.id


def _str(obj: dict, key: str, where: str, *, required: bool = True, nullable: bool = False) -> str | None:
    val = obj.get(key)
    if val is None:
        if required and not nullable:
            raise GoldError(f"{where}: missing field {key!r}")
        return None
    if not isinstance(val, str) or (required and not val.strip()):
        raise GoldError(f"{where}: field {key!r} must be a non-empty string, got {val!r}")
    return val


def _strs(obj: dict, key: str, where: str) -> tuple[str, ...]:
    val = obj.get(key, [])
    if val is None:
        return ()
    if not isinstance(val, list) or not all(isinstance(x, str) for x in val):
        raise GoldError(f"{where}: field {key!r} must be a list of strings")
    return tuple(x for x in val if x.strip())


def _items(data: dict, key: str, where: str) -> list[tuple[dict, str]]:
    val = data.get(key, [])
    if val is None:
        return []
    if not isinstance(val, list):
        raise GoldError(f"{where}: {key!r} must be a list")
    out = []
    for i, item in enumerate(val):
        w = f"{where}: {key}[{i}]"
        if isinstance(item, str) and key == "places":
            item = {"name": item}
        if not isinstance(item, dict):
            raise GoldError(f"{w} must be an object")
        out.append((item, w))
    return out


def _bool(obj: dict, key: str, where: str) -> bool:
    val = obj.get(key, False)
    if not isinstance(val, bool):
        raise GoldError(f"{where}: field {key!r} must be true or false")
    return val


def _int(obj: dict, key: str, where: str, *, required: bool = True) -> int | None:
    val = obj.get(key)
    if val is None and not required:
        return None
    if not isinstance(val, int) or isinstance(val, bool) or val < 0:
        raise GoldError(f"{where}: field {key!r} must be a character offset (an integer ≥ 0), got {val!r}")
    return val


def _mention(o: dict, w: str) -> GoldMention:
    label = _str(o, "label", w)
    if label not in MENTION_LABELS:
        raise GoldError(f"{w}: label must be one of {'|'.join(sorted(MENTION_LABELS))}, got {label!r}")
    start, end = _int(o, "start", w), _int(o, "end", w)
    if end <= start:
        raise GoldError(f"{w}: end {end} must be greater than start {start}")
    return GoldMention(start, end, label, o.get("text") if isinstance(o.get("text"), str) else "",
                       _str(o, "entity", w, required=False), _bool(o, "anaphor", w))


def parse_gold(data: Any, source: str = "<gold>") -> Gold:
    """Validate one decoded gold JSON object and return it typed; raise ``GoldError`` on the first problem."""
    if not isinstance(data, dict):
        raise GoldError(f"{source}: top level must be a JSON object")
    gid = _str(data, "id", source)
    where = f"{source} ({gid})"
    transform = _str(data, "transform", where, required=False)
    if transform is not None and transform not in TRANSFORMS:
        raise GoldError(f"{where}: unknown transform {transform!r} (known: {', '.join(sorted(TRANSFORMS))})")
    persons = tuple(
        GoldPerson(_str(o, "name", w), _strs(o, "alt", w), _strs(o, "honorifics", w), _bool(o, "religious_figure", w))
        for o, w in _items(data, "persons", where))
    orgs = tuple(GoldName(_str(o, "name", w), _strs(o, "alt", w), _bool(o, "implied", w))
                 for o, w in _items(data, "organizations", where))
    places = tuple(GoldName(_str(o, "name", w), _strs(o, "alt", w)) for o, w in _items(data, "places", where))
    events = tuple(
        GoldEvent(_str(o, "name", w), _strs(o, "alt", w), _str(o, "kind", w, required=False),
                  _str(o, "date", w, required=False))
        for o, w in _items(data, "events", where))
    posts = tuple(
        GoldPost(_str(o, "person", w), _str(o, "role", w), _str(o, "org", w, nullable=True), _bool(o, "former", w),
                 _str(o, "evidence", w, required=False) or "", _bool(o, "acting", w))
        for o, w in _items(data, "posts", where))
    parts = []
    for o, w in _items(data, "participation", where):
        how = _str(o, "how", w)
        if how not in HOWS:
            raise GoldError(f"{w}: how must be one of {'|'.join(sorted(HOWS))}, got {how!r}")
        parts.append(GoldParticipation(_str(o, "person", w), _str(o, "event", w), how,
                                       _str(o, "evidence", w, required=False) or ""))
    quotes = tuple(GoldQuote(_str(o, "speaker", w), _str(o, "snippet", w), _int(o, "start", w, required=False),
                             _int(o, "end", w, required=False)) for o, w in _items(data, "quotes", where))
    mentions = tuple(_mention(o, w) for o, w in _items(data, "mentions", where))
    subs = tuple(GoldSubOrg(_str(o, "child", w), _str(o, "parent", w), _str(o, "evidence", w, required=False) or "")
                 for o, w in _items(data, "suborganizations", where))
    gold = Gold(gid, persons, orgs, places, events, posts, tuple(parts), quotes, subs, transform,
                data.get("notes") or "", source, mentions)
    _check_references(gold, where)
    return gold


def _check_references(g: Gold, where: str) -> None:
    """Posts, participation and quotes must name a listed person (and event), exactly as listed (name or alt)."""
    people = {n for p in g.persons for n in p.names}
    events = {n for e in g.events for n in e.names}
    for i, p in enumerate(g.posts):
        if p.person not in people:
            raise GoldError(f"{where}: posts[{i}].person {p.person!r} is not in persons")
    for i, p in enumerate(g.participation):
        if p.person not in people:
            raise GoldError(f"{where}: participation[{i}].person {p.person!r} is not in persons")
        if p.event not in events:
            raise GoldError(f"{where}: participation[{i}].event {p.event!r} is not in events")
    for i, q in enumerate(g.quotes):
        if q.speaker not in people:
            raise GoldError(f"{where}: quotes[{i}].speaker {q.speaker!r} is not in persons")


_ENTITY_LABEL = {"PER": "persons", "ORG": "organizations", "EVENT": "events", "LOC": "places"}


def check_text(g: Gold, text: str) -> list[str]:
    """Every problem of ``g``'s offsets against its article ``text`` (empty when the file is sound).

    Mentions must point into the text and copy it exactly; a PER/ORG/EVENT/LOC mention names a listed entity by its
    canonical ``name``; every listed entity is mentioned by name at least once (an ``implied`` organization need
    not be); every fact's ends are mentioned entities, every post's role is the text of a ROLE mention, and a quote
    with a span holds its snippet inside it.
    """
    from kg.eval.match import fold  # the yardstick's own fold: no extractor code

    out: list[str] = []
    for i, m in enumerate(g.mentions):
        if m.end > len(text):
            out.append(f"mentions[{i}] {m.text!r}: end {m.end} is past the text ({len(text)} characters)")
        elif text[m.start:m.end] != m.text:
            out.append(f"mentions[{i}]: text[{m.start}:{m.end}] is {text[m.start:m.end]!r}, not {m.text!r}")
        elif m.text != m.text.strip():
            out.append(f"mentions[{i}] {m.text!r}: starts or ends with white space")
    kinds = {"persons": g.persons, "organizations": g.organizations, "events": g.events, "places": g.places}
    canon = {k: {e.name for e in v} for k, v in kinds.items()}
    named: dict[str, set[str]] = {k: set() for k in kinds}
    for i, m in enumerate(g.mentions):
        kind = _ENTITY_LABEL.get(m.label)
        if kind is None:
            continue
        if m.entity is None or m.entity not in canon[kind]:
            out.append(f"mentions[{i}] {m.text!r} ({m.label}): entity {m.entity!r} is not a name in {kind}")
        elif not m.anaphor:
            named[kind].add(m.entity)
    for kind, ents in kinds.items():
        for e in ents:
            if e.name not in named[kind] and not getattr(e, "implied", False):
                out.append(f"{kind}: {e.name!r} has no mention (annotate where the text names it)")

    def ref(kind: str, name: str | None) -> str | None:
        """The canonical name a fact's ``name`` (a name or an alt) denotes."""
        return next((e.name for e in kinds[kind] if name in e.names), None)

    roles = {fold(m.text) for m in g.mentions if m.label == "ROLE"}
    roles |= {r[:-1] for r in roles if r.endswith("ی")}  # «سخنگوی» (ezafe glued) is the role «سخنگو»
    for i, p in enumerate(g.posts):
        if p.org is not None and ref("organizations", p.org) is None:
            out.append(f"posts[{i}].org {p.org!r} is not in organizations")
        if fold(p.role) not in roles:
            out.append(f"posts[{i}].role {p.role!r} is not the text of any ROLE mention")
    for i, s in enumerate(g.suborganizations):
        for end in (s.child, s.parent):
            if ref("organizations", end) is None:
                out.append(f"suborganizations[{i}]: {end!r} is not in organizations")
    for i, q in enumerate(g.quotes):
        if (q.start is None) != (q.end is None):
            out.append(f"quotes[{i}]: give both start and end, or neither")
        elif q.start is not None and q.end is not None:
            if not q.start < q.end <= len(text):
                out.append(f"quotes[{i}]: span {q.start}–{q.end} is not inside the text")
            elif fold(q.snippet) not in fold(text[q.start:q.end]):
                out.append(f"quotes[{i}]: the snippet is not inside text[{q.start}:{q.end}]")
        if fold(q.snippet) not in fold(text):
            out.append(f"quotes[{i}]: the snippet is not in the article text")
    return out


def load_gold(path: str | Path) -> Gold:
    """Read and validate one gold file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GoldError(f"{path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise GoldError(f"{path}: not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise GoldError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    return parse_gold(data, str(path))


def gold_files(inputs: Iterable[str | Path]) -> list[Path]:
    """Every ``*.json`` in the given files and folders (folders not recursive), sorted, duplicates dropped."""
    found: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found.extend(sorted(path.glob("*.json")))
        elif path.exists():
            found.append(path)
        else:
            raise GoldError(f"{path}: no such gold file or folder")
    seen: set[Path] = set()
    out = [p for p in found if not (p.resolve() in seen or seen.add(p.resolve()))]
    if not out:
        raise GoldError("no gold files (*.json) found in " + ", ".join(map(str, inputs)))
    return out


def load_gold_set(inputs: Iterable[str | Path]) -> list[Gold]:
    """Load every gold file in ``inputs``; two files for the same article and transform are refused."""
    golds = [load_gold(p) for p in gold_files(list(inputs))]
    seen: dict[str, str] = {}
    for g in golds:
        if g.label in seen:
            raise GoldError(f"{g.source}: article {g.label} is already annotated in {seen[g.label]}")
        seen[g.label] = g.source
    return golds
