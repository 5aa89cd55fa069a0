"""The client of ID.GOV.UA, the national Integrated System of Electronic Identification
(BankID НБУ, Дія.Підпис, qualified e-signatures), by its published OAuth 2.0 protocol:

1. the browser goes to ``IDGOVUA_URL/?response_type=code&client_id=…&auth_type=dig_sign,
   bank_id,diia_id&state=…&redirect_uri=…``;
2. it comes back to ``redirect_uri?code=…&state=…``; the state must be the one this session
   was given (views keep it in the session and drop it on first use);
3. ``GET IDGOVUA_URL/get-access-token?grant_type=authorization_code&client_id=…&
   client_secret=…&code=…`` answers ``{"access_token", "token_type", "expires_in",
   "refresh_token", "user_id"}`` (a code works once);
4. ``GET IDGOVUA_URL/get-user-info?user_id=…&access_token=…&fields=…[&cert=…]`` answers the
   certificate's fields (``givenname``, ``middlename``, ``lastname``, ``drfocode`` — the
   РНОКПП, or the passport number of a person without one —, ``edrpoucode``, ``serial``,
   ``issuer``, ``auth_type``, …) or, when ``cert`` (the portal's encryption certificate,
   base64) is sent, ``{"encryptedUserInfo": "…"}`` for the decryptor named by
   ``IDGOVUA_DECRYPTOR``;
5. ``GET IDGOVUA_URL/get-user-logout?user_id=…&access_token=…`` ends the session there.

An error at any step is ``{"error": "…", "error_description": "…"}``. Requests go through
core.outbound (no proxy; private addresses only with IDGOVUA_ALLOW_PRIVATE). Nothing here
logs: the answer carries the person's number.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import httpx
from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from hromada.core import outbound
from hromada.participation.verification import EidVerifier, Identity, VerificationFailed

#: The fields the portal asks for: names, the numbers, how the person signed in and the
#: certificate that vouched for them.
FIELDS = "givenname,middlename,lastname,drfocode,edrpoucode,email,auth_type,serial,issuer,issuercn"
AUTH_TYPES = ("dig_sign", "bank_id", "diia_id")
MAX_ANSWER_BYTES = 256 * 1024
TIMEOUT = 15.0


class IdGovUa(EidVerifier):
    name = "id.gov.ua"

    def __init__(self) -> None:
        self.url = settings.IDGOVUA_URL.rstrip("/")
        self.client_id = settings.IDGOVUA_CLIENT_ID
        self.client_secret = settings.IDGOVUA_CLIENT_SECRET
        self.auth_types = [t for t in settings.IDGOVUA_AUTH_TYPES if t in AUTH_TYPES]

    def start_url(self, *, state: str, return_url: str) -> str:
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self.client_id,
                "auth_type": ",".join(self.auth_types),
                "state": state,
                "redirect_uri": return_url,
            }
        )
        return f"{self.url}/?{query}"

    def complete(self, *, state: str, params: dict[str, str], return_url: str) -> Identity:
        if not state or params.get("state") != state:
            raise VerificationFailed(
                _(
                    "The answer from ID.GOV.UA does not belong to this sign-in (it was opened "
                    "in another window or has already been used). Sign in again."
                )
            )
        code = params.get("code", "")
        if not code:
            raise VerificationFailed(_("The sign-in through ID.GOV.UA was cancelled."))
        token = self._call(
            "get-access-token",
            {
                "grant_type": "authorization_code",
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "code": code,
                "redirect_uri": return_url,
            },
            failed=_(
                "ID.GOV.UA did not accept the sign-in code: it has expired or was already "
                "used. Sign in again."
            ),
        )
        access_token, user_id = str(token.get("access_token", "")), str(token.get("user_id", ""))
        if not access_token or not user_id:
            raise VerificationFailed(_("ID.GOV.UA gave no access token. Sign in again."))
        query = {"user_id": user_id, "access_token": access_token, "fields": FIELDS}
        if settings.IDGOVUA_CERT:
            query["cert"] = settings.IDGOVUA_CERT
        info = self._call(
            "get-user-info",
            query,
            failed=_(
                "ID.GOV.UA did not give your data (the session there may have expired). "
                "Sign in again."
            ),
        )
        if "encryptedUserInfo" in info:
            info = self._decrypt(str(info["encryptedUserInfo"]))
        self._logout(user_id, access_token)
        return identity_of(info)

    def _call(self, path: str, query: dict[str, str], *, failed: str) -> dict[str, Any]:
        try:
            answer = outbound.get(
                f"{self.url}/{path}?{urlencode(query)}",
                guard=outbound.guard_for("IDGOVUA_ALLOW_PRIVATE"),
                max_bytes=MAX_ANSWER_BYTES,
                max_redirects=0,
                timeout=TIMEOUT,
                headers={"Accept": "application/json"},
            )
        except (httpx.HTTPError, outbound.AddressRefused, outbound.TooLarge) as error:
            raise VerificationFailed(
                _("ID.GOV.UA could not be reached. Try again in a few minutes.")
            ) from error
        try:
            data = json.loads(answer.content)
        except ValueError:
            data = None
        if answer.status != 200 or not isinstance(data, dict):
            raise VerificationFailed(failed)
        if str(data.get("error", "0") or "0") != "0":
            raise VerificationFailed(failed)
        return data

    def _decrypt(self, payload: str) -> dict[str, Any]:
        path = settings.IDGOVUA_DECRYPTOR
        decrypt: Callable[[str], dict[str, Any]] | None = import_string(path) if path else None
        try:
            data = decrypt(payload) if decrypt else None
        except Exception as error:  # the decryptor is the installation's: any failure is one
            raise VerificationFailed(
                _("The encrypted answer of ID.GOV.UA could not be read.")
            ) from error
        if not isinstance(data, dict):
            raise VerificationFailed(_("The encrypted answer of ID.GOV.UA could not be read."))
        return data

    def _logout(self, user_id: str, access_token: str) -> None:
        """End the session at ID.GOV.UA; the data is already here, so a failure is ignored."""
        with contextlib.suppress(httpx.HTTPError, outbound.AddressRefused, outbound.TooLarge):
            outbound.get(
                f"{self.url}/get-user-logout?"
                + urlencode({"user_id": user_id, "access_token": access_token}),
                guard=outbound.guard_for("IDGOVUA_ALLOW_PRIVATE"),
                max_bytes=MAX_ANSWER_BYTES,
                max_redirects=0,
                timeout=TIMEOUT,
            )


def _clean(value: object) -> str:
    text = " ".join(str(value or "").split())
    return "" if text.lower() in {"n/a", "n\\a"} else text


def identity_of(info: dict[str, Any]) -> Identity:
    """The person from a user-info answer; refused without a number to tell them apart."""
    number = _clean(info.get("drfocode"))
    if not number:
        raise VerificationFailed(
            _(
                "ID.GOV.UA did not give your РНОКПП or passport number, so the portal cannot "
                "count your signature and vote once. Sign in with another method or confirm "
                "your account in person."
            )
        )
    name = " ".join(
        part
        for part in (_clean(info.get(k)) for k in ("lastname", "givenname", "middlename"))
        if part
    )
    certificate = " ".join(
        part for part in (_clean(info.get("issuercn")), _clean(info.get("serial"))) if part
    )
    return Identity(
        full_name=name,
        number=number,
        auth_type=_clean(info.get("auth_type")),
        certificate=certificate[:255],
        email=_clean(info.get("email")).lower(),
    )


def configured_verifier() -> IdGovUa | None:
    """ID.GOV.UA when the portal is registered with it (IDGOVUA_CLIENT_ID), else None."""
    return IdGovUa() if settings.IDGOVUA_CLIENT_ID else None
