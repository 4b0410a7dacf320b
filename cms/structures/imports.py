"""Importing local sites from an open-data listing (CSV), as ``manage.py import_structures`` and
the demo do. The format is described in the README ("Importer les sites locaux des
structures").

Every row is checked before anything is written; a bad row is reported with its line number, in
French, and nothing is written for it. Good rows are written as Wagtail pages (each under its
operator's page, published with a revision and its history, as an editor would), in batches of
``BATCH`` rows, each batch in one transaction and in a few bulk queries (see ``_BatchWriter``):
a batch the database refuses is reported line by line and leaves nothing behind. A site is known
by its identifier in the file (``external_id``): importing the file again updates the sites that
changed and creates none.
What is looked up is read once for the whole file (operators, regions, operators' pages, the
sites already imported, the slugs in use), not once a row.
"""

import csv
import html
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from modelsearch.backends import get_search_backends
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.models.pages import COMMENTS_RELATION_NAME

from cms.performance.invalidation import CONTENT, bulk_writes
from cms.taxonomies.models import Operator, Region

from .departments import (
    DEPARTMENT_NAMES,
    DEPARTMENT_REGIONS,
    department_of_postcode,
    normalise_department,
)
from .models import StructureIndexPage, StructurePage

COLUMNS = (
    "identifiant",
    "reseau",
    "nom",
    "adresse",
    "code_postal",
    "commune",
    "code_departement",
    "region",
    "telephone",
    "email",
    "site_web",
    "horaires",
    "rendez_vous",
    "url_rendez_vous",
)
REQUIRED_COLUMNS = ("identifiant", "reseau", "nom")
BATCH = 100
MAX_TEXT = 2000

# The fields an import writes (and compares, to tell an updated site from an unchanged one).
IMPORTED_FIELDS = (
    "title",
    "operator_id",
    "address",
    "postcode",
    "city",
    "department",
    "phone",
    "email",
    "website",
    "opening_hours",
    "appointments",
    "appointment_url",
)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # (line number, message in French)
    errors: list = field(default_factory=list)


def column_name(header):
    """A header as written in a file ("Code département", "code-postal") as one of COLUMNS."""
    return slugify(header or "").replace("-", "_")


def read_csv(stream):
    """The rows of an open-data CSV: ``(line number, {column: value})``, the header's columns.

    The delimiter is the file's (``;`` as French open data often has, ``,`` or a tab)."""
    text = stream.read()
    if text.startswith("\ufeff"):
        text = text[1:]
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    try:
        header = [column_name(name) for name in next(reader)]
    except StopIteration:
        return [], []
    rows = []
    line = reader.line_num
    for values in reader:
        start, line = line + 1, reader.line_num
        if not any(value.strip() for value in values):
            continue
        rows.append((start, dict(zip(header, values, strict=False))))
    return rows, header


def missing_columns(header):
    return [name for name in REQUIRED_COLUMNS if name not in header]


def _text_to_rich(text):
    """Plain text (paragraphs apart by blank lines, lines by line breaks) as rich text."""
    paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(
        "<p>{}</p>".format("<br/>".join(html.escape(line) for line in part.split("\n")))
        for part in paragraphs
        if part
    )


class _Lookups:
    """What the rows are checked against, read once."""

    def __init__(self):
        self.index = StructureIndexPage.objects.first()
        self.operators = {}
        for operator in Operator.objects.all():
            for key in (operator.slug, slugify(operator.name)):
                self.operators[key] = operator
        self.regions = {}
        for region in Region.objects.all():
            for key in (region.slug, slugify(region.name), region.code):
                self.regions[key] = region
        self.regions_by_code = {region.code: region for region in Region.objects.all()}
        self.national_pages = {}
        if self.index is not None:
            national = (
                StructurePage.objects.child_of(self.index)
                .select_related("operator")
                .prefetch_related("audiences")
            )
            for page in national:
                self.national_pages.setdefault(page.operator_id, page)


def _check(line, row, lookups, seen):
    """``(values, errors)`` for one row: the cleaned values, or the French messages."""
    errors = []

    def value(name, limit=255):
        text = (row.get(name) or "").strip()
        if len(text) > limit:
            errors.append(
                _("“%(column)s” is longer than %(limit)s characters.")
                % {"column": name, "limit": limit}
            )
        return text

    external_id = value("identifiant", 64)
    if not external_id:
        errors.append(_("the identifier (“identifiant”) is missing."))
    elif external_id in seen:
        errors.append(
            _("the identifier “%(id)s” is already used on line %(line)s.")
            % {"id": external_id, "line": seen[external_id]}
        )
    else:
        seen[external_id] = line

    operator = None
    network = value("reseau")
    if not network:
        errors.append(_("the operator (“reseau”) is missing."))
    else:
        operator = lookups.operators.get(slugify(network))
        if operator is None:
            errors.append(_("unknown operator “%(value)s”.") % {"value": network})
        elif operator.pk not in lookups.national_pages:
            errors.append(
                _("the operator “%(value)s” has no page under Structures to put its sites under.")
                % {"value": operator.name}
            )

    title = value("nom")
    if not title:
        errors.append(_("the name (“nom”) is missing."))

    postcode = value("code_postal", 10)
    if postcode and not (len(postcode) == 5 and postcode.isdigit()):
        errors.append(_("the postcode “%(value)s” is not five digits.") % {"value": postcode})

    written = value("code_departement", 10)
    department = normalise_department(written)
    if written and not department:
        errors.append(_("unknown department “%(value)s”.") % {"value": written})
    elif not written:
        department = department_of_postcode(postcode)
        if not department:
            errors.append(
                _(
                    "the department (“code_departement”) is missing and the postcode does not "
                    "give it."
                )
            )

    region = None
    region_written = value("region", 120)
    if region_written:
        region = lookups.regions.get(region_written) or lookups.regions.get(slugify(region_written))
        if region is None:
            errors.append(_("unknown region “%(value)s”.") % {"value": region_written})
    if department:
        department_region = lookups.regions_by_code.get(DEPARTMENT_REGIONS[department])
        if region is None and not region_written:
            region = department_region
        elif region is not None and region != department_region:
            errors.append(
                _("the department %(department)s (%(name)s) is not in the region %(region)s.")
                % {
                    "department": department,
                    "name": DEPARTMENT_NAMES[department],
                    "region": region.name,
                }
            )

    phone = value("telephone", 40)
    if phone and (
        sum(char.isdigit() for char in phone) < 4
        or any(not (char.isdigit() or char in " .+-()") for char in phone)
    ):
        errors.append(_("the phone number “%(value)s” is not valid.") % {"value": phone})

    email = value("email", 254)
    if email:
        try:
            EmailValidator()(email)
        except ValidationError:
            errors.append(_("the e-mail address “%(value)s” is not valid.") % {"value": email})

    urls = {}
    for name in ("site_web", "url_rendez_vous"):
        url = value(name, 200)
        if url:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                errors.append(
                    _("“%(column)s”: the address “%(value)s” is not valid.")
                    % {"column": name, "value": url}
                )
        urls[name] = url

    values = {
        "title": title,
        "operator_id": operator.pk if operator else None,
        "address": value("adresse", 500),
        "postcode": postcode,
        "city": value("commune", 120),
        "department": department,
        "phone": phone,
        "email": email,
        "website": urls["site_web"],
        "opening_hours": value("horaires", MAX_TEXT).replace("\r\n", "\n"),
        "appointments": _text_to_rich(value("rendez_vous", MAX_TEXT)),
        "appointment_url": urls["url_rendez_vous"],
    }
    return {"external_id": external_id, "region": region, "values": values}, errors


def _summary(operator, values):
    if values["city"]:
        return _("%(operator)s site in %(city)s (%(department)s).") % {
            "operator": operator.name,
            "city": values["city"],
            "department": values["department"],
        }
    return _("%(operator)s site in the department %(department)s.") % {
        "operator": operator.name,
        "department": values["department"],
    }


class _Slugs:
    """The slugs in use under each operator's page, read once; a new site gets a free one."""

    def __init__(self, parents):
        self.used = {parent.pk: set() for parent in parents}
        by_path = {parent.path: parent.pk for parent in parents}
        under = Q(pk__in=[])
        for parent in parents:
            under |= Q(path__startswith=parent.path, depth=parent.depth + 1)
        for path, slug in Page.objects.filter(under).values_list("path", "slug"):
            self.used[by_path[path[: -Page.steplen]]].add(slug)

    def free(self, parent, title, external_id):
        used = self.used[parent.pk]
        base = slugify(title)[:200] or "site"
        slug = base
        if slug in used:
            slug = f"{base}-{slugify(external_id)}"[:255]
        number = 2
        while slug in used:
            slug = f"{base}-{number}"
            number += 1
        used.add(slug)
        return slug


def import_local_sites(rows, user=None, progress=None):
    """Import ``rows`` (``(line, {column: value})``, see ``read_csv``) as local sites.

    ``user`` is who publishes (the pages' owner and the author of their revisions); ``progress``
    is called with (rows done, rows in all) after each batch."""
    result = ImportResult()
    lookups = _Lookups()
    seen = {}
    good = []
    for line, row in rows:
        checked, errors = _check(line, row, lookups, seen)
        if errors:
            result.errors.extend((line, message) for message in errors)
        else:
            good.append((line, checked))
    existing = {
        page.external_id: page
        for page in StructurePage.objects.filter(
            external_id__in=[checked["external_id"] for _line, checked in good]
        ).prefetch_related("regions")
    }
    writer = _BatchWriter(lookups, existing, user)
    total = len(rows)
    done = total - len(good)
    for start in range(0, len(good), BATCH):
        batch = good[start : start + BATCH]
        try:
            with transaction.atomic():
                outcomes = writer.write([checked for _line, checked in batch])
        except DatabaseError as error:
            writer.forget([checked for _line, checked in batch])
            result.errors.extend(
                (line, _("the site could not be saved: %(error)s") % {"error": error})
                for line, _checked in batch
            )
        else:
            for outcome in outcomes:
                setattr(result, outcome, getattr(result, outcome) + 1)
        done += len(batch)
        if progress is not None:
            progress(done, total)
    if progress is not None and not good:
        progress(total, total)
    result.errors.sort(key=lambda error: error[0])
    return result


class _BatchWriter:
    """Writes a batch of checked rows in a few queries: the new sites' pages (their place in the
    tree computed here, as treebeard would), their links to regions and audiences, a revision and
    the "created" and "published" entries of each page's history, their search index entries;
    the changed sites' fields, with a new revision each."""

    def __init__(self, lookups, existing, user):
        self.existing = existing
        self.user = user
        self.parents = {page.operator_id: page for page in lookups.national_pages.values()}
        self.slugs = _Slugs(list(self.parents.values()))
        self.content_type = ContentType.objects.get_for_model(StructurePage)
        self.base_content_type = ContentType.objects.get_for_model(Page)
        self.last_step = {}
        for parent in self.parents.values():
            last = parent.get_last_child() if parent.numchild else None
            self.last_step[parent.pk] = Page._str2int(last.path[-Page.steplen :]) if last else 0

    def forget(self, batch):
        """After a batch was rolled back: the new sites it made are not there."""
        for checked in batch:
            page = self.existing.get(checked["external_id"])
            if page is not None and getattr(page, "_imported_now", False):
                del self.existing[checked["external_id"]]

    def write(self, batch):
        now = timezone.now()
        outcomes, created, updated = [], [], []
        for checked in batch:
            page = self.existing.get(checked["external_id"])
            if page is None:
                created.append(self._new_page(checked, now))
                outcomes.append("created")
            elif self._apply(page, checked, now):
                updated.append(page)
                outcomes.append("updated")
            else:
                outcomes.append("unchanged")
        if created:
            self._insert(created)
        if updated:
            self._update(updated)
        if created or updated:
            self._publish(created + updated, now, created_ids={page.pk for page in created})
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(StructurePage, created + updated)
        return outcomes

    def _new_page(self, checked, now):
        values = checked["values"]
        parent = self.parents[values["operator_id"]]
        self.last_step[parent.pk] += 1
        slug = self.slugs.free(parent, values["title"], checked["external_id"])
        page = StructurePage(
            external_id=checked["external_id"],
            summary=_summary(parent.operator, values),
            remote=parent.remote,
            typical_duration=parent.typical_duration,
            slug=slug,
            draft_title=values["title"],
            path=Page._get_path(parent.path, parent.depth + 1, self.last_step[parent.pk]),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{slug}/",
            locale_id=parent.locale_id,
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            latest_revision_created_at=now,
            owner=self.user,
            **values,
        )
        page.audiences = list(parent.audiences.all())
        page.regions = [checked["region"]] if checked["region"] else []
        # A new page has no comments: its revision need not ask the database.
        setattr(page, COMMENTS_RELATION_NAME, [])
        page._imported_now = True
        self.existing[checked["external_id"]] = page
        return page

    @bulk_writes(CONTENT)  # rows written in bulk send no signal
    def _insert(self, pages):
        """The pages' rows: Page's, then StructurePage's own (Django's ``bulk_create`` does not
        write a model with a parent table), then their links to regions and audiences."""
        base_fields = [field.attname for field in Page._meta.concrete_fields]
        base_fields.remove("id")
        bases = Page.objects.bulk_create(
            [Page(**{name: getattr(page, name) for name in base_fields}) for page in pages]
        )
        for page, base in zip(pages, bases, strict=True):
            page.pk = page.id = page.page_ptr_id = base.pk
        fields = StructurePage._meta.local_concrete_fields
        quote = connection.ops.quote_name
        sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the model)
            quote(StructurePage._meta.db_table),
            ", ".join(quote(field.column) for field in fields),
            ", ".join(["%s"] * len(fields)),
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                sql,
                [
                    [
                        field.get_db_prep_save(field.pre_save(page, True), connection)
                        for field in fields
                    ]
                    for page in pages
                ],
            )
        for name in ("regions", "audiences"):
            through = StructurePage._meta.get_field(name).remote_field.through
            target = f"{through._meta.get_field(name[:-1]).attname}"
            through.objects.bulk_create(
                [
                    through(structurepage_id=page.pk, **{target: item.pk})
                    for page in pages
                    for item in getattr(page, name).all()
                ]
            )
        added = {}
        for page in pages:
            parent = self.parents[page.operator_id]
            added[parent.pk] = added.get(parent.pk, 0) + 1
        for parent_pk, count in added.items():
            Page.objects.filter(pk=parent_pk).update(numchild=F("numchild") + count)

    def _apply(self, page, checked, now):
        """Set the row's values on an imported page; whether anything changed."""
        values = checked["values"]
        changed = [name for name, new in values.items() if getattr(page, name) != new]
        regions = [checked["region"]] if checked["region"] else []
        regions_changed = {r.pk for r in page.regions.all()} != {r.pk for r in regions}
        if not changed and not regions_changed:
            return False
        if "operator_id" in changed:
            # Its operator changed: the site moves under the other operator's page.
            parent = self.parents[values["operator_id"]]
            page.move(parent, pos="last-child", user=self.user)
            page.refresh_from_db(fields=["path", "depth", "url_path", "numchild"])
        for name in changed:
            setattr(page, name, values[name])
        page.draft_title = page.title
        page.last_published_at = page.latest_revision_created_at = now
        page._regions_changed = regions_changed
        if regions_changed:
            page.regions = regions
        return True

    @bulk_writes(CONTENT)  # rows written in bulk send no signal
    def _update(self, pages):
        fields = ["draft_title", "last_published_at", "latest_revision_created_at"]
        fields += [name.removesuffix("_id") for name in IMPORTED_FIELDS]
        StructurePage.objects.bulk_update(pages, fields)
        through = StructurePage.regions.through
        moved = [page for page in pages if page._regions_changed]
        through.objects.filter(structurepage_id__in=[page.pk for page in moved]).delete()
        through.objects.bulk_create(
            [
                through(structurepage_id=page.pk, region_id=region.pk)
                for page in moved
                for region in page.regions.all()
            ]
        )

    @bulk_writes(CONTENT)  # rows written in bulk send no signal
    def _publish(self, pages, now, created_ids):
        """A revision for each page, live; "created" and "published" in each page's history."""
        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    content_type=self.content_type,
                    base_content_type=self.base_content_type,
                    object_id=str(page.pk),
                    created_at=now,
                    user=self.user,
                    object_str=page.title,
                    content=page.serializable_data(),
                )
                for page in pages
            ]
        )
        for page, revision in zip(pages, revisions, strict=True):
            page.latest_revision = page.live_revision = revision
        Page.objects.bulk_update(
            [
                Page(pk=page.pk, latest_revision_id=revision.pk, live_revision_id=revision.pk)
                for page, revision in zip(pages, revisions, strict=True)
            ],
            ["latest_revision", "live_revision"],
        )
        entries = []
        for page, revision in zip(pages, revisions, strict=True):
            actions = ["wagtail.create", "wagtail.publish"] if page.pk in created_ids else []
            actions = actions or ["wagtail.edit", "wagtail.publish"]
            for action in actions:
                entries.append(
                    PageLogEntry(
                        page_id=page.pk,
                        content_type=self.content_type,
                        label=page.title,
                        action=action,
                        timestamp=now,
                        user=self.user,
                        revision=revision if action != "wagtail.create" else None,
                        content_changed=True,
                    )
                )
        PageLogEntry.objects.bulk_create(entries)
