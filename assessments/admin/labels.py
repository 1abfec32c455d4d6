"""Labels for the admin's fields that sit in table cells under a column heading (list_editable
columns and tabular inline rows): Django gives them none, so a screen reader hears "edit text"
with no name. Each gets an aria-label naming its column and its row ("Order of Health & safety",
"Label of answer 3")."""

from django.utils.translation import gettext


def name_fields(form, row):
    """Sets each visible field's aria-label to "<field> of <row>"."""
    for field in form.fields.values():
        if not field.widget.is_hidden:
            field.widget.attrs["aria-label"] = gettext("%(field)s of %(row)s") % {"field": field.label, "row": row}


class LabelledListEditable:
    """For a ModelAdmin with list_editable: each cell's field is named after its column and object."""

    def get_changelist_form(self, request, **kwargs):
        base = super().get_changelist_form(request, **kwargs)

        class Labelled(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                name_fields(self, self.instance)

        return Labelled


class LabelledInline:
    """For a tabular inline: each row's fields are named after their column and the row's number
    ("answer 3"), `row_name` saying what a row is."""

    row_name = ""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        row_name = self.row_name or str(self.model._meta.verbose_name)

        class Labelled(formset):
            def add_fields(self, form, index):  # after the formset's own fields (DELETE) are added
                super().add_fields(form, index)
                name_fields(form, f"{row_name} {index + 1 if index is not None else gettext('new')}")

        return Labelled
