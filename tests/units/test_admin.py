import pytest
from django.urls import reverse

from core.calendar import local_date
from tests.units.factories import UserFactory
from units.models import ConfidentialSource, Informant, Membership

pytestmark = pytest.mark.django_db


def test_granting_a_role_in_the_admin_keeps_the_staff_flag_right(client, tree, people):
    client.force_login(people["admin"])
    user = UserFactory(username="newcomer")
    response = client.post(
        reverse("admin:units_membership_add"),
        {
            "user": user.pk,
            "unit": tree["township"].pk,
            "role": "intake",
            "active": "on",
            "created_at_0": local_date().isoformat(),  # whatever the date the suite runs
            "created_at_1": "10:00:00",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_staff
    membership = Membership.objects.get(user=user)
    client.post(reverse("admin:units_membership_delete", args=[membership.pk]), {"post": "yes"})
    user.refresh_from_db()
    assert not user.is_staff


def test_intake_officers_cannot_manage_people(client, people):
    client.force_login(people["intake"])
    assert client.get(reverse("admin:units_membership_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_a_confidential_source_is_sealed_once_entered(client, tree, people):
    client.force_login(people["intake"])
    response = client.post(
        reverse("admin:units_confidentialsource_add"),
        {
            "unit": tree["village"].pk,
            "alias": "眼线-09",
            "watched": "河滩采砂点",
            "name": "郑十二",
            "phone": "13700000009",
            "id_number": "",
            "notes": "只在晚上联系",
            "reward_eligible": "on",
            "active": "on",
        },
    )
    assert response.status_code == 302
    source = ConfidentialSource.objects.get()
    assert source.name == "郑十二" and source.phone_index
    page = client.get(reverse("admin:units_confidentialsource_change", args=[source.pk]))
    html = page.content.decode()
    assert "郑十二" not in html and "13700000009" not in html and "只在晚上联系" not in html
    # Saving without retyping keeps the sealed values.
    client.post(
        reverse("admin:units_confidentialsource_change", args=[source.pk]),
        {
            "unit": tree["village"].pk,
            "alias": "眼线-09",
            "watched": "河滩采砂点（夜间）",
            "name": "",
            "phone": "",
            "id_number": "",
            "notes": "",
            "reward_eligible": "on",
            "active": "on",
        },
    )
    source.refresh_from_db()
    assert (source.name, source.phone, source.watched) == (
        "郑十二",
        "13700000009",
        "河滩采砂点（夜间）",
    )


def test_informants_phone_is_sealed_and_indexed(client, tree, people):
    client.force_login(people["intake"])
    client.post(
        reverse("admin:units_informant_add"),
        {
            "unit": tree["village"].pk,
            "kind": "grid_worker",
            "name": "网格员乙",
            "phone": "13700000010",
            "active": "on",
        },
    )
    informant = Informant.objects.get()
    assert informant.phone == "13700000010" and informant.phone_index
    assert informant.reward_eligible is False  # the box was left unticked for a grid worker
