from __future__ import annotations

import pytest

from pipelines.clean import clean_html

SOH_FRAGMENT = """
<main>
  <div class="leave-site"><a href="https://www.google.co.uk">Leave this site</a></div>
  <div id="cookie-banner"><p>We use some essential cookies to make this website work.</p>
  <button>Accept all cookies</button></div>
  <nav class="breadcrumb"><a href="/">Home</a> / <a href="/news/">News</a></nav>
  <h1>Appeal after <em>burglary</em> in Walsall</h1>
  <p>Published: 14:05 14/10/2026</p>
  <p>We are appealing for information after a burglary on <a href="/x">Park Road</a>.</p>
  <p>Call 101 quoting log 123.</p>
  <div class="share-this"><p>Share this page</p><a>Facebook</a></div>
  <section class="feedback"><h2>Is there a problem with this page?</h2></section>
  <footer>Copyright</footer>
</main>
"""


def test_furniture_is_dropped_and_paragraphs_kept_whole():
    text = clean_html(SOH_FRAGMENT)
    assert text.splitlines() == [
        "Appeal after burglary in Walsall",
        "Published: 14:05 14/10/2026",
        "We are appealing for information after a burglary on Park Road.",
        "Call 101 quoting log 123.",
    ]


@pytest.mark.parametrize(
    "line",
    ["Leave this site", "Share this page", "Is there a problem with this page?", "Rate this page"],
)
def test_furniture_recognised_by_its_words_alone(line):
    assert clean_html(f"<div><p>Body text.</p><p>{line}</p></div>") == "Body text."


def test_markup_churn_does_not_change_the_text():
    a = clean_html('<div class="x1"><p>Same   words</p><script>var t=1;</script></div>')
    b = clean_html('<section data-v="2"><p>Same words</p>\n<!-- tracking --></section>')
    assert a == b == "Same words"


def test_post_term_classes_do_not_make_the_article_furniture():
    fragment = '<article class="post tag-brexit category-social"><p>Story words.</p></article>'
    assert clean_html(fragment) == "Story words."


@pytest.mark.parametrize(
    "rail",
    [
        '<h2>Latest news</h2><ul><li><a href="/1">Other Police moved into Engage</a></li></ul>',
        '<div><div class="t">Most read</div><a href="/1">One</a> <a href="/2">Two</a></div>',
        '<section><h3>More on this story</h3><p><a href="/1">Another force</a></p></section>',
        '<div id="comments"><p>A reader says another force failed.</p></div>',
    ],
)
def test_rails_after_the_story_are_dropped(rail):
    fragment = f"<div><h1>Title</h1><p>The story itself.</p>{rail}</div>"
    assert clean_html(fragment).splitlines() == ["Title", "The story itself."]
