"""NUL characters never reach a view through the query string.

A NUL in a search box (`?q=%00`) is no text anyone means, and PostgreSQL refuses it inside a
string ("A string literal cannot contain NUL characters"), so every text filter of every page
and export would otherwise fail with a 500. This middleware strips NUL from the names and values
of `request.GET` (and from QUERY_STRING, which pagination links and exports re-use) before any
view reads them. Bodies need no such help: Django's form fields refuse NUL
(ProhibitNullCharactersValidator) and the API's input types do too (`zona.api.types.NO_NUL`).
"""

from __future__ import annotations

from django.http import QueryDict


class StripNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            request.META["QUERY_STRING"] = cleaned.urlencode()
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
