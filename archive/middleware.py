from django.http import QueryDict


class StripNulQueryMiddleware:
    """Drop NUL characters from query parameters before any view sees them.

    PostgreSQL text cannot hold NUL, so such a value reaching a filter the archive does not parse
    itself (the admin's list filters) would fail inside the database. No real query needs one;
    removing it lets every page answer as it would without it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or "\x00" in "".join(values) for key, values in request.GET.lists()):
            request.GET = strip_nul(request.GET)
        return self.get_response(request)


def strip_nul(query: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True)
    for key, values in query.lists():
        cleaned.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
    cleaned._mutable = False
    return cleaned
