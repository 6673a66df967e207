"""The learned attribution model's data: a logistic model over string features, stored as JSON.

:mod:`.learned` scores candidate verbs with it; :mod:`.syntax` reads its ``parse_forms``
(the verb forms whose sentences the parser must read for the model to see them). The file
holds numbers and words only (no pickle): ``weights`` (feature -> weight), ``bias``,
``threshold``, ``parse_forms`` and a ``version`` hash; it is written by
``benchmarks/train_attribution.py``.

>>> model = AttributionModel({"lemma=slam": 3.0, "kind=np": 0.5}, bias=-2.0, threshold=0.6)
>>> round(model.probability(["lemma=slam", "kind=np"]), 3), model.accepts(["kind=np"])
(0.818, False)
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from analysis.errors import InputError

__all__ = ["DEFAULT_MODEL_PATH", "AttributionModel", "AttributionModelError", "load_attribution_model"]

DEFAULT_MODEL_PATH = Path(__file__).resolve().parents[2] / "data" / "quotes" / "attribution_model.json"


class AttributionModelError(InputError, ValueError):
    """A model file that cannot be read as an attribution model."""


@dataclass(frozen=True)
class AttributionModel:
    """A logistic model over string features: ``weights``, ``bias`` and the probability
    ``threshold`` a candidate must reach; ``parse_forms`` are the verb forms (lower-case
    words) it may accept, whose sentences the parser must read for the model to see them."""

    weights: Mapping[str, float]
    bias: float = 0.0
    threshold: float = 0.5
    parse_forms: frozenset[str] = frozenset()
    version: str = ""

    def probability(self, features: Iterable[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-z))

    def accepts(self, features: Sequence[str], para: object = None, candidate: object = None) -> bool:
        return self.probability(features) >= self.threshold


@lru_cache(maxsize=4)
def load_attribution_model(path: str | Path = DEFAULT_MODEL_PATH) -> AttributionModel:
    """The model stored at ``path`` (JSON: ``weights``, ``bias``, ``threshold``,
    ``parse_forms``, ``version``); a malformed file raises
    :class:`AttributionModelError` (an ``InputError`` and ``ValueError``) naming it.

    >>> model = load_attribution_model()
    >>> 0.0 < model.threshold < 1.0 and len(model.weights) > 100 and "decried" in model.parse_forms
    True
    >>> import tempfile
    >>> bad = Path(tempfile.mkdtemp()) / "model.json"
    >>> _ = bad.write_text('{"weights": {}, "bias": 0, "threshold": 2, "parse_forms": []}', encoding="utf-8")
    >>> load_attribution_model(bad)
    Traceback (most recent call last):
    ...
    analysis.extract.quotes.model.AttributionModelError: .../model.json: threshold 2.0 is not a probability
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        weights = {str(k): float(v) for k, v in data["weights"].items()}
        model = AttributionModel(weights, float(data["bias"]), float(data["threshold"]),
                                 frozenset(str(x) for x in data["parse_forms"]), str(data.get("version", "")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise AttributionModelError(path, f"not an attribution model ({type(exc).__name__}: {exc})") from None
    if not 0.0 < model.threshold < 1.0:
        raise AttributionModelError(path, f"threshold {model.threshold} is not a probability")
    return model
