"""Training the router's model with scikit-learn, and measuring the rules and model together by
stratified cross-validation (never on the rows a model was trained on).

`fit` turns texts and agency labels into the JSON document `routing.model.load_model` reads:
TF-IDF (sublinear tf) of word unigrams and bigrams and of character 3- to 5-grams within words,
a multinomial logistic regression, and a temperature fitted on out-of-fold scores (an inner
3-fold split of the training texts) so that its probabilities are calibrated; every run the
same for the same data. `cross_validate` trains on four fifths and routes the fifth with rules
and model combined, for each abstention threshold, and reports mean and spread.
"""

from __future__ import annotations

import hashlib
import json
import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from routing.decision import Decision
from routing.model import FORMAT, NOT_REPORT, TextModel, load_model

MAX_FEATURES = 6000  # words
CHAR_FEATURES = 3000
CHAR_SIZES = (3, 5)
C = 10.0
CALIBRATION_FOLDS = 3
# How sure the model must be that a text naming no problem is not a report: a report kept
# as a message is lost, so the bar is higher than for choosing an agency.
NOISE_THRESHOLD = 0.9
PRUNE = 0.05  # weights smaller than this are left out of the file
SEED = 7
# Labels the targets leave out: reports for a kecamatan or village office (DPMD).
NOT_SCORED = ("KECAMATAN_DESA", "DPMD")
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)


def estimators(texts: Sequence[str], labels: Sequence[str]) -> tuple[Any, Any]:
    """The fitted TF-IDF vectorizers (a union: words, then characters) and logistic
    regression for normalised `texts`."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion

    vectorizer = FeatureUnion([
        ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                                  max_features=MAX_FEATURES, lowercase=False)),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_SIZES, min_df=2,
                                  sublinear_tf=True, max_features=CHAR_FEATURES,
                                  lowercase=False))])
    matrix = vectorizer.fit_transform(texts)
    model = LogisticRegression(C=C, max_iter=5000, random_state=SEED)
    model.fit(matrix, labels)
    return vectorizer, model


def document_of(vectorizer: Any, model: Any, version: str, threshold: float,
                temperature: float = 1.0, prune: float = PRUNE,
                digits: int | None = 3) -> dict[str, Any]:
    """The JSON document of fitted estimators: per word and character feature its idf and the
    weights that are at least `prune`, rounded to `digits` (None: exact)."""
    def rounded(value: float, places: int | None) -> float:
        return round(value, places) if places is not None else value

    parts: dict[str, dict[str, Any]] = {}
    offset = 0
    for name, part in vectorizer.transformer_list:
        features = {}
        for gram, column in sorted(part.vocabulary_.items()):
            weights = {str(i): rounded(float(w), digits)
                       for i, w in enumerate(model.coef_[:, offset + column]) if abs(w) >= prune}
            features[gram] = [rounded(float(part.idf_[column]), digits and digits + 1), weights]
        parts[name] = features
        offset += len(part.vocabulary_)
    return {"format": FORMAT, "version": version, "threshold": threshold,
            "noise_threshold": NOISE_THRESHOLD,
            "temperature": rounded(temperature, digits), "sizes": list(CHAR_SIZES),
            "classes": [str(c) for c in model.classes_],
            "intercepts": [rounded(float(b), digits and digits + 3) for b in model.intercept_],
            **parts}


def temperature_of(texts: Sequence[str], labels: Sequence[str]) -> float:
    """The temperature that makes the model's probabilities calibrated: the one dividing its
    out-of-fold scores (inner stratified folds of these texts) to the least log loss."""
    import numpy as np
    from scipy.optimize import minimize_scalar
    from scipy.special import log_softmax

    scores, truth = [], []
    for train, test in _folds(labels, CALIBRATION_FOLDS):
        vectorizer, model = estimators([texts[i] for i in train], [labels[i] for i in train])
        known = {c: j for j, c in enumerate(model.classes_)}
        kept = [i for i in test if labels[i] in known]
        if kept:
            scores.append(model.decision_function(vectorizer.transform([texts[i]
                                                                       for i in kept])))
            truth.append(np.array([known[labels[i]] for i in kept]))
    if not scores:
        return 1.0

    def loss(temperature: float) -> float:
        return -float(sum(log_softmax(s / temperature, axis=1)[np.arange(len(t)), t].sum()
                          for s, t in zip(scores, truth, strict=True)))
    return float(minimize_scalar(loss, bounds=(0.05, 20.0), method="bounded").x)


def _folds(labels: Sequence[str], folds: int) -> Any:
    """Stratified, shuffled, seeded folds; labels rarer than the folds are stratified as one."""
    from sklearn.model_selection import StratifiedKFold

    counts = Counter(labels)
    strata = [label if counts[label] >= folds else "RARE" for label in labels]
    return StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED).split(
        list(labels), strata)


def fit(texts: Sequence[str], labels: Sequence[str], version: str | None = None,
        threshold: float = 0.5) -> dict[str, Any]:
    """The calibrated model document for normalised `texts` and their `labels` (agencies, or
    NOT_REPORT). Its version is a digest of the data and the settings, so the same data gives
    the same file."""
    if version is None:
        settings = [MAX_FEATURES, CHAR_FEATURES, CHAR_SIZES, C, PRUNE, SEED, CALIBRATION_FOLDS,
                    NOISE_THRESHOLD, threshold]
        digest = hashlib.sha256(json.dumps([list(texts), list(labels), settings],
                                           ensure_ascii=False).encode()).hexdigest()
        version = "v" + digest[:10]
    return document_of(*estimators(texts, labels), version, threshold,
                       temperature_of(texts, labels))


class Score(NamedTuple):
    """Shares on one set of texts: of the scored reports, right agency, wrong agency, triage,
    and lost (kept as not a report); of the texts that are not reports, routed to an agency
    and filed at all (agency or triage)."""

    correct: float
    wrong: float
    triage: float
    lost: float
    noise_routed: float
    noise_filed: float

    def line(self) -> str:
        return (f"correct agency {self.correct:.3f}, wrong agency {self.wrong:.3f}, triage "
                f"{self.triage:.3f}, reports kept as non-reports {self.lost:.3f}; non-reports "
                f"routed {self.noise_routed:.3f}, filed {self.noise_filed:.3f}")


@dataclass(frozen=True)
class Figures:
    """Each figure of `Score` as mean and spread (population standard deviation) over the
    folds."""

    correct: tuple[float, float]
    wrong: tuple[float, float]
    triage: tuple[float, float]
    lost: tuple[float, float]
    noise_routed: tuple[float, float]
    noise_filed: tuple[float, float]

    def line(self) -> str:
        def show(pair: tuple[float, float]) -> str:
            return f"{pair[0]:.3f} ± {pair[1]:.3f}"
        return (f"correct agency {show(self.correct)}, wrong agency {show(self.wrong)}, "
                f"triage {show(self.triage)}, kept as non-reports {show(self.lost)}; "
                f"non-reports routed {show(self.noise_routed)}, filed {show(self.noise_filed)}")


Router = Callable[[str, TextModel | None], Decision]


def cross_validate(texts: Sequence[str], normalized: Sequence[str], labels: Sequence[str],
                   route: Router, folds: int = 5) -> dict[float, Figures]:
    """For each threshold, the figures of rules and model together on held-out folds; `route`
    routes a raw text with a model (None: rules only). Labels are agencies, or NOT_REPORT
    for texts that are not reports."""
    runs: dict[float, list[Score]] = {t: [] for t in THRESHOLDS}
    for train, test in _folds(labels, folds):
        document = fit([normalized[i] for i in train], [labels[i] for i in train], "cv")
        for threshold in THRESHOLDS:
            model = load_model({**document, "threshold": threshold})
            runs[threshold].append(score([route(texts[i], model) for i in test],
                                         [labels[i] for i in test]))
    return {t: Figures(*(_spread([r[k] for r in rows]) for k in range(len(Score._fields))))
            for t, rows in runs.items()}


def score(decisions: Sequence[Decision], labels: Sequence[str]) -> Score:
    """The shares of `Score` for routed texts and their labels."""
    pairs = list(zip(decisions, labels, strict=True))
    reports = [(d, label) for d, label in pairs if label not in (*NOT_SCORED, NOT_REPORT)]
    noise = [d for d, label in pairs if label == NOT_REPORT]

    def share(count: int, total: int) -> float:
        return count / total if total else 0.0

    correct = sum(d.agency == label for d, label in reports)
    triage = sum(d.agency is None and not d.not_report for d, _ in reports)
    lost = sum(d.not_report for d, _ in reports)
    return Score(share(correct, len(reports)),
                 share(len(reports) - correct - triage - lost, len(reports)),
                 share(triage, len(reports)), share(lost, len(reports)),
                 share(sum(d.agency is not None for d in noise), len(noise)),
                 share(sum(not d.not_report for d in noise), len(noise)))


def _spread(values: list[float]) -> tuple[float, float]:
    return statistics.fmean(values), statistics.pstdev(values)


def choose_threshold(figures: dict[float, Figures], most_wrong: float = 0.09,
                     most_lost: float = 0.01) -> float:
    """Of the thresholds whose held-out wrong-agency rate stays at `most_wrong` or below, and
    whose share of reports kept as non-reports at `most_lost`, the one that routes the most
    reports right (the higher one on a tie); the highest threshold when none does."""
    fitting = [(f.correct[0], t) for t, f in figures.items()
               if f.wrong[0] <= most_wrong and f.lost[0] <= most_lost]
    return max(fitting)[1] if fitting else max(figures)
