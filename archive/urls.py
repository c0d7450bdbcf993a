from django.urls import path, re_path

from . import feeds
from .views import agreed, list_exports, lists, pages, people_pages, relationship, statements

app_name = "archive"

urlpatterns = [
    path("", pages.HomeView.as_view(), name="home"),
    # Entity pages and the meeting page.
    path("meetings/<slug:slug>/", pages.MeetingDetailView.as_view(), name="meeting-detail"),
    re_path(
        r"^meetings/(?P<slug>[-a-zA-Z0-9_]+)/cite\.(?P<fmt>[a-z]+)$",
        pages.MeetingCiteView.as_view(),
        name="meeting-cite",
    ),
    path("countries/", pages.CountryListView.as_view(), name="country-list"),
    path("countries.json", pages.CountryListJSONView.as_view(), name="country-list-json"),
    re_path(
        r"^countries/(?P<code>[A-Za-z]{2})/$",
        pages.CountryDetailView.as_view(),
        name="country-detail",
    ),
    re_path(
        r"^relations/(?P<a>[A-Za-z]{2})-(?P<b>[A-Za-z]{2})/$",
        relationship.RelationshipView.as_view(),
        name="relationship",
    ),
    path("people/", people_pages.PersonListView.as_view(), name="person-list"),
    path("people.json", people_pages.PersonListJSONView.as_view(), name="person-list-json"),
    path("people/<slug:slug>/", people_pages.PersonDetailView.as_view(), name="person-detail"),
    path("topics/", pages.TopicListView.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", pages.TopicDetailView.as_view(), name="topic-detail"),
]

# Search, lists, exports and feeds.
urlpatterns += [
    path("meetings/", lists.MeetingListView.as_view(), name="meeting-list"),
    path("meetings.csv", list_exports.MeetingExportCSVView.as_view(), name="meeting-export-csv"),
    path("meetings.json", list_exports.MeetingExportJSONView.as_view(), name="meeting-export-json"),
    # Any address ending in .json is answered in JSON, a 404 included.
    re_path(
        r"^meetings/(?P<slug>[^/]+)\.json$",
        list_exports.MeetingJSONView.as_view(),
        name="meeting-json",
    ),
    re_path(r"^meetings/(?P<slug>[^/]+)\.JSON$", list_exports.MeetingJSONView.as_view()),
    path("agreed/", agreed.AgreedPointListView.as_view(), name="agreed-point-list"),
    path("said/", statements.StatementListView.as_view(), name="statement-list"),
    path("agreed.csv", agreed.AgreedPointExportCSVView.as_view(), name="agreed-point-export-csv"),
    path(
        "agreed.json", agreed.AgreedPointExportJSONView.as_view(), name="agreed-point-export-json"
    ),
    path(
        "statements.csv", statements.StatementExportCSVView.as_view(), name="statement-export-csv"
    ),
    path(
        "statements.json",
        statements.StatementExportJSONView.as_view(),
        name="statement-export-json",
    ),
    path("feeds/latest.atom", feeds.LatestMeetingsFeed(), name="feed-latest"),
    path("feeds/meetings.atom", feeds.ListFeed(), name="feed-list"),
    re_path(
        r"^feeds/countries/(?P<code>[A-Za-z]{2})\.atom$",
        feeds.CountryFeed(),
        name="feed-country",
    ),
    path("feeds/topics/<slug:slug>.atom", feeds.TopicFeed(), name="feed-topic"),
    re_path(
        r"^feeds/relations/(?P<a>[A-Za-z]{2})-(?P<b>[A-Za-z]{2})\.atom$",
        feeds.RelationshipFeed(),
        name="feed-relationship",
    ),
]
