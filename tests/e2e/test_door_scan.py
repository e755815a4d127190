"""The door page scans with the camera where the browser has no BarcodeDetector
(Safari on iPhones, WeChat, Firefox): the vendored jsQR reads the resident's QR code
from the camera and the resident is checked in. Chromium plays a video of the QR
code as its (fake) camera; BarcodeDetector is deleted before the page's scripts
run; the portal's own CSP stays on (no inline script: the decoder is a file)."""

import datetime
import io
import re

import pytest
import segno
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from activities.models import Registration
from activities.services import checkin_code, door_token
from community_portal.accounts.models import User
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, DEMO_PASSWORD
from tests.factories import ActivityFactory

pytestmark = pytest.mark.e2e

WIDTH, HEIGHT = 640, 480


def write_y4m(path, image: Image.Image, *, frames: int = 10) -> None:
    """A few identical frames of ``image`` as a YUV4MPEG2 (4:2:0) video: the file
    format Chromium's fake camera plays (in a loop)."""
    y, cb, cr = image.convert("RGB").convert("YCbCr").split()
    half = (WIDTH // 2, HEIGHT // 2)
    planes = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            video.write(b"FRAME\n" + planes)


def qr_frame(payload: str) -> Image.Image:
    png = io.BytesIO()
    segno.make_qr(payload, error="m").save(png, kind="png", scale=7, border=4)
    code = Image.open(io.BytesIO(png.getvalue())).convert("RGB")
    frame = Image.new("RGB", (WIDTH, HEIGHT), "white")
    frame.paste(code, ((WIDTH - code.width) // 2, (HEIGHT - code.height) // 2))
    return frame


def test_the_door_page_reads_a_qr_code_with_jsqr_and_checks_in(
    browser, portal, tmp_path
):
    resident = User.objects.get(username="resident")
    starts = timezone.now() - datetime.timedelta(minutes=10)
    activity = ActivityFactory(
        title="扫码签到测试",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )
    registration = Registration.objects.create(
        activity=activity,
        user=resident,
        status=Registration.Status.CONFIRMED,
        confirmed_at=timezone.now(),
    )
    payload = f"{portal}/activities/checkin/{checkin_code(registration)}/"
    video = tmp_path / "qr.y4m"
    write_y4m(video, qr_frame(payload))

    camera_browser = browser.browser_type.launch(
        executable_path=str(CHROMIUM),
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = camera_browser.new_context(
            viewport={"width": 390, "height": 844}, locale="zh-CN"
        )
        context.grant_permissions(["camera"], origin=portal)
        context.add_init_script("delete window.BarcodeDetector;")
        context.set_default_timeout(20_000)
        page = context.new_page()
        problems = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on(
            "console",
            lambda message: (
                problems.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        decoder_loads = []
        page.on(
            "response",
            lambda response: (
                decoder_loads.append(response.status)
                if "/vendor/jsqr-1.4.0/" in response.url
                else None
            ),
        )
        door = f"/activities/{activity.pk}/checkin/"
        page.goto(f"{portal}/accounts/login/?next={door}")
        page.locator("#id_username").fill("staff")
        page.locator("#id_password").fill(DEMO_PASSWORD)
        page.locator("form:has(#id_password) [type=submit]").click()
        page.wait_for_url(f"{portal}{door}")
        assert page.evaluate("() => 'BarcodeDetector' in window") is False
        assert decoder_loads == []  # loaded only when the camera is used

        # Typing still works, and the scan button is offered without BarcodeDetector.
        expect(page.locator("[data-checkin-code]")).to_be_editable()
        scan = page.locator("[data-scan-start]")
        expect(scan).to_be_visible()
        scan.click()
        page.wait_for_url(f"{portal}{door}?done={registration.pk}")

        expect(page.locator("#door-result")).to_be_visible()
        assert decoder_loads == [200]  # the code was read by jsQR, loaded on demand
        registration.refresh_from_db()
        assert registration.is_checked_in
        assert not problems, problems
        context.close()
    finally:
        camera_browser.close()


def _activity_now(title: str):
    starts = timezone.now() - datetime.timedelta(minutes=10)
    return ActivityFactory(
        title=title, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
    )


def test_staff_print_the_door_poster_on_one_a4_page(desktop):
    page = desktop.page
    activity = _activity_now("门口海报测试")
    poster = f"/activities/{activity.pk}/door-poster/"
    desktop.goto(f"/accounts/login/?next={poster}")
    desktop.log_in("staff")
    assert desktop.path() == poster
    expect(page.locator(".door-poster svg.door-qr")).to_be_visible()

    pdf = page.pdf(format="A4", print_background=True)

    pages = re.findall(rb"/Type\s*/Page(?!s)", pdf)
    assert len(pages) == 1
    desktop.finish("door-poster")


def test_a_resident_scans_the_door_qr_and_checks_in(phone):
    page = phone.page
    resident = User.objects.get(username="resident")
    activity = _activity_now("自助签到测试")
    registration = Registration.objects.create(
        activity=activity,
        user=resident,
        status=Registration.Status.CONFIRMED,
        confirmed_at=timezone.now(),
    )
    door = f"/activities/door/{door_token(activity)}/"
    page.goto(phone.url(door))  # what the phone's camera opens: the login first
    phone.log_in("resident")
    assert phone.path() == door
    phone.follow(page.locator("form:has(input[value=checkin]) button"), door)

    expect(page.locator("#door-checked-in")).to_be_visible()
    registration.refresh_from_db()
    assert registration.is_checked_in
    phone.finish("door-self-checkin")
