"""Appointment lists: «اسامی رؤسای ستادهای بازرسی انتخابات استان‌ها به شرح زیر است:» followed by lines
«استان یزد: NAME (…)». Each line gives its person the singular role in the organization of that province: a ROLE
mention over the header's plural role (``Form.LIST_HEADER``) and an ORG mention over each line's «استان X»
(``Form.LIST_ITEM``, norm «ستاد بازرسی انتخابات استان X»); ``posts`` pairs them with the line's name."""

from __future__ import annotations

from kg.extract._util import display, keys, make_mention
from kg.extract.lexicon import Lexicons
from kg.extract.matcher import Scan
from kg.types import Doc, Form, Mention

__all__ = ["find"]


def _singular_head(ks: list[str], j: int, b: int, lex: Lexicons) -> tuple[int, str] | None:
    """(end, singular head) of a plural organization head at ``j`` (ستادهای، ادارات کل)."""
    p = lex.head_plurals.match(ks, j, b)
    if p:
        return p
    key = ks[j]
    if key.endswith("ی") and lex.head_plurals.get(key[:-1]):  # ezafe: «ستادهای»
        return j + 1, lex.head_plurals.get(key[:-1])
    return None


def find(doc: Doc, lex: Lexicons) -> list[Mention]:
    """The header's ROLE and one ORG per line of every appointment list in the article."""
    ks = keys(doc)
    out: list[Mention] = []
    sents = doc.sents
    for si, s in enumerate(sents):
        a, b = s.first_token, s.last_token
        if b - a < 4 or ks[b - 1] != ":":
            continue
        for i, pe, role in Scan(ks, a, b, lex.role_plurals):
            sh = _singular_head(ks, pe, b, lex) if pe < b else None
            if sh is None:
                break
            j, head = sh[0] - 1, sh[1]
            k = j + 1
            while k < b and ks[k] not in lex.words.place_plural and ks[k] != ":" and k - j < 6:
                k += 1
            if k >= b or ks[k] not in lex.words.place_plural:
                break
            unit = head + (" " + display(doc, j + 1, k) if k > j + 1 else "")
            level = ks[k].removesuffix("ها")  # «استان‌ها» → «استان»
            out.append(make_mention(doc, i, pe, "ROLE", role, "rule:list-header", 0.7, form=Form.LIST_HEADER))
            for t in sents[si + 1 :]:
                ta, tb = t.first_token, t.last_token
                if tb - ta < 4 or ks[ta] != level:
                    break
                p = lex.places.match(ks, ta + 1, tb)
                if not p or p[0] >= tb or ks[p[0]] != ":":
                    break
                name = f"{unit} {level} {display(doc, ta + 1, p[0])}"
                out.append(make_mention(doc, ta, p[0], "ORG", name, "rule:list-item", 0.75, form=Form.LIST_ITEM))
            break
    return out
