"""DCAT-AP output validates against the official DCAT-AP 2.1.1 SHACL shapes; Hydra paging."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client
from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, RDF

from hromada.opendata import dcat
from hromada.opendata.models import Dataset

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
HYDRA = "http://www.w3.org/ns/hydra/core#"


def shapes() -> Graph:
    graph = Graph()
    graph.parse(DATA / "dcat-ap_2.1.1_shacl_shapes.ttl", format="turtle")
    graph.parse(DATA / "dcat-ap_2.1.1_shacl_range.ttl", format="turtle")
    return graph


def assert_conforms(graph: Graph) -> None:
    conforms, _report, text = validate(graph, shacl_graph=shapes(), inference="none")
    assert conforms, text


@pytest.mark.parametrize(
    ("extension", "rdflib_format", "content_type"),
    [
        ("ttl", "turtle", "text/turtle"),
        ("rdf", "xml", "application/rdf+xml"),
        ("jsonld", "json-ld", "application/ld+json"),
    ],
)
def test_catalog_validates_in_every_serialization(
    client: Client, extension: str, rdflib_format: str, content_type: str
) -> None:
    response = client.get(f"/catalog.{extension}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    graph = Graph().parse(data=response.content, format=rdflib_format)
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == Dataset.objects.filter(archived=False).count()
    assert len(set(graph.subjects(RDF.type, DCAT.Distribution))) >= len(datasets)
    assert_conforms(graph)


def test_dataset_documents_validate(client: Client) -> None:
    for name in ("biudzhet-mista-na-2020-rik", "organizations-register"):
        response = client.get(f"/dataset/{name}.ttl")
        assert response.status_code == 200
        graph = Graph().parse(data=response.content, format="turtle")
        (node,) = graph.subjects(RDF.type, DCAT.Dataset)
        assert str(node).endswith(f"/dataset/{name}/")
        assert_conforms(graph)
    assert client.get("/dataset/no-such-dataset.ttl").status_code == 404
    document = json.loads(client.get("/dataset/biudzhet-mista-na-2020-rik.jsonld").content)
    assert "@context" in document or "@graph" in document or isinstance(document, list)


def test_a_broken_shape_is_caught(client: Client) -> None:
    """The validation is real: a dataset without its title fails the shapes."""
    response = client.get("/dataset/biudzhet-mista-na-2020-rik.ttl")
    graph = Graph().parse(data=response.content, format="turtle")
    (node,) = graph.subjects(RDF.type, DCAT.Dataset)
    graph.remove((node, URIRef("http://purl.org/dc/terms/title"), None))
    conforms, _report, _text = validate(graph, shacl_graph=shapes(), inference="none")
    assert not conforms


def test_catalog_is_paged_with_hydra(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dcat, "PAGE_SIZE", 10)
    total = Dataset.objects.filter(archived=False).count()
    seen: set[str] = set()
    url = "/catalog.ttl"
    pages = 0
    while url:
        graph = Graph().parse(data=client.get(url).content, format="turtle")
        seen |= {str(s) for s in graph.subjects(RDF.type, DCAT.Dataset)}
        (collection,) = graph.subjects(RDF.type, URIRef(HYDRA + "PagedCollection"))
        assert int(graph.value(collection, URIRef(HYDRA + "totalItems"))) == total
        following = graph.value(collection, URIRef(HYDRA + "nextPage"))
        url = str(following).replace("http://testserver", "") if following else ""
        pages += 1
    assert pages == -(-total // 10)
    assert len(seen) == total
    assert client.get("/catalog.ttl?page=999").status_code == 404


@pytest.mark.parametrize(
    ("extension", "rdf_format"), [("ttl", "turtle"), ("rdf", "xml"), ("jsonld", "json-ld")]
)
def test_catalog_pages_follow_hydra_next_in_every_serialization(
    client: Client, monkeypatch: pytest.MonkeyPatch, extension: str, rdf_format: str
) -> None:
    """Hydra's current terms (a PartialCollectionView with first, last, next as links) on the
    same node as the deprecated ones, in Turtle, RDF/XML and JSON-LD alike."""
    monkeypatch.setattr(dcat, "PAGE_SIZE", 10)
    total = Dataset.objects.filter(archived=False).count()
    last = -(-total // 10)
    seen: set[str] = set()
    url = f"/catalog.{extension}"
    pages = 0
    while url:
        graph = Graph().parse(data=client.get(url).content, format=rdf_format)
        seen |= {str(s) for s in graph.subjects(RDF.type, DCAT.Dataset)}
        (view,) = graph.subjects(RDF.type, URIRef(HYDRA + "PartialCollectionView"))
        (catalog,) = graph.subjects(RDF.type, DCAT.Catalog)
        assert graph.value(catalog, URIRef(HYDRA + "view")) == view
        first = graph.value(view, URIRef(HYDRA + "first"))
        last_link = graph.value(view, URIRef(HYDRA + "last"))
        assert isinstance(first, URIRef) and str(first).endswith(f"/catalog.{extension}?page=1")
        assert str(last_link).endswith(f"?page={last}")
        following = graph.value(view, URIRef(HYDRA + "next"))
        deprecated = graph.value(view, URIRef(HYDRA + "nextPage"))
        assert (str(following) if following else None) == (str(deprecated) if deprecated else None)
        url = str(following).replace("http://testserver", "") if following else ""
        pages += 1
    assert pages == last and len(seen) == total


def test_html_pages_link_their_dcat_forms(client: Client) -> None:
    from hromada.opendata.selectors import catalogue_page

    page = catalogue_page()
    assert page is not None
    index = client.get(page.url).content.decode()
    assert '<link rel="alternate" type="text/turtle" href="/catalog.ttl"' in index
    detail = client.get(page.url + "dataset/biudzhet-mista-na-2020-rik/").content.decode()
    assert 'href="/dataset/biudzhet-mista-na-2020-rik.jsonld"' in detail
