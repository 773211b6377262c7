"""One lesson file `<NN>-<lesson-id>.<lang>.md`: front matter, body, anchors, citations, glossary links."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from training.content import yamlfile
from training.content.problems import Problems

LANGS = ("en", "az", "ru")
TRANSLATED = ("az", "ru")
ANCHOR_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
HASH_RE = re.compile(r"^[0-9a-f]{16}$")
HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
ATTR_ANCHOR_RE = re.compile(r"\{:?[ \t]*#([^\s}]*)[^}]*\}$")
FENCE_RE = re.compile(r"^[ \t]{0,3}(```|~~~)")
CITATION_ANY_RE = re.compile(r"\[@([^\]\n]*)(\]?)")
GLOSSARY_ANY_RE = re.compile(r"\[\[([^\]\n]*)\]\]")
GLOSSARY_OK_RE = re.compile(r"^([a-z0-9][a-z0-9-]*)(\|.*\S.*)?$")
LOCAL_LINK_RE = re.compile(r"\]\((#[^)\s]*|/courses/[^)\s]*)\)")
RAW_HTML_RE = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|<!--")
CODE_SPAN_RE = re.compile(r"`[^`]*`")
FRONT_KEYS = {"title", "minutes", "source_hash"}


def file_hash(raw: bytes) -> str:
    """The hash translations record: the first 16 hex characters of SHA-256 of the file's bytes."""
    return hashlib.sha256(raw).hexdigest()[:16]


@dataclass
class LessonFile:
    path: Path
    lang: str
    raw: bytes
    hash: str
    title: str = ""
    minutes: int = 0
    source_hash: str | None = None
    body: str = ""
    anchors: dict[str, int] = field(default_factory=dict)  # anchor -> line
    citations: list[tuple[str, int]] = field(default_factory=list)
    glossary_refs: list[tuple[str, int]] = field(default_factory=list)
    links: list[tuple[str, int]] = field(default_factory=list)  # '#anchor' or '/courses/...'
    lines: list[str] = field(default_factory=list)
    body_line: int = 1


def parse_lesson(path: Path, lang: str, problems: Problems) -> LessonFile | None:
    """Read and check one lesson file; problems are recorded, None when it cannot be read at all."""
    raw = path.read_bytes()
    lesson = LessonFile(path=path, lang=lang, raw=raw, hash=file_hash(raw))
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(path, line, "the file is not valid UTF-8")
        return None
    lines = text.split("\n")
    lesson.lines = lines
    if not lines or lines[0].strip() != "---":
        problems.error(path, 1, "the file must start with front matter between '---' lines")
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        problems.error(path, 1, "the front matter is not closed by a '---' line")
        return None
    _front_matter(lesson, "\n".join(lines[1:end]), problems)
    lesson.body_line = end + 2
    lesson.body = "\n".join(lines[end + 1:])
    if not lesson.body.strip():
        problems.error(path, end + 1, "the lesson body is empty")
    _scan_body(lesson, lines, end + 1, problems)
    return lesson


def _front_matter(lesson: LessonFile, text: str, problems: Problems) -> None:
    path = lesson.path
    data, error = yamlfile.load(text, first_line=2)
    if error:
        problems.error(path, *error)
        return
    if not isinstance(data, dict):
        problems.error(path, 2, "the front matter must be a mapping with title and minutes")
        return

    def line(key):
        return data.line_of(key) + 1

    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.error(path, line("title") if "title" in data else 2, "'title' is required (a non-empty text)")
    else:
        lesson.title = " ".join(title.split())
        if len(lesson.title) > 300:
            problems.error(path, line("title"), "'title' is longer than 300 characters")
    minutes = data.get("minutes")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 < minutes <= 600:
        problems.error(path, line("minutes") if "minutes" in data else 2,
                       "'minutes' is required (a whole number of minutes, 1-600)")
    else:
        lesson.minutes = minutes
    source_hash = data.get("source_hash")
    if lesson.lang in TRANSLATED:
        if source_hash is None:
            problems.error(path, 2, "'source_hash' is required in a translation "
                           "(the hash of the English file, see `flask content translations`)")
        elif not isinstance(source_hash, str) or not HASH_RE.match(source_hash):
            problems.error(path, line("source_hash"), "'source_hash' must be 16 lower-case hex characters")
        else:
            lesson.source_hash = source_hash
    elif source_hash is not None:
        problems.warn(path, line("source_hash"), "'source_hash' belongs in az and ru files only")
    for key in data:
        if key not in FRONT_KEYS:
            problems.warn(path, line(key), f"unknown front matter key '{key}'")


def _scan_body(lesson: LessonFile, lines: list[str], start: int, problems: Problems) -> None:
    """Headings and their anchors, citations, glossary links and local links, line by line."""
    path = lesson.path
    fence = None
    for index in range(start, len(lines)):
        number, line = index + 1, lines[index]
        fence_match = FENCE_RE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            fence = None if fence == marker else (fence or marker)
            continue
        if fence:
            continue
        heading = HEADING_RE.match(line)
        if heading:
            _heading(lesson, number, len(heading.group(1)), heading.group(2), problems)
        plain = CODE_SPAN_RE.sub("", line)
        for match in CITATION_ANY_RE.finditer(plain):
            inner, closed = match.group(1).strip(), match.group(2)
            if not closed:
                problems.error(path, number, "a citation '[@...' is not closed with ']' on the same line")
            elif not inner:
                problems.error(path, number, "an empty citation '[@]': name the instrument and article")
            else:
                lesson.citations.append((" ".join(inner.split()), number))
        for match in GLOSSARY_ANY_RE.finditer(plain):
            ok = GLOSSARY_OK_RE.match(match.group(1))
            if not ok:
                problems.error(path, number, f"malformed glossary link '[[{match.group(1)}]]': "
                               "use [[term-id]] or [[term-id|shown text]]")
            else:
                lesson.glossary_refs.append((ok.group(1), number))
        lesson.links.extend((m.group(1), number) for m in LOCAL_LINK_RE.finditer(plain))
        if RAW_HTML_RE.search(plain):
            problems.warn(path, number, "raw HTML is not allowed in lessons and is stripped when rendered")


def _heading(lesson: LessonFile, number: int, level: int, text: str, problems: Problems) -> None:
    path = lesson.path
    if level == 1:
        problems.warn(path, number, "use '##' and '###' for headings: the title comes from the front matter")
        return
    if level > 3:
        return
    match = ATTR_ANCHOR_RE.search(text)
    if not match:
        problems.error(path, number, "a '##' or '###' heading must end with an anchor {#anchor-id}")
        return
    anchor = match.group(1)
    if not ANCHOR_RE.match(anchor):
        problems.error(path, number, f"invalid anchor '{anchor}': use lower-case letters, digits and hyphens")
    elif anchor in lesson.anchors:
        problems.error(path, number, f"the anchor '{anchor}' is used twice in this lesson "
                       f"(first on line {lesson.anchors[anchor]})")
    else:
        lesson.anchors[anchor] = number
    if not text[: match.start()].strip():
        problems.error(path, number, "the heading has no text before its anchor")


def line_containing(lesson: LessonFile, needle: str) -> int:
    """The first body line that contains `needle` (case-insensitive), or the body's first line."""
    needle = needle.casefold()
    for index, line in enumerate(lesson.lines):
        if index + 1 >= lesson.body_line and needle in line.casefold():
            return index + 1
    return lesson.body_line
