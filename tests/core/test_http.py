"""The portal's public address must be one a citizen's phone can open before QR codes go on
paper."""

import pytest

from core.http import public_address_problem


@pytest.mark.parametrize(
    "address",
    [
        "",
        "http://127.0.0.1:8000",
        "http://localhost:8000",
        "https://192.168.1.20",
        "https://10.0.0.5",
        "https://jubao.local",
        "http://jubao.example.gov.cn",
    ],
)
def test_production_refuses_an_address_citizens_cannot_open_safely(settings, address):
    settings.DEBUG, settings.PORTAL_BASE_URL = False, address
    problem = public_address_problem()
    # The reason names the setting when it is empty, else the address it found.
    assert problem is not None
    assert (address or "PORTAL_BASE_URL") in problem


def test_a_public_https_address_is_fine(settings):
    settings.DEBUG, settings.PORTAL_BASE_URL = False, "https://jubao.example.gov.cn"
    assert public_address_problem() is None


def test_a_developer_may_print_with_a_local_address_but_never_without_one(settings):
    settings.DEBUG, settings.PORTAL_BASE_URL = True, "http://127.0.0.1:8000"
    assert public_address_problem() is None
    settings.PORTAL_BASE_URL = ""
    assert "PORTAL_BASE_URL" in public_address_problem()
