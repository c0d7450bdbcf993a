"""`{% site_url "archive:home" %}`: the address of a page without arguments (the site's header
and footer links), reversed once per script prefix rather than on every page; `{% url %}` reverses
each time, and a dozen of them were a noticeable share of rendering a small page."""

from __future__ import annotations

from functools import cache

from django import template
from django.urls import get_script_prefix, reverse

register = template.Library()


@cache
def _reversed(name: str, prefix: str) -> str:
    return reverse(name)


@register.simple_tag
def site_url(name: str) -> str:
    return _reversed(name, get_script_prefix())
