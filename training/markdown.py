"""Markdown to safe HTML: python-markdown with the curriculum's syntax, then ALWAYS nh3.

Curriculum syntax on top of Markdown (see the content format):
- `[@OPCAT art. 20(d)]` a citation: a visible source reference, collected into `sources`;
- `[[term-id]]` / `[[term-id|shown text]]` a link to the glossary entry;
- `## Heading {#anchor}` headings with explicit anchors (attr_list), collected into `toc`.
Whatever the Markdown produces goes through an nh3 allow-list: no script, style, event
attributes, javascript: or data: URLs; links http/https/mailto/relative; images from the site only.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.util import HTML_PLACEHOLDER_RE
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

# Bump when the rendering changes, so `flask content sync` renders every text again.
RENDERER_VERSION = 1

CITATION_RE = r"\[@([^\]\n]+?)\]"
GLOSSARY_RE = r"\[\[([a-z0-9-]+)(?:\|([^\]\n]+))?\]\]"
ANCHOR_OK = re.compile(r"^[a-z0-9][a-z0-9-]*$")

TAGS = {
    "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "dl", "dt", "dd",
    "strong", "em", "b", "i", "code", "pre", "blockquote", "a", "img", "cite", "sup", "sub",
    "table", "thead", "tbody", "tr", "th", "td", "abbr", "span",
}
ATTRIBUTES = {
    "*": {"id"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "abbr": {"title"},
    "ol": {"start"},
}
CLASSES = {"a": {"glossary-term", "source-link"}, "cite": {"source-ref"}}


@dataclass
class Rendered:
    html: Markup
    toc: list = field(default_factory=list)  # [[level, anchor, heading], ...]
    sources: list = field(default_factory=list)  # citation texts, in order of first use
    sections: list = field(default_factory=list)  # [(anchor, heading, plain text), ...]
    glossary_used: list = field(default_factory=list)


# ----- the curriculum syntax ---------------------------------------------------------------

class _CitationPattern(InlineProcessor):
    def __init__(self, pattern, state):
        super().__init__(pattern)
        self.state = state

    def handleMatch(self, m, data):
        text = " ".join(m.group(1).split())
        sources = self.state["sources"]
        if text not in sources:
            sources.append(text)
        cite = etree.Element("cite", {"class": "source-ref"})
        link = etree.SubElement(cite, "a", {"href": f"#source-{sources.index(text) + 1}", "class": "source-link"})
        link.text = text
        return cite, m.start(0), m.end(0)


class _GlossaryPattern(InlineProcessor):
    def __init__(self, pattern, state):
        super().__init__(pattern)
        self.state = state

    def handleMatch(self, m, data):
        term_id, shown = m.group(1), m.group(2)
        titles = self.state["glossary"]
        self.state["glossary_used"].append(term_id)
        link = etree.Element("a", {"href": f"{self.state['glossary_url']}#{term_id}", "class": "glossary-term"})
        link.text = shown.strip() if shown else titles.get(term_id, term_id)
        return link, m.start(0), m.end(0)


class _Collector(Treeprocessor):
    """Collect the table of contents and the searchable sections once attr_list has set the ids."""

    def __init__(self, md, state):
        super().__init__(md)
        self.state = state

    def run(self, root):
        anchor, heading, parts = "", "", []
        for element in root:
            if element.tag in ("h2", "h3"):
                self._flush(anchor, heading, parts)
                text = " ".join("".join(element.itertext()).split())
                anchor, heading, parts = element.get("id", ""), text, []
                if anchor:
                    self.state["toc"].append([int(element.tag[1]), anchor, text])
            else:
                parts.append(" ".join("".join(element.itertext()).split()))
        self._flush(anchor, heading, parts)

    def _flush(self, anchor, heading, parts):
        body = " ".join(HTML_PLACEHOLDER_RE.sub(" ", " ".join(p for p in parts if p)).split())
        if heading or body:
            self.state["sections"].append((anchor, heading, body))


class CurriculumExtension(Extension):
    def __init__(self, state, **kwargs):
        self.state = state
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.inlinePatterns.register(_GlossaryPattern(GLOSSARY_RE, self.state), "glossary", 185)
        md.inlinePatterns.register(_CitationPattern(CITATION_RE, self.state), "citation", 180)
        md.treeprocessors.register(_Collector(md, self.state), "curriculum_collector", 1)


# ----- sanitising --------------------------------------------------------------------------

def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and not url.startswith("//") and "\\" not in url


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return value if ANCHOR_OK.match(value) else None
    if tag == "img" and attribute == "src":
        return value if _is_local(value) and value.startswith("/") else None
    if tag == "a" and attribute == "href":
        scheme = urlsplit(value).scheme.lower()
        return value if scheme in ("", "http", "https", "mailto") and not value.startswith("//") else None
    return value


def sanitise(html: str) -> Markup:
    """The allow-list every piece of rendered Markdown passes through."""
    return Markup(nh3.clean(
        html, tags=TAGS, attributes=ATTRIBUTES, allowed_classes=CLASSES,
        url_schemes={"http", "https", "mailto"}, attribute_filter=_attribute_filter,
        link_rel="noopener noreferrer", strip_comments=True,
    ))


# ----- the entry points --------------------------------------------------------------------

def render_lesson(text: str, glossary: dict[str, str] | None = None,
                  glossary_url: str = "/glossary/") -> Rendered:
    """Render a lesson body: sanitised HTML plus its table of contents, sources and sections.

    :param glossary: term id -> the term's title in the lesson's language.
    """
    state = {"sources": [], "toc": [], "sections": [], "glossary_used": [],
             "glossary": glossary or {}, "glossary_url": glossary_url}
    md = markdown.Markdown(
        extensions=["attr_list", "tables", "sane_lists", CurriculumExtension(state)],
        extension_configs={"tables": {"use_align_attribute": True}},
        output_format="html",
    )
    html = sanitise(md.convert(text or ""))
    return Rendered(html=html, toc=state["toc"], sources=state["sources"],
                    sections=state["sections"], glossary_used=state["glossary_used"])


def render_markdown(text: str) -> Markup:
    """Any Markdown from content or users, as sanitised HTML."""
    return render_lesson(text).html
