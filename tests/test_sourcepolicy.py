"""geo.sourcepolicy: blocked domains, mirrors, Wikipedia as the source of a figure, and the currency of data_as_of."""

import copy
import json

import pytest

from geo.config import Settings
from geo.io import load_catalog
from geo.sourcepolicy import host_matches, parse_policy
from tests.conftest import MANIFEST, make_feature

POLICY = {
    "currency": {"max_days_after_newest_source": 120},
    "blocked": [{
        "domain": "news-pravda.com",
        "reason": "the Pravda network",
        "identified_by": "VIGINUM",
        "finding": {"title": "Portal Kombat", "publisher": "SGDSN", "date": "2024-02-12",
                    "url": "https://www.sgdsn.gouv.fr/publications/portal-kombat"},
    }],
    "mirrors": [{"domain": "armenianclub.com", "copies": "wire reposts"}],
    "wikipedia": ["wikipedia.org"],
}


def manifest(as_of: str) -> dict:
    m = copy.deepcopy(MANIFEST)
    m["dataset"]["data_as_of"] = as_of
    return m


def source(url: str, date: str = "2010-01-02", **extra: str) -> dict:
    return {"title": "A title", "publisher": "A publisher", "date": date, "url": url, **extra}


def run(make_layers, features, *, as_of="2010-03-01", policy=POLICY, chapters=None):
    raw = {} if policy is None else {"source_policy.json": json.dumps(policy)}
    if chapters is not None:
        raw["chapters.json"] = json.dumps(chapters)
    root = make_layers(manifest(as_of), raw=raw, bases=features, roads=[])
    result = load_catalog(Settings(layers_dir=root))
    return result, [(p.feature, p.rule) for p in result.problems]


@pytest.mark.parametrize(("url", "domain", "expected"), [
    ("https://ossetia.news-pravda.com/en/x.html", "news-pravda.com", True),
    ("https://news-pravda.com/x", "news-pravda.com", True),
    ("https://www.armenianclub.com/2004/x", "armenianclub.com", True),
    ("https://eumm.eu./en/press", "eumm.eu", True),
    ("https://sco.wikipedia.org/wiki/Lachin", "wikipedia.org", True),
    ("https://notnews-pravda.com/x", "news-pravda.com", False),
    ("https://news-pravda.com.example.org/x", "news-pravda.com", False),
    ("https://example.org/?u=news-pravda.com", "news-pravda.com", False),
])
def test_a_domain_covers_itself_and_its_subdomains_only(url, domain, expected):
    assert host_matches(url, domain) is expected


def test_a_clean_feature_passes(make_layers):
    result, problems = run(make_layers, [make_feature("ok")])
    assert problems == [] and result.ok


def test_a_blocked_domain_is_reported_with_reason_and_finding(make_layers):
    feature = make_feature("bad", sources=[source("https://ossetia.news-pravda.com/en/russia/2025/07/14/8978.html")])
    result, problems = run(make_layers, [feature])
    assert problems == [("bad", "source-blocked")]
    detail = result.problems[0].detail
    assert "news-pravda.com" in detail and "VIGINUM" in detail and "sgdsn.gouv.fr" in detail
    assert result.problems[0].file.endswith("bases.geojson")
    assert result.catalog.feature("bad")  # reported, not dropped


def test_a_mirror_needs_a_reason(make_layers):
    bare = make_feature("bare", sources=[source("https://armenianclub.com/2008/08/31/x")])
    why = make_feature("why", sources=[source("https://armenianclub.com/2008/08/31/y",
                                              no_original="The 2008 wire is not online; the repost keeps its byline.")])
    _, problems = run(make_layers, [bare, why])
    assert problems == [("bare", "source-mirror")]


def test_a_blank_reason_does_not_count(make_layers):
    feature = make_feature("blank", sources=[source("https://armenianclub.com/x", no_original="  ")])
    # blank text passes the schema's minLength but is no reason
    _, problems = run(make_layers, [feature])
    # the generic blank-text rule catches it first, and the feature is left out
    assert ("blank", "source-mirror") in problems or ("blank", "text") in problems


def test_wikipedia_may_not_be_the_source_of_a_figure(make_layers):
    sources = [source("https://example.org/a"), source("https://sco.wikipedia.org/wiki/Lachin", date=None)]
    ok = make_feature("ok", sources=sources,
                      figures=[{"label": "personnel", "value": 5, "as_of": "2009", "source": 0}])
    bad = make_feature("bad", sources=sources,
                       figures=[{"label": "personnel", "value": 5, "as_of": "2009", "source": 1}])
    result, problems = run(make_layers, [ok, bad])
    assert problems == [("bad", "figure-wikipedia")]
    assert "sco.wikipedia.org" in result.problems[0].detail


def test_wikipedia_is_allowed_for_what_is_not_a_figure(make_layers):
    feature = make_feature("coords", sources=[source("https://example.org/a"),
                                              source("https://en.wikipedia.org/wiki/Gudauta", date=None)])
    _, problems = run(make_layers, [feature])
    assert problems == []


def test_chapter_sources_are_checked_too(make_layers):
    chapters = {"chapters": [{"id": "ch-one", "sources": [source("https://armenianclub.com/x"),
                                                          source("https://news-pravda.com/y")]}]}
    result, problems = run(make_layers, [make_feature("ok")], chapters=chapters)
    assert sorted(problems) == [("ch-one", "source-blocked"), ("ch-one", "source-mirror")]
    assert all(p.file.endswith("chapters.json") for p in result.problems)


def test_data_as_of_too_long_after_the_newest_source(make_layers):
    feature = make_feature("old", sources=[source("https://example.org/a", date="2010-01-02")])
    _, on_time = run(make_layers, [feature], as_of="2010-05-02")  # 120 days
    result, late = run(make_layers, [feature], as_of="2010-05-03")  # 121 days
    assert on_time == []
    assert late == [("-", "data-currency")]
    assert "121 days" in result.problems[0].detail and "2010-01-02" in result.problems[0].detail
    assert result.problems[0].file.endswith("manifest.json")


def test_a_month_precise_source_counts_from_its_first_day(make_layers):
    feature = make_feature("month", sources=[source("https://example.org/a", date="2010-01")])
    _, problems = run(make_layers, [feature], as_of="2010-05-01")  # 120 days after 1 January
    assert problems == []
    _, problems = run(make_layers, [feature], as_of="2010-05-02")
    assert problems == [("-", "data-currency")]


def test_nothing_may_lie_after_data_as_of(make_layers):
    later_source = make_feature("src", start="2008", end="2009",
                                sources=[source("https://example.org/a", date="2010-03-02")])
    later_end = make_feature("end", start="2008", end="2010-04",
                             sources=[source("https://example.org/b", date="2010-02-01")])
    result, problems = run(make_layers, [later_source, later_end], as_of="2010-03-01")
    assert sorted(problems) == [("end", "data-currency"), ("src", "data-currency")]
    assert any("sources.0.date 2010-03-02" in p.detail for p in result.problems)


def test_a_broken_policy_is_one_problem_and_loses_no_feature(make_layers):
    broken = {"currency": {}, "blocked": [], "mirrors": [], "wikipedia": []}
    result, problems = run(make_layers, [make_feature("ok")], policy=broken)
    assert problems and all(rule == "source-policy" for _, rule in problems)
    assert result.catalog.feature("ok")


def test_a_policy_that_is_not_json_is_reported_by_the_reader(make_layers):
    root = make_layers(manifest("2010-03-01"), raw={"source_policy.json": "{ not json"}, bases=[make_feature("ok")], roads=[])
    result = load_catalog(Settings(layers_dir=root))
    assert [(p.rule, p.file.endswith("source_policy.json")) for p in result.problems] == [("json", True)]
    assert result.catalog.feature("ok")


def test_no_policy_file_means_no_policy_checks(make_layers):
    feature = make_feature("x", sources=[source("https://news-pravda.com/y")])
    _, problems = run(make_layers, [feature], policy=None, as_of="2026-01-01")
    assert problems == []


def test_parse_policy_reads_every_part():
    policy = parse_policy(POLICY)
    assert policy.max_days_after_newest_source == 120
    assert policy.blocked_entry("https://armenia.news-pravda.com/x").identified_by == "VIGINUM"
    assert policy.mirror_of("https://armenianclub.com/x") == "wire reposts"
    assert policy.is_wikipedia("https://ru.wikipedia.org/wiki/X") and not policy.is_wikipedia("https://example.org")
