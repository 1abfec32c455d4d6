"""Writes the database back out as a content pack, in the format content_pack reads.

The output is deterministic, so export → load → export gives the same bytes: keys in the order of
the default pack files, rows in their database order, optional text left out when empty, and the
option kind left out when it is 'scored' (the default). Which keys there are, in which order, and
which are always written, is pack_format's.
"""

from decimal import Decimal

import yaml

from ..models import Driver, Programme
from . import format as fmt

FOLD_AFTER = 80  # longer single-line text with spaces is written as a folded (>-) block scalar
WIDTH = 90  # PyYAML breaks at the first space after this column, so lines stay near 100


def export_pack(questionnaire):
    """The whole pack (all drivers, this version with its recommendations, all programmes) as YAML."""
    recommendations = questionnaire.recommendations.order_by("code").select_related("driver")
    pack = {
        "drivers": [_item(fmt.DRIVER, d) for d in Driver.objects.order_by("order", "code")],
        "questionnaire": _item(fmt.QUESTIONNAIRE, questionnaire),
        "recommendations": [_item(fmt.RECOMMENDATION, r) for r in recommendations.prefetch_related("programmes")],
        "programmes": [_item(fmt.PROGRAMME, p) for p in Programme.objects.order_by("code").prefetch_related("drivers")],
    }
    return dump_pack(pack)


def _item(section, obj):
    """One row as a pack item: keys in the format's order; empty or default values left out unless
    the format always writes them."""
    item = {}
    for key in section.keys:
        value = _value(obj, key, section.field(key))
        field = None if key in section.related else obj._meta.get_field(section.field(key))
        default = field.get_default() if field is not None and field.has_default() else None
        if key in section.always or value not in ("", None, default):
            item[key] = value
    return item


def _value(obj, key, field):
    related = {
        "driver": lambda: obj.driver.code,
        "drivers": lambda: [d.code for d in sorted(obj.drivers.all(), key=lambda d: (d.order, d.code))],
        "programmes": lambda: sorted(p.code for p in obj.programmes.all()),
        "options": lambda: [_item(fmt.OPTION, o) for o in obj.options.all()],
        "questions": lambda: [
            _item(fmt.QUESTION, q)
            for q in obj.questions.select_related("driver")
            .prefetch_related("options")
            .order_by("driver__order", "order", "code")
        ],
    }
    if key in related:
        return related[key]()
    value = getattr(obj, field)
    return float(value) if isinstance(value, Decimal) else list(value) if isinstance(value, list) else value


class _PackDumper(yaml.SafeDumper):
    """Indented block lists, short lists of codes inline, long or multi-line text as block scalars."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _represent_str(dumper, value):
    if "\x85" in value:
        # PyYAML writes a NEL character as it is in a single-quoted scalar, and reads it back as a line
        # break: only double quotes (an escaped \N) keep it.
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    style = "|" if "\n" in value else ">" if len(value) > FOLD_AFTER and " " in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper, value):
    inline = all(isinstance(v, str) and len(v) < 40 for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=inline)


_PackDumper.add_representer(str, _represent_str)
_PackDumper.add_representer(list, _represent_list)


def dump_pack(pack):
    """The pack as readable YAML, or as plain YAML in the rare case the readable form would not
    read back exactly the same (PyYAML falls back to quoted styles by itself; this is a last guard)."""
    text = _spaced(yaml.dump(pack, Dumper=_PackDumper, sort_keys=False, allow_unicode=True, width=WIDTH))
    if yaml.safe_load(text) == pack:
        return text
    return yaml.safe_dump(pack, sort_keys=False, allow_unicode=True, width=WIDTH)


def _spaced(text):
    """A blank line before each top-level section and before each item of the long lists."""
    lines = []
    for line in text.splitlines(keepends=True):
        item = line.startswith(("  - code: ", "    - code: ")) and lines and not lines[-1].endswith(":\n")
        if (line[:1].isalpha() and lines) or item:
            lines.append("\n")
        lines.append(line)
    return "".join(lines)
