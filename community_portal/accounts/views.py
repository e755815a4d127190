"""Residents' account pages: sign-up, profile and household ("my activities", ``/me/``, composes
the activities app: it lives in ``community_portal.pages``).

Log in, log out and the password pages are Django's own views
(``django.contrib.auth.urls``) with our templates in ``templates/registration/``.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetView
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from community_portal.errors import ServiceError, add_to_form, raise_refusal
from community_portal.http import safe_next_url
from community_portal.masking import mask_phone
from community_portal.ratelimit import rate_limit_hit, rate_limit_message

from . import selectors, services
from .forms import (
    HouseholdForm,
    HouseholdMemberForm,
    ProfileForm,
    SignupForm,
    SmsResetConfirmForm,
    SmsResetRequestForm,
)

# Sign-up logs the new user in without authenticating, so it names the backend.
SIGNUP_LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


@require_http_methods(["GET", "POST"])
def signup(request):
    next_url = safe_next_url(request, fallback="")
    if request.user.is_authenticated:
        return redirect(next_url or reverse("me"))
    if request.method == "POST":
        form = SignupForm(request.POST)
        # Only a valid sign-up counts against the limit; over it, the form comes back
        # with everything typed and the message, and no account is made.
        if form.is_valid() and rate_limit_hit(request, key="signup", by=("ip",)):
            form.add_error(None, rate_limit_message(key="signup"))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                user = services.user_signup(
                    username=data["username"],
                    name=data["name"],
                    password=data["password1"],
                    phone=data["phone"],
                    birth_year=data["birth_year"],
                    building_id=data["building"].pk if data["building"] else None,
                )
            except ValidationError as error:
                # The form checked everything; this is a race (the same username
                # taken a moment ago). Show it as the form's own error.
                form.add_error(None, error)
            else:
                login(request, user, backend=SIGNUP_LOGIN_BACKEND)
                messages.success(
                    request,
                    _(
                        "Welcome, %(name)s! Your account is ready. Log in with your "
                        "mobile number or with the username %(username)s."
                    )
                    % {"name": user.name, "username": user.username},
                )
                return redirect(next_url or reverse("me"))
    else:
        form = SignupForm()
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = selectors.user_get_profile(user=request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=user)
        if form.is_valid():
            try:
                # request.user, not the form's instance: the form has already set
                # the new values on its instance, so the service would see no change.
                services.user_profile_update(
                    user=request.user,
                    **{name: form.cleaned_data[name] for name in form.Meta.fields},
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your profile has been saved."))
                return redirect("accounts:profile")
    else:
        form = ProfileForm(instance=user)
    return render(request, "accounts/profile.html", {"form": form, "profile": user})


@login_required
@require_http_methods(["GET", "POST"])
def household(request):
    """My household: register it (building and room), then add its members. One
    POST form at a time: the address without a household, a member with one."""
    current = selectors.household_of(user=request.user)
    address_form, member_form = HouseholdForm(), HouseholdMemberForm()
    if request.method == "POST":
        form = (
            HouseholdMemberForm(request.POST)
            if current
            else HouseholdForm(request.POST)
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                if current:
                    member = services.household_member_add(
                        user=request.user,
                        name=data["name"],
                        birth_year=data["birth_year"],
                        birth_month=data["birth_month"],
                        relation=data["relation"],
                    )
                    message = _("%(name)s is now a member of your household.") % {
                        "name": member.name
                    }
                else:
                    services.household_create(
                        user=request.user,
                        building_id=data["building"].pk,
                        room=data["room"],
                    )
                    message = _("Your household is registered.")
            except ServiceError as error:
                raise_refusal(error)
                add_to_form(form, error)
            else:
                messages.success(request, message)
                return redirect("accounts:household")
        if current:
            member_form = form
        else:
            address_form = form
    is_manager = current is not None and any(
        member.is_manager and member.user_id == request.user.pk
        for member in current.members.all()
    )
    return render(
        request,
        "accounts/household.html",
        {
            "household": current,
            "is_manager": is_manager,
            "address_form": address_form,
            "member_form": member_form,
        },
        status=200 if request.method == "GET" or not form.errors else 400,
    )


@login_required
@require_http_methods(["POST"])
def household_member_remove(request, member_id: int):
    try:
        services.household_member_remove(user=request.user, member_id=member_id)
    except ServiceError as error:
        raise_refusal(error)
        messages.error(request, error.message)
    else:
        messages.success(request, _("The member has been removed."))
    return redirect("accounts:household")


class ThrottledPasswordResetView(PasswordResetView):
    """Django's password reset, with its mails limited per address and per account.

    Over the address's limit the form comes back with the message. Over the account's
    limit (the e-mail typed, counted whoever asks) no mail goes out, but the page is
    the same "sent" page as always, so that nobody learns whether the address has an
    account and nobody can flood a resident's inbox."""

    def form_valid(self, form):
        if rate_limit_hit(self.request, key="password_reset", by=("ip",)):
            form.add_error(None, rate_limit_message(key="password_reset"))
            return self.form_invalid(form)
        email = form.cleaned_data["email"].strip().lower()
        if rate_limit_hit(
            self.request,
            key="password_reset_account",
            by=(),
            identities=[f"email:{email}"],
        ):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


# --- Password reset by an SMS code -----------------------------------------------

# Codes asked for per address, and per number whoever asks; tries per number.
RESET_SMS_RATE = "5/h"
RESET_SMS_PHONE_RATE = "3/h"
RESET_CHECK_RATE = f"{services.RESET_CODE_MAX_TRIES}/10m"
SESSION_RESET_PHONE = "accounts_reset_phone"


@require_http_methods(["GET", "POST"])
def password_reset_sms(request):
    """Ask for a code by SMS. Whether or not the number has an account, the next
    page is the same "we sent a code" page; over the number's limit no SMS goes
    out, yet the page is the same, so nobody can flood a resident's phone."""
    form = SmsResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        if rate_limit_hit(request, key="reset_sms", rate=RESET_SMS_RATE, by=("ip",)):
            form.add_error(
                None, rate_limit_message(key="reset_sms", rate=RESET_SMS_RATE)
            )
        else:
            if not rate_limit_hit(
                request,
                key="reset_sms_phone",
                rate=RESET_SMS_PHONE_RATE,
                by=(),
                identities=[f"phone:{phone}"],
            ):
                services.reset_code_request(phone=phone)
            request.session[SESSION_RESET_PHONE] = phone
            return redirect("accounts:password_reset_sms_confirm")
    return render(request, "registration/password_reset_sms_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def password_reset_sms_confirm(request):
    phone = request.session.get(SESSION_RESET_PHONE)
    if not phone:
        return redirect("accounts:password_reset_sms")
    form = SmsResetConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if rate_limit_hit(
            request,
            key="reset_code_check",
            rate=RESET_CHECK_RATE,
            by=("ip",),
            identities=[f"phone:{phone}"],
        ):
            form.add_error(
                "code",
                rate_limit_message(key="reset_code_check", rate=RESET_CHECK_RATE),
            )
        else:
            try:
                services.reset_code_confirm(
                    phone=phone,
                    code=form.cleaned_data["code"],
                    password=form.cleaned_data["new_password1"],
                )
            except ServiceError as error:
                form.add_error(error.field, error.message)
            except ValidationError as error:
                form.add_error("new_password2", error)
            else:
                del request.session[SESSION_RESET_PHONE]
                return redirect("password_reset_complete")
    return render(
        request,
        "registration/password_reset_sms_confirm.html",
        {"form": form, "masked_phone": mask_phone(phone)},
    )
