"""portal.embeds: provider codes fetched in the background from a (local) oEmbed provider,
rendered only from storage, reduced to one allow-listed iframe."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client
from wagtail.embeds.models import Embed

from hromada.portal import embeds
from hromada.portal.models import VideoIndexPage, VideoPage
from hromada.portal.tasks import fetch_video_embeds

pytestmark = pytest.mark.django_db

DEMO_VIDEO = "https://www.youtube.com/watch?v=hromadademo1"


def iframes(html: str) -> list[str]:
    return re.findall(r"<iframe\b[^>]*>", html)


# --- fetching ----------------------------------------------------------------------------------


def test_fetch_embed_stores_the_providers_code(settings, oembed_server) -> None:  # type: ignore[no-untyped-def]
    settings.WAGTAILEMBEDS_FINDERS = oembed_server.finders()

    assert embeds.fetch_embed(DEMO_VIDEO) is True

    embed = embeds.stored_embed(DEMO_VIDEO)
    assert embed is not None
    assert "https://www.youtube.com/embed/hromadademo1" in embed.html
    assert embed.title == "Відео з каналу міста"
    assert (embed.width, embed.height) == (560, 315)
    assert len(oembed_server.requests) == 1
    assert "format=json" in oembed_server.requests[0]
    assert "hromadademo1" in oembed_server.requests[0]

    # Stored: asking again does not call the provider.
    assert embeds.fetch_embed(DEMO_VIDEO) is True
    assert len(oembed_server.requests) == 1


def test_unreachable_provider_gives_false_at_once(settings, closed_port) -> None:  # type: ignore[no-untyped-def]
    settings.WAGTAILEMBEDS_FINDERS = [
        {
            "class": "hromada.portal.embeds.OEmbedFinder",
            "providers": [
                {
                    "endpoint": f"http://127.0.0.1:{closed_port}/oembed",
                    "urls": [r"^https://www\.youtube\.com/.+$"],
                }
            ],
        }
    ]
    started = time.monotonic()
    assert embeds.fetch_embed(DEMO_VIDEO) is False
    assert time.monotonic() - started < 2
    assert embeds.stored_embed(DEMO_VIDEO) is None


def test_slow_provider_gives_false_within_the_timeout(settings, oembed_server, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    settings.WAGTAILEMBEDS_FINDERS = oembed_server.finders("/slow")
    oembed_server.delay_seconds = 3
    monkeypatch.setattr(embeds, "FETCH_TIMEOUT_SECONDS", 0.5)

    started = time.monotonic()
    assert embeds.fetch_embed(DEMO_VIDEO) is False
    elapsed = time.monotonic() - started

    assert elapsed < 2.5, f"waited {elapsed:.1f} s for a provider that does not answer"
    assert oembed_server.requests  # it was asked
    assert embeds.stored_embed(DEMO_VIDEO) is None


@pytest.mark.parametrize("path", ["/missing", "/garbage", "/huge", "/link"])
def test_unusable_answers_give_false_and_no_player(settings, oembed_server, path: str) -> None:  # type: ignore[no-untyped-def]
    settings.WAGTAILEMBEDS_FINDERS = oembed_server.finders(path)
    assert embeds.fetch_embed(DEMO_VIDEO) is False
    assert embeds.stored_embed(DEMO_VIDEO) is None
    assert embeds.safe_embed_html(DEMO_VIDEO, title="x") == ""


def test_url_of_an_unknown_provider_gives_false(settings, oembed_server) -> None:  # type: ignore[no-untyped-def]
    settings.WAGTAILEMBEDS_FINDERS = oembed_server.finders()
    assert embeds.fetch_embed("https://video.example.org/watch/1") is False
    assert oembed_server.requests == []


def test_the_task_counts_what_it_stored(settings, oembed_server) -> None:  # type: ignore[no-untyped-def]
    settings.WAGTAILEMBEDS_FINDERS = oembed_server.finders()
    result = fetch_video_embeds.enqueue(
        [DEMO_VIDEO, "https://vimeo.com/100000001", "https://example.org/x"]
    )
    assert result.return_value == 2
    assert Embed.objects.filter(url__in=[DEMO_VIDEO, "https://vimeo.com/100000001"]).count() == 2


def test_publishing_a_video_fetches_its_player_and_shows_it(  # type: ignore[no-untyped-def]
    settings, oembed_server, client: Client, django_capture_on_commit_callbacks
) -> None:
    settings.WAGTAILEMBEDS_FINDERS = oembed_server.finders()
    settings.FETCH_VIDEO_EMBEDS = True
    index = VideoIndexPage.objects.get()
    video = VideoPage(
        title="Сесія міської ради 29.12.2020",
        slug="sesiia-2020-12-29",
        video_url="https://www.youtube.com/watch?v=session2020",
        description="<p>Запис сесії.</p>",
    )
    index.add_child(instance=video)

    with django_capture_on_commit_callbacks(execute=True):
        video.save_revision().publish()

    assert embeds.stored_embed("https://www.youtube.com/watch?v=session2020") is not None
    html = client.get(video.url).content.decode()
    frames = iframes(html)
    assert len(frames) == 1
    assert 'src="https://www.youtube.com/embed/session2020"' in frames[0]
    assert 'title="Сесія міської ради 29.12.2020"' in frames[0]


def test_a_player_fetched_later_replaces_the_cached_link(  # type: ignore[no-untyped-def]
    settings, oembed_server, client: Client, django_capture_on_commit_callbacks
) -> None:
    settings.WAGTAILEMBEDS_FINDERS = oembed_server.finders()
    video = VideoPage.objects.get(video_url=DEMO_VIDEO)
    first = client.get(video.url)
    assert iframes(first.content.decode()) == []
    assert client.get(video.url)["X-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        fetch_video_embeds.enqueue([DEMO_VIDEO])

    assert len(iframes(client.get(video.url).content.decode())) == 1


# --- rendering from storage ----------------------------------------------------------------------


def store(url: str, html: str) -> Embed:
    return Embed.objects.create(
        url=url, hash=f"test-{abs(hash(url + html))}", html=html, type="video"
    )


def test_nothing_stored_means_no_player() -> None:
    assert embeds.safe_embed_html(DEMO_VIDEO, title="Відео") == ""


def test_stored_player_is_reduced_to_one_titled_allow_listed_iframe() -> None:
    store(
        DEMO_VIDEO,
        "<script>alert(1)</script>"
        '<iframe src="https://www.youtube.com/embed/abc" width="560" height="315" '
        'onload="alert(2)" allow="autoplay; encrypted-media" allowfullscreen '
        'title="YouTube video player" srcdoc="<b>x</b>"></iframe>'
        '<iframe src="https://evil.example/steal"></iframe>'
        '<img src=x onerror="alert(3)">',
    )
    html = embeds.safe_embed_html(DEMO_VIDEO, title='Звернення "керівника" <ВЦА> & мешканці')

    assert iframes(html) == [html.removesuffix("</iframe>")]
    assert 'src="https://www.youtube.com/embed/abc"' in html
    assert 'title="Звернення &quot;керівника&quot; &lt;ВЦА&gt; &amp; мешканці"' in html
    assert 'loading="lazy"' in html
    assert 'width="560"' in html and 'height="315"' in html
    assert "allowfullscreen" in html
    for unwanted in (
        "evil.example",
        "script",
        "onload",
        "onerror",
        "srcdoc",
        "YouTube video player",
        "<img",
    ):
        assert unwanted not in html


@pytest.mark.parametrize(
    "stored",
    [
        '<iframe src="https://evil.example/embed/abc"></iframe>',
        '<iframe src="http://www.youtube.com/embed/abc"></iframe>',
        '<iframe src="javascript:alert(1)"></iframe>',
        '<iframe src="https://www.youtube.com.evil.example/embed/abc"></iframe>',
        '<iframe src="https://evil.example/?https://www.youtube.com/embed/abc"></iframe>',
        '<iframe data-src="https://www.youtube.com/embed/abc"></iframe>',
        '<img src="https://www.youtube.com/embed/abc">',
        "<p>no player</p>",
    ],
)
def test_anything_but_an_allowed_https_frame_is_dropped(stored: str) -> None:
    store(DEMO_VIDEO, stored)
    assert embeds.safe_embed_html(DEMO_VIDEO, title="Відео") == ""


def test_the_first_allowed_frame_wins_over_an_earlier_foreign_one() -> None:
    store(
        DEMO_VIDEO,
        '<iframe src="https://evil.example/x"></iframe><iframe src="https://player.vimeo.com/video/1"></iframe>',
    )
    html = embeds.safe_embed_html(DEMO_VIDEO, title="Відео")
    assert iframes(html) and 'src="https://player.vimeo.com/video/1"' in html
    assert "evil" not in html


def test_video_page_without_a_stored_player_is_a_plain_link(client: Client) -> None:
    video = VideoPage.objects.get(video_url=DEMO_VIDEO)
    html = client.get(video.url).content.decode()
    assert iframes(html) == []
    assert f'href="{DEMO_VIDEO}"' in html
    assert "YouTube" in html
    assert video.title in html


def test_video_page_with_a_stored_player_shows_the_sanitized_iframe(client: Client) -> None:
    video = VideoPage.objects.get(video_url=DEMO_VIDEO)
    store(
        DEMO_VIDEO,
        '<iframe src="https://www.youtube.com/embed/demo1" onload="x()"></iframe>'
        "<script>x()</script>",
    )
    html = client.get(video.url).content.decode()
    frames = iframes(html)
    assert len(frames) == 1
    assert 'src="https://www.youtube.com/embed/demo1"' in frames[0]
    assert f'title="{video.title}"' in frames[0]
    assert "onload" not in html
    assert "<script>x()" not in html
    assert f'href="{DEMO_VIDEO}"' in html  # the link stays, for those who cannot use the player


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://www.youtube.com/watch?v=x", "YouTube"),
        ("https://youtu.be/x", "YouTube"),
        ("https://m.youtube.com/watch?v=x", "YouTube"),
        ("https://vimeo.com/1", "Vimeo"),
        ("https://www.facebook.com/lysychansk/videos/1", "Facebook"),
        ("https://video.example.org/1", "video.example.org"),
    ],
)
def test_provider_name(url: str, name: str) -> None:
    assert embeds.provider_name(url) == name
