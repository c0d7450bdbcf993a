from django.http import HttpResponseBadRequest


class RejectNulQueryMiddleware:
    """Answer 400 to a query string carrying a NUL character.

    PostgreSQL text cannot hold NUL, so such a value reaching a filter the archive does not parse
    itself (the admin's list filters) would fail inside the database. No real query needs one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or "\x00" in value for key, value in _pairs(request.GET)):
            return HttpResponseBadRequest(
                "Query parameters cannot contain NUL characters.", content_type="text/plain"
            )
        return self.get_response(request)


def _pairs(query):
    for key, values in query.lists():
        for value in values:
            yield key, value
