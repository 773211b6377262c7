"""The platform's Ed25519 key, its did:key, and Data Integrity proofs with the eddsa-rdfc-2022 suite.

Signing (W3C vc-di-eddsa, section 3.3): canonicalise the proof options (carrying the document's
@context) and the document without its proof by RDFC-1.0 (URDNA2015), hash each with SHA-256,
sign proofHash || documentHash with Ed25519, and store the signature base58btc-encoded with the
multibase prefix "z" as proofValue.
"""
from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from flask import current_app

from training.certificates.jsonld import canonical

SUITE = "eddsa-rdfc-2022"
PROOF_TYPE = "DataIntegrityProof"
ED25519_PUB_PREFIX = b"\xed\x01"  # multicodec ed25519-pub, varint-encoded
KEY_FILE = "certificate-signing-key.pem"
_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


# ----- base58btc and multikeys --------------------------------------------------------------

def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = _ALPHABET[rest] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        index = _ALPHABET.find(char)
        if index < 0:
            raise ValueError("not base58btc")
        number = number * 58 + index
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def multikey(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + b58encode(ED25519_PUB_PREFIX + raw)


def public_key_from_multikey(value: str) -> Ed25519PublicKey:
    if not value.startswith("z"):
        raise ValueError("not a base58btc multikey")
    data = b58decode(value[1:])
    if not data.startswith(ED25519_PUB_PREFIX) or len(data) != 34:
        raise ValueError("not an Ed25519 multikey")
    return Ed25519PublicKey.from_public_bytes(data[2:])


@dataclass(frozen=True)
class Issuer:
    """The platform's signing identity: did:key and its single verification method."""
    private_key: Ed25519PrivateKey | None
    public_key: Ed25519PublicKey

    @property
    def multikey(self) -> str:
        return multikey(self.public_key)

    @property
    def did(self) -> str:
        return "did:key:" + self.multikey

    @property
    def verification_method(self) -> str:
        return f"{self.did}#{self.multikey}"

    @classmethod
    def from_multikey(cls, value: str) -> Issuer:
        return cls(None, public_key_from_multikey(value))


# ----- the key pair: generated into instance/ on first use, or read from a configured path ---

_issuers: dict[str, Issuer] = {}
_lock = threading.Lock()


def key_path(app=None) -> Path | None:
    """CERTIFICATE_KEY_PATH (setting or environment), else instance/<KEY_FILE>; None in tests without a
    path (a key in memory for the process)."""
    app = app or current_app
    configured = app.config.get("CERTIFICATE_KEY_PATH") or os.environ.get("CERTIFICATE_KEY_PATH")
    if configured:
        return Path(configured)
    if app.config.get("TESTING"):
        return None
    return Path(app.instance_path) / KEY_FILE


def platform_issuer(app=None) -> Issuer:
    """The platform's key pair, loaded once per process (created on first run)."""
    path = key_path(app)
    name = str(path) if path else ":memory:"
    issuer = _issuers.get(name)
    if issuer is not None:
        return issuer
    with _lock:
        if name not in _issuers:
            private = _load_or_create(path) if path else Ed25519PrivateKey.generate()
            _issuers[name] = Issuer(private, private.public_key())
    return _issuers[name]


def _load_or_create(path: Path) -> Ed25519PrivateKey:
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise RuntimeError(f"{path} does not hold an Ed25519 private key")
        return key
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    return key


# ----- proofs ----------------------------------------------------------------------------

def utc_stamp(moment: datetime | None = None) -> str:
    moment = moment or datetime.now(timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _hash_data(document: dict, proof_options: dict) -> bytes:
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    options = {k: v for k, v in proof_options.items() if k != "proofValue"}
    options["@context"] = document["@context"]
    return (hashlib.sha256(canonical(options).encode("utf-8")).digest()
            + hashlib.sha256(canonical(unsecured).encode("utf-8")).digest())


def sign(document: dict, issuer: Issuer, created: datetime | None = None) -> dict:
    """The document with a DataIntegrityProof (eddsa-rdfc-2022) by the issuer's key."""
    if issuer.private_key is None:
        raise ValueError("this issuer holds no private key")
    proof = {
        "type": PROOF_TYPE,
        "cryptosuite": SUITE,
        "created": utc_stamp(created),
        "verificationMethod": issuer.verification_method,
        "proofPurpose": "assertionMethod",
    }
    signature = issuer.private_key.sign(_hash_data(document, proof))
    proof["proofValue"] = "z" + b58encode(signature)
    return {**{k: v for k, v in document.items() if k != "proof"}, "proof": proof}


class ProofError(ValueError):
    """The proof is missing, of another suite, by a key we do not trust, or does not match."""


def check_proof(document: dict, trusted: list[Issuer]) -> Issuer:
    """Verify the document's proof against one of the trusted issuers; return that issuer.

    Raises ProofError (with the reason) or ContextError (unknown context, undefined term).
    """
    proof = document.get("proof")
    if not isinstance(proof, dict):
        raise ProofError("no proof, or more than one")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != SUITE:
        raise ProofError(f"unsupported proof suite (only {PROOF_TYPE} {SUITE} is accepted)")
    if proof.get("proofPurpose") != "assertionMethod":
        raise ProofError("the proof purpose is not assertionMethod")
    if "@context" in proof and proof["@context"] != document.get("@context"):
        raise ProofError("the proof's context differs from the credential's")
    method = proof.get("verificationMethod")
    issuer = next((i for i in trusted if i.verification_method == method), None)
    if issuer is None:
        raise ProofError("the verificationMethod is not the platform's published key")
    issuer_id = document.get("issuer")
    issuer_id = issuer_id.get("id") if isinstance(issuer_id, dict) else issuer_id
    if issuer_id != issuer.did:
        raise ProofError("the issuer is not the key's controller")
    value = proof.get("proofValue")
    try:
        if not isinstance(value, str) or not value.startswith("z"):
            raise ValueError
        signature = b58decode(value[1:])
    except ValueError:
        raise ProofError("the proofValue is not base58btc") from None
    try:
        issuer.public_key.verify(signature, _hash_data(document, proof))
    except InvalidSignature:
        raise ProofError("the signature does not match the content (altered, or signed by another key)") from None
    return issuer
