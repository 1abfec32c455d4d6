"""Reading content packs from YAML, remembering the line of every node so errors can point at it."""

from pathlib import Path

import yaml

DEFAULT_PACK = Path(__file__).parent / "content"


class PackError(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors))


class Pack(dict):
    """A parsed pack that remembers its source: `lines` maps a node's path to (file name or None, line)."""

    def __init__(self, *args, lines=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines or {}


def read_pack(path=DEFAULT_PACK):
    """A pack from one YAML file, or from a folder of them whose top-level sections are merged."""
    path = Path(path)
    if not path.is_dir():
        return parse_pack_text(path.read_text(encoding="utf-8"))
    pack, errors = Pack(), []
    for file in sorted(path.glob("*.yaml")):
        try:
            part = parse_pack_text(file.read_text(encoding="utf-8"), source=file.name)
        except PackError as exc:
            errors.extend(exc.errors)
            continue
        errors += [f"{file.name}: section '{key}' is defined twice" for key in part if key in pack]
        pack.update(part)
        pack.lines.update(part.lines)
    if errors:
        raise PackError(errors)
    return pack


def parse_pack_text(text, source=None):
    """A pack from one YAML text; PackError with line numbers when it is not valid YAML.

    `source` (a file name) prefixes every line number, for packs read from several files."""
    node = _yaml(lambda loader: loader.get_single_node(), text, source)
    errors = _duplicate_keys(node, source)
    data = _yaml(lambda loader: loader.construct_document(node), "", source, node) if node and not errors else {}
    if not errors and not isinstance(data, dict):
        errors = [f"{_at(source, node.start_mark.line + 1)}the top level must be a mapping of sections"]
    if errors:
        raise PackError(errors)
    return Pack(data, lines={path: (source, n.start_mark.line + 1) for path, n in _walk(node) if path})


def _yaml(step, text, source, node=None):
    """Runs one step of a SafeLoader on text, turning its errors into a PackError."""
    loader = yaml.SafeLoader(text)
    try:
        return step(loader)
    except yaml.MarkedYAMLError as exc:
        raise PackError([_yaml_error(exc, source)]) from exc
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: e.g. 2026-02-30, which YAML reads as a date
        raise PackError([f"{_bad_date_at(node, source)}not valid YAML: {exc}"]) from exc
    finally:
        loader.dispose()


def _bad_date_at(root, source):
    for _, node in _walk(root):
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
    message = f"{_at(source, mark.line + 1)}not valid YAML: {exc.problem or exc.context}"
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
    for _, node in _walk(root):
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
