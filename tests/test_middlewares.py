from __future__ import annotations

from scrapy import Request
from scrapy.http import HtmlResponse

from middlewares import REAL_URL, ConditionalRequestMiddleware, MirrorMiddleware

REAL = "https://www.westmidlands.police.uk/news/west-midlands/news/?page=2"


def test_mirror_rewrites_to_the_host_keyed_path_and_restores_the_real_url():
    mw = MirrorMiddleware("http://127.0.0.1:9999/")
    mirrored = mw.process_request(Request(REAL, meta={"conditional": True}))
    assert mirrored.url == (
        "http://127.0.0.1:9999/www.westmidlands.police.uk/news/west-midlands/news/?page=2"
    )
    assert mirrored.meta[REAL_URL] == REAL
    assert mirrored.meta["download_slot"] == "www.westmidlands.police.uk"
    assert mirrored.meta["conditional"] is True
    assert mw.process_request(mirrored) is None
    response = mw.process_response(mirrored, HtmlResponse(mirrored.url, body=b"<p>x</p>"))
    assert response.url == REAL


def test_conditional_headers_only_on_marked_requests():
    mw = ConditionalRequestMiddleware.__new__(ConditionalRequestMiddleware)
    mw.known = {REAL: ('"abc"', "Wed, 14 Oct 2026 09:00:00 GMT")}
    mw.seen = {}
    marked = Request(REAL, meta={"conditional": True})
    mw.process_request(marked)
    assert marked.headers["If-None-Match"] == b'"abc"'
    assert marked.headers["If-Modified-Since"] == b"Wed, 14 Oct 2026 09:00:00 GMT"
    article = Request(REAL)
    mw.process_request(article)
    assert "If-None-Match" not in article.headers


def test_new_validators_are_remembered_from_200s():
    mw = ConditionalRequestMiddleware.__new__(ConditionalRequestMiddleware)
    mw.known, mw.seen = {}, {}
    request = Request(REAL, meta={"conditional": True})
    response = HtmlResponse(REAL, body=b"x", headers={"ETag": '"new"'})
    mw.process_response(request, response)
    assert mw.seen == {REAL: ('"new"', None)}
