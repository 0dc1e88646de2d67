"""Role mentions (وزیر، معاون سیاسی، فرمانده…) and the organization a role implies: «وزیر کشور» names
«وزارت کشور», «استاندار یزد» names «استانداری یزد» (an ORG mention over the complement, ``Form.IMPLIED``)."""

from __future__ import annotations

from collections.abc import Sequence

from kg.extract._util import chain_end, display, keys, light_verb_next, make_mention
from kg.extract.lexicon import Lexicons, RoleEntry
from kg.extract.matcher import Scan
from kg.text import fold
from kg.types import Doc, Form, Mention

__all__ = ["find", "role_entry"]

_IMPLIED = "rule:implied-org"


def role_entry(lex: Lexicons, form: str) -> RoleEntry | None:
    """The lexicon entry of a role mention's canonical form (its first role noun)."""
    words = fold(form).split(" ")
    for n in range(len(words), 0, -1):
        e = lex.roles.get("".join(words[:n]))
        if e:
            return e
    return None


def _complement(ks: Sequence[str], e: int, b: int, lex: Lexicons, implied: str) -> int:
    """End of the words after a role that, with the implied head, name the organization."""
    ih = fold(implied).replace(" ", "")
    best = e
    # a well-known full name: «وزیر امور خارجه» → وزارت امور خارجه
    acc = ih
    for j in range(e, min(b, e + 8)):
        acc += ks[j]
        if acc in lex.known_orgs:
            best = j + 1
        if acc not in lex.known_orgs.prefixes:
            break
    if best > e:
        return best
    ce = chain_end(ks, e, b, lex, allow_heads=False, max_len=4)
    if ce <= e:
        return e
    # a place: «استاندار یزد»، «فرماندار شهرستان بم»
    p = lex.places.match(ks, e, b)
    if p:
        return p[0]
    if e + 1 < b and (ks[e] in lex.words.place_prefix or ks[e] in lex.words.district) and lex.places.match(
            ks, e + 1, b):
        return lex.places.match(ks, e + 1, b)[0]  # type: ignore[index]
    # a chain that ends cleanly (punctuation, a name, «نیز») is the whole name: «مدیرکل اوقاف و امور خیریه استان»
    if ce >= b or not ks[ce][:1].isalpha() or lex.titles.match(ks, ce, b) or ks[ce] in lex.words.also:
        return ce
    # otherwise one word, or «X و Y» (راه و شهرسازی), then «استان یزد» if it follows
    end = e + 3 if ce >= e + 3 and ks[e + 1] == "و" else e + 1
    if end + 1 < b and ks[end] in lex.words.place_prefix and lex.places.match(ks, end + 1, b):
        end = lex.places.match(ks, end + 1, b)[0]  # type: ignore[index]
    return end


def _role_phrase(ks: Sequence[str], e: int, b: int, lex: Lexicons) -> int:
    """«معاون برنامه‌ریزی و فناوری اطلاعات»، «مدیر روابط عمومی سازمان X»: words after a role noun belong to the
    role when they run up to an organization's head, a role that names one («معاون توسعه مدیریت و منابع «استاندار»
    …») or to the end of the phrase (punctuation, a name)."""
    ce = chain_end(ks, e, b, lex, allow_heads=False, max_len=4)
    if ce == e or lex.roles.match(ks, e, b):
        return e
    place = next((k for k in range(e, ce) if _place_at(ks, k, b, lex)), None)
    if place is not None:  # «امام جمعه «شهر اهرم»»: a place is the post's jurisdiction, not part of the role
        return place
    if (ce >= b or lex.org_heads.match(ks, ce, b) or lex.roles.match(ks, ce, b) or not ks[ce][:1].isalpha()
            or lex.titles.match(ks, ce, b)
            or lex.boundaries.get(ks[ce]) == "time" or ks[ce] in lex.speech.starts or light_verb_next(ks, ce, b, lex)):
        return ce  # the phrase ends where the role's own words end: a head, a name, a time word, the verb
    return e


def _place_at(ks: Sequence[str], k: int, b: int, lex: Lexicons) -> bool:
    """A known place, or «استان/شهرستان/شهر/بخش» + a name, starts at ``k``."""
    return bool(lex.places.match(ks, k, b)) or (
        (ks[k] in lex.words.place_prefix or ks[k] in lex.words.district) and k + 1 < b and ks[k + 1].isalpha()
        and ks[k + 1] not in lex.boundaries)


def _implied(doc: Doc, ks: Sequence[str], implied: str, start: int, e: int, ce: int, lex: Lexicons) -> Mention:
    """The organization a role's complement ``[e, ce)`` names, as a mention over ``[start, ce)``: «استاندار استان
    کرمان» → «استانداری کرمان» (the jurisdiction's own word is not repeated)."""
    s = e
    if lex.jurisdictions.get(fold(implied)) == ks[e] and ce > e + 1:
        s += 1
    return make_mention(doc, start, ce, "ORG", implied + " " + display(doc, s, ce), _IMPLIED, 0.75,
                        form=Form.IMPLIED)


def find(doc: Doc, lex: Lexicons) -> list[Mention]:
    """ROLE mentions (norm = canonical role) and ORG mentions for organizations implied by a role."""
    ks = keys(doc)
    out: list[Mention] = []
    for s in doc.sents:
        a, b = s.first_token, s.last_token
        scan = Scan(ks, a, b, lex.roles)
        for i, e, entry in scan:
            found, resume = _role(doc, ks, i, e, b, entry, lex)
            out.extend(found)
            scan.resume(resume)
    return out


def _country_at(ks: Sequence[str], k: int, b: int, lex: Lexicons) -> int | None:
    """End of a foreign country's name at token ``k`` (not the home country's: «وزیر امور خارجه ایران»)."""
    p = lex.places.match(ks, k, b) if k < b else None
    if p and p[1] == "country" and "".join(ks[k:p[0]]) not in lex.words.home_country:
        return p[0]
    return None


def _fixed(doc: Doc, ks: Sequence[str], i: int, e: int, b: int, lex: Lexicons) -> tuple[list[Mention], int] | None:
    """«نماینده مردم تهران»: a role and complement that imply a fixed organization (implied_orgs.tsv); the ORG
    mention spans the complement and the place after it, which stays a place of its own."""
    role = lex.roles.match(ks, i, e)
    for (r, comp), org in lex.implied_orgs.items():
        if "".join(ks[i:e]) == r and e < b and ks[e] == comp and role:
            p = lex.places.match(ks, e + 1, b) if e + 1 < b else None
            ce = p[0] if p else e + 1
            return [make_mention(doc, i, e, "ROLE", role[1].form, "rule:role", 0.9),
                    make_mention(doc, e, ce, "ORG", org, _IMPLIED, 0.75, form=Form.IMPLIED)], ce
    return None


def _role(doc: Doc, ks: Sequence[str], i: int, e: int, b: int, entry: RoleEntry,
          lex: Lexicons) -> tuple[list[Mention], int]:
    """The role at tokens ``[i, e)`` with its modifiers and the organization it implies, if any; and the token
    where the scan goes on."""
    if fixed := _fixed(doc, ks, i, e, b, lex):
        return fixed
    role = entry.form
    if entry.country_only:  # «رئیس‌جمهور آمریکا» → دولت آمریکا; «رئیس‌جمهور» alone names no organization
        out = [make_mention(doc, i, e, "ROLE", role, "rule:role", 0.9)]
        if (ce := _country_at(ks, e, b, lex)) is not None:
            return [*out, _implied(doc, ks, entry.implied_org, e, e, ce, lex)], ce  # type: ignore[arg-type]
        return out, e
    if entry.implied_org is None:
        mods = e
        while mods < b and mods - e < 2 and ks[mods] in lex.role_modifiers:
            mods += 1
            if mods + 1 < b and ks[mods] == "و" and ks[mods + 1] in lex.role_modifiers:
                mods += 2  # «معاون فرهنگی و مطبوعاتی»
        mods = _role_phrase(ks, mods, b, lex)
        if mods > e:
            role = role + " " + display(doc, e, mods)
        out = [make_mention(doc, i, mods, "ROLE", role, "rule:role", 0.9)]
        inner = lex.roles.match(ks, mods, b)
        if inner and inner[1].implied_org and not lex.org_heads.match(ks, inner[0], b):
            # «معاون سیاسی وزیر کشور»: the inner role only names the organization
            ce = _complement(ks, inner[0], b, lex, inner[1].implied_org)
            ce = _country_at(ks, ce, b, lex) or ce
            if ce > inner[0]:
                return [*out, _implied(doc, ks, inner[1].implied_org, mods, inner[0], ce, lex)], ce
        return out, mods
    out = [make_mention(doc, i, e, "ROLE", role, "rule:role", 0.9)]
    if e < b and lex.cues.get(ks[e]) == "former":
        e += 1  # «استاندار پیشین کرمان»
    if not lex.org_heads.match(ks, e, b):
        ce = _complement(ks, e, b, lex, entry.implied_org)
        ce = _country_at(ks, ce, b, lex) or ce if ce > e else ce  # «وزیر امور خارجه آمریکا»: that country's
        if ce > e:
            return [*out, _implied(doc, ks, entry.implied_org, e, e, ce, lex)], ce
    return out, e
