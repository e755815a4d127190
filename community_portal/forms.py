"""Form pieces shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError

# The largest primary key the database can hold (BigAutoField). A larger number typed
# into an id field must be an ordinary "not a valid choice", not a database overflow.
MAX_DATABASE_ID = 2**63 - 1


def as_database_id(value) -> int | None:
    """``value`` as a possible primary key, or None when it cannot be one."""
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 0 < number <= MAX_DATABASE_ID else None


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses ids out of the database's range before looking them up (SQLite raises
    OverflowError on them, which Django's field does not catch)."""

    def _check_values(self, value):
        for pk in value:
            is_number = isinstance(pk, int | str) and str(pk).lstrip("-").isdigit()
            if is_number and as_database_id(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)
