"""What the security tests share: signing in by the form, and the code an authenticator shows."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def sign_in(client, username, password, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def code_for(device: TOTPDevice) -> str:
    """The 6 digits the user's authenticator app shows right now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
