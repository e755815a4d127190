"""Masks for personal data shown to people other than its owner (张*明, 138****1234)."""


def mask_name(name: str) -> str:
    """Keep the first and last character of a name, hide the middle.

    Two-character names keep only the first: 张三 → 张*.
    """
    name = (name or "").strip()
    if len(name) <= 1:
        return name or "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    """Show the first three and last four digits of a phone number: 138****1234."""
    phone = (phone or "").strip()
    if len(phone) < 8:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_id_number(number: str) -> str:
    """Show only the ends of an identity document number.

    Long numbers (the 18-character resident ID) keep four characters at each end:
    3301**********123X; shorter ones (passports, permits) keep the first and the
    last two. Three characters or fewer are hidden entirely.
    """
    number = (number or "").strip()
    if len(number) <= 3:
        return "*" * len(number)
    if len(number) >= 15:
        return number[:4] + "*" * (len(number) - 8) + number[-4:]
    return number[0] + "*" * (len(number) - 3) + number[-2:]
