"""The trained router's model, applied without any machine-learning library: TF-IDF of word
unigrams and bigrams and of character n-grams within words (each sublinear, l2-normalised, side
by side) and a multinomial logistic regression whose scores are divided by a temperature fitted
on held-out texts, so that its probabilities are calibrated. Read from the JSON file `lapor
route train` writes (`config/routing_model.json`).

The file holds, for every feature, its idf and its non-negligible weight per class, so a
decision is explained by the words that weighed most for it (a character n-gram's weight counts
for the words it is part of). `routing.training` builds it with scikit-learn; a test checks
that the probabilities here equal scikit-learn's.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

TOKEN = re.compile(r"\b\w\w+\b")  # scikit-learn's default token pattern
FORMAT = 2
NOT_REPORT = "NOT_REPORT"  # the class of texts operators marked as not a report

Features = Mapping[str, tuple[float, Mapping[int, float]]]  # gram: (idf, weight by class)


def char_grams(normalized: str, sizes: tuple[int, int]) -> list[str]:
    """Character n-grams of each whitespace-separated word padded with one space on either
    side, as scikit-learn's `char_wb` analyzer makes them (a word no longer than n counts once,
    whole)."""
    grams: list[str] = []
    for word in normalized.split():
        padded = f" {word} "
        for n in range(sizes[0], sizes[1] + 1):
            if len(padded) <= n:
                grams.append(padded)
                break
            grams += [padded[i:i + n] for i in range(len(padded) - n + 1)]
    return grams


def word_grams(normalized: str) -> list[str]:
    """Word unigrams and bigrams, as scikit-learn's word analyzer makes them."""
    tokens = TOKEN.findall(normalized)
    return [*tokens, *(f"{a} {b}" for a, b in pairwise(tokens))]


def _tfidf(grams: list[str], features: Features) -> dict[str, float]:
    vector = {g: (1.0 + math.log(n)) * features[g][0]
              for g, n in Counter(grams).items() if g in features}
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {g: v / norm for g, v in vector.items()} if norm else {}


@dataclass(frozen=True, slots=True)
class Prediction:
    """The model's best class, its probability, and the words that weighed most for it."""

    agency: str
    probability: float
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TextModel:
    """A trained router: classes, intercepts, word and character features with their idf and
    weights by class, the calibration temperature and the abstention threshold."""

    version: str
    classes: tuple[str, ...]
    intercepts: tuple[float, ...]
    words: Features
    chars: Features
    sizes: tuple[int, int]  # the character n-grams' smallest and largest n
    temperature: float
    threshold: float  # below this probability the model abstains (triage)
    noise_threshold: float  # the surer bar for judging a text not a report (never filed)

    def vectors(self, normalized: str) -> tuple[dict[str, float], dict[str, float]]:
        """The text's word and character TF-IDF vectors over the model's vocabulary."""
        return (_tfidf(word_grams(normalized), self.words),
                _tfidf(char_grams(normalized, self.sizes), self.chars))

    def probabilities(self, normalized: str) -> list[float]:
        """The calibrated probability of each class for a normalised text."""
        return self._probabilities(*self.vectors(normalized))

    def _probabilities(self, *vectors: Mapping[str, float]) -> list[float]:
        scores = list(self.intercepts)
        for vector, features in zip(vectors, (self.words, self.chars), strict=True):
            for gram, value in vector.items():
                for index, weight in features[gram][1].items():
                    scores[index] += value * weight
        top = max(scores)
        exps = [math.exp((s - top) / self.temperature) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]

    def predict(self, normalized: str, words: int = 4) -> Prediction:
        """The most probable class and the `words` words (or word pairs) of the text that
        pushed most towards it, counting the character n-grams each word holds."""
        word_vector, char_vector = self.vectors(normalized)
        probabilities = self._probabilities(word_vector, char_vector)
        best = max(range(len(self.classes)), key=probabilities.__getitem__)
        pushes: defaultdict[str, float] = defaultdict(float)
        for gram, value in word_vector.items():
            pushes[gram] += value * self.words[gram][1].get(best, 0.0)
        owners_of: defaultdict[str, list[str]] = defaultdict(list)
        for word in set(TOKEN.findall(normalized)):
            for gram in set(char_grams(word, self.sizes)):
                owners_of[gram].append(word)
        for gram, value in char_vector.items():
            owners = owners_of[gram]
            for owner in owners:
                pushes[owner] += value * self.chars[gram][1].get(best, 0.0) / len(owners)
        ranked = sorted(((push, g) for g, push in pushes.items()), reverse=True)
        return Prediction(self.classes[best], probabilities[best],
                          tuple(g for push, g in ranked[:words] if push > 0))


def _features(document: Mapping[str, Any]) -> Features:
    return {gram: (float(idf), {int(k): float(w) for k, w in weights.items()})
            for gram, (idf, weights) in document.items()}


def load_model(document: Mapping[str, Any]) -> TextModel:
    """A model from the parsed JSON file; `ValueError` when it is not one this code reads."""
    if document.get("format") != FORMAT:
        raise ValueError(f"format {document.get('format')!r}: expected {FORMAT}")
    low, high = document["sizes"]
    return TextModel(str(document["version"]), tuple(document["classes"]),
                     tuple(float(b) for b in document["intercepts"]),
                     _features(document["words"]), _features(document["chars"]),
                     (int(low), int(high)), float(document["temperature"]),
                     float(document["threshold"]), float(document["noise_threshold"]))
