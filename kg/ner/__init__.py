"""Trainable statistical NER: IOB corpus readers, CRF features, training, and a ``MentionFinder`` tagger.

Nothing in the default build imports this package; ``kg build --ner-model MODEL`` loads a tagger through
``load_tagger`` and hands it to the extractor as one more mention source.
"""

from kg.ner.crf import LABELS, CrfModel, TrainConfig, TrainReport, evaluate, load_model, train, train_files
from kg.ner.iob import TAG_MAP, ReadStats, TaggedSentence, parse_iob, read_corpus, read_iob
from kg.ner.metrics import Score, iob_spans, span_scores
from kg.ner.tagger import BUILD_LABELS, SOURCE, CrfTagger, load_tagger

__all__ = [
    "BUILD_LABELS",
    "LABELS",
    "SOURCE",
    "TAG_MAP",
    "CrfModel",
    "CrfTagger",
    "ReadStats",
    "Score",
    "TaggedSentence",
    "TrainConfig",
    "TrainReport",
    "evaluate",
    "iob_spans",
    "load_model",
    "load_tagger",
    "parse_iob",
    "read_corpus",
    "read_iob",
    "span_scores",
    "train",
    "train_files",
]
