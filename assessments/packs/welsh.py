"""The Welsh texts of one questionnaire version, out to a translator and back, as a PO file: what
translators' tools open, with no YAML to touch.

`export_welsh(questionnaire)` lists every text the version can show (every driver, its questions,
answers and recommendations, every programme a report can print): the English as msgid, the Welsh
so far as msgstr, each in a context naming its row and field (`question:safety-01:help_text`). A row
whose Welsh no translator has reviewed is marked fuzzy: "draft, awaiting review". `import_welsh()`
takes the file back: the Welsh of each entry as written, and a row is reviewed when none of its
entries is fuzzy or empty. It changes nothing unless every entry is right (a known text, English
unchanged since the export, a Welsh text the model accepts). Export → import → export gives the same
bytes.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Driver, Programme, Questionnaire, welsh
from . import po

VERSION_HEADER = "X-Questionnaire-Version"


class WelshImportError(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Text:
    context: str  # "question:safety-01:text"
    row: object
    field: str  # the English field
    note: str  # what the translator reads about it


def texts(questionnaire):
    """A Text for each non-empty English text the version can show, in a stable order."""
    result = []

    def add(key, row, note):
        for field in row.TRANSLATED:
            if getattr(row, field):
                result.append(Text(f"{key}:{field}", row, field, f"{note}, {field.replace('_', ' ')}"))

    for driver in Driver.objects.order_by("order", "code"):
        add(f"driver:{driver.code}", driver, f"Area {driver.code}")
    questions = questionnaire.questions.select_related("driver").prefetch_related("options")
    for question in questions.order_by("driver__order", "order", "code"):
        add(f"question:{question.code}", question, f"Question {question.code}")
        for n, option in enumerate(question.options.all(), start=1):
            kind = f"level {option.level}" if option.level is not None else option.get_kind_display()
            add(f"option:{question.code}:{n}", option, f"Answer {n} ({kind}) of {question.code}")
    for rec in questionnaire.recommendations.order_by("code"):
        add(f"recommendation:{rec.code}", rec, f"Advice {rec.code}")
    for programme in Programme.objects.recommendable().order_by("code"):
        add(f"programme:{programme.code}", programme, f"Programme {programme.code}")
    return result


def export_welsh(questionnaire):
    """The version's texts as PO text, for a translator."""
    header = {
        "Project-Id-Version": f"Manufacturing Readiness content, version {questionnaire.version}",
        "Language": "cy",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        VERSION_HEADER: str(questionnaire.version),
    }
    entries = [
        po.Entry(
            context=t.context,
            english=getattr(t.row, t.field),
            welsh=getattr(t.row, welsh(t.field)),
            comments=[t.note, _limit(t.row, t.field)],
            fuzzy=not t.row.welsh_reviewed,
        )
        for t in texts(questionnaire)
    ]
    return po.write(header, entries)


def _limit(row, field):
    length = row._meta.get_field(welsh(field)).max_length
    return f"At most {length} characters." if length else "Markdown: paragraphs, **bold**, *italic*, lists, links."


@transaction.atomic
def import_welsh(questionnaire, text):
    """Writes the Welsh of a PO file exported by export_welsh(); returns (texts, rows reviewed).
    WelshImportError listing every problem, and nothing changed, when anything is wrong."""
    try:
        header, entries = po.read(text)
    except po.POError as error:
        raise WelshImportError([str(error)]) from None
    if header.get(VERSION_HEADER) != str(questionnaire.version):
        raise WelshImportError(
            [_("This file holds the texts of version %(file)s, not of version %(version)s.")
             % {"file": header.get(VERSION_HEADER, "?"), "version": questionnaire.version}]
        )  # fmt: skip
    known = {t.context: t for t in texts(questionnaire)}
    problems, rows = [], {}
    for entry in entries:
        found = known.get(entry.context)
        if found is None:
            problems.append(_("%(context)s: no such text in this version.") % {"context": entry.context})
        elif entry.english != getattr(found.row, found.field):
            problems.append(
                _("%(context)s: the English has changed since this file was exported; export it again.")
                % {"context": entry.context}
            )
        else:
            setattr(found.row, welsh(found.field), entry.welsh.strip())
            draft = entry.fuzzy or not entry.welsh.strip()
            rows[found.row] = rows.get(found.row, False) or draft
    reviewed = 0
    for row, draft in rows.items():
        row.welsh_reviewed = not draft
        reviewed += row.welsh_reviewed
        problems += _saved(row, known)
    if problems:
        transaction.set_rollback(True)
        raise WelshImportError(problems)
    return len(entries), reviewed


def _saved(row, known):
    """Saves a row after full_clean(); its problems, each named by the entry's context."""
    try:
        row.full_clean()
    except ValidationError as error:
        contexts = {t.field: t.context for t in known.values() if t.row is row}
        return [
            f"{contexts.get(field.removesuffix('_cy'), field)}: {message}"
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    row.save()
    return []


def fill_from_pack(pack):
    """Brings a pack's Welsh to a database that loaded its version before the Welsh was written
    (`load_content --welsh`): a row gets the pack's Welsh for a text only while its English is still
    the pack's and it has no Welsh of its own, so nothing an editor wrote is overwritten. Returns how
    many texts were filled."""
    version = Questionnaire.objects.filter(version=pack["questionnaire"]["version"]).first()
    if version is None:
        return 0
    pairs = [(Driver.objects.filter(code=d.get("code")).first(), d) for d in pack["drivers"]]
    pairs += [(Programme.objects.filter(code=p.get("code")).first(), p) for p in pack["programmes"]]
    pairs += [(version.recommendations.filter(code=r.get("code")).first(), r) for r in pack["recommendations"]]
    for item in pack["questionnaire"]["questions"]:
        question = version.questions.filter(code=item.get("code")).first()
        pairs.append((question, item))
        options = list(question.options.all()) if question else []
        pairs += list(zip(options, item.get("options", []), strict=False))
    filled = 0
    for row, item in pairs:
        fields = [
            f for f in getattr(row, "TRANSLATED", ())
            if item.get(welsh(f)) and not getattr(row, welsh(f)) and getattr(row, f) == str(item.get(f, "")).strip()
        ]  # fmt: skip
        for field in fields:
            setattr(row, welsh(field), item[welsh(field)].strip())
        if fields:
            row.full_clean()
            row.save()
            filled += len(fields)
    return filled
