"""`courses/glossary.yml` (terms with definitions) and `courses/terminology.yml` (preferred wording)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from training.content import yamlfile
from training.content.courses import ID_RE, texts_per_language
from training.content.lessons import TRANSLATED
from training.content.problems import Problems


@dataclass
class GlossaryEntry:
    id: str
    line: int
    source: str
    term: dict
    definition: dict

    @property
    def hash(self) -> str:
        data = {"source": self.source, "term": self.term, "definition": self.definition}
        return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass
class TermEntry:
    line: int
    en: str
    forms: dict  # lang -> preferred form
    avoid: dict = field(default_factory=dict)  # lang -> [forms to avoid]


def _terms_list(path: Path, problems: Problems):
    """The `terms:` list of a YAML file, or None (with a problem) when it is not there."""
    try:
        data, error = yamlfile.load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        problems.error(path, 1, "the file is not valid UTF-8")
        return None
    if error:
        problems.error(path, *error)
        return None
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        problems.error(path, 1, "the file must hold a list under 'terms:'")
        return None
    return data["terms"]


def parse_glossary(path: Path, problems: Problems) -> dict[str, GlossaryEntry]:
    entries: dict[str, GlossaryEntry] = {}
    if not path.is_file():
        return entries
    terms = _terms_list(path, problems)
    for index, item in enumerate(terms or []):
        line = terms.line_of(index)
        if not isinstance(item, dict):
            problems.error(path, line, "a glossary term must be a mapping with id, source, term and definition")
            continue
        term_id = item.get("id")
        if not isinstance(term_id, str) or not ID_RE.match(term_id):
            problems.error(path, item.line_of("id"), "'id' is required: lower-case letters, digits and hyphens")
            continue
        if term_id in entries:
            problems.error(path, line, f"the term id '{term_id}' is used twice (also on line {entries[term_id].line})")
            continue
        source = item.get("source")
        if not isinstance(source, str) or not source.strip():
            problems.error(path, item.line_of("source"), "'source' is required: the instrument that defines it")
            source = ""
        term = texts_per_language(item, "term", path, problems)
        definition = texts_per_language(item, "definition", path, problems)
        for key in item:
            if key not in ("id", "source", "term", "definition"):
                problems.warn(path, item.line_of(key), f"unknown key '{key}'")
        entries[term_id] = GlossaryEntry(term_id, line, " ".join(source.split()), term, definition)
    return entries


def parse_terminology(path: Path, problems: Problems) -> list[TermEntry]:
    entries: list[TermEntry] = []
    if not path.is_file():
        return entries
    terms = _terms_list(path, problems)
    for index, item in enumerate(terms or []):
        line = terms.line_of(index)
        if not isinstance(item, dict):
            problems.error(path, line, "a terminology entry must be a mapping with en, az, ru and source")
            continue
        forms = {}
        for lang in ("en", *TRANSLATED):
            value = item.get(lang)
            if not isinstance(value, str) or not value.strip():
                problems.error(path, item.line_of(lang) if lang in item else line, f"'{lang}' is required")
            else:
                forms[lang] = value.strip()
        source = item.get("source")
        if not isinstance(source, str) or not source.strip():
            problems.error(path, item.line_of("source") if "source" in item else line, "'source' is required")
        avoid = item.get("avoid") or {}
        clean_avoid = {}
        if not isinstance(avoid, dict):
            problems.error(path, item.line_of("avoid"), "'avoid' must map az/ru to a list of forms")
        else:
            for lang, values in avoid.items():
                if lang not in TRANSLATED or not isinstance(values, list) or not all(
                        isinstance(v, str) and v.strip() for v in values):
                    problems.error(path, avoid.line_of(lang), "'avoid' must map az/ru to a list of forms")
                else:
                    clean_avoid[lang] = [v.strip() for v in values]
        entries.append(TermEntry(line, forms.get("en", ""), forms, clean_avoid))
    return entries
