import pytest
from _provider_fakes import ALNUM, BASE64, DIGITS, HEX, LOWER, URLSAFE, Fakes

from _util import found
from tiergate.rules import secrets_cloud

fake = Fakes("cloud")
uuid = fake.uuid

MINE = {r.id for r in secrets_cloud.RULES}
_AZ = ALNUM + "_~."
_B32L = "abcdefghijklmnopqrstuvwxyz234567"


def azure_client_secret() -> str:
    return fake(_AZ, 3) + "8Q~" + fake(_AZ, 34)


POSITIVES = [
    ("azure-ad-client-secret", "client_secret={v}\n", azure_client_secret()),
    ("azure-ad-client-secret", "(use the client secret: {v})", azure_client_secret()),
    (
        "azure-storage-account-key",
        "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={v};EndpointSuffix=core.windows.net",
        fake(BASE64, 86) + "==",
    ),
    ("azure-storage-key", 'AZURE_STORAGE_KEY="{v}"', fake(BASE64, 86) + "=="),
    (
        "azure-shared-access-key",
        "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey={v}",
        fake(BASE64, 43) + "=",
    ),
    (
        "azure-sas-token",
        "https://a.blob.core.windows.net/c/f?sv=2022-11-02&sp=r&se=2030-01-01&sig={v}",
        fake(ALNUM, 40) + "%3D",
    ),
    ("azure-devops-pat", "AZDO_PAT={v}", fake(ALNUM, 76) + "AZDO" + fake(ALNUM, 4)),
    ("azure-devops-pat-legacy", "AZURE_DEVOPS_PAT={v}", fake(_B32L, 52)),
    ("azure-cognitive-services-key", "Ocp-Apim-Subscription-Key: {v}", fake(HEX, 32)),
    ("gcp-api-key", 'apiKey: "{v}"', "AIza" + fake(URLSAFE, 35)),
    ("gcp-oauth-client-secret", '"client_secret": "{v}"', "GOCSPX-" + fake(URLSAFE, 28)),
    ("gcp-oauth-access-token", "Bearer {v}", "ya29.a0" + fake(URLSAFE, 150)),
    ("gcp-oauth-refresh-token", '"refresh_token": "{v}"', "1//0" + fake(URLSAFE, 100)),
    ("alibaba-access-key-id", 'alibabaKey := "{v}"', "LTAI" + fake(LOWER, 20)),
    ("alibaba-secret-key", "ALIBABA_CLOUD_ACCESS_KEY_SECRET={v}", fake(ALNUM, 30)),
    ("ibm-cloud-iam-key", "IBM_CLOUD_API_KEY={v}", fake(URLSAFE, 44)),
    ("ibm-cos-hmac-secret", '"secret_access_key": "{v}"', fake(HEX, 48)),
    ("ibm-cos-hmac-access-key-id", "[\"access_key_id\"] = '{v}'", fake(HEX, 32)),
    ("cloudant-password", "cloudant_password='{v}'", fake(HEX, 64)),
    ("cloudant-url-credentials", "https://acct:{v}@acct.cloudant.com/db", fake(HEX, 64)),
    ("cloudflare-api-key", "CLOUDFLARE_API_TOKEN: {v}", fake(URLSAFE, 40)),
    ("cloudflare-global-api-key", "cloudflare_global_api_key = {v}", fake(HEX, 37)),
    (
        "cloudflare-origin-ca-key",
        "CLOUDFLARE_ORIGIN_CA: {v}",
        f"v1.0-{fake(HEX, 24)}-{fake(HEX, 146)}",
    ),
    ("digitalocean-pat", "DIGITALOCEAN_TOKEN={v}", "dop_v1_" + fake(HEX, 64)),
    ("digitalocean-access-token", "token: {v}", "doo_v1_" + fake(HEX, 64)),
    ("digitalocean-refresh-token", "refresh: {v}", "dor_v1_" + fake(HEX, 64)),
    ("databricks-api-token", "token = {v}", "dapi" + fake(HEX, 32) + "-2"),
    ("databricks-oauth-secret", "client_secret = {v}", "dose" + fake(HEX, 32)),
    ("heroku-api-key", "HEROKU_API_KEY={v}", uuid()),
    ("heroku-api-key-v2", 'API_Key = "{v}"', "HRKU-AA" + fake(URLSAFE, 58)),
    ("tencent-cloud-secret-id", "SecretId: {v}", "AKID" + fake(ALNUM, 32)),
    ("tencent-cloud-secret-key", "TENCENTCLOUD_SECRET_KEY={v}", fake(ALNUM, 32)),
    (
        "scaleway-access-key",
        "SCW_ACCESS_KEY={v}",
        "SCW" + fake("ABCDEFGHJKMNPQRSTVWXYZ0123456789", 17),
    ),
    ("scaleway-secret-key", "SCW_SECRET_KEY={v}", uuid()),
    ("hetzner-cloud-api-token", "HCLOUD_TOKEN={v}", fake(ALNUM, 64)),
    ("linode-api-token", "LINODE_TOKEN={v}", fake(HEX, 64)),
    ("vultr-api-key", "VULTR_API_KEY={v}", fake("ABCDEFGHIJKLMNOPQRSTUVWXYZ" + DIGITS, 36)),
    ("ovh-api-secret", "OVH_APPLICATION_SECRET={v}", fake(ALNUM, 32)),
]


@pytest.mark.parametrize(("detector", "template", "value"), POSITIVES)
def test_finds(detector: str, template: str, value: str) -> None:
    assert (detector, value) in found(template.format(v=value), "SECRET")


@pytest.mark.parametrize(
    "text",
    [
        "~" * 40,
        ".ui.visible.right.sidebar~.ui.visible.left.sidebar~.pusher{transform:none}",
        "client_secret=bP88Q~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "https://p3.example-cdn.test/tos/6a9e704af49b4380bb686f0c96d33b81~tplv-k3u1fbpf.image",
        "https://x.test/page?id=2&sig=" + fake(ALNUM, 44),  # no sv=: not a SAS token
        "AIzaSyabcdefghijklmnopqrstuvwxyz1234567",  # hand-typed filler
        'apiKey: "AIzaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"',
        "AIZASYCO2CXRMC9ELSKLHLHRMBSWDEVEDZTLO2O",  # wrong case
        "AIza" + fake(URLSAFE, 45),  # too long
        "ibm-cloud-pwd = shorter-version",
        "ibm_iam_key:= " + fake(URLSAFE, 44) + "extra",
        "id = " + fake(HEX, 32),
        '"secret_access_key": "' + fake(HEX, 48) + 'extra"',
        "https://acct:" + fake(HEX, 64) + ".cloudant.com",
        'cloudant_password = "a-fake-tooshort-key"',
        "DATABRICKS_TOKEN=dapi123456789012345678a9bc01234defg5",
        "dop_v1_" + fake(HEX, 60),
        "heroku_api_key = 00000000-0000-0000-0000-000000000000",
    ],
)
def test_ignores(text: str) -> None:
    assert [d for d, _ in found(text, "SECRET") if d in MINE] == []
