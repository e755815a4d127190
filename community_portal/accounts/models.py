"""The portal's user: one ``name`` (Chinese names do not split), an optional phone;
and households (户): the people at one address, managed by its adults."""

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin, UserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_portal.masking import mask_name, mask_phone
from community_portal.models import TimeStampedModel

phone_validator = RegexValidator(
    r"^\+?\d{7,15}$", _("Enter a valid phone number (7–15 digits).")
)
# What the sign-up and profile forms take: a mainland China mobile number, the only
# kind an SMS reaches. (The model keeps the wider rule, so that older accounts with
# a landline stay valid.)
mobile_validator = RegexValidator(
    r"^1\d{10}$",
    _(
        "Enter a mainland China mobile number: 11 digits starting with 1 "
        "(numbers from other countries cannot receive our SMS)."
    ),
    code="mobile",
)


class PortalUserManager(UserManager):
    def _create_user(self, username, email, password, **extra_fields):
        user = self.model(
            username=self.model.normalize_username(username),
            email=self.normalize_email(email or ""),
            **extra_fields,
        )
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractBaseUser, PermissionsMixin):
    username = models.CharField(
        _("Username"),
        max_length=150,
        unique=True,
        validators=[UnicodeUsernameValidator()],
        help_text=_(
            "For logging in; up to 150 characters: letters, digits and @/./+/-/_."
        ),
        error_messages={"unique": _("This username is already taken.")},
    )
    name = models.CharField(_("Full name"), max_length=50)
    phone = models.CharField(
        _("Phone number"), max_length=16, blank=True, validators=[phone_validator]
    )
    email = models.EmailField(_("E-mail"), blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("Birth year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    birth_month = models.PositiveSmallIntegerField(
        _("Birth month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_(
            "Optional, 1 to 12: the 悦寿宴 celebrates each quarter's birthdays."
        ),
    )
    building = models.ForeignKey(
        "grids.Building",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="residents",
        verbose_name=_("Building"),
        help_text=_("The building you live in; it tells us your grid."),
    )
    # The channels that carry my notices beside the portal's list (the profile page);
    # web push reads ``notify_push``.
    notify_email = models.BooleanField(_("Notices by e-mail"), default=True)
    notify_sms = models.BooleanField(_("Notices by SMS"), default=True)
    notify_push = models.BooleanField(_("Notices pushed to my browser"), default=True)
    is_staff = models.BooleanField(
        _("Admin access"),
        default=False,
        help_text=_("Whether the user can log into the admin site."),
    )
    is_active = models.BooleanField(_("Active"), default=True)
    date_joined = models.DateTimeField(_("Date joined"), default=timezone.now)

    objects = PortalUserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("User")
        verbose_name_plural = _("Users")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_month__gte=1, birth_month__lte=12)
                | models.Q(birth_month__isnull=True),
                name="user_birth_month_1_to_12",
                violation_error_message=_("The birth month must be 1 to 12."),
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.username

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name

    @property
    def masked_name(self) -> str:
        return mask_name(self.name or self.username)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class Household(TimeStampedModel):
    """A household (户): the residents at one address (building and room). Its
    adults with accounts manage it; the others (a child, an elder) are members
    without accounts of their own, signed up for activities by an adult."""

    building = models.ForeignKey(
        "grids.Building",
        on_delete=models.PROTECT,
        related_name="household_set",
        verbose_name=_("Building"),
    )
    room = models.CharField(
        _("Unit / room"), max_length=20, help_text=_("For example 2-301.")
    )

    class Meta:
        verbose_name = _("Household")
        verbose_name_plural = _("Households")
        ordering = ["building__number", "room"]
        constraints = [
            models.UniqueConstraint(
                fields=["building", "room"],
                name="household_one_per_address",
                violation_error_message=_(
                    "A household at this address is already registered."
                ),
            ),
        ]

    def __str__(self) -> str:
        return _("%(building)s, room %(room)s") % {
            "building": self.building,
            "room": self.room,
        }


class HouseholdMember(TimeStampedModel):
    """One person of a household. Managers are adults with an account (``user``);
    a member without an account is known by name and birth year only."""

    class Relation(models.TextChoices):
        SELF = "self", _("Self")
        SPOUSE = "spouse", _("Spouse")
        CHILD = "child", _("Child")
        GRANDCHILD = "grandchild", _("Grandchild")
        PARENT = "parent", _("Parent")
        GRANDPARENT = "grandparent", _("Grandparent")
        OTHER = "other", _("Other relative")

    household = models.ForeignKey(
        Household,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("Household"),
    )
    user = models.OneToOneField(
        User,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="household_member",
        verbose_name=_("Account"),
        help_text=_("Only for members who have an account of their own."),
    )
    name = models.CharField(_("Full name"), max_length=50)
    birth_year = models.PositiveSmallIntegerField(
        _("Birth year"),
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    birth_month = models.PositiveSmallIntegerField(
        _("Birth month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_(
            "Optional, 1 to 12: the 悦寿宴 celebrates each quarter's birthdays."
        ),
    )
    relation = models.CharField(
        _("Relation"), max_length=20, choices=Relation.choices, default=Relation.OTHER
    )
    is_manager = models.BooleanField(
        _("Manages the household"),
        default=False,
        help_text=_("Adults with an account who add members and sign them up."),
    )

    class Meta:
        verbose_name = _("Household member")
        verbose_name_plural = _("Household members")
        ordering = ["household", "-is_manager", "birth_year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "name", "birth_year"],
                name="household_member_once",
                violation_error_message=_(
                    "This person is already a member of the household."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(birth_month__gte=1, birth_month__lte=12)
                | models.Q(birth_month__isnull=True),
                name="household_member_birth_month_1_to_12",
                violation_error_message=_("The birth month must be 1 to 12."),
            ),
            models.CheckConstraint(
                condition=models.Q(is_manager=False) | models.Q(user__isnull=False),
                name="household_manager_has_account",
                violation_error_message=_(
                    "Only a member with an account can manage the household."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.birth_year})"

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)


class PhoneResetCode(models.Model):
    """A 6-digit code sent by SMS to reset a password: only its keyed hash is kept
    (``salted_hmac`` with the secret key), it lasts ``RESET_CODE_MINUTES``, works
    once, and dies after ``RESET_CODE_MAX_TRIES`` wrong guesses."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="reset_codes",
        verbose_name=_("User"),
    )
    phone = models.CharField(_("Phone number"), max_length=16)
    code_hash = models.CharField(_("Code (hashed)"), max_length=64)
    created_at = models.DateTimeField(_("Created"), default=timezone.now)
    expires_at = models.DateTimeField(_("Expires"))
    used_at = models.DateTimeField(_("Used"), null=True, blank=True)
    tries = models.PositiveSmallIntegerField(_("Wrong tries"), default=0)

    class Meta:
        verbose_name = _("password reset code")
        verbose_name_plural = _("password reset codes")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["phone", "-created_at"], name="reset_code_phone"),
        ]

    def __str__(self) -> str:
        return f"{self.masked_phone} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)
