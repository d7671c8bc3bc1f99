"""Cloud provider credentials other than AWS: Azure, Google Cloud, Alibaba, IBM Cloud and
Cloudant, Cloudflare, DigitalOcean, Databricks, Heroku, Tencent, Scaleway, Hetzner, Linode,
Vultr and OVH.
"""

from __future__ import annotations

from dataclasses import dataclass

from tiergate.detect.document import Document
from tiergate.detect.filters import SECRET_FILTERS
from tiergate.detect.rule import Rule
from tiergate.findings import Category, Finding
from tiergate.rules._provider_kit import (
    ID_NAMES,
    UUID,
    assigned_pattern,
    has_filler_run,
    keyed,
    prefixed,
)


@dataclass(frozen=True, eq=False)
class SasSignatureRule(Rule):
    """The ``sig=`` of a shared access signature: kept only when the same token also has
    the ``sv=`` (signed version) field that every Azure SAS carries."""

    def judge(self, doc: Document, start: int, end: int) -> Finding | None:
        lo, hi = doc.line_bounds(start, limit=_SAS_SPAN)
        if doc.data.find(b"sv=", lo, hi) < 0:
            return None
        return super().judge(doc, start, end)


_SAS_SPAN = 600
_B64_88 = r"[A-Za-z0-9+/]{86}=="

RULES = [
    # ---- Microsoft Azure -------------------------------------------------------------------
    prefixed(
        "azure-ad-client-secret",
        "API_KEY",
        ("q~",),
        r"(?:^|[^A-Za-z0-9_~.\-])(?P<v>[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.\-]{31,34})(?:[^A-Za-z0-9_~.\-]|$)",
        "Microsoft Entra ID (Azure AD) application client secret",
        score=0.9,
        min_entropy=3.5,
    ),
    prefixed(
        "azure-storage-account-key",
        "API_KEY",
        ("accountkey=",),
        rf"(?i:AccountKey)=(?P<v>{_B64_88})",
        "Azure Storage account key",
        score=0.95,
    ),
    keyed(
        "azure-storage-key",
        "API_KEY",
        (
            "azure_storage",
            "azurestorage",
            "storage_account_key",
            "storageaccountkey",
            "account_key",
            "cosmos",
            "documentdb",
        ),
        _B64_88,
        "Azure Storage or Cosmos DB key in a setting",
        score=0.9,
    ),
    prefixed(
        "azure-shared-access-key",
        "API_KEY",
        ("sharedaccesskey=",),
        r"(?i:SharedAccessKey)=(?P<v>[A-Za-z0-9+/]{43}=)",
        "Azure Service Bus / Event Hubs / IoT Hub shared access key",
        score=0.95,
    ),
    SasSignatureRule(
        id="azure-sas-token",
        type="TOKEN",
        category=Category.SECRET,
        pattern=r"[?&;]sig=(?P<v>[A-Za-z0-9%+/]{30,160}={0,2})",
        keywords=("sig=",),
        score=0.85,
        note="Azure shared access signature (the sig= of a SAS URL or token)",
    ),
    prefixed(
        "azure-devops-pat",
        "TOKEN",
        ("azdo",),
        r"[A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4}",
        "Azure DevOps personal access token",
        score=0.95,
    ),
    keyed(
        "azure-devops-pat-legacy",
        "TOKEN",
        (
            "azure_devops",
            "azuredevops",
            "azure-devops",
            "ado_pat",
            "ado_token",
            "vsts",
            "devops_pat",
            "devops_token",
            "azdo",
        ),
        r"[a-z2-7]{52}",
        "Azure DevOps personal access token (52 base32 characters)",
    ),
    keyed(
        "azure-cognitive-services-key",
        "API_KEY",
        (
            "ocp-apim-subscription-key",
            "azure_openai",
            "azureopenai",
            "azure_ai",
            "azure_api_key",
            "cognitive_services",
            "cognitiveservices",
            "azure_speech",
            "azure_translator",
        ),
        r"[a-fA-F0-9]{32}|[A-Za-z0-9]{84}",
        "Azure AI services / OpenAI / API Management key",
        score=0.85,
    ),
    # ---- Google Cloud ------------------------------------------------------------------------
    prefixed(
        "gcp-api-key",
        "API_KEY",
        ("aiza",),
        r"AIza[\w\-]{35}",
        "Google API key (Google Cloud, Maps, Gemini, Firebase)",
        min_entropy=3.5,
        filters=(*SECRET_FILTERS, has_filler_run),
    ),
    prefixed(
        "gcp-oauth-client-secret",
        "API_KEY",
        ("gocspx-",),
        r"GOCSPX-[A-Za-z0-9_\-]{28}",
        "Google OAuth client secret",
        score=0.95,
    ),
    prefixed(
        "gcp-oauth-access-token",
        "TOKEN",
        ("ya29.",),
        r"ya29\.[A-Za-z0-9_\-]{30,}",
        "Google OAuth 2.0 access token",
        min_entropy=3.5,
        max_len=2500,
    ),
    prefixed(
        "gcp-oauth-refresh-token",
        "TOKEN",
        ("1//0",),
        r"1//0[A-Za-z0-9_\-]{40,}",
        "Google OAuth 2.0 refresh token",
        score=0.85,
        min_entropy=3.5,
        max_len=600,
    ),
    # ---- Alibaba Cloud -----------------------------------------------------------------------
    prefixed(
        "alibaba-access-key-id",
        "API_KEY",
        ("ltai",),
        r"LTAI[A-Za-z0-9]{12,28}",
        "Alibaba Cloud AccessKey ID",
        score=0.8,
        min_entropy=3.0,
    ),
    keyed(
        "alibaba-secret-key",
        "API_KEY",
        ("alibaba", "aliyun", "accesskeysecret", "access_key_secret"),
        r"[A-Za-z0-9]{30}",
        "Alibaba Cloud AccessKey secret",
    ),
    # ---- IBM Cloud and Cloudant ------------------------------------------------------------
    keyed(
        "ibm-cloud-iam-key",
        "API_KEY",
        (
            "ibm",
            "iam_",
            "iam-",
            "cloud_api",
            "cloud-api",
            "cloud_iam",
            "cloud-iam",
            "cloudiam",
            "cloudapi",
            "apikey",
        ),
        r"[A-Za-z0-9_\-]{44}",
        "IBM Cloud IAM API key",
    ),
    keyed(
        "ibm-cos-hmac-secret",
        "API_KEY",
        (
            "secret_access_key",
            "secret-access-key",
            "secretaccesskey",
            "secret_key",
            "secret-key",
            "secretkey",
        ),
        r"[a-fA-F0-9]{48}",
        "IBM Cloud Object Storage HMAC secret access key",
        score=0.8,
    ),
    keyed(
        "ibm-cos-hmac-access-key-id",
        "API_KEY",
        (
            "access_key_id",
            "access-key-id",
            "accesskeyid",
            "access_id",
            "access-id",
            "access_key",
            "access-key",
            "key_id",
            "key-id",
        ),
        r"[a-f0-9]{32}",
        "IBM Cloud Object Storage HMAC access key ID",
        score=0.6,
    ),
    Rule(
        id="cloudant-password",
        type="PASSWORD",
        category=Category.SECRET,
        pattern=assigned_pattern(
            r"(?:^|[^A-Za-z])(?i:cloudant|clou|cl)[_\-]?(?i:api)?[_\-]?(?i:key|pwd|pw|password|pass|token)\b",
            r"[0-9a-f]{64}|[a-z]{24}",
            tail=r"[\w.\- \t]{0,4}",
        ),
        keywords=("cloudant", "clou_", "clou-", "cl_", "cl-"),
        min_entropy=3.0,
        score=0.8,
        note="IBM Cloudant password or API key",
    ),
    prefixed(
        "cloudant-url-credentials",
        "PASSWORD",
        ("cloudant.com",),
        r"https?://[\w\-]+:(?P<v>[0-9a-f]{64}|[a-z]{24})@[\w\-]+\.cloudant\.com",
        "IBM Cloudant credentials in a URL",
        min_entropy=3.0,
    ),
    # ---- Cloudflare --------------------------------------------------------------------------
    keyed(
        "cloudflare-api-key",
        "API_KEY",
        ("cloudflare", "cf_api"),
        r"[A-Za-z0-9_\-]{40}",
        "Cloudflare API token",
    ),
    keyed(
        "cloudflare-global-api-key",
        "API_KEY",
        ("cloudflare", "cf_api"),
        r"[a-f0-9]{37}",
        "Cloudflare global API key",
    ),
    prefixed(
        "cloudflare-origin-ca-key",
        "API_KEY",
        ("v1.0-",),
        r"v1\.0-[a-f0-9]{24}-[a-f0-9]{146}",
        "Cloudflare Origin CA key",
        score=0.95,
    ),
    # ---- DigitalOcean, Databricks, Heroku ------------------------------------------------
    prefixed(
        "digitalocean-pat",
        "TOKEN",
        ("dop_v1_",),
        r"dop_v1_[a-f0-9]{64}",
        "DigitalOcean personal access token",
        score=0.95,
    ),
    prefixed(
        "digitalocean-access-token",
        "TOKEN",
        ("doo_v1_",),
        r"doo_v1_[a-f0-9]{64}",
        "DigitalOcean OAuth access token",
        score=0.95,
    ),
    prefixed(
        "digitalocean-refresh-token",
        "TOKEN",
        ("dor_v1_",),
        r"dor_v1_[a-f0-9]{64}",
        "DigitalOcean OAuth refresh token",
        score=0.95,
    ),
    prefixed(
        "databricks-api-token",
        "TOKEN",
        ("dapi",),
        r"dapi[a-f0-9]{32}(?:-\d)?",
        "Databricks personal access token",
        min_entropy=3.0,
    ),
    prefixed(
        "databricks-oauth-secret",
        "API_KEY",
        ("dose",),
        r"dose[a-f0-9]{32}",
        "Databricks OAuth client secret",
        score=0.8,
        min_entropy=3.0,
    ),
    keyed("heroku-api-key", "API_KEY", ("heroku",), UUID, "Heroku API key", skip_names=ID_NAMES),
    prefixed(
        "heroku-api-key-v2",
        "API_KEY",
        ("hrku-aa",),
        r"HRKU-AA[0-9A-Za-z_\-]{58}",
        "Heroku API key",
        score=0.95,
    ),
    # ---- other clouds ------------------------------------------------------------------------
    prefixed(
        "tencent-cloud-secret-id",
        "API_KEY",
        ("akid",),
        r"AKID[A-Za-z0-9]{32}",
        "Tencent Cloud SecretId",
        score=0.85,
        min_entropy=3.5,
    ),
    keyed(
        "tencent-cloud-secret-key",
        "API_KEY",
        ("tencent", "qcloud", "tccli"),
        r"[A-Za-z0-9]{32}",
        "Tencent Cloud SecretKey",
    ),
    prefixed(
        "scaleway-access-key",
        "API_KEY",
        ("scw",),
        r"SCW[A-Z0-9]{17}",
        "Scaleway access key ID",
        score=0.8,
        min_entropy=3.0,
    ),
    keyed(
        "scaleway-secret-key",
        "API_KEY",
        ("scaleway", "scw_secret"),
        UUID,
        "Scaleway secret key",
        skip_names=ID_NAMES,
    ),
    keyed(
        "hetzner-cloud-api-token",
        "TOKEN",
        ("hcloud", "hetzner"),
        r"[A-Za-z0-9]{64}",
        "Hetzner Cloud API token",
    ),
    keyed("linode-api-token", "TOKEN", ("linode",), r"[a-f0-9]{64}", "Linode / Akamai API token"),
    keyed("vultr-api-key", "API_KEY", ("vultr",), r"[A-Z0-9]{36}", "Vultr API key"),
    keyed(
        "ovh-api-secret",
        "API_KEY",
        ("ovh_",),
        r"[A-Za-z0-9]{32}",
        "OVHcloud application secret or consumer key",
    ),
]
