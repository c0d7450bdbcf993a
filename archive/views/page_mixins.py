"""What the pages of a country, a relationship, a person and a topic share: their page size,
a forgiving page number, lower-case country codes in addresses, and a list rendered once per
archive state."""

from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from ..aggregate_cache import cached_aggregate, request_state

PAGE_SIZE = 25


class ForgivingPageMixin:
    """A page number past the last gives the last page, and one that is no page number the first,
    as the meeting list does: an address saved before the archive changed still shows meetings."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class CanonicalCodeMixin:
    """Country codes appear lower-case in addresses; any other spelling redirects there."""

    def get(self, request, *args, **kwargs):
        canonical = self.canonical_kwargs()
        if canonical != {key: kwargs[key] for key in canonical}:
            url = reverse(request.resolver_match.view_name, kwargs=canonical)
            query = request.META.get("QUERY_STRING", "")
            return redirect(f"{url}?{query}" if query else url, permanent=True)
        return super().get(request, *args, **kwargs)


class CachedPageMixin:
    """A ListView whose page of rows is rendered once per archive state and page number:
    `list_template` with `list_context()`, shown as `list_html`. A cached page reads no rows."""

    list_template = "archive/includes/_meeting_cards.html"
    empty_text = "No meetings yet."

    def state(self) -> str:
        return request_state(self.request)

    def list_context(self, context: dict) -> dict:
        return {"meetings": context["meetings"], "empty_text": self.empty_text}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        key = f"{self.cache_name()}:page:{context['page_obj'].number}"
        html = cached_aggregate(
            key,
            lambda: render_to_string(self.list_template, self.list_context(context)),
            self.state(),
        )
        context["list_html"] = mark_safe(html)  # noqa: S308 - rendered by the template above
        return context
