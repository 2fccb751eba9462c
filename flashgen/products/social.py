"""Images to post, one folder per platform: the album and the messages in posting order, captions, a zip.

Shows, for every chosen platform (``--platform``; ``--only`` album or
messages), the album (cover, one image per item, closing) and one image per
campaign message, each in the platform's format, size and upload limit; then
``captions.txt`` and ``captions.csv`` with the words to post and the alt text
of every image, and ``social/<platform>.zip`` with the folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from itertools import chain

from flashgen.compose.card import CardDocument
from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.content import Campaign
from flashgen.load.presets import Platform
from flashgen.merge.social import kinds_for
from flashgen.options import choose_platforms
from flashgen.products.base import CardRequest, Inputs, ProductBuild
from flashgen.products.captions import (
    Post,
    captions_csv,
    captions_text,
    make_post,
    zip_folder,
)
from flashgen.products.files import FileMeta, Made, MadeFile
from flashgen.render.jobs import RasterJob


def wants(inputs: Inputs) -> CardRequest:
    platforms = choose_platforms(inputs.options, inputs.presets)
    if inputs.campaign.messages:
        return CardRequest(platforms=tuple(platforms))
    return _without_messages(platforms, inputs.campaign)


def _without_messages(platforms: list[Platform], campaign: Campaign) -> CardRequest:
    """The platforms' album only, where the content has no messages; say so."""
    kept = [replace(p, series=tuple(s for s in p.series if s != "messages")) for p in platforms]
    dropped = [p.name for p in kept if not p.series]
    kept = [p for p in kept if p.series]
    if not kept:
        raise FlashgenError(
            _("{file}: the content has no 'messages', so there is nothing to make for {platforms}.").format(
                file=campaign.path, platforms=", ".join(dropped)
            ),
            code="no-messages",
        )
    if dropped:
        note = _("{file} has no 'messages': no message images; nothing made for {platforms}.").format(
            file=campaign.path, platforms=", ".join(dropped)
        )
    else:
        note = _("{file} has no 'messages': the social sets hold the album only.").format(file=campaign.path)
    return CardRequest(platforms=tuple(kept), notes=(note,))


def make(build: ProductBuild) -> Made:
    # Every platform's images are handed to the workers now (counted for the progress bar), drawn when read.
    return Made(chain.from_iterable([_platform_files(build, platform) for platform in wants(build.inputs).platforms]))


def _platform_files(build: ProductBuild, platform: Platform) -> Iterator[MadeFile]:
    extension = "jpg" if platform.format == "jpeg" else "png"
    images = build.laid_out.for_platform(platform, kinds_for(platform))
    jobs = [build.drawing.job(f"social/{platform.name}/{d.card.slug}.{extension}", d, platform.pixels, 96, platform) for d in images]
    return _posts(build, platform, extension, zip(images, jobs, build.drawing.images(jobs)))


def _posts(
    build: ProductBuild, platform: Platform, extension: str, drawn: Iterator[tuple[CardDocument, RasterJob, bytes]]
) -> Iterator[MadeFile]:
    """Each image as it is drawn, then the captions and the zip of them all."""
    folder = f"social/{platform.name}"
    posts: list[Post] = []
    zipped: list[tuple[str, bytes]] = []
    for document, job, data in drawn:
        post = make_post(build.inputs.campaign, document)
        yield MadeFile(job.name, data, FileMeta(
            product="social", format=platform.format, size=platform.name, item=document.card.item, side=document.card.side,
            width_px=platform.pixels[0], height_px=platform.pixels[1], alt_text=post.alt_text, render_key=job.key,
        ))
        posts.append(post)
        zipped.append((f"{post.stem}.{extension}", data))
    text = captions_text(build.inputs.campaign, platform, posts, extension).encode("utf-8")
    for name, data, kind in (("captions.txt", text, "txt"), ("captions.csv", captions_csv(posts, extension), "csv")):
        yield MadeFile(f"{folder}/{name}", data, FileMeta(product="social", format=kind, size=platform.name))
        zipped.append((name, data))
    yield MadeFile(f"social/{platform.name}.zip", zip_folder(platform.name, zipped),
                   FileMeta(product="social", format="zip", size=platform.name))
