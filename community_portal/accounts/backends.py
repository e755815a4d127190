"""Logging in with the mobile number as well as the username.

A mainland mobile number (11 digits starting 1) that belongs to exactly one active
account logs that account in; a number shared by several accounts logs none in by
number (their usernames still work), so nobody can reach another person's account
through a shared family phone.
"""

import re

from django.contrib.auth.backends import ModelBackend

from .models import User

MOBILE = re.compile(r"^1\d{10}$")


class PhoneOrUsernameBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None or not MOBILE.match(username):
            return None
        matches = list(User.objects.filter(phone=username, is_active=True)[:2])
        if len(matches) != 1:
            return None
        user = matches[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        User().set_password(password)  # the same time as a wrong password
        return None
