from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from contract import CANONICAL_FORCES

from registry import (
    DEFAULT_PATH,
    PLATFORMS,
    RegistryError,
    Source,
    enabled,
    load_sources,
    select,
)

ENGAGE_BASE = (
    "https://hmicfrs.justiceinspectorates.gov.uk/about-us/what-we-do/"
    "our-approach-to-monitoring-forces/"
)


@pytest.fixture(scope="module")
def real() -> list[Source]:
    return load_sources()


@pytest.fixture(scope="module")
def real_by_id(real: list[Source]) -> dict[str, Source]:
    return {s.id: s for s in real}


def test_default_path_is_the_file_beside_the_module(real: list[Source]) -> None:
    assert DEFAULT_PATH.name == "sources.toml"
    assert load_sources(DEFAULT_PATH) == real


def test_real_file_has_43_territorial_forces_and_btp(real: list[Source]) -> None:
    forces = [s for s in real if s.kind == "force"]
    assert len(forces) == 44
    assert "British Transport Police" in {s.force for s in forces}


def test_every_force_source_has_its_own_canonical_force(real: list[Source]) -> None:
    forces = [s.force for s in real if s.kind == "force"]
    assert len(set(forces)) == len(forces)
    assert set(forces) == CANONICAL_FORCES


def test_pcc_sources_name_a_canonical_force(real: list[Source]) -> None:
    pccs = [s for s in real if s.kind == "pcc"]
    assert pccs
    assert {s.force for s in pccs} <= CANONICAL_FORCES


def test_inspectorate_sources_present(real_by_id: dict[str, Source]) -> None:
    news = real_by_id["hmicfrs"]
    assert (news.kind, news.platform, news.enabled, news.force) == (
        "inspectorate",
        "hmicfrs",
        True,
        None,
    )
    assert news.start_urls == ("https://hmicfrs.justiceinspectorates.gov.uk/news/news-feed/",)
    engage = real_by_id["hmicfrs-engage"]
    assert (engage.kind, engage.platform, engage.enabled) == ("inspectorate", "engage_list", True)
    assert engage.start_urls == (
        ENGAGE_BASE + "police-forces-in-engage/",
        ENGAGE_BASE + "police-forces-previously-in-engage/",
    )


def test_enabled_sources_start_on_https(real: list[Source]) -> None:
    for s in enabled(real):
        assert s.start_urls, s.id
        for url in (*s.start_urls, s.feed_url or "https://x"):
            assert url.startswith("https://"), (s.id, url)


def test_disabled_sources_say_why(real: list[Source]) -> None:
    disabled = [s for s in real if not s.enabled]
    assert disabled
    for s in disabled:
        assert s.disabled_reason, s.id
        assert s.disabled_reason.strip(), s.id


def test_every_platform_in_use_has_a_spider(real: list[Source]) -> None:
    assert {s.platform for s in real} == set(PLATFORMS)
    for s in real:
        assert s.spider == PLATFORMS[s.platform]


def test_enabled_soh_forces_read_the_listing_and_its_feed(real: list[Source]) -> None:
    soh = [s for s in enabled(real) if s.platform == "soh"]
    assert len(soh) >= 29
    for s in soh:
        (listing,) = s.start_urls
        assert re.fullmatch(r"https://[^/]+/news/[a-z-]+/[a-z]+/", listing), s.id
        assert s.feed_url == listing + "GetNewsRss/", s.id


@pytest.mark.parametrize(
    ("source_id", "platform", "start_url"),
    [
        ("west-midlands", "soh", "https://www.westmidlands.police.uk/news/west-midlands/news/"),
        ("staffordshire", "soh", "https://www.staffordshire.police.uk/news/staffordshire/news/"),
        (
            "nottinghamshire",
            "soh",
            "https://www.nottinghamshire.police.uk/news/nottinghamshire/news/",
        ),
        ("lincolnshire", "soh", "https://www.lincs.police.uk/news/lincolnshire/news/"),
        ("merseyside", "soh", "https://www.merseyside.police.uk/news/merseyside/news/"),
        ("avon-and-somerset", "generic", "https://www.avonandsomerset.police.uk/news/"),
        ("pcc-avon-and-somerset", "generic", "https://www.avonandsomerset-pcc.gov.uk/news/"),
    ],
)
def test_sites_in_the_mirror_are_enabled(
    real_by_id: dict[str, Source], source_id: str, platform: str, start_url: str
) -> None:
    s = real_by_id[source_id]
    assert (s.enabled, s.platform, s.start_urls) == (True, platform, (start_url,))


@pytest.mark.parametrize(
    ("source_id", "path", "is_article"),
    [
        ("avon-and-somerset", "/news/2025/02/our-statement-following-our-latest-inspection/", True),
        ("avon-and-somerset", "/news/", False),
        ("avon-and-somerset", "/news/page/2/", False),
        ("pcc-avon-and-somerset", "/news/2025/02/questioning-the-chief-constable", True),
        ("pcc-avon-and-somerset", "/news/2025/02/", False),
        ("devon-and-cornwall", "/news-article/3f1c2a9e-0b7d-4c55-9a51-7e2d0c1b8f44", True),
        ("devon-and-cornwall", "/news-articles/", False),
    ],
)
def test_generic_article_patterns(
    real_by_id: dict[str, Source], source_id: str, path: str, is_article: bool
) -> None:
    pattern = real_by_id[source_id].article_pattern
    assert pattern is not None
    assert bool(re.search(pattern, path)) is is_article


def test_met_newsroom_is_listed_but_disabled(real_by_id: dict[str, Source]) -> None:
    met = real_by_id["metropolitan"]
    assert not met.enabled
    assert "news.met.police.uk" in (met.disabled_reason or "")


DROP = object()

FORCE = {
    "id": "kent",
    "name": "Kent Police",
    "kind": "force",
    "force": "Kent Police",
    "platform": "soh",
    "start_urls": ["https://www.kent.police.uk/news/kent/latest/"],
}
PCC = {
    "id": "pcc-kent",
    "name": "Kent Police and Crime Commissioner",
    "kind": "pcc",
    "force": "Kent Police",
    "platform": "generic",
    "start_urls": ["https://www.kent-pcc.gov.uk/news/"],
    "article_pattern": r"^/news/[^/]+/?$",
}
INSPECTORATE = {
    "id": "hmicfrs",
    "name": "HMICFRS",
    "kind": "inspectorate",
    "platform": "hmicfrs",
    "start_urls": ["https://hmicfrs.justiceinspectorates.gov.uk/news/news-feed/"],
}


def table(base: dict[str, object], **changes: object) -> str:
    """One [[sources]] table; JSON scalars and arrays are valid TOML values."""
    fields = {**base, **changes}
    lines = [f"{k} = {json.dumps(v)}" for k, v in fields.items() if v is not DROP]
    return "[[sources]]\n" + "\n".join(lines) + "\n"


def write(tmp_path: Path, *tables: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text("\n".join(tables), encoding="utf-8")
    return path


BROKEN = [
    # (case, tables, source label, field, words the message must hold)
    ("unknown platform", [table(FORCE, platform="sho")], "kent", "platform",
     "unknown platform 'sho'; known: engage_list, generic, hmicfrs, soh"),
    ("unknown kind", [table(FORCE, kind="agency")], "kent", "kind", "unknown kind 'agency'"),
    ("duplicate id", [table(FORCE), table(PCC, id="kent")], "kent", "id", "duplicate id"),
    ("url scheme", [table(FORCE, start_urls=["ftp://www.kent.police.uk/"])], "kent",
     "start_urls", "not an http(s) URL"),
    ("url without host", [table(FORCE, start_urls=["https:///news/"])], "kent", "start_urls",
     "with a host"),
    ("relative url", [table(FORCE, start_urls=["/news/kent/latest/"])], "kent", "start_urls",
     "not an http(s) URL"),
    ("url with a space", [table(FORCE, start_urls=["https://www.kent.police.uk/a b/"])], "kent",
     "start_urls", "not an http(s) URL"),
    ("start_urls empty", [table(FORCE, start_urls=[])], "kent", "start_urls", "non-empty list"),
    ("start_urls a string", [table(FORCE, start_urls="https://www.kent.police.uk/")], "kent",
     "start_urls", "non-empty list"),
    ("bad homepage", [table(FORCE, homepage="www.kent.police.uk")], "kent", "homepage",
     "not an http(s) URL"),
    ("bad feed url", [table(FORCE, feed_url="feed:kent")], "kent", "feed_url",
     "not an http(s) URL"),
    ("missing id", [table(FORCE, id=DROP)], "#1 (no id)", "id", "missing"),
    ("missing name", [table(FORCE, name=DROP)], "kent", "name", "missing"),
    ("missing kind", [table(FORCE, kind=DROP)], "kent", "kind", "missing"),
    ("missing platform", [table(FORCE, platform=DROP)], "kent", "platform", "missing"),
    ("missing start_urls", [table(FORCE, start_urls=DROP)], "kent", "start_urls", "missing"),
    ("empty name", [table(FORCE, name=" ")], "kent", "name", "non-empty string"),
    ("id not a slug", [table(FORCE, id="Kent Police")], "Kent Police", "id", "hyphens"),
    ("force missing for force", [table(FORCE, force=DROP)], "kent", "force",
     "required for kind 'force'"),
    ("force missing for pcc", [table(FORCE), table(PCC, force=DROP)], "pcc-kent", "force",
     "required for kind 'pcc'"),
    ("force on inspectorate", [table(INSPECTORATE, force="Kent Police")], "hmicfrs", "force",
     "not allowed for kind 'inspectorate'"),
    ("pcc force not canonical", [table(FORCE), table(PCC, force="Kent Constabulary")], "pcc-kent",
     "force", "'Kent Constabulary' is not the force of any force source; did you mean 'Kent Police'"),
    ("pcc force misspelt", [table(FORCE), table(PCC, force="Kent Polce")], "pcc-kent", "force",
     "did you mean 'Kent Police'"),
    ("pcc force with no force sources", [table(PCC)], "pcc-kent", "force",
     "not the force of any force source"),
    ("force claimed twice", [table(FORCE), table(FORCE, id="kent-2")], "kent-2", "force",
     "already the force of source 'kent'"),
    ("generic without pattern", [table(FORCE), table(PCC, article_pattern=DROP)], "pcc-kent",
     "article_pattern", "missing"),
    ("pattern not a regex", [table(FORCE), table(PCC, article_pattern="^/news/(")], "pcc-kent",
     "article_pattern", "not a valid regex"),
    ("interval zero", [table(FORCE, interval_minutes=0)], "kent", "interval_minutes",
     "positive whole number"),
    ("interval negative", [table(FORCE, interval_minutes=-5)], "kent", "interval_minutes",
     "positive whole number"),
    ("interval a string", [table(FORCE, interval_minutes="60")], "kent", "interval_minutes",
     "positive whole number"),
    ("interval a float", [table(FORCE, interval_minutes=1.5)], "kent", "interval_minutes",
     "positive whole number"),
    ("interval a bool", [table(FORCE, interval_minutes=True)], "kent", "interval_minutes",
     "positive whole number"),
    ("unknown field", [table(FORCE, start_url=["https://www.kent.police.uk/"])], "kent",
     "start_url", "unknown field; did you mean 'start_urls'"),
    ("enabled not a bool", [table(FORCE, enabled="no")], "kent", "enabled", "true or false"),
    ("disabled without reason", [table(FORCE, enabled=False)], "kent", "disabled_reason",
     "must say why"),
    ("reason on an enabled source", [table(FORCE, disabled_reason="slow")], "kent",
     "disabled_reason", "source is enabled"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("tables", "label", "field", "words"),
    [pytest.param(*case[1:], id=case[0]) for case in BROKEN],
)
def test_broken_file_names_source_and_field(
    tmp_path: Path, tables: list[str], label: str, field: str, words: str
) -> None:
    path = write(tmp_path, *tables)
    with pytest.raises(RegistryError) as excinfo:
        load_sources(path)
    message = str(excinfo.value)
    assert f"source '{label}'" in message or f"source {label}" in message
    assert f"field '{field}'" in message
    assert words in message
    assert str(path) in message


def test_toml_syntax_error_gives_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, '[[sources]]\nid = "kent"\nname = Kent Police\n')
    with pytest.raises(RegistryError, match=r"TOML syntax error: .*line 3"):
        load_sources(path)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "no [[sources]] tables"),
        ('[[source]]\nid = "kent"\n', "unknown top-level key 'source'"),
        ('sources = "kent"\n', "no [[sources]] tables"),
    ],
)
def test_file_without_sources_is_refused(tmp_path: Path, text: str, words: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(RegistryError, match=re.escape(words)):
        load_sources(path)


def test_missing_file_is_a_registry_error(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="cannot read"):
        load_sources(tmp_path / "absent.toml")


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        table(FORCE, platform="sho"),
        table(PCC, kind="agency"),
        table(INSPECTORATE),
        table(INSPECTORATE),
    )
    with pytest.raises(RegistryError) as excinfo:
        load_sources(path)
    problems = excinfo.value.problems
    assert len(problems) == 3
    assert "source 'kent' field 'platform'" in problems[0]
    assert "source 'pcc-kent' field 'kind'" in problems[1]
    assert "source 'hmicfrs' field 'id': duplicate id" in problems[2]
    assert str(excinfo.value).startswith("3 problems:")


def test_broken_force_table_does_not_also_fail_its_pcc(tmp_path: Path) -> None:
    path = write(tmp_path, table(FORCE, platform="sho"), table(PCC))
    with pytest.raises(RegistryError) as excinfo:
        load_sources(path)
    assert len(excinfo.value.problems) == 1
    assert "source 'kent' field 'platform'" in excinfo.value.problems[0]


def test_valid_file_loads_with_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, table(INSPECTORATE), table(FORCE), table(PCC, interval_minutes=120))
    hmicfrs, kent, pcc = load_sources(path)
    assert hmicfrs.force is None
    assert kent == Source(
        id="kent",
        name="Kent Police",
        kind="force",
        platform="soh",
        start_urls=("https://www.kent.police.uk/news/kent/latest/",),
        force="Kent Police",
    )
    assert (kent.interval_minutes, kent.enabled, kent.spider) == (60, True, "soh_news")
    assert (pcc.interval_minutes, pcc.article_pattern) == (120, r"^/news/[^/]+/?$")


def test_disabled_generic_source_may_lack_a_pattern(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        table(FORCE),
        table(
            PCC,
            article_pattern=DROP,
            enabled=False,
            disabled_reason="article URL pattern unknown",
        ),
    )
    _, pcc = load_sources(path)
    assert (pcc.enabled, pcc.article_pattern) == (False, None)


def test_select_keeps_the_order_asked_and_drops_repeats(real: list[Source]) -> None:
    chosen = select(real, ["west-midlands", "hmicfrs", "west-midlands"])
    assert [s.id for s in chosen] == ["west-midlands", "hmicfrs"]


def test_select_includes_disabled_sources_named_explicitly(real: list[Source]) -> None:
    assert [s.enabled for s in select(real, ["metropolitan"])] == [False]


@pytest.mark.parametrize(
    ("ids", "words"),
    [
        (["west-midland"], "unknown source 'west-midland'; did you mean 'west-midlands'"),
        (["hmicfrs-engage-list"], "did you mean 'hmicfrs-engage'"),
        (["zzz"], "unknown source 'zzz'"),
    ],
)
def test_select_unknown_id_suggests_close_matches(
    real: list[Source], ids: list[str], words: str
) -> None:
    with pytest.raises(RegistryError, match=re.escape(words)):
        select(real, ids)


def test_select_reports_every_unknown_id(real: list[Source]) -> None:
    with pytest.raises(RegistryError) as excinfo:
        select(real, ["kent", "zzz", "qqq"])
    assert [p.split(";")[0] for p in excinfo.value.problems] == [
        "unknown source 'zzz'",
        "unknown source 'qqq'",
    ]


def test_enabled_keeps_only_enabled_sources(real: list[Source]) -> None:
    on = enabled(real)
    assert on
    assert all(s.enabled for s in on)
    assert len(on) < len(real)
    assert {s.id for s in real} - {s.id for s in on} == {s.id for s in real if not s.enabled}
