"""Source hygiene and currency: the rules in ``layers/source_policy.json`` applied to every source of the data.

The policy is data, not code (``schema/source_policy.schema.json``):

- ``blocked``: domains identified as disinformation outlets (each with the reason, who identified it and a link to
  that finding). A source on such a domain is the ``source-blocked`` problem, whatever it says.
- ``mirrors``: domains that copy other publishers' texts (forums, aggregators, Wikipedia mirrors). A source on such a
  domain is the ``source-mirror`` problem unless the source carries ``no_original``: why the original cannot be cited.
- ``wikipedia``: domains whose pages count as Wikipedia (any language edition). A figure whose source is such a page
  is the ``figure-wikipedia`` problem: an encyclopedia is never the sole source of a number.
- ``currency.max_days_after_newest_source``: ``data_as_of`` may lie at most this many days after the newest source
  date in the data, and no source, feature date or figure date may lie after ``data_as_of`` (``data-currency``).

Domains match the URL's host and its subdomains (``news-pravda.com`` covers ``ossetia.news-pravda.com``); a leading
``www.`` and a trailing dot are ignored. Feature and chapter sources are both checked. No policy file: no check (test
folders); a broken policy file is the ``source-policy`` problem. Dates are compared by their first possible day.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import jsonschema

from geo.errors import Problem
from geo.model import Catalog, Feature
from geo.temporal import PartialDate

__all__ = ["POLICY_FILE", "POLICY_SCHEMA", "BlockedDomain", "SourcePolicy", "check_source_policy", "host_matches",
           "newest_source_date", "parse_policy"]

POLICY_FILE = "source_policy.json"
POLICY_SCHEMA = "schema/source_policy.schema.json"
_CHAPTERS_FILE = "chapters.json"
_MANIFEST = "manifest.json"

#: Reads a JSON file (path, display name) and returns its content, or ``None`` after recording a problem.
JsonReader = Callable[[Path, str], Any]


@dataclass(frozen=True, slots=True)
class BlockedDomain:
    """A domain identified as a disinformation outlet, with why and by whom (``finding_url`` links the finding)."""

    domain: str
    reason: str
    identified_by: str
    finding_url: str


@dataclass(frozen=True, slots=True)
class SourcePolicy:
    """The parsed policy: blocked domains, mirror domains (domain -> what it copies), Wikipedia domains, currency."""

    blocked: tuple[BlockedDomain, ...]
    mirrors: Mapping[str, str]
    wikipedia: tuple[str, ...]
    max_days_after_newest_source: int

    def blocked_entry(self, url: str) -> BlockedDomain | None:
        """The blocklist entry covering ``url``'s host, if any."""
        return next((b for b in self.blocked if host_matches(url, b.domain)), None)

    def mirror_of(self, url: str) -> str | None:
        """What the mirror domain covering ``url`` copies, or ``None`` when it is no listed mirror."""
        return next((what for domain, what in self.mirrors.items() if host_matches(url, domain)), None)

    def is_wikipedia(self, url: str) -> bool:
        """True when ``url`` is a page of Wikipedia (any edition) or of a listed Wikipedia domain."""
        return any(host_matches(url, domain) for domain in self.wikipedia)


def host_matches(url: str, domain: str) -> bool:
    """True when the host of ``url`` is ``domain`` or one of its subdomains (``www.`` and a final dot ignored)."""
    host = (urlparse(url).hostname or "").rstrip(".").lower()
    host = host.removeprefix("www.")
    domain = domain.rstrip(".").lower().removeprefix("www.")
    return host == domain or host.endswith("." + domain)


def parse_policy(raw: Mapping[str, Any]) -> SourcePolicy:
    """Build the policy from its (schema-checked) JSON object."""
    return SourcePolicy(
        blocked=tuple(
            BlockedDomain(e["domain"], e["reason"], e["identified_by"], e["finding"]["url"]) for e in raw["blocked"]
        ),
        mirrors={e["domain"]: e["copies"] for e in raw["mirrors"]},
        wikipedia=tuple(raw["wikipedia"]),
        max_days_after_newest_source=int(raw["currency"]["max_days_after_newest_source"]),
    )


def check_source_policy(root: Path, catalog: Catalog, read_json: JsonReader) -> list[Problem]:
    """Every problem the policy in ``root`` finds in ``catalog`` and in ``root/chapters.json``.

    ``read_json`` reads a file (with the loader's size and encoding checks) and records its own problems.
    """
    file = f"{root.name}/{POLICY_FILE}"
    path = root / POLICY_FILE
    if not path.exists():
        return []
    raw = read_json(path, file)
    if raw is None:
        return []
    try:
        schema = json.loads((root / POLICY_SCHEMA).read_text(encoding="utf-8"))
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(raw))
    except (OSError, ValueError) as exc:
        return [Problem(file, "-", "source-policy", f"cannot read {POLICY_SCHEMA}: {exc}")]
    if errors:
        return [Problem(file, "-", "source-policy", f"{'.'.join(str(p) for p in e.absolute_path) or 'policy'}: "
                                                    f"{e.message}") for e in errors]
    policy = parse_policy(raw)
    problems = [p for f in catalog.features for p in _feature_problems(f, policy, f"{root.name}/{f.layer}.geojson")]
    chapters_path = root / _CHAPTERS_FILE
    if chapters_path.exists():
        chapters = read_json(chapters_path, f"{root.name}/{_CHAPTERS_FILE}")
        problems += _chapter_problems(chapters, policy, f"{root.name}/{_CHAPTERS_FILE}")
    problems += _currency_problems(catalog, policy, f"{root.name}/{_MANIFEST}")
    return problems


# --- the rules -------------------------------------------------------------------------------------------------


def _url_problems(source: Mapping[str, Any], where: str, policy: SourcePolicy) -> Iterator[tuple[str, str]]:
    url = str(source.get("url", ""))
    blocked = policy.blocked_entry(url)
    if blocked is not None:
        yield ("source-blocked", f"{where} is on {blocked.domain}, identified by {blocked.identified_by} as "
                                 f"{blocked.reason} ({blocked.finding_url}); cite another source")
    copies = policy.mirror_of(url)
    if copies is not None and not str(source.get("no_original", "")).strip():
        yield ("source-mirror", f"{where} ({url}) is a mirror ({copies}); cite the original publisher, or say in "
                                f"\"no_original\" why the original cannot be cited")


def _feature_problems(feature: Feature, policy: SourcePolicy, file: str) -> Iterator[Problem]:
    raw_sources = feature.properties.get("sources")
    sources: Sequence[Any] = raw_sources if isinstance(raw_sources, Sequence) else ()
    for i, source in enumerate(sources):
        if isinstance(source, Mapping):
            for rule, detail in _url_problems(source, f"sources.{i}", policy):
                yield Problem(file, feature.id, rule, detail)
    raw_figures = feature.properties.get("figures")
    figures: Sequence[Any] = raw_figures if isinstance(raw_figures, Sequence) else ()
    for i, figure in enumerate(figures):
        index = figure.get("source") if isinstance(figure, Mapping) else None
        if isinstance(index, int) and 0 <= index < len(feature.sources) and policy.is_wikipedia(feature.sources[index].url):
            yield Problem(file, feature.id, "figure-wikipedia",
                          f"figures.{i} ({figure.get('label')} {figure.get('value')}) rests on Wikipedia "
                          f"({feature.sources[index].url}); give the publication Wikipedia cites")


def _chapter_problems(raw: object, policy: SourcePolicy, file: str) -> list[Problem]:
    chapters = raw.get("chapters") if isinstance(raw, Mapping) else None
    problems: list[Problem] = []
    for n, chapter in enumerate(chapters if isinstance(chapters, list) else []):
        if not isinstance(chapter, Mapping):
            continue
        label = str(chapter.get("id") or f"#{n}")
        sources = chapter.get("sources")
        for i, source in enumerate(sources if isinstance(sources, list) else []):
            if isinstance(source, Mapping):
                problems += [Problem(file, label, rule, detail) for rule, detail in _url_problems(source, f"sources.{i}", policy)]
    return problems


def _currency_problems(catalog: Catalog, policy: SourcePolicy, file: str) -> list[Problem]:
    as_of = catalog.dataset.data_as_of
    dated = [(s.date, f.id, s) for f in catalog.features for s in f.sources if s.date is not None]
    if not dated:
        return []
    problems: list[Problem] = []
    newest, newest_id, newest_source = max(dated, key=lambda item: item[0].first_day())
    limit = policy.max_days_after_newest_source
    gap = (as_of - newest.first_day()).days
    if gap > limit:
        problems.append(Problem(file, "-", "data-currency",
                                f"data_as_of {as_of} is {gap} days after the newest source ({newest}, "
                                f"{newest_source.publisher}, in {newest_id}); at most {limit} days: research the "
                                f"time since, or set data_as_of to what the sources cover"))
    for feature in catalog.features:
        for key, value in _feature_dates(feature):
            if value.first_day() > as_of:
                problems.append(Problem(f"{file.rsplit('/', 1)[0]}/{feature.layer}.geojson", feature.id, "data-currency",
                                        f"{key} {value} is after data_as_of {as_of}: the map shows what was"))
    return problems


def _feature_dates(feature: Feature) -> Iterator[tuple[str, PartialDate]]:
    yield "start", feature.start
    if feature.end is not None:
        yield "end", feature.end
    for i, source in enumerate(feature.sources):
        if source.date is not None:
            yield f"sources.{i}.date", source.date
    for i, figure in enumerate(feature.figures):
        yield f"figures.{i}.as_of", figure.as_of


def newest_source_date(catalog: Catalog) -> dt.date | None:
    """The first day of the newest dated source in the catalog (``None`` when no source is dated)."""
    days = [s.date.first_day() for f in catalog.features for s in f.sources if s.date is not None]
    return max(days, default=None)
