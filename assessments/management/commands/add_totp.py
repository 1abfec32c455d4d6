from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Enrols a TOTP authenticator for a staff user and prints its otpauth:// URI once: open it (or a "
        "QR code of it) in an authenticator app. The URI holds the secret; it is not shown again."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--replace", action="store_true", help="Replace the user's existing device.")

    def handle(self, username, replace, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None or not user.is_staff:
            raise CommandError(f"No staff user called {username!r}.")
        devices = TOTPDevice.objects.filter(user=user)
        if devices.exists() and not replace:
            raise CommandError(f"{username} already has an authenticator; --replace retires it and enrols a new one.")
        devices.delete()
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
        self.stdout.write(device.config_url)
