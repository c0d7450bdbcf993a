"""A NUL character in a query string is dropped before it can reach the database."""

import pytest
from django.contrib.auth import get_user_model


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/meetings/?q=a%00b",
        "/meetings/?a%00=1",
        "/admin/archive/meeting/?review_status__exact=a%00b",
        "/admin/archive/meeting/?kind__exact=a%00b",
        "/admin/archive/person/?country__code__exact=a%00b",
    ],
)
def test_nul_in_query_string_never_reaches_the_database(client, url):
    user = get_user_model().objects.create_superuser("nul", "n@example.org", "pw-nul-123")
    client.force_login(user)
    client.raise_request_exception = True
    response = client.get(url)
    assert response.status_code in {200, 302}


@pytest.mark.django_db
def test_search_sees_the_query_without_nul(client):
    response = client.get("/meetings/?q=terror%00ism")
    assert response.status_code == 200
    assert 'value="terrorism"' in response.content.decode()
