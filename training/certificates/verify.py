"""Checking a credential without the network: our suite, our key, our status list.

The verifier accepts only DataIntegrityProof/eddsa-rdfc-2022 by a key from our own published
issuer document (or the platform's key pair), never fetches a URL named in the credential, and
answers "cannot verify" (never "valid") when it cannot read a status list it trusts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from training.certificates import credential
from training.certificates.jsonld import ContextError, check_contexts
from training.certificates.signing import Issuer, ProofError, check_proof

VALID, TAMPERED, REVOKED, CANNOT_VERIFY = "valid", "tampered", "revoked", "cannot verify"


@dataclass
class Claims:
    """What a verifier shows, read from the signed credential."""
    name: str | None
    course: str | None
    course_version: str | None
    hours: float | None
    completed_on: date | None
    issuer: str | None
    identifiers: dict = field(default_factory=dict)


@dataclass
class Outcome:
    state: str
    reason: str = ""
    claims: Claims | None = None
    status_as_of: str | None = None

    @property
    def ok(self) -> bool:
        return self.state == VALID


def claims(doc: dict) -> Claims:
    subject = doc.get("credentialSubject") or {}
    subject = subject[0] if isinstance(subject, list) and subject else subject
    ids = {i.get("identityType"): i.get("identityHash") for i in subject.get("identifier") or []
           if isinstance(i, dict) and not i.get("hashed")}
    achievement = subject.get("achievement") or {}
    issuer = doc.get("issuer")
    hours = subject.get("creditsEarned", achievement.get("creditsAvailable"))
    return Claims(
        name=ids.get("name"), course=achievement.get("name"), course_version=achievement.get("version"),
        hours=float(hours) if isinstance(hours, (int, float)) else None,
        completed_on=credential.as_date(subject.get("activityEndDate") or ""),
        issuer=issuer.get("name") if isinstance(issuer, dict) else None, identifiers=ids)


def trusted_from_issuer_document(doc: dict) -> list[Issuer]:
    """The keys of our published issuer document (did:key: the key is the identifier itself)."""
    keys = []
    for method in doc.get("verificationMethod") or []:
        value = method.get("publicKeyMultibase", "")
        try:
            issuer = Issuer.from_multikey(value)
        except ValueError:
            continue
        if method.get("id") == issuer.verification_method and doc.get("id") == issuer.did:
            keys.append(issuer)
    return keys


def check_signature(doc: dict, trusted: list[Issuer]) -> Outcome:
    """Contexts, suite, key and signature; TAMPERED with the reason when anything is off."""
    if not isinstance(doc, dict):
        return Outcome(TAMPERED, "not a JSON object")
    try:
        check_contexts(doc)
        check_proof(doc, trusted)
    except (ContextError, ProofError) as exc:
        return Outcome(TAMPERED, str(exc))
    return Outcome(VALID, claims=claims(doc))


def verify(doc: dict, trusted: list[Issuer], status_list: dict | None) -> Outcome:
    """Verify a credential and its revocation status against a status list we trust."""
    outcome = check_signature(doc, trusted)
    if not outcome.ok:
        return outcome
    if "OpenBadgeCredential" not in (doc.get("type") or []):
        return Outcome(TAMPERED, "not an OpenBadgeCredential", outcome.claims)
    entry = doc.get("credentialStatus")
    if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry" \
            or entry.get("statusPurpose") != "revocation":
        return Outcome(CANNOT_VERIFY, "the credential has no revocation status entry", outcome.claims)
    if status_list is None:
        return Outcome(CANNOT_VERIFY, "the status list cannot be read", outcome.claims)
    listed = check_signature(status_list, trusted)
    if not listed.ok:
        return Outcome(CANNOT_VERIFY, f"the status list cannot be trusted: {listed.reason}", outcome.claims)
    subject = status_list.get("credentialSubject") or {}
    if status_list.get("id") != entry.get("statusListCredential") \
            or "BitstringStatusListCredential" not in (status_list.get("type") or []) \
            or subject.get("statusPurpose") != "revocation":
        return Outcome(CANNOT_VERIFY, "the status list is not the one the credential names", outcome.claims)
    try:
        revoked = credential.bit(credential.decode_bits(subject.get("encodedList", "")),
                                 int(entry.get("statusListIndex")))
    except (ValueError, TypeError, IndexError, OSError, EOFError):
        return Outcome(CANNOT_VERIFY, "the status list cannot be decoded", outcome.claims)
    as_of = status_list.get("validFrom")
    if revoked:
        return Outcome(REVOKED, "revoked by the issuer", outcome.claims, as_of)
    return Outcome(VALID, "", outcome.claims, as_of)
