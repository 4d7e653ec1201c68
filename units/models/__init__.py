"""The units and the people on record, one module per entity: the unit tree, its roles and
memberships (``tree``), enterprises, industries and routing rules (``enterprises``), and
informants, confidential sources and safety duty persons (``informants``). Everything is
importable from ``units.models`` as before."""

from units.models.enterprises import Enterprise, EnterpriseQuerySet, Industry, RoutingRule
from units.models.informants import (
    ConfidentialSource,
    DutyRelation,
    Informant,
    InformantKind,
    SafetyDutyPerson,
)
from units.models.tree import PATH_DIGITS, Membership, Role, Unit, UnitKind, UnitQuerySet

__all__ = [
    "PATH_DIGITS",
    "ConfidentialSource",
    "DutyRelation",
    "Enterprise",
    "EnterpriseQuerySet",
    "Industry",
    "Informant",
    "InformantKind",
    "Membership",
    "Role",
    "RoutingRule",
    "SafetyDutyPerson",
    "Unit",
    "UnitKind",
    "UnitQuerySet",
]
