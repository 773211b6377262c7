"""Markdown is rendered and then sanitised: hostile content in a lesson file never becomes active."""
from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from tests.content.helpers import HOSTILE, sync_root
from training.markdown import render_lesson, render_markdown

FORBIDDEN_TAGS = {"script", "style", "iframe", "object", "embed", "form", "input", "button", "svg", "math",
                  "meta", "base", "link", "details", "frame", "frameset", "applet"}


class _Elements(HTMLParser):
    """Every element and attribute as a browser would parse them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {name: value or "" for name, value in attrs}))


def _assert_inert(html: str, page_forms: bool = False) -> None:
    """No active element or attribute; `page_forms` allows the page's own search and CSRF forms."""
    parser = _Elements()
    parser.feed(html)
    forbidden = FORBIDDEN_TAGS - ({"form", "input", "button"} if page_forms else set())
    for tag, attrs in parser.found:
        assert tag not in forbidden, f"<{tag}> survived in: {html}"
        if page_forms and tag == "form":
            assert attrs.get("action", "").startswith("/"), f"a form posts off the site: {attrs}"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"{name}= on <{tag}> survived"
            assert name not in ("style", "srcdoc", "formaction", "xlink:href"), f"{name}= on <{tag}> survived"
            if name in ("href", "src"):
                target = "".join(value.split()).lower()
                scheme = urlsplit(target).scheme
                assert scheme in ("", "http", "https", "mailto"), f"{name}={value} on <{tag}> survived"
                if tag == "img":
                    assert target.startswith("/") and not target.startswith("//"), f"remote image {value}"


def test_hostile_lesson_file_is_inert_on_the_page(app, make, login_as):
    sync_root(HOSTILE)
    from training.learning import enrolment

    cohort = make.cohort()
    enrolment.assign_course(None, cohort, enrolment.course_by_id("hostile"))
    from training.extensions import db

    db.session.commit()
    client, _user = login_as("trainee", organisation=cohort.organisation, cohorts=[cohort])
    response = client.get("/courses/hostile/attack/?lang=en")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    body = html[html.index('<main'):html.index('</main>')]
    lesson_body = body[body.index('<div class="lesson-body">'):body.index('</article>')]
    _assert_inert(lesson_body)
    _assert_inert(body, page_forms=True)
    assert 'href="#source-1"' in lesson_body and 'href="/glossary/#trap"' in lesson_body
    # Escaped text, not markup: the title and the citation show the characters, harmlessly.
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;Attack" in body
    # What is allowed still works: safe links, mail links, images from the site, anchors.
    assert 'href="https://www.ohchr.org/"' in body
    assert 'href="mailto:npm@example.org"' in body
    assert 'src="/static/icons/favicon.svg"' in body
    assert '<h2 id="attrs">Attributes</h2>' in body
    for path in ("/courses/?lang=en", "/courses/hostile/?lang=en", "/glossary/?lang=en", "/search?q=attack&lang=en"):
        page = client.get(path).get_data(as_text=True)
        _assert_inert(page[page.index('<main'):page.index('</main>')], page_forms=True)


def test_the_content_security_policy_still_forbids_inline_script(app, login_as):
    client, _user = login_as("trainee")
    policy = client.get("/glossary/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


@pytest.mark.parametrize("source", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "![x](data:image/svg+xml;base64,PHN2Zz4=)",
    "![x](//evil.example/x.png)",
    "<a href='javascript:alert(1)'>x</a>",
    "## Heading {#h onclick=alert(1)}",
    "text {: style='color:red' }",
    "<details open ontoggle=alert(1)>",
    "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
])
def test_render_markdown_removes_active_content(source):
    _assert_inert(str(render_markdown(source)))
    assert "//evil.example" not in str(render_markdown(source))


def test_citations_glossary_links_toc_and_tables():
    rendered = render_lesson(
        "Intro [@OPCAT art. 20(d)] and [[custody]] and [[custody|held]].\n\n"
        "## Who {#who}\n\nAgain [@OPCAT art. 20(d)] then [@UNCAT art. 1].\n\n"
        "### Sub {#sub}\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n",
        {"custody": "saxlama"})
    html = str(rendered.html)
    assert '<cite class="source-ref"><a class="source-link" href="#source-1"' in html
    assert html.count('href="#source-1"') == 2 and 'href="#source-2"' in html
    assert rendered.sources == ["OPCAT art. 20(d)", "UNCAT art. 1"]
    assert '<a class="glossary-term" href="/glossary/#custody" rel="noopener noreferrer">saxlama</a>' in html
    assert '>held</a>' in html
    assert rendered.toc == [[2, "who", "Who"], [3, "sub", "Sub"]]
    assert '<td align="right">2</td>' in html
    assert [s[0] for s in rendered.sections] == ["", "who", "sub"]
