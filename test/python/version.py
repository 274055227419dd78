# VersionApi().get_code(): GET /version/ (with the trailing slash).
from kubernetes import client

from common import api_client, report

info = client.VersionApi(api_client()).get_code()
report({"gitVersion": info.git_version, "major": info.major, "minor": info.minor, "platform": info.platform})
