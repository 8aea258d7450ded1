"""The public home page tells the truth: it links every page anyone can open without signing in,
and promises nothing that is not one of them."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from pledge.core.context_processors import PUBLIC_NAVIGATION
from pledge.core.models import Authority

MAIN = re.compile(r"<main.*?</main>", re.S)


@pytest.mark.django_db
def test_the_home_page_links_each_public_page_and_nothing_else(authority: Authority) -> None:
    client = Client()
    main = MAIN.search(client.get(reverse("home")).content.decode())
    assert main
    links = set(re.findall(r'href="([^"#]+)"', main.group(0))) - {reverse("sign-in")}
    assert links == {reverse(name) for _label, name, _prefix in PUBLIC_NAVIGATION}
    for link in links:  # each opens without signing in
        assert client.get(link).status_code == 200, link
    # What is not public yet is not promised.
    for unpublished in ("strategy", "what it did with what you said"):
        assert unpublished not in main.group(0).lower()
