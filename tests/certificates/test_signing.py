"""The credential's proof (eddsa-rdfc-2022), tampering, foreign keys and contexts, the status list."""
from __future__ import annotations

import copy
from datetime import date, datetime
from types import SimpleNamespace

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from training.certificates import credential, signing
from training.certificates.jsonld import OB_CONTEXT, VC_CONTEXT, ContextError, document_loader
from training.certificates.verify import CANNOT_VERIFY, REVOKED, TAMPERED, VALID, verify

BASE = "https://training.example"


def new_issuer() -> signing.Issuer:
    key = Ed25519PrivateKey.generate()
    return signing.Issuer(key, key.public_key())


ISSUER = new_issuer()
CERT = SimpleNamespace(
    course_title={"en": "Safeguards in police custody", "az": "Polis saxlamasında təminatlar"},
    course_id="custody", course_version=3, quiz_grade=85.5, attendance_rate=80.0,
    trainee_name="Şəhla Əliyeva İlqar qızı", organisation_name="Academy of Justice", serial="NPM-2026-000123",
    hours=8.0, completed_on=date(2026, 3, 1), issuer_name={"en": "National Preventive Mechanism"},
    code="ABCDEFGHJKLMNPQR", issued_at=datetime(2026, 3, 1, 10, 0), status_index=7)


@pytest.fixture(scope="module")
def signed():
    return credential.issue(CERT, ISSUER, BASE, "Custody safeguards.")


def status(revoked=(), issuer=ISSUER):
    return credential.status_list(list(revoked), issuer, BASE, datetime(2026, 3, 2, 9, 0))


def test_a_valid_credential_verifies_with_its_claims(signed):
    outcome = verify(signed, [ISSUER], status())
    assert outcome.state == VALID, outcome.reason
    assert outcome.claims.name == "Şəhla Əliyeva İlqar qızı"
    assert (outcome.claims.course, outcome.claims.hours, outcome.claims.completed_on) == (
        "Safeguards in police custody", 8.0, date(2026, 3, 1))
    assert outcome.status_as_of == "2026-03-02T09:00:00Z"


def test_the_credential_is_an_open_badge_signed_by_a_did_key(signed):
    assert signed["@context"] == [VC_CONTEXT, OB_CONTEXT]
    assert signed["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert signed["issuer"]["id"].startswith("did:key:z6Mk")  # Ed25519 multikey, base58btc
    proof = signed["proof"]
    assert (proof["type"], proof["cryptosuite"], proof["proofPurpose"]) == (
        "DataIntegrityProof", "eddsa-rdfc-2022", "assertionMethod")
    did = signed["issuer"]["id"]
    assert proof["verificationMethod"] == f"{did}#{did.removeprefix('did:key:')}"
    assert len(signing.b58decode(proof["proofValue"][1:])) == 64
    assert signed["credentialStatus"]["statusListCredential"] == BASE + "/certificates/status/1.json"


def _set(path):
    def change(doc):
        node = doc
        for key in path[:-1]:
            node = node[key]
        value = node[path[-1]]
        node[path[-1]] = (value + 1) if isinstance(value, (int, float)) else value + "x"
    return change


CLAIMS = [
    ("name", ("credentialSubject", "identifier", 0, "identityHash")),
    ("organisation", ("credentialSubject", "identifier", 1, "identityHash")),
    ("serial", ("credentialSubject", "identifier", 2, "identityHash")),
    ("course", ("credentialSubject", "achievement", "name")),
    ("course version", ("credentialSubject", "achievement", "version")),
    ("hours", ("credentialSubject", "creditsEarned")),
    ("hours offered", ("credentialSubject", "achievement", "creditsAvailable")),
    ("completion date", ("credentialSubject", "activityEndDate")),
    ("quiz grade", ("credentialSubject", "result", 0, "value")),
    ("issuer name", ("issuer", "name")),
    ("issue date", ("validFrom",)),
    ("status index", ("credentialStatus", "statusListIndex")),
    ("proof date", ("proof", "created")),
]


@pytest.mark.parametrize("label, path", CLAIMS, ids=[c[0] for c in CLAIMS])
def test_changing_any_claim_makes_it_fail(signed, label, path):
    doc = copy.deepcopy(signed)
    if path[-1] in ("activityEndDate", "validFrom", "created"):
        node = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = node[path[-1]].replace("2026", "2025")
    else:
        _set(path)(doc)
    outcome = verify(doc, [ISSUER], status())
    assert outcome.state == TAMPERED
    assert "signature does not match" in outcome.reason


def test_an_added_claim_fails_even_when_no_context_defines_it(signed):
    doc = copy.deepcopy(signed)
    doc["credentialSubject"]["grade"] = "A+"  # JSON-LD would drop it silently, unsigned
    outcome = verify(doc, [ISSUER], status())
    assert outcome.state == TAMPERED and "term not defined by the contexts: grade" in outcome.reason


def test_a_credential_signed_by_another_key_fails(signed):
    other = new_issuer()
    forged = credential.issue(CERT, other, BASE)
    outcome = verify(forged, [ISSUER], status())
    assert outcome.state == TAMPERED and "verificationMethod is not the platform's" in outcome.reason


def test_our_verification_method_over_another_keys_signature_fails(signed):
    other = new_issuer()
    forged = signing.sign({k: v for k, v in signed.items() if k != "proof"}, other)
    forged["proof"]["verificationMethod"] = signed["proof"]["verificationMethod"]
    outcome = verify(forged, [ISSUER], status())
    assert outcome.state == TAMPERED and "signature does not match" in outcome.reason


def test_a_foreign_verification_method_fails_with_its_reason(signed):
    doc = copy.deepcopy(signed)
    doc["proof"]["verificationMethod"] = "https://evil.example/keys#1"
    outcome = verify(doc, [ISSUER], status())
    assert outcome.state == TAMPERED
    assert outcome.reason == "the verificationMethod is not the platform's published key"


def test_an_unknown_context_fails_with_its_reason(signed):
    doc = copy.deepcopy(signed)
    doc["@context"].append("https://evil.example/context.jsonld")
    outcome = verify(doc, [ISSUER], status())
    assert outcome.state == TAMPERED
    assert outcome.reason == "unknown context https://evil.example/context.jsonld"


def test_the_document_loader_serves_only_pinned_contexts():
    assert document_loader(VC_CONTEXT)["document"]["@context"]["@protected"] is True
    for url in ("https://www.w3.org/ns/credentials/v1", "file:///etc/passwd", "http://127.0.0.1/"):
        with pytest.raises(ContextError, match="unknown context"):
            document_loader(url)


@pytest.mark.parametrize("suite", ["eddsa-jcs-2022", "ecdsa-rdfc-2019"])
def test_only_our_suite_is_accepted(signed, suite):
    doc = copy.deepcopy(signed)
    doc["proof"]["cryptosuite"] = suite
    outcome = verify(doc, [ISSUER], status())
    assert outcome.state == TAMPERED and "unsupported proof suite" in outcome.reason


def test_a_revoked_credential_shows_as_revoked(signed):
    assert verify(signed, [ISSUER], status(revoked=[3, 7])).state == REVOKED
    assert verify(signed, [ISSUER], status(revoked=[3, 8])).state == VALID


def test_without_a_readable_status_list_it_cannot_verify_never_valid(signed):
    assert verify(signed, [ISSUER], None).state == CANNOT_VERIFY
    forged = status(issuer=new_issuer())
    outcome = verify(signed, [ISSUER], forged)
    assert outcome.state == CANNOT_VERIFY and "status list cannot be trusted" in outcome.reason
    tampered = copy.deepcopy(status(revoked=[7]))
    tampered["credentialSubject"]["encodedList"] = status()["credentialSubject"]["encodedList"]
    assert verify(signed, [ISSUER], tampered).state == CANNOT_VERIFY


def test_bitstring_round_trip():
    bits = credential.decode_bits(credential.encode_bits([0, 9, 131071]))
    assert len(bits) * 8 == credential.STATUS_LIST_BITS
    assert [credential.bit(bits, i) for i in (0, 1, 9, 131070, 131071)] == [True, False, True, False, True]


def test_multikey_round_trip():
    issuer = new_issuer()
    assert signing.Issuer.from_multikey(issuer.multikey).did == issuer.did
    assert signing.b58decode(signing.b58encode(b"\0\0abc")) == b"\0\0abc"
