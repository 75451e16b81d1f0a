"""The kinds of entity chkg knows: ONE table, from which every list of kinds derives.

For each kind the table says its class in the ontology (``chkg:Policy``), the data file
its entities are curated in (``data/policies.ttl``), its SKOS concept scheme if it is a
concept, its name on the command line (``staff-group``), the subclasses a curator may
choose between (a policy's ``--type``, an outcome's ``--kind``), how the kind reads in
words, and its role. ``chkg new``, the documentation and the diff read this table;
nothing else lists kinds. A test (``tests/vocab/test_kinds.py``) checks every class and
scheme here against ``ontology/chkg.ttl``, and that adding a row is all a new kind needs.

Roles
-----
``factor``
    An entity a claim can be about: a node of the analysis graph (``chkg:Factor``).
``concept``
    A SKOS concept that qualifies claims or groups factors (contexts, families).
``evidence``
    Where evidence stands: sources, sections, passages, statements.
``claim``
    What a source says: influence claims and the bridges between them.

Examples
--------
>>> kind_named("staff-group").cls
rdflib.term.URIRef('https://w3id.org/creative-health-kg/StaffGroup')
>>> kind_named("staff-group").data_path(Path("data"))
PosixPath('data/staff-groups.ttl')
>>> kind_named("statement").data_path(Path("data"), source="culture-and-values")
PosixPath('data/sources/culture-and-values-statements.ttl')
>>> [v.name for v in kind_named("outcome").variants]
['workforce', 'patient', 'system', 'culture']
>>> kind_of_classes([CHKG.WorkforcePlan]).name, kind_of_classes([CHKG.PatientOutcome]).name
('policy', 'outcome')
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from rdflib import URIRef

from chkg.errors import UsageError
from chkg.vocab.namespace import CHKG

__all__ = [
    "Role",
    "Variant",
    "EntityKind",
    "KINDS",
    "all_kinds",
    "kind_named",
    "kind_of_class",
    "kind_of_classes",
    "kind_names",
    "kinds_with_role",
]


class Role(str, Enum):
    """What part an entity of a kind plays (see the module's docstring)."""

    FACTOR = "factor"
    CONCEPT = "concept"
    EVIDENCE = "evidence"
    CLAIM = "claim"


@dataclass(frozen=True)
class Variant:
    """A subclass a curator may choose for an entity (``--type review`` → ``chkg:Review``)."""

    name: str
    cls: URIRef


@dataclass(frozen=True)
class EntityKind:
    """One kind of entity: one row of the table.

    Attributes
    ----------
    name
        The name on the command line and in JSON (kebab-case): ``chkg new staff-group``.
    cls
        The class in ``ontology/chkg.ttl`` every entity of the kind has (directly or through
        a variant).
    data_file
        Where its entities are curated, relative to ``data/``; ``{source}`` stands for the
        local name of the source, for kinds curated beside their source.
    singular, plural
        The kind in words, for messages and pages.
    role
        See :class:`Role`.
    scheme
        The SKOS concept scheme its entities are in, if they are concepts.
    variants
        Subclasses to choose from, the first the default (or ``()``).
    variant_option
        The ``chkg new`` option that chooses the variant (``type`` or ``kind``).
    variant_required
        Whether a variant must be chosen (an outcome's kind) rather than defaulting to the first.
    local_prefix
        What every local name of the kind starts with (``context-``), or ``""``.
    broader_required
        Whether an entity must name its ``skos:broader`` concept (a value its value family).
    top_concept
        Whether its entities are top concepts of their scheme (``skos:topConceptOf``).
    """

    name: str
    cls: URIRef
    data_file: str
    singular: str
    plural: str
    role: Role
    scheme: URIRef | None = None
    variants: tuple[Variant, ...] = ()
    variant_option: str = ""
    variant_required: bool = False
    local_prefix: str = ""
    broader_required: bool = False
    top_concept: bool = False

    def data_path(self, data: Path, *, source: str | None = None) -> Path:
        """The file its entities go to under the ``data`` folder.

        Raises
        ------
        chkg.errors.UsageError
            The kind is curated beside a source and no ``source`` is given.

        Examples
        --------
        >>> kind_named("policy").data_path(Path("/kg/data"))
        PosixPath('/kg/data/policies.ttl')
        """
        if "{source}" in self.data_file:
            if not source:
                raise UsageError(f"a {self.singular} is curated beside its source: say which source")
            return data / self.data_file.format(source=source)
        return data / self.data_file

    def variant(self, name: str | None) -> Variant | None:
        """The variant called ``name`` (``None``: the default, or ``None`` for a kind without).

        Raises
        ------
        chkg.errors.UsageError
            No variant has that name.

        Examples
        --------
        >>> kind_named("policy").variant("review").cls
        rdflib.term.URIRef('https://w3id.org/creative-health-kg/Review')
        >>> kind_named("outcome").variant(None)
        Traceback (most recent call last):
        ...
        chkg.errors.UsageError: an outcome needs --kind workforce|patient|system|culture
        >>> kind_named("outcome").variant("other")
        Traceback (most recent call last):
        ...
        chkg.errors.UsageError: an outcome has no --kind 'other': use one of workforce, patient, system, culture
        """
        if not self.variants:
            if name is not None:
                raise UsageError(f"{_article(self.singular)} {self.singular} takes no --{self.variant_option or 'type'}")
            return None
        if name is None:
            if self.variant_required:
                names = "|".join(v.name for v in self.variants)
                raise UsageError(f"{_article(self.singular)} {self.singular} needs --{self.variant_option} {names}")
            return self.variants[0]
        for variant in self.variants:
            if variant.name == name:
                return variant
        names = ", ".join(v.name for v in self.variants)
        raise UsageError(
            f"{_article(self.singular)} {self.singular} has no --{self.variant_option} {name!r}: use one of {names}"
        )

    @property
    def classes(self) -> tuple[URIRef, ...]:
        """Its class and every variant's class (without repeats), most specific last."""
        return tuple(dict.fromkeys((self.cls, *(v.cls for v in self.variants))))


#: Every kind, in the order pages and help list them.
KINDS: tuple[EntityKind, ...] = (
    EntityKind(
        "policy", CHKG.Policy, "policies.ttl", "policy", "policies", Role.FACTOR,
        variants=(
            Variant("policy", CHKG.Policy),
            Variant("review", CHKG.Review),
            Variant("strategy", CHKG.Strategy),
            Variant("regional-strategy", CHKG.RegionalCreativeHealthStrategy),
            Variant("statutory-guidance", CHKG.StatutoryGuidance),
            Variant("workforce-plan", CHKG.WorkforcePlan),
            Variant("framework", CHKG.Framework),
            Variant("report", CHKG.Report),
            Variant("programme", CHKG.PolicyProgramme),
        ),
        variant_option="type",
    ),
    EntityKind("approach", CHKG.Approach, "approaches.ttl", "approach", "approaches", Role.FACTOR),
    EntityKind("practice", CHKG.Practice, "practices.ttl", "practice", "practices", Role.FACTOR),
    EntityKind(
        "value", CHKG.Value, "values.ttl", "value", "values", Role.FACTOR,
        scheme=CHKG.valueScheme, broader_required=True,
    ),
    EntityKind(
        "outcome", CHKG.Outcome, "outcomes.ttl", "outcome", "outcomes", Role.FACTOR,
        scheme=CHKG.outcomeScheme,
        variants=(
            Variant("workforce", CHKG.WorkforceOutcome),
            Variant("patient", CHKG.PatientOutcome),
            Variant("system", CHKG.SystemOutcome),
            Variant("culture", CHKG.CultureOutcome),
        ),
        variant_option="kind",
        variant_required=True,
        broader_required=True,
    ),
    EntityKind("organisation", CHKG.Organisation, "organisations.ttl", "organisation", "organisations", Role.FACTOR),
    EntityKind("programme", CHKG.Programme, "organisations.ttl", "programme", "programmes", Role.FACTOR),
    EntityKind("place", CHKG.Place, "places.ttl", "place", "places", Role.FACTOR),
    EntityKind("mechanism", CHKG.Mechanism, "mechanisms.ttl", "mechanism", "mechanisms", Role.FACTOR),
    EntityKind("resource", CHKG.Resource, "resources.ttl", "resource", "resources", Role.FACTOR),
    EntityKind(
        "staff-group", CHKG.StaffGroup, "staff-groups.ttl", "staff group", "staff groups", Role.FACTOR,
        scheme=CHKG.staffGroupScheme,
    ),
    EntityKind(
        "context", CHKG.Context, "contexts.ttl", "context", "contexts", Role.CONCEPT,
        scheme=CHKG.contextScheme, local_prefix="context-",
    ),
    EntityKind(
        "outcome-family", CHKG.OutcomeFamily, "outcomes.ttl", "outcome family", "outcome families", Role.CONCEPT,
        scheme=CHKG.outcomeScheme, local_prefix="outcome-family-", top_concept=True,
    ),
    EntityKind(
        "value-family", CHKG.ValueFamily, "values.ttl", "value family", "value families", Role.CONCEPT,
        scheme=CHKG.valueScheme, local_prefix="value-family-", top_concept=True,
    ),
    EntityKind("source", CHKG.Source, "sources/{source}.ttl", "source", "sources", Role.EVIDENCE),
    EntityKind("section", CHKG.Section, "sources/{source}.ttl", "section", "sections", Role.EVIDENCE),
    EntityKind("passage", CHKG.Passage, "sources/{source}.ttl", "passage", "passages", Role.EVIDENCE),
    EntityKind(
        "statement", CHKG.Statement, "sources/{source}-statements.ttl", "statement", "statements", Role.EVIDENCE,
        local_prefix="statement-",
    ),
    EntityKind(
        "influence", CHKG.Influence, "influences.ttl", "influence claim", "influence claims", Role.CLAIM,
        local_prefix="claim-",
    ),
    EntityKind("bridge", CHKG.Bridge, "influences.ttl", "bridge", "bridges", Role.CLAIM, local_prefix="bridge-"),
)


def all_kinds() -> tuple[EntityKind, ...]:
    """The table (:data:`KINDS`), read at call time so that a test can extend it.

    Examples
    --------
    >>> len({k.name for k in all_kinds()}) == len(all_kinds())
    True
    """
    return KINDS


def kind_names(kinds: Iterable[EntityKind] | None = None) -> list[str]:
    """The command-line names of ``kinds`` (default: every kind), in table order.

    Examples
    --------
    >>> kind_names(kinds_with_role(Role.CLAIM))
    ['influence', 'bridge']
    """
    return [k.name for k in (all_kinds() if kinds is None else kinds)]


def kinds_with_role(*roles: Role) -> tuple[EntityKind, ...]:
    """The kinds that play one of ``roles``, in table order.

    Examples
    --------
    >>> kind_names(kinds_with_role(Role.EVIDENCE))
    ['source', 'section', 'passage', 'statement']
    """
    return tuple(k for k in all_kinds() if k.role in roles)


def kind_named(name: str) -> EntityKind:
    """The kind called ``name`` on the command line (case and ``_``/``-`` folded).

    Raises
    ------
    chkg.errors.UsageError
        No kind has that name; the message lists them.

    Examples
    --------
    >>> kind_named("Staff_Group").name
    'staff-group'
    >>> kind_named("widget")
    Traceback (most recent call last):
    ...
    chkg.errors.UsageError: no kind of entity is called 'widget': use one of policy, approach, practice, value, outcome, organisation, programme, place, mechanism, resource, staff-group, context, outcome-family, value-family, source, section, passage, statement, influence, bridge
    """
    wanted = name.strip().lower().replace("_", "-")
    for kind in all_kinds():
        if kind.name == wanted:
            return kind
    raise UsageError(f"no kind of entity is called {name!r}: use one of {', '.join(kind_names())}")


def kind_of_class(cls: URIRef) -> EntityKind | None:
    """The kind whose class or variant class is ``cls`` (``None`` if no kind has it).

    Examples
    --------
    >>> kind_of_class(CHKG.PolicyProgramme).name, kind_of_class(CHKG.Programme).name
    ('policy', 'programme')
    >>> kind_of_class(CHKG.Sign) is None
    True
    """
    return kind_of_classes([cls])


def kind_of_classes(classes: Sequence[URIRef] | Iterable[URIRef]) -> EntityKind | None:
    """The kind of an entity typed with ``classes``: a variant class first, then a kind's class.

    A workforce outcome is typed ``chkg:WorkforceOutcome`` (an outcome); a class of no kind is
    passed over, so an entity typed also with, say, ``prov:Plan`` still finds its kind.
    """
    typed = set(classes)
    for kind in all_kinds():
        if any(v.cls in typed for v in kind.variants):
            return kind
    for kind in all_kinds():
        if kind.cls in typed:
            return kind
    return None


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"
