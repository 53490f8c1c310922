"""Hand-annotated sample articles for tests and screenshots: no model needed.

:func:`sample_records` gives a few small articles whose items are placed by searching their text,
so every offset is exact; one article carries script and HTML-injection payloads
(:data:`INJECTION_TITLE`) that every page and export must keep inert.
"""

from __future__ import annotations

from benchmarks.synthetic import Builder

from newstrail.models import Article, Extraction
from newstrail.store.db import Store

INJECTION_TITLE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


def sample_records() -> list[tuple[Article, Extraction]]:
    """Four hand-annotated articles (two outlets, three years, one hostile)."""
    out: list[tuple[Article, Extraction]] = []

    t1 = (
        "Diplomats visit Kalbajar\n\n"
        "Hikmat Hajiyev, assistant to the President of Azerbaijan, travelled from Baku to "
        'Kalbajar on 31 May 2022 with foreign diplomats. "Access to Kalbajar has significantly '
        'improved," Hajiyev said. He recalled that the district was occupied in 1993. '
        "The Foreign Ministry said the visit would continue in June 2022."
    )
    b = Builder(t1)
    b.entity("Hikmat Hajiyev", "PERSON", role="assistant to the President of Azerbaijan")
    b.entity("Hajiyev", "PERSON", "Hikmat Hajiyev", nth=1)
    b.entity("Azerbaijan", "GPE")
    b.entity("The Foreign Ministry", "ORG", "Foreign Ministry")
    b.place("Baku")
    b.place("Kalbajar", nth=1)
    b.place("Kalbajar", nth=2)
    b.time("31 May 2022", "2022-05-31", "2022-05-31", "2022-06-01")
    b.time("1993", "1993", "1993-01-01", "1994-01-01")
    b.time("June 2022", "2022-06", "2022-06-01", "2022-07-01")
    b.quote(
        "Access to Kalbajar has significantly improved,",
        "said",
        "Hajiyev",
        "Hikmat Hajiyev",
        role="assistant to the President of Azerbaijan",
        mention_nth=1,
    )
    b.quote(
        "the visit would continue in June 2022",
        "said",
        "The Foreign Ministry",
        "Foreign Ministry",
        label="ORG",
        kind="indirect",
        cue_nth=1,
    )
    out.append(
        (
            Article(
                t1,
                title="Diplomats visit Kalbajar",
                published="2022-06-01T10:00:00+04:00",
                outlet="Report",
                url="https://example.org/report/kalbajar",
            ),
            b.ex,
        )
    )

    t2 = (
        "Kalbajar tour impresses visitors\n\n"
        "Vusal Gurbanov of the Islamic Cooperation Youth Forum said the diplomats visited "
        'Kalbajar on 31 May 2022. "Our first impression of Kalbajar was of its splendid '
        'nature," Gurbanov told reporters in Baku. Hikmat Hajiyev also spoke to the group.'
    )
    b = Builder(t2)
    b.entity("Vusal Gurbanov", "PERSON", role="acting director general")
    b.entity("Islamic Cooperation Youth Forum", "ORG")
    b.entity("Gurbanov", "PERSON", "Vusal Gurbanov", nth=1)
    b.entity("Hikmat Hajiyev", "PERSON")
    b.place("Kalbajar", nth=1)
    b.place("Kalbajar", nth=2)
    b.place("Baku")
    b.time("31 May 2022", "2022-05-31", "2022-05-31", "2022-06-01")
    b.quote(
        "Our first impression of Kalbajar was of its splendid nature,",
        "told",
        "Gurbanov",
        "Vusal Gurbanov",
        role="acting director general",
        mention_nth=1,
    )
    out.append(
        (
            Article(
                t2,
                title="Kalbajar tour impresses visitors",
                published="2022-06-03T11:00:00+04:00",
                outlet="Azernews",
                url="https://example.org/azernews/kalbajar",
            ),
            b.ex,
        )
    )

    t3 = (
        "Water talks open in Geneva\n\n"
        'Negotiators met in Geneva on 4 March 2024 to discuss river basins. "We need binding '
        'rules before 2030," said Amina Odhiambo, a hydrologist from Nairobi. '
        "Hikmat Hajiyev sent a message of support. Talks resume in Lima next spring."
    )
    b = Builder(t3)
    b.entity("Amina Odhiambo", "PERSON", role="hydrologist")
    b.entity("Hikmat Hajiyev", "PERSON")
    b.place("Geneva")
    b.place("Geneva", nth=1)
    b.place("Nairobi")
    b.place("Lima")
    b.time("4 March 2024", "2024-03-04", "2024-03-04", "2024-03-05")
    b.time("2030", "2030", "2030-01-01", "2031-01-01")
    b.quote(
        "We need binding rules before 2030,",
        "said",
        "Amina Odhiambo",
        "Amina Odhiambo",
        role="hydrologist",
    )
    out.append(
        (
            Article(
                t3,
                title="Water talks open in Geneva",
                published="2024-03-05T08:30:00+00:00",
                outlet="Report",
                url="https://example.org/report/geneva",
            ),
            b.ex,
        )
    )

    t4 = (
        f"{INJECTION_TITLE}\n\n"
        "Mallory Payload wrote <b>bold</b> and <script>document.title='pwned';window.__pwned=3"
        '</script> in Oslo on 1 April 2023. "<img src=x onerror=alert(1)> is harmless here," '
        'said Mallory Payload. A link: <a href="javascript:alert(2)">click</a> & "quotes" '
        "'single' </textarea></title><iframe src=\"http://evil.example/\"></iframe> {{ 7*7 }}."
    )
    b = Builder(t4)
    b.entity("Mallory Payload", "PERSON", role="<i>tester</i>")
    b.entity("Mallory Payload", "PERSON", nth=1)
    b.place("Oslo")
    b.time("1 April 2023", "2023-04-01", "2023-04-01", "2023-04-02")
    b.quote(
        "<img src=x onerror=alert(1)> is harmless here,",
        "said",
        "Mallory Payload",
        "Mallory Payload",
        role="<i>tester</i>",
        mention_nth=1,
    )
    out.append(
        (
            Article(
                t4,
                title=INJECTION_TITLE + " <b>title</b>",
                published="2023-04-01T12:00:00+00:00",
                outlet='<svg onload="window.__pwned=4">',
                url="javascript:alert(3)",
            ),
            b.ex,
        )
    )
    return out


def build_sample(store: Store) -> list[str]:
    """Store :func:`sample_records`; returns the article ids in order."""
    return [store.add(article, ex)[0] for article, ex in sample_records()]
