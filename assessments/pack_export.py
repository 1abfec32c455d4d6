"""Writes the database back out as a content pack, in the format content_pack reads.

The output is deterministic, so export → load → export gives the same bytes: keys in the order of
the default pack files, rows in their database order, optional text left out when empty, and the
option kind left out when it is 'scored' (the default). Weights, efforts, `active` and the lists of
programmes are always written, as in the default pack.
"""

import yaml

from .models import Driver, Programme, Recommendation

FOLD_AFTER = 80  # longer single-line text with spaces is written as a folded (>-) block scalar
WIDTH = 90  # PyYAML breaks at the first space after this column, so lines stay near 100


def export_pack(questionnaire):
    """The whole pack (all drivers, this version, all recommendations and programmes) as YAML text."""
    pack = {
        "drivers": [_driver(d) for d in Driver.objects.order_by("order", "code")],
        "questionnaire": _questionnaire(questionnaire),
        "recommendations": [_recommendation(r) for r in _recommendations()],
        "programmes": [_programme(p) for p in Programme.objects.order_by("code").prefetch_related("drivers")],
    }
    return dump_pack(pack)


def _optional(**fields):
    """The fields that are not empty, in the order given."""
    return {key: value for key, value in fields.items() if value not in ("", None)}


def _driver(d):
    return {
        "code": d.code,
        "name": d.name,
        **_optional(subtitle=d.subtitle),
        "summary": d.summary,
        **_optional(international_note=d.international_note),
    }


def _questionnaire(q):
    questions = (
        q.questions.select_related("driver").prefetch_related("options").order_by("driver__order", "order", "code")
    )
    return {
        "version": q.version,
        "title": q.title,
        **_optional(notes=q.notes),
        "questions": [_question(question) for question in questions],
    }


def _question(q):
    return {
        "code": q.code,
        "driver": q.driver.code,
        "weight": float(q.weight),
        "text": q.text,
        **_optional(help_text=q.help_text),
        "options": [_option(o) for o in q.options.all()],
    }


def _option(o):
    if o.kind == o.Kind.SCORED:
        return {"level": o.level, "label": o.label}
    return {"kind": o.kind, "label": o.label}


def _recommendations():
    return Recommendation.objects.order_by("code").select_related("driver").prefetch_related("programmes")


def _recommendation(r):
    trigger = {"band": r.band} if r.band else {"question": r.question_code, "at_or_below": r.at_or_below}
    return {
        "code": r.code,
        "driver": r.driver.code,
        **trigger,
        "title": r.title,
        "horizon": r.horizon,
        "effort": r.effort,
        "body": r.body,
        "programmes": sorted(p.code for p in r.programmes.all()),
    }


def _programme(p):
    return {
        "code": p.code,
        "name": p.name,
        "provider": p.provider,
        "url": p.url,
        "source_url": p.source_url,
        "summary": p.summary,
        "drivers": [d.code for d in sorted(p.drivers.all(), key=lambda d: (d.order, d.code))],
        "regions": list(p.regions),
        "sizes": list(p.sizes),
        "active": p.active,
        "last_verified": p.last_verified,
    }


class _PackDumper(yaml.SafeDumper):
    """Indented block lists, short lists of codes inline, long or multi-line text as block scalars."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _represent_str(dumper, value):
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
