"""Content packs: drivers, one questionnaire version with its recommendations, and programmes, as YAML.

`read_pack` parses a file or a folder and `parse_pack_text` one uploaded text (pack_yaml);
`apply_pack` writes a pack in one transaction, or changes nothing and raises PackError listing every
problem with its line; `validate_pack` does the same and always rolls back. There is no second
rule book here: every row is built as a model instance and checked with `full_clean()`, so a pack
accepts exactly what the admin accepts, version locks included. Loading the same pack twice changes
nothing. `export_pack` writes the database back out in the same format (pack_export).
"""

from django.db import transaction
from django.utils.translation import gettext as _

from .export import export_pack as export_pack
from .loader import Loader
from .reading import DEFAULT_PACK as DEFAULT_PACK
from .reading import Pack as Pack
from .reading import PackError as PackError
from .reading import default_packs as default_packs
from .reading import locate
from .reading import parse_pack_text as parse_pack_text
from .reading import read_pack as read_pack


class _Refused(Exception):
    def __init__(self, problems):
        self.problems = problems


def validate_pack(pack, publish=True):
    """Every problem in the pack as a list of '[line N: ]where: what' strings (empty when valid)."""
    try:
        with transaction.atomic():
            raise _Refused(Loader(pack, publish).run())
    except _Refused as refused:
        return locate(pack, refused.problems)


@transaction.atomic
def apply_pack(pack, publish=True):
    """Writes a pack; raises PackError (and changes nothing) when anything in it is wrong.

    A new questionnaire version is published at once, or with publish=False created as a draft."""
    problems = Loader(pack, publish).run()
    if problems:
        raise PackError(locate(pack, problems))
    return pack_summary(pack)


def load_pack_text(text, publish=True):
    """Parses and applies one uploaded YAML text; returns a summary. PackError when anything is wrong."""
    return apply_pack(parse_pack_text(text), publish=publish)


def pack_summary(pack):
    """E.g. '5 drivers, questionnaire v2 with 36 questions, 60 recommendations, 19 programmes'."""
    q = pack["questionnaire"]
    return _(
        "%(drivers)s drivers, questionnaire v%(version)s with %(questions)s questions, "
        "%(recommendations)s recommendations, %(programmes)s programmes"
    ) % {
        "drivers": len(pack["drivers"]),
        "version": q["version"],
        "questions": len(q["questions"]),
        "recommendations": len(pack["recommendations"]),
        "programmes": len(pack["programmes"]),
    }
