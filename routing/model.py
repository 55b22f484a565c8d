"""The trained router's model, applied without any machine-learning library: TF-IDF of word
unigrams and bigrams (sublinear term frequency, l2-normalised) and a multinomial logistic
regression, read from the JSON file `lapor route train` writes (`config/routing_model.json`).

The file holds, for every word feature, its idf and its non-negligible weight per agency, so a
decision is explained by the words that weighed most for it. `routing.training` builds it with
scikit-learn; a test checks that the probabilities here equal scikit-learn's.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

TOKEN = re.compile(r"\b\w\w+\b")  # scikit-learn's default token pattern
FORMAT = 1


@dataclass(frozen=True, slots=True)
class Prediction:
    """The model's best agency, its probability, and the words that weighed most for it."""

    agency: str
    probability: float
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TextModel:
    """A trained router: classes, intercepts, and per feature its idf and weights by class."""

    version: str
    classes: tuple[str, ...]
    intercepts: tuple[float, ...]
    features: Mapping[str, tuple[float, Mapping[int, float]]]
    threshold: float  # below this probability the model abstains (triage)

    def features_of(self, normalized: str) -> dict[str, float]:
        """The text's l2-normalised TF-IDF vector over the model's vocabulary."""
        tokens = TOKEN.findall(normalized)
        grams = Counter([*tokens, *(f"{a} {b}" for a, b in pairwise(tokens))])
        vector = {g: (1.0 + math.log(n)) * self.features[g][0]
                  for g, n in grams.items() if g in self.features}
        norm = math.sqrt(sum(v * v for v in vector.values()))
        return {g: v / norm for g, v in vector.items()} if norm else {}

    def probabilities(self, normalized: str) -> list[float]:
        """The probability of each class for a normalised text."""
        scores = list(self.intercepts)
        for gram, value in self.features_of(normalized).items():
            for index, weight in self.features[gram][1].items():
                scores[index] += value * weight
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]

    def predict(self, normalized: str, words: int = 4) -> Prediction:
        """The most probable agency and the `words` features that pushed most towards it."""
        probabilities = self.probabilities(normalized)
        best = max(range(len(self.classes)), key=probabilities.__getitem__)
        vector = self.features_of(normalized)
        pushes = sorted(((value * self.features[g][1].get(best, 0.0), g)
                         for g, value in vector.items()), reverse=True)
        return Prediction(self.classes[best], probabilities[best],
                          tuple(g for push, g in pushes[:words] if push > 0))


def load_model(document: Mapping[str, Any]) -> TextModel:
    """A model from the parsed JSON file; `ValueError` when it is not one this code reads."""
    if document.get("format") != FORMAT:
        raise ValueError(f"format {document.get('format')!r}: expected {FORMAT}")
    classes = tuple(document["classes"])
    features = {gram: (float(idf), {int(k): float(w) for k, w in weights.items()})
                for gram, (idf, weights) in document["features"].items()}
    return TextModel(str(document["version"]), classes,
                     tuple(float(b) for b in document["intercepts"]), features,
                     float(document["threshold"]))
