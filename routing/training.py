"""Training the router's model with scikit-learn, and measuring the rules and model together by
stratified cross-validation (never on the rows a model was trained on).

`fit` turns texts and agency labels into the JSON document `routing.model.load_model` reads:
word unigrams and bigrams, TF-IDF (sublinear tf), a multinomial logistic regression, every
run the same for the same data. `cross_validate` trains on four fifths and routes the fifth
with rules and model combined, for each abstention threshold, and reports mean and spread.
"""

from __future__ import annotations

import hashlib
import json
import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from routing.decision import Decision
from routing.model import FORMAT, TextModel, load_model

MAX_FEATURES = 6000
C = 10.0
PRUNE = 0.05  # weights smaller than this are left out of the file
SEED = 7
# Labels the targets leave out: reports for a kecamatan or village office (DPMD).
NOT_SCORED = ("KECAMATAN_DESA", "DPMD")
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)


def estimators(texts: Sequence[str], labels: Sequence[str]) -> tuple[Any, Any]:
    """The fitted TF-IDF vectorizer and logistic regression for normalised `texts`."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                                 max_features=MAX_FEATURES, lowercase=False)
    matrix = vectorizer.fit_transform(texts)
    model = LogisticRegression(C=C, max_iter=5000, random_state=SEED)
    model.fit(matrix, labels)
    return vectorizer, model


def document_of(vectorizer: Any, model: Any, version: str, threshold: float,
                prune: float = PRUNE, digits: int | None = 3) -> dict[str, Any]:
    """The JSON document of fitted estimators: per word feature its idf and the weights that
    are at least `prune`, rounded to `digits` (None: exact)."""
    def rounded(value: float, places: int | None) -> float:
        return round(value, places) if places is not None else value

    features = {}
    for gram, column in sorted(vectorizer.vocabulary_.items()):
        weights = {str(i): rounded(float(w), digits)
                   for i, w in enumerate(model.coef_[:, column]) if abs(w) >= prune}
        features[gram] = [rounded(float(vectorizer.idf_[column]), digits and digits + 1),
                          weights]
    return {"format": FORMAT, "version": version, "threshold": threshold,
            "classes": [str(c) for c in model.classes_],
            "intercepts": [rounded(float(b), digits and digits + 3) for b in model.intercept_],
            "features": features}


def fit(texts: Sequence[str], labels: Sequence[str], version: str | None = None,
        threshold: float = 0.5) -> dict[str, Any]:
    """The model document for normalised `texts` and their agency `labels`. Its version is a
    digest of the data and the settings, so the same data gives the same file."""
    if version is None:
        digest = hashlib.sha256(json.dumps(
            [list(texts), list(labels), MAX_FEATURES, C, PRUNE, SEED, threshold],
            ensure_ascii=False).encode()).hexdigest()
        version = "v" + digest[:10]
    return document_of(*estimators(texts, labels), version, threshold)


@dataclass(frozen=True)
class Figures:
    """Mean and spread (population standard deviation) over the folds."""

    correct: tuple[float, float]
    wrong: tuple[float, float]
    triage: tuple[float, float]

    def line(self) -> str:
        def show(pair: tuple[float, float]) -> str:
            return f"{pair[0]:.3f} ± {pair[1]:.3f}"
        return (f"correct agency {show(self.correct)}, wrong agency {show(self.wrong)}, "
                f"triage {show(self.triage)}")


Router = Callable[[str, TextModel | None], Decision]


def cross_validate(texts: Sequence[str], normalized: Sequence[str], labels: Sequence[str],
                   route: Router, folds: int = 5) -> dict[float, Figures]:
    """For each threshold, the figures of rules and model together on held-out folds; `route`
    routes a raw text with a model (None: rules only)."""
    from sklearn.model_selection import StratifiedKFold

    counts = Counter(labels)
    strata = [label if counts[label] >= folds else "RARE" for label in labels]
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    runs: dict[float, list[tuple[float, float, float]]] = {t: [] for t in THRESHOLDS}
    for train, test in splitter.split(list(normalized), strata):
        document = fit([normalized[i] for i in train], [labels[i] for i in train], "cv")
        for threshold in THRESHOLDS:
            model = load_model({**document, "threshold": threshold})
            runs[threshold].append(score([route(texts[i], model) for i in test],
                                         [labels[i] for i in test]))
    return {t: Figures(*(_spread([r[k] for r in rows]) for k in range(3)))
            for t, rows in runs.items()}


def score(decisions: Sequence[Decision], labels: Sequence[str]) -> tuple[float, float, float]:
    """(correct, wrong, triage) shares of the reports whose label is scored."""
    pairs = [(d.agency, label) for d, label in zip(decisions, labels, strict=True)
             if label not in NOT_SCORED]
    if not pairs:
        return 0.0, 0.0, 0.0
    correct = sum(got == label for got, label in pairs)
    triage = sum(got is None for got, _ in pairs)
    return correct / len(pairs), (len(pairs) - correct - triage) / len(pairs), \
        triage / len(pairs)


def _spread(values: list[float]) -> tuple[float, float]:
    return statistics.fmean(values), statistics.pstdev(values)


def choose_threshold(figures: dict[float, Figures], most_wrong: float = 0.09) -> float:
    """Of the thresholds whose held-out wrong-agency rate stays at `most_wrong` or below, the
    one that routes the most reports right (the higher one on a tie); the highest threshold
    when none does."""
    fitting = [(f.correct[0], t) for t, f in figures.items() if f.wrong[0] <= most_wrong]
    return max(fitting)[1] if fitting else max(figures)
