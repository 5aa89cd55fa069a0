"""DCAT-AP 2.1 of the catalogue, with rdflib: Turtle, RDF/XML and JSON-LD.

The catalogue is paged like ckanext-dcat pages it, with a Hydra `PagedCollection`
(`hydra:totalItems`, `hydra:itemsPerPage`, `hydra:firstPage`, `hydra:nextPage`, …) and, on
the same node, Hydra's current `PartialCollectionView` (`hydra:first`, `hydra:last`,
`hydra:next`, `hydra:previous`), which DCAT harvesters follow. Every node a DCAT-AP range
constraint asks a class of (publisher, licence, language, frequency, format, …) is typed, so
the output validates against the official DCAT-AP SHACL shapes.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from hromada.opendata import api, package_dicts
from hromada.opendata.models import Dataset, Resource

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
IANA = "https://www.iana.org/assignments/media-types/"

FORMATS = {
    "ttl": ("turtle", "text/turtle"),
    "rdf": ("xml", "application/rdf+xml"),
    "xml": ("xml", "application/rdf+xml"),
    "jsonld": ("json-ld", "application/ld+json"),
}
PAGE_SIZE = 100

# data.gov.ua's frequencies on the EU Publications Office's frequency vocabulary.
FREQUENCIES = {
    "Більш як один раз на день": "CONT",
    "Щодня": "DAILY",
    "Щотижня": "WEEKLY",
    "Щомісяця": "MONTHLY",
    "Щокварталу": "QUARTERLY",
    "Кожного півріччя": "BIANNUAL",
    "Щороку": "ANNUAL",
    "Відразу після внесення змін": "UPDATE_CONT",
    "Більше не оновлюється": "NEVER",
}
FILE_TYPES = {
    "CSV": "CSV",
    "JSON": "JSON",
    "GeoJSON": "GEOJSON",
    "XML": "XML",
    "XLSX": "XLSX",
    "XLS": "XLS",
    "ODS": "ODS",
    "DOCX": "DOCX",
    "DOC": "DOC",
    "ODT": "ODT",
    "PDF": "PDF",
    "ZIP": "ZIP",
    "TXT": "TXT",
}
LANGUAGES = {"українська": "UKR", "англійська": "ENG", "english": "ENG", "ukrainian": "UKR"}


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("skos", SKOS),
        ("vcard", VCARD),
        ("hydra", HYDRA),
        ("adms", ADMS),
    ):
        graph.bind(prefix, namespace)
    return graph


def _time(value: Any) -> Literal:
    return Literal(package_dicts.ckan_time(value), datatype=XSD.dateTime)


def _typed(graph: Graph, uri: str, rdf_type: URIRef) -> URIRef:
    node = URIRef(uri)
    graph.add((node, RDF.type, rdf_type))
    return node


def _publisher(graph: Graph, dataset_publisher: Any, context: api.Context) -> BNode | URIRef:
    node = URIRef(context.absolute(f"/api/3/action/organization_show?id={dataset_publisher.name}"))
    graph.add((node, RDF.type, FOAF.Agent))
    graph.add((node, RDF.type, FOAF.Organization))
    graph.add((node, FOAF.name, Literal(dataset_publisher.title, lang="uk")))
    if dataset_publisher.edrpou:
        graph.add((node, DCTERMS.identifier, Literal(dataset_publisher.edrpou)))
    if dataset_publisher.email:
        graph.add((node, FOAF.mbox, URIRef(f"mailto:{dataset_publisher.email}")))
    return node


def _language(graph: Graph, language: str) -> URIRef:
    code = LANGUAGES.get(language.strip().lower(), "UKR")
    return _typed(graph, EU_LANGUAGE + code, DCTERMS.LinguisticSystem)


def add_dataset(graph: Graph, dataset: Dataset, context: api.Context) -> URIRef:
    node = URIRef(context.dataset_url(dataset))
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.identifier, Literal(dataset.passport_identifier)))
    graph.add((node, DCTERMS.title, Literal(dataset.title, lang="uk")))
    graph.add((node, DCTERMS.description, Literal(dataset.notes, lang="uk")))
    graph.add((node, DCTERMS.issued, _time(dataset.published_at)))
    graph.add((node, DCTERMS.modified, _time(dataset.metadata_modified)))
    graph.add((node, DCTERMS.language, _language(graph, dataset.language)))
    graph.add((node, DCTERMS.publisher, _publisher(graph, dataset.publisher, context)))
    frequency = FREQUENCIES.get(dataset.update_frequency)
    if frequency:
        graph.add(
            (
                node,
                DCTERMS.accrualPeriodicity,
                _typed(graph, EU_FREQUENCY + frequency, DCTERMS.Frequency),
            )
        )
    graph.add((node, DCAT.landingPage, _typed(graph, context.dataset_url(dataset), FOAF.Document)))
    for keyword in sorted(tag.name for tag in dataset.tags.all()):
        graph.add((node, DCAT.keyword, Literal(keyword, lang="uk")))
    for group in dataset.groups.all():
        theme = URIRef(context.absolute(f"/api/3/action/group_show?id={group.name}"))
        graph.add((theme, RDF.type, SKOS.Concept))
        graph.add((theme, SKOS.prefLabel, Literal(group.title, lang="uk")))
        graph.add((node, DCAT.theme, theme))
    contact = BNode()
    graph.add((contact, RDF.type, VCARD.Kind))
    graph.add((contact, VCARD.fn, Literal(dataset.maintainer)))
    graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{dataset.maintainer_email}")))
    graph.add((node, DCAT.contactPoint, contact))
    if dataset.structure_url:
        standard = _typed(graph, dataset.structure_url, DCTERMS.Standard)
        graph.add((node, DCTERMS.conformsTo, standard))
    if dataset.data_current_to:
        period = BNode()
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        graph.add((period, DCAT.endDate, Literal(dataset.data_current_to, datatype=XSD.date)))
        graph.add((node, DCTERMS.temporal, period))
    for resource in dataset.resources.all():
        if not resource.archived:
            graph.add(
                (node, DCAT.distribution, add_distribution(graph, dataset, resource, context))
            )
    return node


def add_distribution(
    graph: Graph, dataset: Dataset, resource: Resource, context: api.Context
) -> URIRef:
    node = URIRef(f"{context.dataset_url(dataset)}#resource-{resource.id}")
    url = package_dicts.resource_url(resource, context)
    graph.add((node, RDF.type, DCAT.Distribution))
    graph.add((node, DCTERMS.identifier, Literal(str(resource.id))))
    graph.add((node, DCTERMS.title, Literal(resource.name, lang="uk")))
    if resource.description:
        graph.add((node, DCTERMS.description, Literal(resource.description, lang="uk")))
    graph.add((node, DCAT.accessURL, URIRef(url)))
    if not resource.external_url:
        graph.add((node, DCAT.downloadURL, URIRef(url)))
    graph.add((node, DCTERMS.issued, _time(resource.created)))
    graph.add((node, DCTERMS.modified, _time(resource.last_modified)))
    if dataset.licence_url:
        graph.add(
            (node, DCTERMS.license, _typed(graph, dataset.licence_url, DCTERMS.LicenseDocument))
        )
    if resource.format in FILE_TYPES:
        file_type = _typed(
            graph, EU_FILE_TYPE + FILE_TYPES[resource.format], DCTERMS.MediaTypeOrExtent
        )
        graph.add((node, DCTERMS.format, file_type))
    if resource.mimetype:
        graph.add(
            (node, DCAT.mediaType, _typed(graph, IANA + resource.mimetype, DCTERMS.MediaType))
        )
    if resource.size is not None:
        graph.add((node, DCAT.byteSize, Literal(resource.size, datatype=XSD.decimal)))
    return node


def dataset_graph(dataset: Dataset, context: api.Context) -> Graph:
    graph = new_graph()
    add_dataset(graph, dataset, context)
    return graph


def catalog_graph(
    datasets: QuerySet[Dataset], context: api.Context, *, page: int, page_url: Any
) -> Graph:
    """One page of the catalogue; `page_url(n)` gives the URL of page n."""
    from hromada.core.selectors import city_profile

    profile = city_profile(context.request)
    graph = new_graph()
    catalog = URIRef(context.absolute("/"))
    graph.add((catalog, RDF.type, DCAT.Catalog))
    title = profile.council_name or profile.name
    graph.add((catalog, DCTERMS.title, Literal(f"{title}: відкриті дані", lang="uk")))
    graph.add(
        (
            catalog,
            DCTERMS.description,
            Literal(f"Набори відкритих даних, які оприлюднює {title}.", lang="uk"),
        )
    )
    graph.add((catalog, DCTERMS.language, _language(graph, "українська")))
    home = context.catalogue_url() or context.absolute("/")
    graph.add((catalog, FOAF.homepage, _typed(graph, home, FOAF.Document)))
    from hromada.opendata.services import council_publisher

    graph.add((catalog, DCTERMS.publisher, _publisher(graph, council_publisher(), context)))
    total = datasets.count()
    last_page = max(1, -(-total // PAGE_SIZE))
    ordered = package_dicts.with_related(datasets.order_by("-metadata_modified", "id"))
    page_items = list(ordered[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    latest = datasets.order_by("-metadata_modified").values_list("metadata_modified", flat=True)
    if latest:
        graph.add((catalog, DCTERMS.modified, _time(latest[0])))
    for dataset in page_items:
        graph.add((catalog, DCAT.dataset, add_dataset(graph, dataset, context)))
    if total > PAGE_SIZE or page > 1:
        collection = URIRef(page_url(page))
        # The deprecated PagedCollection (…Page literals) that ckanext-dcat reads, and on the
        # same node Hydra's current PartialCollectionView (first, last, next, previous as
        # links) that udata and newer ckanext-dcat read, linked from the catalogue.
        graph.add((collection, RDF.type, HYDRA.PagedCollection))
        graph.add((collection, RDF.type, HYDRA.PartialCollectionView))
        graph.add((catalog, HYDRA.view, collection))
        graph.add((collection, HYDRA.totalItems, Literal(total, datatype=XSD.integer)))
        graph.add((collection, HYDRA.itemsPerPage, Literal(PAGE_SIZE, datatype=XSD.integer)))
        graph.add((collection, HYDRA.firstPage, Literal(page_url(1))))
        graph.add((collection, HYDRA.lastPage, Literal(page_url(last_page))))
        graph.add((collection, HYDRA.first, URIRef(page_url(1))))
        graph.add((collection, HYDRA.last, URIRef(page_url(last_page))))
        if page < last_page:
            graph.add((collection, HYDRA.nextPage, Literal(page_url(page + 1))))
            graph.add((collection, HYDRA.next, URIRef(page_url(page + 1))))
        if page > 1:
            graph.add((collection, HYDRA.previousPage, Literal(page_url(page - 1))))
            graph.add((collection, HYDRA.previous, URIRef(page_url(page - 1))))
    return graph


def serialize(graph: Graph, extension: str) -> tuple[str, str]:
    rdflib_format, content_type = FORMATS[extension]
    if rdflib_format == "json-ld":
        text = graph.serialize(format="json-ld", auto_compact=True)
    else:
        text = graph.serialize(format=rdflib_format)
    return text, content_type
