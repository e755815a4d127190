"""The accounts' forms: sign-up, log-in, profile, passwords, language."""

from django.contrib.auth.tokens import default_token_generator
from django.urls import (
    reverse,
)
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import strategies as st

from tests.hostile.form import (
    VALID_PASSWORD,
    VALID_PHONE,
    VALID_TEXT,
    Form,
)
from tests.hostile.values import valid


def reset_url(user) -> str:
    return reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


FORMS = [
    # --- accounts ---
    Form(
        "signup",
        lambda w: reverse("accounts:signup"),
        None,
        {
            "name": VALID_TEXT,
            "username": valid("newcomer", "new.comer"),
            "phone": VALID_PHONE,
            "birth_year": valid("1955", "2000", ""),
            "building": st.builds(lambda: ""),
            "password1": valid("pass-word-123"),
            "password2": valid("pass-word-123"),
            "next": valid("/activities/", ""),
        },
    ),
    Form(
        "login",
        lambda w: reverse("login"),
        None,
        {
            "username": valid("resident", "nobody"),
            "password": VALID_PASSWORD,
            "next": valid("/me/", ""),
        },
    ),
    Form(
        "profile",
        lambda w: reverse("accounts:profile"),
        "resident",
        {
            "name": VALID_TEXT,
            "phone": VALID_PHONE,
            "email": valid("a@example.com", ""),
            "birth_year": valid("1950", ""),
            "building": valid(""),
        },
        watch=lambda w: [w.users["resident"]],
    ),
    Form(
        "household",
        lambda w: reverse("accounts:household"),
        "resident",
        {
            "building": valid(""),
            "room": VALID_TEXT,
            "name": VALID_TEXT,
            "birth_year": valid("2018", ""),
            "relation": valid("child", "boss"),
        },
        watch=lambda w: [w.users["resident"]],
    ),
    Form(
        "password-change",
        lambda w: reverse("password_change"),
        "resident",
        {
            "old_password": VALID_PASSWORD,
            "new_password1": valid("Brand-new-pass-789"),
            "new_password2": valid("Brand-new-pass-789"),
        },
        watch=lambda w: [w.users["resident"]],
    ),
    Form(
        "password-reset",
        lambda w: reverse("password_reset"),
        None,
        {"email": valid("resident@example.com", "nobody@example.com")},
    ),
    Form(
        "password-reset-sms",
        lambda w: reverse("accounts:password_reset_sms"),
        None,
        {"phone": VALID_PHONE},
    ),
    Form(
        "password-reset-confirm",
        lambda w: reset_url(w.users["resident"]),
        None,
        {
            "new_password1": valid("Brand-new-pass-789"),
            "new_password2": valid("Brand-new-pass-789"),
        },
        watch=lambda w: [w.users["resident"]],
        get_first=True,
    ),
    Form("logout", lambda w: reverse("logout"), "resident", {"next": valid("/")}),
    Form(
        "large-text",
        lambda w: reverse("toggle_large_text"),
        None,
        {"large_text": valid("1", "0"), "next": valid("/activities/", "/")},
    ),
    Form(
        "set-language",
        lambda w: reverse("set_language"),
        None,
        {"language": valid("en", "zh-hans"), "next": valid("/activities/", "/")},
    ),
]
