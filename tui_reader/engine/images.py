"""Images, there offline: an article's <img> fetched at refresh (and with its full text),
checked, downscaled and stored in the cache (table images), so the reader draws them with
no network.

Bounded everywhere, because an image is the easiest way for a hostile page to cost us:
- only http(s) URLs, never a name reserved for examples, never a tracking pixel (width or
  height attribute of 2 px or less; a decoded image of 2 px or less is refused as well);
- at most MAX_PER_ARTICLE images an article, MAX_IMAGE_BYTES each (the fetcher's body cap),
  MAX_RUN_IMAGES and MAX_RUN_BYTES in one run (a refresh, a fetch-text);
- decoded by Pillow in a thread with the pixel count read from the header first (no more
  than MAX_PIXELS: a 50,000 x 50,000 PNG of a few KB is refused before it is decoded),
  downscaled to MAX_WIDTH and stored re-encoded (JPEG, or PNG when it has transparency);
- a host that cannot be reached is not asked again in the same run.
A refused or failed image is stored with its one-line reason and not tried again.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from tui_reader.engine.errors import StoreError
from tui_reader.engine.fulltext import reserved_link
from tui_reader.engine.image_store import ImageJob, image_jobs, known_urls, store_image
from tui_reader.engine.local import scheme

if TYPE_CHECKING:
    import httpx

    from tui_reader.engine.fetch import FetchLimits
    from tui_reader.engine.runs import RefreshOptions, Writer

__all__ = ["ImageFetcher", "fetch_images_sync", "image_urls", "make_image_client"]

MAX_PER_ARTICLE = 10
MAX_IMAGE_BYTES = 5_000_000
MAX_RUN_IMAGES = 300
MAX_RUN_BYTES = 150_000_000
MAX_PIXELS = 40_000_000  # 8,000 x 5,000; decoded RGBA that is 160 MB, the most we allow
MAX_WIDTH = 800  # wider than any reader pane's half-block pixels (2 per cell row, 1 per column)
MAX_HEIGHT = 2400
TINY = 2  # px: an image this small is a tracking pixel or a spacer
IMAGE_ACCEPT = "image/png, image/jpeg, image/webp, image/gif;q=0.8, */*;q=0.1"


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.found.append((dict(attrs),))


def _tiny(value: str | None) -> bool:
    digits = (value or "").strip().removesuffix("px").strip()
    try:
        return float(digits) <= TINY
    except ValueError:
        return False


def _source(attrs: dict[str, str | None]) -> str | None:
    # The same choice as the reader's numbering (content/media.py image_source).
    for name in ("src", "data-src"):
        value = (attrs.get(name) or "").strip()
        if value and not value.lower().startswith("data:"):
            return value
    srcset = (attrs.get("srcset") or "").strip()
    return srcset.split(",")[0].split()[0] if srcset else None


def image_urls(html: str, base: str | None) -> list[str]:
    """The article's images worth fetching, resolved, in order, at most MAX_PER_ARTICLE."""
    parser = _Images()
    with contextlib.suppress(Exception):  # html.parser copes with nearly anything; not all
        parser.feed(html)
        parser.close()
    urls: list[str] = []
    for (attrs,) in parser.found:
        if _tiny(attrs.get("width")) or _tiny(attrs.get("height")):
            continue
        src = _source(attrs)
        if not src:
            continue
        try:
            url = urljoin(base or "", src)
        except ValueError:
            continue
        if scheme(url) not in ("http", "https") or reserved_link(url) or url in urls:
            continue
        urls.append(url)
        if len(urls) == MAX_PER_ARTICLE:
            break
    return urls


def process(body: bytes) -> tuple[bytes, int, int]:
    """Decode, check, downscale and re-encode; ValueError with a reason when refused."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # a larger one raises DecompressionBombError
    try:
        with Image.open(io.BytesIO(body)) as img:
            width, height = img.size
            if width * height > MAX_PIXELS:
                raise ValueError(f"the image is too large ({width} x {height} pixels)")
            if width <= TINY or height <= TINY:
                raise ValueError("a tracking pixel; not kept")
            img.draft("RGB", (MAX_WIDTH, MAX_HEIGHT))  # JPEG: decode at a smaller scale
            alpha = img.mode in ("RGBA", "LA", "PA") or "transparency" in img.info
            small = img.convert("RGBA" if alpha else "RGB")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValueError("the image is too large to decode (a decompression bomb?)") from None
    except (OSError, SyntaxError, EOFError):  # UnidentifiedImageError is an OSError
        raise ValueError("not an image Pillow can read") from None
    small.thumbnail((MAX_WIDTH, MAX_HEIGHT))
    out = io.BytesIO()
    if alpha:
        small.save(out, "PNG", optimize=True)
    else:
        small.save(out, "JPEG", quality=80)
    return out.getvalue(), small.width, small.height


def make_image_client(limits: FetchLimits, max_connections: int) -> httpx.AsyncClient:
    """Like the page client (pages.py): no cookie kept, but it asks for images."""
    from tui_reader.engine.fetch import make_cookieless_client

    return make_cookieless_client(limits, max_connections, IMAGE_ACCEPT)


class ImageFetcher:
    """Fetches and stores the images of articles for one run, within the run's caps."""

    def __init__(self, client: httpx.AsyncClient, write: Writer, limits: FetchLimits) -> None:
        from dataclasses import replace

        self.client, self.write = client, write
        self.limits = replace(limits, max_bytes=min(limits.max_bytes, MAX_IMAGE_BYTES))
        self.images = 0
        self.bytes = 0
        self.stored = 0
        self._dead_hosts: set[str] = set()
        self._gate = asyncio.Semaphore(4)

    async def fetch_ids(self, article_ids: Sequence[int]) -> None:
        jobs = await self.write(image_jobs, self.write.store, list(article_ids))
        await asyncio.gather(*(self.fetch_article(job) for job in jobs))

    async def fetch_article(self, job: ImageJob) -> None:
        urls = image_urls(job.html, job.base)
        if not urls:
            return
        known = await self.write(known_urls, self.write.store, job.article_id)
        todo = [u for u in urls if u not in known]
        await asyncio.gather(*(self._one(job.article_id, url) for url in todo))

    async def _one(self, article_id: int, url: str) -> None:
        from tui_reader.engine.fetch import fetch_feed

        host = urlsplit(url).netloc
        async with self._gate:
            if self.images >= MAX_RUN_IMAGES or self.bytes >= MAX_RUN_BYTES:
                return  # not stored: tried again by the next run
            if host in self._dead_hosts:
                return
            self.images += 1
            result = await fetch_feed(self.client, url, limits=self.limits)
        if result.error and result.status is None:
            self._dead_hosts.add(host)  # no answer at all: do not wait on it again
        data, width, height, error = None, 0, 0, result.error
        if error is None and not result.body:
            error = "the image is empty"
        if error is None and result.body is not None:
            self.bytes += len(result.body)
            try:
                data, width, height = await asyncio.to_thread(process, result.body)
            except ValueError as exc:
                error = str(exc)
            except Exception as exc:  # a decoder bug costs one image, not the run
                error = f"unexpected error decoding the image: {type(exc).__name__}"
        with contextlib.suppress(StoreError):
            row = (article_id, url, data, width, height, error)
            await self.write(store_image, self.write.store, *row)
            self.stored += data is not None


async def fetch_images(db_path: Path, article_ids: list[int], options: RefreshOptions) -> int:
    """Fetch and store these articles' images now (`add` stores a feed without a refresh);
    returns how many were stored."""
    from tui_reader.engine.fetch import FetchLimits
    from tui_reader.engine.runs import Writer

    write = Writer(asyncio.get_running_loop())
    try:
        await write.open(db_path)
        limits = FetchLimits(options.timeout, max_redirects=options.max_redirects)
        async with make_image_client(limits, max(1, options.jobs)) as client:
            fetcher = ImageFetcher(client, write, limits)
            await fetcher.fetch_ids(article_ids)
    finally:
        await write.close()
    return fetcher.stored


def fetch_images_sync(db_path: Path, article_ids: list[int], options: RefreshOptions) -> int:
    return asyncio.run(fetch_images(db_path, article_ids, options))
