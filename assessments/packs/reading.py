"""Reading content packs from YAML, remembering the line of every node so errors can point at it."""

import re
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

DEFAULT_PACK = Path(__file__).resolve().parent.parent / "content"
MAX_DEPTH = 12  # a pack is at most 6 deep; far deeper is a mistake or an attack on the parser
MAX_MESSAGE_VALUE = 80  # values quoted in messages are cut to this many characters


class PackError(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors))


class Pack(dict):
    """A parsed pack that remembers its source: `lines` maps a node's path to (file name or None, line)."""

    def __init__(self, *args, lines=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines or {}


def read_pack(path, prefix=""):
    """A pack from one YAML file, or from a folder of them whose top-level sections are merged."""
    path = Path(path)
    if not path.is_dir():
        return parse_pack_text(path.read_text(encoding="utf-8"))
    pack, errors = Pack(), []
    for file in sorted(path.glob("*.yaml")):
        try:
            part = parse_pack_text(file.read_text(encoding="utf-8"), source=prefix + file.name)
        except PackError as exc:
            errors.extend(exc.errors)
            continue
        errors += [f"{file.name}: section '{key}' is defined twice" for key in part if key in pack]
        pack.update(part)
        pack.lines.update(part.lines)
    if errors:
        raise PackError(errors)
    return pack


def default_packs(path=DEFAULT_PACK):
    """The built-in content as one pack per questionnaire version, oldest first: the files at the top
    of the folder (drivers, programmes) merged with each version's folder (v1/, v2/ …)."""
    path = Path(path)
    versions = sorted((d for d in path.iterdir() if d.is_dir() and re.fullmatch(r"v\d+", d.name)),
                      key=lambda d: int(d.name[1:]))  # fmt: skip
    if not versions:
        return [read_pack(path)]
    shared = read_pack(path)
    packs = []
    for folder in versions:
        pack = read_pack(folder, prefix=f"{folder.name}/")
        pack.update(shared)
        pack.lines.update(shared.lines)
        packs.append(pack)
    return packs


def parse_pack_text(text, source=None):
    """A pack from one YAML text; PackError with line numbers when it is not valid YAML.

    `source` (a file name) prefixes every line number, for packs read from several files. Anchors
    and aliases are refused (a pack never needs them, and they can multiply a small file into a
    huge one), and so is nesting deeper than MAX_DEPTH."""
    node = _yaml(_compose, text, source)
    errors = _duplicate_keys(node, source)
    data = _yaml(lambda loader: loader.construct_document(node), "", source, node) if node and not errors else {}
    if not errors and not isinstance(data, dict):
        errors = [f"{_at(source, node.start_mark.line + 1)}the top level must be a mapping of sections"]
    if errors:
        raise PackError(errors)
    return Pack(data, lines={path: (source, n.start_mark.line + 1) for path, n in _walk(node) if path})


def _compose(loader):
    """The document's node tree, refusing anchors, aliases and deep nesting before anything is built."""
    depth = 0
    while loader.check_event():
        event = loader.get_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            raise PackError(
                [f"{_at(loader.source, mark.line + 1)}{_('anchors and aliases (& and *) are not allowed')}"]
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise PackError([f"{_at(loader.source, mark.line + 1)}{_('nested too deeply')}"])
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return yaml.SafeLoader(loader.text).get_single_node()


def _yaml(step, text, source, node=None):
    """Runs one step of a SafeLoader on text, turning its errors into a PackError."""
    loader = yaml.SafeLoader(text)
    loader.source, loader.text = source, text
    try:
        return step(loader)
    except yaml.MarkedYAMLError as exc:
        raise PackError([_yaml_error(exc, source)]) from exc
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: e.g. 2026-02-30, which YAML reads as a date
        raise PackError([f"{_bad_date_at(node, source)}not valid YAML: {_cut(str(exc))}"]) from exc
    finally:
        loader.dispose()


def _bad_date_at(root, source):
    for _path, node in _walk(root):
        if node.tag == "tag:yaml.org,2002:timestamp":
            try:
                yaml.SafeLoader("").construct_yaml_timestamp(node)
            except ValueError:
                return _at(source, node.start_mark.line + 1)
    return f"{source}: " if source else ""


def _at(source, line):
    return f"{source} line {line}: " if source else f"line {line}: "


def _yaml_error(exc, source):
    mark = exc.problem_mark or exc.context_mark
    message = f"{_at(source, mark.line + 1)}not valid YAML: {_cut(exc.problem or exc.context)}"
    if exc.context and exc.problem and exc.context_mark and exc.context_mark.line != mark.line:
        message += f" ({exc.context} that starts on line {exc.context_mark.line + 1})"
    return message


def _walk(node, path=(), seen=None):
    """(path, node) for the node and everything under it; an aliased node is visited once."""
    seen = set() if seen is None else seen
    if node is None or id(node) in seen:
        return
    seen.add(id(node))
    yield path, node
    if isinstance(node, yaml.MappingNode):
        children = [(key.value, value) for key, value in node.value if isinstance(key, yaml.ScalarNode)]
    else:
        children = enumerate(node.value) if isinstance(node, yaml.SequenceNode) else []
    for key, child in children:
        yield from _walk(child, (*path, key), seen)


def _duplicate_keys(root, source):
    """YAML quietly keeps the last of two equal keys; a hand-edited pack should hear about it."""
    errors = []
    for _path, node in _walk(root):
        keys = [key for key, _ in node.value if isinstance(key, yaml.ScalarNode)] if node.id == "mapping" else []
        for i, key in enumerate(keys):
            if key.value in {k.value for k in keys[:i]}:
                errors.append(f"{_at(source, key.start_mark.line + 1)}'{key.value}' is given twice")
    return errors


def locate(pack, problems):
    """'where: what' messages, prefixed with the line of the deepest known node on each path."""
    lines = getattr(pack, "lines", {})
    return [_line_prefix(lines, path) + message for path, message in problems]


def _line_prefix(lines, path):
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return _at(*lines[path[:end]])
    return ""


def _cut(text):
    text = str(text)
    return text if len(text) <= MAX_MESSAGE_VALUE else text[: MAX_MESSAGE_VALUE - 1] + "…"


def where(pack, path):
    """A readable name for the item a path points into, e.g. 'questionnaire.questions[3] (supply-04)'.
    Trailing keys of plain values are left out: the message names the field."""
    label, node = "", pack
    for i, key in enumerate(path):
        if isinstance(key, int) and isinstance(node, list) and 0 <= key < len(node):
            node = node[key]
            label += f"[{key}]"
            code = node.get("code") if isinstance(node, dict) else None
            label += f" ({_cut(code)})" if isinstance(code, str) else ""
        elif (
            isinstance(key, str)
            and isinstance(node, dict)
            and isinstance(node.get(key), list | dict)
            and (i < len(path) - 1 or i == 0)
        ):
            node = node[key]
            label += f".{key}" if label else key
        else:
            break
    return label or _cut(path[0]) if path else label
