"""HTML bytes -> str, the way a browser would pick the encoding.

Order (the HTML standard's, simplified): a byte-order mark; then the page's
own declaration (``<meta charset>``, ``<meta http-equiv content="...charset=">``
or an XML declaration) in the first bytes; then strict UTF-8; then
charset_normalizer's detector. Encoding labels are resolved with
``webencodings`` (the WHATWG label table), so "latin1" means windows-1252 and
"shift_jis" means cp932, as in browsers.

Input that is not text at all (random binary, an image) raises ``ValueError``
with a message saying why; nothing else is raised.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer
import webencodings

# The standard's prescan looks at 1024 bytes; real pages put long <head>
# scripts first, so look a little further (bounded: cost stays constant).
DECLARATION_SCAN_BYTES = 8192
# The detector reads a bounded prefix: its cost must not grow with the page.
DETECT_SAMPLE_BYTES = 65536
# Text with more C0 control characters than this share is binary, not a page.
MAX_CONTROL_SHARE = 0.05
MIN_CONTROL_CHARS = 8  # a stray NUL or two is a broken page, not a binary file
CONTROL_SAMPLE_CHARS = 65536

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Bounded repetitions only: this runs on untrusted bytes.
_DECLARATION_RE = re.compile(
    rb"""<meta[^>]{0,512}?charset\s{0,8}=\s{0,8}["']?\s{0,8}([A-Za-z0-9._:-]{1,40})"""
    rb"""|<\?xml[^>]{0,128}?encoding\s{0,8}=\s{0,8}["']([A-Za-z0-9._:-]{1,40})""",
    re.IGNORECASE,
)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
# A declared UTF-16/32 in an ASCII-compatible byte stream is a lie browsers ignore.
_WIDE_UNICODE = ("utf-16le", "utf-16be", "utf-32le", "utf-32be")


def declared_encoding(data: bytes) -> str | None:
    """The Python codec named by the page's own declaration, if any and known.

    >>> declared_encoding(b'<meta http-equiv="content-type" content="text/html;charset=Shift_JIS">')
    'cp932'
    >>> declared_encoding(b"<meta charset='latin1'>")
    'cp1252'
    >>> declared_encoding(b"<meta charset=nonsense>") is None
    True
    """
    for match in _DECLARATION_RE.finditer(data[:DECLARATION_SCAN_BYTES]):
        label = (match.group(1) or match.group(2)).decode("ascii")
        encoding = webencodings.lookup(label)
        if encoding is None:
            continue
        if encoding.name in _WIDE_UNICODE:
            return "utf-8"
        return encoding.codec_info.name
    return None


def decode_html(data: bytes | str) -> str:
    """Decode a page; raise ValueError when the input is empty or not text.

    >>> decode_html(codecs.BOM_UTF16_LE + "<p>Grüße</p>".encode("utf-16-le"))
    '<p>Grüße</p>'
    >>> decode_html('<meta charset="shift_jis"><p>日本</p>'.encode("shift_jis"))[-9:]
    '<p>日本</p>'
    >>> decode_html(b"")
    Traceback (most recent call last):
    ...
    ValueError: empty HTML input
    """
    if isinstance(data, str):
        text = data.removeprefix("\ufeff")
    elif isinstance(data, bytes | bytearray | memoryview):
        text = _decode_bytes(bytes(data))
    else:
        raise ValueError(f"HTML input must be str or bytes, not {type(data).__name__}")
    if not text.strip():
        raise ValueError("empty HTML input")
    _reject_binary(text)
    return text


def _decode_bytes(data: bytes) -> str:
    if not data:
        raise ValueError("empty HTML input")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    declared = declared_encoding(data)
    if declared is not None:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # the declaration is wrong: fall through to detection
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data[:DETECT_SAMPLE_BYTES]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace")
    if declared is not None:
        return data.decode(declared, errors="replace")
    raise ValueError("cannot decode HTML input: no BOM, no usable charset declaration, not UTF-8")


def _reject_binary(text: str) -> None:
    sample = text[:CONTROL_SAMPLE_CHARS]
    controls = len(_CONTROL_RE.findall(sample))
    if controls > max(MIN_CONTROL_CHARS, MAX_CONTROL_SHARE * len(sample)):
        raise ValueError(
            f"input is binary, not HTML: {controls} control characters "
            f"in its first {len(sample)} characters"
        )
