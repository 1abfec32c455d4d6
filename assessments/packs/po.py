"""A small reader and writer of gettext PO files: what a translator's tool (Poedit, Virtaal, Weblate)
opens, for the content's Welsh texts (packs.welsh). Only what that needs: a context, an English
text, its Welsh, translator comments, and the fuzzy flag; no plurals.

Written deterministically (no dates, one line per line of text), so the same texts give the same
bytes; read back exactly, every character included (strings are split on "\\n" only, so a line
separator or next-line character inside a text stays inside it).
"""

from dataclasses import dataclass, field

ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
UNESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


class POError(ValueError):
    """The text is not a PO file this reader understands; the message names the line."""


@dataclass
class Entry:
    context: str
    english: str  # msgid
    welsh: str = ""  # msgstr
    comments: list = field(default_factory=list)  # extracted comments ("#. "), for the translator
    fuzzy: bool = False


def _escape(text):
    return "".join(ESCAPES.get(c, c) for c in text)


def quote(text):
    """A string as PO lines: one line when it has no line break inside, else "" then one line per line."""
    if "\n" not in text.rstrip("\n"):
        return [f'"{_escape(text)}"']
    pieces = text.split("\n")
    lines = [f'"{_escape(piece)}\\n"' for piece in pieces[:-1]]
    return ['""', *lines, *([f'"{_escape(pieces[-1])}"'] if pieces[-1] else [])]


def write(header, entries):
    """PO text: `header` (dict of header fields, in order) then each Entry."""
    lines = ['msgid ""', 'msgstr ""', *(f'"{k}: {v}\\n"' for k, v in header.items())]
    for entry in entries:
        lines.append("")
        lines += [f"#. {comment}" for comment in entry.comments]
        lines += ["#, fuzzy"] if entry.fuzzy else []
        for keyword, text in (("msgctxt", entry.context), ("msgid", entry.english), ("msgstr", entry.welsh)):
            first, *rest = quote(text)
            lines += [f"{keyword} {first}", *rest]
    return "\n".join(lines) + "\n"


def read(text):
    """(header dict, [Entry]) from PO text; POError naming the line when it cannot be read."""
    entries, current, keyword = [], None, None
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        if line.startswith("#"):
            if current is not None and current.get("msgstr") is not None:
                entries.append(current)
                current = None
            current = current or {"comments": [], "flags": set()}
            if line.startswith("#. "):
                current["comments"].append(line[3:])
            elif line.startswith("#,"):
                current["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            continue
        word, _, rest = line.partition(" ")
        if word in ("msgctxt", "msgid", "msgstr"):
            if current is not None and (word in current or (word != "msgstr" and "msgstr" in current)):
                entries.append(current)
                current = None
            current = current or {"comments": [], "flags": set()}
            keyword, line = word, rest
        if keyword is None or not (line.startswith('"') and line.endswith('"') and len(line) >= 2):
            raise POError(f"line {number}: not a PO line: {line[:60]}")
        current[keyword] = current.get(keyword, "") + _unescape(line[1:-1], number)
    if current is not None:
        entries.append(current)
    return _header(entries), [_entry(e) for e in entries if e.get("msgid")]


def _unescape(text, number):
    out, chars = [], iter(text)
    for c in chars:
        if c == '"':
            raise POError(f'line {number}: a quotation mark inside a string must be written \\"')
        if c != "\\":
            out.append(c)
            continue
        escaped = next(chars, "")
        if escaped not in UNESCAPES:
            raise POError(f"line {number}: unknown escape \\{escaped}")
        out.append(UNESCAPES[escaped])
    return "".join(out)


def _header(entries):
    first = next((e for e in entries if e.get("msgid") == ""), None)
    if first is None:
        return {}
    pairs = (line.partition(":") for line in first.get("msgstr", "").split("\n") if line)
    return {key.strip(): value.strip() for key, _, value in pairs}


def _entry(raw):
    return Entry(
        context=raw.get("msgctxt", ""),
        english=raw["msgid"],
        welsh=raw.get("msgstr", ""),
        comments=raw["comments"],
        fuzzy="fuzzy" in raw["flags"],
    )
