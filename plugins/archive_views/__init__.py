"""Pelican plugin: the archive's ways in by time and by discussion.

Computed here, so that templates only loop:

- `article.older` / `article.newer`: the previous and next post in time (ties broken
  by slug, so two builds give the same pages);
- `recent_posts` and `most_discussed`: the newest posts, and the posts with the most
  reactions (ties: newer first, then slug), `HOME_POSTS` of each for the home page;
  `most_discussed_all` for the "meest besproken" page;
- `archive_years`: every year with its number of posts and its months, each with its
  number of posts (`Period` objects with `.date`, `.count` and, for years, `.months`),
  newest first; `archive_year`: the same by year number;
- `undated_posts`: posts with no date and no bound.

Posts are ordered by date; a post with an unknown date sorts at its bound (see the
content format), which is what Pelican already does with its `date`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from pelican import signals


@dataclass
class Period:
    date: datetime
    count: int = 0
    months: list[Period] = field(default_factory=list)


def chronological(articles) -> list:
    return sorted(articles, key=lambda a: (a.date, a.slug))


def link_neighbours(generator) -> None:
    ordered = chronological(generator.articles)
    for index, article in enumerate(ordered):
        article.older = ordered[index - 1] if index > 0 else None
        article.newer = ordered[index + 1] if index + 1 < len(ordered) else None


def add_views(generator) -> None:
    articles = [a for a in generator.articles if _known_time(a)]
    undated = [a for a in generator.articles if not _known_time(a)]
    newest_first = list(reversed(chronological(articles)))
    discussed = sorted(
        (a for a in generator.articles if getattr(a, "reaction_count", 0)),
        key=lambda a: (-a.reaction_count, -a.date.timestamp(), a.slug),
    )
    count = generator.settings.get("HOME_POSTS", 5)
    years = _years(articles)
    generator.context.update(
        recent_posts=newest_first[:count],
        most_discussed=discussed[:count],
        most_discussed_all=discussed,
        archive_years=years,
        archive_year={period.date.year: period for period in years},
        undated_posts=chronological(undated),
    )


def _known_time(article) -> bool:
    """False for a post with no date and no bound at all (listed apart)."""
    return getattr(article, "date_known", True) or getattr(article, "date_not_after", None)


def _years(articles) -> list[Period]:
    years: dict[int, Period] = {}
    for article in articles:
        year = years.setdefault(article.date.year, Period(article.date.replace(month=1, day=1)))
        year.count += 1
        month = next((m for m in year.months if m.date.month == article.date.month), None)
        if month is None:
            month = Period(article.date.replace(day=1))
            year.months.append(month)
        month.count += 1
    for year in years.values():
        year.months.sort(key=lambda period: period.date.month, reverse=True)
    return [years[number] for number in sorted(years, reverse=True)]


def register():
    signals.article_generator_finalized.connect(link_neighbours)
    signals.article_generator_finalized.connect(add_views)
