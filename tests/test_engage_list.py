from __future__ import annotations

import pytest
import time_machine
from scrapy.http import Request
from spider_support import (
    call,
    crawl_mirror,
    fail,
    http_error,
    make_spider,
    mirror_sources,
    respond,
    start_requests,
    stats,
)

from items import EngageListItem
from registry import Source
from spiders.engage_list import EngageListSpider

HOST = "https://hmicfrs.justiceinspectorates.gov.uk"
MONITORING = f"{HOST}/about-us/what-we-do/our-approach-to-monitoring-forces"
CURRENT = f"{MONITORING}/police-forces-in-engage/"
PREVIOUS = f"{MONITORING}/police-forces-previously-in-engage/"
ENGAGE = Source(
    id="hmicfrs-engage",
    name="HMICFRS: police forces in Engage, current and previous",
    kind="inspectorate",
    platform="engage_list",
    start_urls=(CURRENT, PREVIOUS),
)


def requests() -> tuple[EngageListSpider, Request, Request]:
    spider = make_spider(EngageListSpider, ENGAGE)
    current, previous = start_requests(spider)
    return spider, current, previous


def test_both_pages_are_asked_for_conditionally() -> None:
    spider, current, previous = requests()
    assert [current.url, previous.url] == [CURRENT, PREVIOUS]
    for request in (current, previous):
        assert request.meta["conditional"] is True
        assert request.meta["handle_httpstatus_list"] == [304]
        assert request.callback == spider.parse_list
        assert request.errback == spider.listing_errback


@time_machine.travel("2026-10-29T06:00:00+00:00", tick=False)
def test_current_page() -> None:
    spider, current, _ = requests()
    response = respond(current, "engage_list/in_engage.html")
    (item,) = call(current, response)
    assert isinstance(item, EngageListItem)
    assert (item.source_id, item.url, item.listing) == ("hmicfrs-engage", CURRENT, "current")
    assert item.forces == [
        {
            "force": "Lincolnshire Police",
            "entered": "December 2024",
            "exited": None,
            "reasons": [
                "not responding to calls for service quickly enough",
                "not investigating crime effectively",
                "not protecting vulnerable people well enough",
            ],
        },
        {
            "force": "Cambridgeshire Constabulary",
            "entered": "2026",
            "exited": None,
            "reasons": ["not managing the risk posed by registered sex offenders"],
        },
    ]
    assert item.fetched_at == "2026-10-29T06:00:00+00:00"
    assert len(item.html_hash) == 64
    assert stats(spider)["forcewatch/listing_pages"] == 1


def test_previous_page_reads_exit_dates_and_the_reasons_list_only() -> None:
    _, _, previous = requests()
    (item,) = call(previous, respond(previous, "engage_list/previously_in_engage.html"))
    assert item.listing == "previous"
    assert item.forces == [
        {
            "force": "Nottinghamshire Police",
            "entered": "March 2024",
            "exited": "May 2025",
            "reasons": [
                "not investigating crime effectively",
                "not identifying vulnerable people when they first make contact",
            ],
        },
        {
            "force": "Cleveland Police",
            "entered": "2019",
            "exited": "September 2023",
            "reasons": ["not keeping vulnerable people safe"],
        },
    ]


def test_a_page_that_says_no_force_is_in_engage_is_empty_on_purpose() -> None:
    spider, current, _ = requests()
    (item,) = call(current, respond(current, "engage_list/in_engage_none.html"))
    assert item.forces == []
    assert "forcewatch/listing_errors" not in stats(spider)


def test_a_page_without_force_blocks_is_a_listing_error() -> None:
    spider, current, _ = requests()
    assert call(current, respond(current, "engage_list/in_engage_broken.html")) == []
    assert stats(spider)["forcewatch/listing_errors"] == 1
    assert CURRENT in stats(spider)["forcewatch/last_error"]


def test_not_modified_yields_nothing() -> None:
    spider, current, previous = requests()
    assert call(current, respond(current, status=304)) == []
    assert call(previous, respond(previous, status=304)) == []
    assert stats(spider)["forcewatch/listing_not_modified"] == 2
    assert "forcewatch/listing_errors" not in stats(spider)


@pytest.mark.parametrize("status", [403, 500])
def test_a_failed_page_is_a_listing_error(status: int) -> None:
    spider, current, previous = requests()
    assert fail(current, http_error(current, status)) == []
    (item,) = call(previous, respond(previous, "engage_list/previously_in_engage.html"))
    assert item.listing == "previous"
    assert stats(spider)["forcewatch/listing_errors"] == 1
    assert stats(spider)["forcewatch/last_error"] == f"{CURRENT}: HTTP {status}"


def engage_crawl(version: str) -> dict[str, list[dict]]:
    (source,) = mirror_sources("engage_list")
    spider = make_spider(EngageListSpider, source)
    lists = crawl_mirror(spider, version).lists()
    assert "forcewatch/listing_errors" not in stats(spider)
    return {listing: item.forces for listing, item in lists.items()}


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_the_mirror_lists_read_whole(version: str) -> None:
    lists = engage_crawl(version)
    assert lists.keys() == {"current", "previous"}
    for listing, forces in lists.items():
        assert forces
        for force in forces:
            assert force["entered"]
            assert force["reasons"]
            assert (force["exited"] is not None) == (listing == "previous")


def test_nottinghamshire_moves_to_the_previous_list_in_v2() -> None:
    v1, v2 = engage_crawl("v1"), engage_crawl("v2")
    names = {
        (version, listing): {f["force"] for f in forces}
        for version, lists in (("v1", v1), ("v2", v2))
        for listing, forces in lists.items()
    }
    assert names[("v1", "current")] - names[("v2", "current")] == {"Nottinghamshire Police"}
    assert names[("v2", "previous")] - names[("v1", "previous")] == {"Nottinghamshire Police"}
