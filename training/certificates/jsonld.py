"""JSON-LD for credentials: the pinned contexts, a loader that serves only them, RDFC canonicalisation.

The loader never touches the network: a context URL that is not pinned here is refused, so a
credential naming an unknown context cannot be canonicalised (and so cannot verify). Expansion
runs in "safe mode": a property or type the contexts do not define would be dropped silently
(and so left unsigned), so it is refused instead.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from pyld import jsonld

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"
VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
PINNED = {VC_CONTEXT: "credentials-v2.jsonld", OB_CONTEXT: "ob-v3p0-context-3.0.3.json"}


_PYLD_DEFAULT_BASE = "http://example.org/base/"  # where pyld resolves a relative type


class ContextError(ValueError):
    """A document names a context we do not hold, or uses a term no context defines."""


@lru_cache(maxsize=None)
def _pinned(url: str) -> dict:
    return json.loads((CONTEXTS_DIR / PINNED[url]).read_text(encoding="utf-8"))


def document_loader(url: str, options=None) -> dict:
    """pyld's loader: the pinned copies, and nothing else."""
    if url not in PINNED:
        raise ContextError(f"unknown context {url}")
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
            "document": _pinned(url)}


def check_contexts(document: dict) -> None:
    """Every context must be one of ours, named by URL (no inline or remote contexts)."""
    contexts = document.get("@context")
    contexts = contexts if isinstance(contexts, list) else [contexts]
    if not contexts or contexts[0] != VC_CONTEXT:
        raise ContextError(f"the first context must be {VC_CONTEXT}")
    for context in contexts:
        if not isinstance(context, str) or context not in PINNED:
            raise ContextError(f"unknown context {context if isinstance(context, str) else '(inline)'}")


def _refuse_dropped(term) -> None:
    raise ContextError(f"term not defined by the contexts: {term}")


def canonical(document: dict) -> str:
    """RDF Dataset Canonicalization (URDNA2015) of the document as N-Quads, in safe mode."""
    options = {"documentLoader": document_loader, "base": ""}
    try:
        expanded = jsonld.expand(document, options, on_property_dropped=_refuse_dropped)
        _check_types(expanded)
        return jsonld.normalize(document, {**options, "algorithm": "URDNA2015",
                                           "format": "application/n-quads"})
    except jsonld.JsonLdError as exc:
        cause = exc
        while cause is not None:
            if isinstance(cause, ContextError):
                raise cause from None
            cause = cause.__cause__ or getattr(cause, "cause", None)
        raise ContextError(f"not valid JSON-LD: {exc.type if hasattr(exc, 'type') else exc}") from None


def _check_types(node) -> None:
    """Types that expand to relative IRIs are undefined terms: they would vanish from the RDF."""
    if isinstance(node, list):
        for item in node:
            _check_types(item)
    elif isinstance(node, dict):
        for value in node.get("@type", []) if isinstance(node.get("@type"), list) else []:
            if ":" not in value or value.startswith(_PYLD_DEFAULT_BASE):
                raise ContextError(f"type not defined by the contexts: {value}")
        for key, value in node.items():
            if key not in ("@type", "@value"):
                _check_types(value)
