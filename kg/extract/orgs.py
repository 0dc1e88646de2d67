"""Organization mentions: a head noun (وزارت، سازمان، سپاه…) and its ezafe chain up to a boundary; nested units
(ناحیه مقاومت بسیج «وزارت نیرو»); agencies after «به گزارش / به نقل از»; anaphors (این مرکز، وزارتخانه)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kg.extract._util import SACRED_TITLES, blessing_at, chain_end, display, is_ordinal, keys, make_mention
from kg.extract.lexicon import Lexicons
from kg.extract.matcher import Scan
from kg.text import fold
from kg.types import Doc, Form, Mention

__all__ = ["find"]


def _adjectival(key: str) -> bool:
    """A relational adjective or plural people noun (دانشجویی، اسلامی، مستضعفین), not an ezafe-ی (الگوی)."""
    return key.endswith(("یی", "ین")) or (len(key) > 2 and key.endswith("ی") and key[-2] not in "اوی")


def _standalone_end(ks: Sequence[str], he: int, e: int, lex: Lexicons) -> int:
    """A head that names an organization alone (بسیج، سپاه، دولت) keeps only name-like modifiers:
    «بسیج دانشجویی»، «سپاه استان فارس», never «بسیج ظرفیت … است»."""
    j = he
    while j < e:
        holy = next((blessing_at(ks, k, e, lex) for k in range(j + 1, min(e, j + 3))
                     if blessing_at(ks, k, e, lex) > k), None)
        if holy:  # «قرارگاه خاتم‌الانبیا (ص) جنوب»
            j = holy
            continue
        if ks[j] in lex.words.scope and j + 1 < e and lex.places.match(ks, j + 1, e):
            j += 1  # «جهاد کشاورزی استان سمنان»: the scope word of a place that follows
        p = lex.places.match(ks, j, e)
        if p:
            j = p[0] + (1 if p[0] < e and not lex.places.match(ks, p[0], e) else 0)
            continue
        h = lex.org_heads.match(ks, j, e)
        if not h and j + 1 < len(ks) and ks[j + 1] == "را" and ks[j] not in lex.known_words:
            break  # «مجلس ایرادی را …»، «دولت طرحی را …»: an indefinite object (hazm lists no such word), not a
            # modifier («پلیس آگاهی را»)
        if h or _adjectival(ks[j]) or ks[j].isdigit() or ks[j] == "(":
            j = blessing_at(ks, j, e, lex) if ks[j] == "(" else (h[0] if h else j + 1)
            if ks[j - 1] == "(":
                break
            continue
        break
    return min(j, e)


def _end_at_place(ks: Sequence[str], j: int, e: int, lex: Lexicons) -> int:
    """A place ends an organization's name (استانداری چهارمحال و بختیاری «تدابیر…»، سازمان … کشور «و…»),
    unless a parent unit's head follows it."""
    k = j
    while k < e:
        p = lex.places.match(ks, k, e) if ks[k] in lex.places.starts else None
        end = p[0] if p else (k + 1 if ks[k] in lex.words.country_scope else None)
        if end is not None and end < e and not lex.org_heads.match(ks, end, e) and ks[end] not in lex.words.greater:
            return end
        k = end if end is not None else k + 1
    return e


def _org_end(ks: Sequence[str], he: int, b: int, lex: Lexicons, stops: set[int], start: int,
             standalone: bool = False) -> int:
    """End of the organization whose head ends at ``he`` (head starts at ``start``)."""
    j = he
    # «دانشگاه شهید بهشتی»، «قرارگاه خاتم‌الانبیا (ص)»: a holy or martyr's name right after the head is the name
    while j < b:
        t = lex.titles.match(ks, j, b)
        if not t or t[1][1] not in SACRED_TITLES:
            break
        j = t[0]
    st = stops - {he, j}
    e = chain_end(ks, j, b, lex, stops=st, allow_triggers=True, quantities=True) if j < b else j
    if j > he and e == j:
        e = he  # a title with no name after it does not belong to the organization
    e = _end_at_place(ks, j, e, lex)
    ag = lex.agencies.match(ks, he, b)
    if ag and e >= ag[0]:  # «خبرگزاری فارس احمد سالک»: an agency's name is complete
        return ag[0]
    known = lex.known_orgs.match(ks, start, b)
    if standalone and j == he and not known:
        e = _standalone_end(ks, he, e, lex)
    if known and known[0] >= he:
        ke = known[0]
        if ke >= e:
            return ke
        nxt = lex.org_heads.match(ks, ke, b)
        if not (nxt and nxt[1].nest):
            return ke
    return e


def _reporter_agency(ks: Sequence[str], i: int, b: int, lex: Lexicons) -> tuple[int, int, str] | None:
    """«خبرنگار (حوادث) فارس»: the agency named within three words after a reporter, as (start, end, name)."""
    for j in range(i + 1, min(b, i + 4)):
        ag = lex.agencies.match(ks, j, b)
        if ag:
            return j, ag[0], ag[1]
    return None


def _needs_complement(ks: Sequence[str], k: int, lex: Lexicons) -> bool:
    """«وزارت [کشور]»: a head that is no name alone makes the scope word its complement."""
    h = lex.org_heads.match(ks, k, k + 1)
    return bool(h) and not h[1].bare


def _place_before(doc: Doc, ks: Sequence[str], a: int, i: int, lex: Lexicons) -> str | None:
    """The nearest province or city named earlier in the sentence."""
    for k in range(i - 1, a - 1, -1):
        p = lex.places.match(ks, k, i)
        if p and lex.places.get("".join(ks[k:p[0]])) in ("province", "city"):
            return display(doc, k, p[0])
    return None


def _starts(lex: Lexicons) -> frozenset[str]:
    """First keys where an organization mention may begin: a reporter, a cue, an anaphor, a head, a known name."""
    return (lex.words.reporter | lex.cues.starts | frozenset(lex.org_anaphors) | lex.org_heads.starts
            | lex.known_orgs.starts)


def _here(ks: Sequence[str], i: int, b: int) -> tuple[int, None]:
    return i + 1, None


def find(doc: Doc, lex: Lexicons, persons: Iterable[Mention] = ()) -> list[Mention]:
    """Organization mentions. ``persons`` (already found) mark where a chain must stop (a name follows it)."""
    ks = keys(doc)
    starts = {t.start: t.i for t in doc.tokens}
    stops = {starts[p.start] for p in persons if p.start in starts and p.score >= 0.5}
    first_keys = _starts(lex)
    out: list[Mention] = []
    for s in doc.sents:
        a, b = s.first_token, s.last_token
        scan = Scan(ks, a, b, match=_here, starts=first_keys)
        for hit in scan:
            found, resume = _at(doc, ks, hit.start, a, b, lex, stops)
            out.extend(found)
            scan.resume(resume)
    return out


def _at(doc: Doc, ks: Sequence[str], i: int, a: int, b: int, lex: Lexicons,
        stops: set[int]) -> tuple[list[Mention], int]:
    """The organization mentions that start at token ``i``, and where the scan goes on."""
    k = ks[i]
    if k in lex.words.reporter and (ag := _reporter_agency(ks, i, b, lex)):
        return [make_mention(doc, ag[0], ag[1], "ORG", ag[2], "rule:agency", 0.85)], ag[1]
    cue = lex.cues.match(ks, i, b)
    if cue and cue[1] in ("report", "cite"):
        ag = lex.agencies.match(ks, cue[0], b)
        if ag and not lex.org_heads.match(ks, cue[0], b):
            return [make_mention(doc, cue[0], ag[0], "ORG", ag[1], "rule:agency", 0.9)], ag[0]
    ana = lex.org_anaphors.get(k)
    if ana and (ana[1] or (i > a and ks[i - 1] in lex.words.determiner)):
        return [make_mention(doc, i, i + 1, "ORG", ana[0], "rule:org-anaphor", 0.6, key="", form=Form.ANAPHOR)], i + 1
    h = lex.org_heads.match(ks, i, b)
    if not h:
        known = lex.known_orgs.match(ks, i, b)
        if known:  # «ناسا»: a name without a head noun; a country's official name is a place (جمهوری اسلامی ایران)
            p = lex.places.match(ks, i, b)
            if p and p[0] == known[0] and p[1] == "country":
                return [], known[0]
            return [make_mention(doc, i, known[0], "ORG", display(doc, i, known[0]), "rule:known-org", 0.8)], known[0]
        return [], i + 1
    he, head = h
    if i > a and ks[i - 1] in lex.words.determiner:
        e = chain_end(ks, he, b, lex, stops=stops, max_len=3)
        if e == he or not (lex.known_orgs.match(ks, i, b) or lex.org_heads.match(ks, he, e)):
            # «این شرکت جریمه … را پرداخت»: after «این» the head refers back; what follows is the clause
            return [make_mention(doc, i, he, "ORG", head.form, "rule:org-anaphor", 0.6, key="",
                                 form=Form.ANAPHOR)], he
    e = _org_end(ks, he, b, lex, stops, i, head.standalone)
    if (head.parent or (not head.standalone and he < b and is_ordinal(ks[he], lex))) and not any(
            lex.org_heads.match(ks, k, e) for k in range(he, e)):
        # «واحد مسکونی»، «تیم هفتم جدول»: a unit, or a head with a rank, is an organization only inside its parent's
        # name («واحد رسانه شرکت …»، «اداره پنجم پلیس آگاهی …»)
        return [], max(he, e)
    if e == he and fold(head.form) in lex.jurisdictions:
        place = _place_before(doc, ks, a, i, lex)
        if place:  # «استان یزد: … (معاون عمرانی استانداری)»: a bare administration belongs to the place named
            return [make_mention(doc, i, e, "ORG", f"{head.form} {place}", "rule:org-jurisdiction", 0.6)], he
    if (e == he and not (head.standalone and head.bare)) or (
            e == he + 1 and ks[he] in lex.words.scope and not head.standalone and not lex.known_orgs.match(ks, i, e)):
        return [], max(he, e)  # «مرکز استان» is a city, «سازمان‌ها» no name
    while e > he + 1 and ks[e - 1] in lex.words.local_scope and not _needs_complement(ks, e - 2, lex) and not (
            e < b and lex.places.match(ks, e, b)):
        e -= 1  # «جمعیت هلال‌احمر استان از …»: a province left unnamed is not part of the name («کشور» is:
        # «سازمان بازرسی کل کشور»)
    return [make_mention(doc, i, e, "ORG", display(doc, i, e), "rule:org-head", 0.8), *_nested(doc, ks, he, e, lex)], e


def _nested(doc: Doc, ks: Sequence[str], he: int, e: int, lex: Lexicons) -> list[Mention]:
    """Parent units named inside a longer name: the first nesting head after at least one modifier."""
    out = []
    k = he + 1
    while k < e:
        h = lex.org_heads.match(ks, k, e)
        if h and h[1].nest and (h[0] < e or h[1].standalone):
            out.append(make_mention(doc, k, e, "ORG", display(doc, k, e), "rule:org-nested", 0.75, form=Form.NESTED))
            he2 = h[0]
            k = he2 + 1
            continue
        k += 1
    return out
