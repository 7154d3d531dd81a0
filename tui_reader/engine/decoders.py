"""Undoing Content-Encoding in bounded steps: one small class per encoding, and a registry.

Each decoder yields at most STEP bytes per decompression call, so the caller can count what
came out and stop a compression bomb at its cap before the next step is even made (httpx's
own decoders inflate a whole chunk at once, which is why fetch.py decodes raw bytes here).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Protocol

try:
    import brotli

    # Only brotli >= 1.2 can cap output per call; without that a br bomb is unbounded.
    HAVE_BROTLI = hasattr(brotli.Decompressor, "can_accept_more_data")
except ImportError:  # pragma: no cover - httpx[brotli] is a dependency
    HAVE_BROTLI = False

STEP = 256 * 1024  # most bytes one decompression call may produce
# What a corrupt body raises while being decoded.
DecodeError: tuple[type[Exception], ...] = (
    (zlib.error, brotli.error) if HAVE_BROTLI else (zlib.error,)
)


class Decoder(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...

    def flush(self) -> bytes: ...


class ZlibDecoder:
    """zlib-wrapped data (the `wbits` of zlib.decompressobj pick the wrapping)."""

    def __init__(self, wbits: int = zlib.MAX_WBITS) -> None:
        self._z = zlib.decompressobj(wbits)

    def feed(self, data: bytes) -> Iterator[bytes]:
        while True:
            out = self._z.decompress(data, STEP)
            yield out
            data = self._z.unconsumed_tail
            if not data and len(out) < STEP:
                return

    def flush(self) -> bytes:
        return self._z.flush()


class GzipDecoder(ZlibDecoder):
    def __init__(self) -> None:
        super().__init__(zlib.MAX_WBITS | 16)


class DeflateDecoder(ZlibDecoder):
    """ "deflate" is meant to be zlib-wrapped, but many servers send it raw: the first bytes
    decide which it is."""

    def __init__(self) -> None:
        super().__init__()
        self._first = True

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._first and data:
            self._first = False
            try:
                zlib.decompressobj().decompress(data[:64], 0)
            except zlib.error:
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
        return super().feed(data)


class BrotliDecoder:
    def __init__(self) -> None:
        self._br = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        yield self._br.process(data, output_buffer_limit=STEP)
        while not self._br.can_accept_more_data():
            yield self._br.process(b"", output_buffer_limit=STEP)

    def flush(self) -> bytes:
        return b""


DECODERS: dict[str, type[Decoder]] = {
    "gzip": GzipDecoder,
    "x-gzip": GzipDecoder,
    "deflate": DeflateDecoder,
}
if HAVE_BROTLI:
    DECODERS["br"] = BrotliDecoder
ACCEPT_ENCODING = ", ".join(name for name in DECODERS if name != "x-gzip")


class MultiDecoder:
    """The Content-Encoding header undone: its encodings applied in order, undone last-first.
    ValueError for an encoding we know but cannot decode here."""

    def __init__(self, header: str) -> None:
        names = [n.strip().lower() for n in header.split(",") if n.strip()]
        # Servers send junk like "utf-8" or "none" here; like browsers, treat it as identity.
        names = [n for n in names if n in ("gzip", "x-gzip", "deflate", "br")]
        if "br" in names and "br" not in DECODERS:
            raise ValueError("server sent brotli, which this install cannot decode")
        self.names = ", ".join(names) or "identity"
        self._stages = [DECODERS[n]() for n in reversed(names)]

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._run(0, data)

    def _run(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self._stages):
            if data:
                yield data
            return
        for piece in self._stages[index].feed(data):
            yield from self._run(index + 1, piece)

    def flush(self) -> Iterator[bytes]:
        for index, stage in enumerate(self._stages):
            yield from self._run(index + 1, stage.flush())
