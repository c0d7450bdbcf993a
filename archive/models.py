"""The archive's data model: meetings and who took part, what each side said, what was agreed.

Everything here is portable across SQLite and PostgreSQL. Database-specific search objects live in
`search.py` and in migrations guarded by vendor.
"""

import datetime

from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .letters import plain_slug, title_key

http_url = URLValidator(schemes=["http", "https"])


class CountryManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


# Names a sentence gives "the" (beside those of "United ..." and of islands, below).
_NAMES_WITH_THE = frozenset(
    {
        "Bahamas",
        "British Indian Ocean Territory",
        "Central African Republic",
        "Comoros",
        "Czech Republic",
        "Democratic Republic of the Congo",
        "Dominican Republic",
        "European Union",
        "French Southern Territories",
        "Gambia",
        "Holy See",
        "Maldives",
        "Netherlands",
        "Philippines",
        "Republic of the Congo",
    }
)


def name_in_text(name: str) -> str:
    """A country's name as a sentence writes it: "the United Kingdom", "the Cook Islands",
    "the Holy See"; "Heard Island and McDonald Islands" and most names as they are."""
    islands = name.endswith("Islands") or "Islands (" in name
    if (
        name in _NAMES_WITH_THE
        or name.startswith(("United ", "U.S. "))
        or (islands and " and " not in name)
    ):
        return f"the {name}"
    return name


class Country(models.Model):
    code = models.CharField(
        "code",
        max_length=2,
        primary_key=True,
        help_text=(
            'ISO 3166-1 alpha-2 code in capitals, e.g. "PK"; "EU" for the European Union, "XK"'
            ' for Kosovo, "UN" for the United Nations.'
        ),
    )
    name = models.CharField(
        "name", max_length=100, help_text='The name readers know, e.g. "Pakistan".'
    )
    slug = models.SlugField("slug", max_length=100, unique=True, help_text='e.g. "pakistan".')
    aliases = models.JSONField(
        "other names",
        default=list,
        blank=True,
        help_text='Other names a readout may use: demonyms and short forms, e.g. ["Pakistani"].',
    )
    # Curators' changes, field by field; the shipped countries have no row until the first one
    # (archive.curation.shipped_baseline).
    history = HistoricalRecords()

    objects = CountryManager()

    class Meta:
        ordering = ["name"]
        verbose_name = "country"
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("archive:country-detail", args=[self.code.lower()])

    def natural_key(self):
        return (self.code,)

    @property
    def name_in_text(self) -> str:
        """The name as a sentence writes it: "the United States", "the Netherlands", "China"."""
        return name_in_text(self.name)


class TopicManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Topic(models.Model):
    name = models.CharField("name", max_length=100, unique=True, help_text='e.g. "Trade".')
    slug = models.SlugField("slug", max_length=100, unique=True, help_text='e.g. "trade".')
    description = models.TextField("description", blank=True, help_text="What the topic covers.")
    keywords = models.JSONField(
        "keywords",
        default=list,
        blank=True,
        help_text="Lower-case words or phrases that tag a statement with this topic, e.g. "
        '["trade", "tariff*"]; a trailing * matches any ending.',
    )
    # Curators' changes, field by field: the keywords decide which statements, and so which
    # meetings, the importer tags with the topic. The shipped topics have no row until the
    # first change (archive.curation.shipped_baseline). The history is read by topic id only,
    # so its copies of the name and slug are not indexed (as the meetings', migration 0013).
    history = HistoricalRecords(no_db_index=["name", "slug"])

    objects = TopicManager()

    class Meta:
        ordering = ["name"]
        verbose_name = "topic"
        verbose_name_plural = "topics"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("archive:topic-detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)


class PersonManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Person(models.Model):
    name = models.CharField(
        "name", max_length=200, help_text='Full name as usually written, e.g. "Wang Yi".'
    )
    slug = models.SlugField("slug", max_length=220, unique=True, help_text='e.g. "wang-yi-cn".')
    aliases = models.JSONField(
        "also appears as",
        default=list,
        blank=True,
        help_text='Other names for the same person: transliterations, surname only, e.g. ["Qureshi"].',
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name="country",
        help_text="The country the person represents.",
        db_index=False,  # the (country, name) index serves it
    )
    needs_review = models.BooleanField(
        "needs review",
        default=False,
        help_text="Set when the importer could not tell this person apart from another one.",
    )
    history = HistoricalRecords()

    objects = PersonManager()

    class Meta:
        ordering = ["name"]
        verbose_name = "person"
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["country", "name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("archive:person-detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    def all_names(self) -> list[str]:
        return [self.name, *self.aliases]


class PersonRedirect(models.Model):
    """An address a person had (a record merged into another, a slug a curator changed): it
    leads to the person's page, as cited addresses must keep working."""

    slug = models.SlugField("former address name", max_length=220, unique=True)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="redirects", verbose_name="person"
    )

    class Meta:
        verbose_name = "former person address"
        verbose_name_plural = "former person addresses"

    def __str__(self):
        return f"{self.slug} → {self.person.slug}"


class MeetingManager(models.Manager):
    def get_by_natural_key(self, content_hash):
        return self.get(content_hash=content_hash)


# An entry's first write stamps both its times within this.
_SAME_WRITE = datetime.timedelta(minutes=1)


class Meeting(models.Model):
    class Kind(models.TextChoices):
        MEETING = "meeting", "In-person meeting"
        PHONE_CALL = "phone_call", "Phone call"
        VIDEO_CALL = "video_call", "Video call"
        OTHER = "other", "Other"

    class ReviewStatus(models.TextChoices):
        NEEDS_REVIEW = "needs_review", "Needs review"
        REVIEWED = "reviewed", "Reviewed"

    title = models.CharField(
        "title",
        max_length=300,
        help_text='e.g. "Wang Yi Holds Talks with Foreign Minister Qureshi".',
    )
    slug = models.SlugField(
        "slug", max_length=120, unique=True, help_text="Used in the page address."
    )
    held_on = models.DateField(
        "held on",
        null=True,
        blank=True,
        help_text="The meeting's date; empty when the readout gives none.",
    )
    date_stated = models.BooleanField(
        "date stated",
        default=False,
        help_text="Ticked when the readout states the date; unticked when it was inferred "
        '(e.g. "today" against a header date) or is unknown.',
    )
    published_on = models.DateField(
        "published on",
        null=True,
        blank=True,
        help_text="When the readout was published: the date it prints (a date line, a dateline, "
        "a headline the text counts from) or the one given at import. Citations use it; "
        "without it they use the meeting date.",
    )
    kind = models.CharField(
        "kind",
        max_length=20,
        choices=Kind.choices,
        default=Kind.OTHER,
        help_text="How the sides met.",
    )
    multilateral = models.BooleanField(
        "multilateral", default=False, help_text="Ticked when three or more parties took part."
    )
    location_city = models.CharField(
        "city",
        max_length=120,
        blank=True,
        help_text='Where an in-person meeting took place, e.g. "Islamabad".',
    )
    location_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_hosted",
        verbose_name="location country",
        help_text="Country of the city; empty for calls.",
        db_index=False,  # meeting_location_idx (location country, date) serves it
    )
    countries = models.ManyToManyField(
        Country,
        blank=True,
        related_name="meetings",
        verbose_name="parties",
        help_text="Every country (or the EU) taking part.",
    )
    topics = models.ManyToManyField(
        Topic,
        blank=True,
        related_name="meetings",
        verbose_name="topics",
        help_text="What was discussed.",
    )
    publisher = models.CharField(
        "publisher",
        max_length=200,
        blank=True,
        db_index=True,
        help_text='Who issued the readout, e.g. "Ministry of Foreign Affairs of the People\'s Republic of China".',
    )
    source_url = models.URLField(
        "source URL",
        max_length=500,
        blank=True,
        validators=[http_url],
        help_text="Where the readout was published (http or https).",
    )
    source_text = models.TextField("source text", help_text="The readout exactly as published.")
    content_hash = models.CharField(
        "content hash",
        max_length=64,
        help_text="SHA-256 of the source text; the same text is never stored twice.",
    )
    language = models.CharField("language", max_length=10, default="en", help_text='e.g. "en".')
    review_status = models.CharField(
        "review status",
        max_length=20,
        choices=ReviewStatus.choices,
        default=ReviewStatus.NEEDS_REVIEW,
        help_text="Reviewed entries keep curators' edits when readouts are re-imported.",
    )
    warnings = models.JSONField(
        "import warnings",
        default=list,
        blank=True,
        help_text="What the importer could not determine from the text.",
    )
    parse_fingerprint = models.CharField(
        "parse fingerprint",
        max_length=64,
        blank=True,
        help_text="Hash of the parser's output when last imported; shows when a re-parse would differ.",
    )
    # Denormalised text kept by the importer (and admin saves) so the database can index a
    # meeting's statements and agreed points with the meeting row itself.
    statements_text = models.TextField("statements (search copy)", blank=True, editable=False)
    # The title as it sorts ("Tánaiste" with the t's), for the list sorted by title; set on
    # every save and by the importer (migration 0023).
    title_key = models.CharField(
        "title (sort key)", max_length=300, null=True, blank=True, editable=False
    )
    agreed_text = models.TextField("agreed points (search copy)", blank=True, editable=False)
    imported_at = models.DateTimeField("imported at", auto_now_add=True)
    updated_at = models.DateTimeField("updated at", auto_now=True)
    # The history table keeps its rows' meeting id indexed (a meeting's history is read by it);
    # indexes on its copies of the slug, publisher and country served no query and cost an
    # import an insertion into each for every meeting (migration 0013).
    # The reason of a curator's save says what changed in the participants, statements, agreed
    # points, parties and topics too: longer than the 100 characters the default column holds.
    history = HistoricalRecords(
        excluded_fields=["statements_text", "agreed_text", "title_key"],
        no_db_index=["slug", "publisher", "location_country"],
        history_change_reason_field=models.TextField(null=True),
    )

    objects = MeetingManager()

    class Meta:
        # Undated meetings sort last on both databases (PostgreSQL puts NULLs first by default).
        ordering = [models.F("held_on").desc(nulls_last=True), "-id"]
        verbose_name = "meeting"
        verbose_name_plural = "meetings"
        constraints = [
            models.UniqueConstraint(fields=["content_hash"], name="meeting_unique_content_hash"),
            models.CheckConstraint(
                condition=Q(source_url="")
                | Q(source_url__startswith="http://")
                | Q(source_url__startswith="https://"),
                name="meeting_source_url_http",
            ),
        ]
        indexes = [
            models.Index(fields=["held_on", "id"], name="meeting_held_on_idx"),
            models.Index(fields=["kind", "held_on"], name="meeting_kind_idx"),
            models.Index(fields=["location_country", "held_on"], name="meeting_location_idx"),
            models.Index(fields=["review_status"], name="meeting_review_idx"),
            models.Index(fields=["title_key", "id"], name="meeting_title_idx"),
            # The feeds' order, newest import first: read from the index, not the whole table.
            models.Index(fields=["imported_at", "id"], name="meeting_imported_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title_key = title_key(self.title)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields:
            kwargs["update_fields"] = {*update_fields, "title_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("archive:meeting-detail", args=[self.slug])

    def natural_key(self):
        return (self.content_hash,)

    @property
    def updated_since_import(self) -> datetime.datetime | None:
        """When the entry was last changed after it was first stored (a curator's correction,
        a re-import that read it anew), else None."""
        if (
            self.updated_at
            and self.imported_at
            and self.updated_at - self.imported_at > _SAME_WRITE
        ):
            return self.updated_at
        return None

    def refresh_search_text(self, save: bool = True) -> None:
        """Copy statements and agreed points into the columns the search index reads."""
        self.statements_text = "\n".join(self.statements.values_list("text", flat=True))
        self.agreed_text = "\n".join(self.agreed_points.values_list("text", flat=True))
        if save:
            Meeting.objects.filter(pk=self.pk).update(
                statements_text=self.statements_text, agreed_text=self.agreed_text
            )


class Participant(models.Model):
    # Indexed by the unique (meeting, position) and (meeting, person) constraints.
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name="meeting",
        db_index=False,
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name="person",
        help_text='Empty for an official the readout never names, e.g. "The President".',
        db_index=False,  # participant_person_idx (person, meeting) serves it
    )
    role = models.CharField(
        "role",
        max_length=300,
        blank=True,
        help_text='The role the readout gives them at this meeting, e.g. "State Councilor and Foreign Minister".',
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name="country",
        help_text="The country they represented at this meeting.",
    )
    is_host = models.BooleanField("host", default=False, help_text="Ticked for the hosting side.")
    position = models.PositiveIntegerField("position", default=0, help_text="Order in the readout.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = "participant"
        verbose_name_plural = "participants"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="participant_unique_position"
            ),
            models.UniqueConstraint(fields=["meeting", "person"], name="participant_unique_person"),
        ]
        indexes = [models.Index(fields=["person", "meeting"], name="participant_person_idx")]

    def __str__(self):
        who = self.person.name if self.person_id else (self.role or "Unnamed participant")
        return f"{who} ({self.role})" if self.person_id and self.role else who

    def get_absolute_url(self):
        return self.meeting.get_absolute_url()

    @property
    def display_name(self) -> str:
        return self.person.name if self.person_id else (self.role or "Unnamed participant")


class SourceSpan(models.Model):
    """A passage of a meeting's source text: a statement or an agreed point."""

    text = models.TextField("text", help_text="The passage, as it stands in the source text.")
    position = models.PositiveIntegerField("position", default=0, help_text="Order in the readout.")
    start_offset = models.PositiveIntegerField(
        "start offset", default=0, help_text="Character offset of the passage in the source text."
    )
    end_offset = models.PositiveIntegerField(
        "end offset", default=0, help_text="Character offset just past the passage's end."
    )

    class Meta:
        abstract = True
        ordering = ["meeting", "position"]

    def get_absolute_url(self):
        return f"{self.meeting.get_absolute_url()}#{self.anchor}"


class Statement(SourceSpan):
    # Indexed by the unique (meeting, position) constraint.
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="statements",
        verbose_name="meeting",
        db_index=False,
    )
    speaker = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
        verbose_name="speaker",
        help_text="Who said it; empty for a joint statement or one the readout does not attribute.",
    )
    joint = models.BooleanField(
        "joint",
        default=False,
        help_text="With no speaker: ticked when both or all sides say it; unticked when the readout"
        " does not tell who does.",
    )
    topics = models.ManyToManyField(
        Topic,
        blank=True,
        related_name="statements",
        verbose_name="topics",
        help_text="What it is about.",
    )
    history = HistoricalRecords()

    class Meta(SourceSpan.Meta):
        verbose_name = "statement"
        verbose_name_plural = "statements"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="statement_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(end_offset__gte=models.F("start_offset")), name="statement_span_ordered"
            ),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def anchor(self) -> str:
        return f"s{self.position}"


class AgreedPoint(SourceSpan):
    # Indexed by the unique (meeting, position) constraint.
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="agreed_points",
        verbose_name="meeting",
        db_index=False,
    )
    topics = models.ManyToManyField(
        Topic,
        blank=True,
        related_name="agreed_points",
        verbose_name="topics",
        help_text="What it is about.",
    )
    history = HistoricalRecords()

    class Meta(SourceSpan.Meta):
        verbose_name = "agreed point"
        verbose_name_plural = "agreed points"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="agreedpoint_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(end_offset__gte=models.F("start_offset")),
                name="agreedpoint_span_ordered",
            ),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def anchor(self) -> str:
        return f"a{self.position}"


def unique_slug(model: type[models.Model], base: str, max_length: int = 100) -> str:
    """A slug from `base` not yet used by `model`, with -2, -3 ... appended when needed."""
    stem = (plain_slug(base) or "item")[: max_length - 8].strip("-")
    slug, n = stem, 1
    while model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{stem}-{n}"
    return slug


# The running counts behind the entity pages (kept by database triggers); see archive/tally.py.
from .tally import Tally  # noqa: E402, F401
