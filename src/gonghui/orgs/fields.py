"""Form fields other modules' forms use to choose organisations. Kept apart from orgs/forms.py: importing that
builds its ModelForms, whose blank choices must not be made before translations are active (a module's forms are
imported while apps load, through its list declaration)."""

from django import forms


class OrgChoices(forms.ModelMultipleChoiceField):
    """Organisations by id, each named with its parent: names repeat across the city (co-organisers of an activity
    or a competition). Give it a queryset with `select_related("parent")`."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.name}（上级：{obj.parent.name}）" if obj.parent_id else obj.name
