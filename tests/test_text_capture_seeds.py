"""The two seed captures, read as the issue describes them."""

from datetime import datetime, timedelta

from importer.dates import isoformat


def test_ning_seed_has_ten_reactions_in_date_order(ning_seed):
    post = ning_seed.posts[0]
    people_and_times = [(r.author, isoformat(r.date)) for r in post.reactions]
    assert people_and_times == [
        ("Mildo van Staden", "2013-07-02T08:59:00+02:00"),
        ("Herko Coomans", "2013-07-02T10:36:00+02:00"),
        ("Roel van Driel", "2013-07-03T12:57:00+02:00"),
        ("Marco van Burgsteden", "2013-07-04T20:36:00+02:00"),
        ("Roel van Driel", "2013-07-05T16:35:00+02:00"),
        ("Hadewych van Kempen", "2013-07-08T07:54:00+02:00"),
        ("Davied", "2013-07-12T10:59:00+02:00"),
        ("Davied", "2013-07-19T12:01:00+02:00"),
        ("Geertjan Benus", "2013-07-26T02:14:00+02:00"),
        ("Wim Markwat", "2013-08-12T09:28:00+02:00"),
    ]
    assert post.reactions[0].body.startswith("Een Timmermans kan helpen")
    assert post.reactions[0].date.utcoffset() == timedelta(hours=2)


def test_ning_seed_post_fields(ning_seed):
    post = ning_seed.posts[0]
    assert post.title == "Ben je er als ambtenaar voor de politiek of voor de samenleving?"
    assert post.views == 1871
    assert post.source.platform == "ning"
    assert post.author is None and post.date is None
    assert post.date_not_after == datetime.fromisoformat("2013-07-02T08:59:00+02:00")


def test_ning_seed_unknown_author_and_date_are_warnings(ning_seed):
    assert any("names no author" in warning for warning in ning_seed.warnings)
    assert any(
        "gives no date" in warning and "2013-07-02T08:59:00+02:00" in warning
        for warning in ning_seed.warnings
    )


def test_ning_seed_drops_the_network_chrome(ning_seed):
    post = ning_seed.posts[0]
    everything = post.title + post.body + "".join(r.body for r in post.reactions)
    for chrome in [
        "samen werken aan overheid 2.0",
        "Je moet lid zijn",
        "Word lid van",
        "Gemaakt door",
        "Banners",
        "Weergaven",
        "Opmerking",
    ]:
        assert chrome not in everything
    assert post.body.startswith("Werk je als ambtenaar nu voor de politiek")


def test_ning_seed_subheadings(ning_seed):
    headings = [line for line in ning_seed.posts[0].body.splitlines() if line.startswith("#")]
    assert headings[:3] == [
        "## Politiek en samenleving",
        "## Waarom een bureaucratie?",
        "## Netwerksamenleving",
    ]
    assert "## Accent verleggen" in headings
    assert len(headings) == 9


def test_ning_seed_multi_paragraph_reactions_are_whole(ning_seed):
    by_start = {r.body[:20]: r for r in ning_seed.posts[0].reactions}
    geertjan = next(r for r in ning_seed.posts[0].reactions if r.author == "Geertjan Benus")
    assert geertjan.body.count("\n\n") == 9
    assert geertjan.body.rstrip().endswith("binnen hun ambtelijke kaders zouden blijven.")
    # A body that starts on the line right after its header, with no blank line.
    roel = by_start["Nog een aanvulling: "]
    assert roel.author == "Roel van Driel"
    assert "Ik heb er een plaatje van gemaakt" in roel.body


def test_ning_seed_urls(ning_seed):
    davied = [r for r in ning_seed.posts[0].reactions if r.author == "Davied"][1]
    # Cut short by the old site: stays text, never a link.
    assert "http://gov2.net.au/blog/2009/10/08/policy-2-0-towards-whole-of-gove..." in davied.body
    assert "<http://gov2.net.au" not in davied.body
    roel = [r for r in ning_seed.posts[0].reactions if r.author == "Roel van Driel"][1]
    assert "http://roel3l.tumblr.com/post/53464091608/transities-door-verschuiv..." in roel.body


def test_wordpress_seed(wordpress_seed):
    post = wordpress_seed.posts[0]
    assert post.title == "Die nieuwe ambtenaar kómt er"
    assert post.source.platform == "wordpress"
    assert post.summary.startswith("Het programma Ambtenaar 2.0 liep eind 2014 af")
    assert [(r.author, isoformat(r.date)) for r in post.reactions] == [
        ("Dirk-Jan de Bruijn", "2016-06-16T17:05:00+02:00")
    ]
    assert post.reactions[0].body.startswith("Wonderlijke reactie van BZK")


def test_wordpress_seed_caption_headings_and_pull_quote(wordpress_seed):
    body = wordpress_seed.posts[0].body
    assert (
        "Marie Louise Borsje: “Ik ben optimistisch. Er is een beweging gaande.” "
        "Foto Lex Draijer/De Beeldredaktie\n{: .caption }"
    ) in body
    assert "## Broodje kaas" in body and "## ‘Geen behoefte’" in body
    assert "Dit wordt slecht begrepen" not in body
    assert body.count("slecht begrepen in een wereld van planning en control") == 1
    assert "Dat is niet het geval." in body


def test_wordpress_seed_drops_the_comment_form(wordpress_seed):
    post = wordpress_seed.posts[0]
    everything = post.body + "".join(r.body for r in post.reactions)
    for boilerplate in ["Plaats een reactie", "U moet ingelogd zijn", "Registreren"]:
        assert boilerplate not in everything
