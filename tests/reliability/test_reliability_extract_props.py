"""Property tests over the extractor: any Unicode text extracts without crashing, every offset maps back into the
raw text exactly, and the RDF mapping accepts whatever was extracted (IRIs minted from any text parse back)."""

from __future__ import annotations

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.corpus import process_article
from kg.extract import extract
from kg.io import Skipped
from kg.types import Article

# Words that make the rules fire (general vocabulary, not any article's names), and the characters news text holds.
WORDS = ["وزیر", "وزير", "کشور", "كشور", "گفت", "گفت:", "اظهار", "داشت:", "سردار", "دکتر", "حجت‌الاسلام", "سید",
         "علی", "محمد", "رضایی", "احمدی‌نژاد", "احمدي نژاد", "رئیس", "سازمان", "وزارت", "ارتباطات", "و", "فناوری",
         "اطلاعات", "خبرگزاری", "فارس", "به", "گزارش", "مراسم", "نشست", "در", "با", "حضور", "معاون", "فرمانده", "سپاه",
         "استان", "تهران", "وی", "او", "افزود:", "«", "»", "\"", "،", ".", "؛", "!", "؟", ":", "(", ")", "۱۴۰۲",
         "1402", "۲۵", "آذر", "\u200c", "\n", "\n\n", " ", "  ", "<b>", "&amp;", "\u200f", "\ufeff", "ـ"]
PERSIAN = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
ANY = st.characters(blacklist_categories=("Cs",))
TOKEN = st.one_of(st.sampled_from(WORDS), st.text(PERSIAN, min_size=1, max_size=6), st.text(ANY, max_size=3))
TEXTS = st.lists(TOKEN, max_size=60).map(lambda ws: " ".join(ws))


def _check_offsets(raw: str, ex) -> None:
    n = len(raw)
    for m in ex.mentions:
        assert 0 <= m.start <= m.end <= n, m
        assert raw[m.start : m.end] == m.text, m
    evidences = [p.evidence for p in ex.posts] + [r.evidence for r in ex.relations] + [q.evidence for q in ex.quotes]
    for ev in evidences:
        assert 0 <= ev.start <= ev.end <= n, ev
        assert raw[ev.start : ev.end] == ev.text, ev
        assert 0.0 <= ev.confidence <= 1.0
    for q in ex.quotes:
        for a, b in (q.content, q.cue):
            assert 0 <= a <= b <= n, q
        assert q.evidence.start <= q.cue[0] and q.cue[1] <= n
    for tok in ex.doc.tokens:
        assert raw[tok.start : tok.end] == tok.text
    ids = {e.id for e in ex.entities}
    assert set(ex.mention_of.values()) <= ids


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_reliability_extract_any_text_offsets_map_back(text: str) -> None:
    ex = extract(Article(id="prop", text=text))
    assert ex.doc.raw == text  # the raw text is never modified
    _check_offsets(text, ex)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_reliability_any_text_maps_to_parseable_nquads(text: str) -> None:
    res = process_article(Article(id="prop", text=text))
    assert not isinstance(res, Skipped), res.reason
    quads = list(ox.parse(res.nquads, format=ox.RdfFormat.N_QUADS))  # every minted IRI and literal is valid
    assert len(quads) == res.quads
    assert {q.graph_name.value for q in quads} == {res.graph}
    assert not any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object))
